// A read-only word list as one block of memory: the distinct words sorted (JavaScript string order), their characters
// end to end (one byte each when every character fits, else UTF-16 code units), the start of each word in an
// Int32Array, optionally a number per word, and an open-addressing hash table of word positions, so a lookup costs
// about what a Set's does (a binary search alone was 8x slower, +3% CPU per turn). The buffers are SharedArrayBuffers, so
// the main thread builds a list once and every answer thread reads that one copy (`WordTable.from(table.data)`): a
// JavaScript Set of the same words costs each thread about ten times the memory (issue #19).

/** The buffers of a built table, as passed to another thread (workerData shares SharedArrayBuffers, never copies). */
export interface WordTableData {
  /** Characters of all words, end to end; `wide`: UTF-16 code units (2 bytes each), else one byte each (latin1). */
  chars: SharedArrayBuffer;
  wide: boolean;
  /** Int32 start of word i in `chars` (in characters); one more entry than words, the end of the last. */
  starts: SharedArrayBuffer;
  /** Int32 value of word i, when the table was built with values. */
  values: SharedArrayBuffer | null;
  /** Int32 hash slots (a power of two, at least twice the words): word position + 1, 0 = empty; linear probing. */
  slots: SharedArrayBuffer;
}

/** FNV-1a over UTF-16 code units. */
function hash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class WordTable {
  private readonly chars: Uint8Array | Uint16Array;
  private readonly starts: Int32Array;
  private readonly values: Int32Array | null;
  private readonly slots: Int32Array;

  private constructor(readonly data: WordTableData) {
    this.chars = data.wide ? new Uint16Array(data.chars) : new Uint8Array(data.chars);
    this.starts = new Int32Array(data.starts);
    this.values = data.values ? new Int32Array(data.values) : null;
    this.slots = new Int32Array(data.slots);
  }

  /** A table over another thread's buffers. */
  static from(data: WordTableData): WordTable {
    return new WordTable(data);
  }

  /** The words, duplicates dropped. */
  static build(words: Iterable<string>): WordTable {
    return WordTable.make([...new Set(words)].sort(), null);
  }

  /** The map's words, each with its number (`get`). */
  static withValues(map: ReadonlyMap<string, number>): WordTable {
    return WordTable.make([...map.keys()].sort(), map);
  }

  private static make(sorted: string[], valueOf: ReadonlyMap<string, number> | null): WordTable {
    let length = 0;
    let wide = false;
    for (const w of sorted) {
      length += w.length;
      for (let i = 0; i < w.length && !wide; i++) wide = w.charCodeAt(i) > 0xff;
    }
    let size = 2;
    while (size < 2 * sorted.length) size *= 2;
    const data: WordTableData = {
      chars: new SharedArrayBuffer(length * (wide ? 2 : 1)),
      wide,
      starts: new SharedArrayBuffer(4 * (sorted.length + 1)),
      values: valueOf ? new SharedArrayBuffer(4 * sorted.length) : null,
      slots: new SharedArrayBuffer(4 * size),
    };
    const chars = wide ? new Uint16Array(data.chars) : new Uint8Array(data.chars);
    const starts = new Int32Array(data.starts);
    const values = data.values ? new Int32Array(data.values) : null;
    const slots = new Int32Array(data.slots);
    let at = 0;
    sorted.forEach((w, k) => {
      starts[k] = at;
      for (let i = 0; i < w.length; i++) chars[at++] = w.charCodeAt(i);
      if (values) values[k] = valueOf!.get(w)!;
      let slot = hash(w) & (size - 1);
      while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      slots[slot] = k + 1;
    });
    starts[sorted.length] = at;
    return new WordTable(data);
  }

  get size(): number {
    return this.starts.length - 1;
  }

  has(word: string): boolean {
    return this.find(word) >= 0;
  }

  /** The word's value, or undefined when the word is not in the table (or the table has no values). */
  get(word: string): number | undefined {
    const at = this.find(word);
    return at >= 0 && this.values ? this.values[at] : undefined;
  }

  /** Whether some word of the table starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const at = this.lowerBound(prefix);
    if (at >= this.size) return false;
    const start = this.starts[at]!;
    if (this.starts[at + 1]! - start < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) if (this.chars[start + i] !== prefix.charCodeAt(i)) return false;
    return true;
  }

  /** Position of the word, or -1. */
  private find(word: string): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(word) & mask; ; slot = (slot + 1) & mask) {
      const at = this.slots[slot]! - 1;
      if (at < 0) return -1;
      if (this.equals(at, word)) return at;
    }
  }

  private equals(at: number, word: string): boolean {
    const start = this.starts[at]!;
    if (this.starts[at + 1]! - start !== word.length) return false;
    for (let i = 0; i < word.length; i++) if (this.chars[start + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  /** The first position whose word is not below `word` (in JavaScript string order, as the words were sorted). */
  private lowerBound(word: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(mid, word) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The word at `at` against `word`, by UTF-16 code units: negative, 0 or positive. */
  private compare(at: number, word: string): number {
    const start = this.starts[at]!;
    const length = this.starts[at + 1]! - start;
    const n = Math.min(length, word.length);
    for (let i = 0; i < n; i++) {
      const d = this.chars[start + i]! - word.charCodeAt(i);
      if (d !== 0) return d;
    }
    return length - word.length;
  }
}
