// Citation checks: every [n] in an answer must point to a passage that was actually given; numbers are renumbered
// 1..k in order of first use; a recommendation sentence with no citation does not reach the clinician; text shown
// in quotes must be verbatim from the cited passage.
import type { Passage } from '../knowledge/passage.js';
import type { Citation } from './types.js';

export interface CitationCheck {
  /** The answer with only valid, renumbered markers. */
  text: string;
  /** The cited passages in their new order: passage i is [i + 1]. */
  cited: Passage[];
  /** Markers removed because they pointed to no given passage. */
  unknownMarkers: number;
  /** Sentences removed: recommendation-like with no citation, or citing only passages that do not exist. */
  uncitedClaims: number;
  /** Quotations that were not verbatim and lost their quote marks. */
  nonVerbatimQuotes: number;
}

/** "[1, 3]", "[1-3]", "[1][2]" -> the list of numbers, in order. */
function markerNumbers(inner: string): number[] {
  const out: number[] = [];
  for (const part of inner.split(/\s*[,;]\s*/)) {
    const range = /^(\d{1,3})\s*[-–]\s*(\d{1,3})$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b >= a && b - a < 10) for (let n = a; n <= b; n++) out.push(n);
    } else if (/^\d{1,3}$/.test(part)) out.push(Number(part));
  }
  return out;
}

const MARKER = /\[(\d{1,3}(?:\s*[-–,;]\s*\d{1,3})*)\]/g;

/** Numbers of the valid markers in a piece of text, in order of appearance (duplicates kept). */
export function citedNumbers(text: string): number[] {
  return [...text.matchAll(MARKER)].flatMap((m) => markerNumbers(m[1]!));
}

// Sentences that tell a clinician what to do (or state a graded finding) must carry a citation.
const CLAIM =
  /\b(recommend\w*|suggest\w*|should|advis\w*|offer\w*|initiat\w*|start\w*|avoid\w*|consider\w*|first[- ]line|prefer\w*|strong (for|against)|weak (for|against)|grade [abcdi]\b|indicated|contraindicated|target|goal)\b/i;
// A heading is a label ("First-line therapy", "Recommendations") unless it is phrased as advice: a recommending verb
// with a subject ("We recommend metformin") or as an imperative ("Consider an SGLT2 inhibitor"). Advice needs a citation
// wherever the model puts it.
const ADVICE =
  /\b(?:we|you|clinicians?|providers?|patients?|they|it|this)\s+(?:\w+\s+)?(?:recommend|suggest|should|advise|offer|initiate|start|avoid|consider|prefer|use|give|add|prescribe)\w*\b|^(?:recommend|suggest|offer|initiate|start|avoid|consider|prefer|use|give|add|prescribe|switch|stop|increase|decrease|titrate)\b/i;
// Statements that the sources do not cover are honest, not claims.
const NOT_COVERED =
  /\b(do(es)? not (address|cover|answer|mention|say)|not (addressed|covered)|no (recommendation|guidance)|insufficient evidence to recommend|neither for nor against)\b/i;

/**
 * A guideline's own bibliography markers ("reduction.[82]", "[201,203-210]") would read as Curbside citations, so
 * quotes and passages shown to the model leave them out; that is the only change made to the guideline's words.
 */
export function withoutReferenceMarkers(text: string): string {
  return text.replace(/\s?\[\d{1,4}(?:\s*[,;–-]\s*\d{1,4})*\]/g, '');
}

