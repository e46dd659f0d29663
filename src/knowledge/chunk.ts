// Structure-aware chunking: a chunk never crosses a heading (section) or a block marked as a boundary (e.g. the start
// of a recommendation's discussion); paragraphs are packed up to ~1,000 characters; an oversized paragraph is cut at
// sentence ends with a short overlap, and only a sentence longer than the limit is cut at a word.

export interface Block {
  text: string;
  /** 1-based page where the block starts; null for non-paginated sources. */
  page: number | null;
  /** Heading path, outermost first, joined with " > ". */
  section: string | null;
  /** Start a new chunk at this block even within the same section. */
  boundary?: boolean;
}

export interface Chunk {
  text: string;
  page: number | null;
  section: string | null;
}

export interface ChunkOptions {
  /** Preferred chunk size in characters. */
  target: number;
  /** Hard ceiling; only a single unbreakable word can exceed it. */
  max: number;
  /** Characters of trailing context repeated at the start of the next piece of a split paragraph. */
  overlap: number;
  /** A last piece shorter than this is merged into the previous chunk of the same section when it fits under `max`. */
  min: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { target: 1000, max: 1500, overlap: 150, min: 200 };

// Abbreviations whose period does not end a sentence (clinical and bibliographic text is full of them).
// Abbreviations whose period does not end a sentence (clinical and bibliographic text is full of them). Units
// ("mg.") are left out: they end sentences far more often than they abbreviate.
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'vs',
  'al',
  'approx',
  'dr',
  'mr',
  'mrs',
  'ms',
  'no',
  'nos',
  'fig',
  'figs',
  'ref',
  'refs',
  'vol',
  'pp',
  'p',
  'ed',
  'eds',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'st',
  'inc',
  'co',
  'corp',
  'dept',
  'cf',
  'incl',
  'ca',
]);

/**
 * The word a final '.' ends ("e.g." -> "e.g", "Smith J." -> "j"), lower-cased, or '' when there is none. A walk back over
 * the last run of letters and dots: the regex it replaces, /([A-Za-z][A-Za-z.]*)\.$/, retried from every letter of a long
 * run (a 100 kB line of letters before "1.") and took a minute for one file.
 */
function wordBeforeStop(before: string): string {
  if (!before.endsWith('.')) return '';
  let start = before.length - 1;
  while (start > 0 && /[A-Za-z.]/.test(before[start - 1]!)) start--;
  const run = before.slice(start, -1);
  const first = run.search(/[A-Za-z]/);
  return first < 0 ? '' : run.slice(first).toLowerCase();
}

/** Splits prose into sentences, keeping abbreviations, decimals and initials inside their sentence. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const re = /[.!?]["”')\]]*(?:\[\d[\d,\s–-]*\]|\(\d[\d,\s–-]*\))?\s+(?=["“([]?[A-Z0-9•])/g;
  let start = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) {
    const end = match.index + match[0].length;
    const before = text.slice(start, match.index + 1);
    const lastWord = wordBeforeStop(before);
    // "Smith J." / "A." initials and known abbreviations do not end a sentence.
    if (ABBREVIATIONS.has(lastWord) || /^[a-z]$/i.test(lastWord)) continue;
    sentences.push(text.slice(start, end).trim());
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** Cuts one paragraph longer than `max` into pieces at sentence ends, each piece starting with a short overlap. */
function splitLong(text: string, o: ChunkOptions): string[] {
  const units: string[] = [];
  for (const sentence of splitSentences(text)) {
    if (sentence.length <= o.max) units.push(sentence);
    else units.push(...splitWords(sentence, o.target));
  }
  const pieces: string[] = [];
  let current = '';
  for (const unit of units) {
    if (current && current.length + 1 + unit.length > o.target) {
      pieces.push(current);
      const tail = overlapTail(current, o.overlap);
      current = tail && tail.length + 1 + unit.length <= o.max ? `${tail} ${unit}` : unit;
    } else current = current ? `${current} ${unit}` : unit;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The last whole sentence(s) of `text` that fit in `limit` characters; empty when even one does not. */
function overlapTail(text: string, limit: number): string {
  const sentences = splitSentences(text);
  let tail = '';
  for (let i = sentences.length - 1; i > 0; i--) {
    const candidate = tail ? `${sentences[i]} ${tail}` : sentences[i]!;
    if (candidate.length > limit) break;
    tail = candidate;
  }
  return tail;
}

function splitWords(text: string, size: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > size) {
      pieces.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) pieces.push(current);
  return pieces;
}

export function chunkBlocks(blocks: Block[], options: Partial<ChunkOptions> = {}): Chunk[] {
  const o = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  const chunks: Chunk[] = [];
  let current: Chunk | null = null;
  let currentStarted = 0; // index in `chunks` where the current section's chunks begin

  const flush = () => {
    if (!current) return;
    const previous = chunks.at(-1);
    // A short tail joins the previous chunk of the same section instead of standing alone.
    if (
      previous &&
      chunks.length > currentStarted &&
      previous.section === current.section &&
      current.text.length < o.min &&
      previous.text.length + 1 + current.text.length <= o.max
    ) {
      previous.text = `${previous.text}\n${current.text}`;
    } else chunks.push(current);
    current = null;
  };

  let lastSection: string | null | undefined;
  for (const block of blocks) {
    const text = block.text.trim();
    if (!text) continue;
    if (block.section !== lastSection || block.boundary) {
      flush();
      currentStarted = chunks.length;
      lastSection = block.section;
    }
    const pieces = text.length > o.max ? splitLong(text, o) : [text];
    for (const piece of pieces) {
      if (current) {
        const c: Chunk = current;
        const fits = c.text.length + 1 + piece.length <= o.target;
        // Crossing to a new page starts a new chunk once the current one is substantial, so "p. N" stays precise.
        const pageTurn = block.page !== c.page && c.text.length >= o.target * 0.6;
        if (fits && !pageTurn) {
          c.text = `${c.text}\n${piece}`;
          continue;
        }
        flush();
      }
      current = { text: piece, page: block.page, section: block.section };
    }
  }
  flush();
  return chunks;
}
