import { describe, expect, it } from 'vitest';
import { WordTable } from '../../src/retrieval/word-table.js';

describe('WordTable', () => {
  const words = ['zebra', 'apple', 'app', 'sjögren', 'naïve', 'apple', '', 'b', 'ménière', '日本'];

  it('answers membership as a Set of the same words does', () => {
    const table = WordTable.build(words);
    const set = new Set(words);
    for (const w of [...words, 'ap', 'apples', 'zebr', 'sjogren', '日', 'c', 'Apple'])
      expect(table.has(w), w).toBe(set.has(w));
    expect(table.size).toBe(set.size);
  });

  it('keeps a number per word, and finds prefixes', () => {
    const table = WordTable.withValues(
      new Map([
        ['smith', 0],
        ['jones', 4],
        ['lee', 20],
      ]),
    );
    expect(table.get('jones')).toBe(4);
    expect(table.get('smith')).toBe(0);
    expect(table.get('brown')).toBeUndefined();
    expect(table.hasPrefix('jo')).toBe(true);
    expect(table.hasPrefix('lee')).toBe(true);
    expect(table.hasPrefix('leex')).toBe(false);
    expect(table.hasPrefix('a')).toBe(false);
  });

  it('reads the same buffers from another table object (as an answer thread does)', () => {
    const table = WordTable.build(['one', 'two']);
    const copy = WordTable.from(table.data);
    expect(table.data.chars).toBeInstanceOf(SharedArrayBuffer);
    expect(copy.has('two') && !copy.has('three')).toBe(true);
  });
});