const normalise = (s: string) =>
  withoutReferenceMarkers(s)
    .toLowerCase()
    .replace(/[“”"‘’'…]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

/** Sentences of one line; never splits inside a quotation, so a quoted multi-sentence recommendation stays whole. */
export function splitSentences(line: string): string[] {
  const parts = line.split(/(?<=[.!?](?:\s*\[\d[^\]]*\])*)\s+(?=[A-Z*_"“(])/);
  const out: string[] = [];
  let open = false;
  for (const part of parts) {
    if (open) out[out.length - 1] += ` ${part}`;
    else out.push(part);
    const quotes = (part.match(/["“”]/g) ?? []).length;
    if (quotes % 2 === 1) open = !open;
  }
  return out;
}

export function checkCitations(answer: string, passages: Passage[]): CitationCheck {
  let result = checkOnce(answer, passages);
  // Unquoting a non-verbatim quote can free sentences that were inside it, and removing a marker can join its
  // neighbours into a new one ("[1[0-0]1]" -> "[11]"): check again until nothing changes (bounded).
  for (let pass = 0; pass < 4 && (result.nonVerbatimQuotes > 0 || result.unknownMarkers > 0); pass++) {
    const next = checkOnce(result.text, result.cited);
    if (next.text === result.text) break;
    result = {
      text: next.text,
      cited: next.cited,
      unknownMarkers: result.unknownMarkers + next.unknownMarkers,
      uncitedClaims: result.uncitedClaims + next.uncitedClaims,
      nonVerbatimQuotes: result.nonVerbatimQuotes + next.nonVerbatimQuotes,
    };
  }
  return result;
}

function checkOnce(answer: string, passages: Passage[]): CitationCheck {
  const renumber = new Map<number, number>();
  const cited: Passage[] = [];
  let unknownMarkers = 0;
  let uncitedClaims = 0;
  let nonVerbatimQuotes = 0;

  const outLines: string[] = [];
  // The two control characters below mark validated and removed citations while checking; text that already holds them
  // (a model can be made to write anything) must not be able to forge a validated citation.
  for (const line of answer.replace(/[\u0000\u0001]/g, '').split('\n')) {
    const sentences = splitSentences(line);
    // The line's markdown lead (heading, bullet, quote, list number) stays on the line when its first sentence goes, so
    // what is left is judged the same way by a second check.
    const lead = /^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*|\d{1,3}[.)]\s+)*/.exec(line)![0];
    const kept: string[] = [];
    for (const sentence of sentences) {
      const valid = citedNumbers(sentence).filter((n) => n >= 1 && n <= passages.length);
      const markerCount = [...sentence.matchAll(MARKER)].length;
      let text = sentence
        .replace(MARKER, (_m, inner: string) => {
          const nums = markerNumbers(inner);
          const ok = [...new Set(nums.filter((n) => n >= 1 && n <= passages.length))];
          unknownMarkers += nums.length - ok.length;
          return ok.length ? ok.map((n) => `\u0001${n}\u0001`).join('') : '\u0000';
        })
        .replace(/\s*\u0000/g, '');
      // A sentence whose every citation points nowhere claims a source that does not exist: it goes.
      if (markerCount > 0 && valid.length === 0) {
        uncitedClaims++;
        continue;
      }
      if (markerCount === 0) {
        const stripped = text.replace(/^[\s>*_#-]+|[\s*_]+$/g, '');
        const isLabel = (/^\s*#/.test(line) || /^\*\*[^*]+\*\*:?$/.test(line.trim())) && !ADVICE.test(stripped);
        if (!isLabel && stripped.length > 0 && CLAIM.test(stripped) && !NOT_COVERED.test(stripped)) {
          uncitedClaims++;
          continue;
        }
      }
      // Quotes must be verbatim from one of the passages this sentence cites.
      const sources = valid.map((n) => normalise(passages[n - 1]!.text));
      text = text.replace(/["“]([^"”]{12,})["”]/g, (whole, inner: string) => {
        if (sources.some((src) => src.includes(normalise(inner)))) return whole;
        nonVerbatimQuotes++;
        return inner;
      });
      kept.push(text);
    }
    // A bullet whose every sentence was dropped disappears with its bullet marker.
    if (kept.length === 0 && sentences.some((s) => s.trim())) continue;
    const joined = kept.join(' ');
    outLines.push(lead && !joined.startsWith(lead) ? lead + joined.trimStart() : joined);
  }

  // Renumber in order of first use.
  const text = outLines
    .join('\n')
    .replace(/\u0001(\d+)\u0001/g, (_m, d: string) => {
      const n = Number(d);
      let k = renumber.get(n);
      if (k === undefined) {
        cited.push(passages[n - 1]!);
        k = cited.length;
        renumber.set(n, k);
      }
      return `[${k}]`;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, cited, unknownMarkers, uncitedClaims, nonVerbatimQuotes };
}

const QUOTE_MAX = 320;
/** A recommendation statement is quoted whole up to this length: its qualifying clauses decide whom it is for. */
const STATEMENT_MAX = 700;

function contentTerms(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
}

/**
 * A verbatim quote from the passage: the whole text when short (recommendations usually are, and a statement is
 * never cut before STATEMENT_MAX), otherwise the run of consecutive sentences that shares the most terms with
 * `focus`. A quote that stops inside the text says so with an ellipsis. Apart from the ellipsis, always a substring
 * of the passage text with whitespace normalised and bibliography markers removed.
 */
export function quoteFor(passage: Passage, focus = ''): string {
  const text = withoutReferenceMarkers(passage.text).replace(/\s+/g, ' ').trim();
  const max = passage.kind === 'recommendation' ? STATEMENT_MAX : QUOTE_MAX;
  if (text.length <= max) return text;
  const sentences = text.split(/(?<=[.;:!?])\s+(?=[A-Z0-9(•-])/);
  const terms = contentTerms(focus);
  let best = 0;
  let bestScore = -1;
  sentences.forEach((s, i) => {
    const score = [...contentTerms(s)].filter((t) => terms.has(t)).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  let quote = sentences[best]!;
  let last = best;
  for (let j = best + 1; j < sentences.length && quote.length + sentences[j]!.length + 1 <= max; j++, last++)
    quote += ` ${sentences[j]}`;
  if (quote.length > max) {
    const cut = quote.slice(0, max);
    return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 200)).trimEnd()} …`;
  }
  return best > 0 || last < sentences.length - 1
    ? `${best > 0 ? '… ' : ''}${quote}${last < sentences.length - 1 ? ' …' : ''}`
    : quote;
}

/** Citation records for passages numbered 1..k. */
export function toCitations(cited: Passage[], focus = ''): Citation[] {
  return cited.map((p, i) => ({
    n: i + 1,
    passageId: p.id,
    title: p.title,
    source: p.source,
    docId: p.docId,
    version: p.version,
    year: p.year,
    page: p.page,
    section: p.section,
    recommendation: p.recommendation,
    strength: p.strength,
    quote: quoteFor(p, focus),
  }));
}
