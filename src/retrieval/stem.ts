// The one stemmer: Porter (the `stemmer` package, the same stems as SQLite FTS5's `porter` tokenizer on all 17,888 words
// of the guideline index and all 274,137 of the English word list), after English irregular plurals, which Porter leaves
// apart ("children" / "child", "feet" / "foot"). Unrelated words stay apart (insulin / insulinoma, psychosis /
// psychosocial). Everything that compares words in this process (unit search, reranker, evidence and case fit) uses it;
// only lookups in FTS5's own vocabulary use `ftsStem`, which is exactly what the index stored.
import { stemmer } from 'stemmer';

const IRREGULAR_PLURALS: Record<string, string> = {
  feet: 'foot',
  teeth: 'tooth',
  children: 'child',
  women: 'woman',
  men: 'man',
  mice: 'mouse',
  people: 'person',
};

export const STEM_CACHE_SETTINGS = {
  /** Words whose stems are kept (each stemmer); past this the cache starts again. The library uses about 18,000 words. */
  entries: 200_000,
};
const cache = new Map<string, string>();

/** Memoised: passages repeat the same few thousand words. */
export function stem(token: string): string {
  let s = cache.get(token);
  if (s === undefined) {
    s = stemmer(IRREGULAR_PLURALS[token] ?? token);
    if (cache.size > STEM_CACHE_SETTINGS.entries) cache.clear();
    cache.set(token, s);
  }
  return s;
}

const ftsCache = new Map<string, string>();

/**
 * The stem FTS5's `porter` tokenizer stored for a token: for reading its vocabulary (document frequencies). Memoised as
 * `stem` is: a pasted vignette's query terms are stemmed again at every comparison of the sort by rarity.
 */
export function ftsStem(token: string): string {
  let s = ftsCache.get(token);
  if (s === undefined) {
    s = stemmer(token);
    if (ftsCache.size > STEM_CACHE_SETTINGS.entries) ftsCache.clear();
    ftsCache.set(token, s);
  }
  return s;
}
