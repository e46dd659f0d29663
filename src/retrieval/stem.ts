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
/** A stemmer remembered per word: passages repeat the same few thousand words, and sorts stem the same terms again. */
function memoised(stemOf: (token: string) => string): (token: string) => string {
  const cache = new Map<string, string>();
  return (token) => {
    let s = cache.get(token);
    if (s === undefined) {
      s = stemOf(token);
      if (cache.size > STEM_CACHE_SETTINGS.entries) cache.clear();
      cache.set(token, s);
    }
    return s;
  };
}

/** The stem every word comparison in this process uses. */
export const stem = memoised((token) => stemmer(IRREGULAR_PLURALS[token] ?? token));

/** The stem FTS5's `porter` tokenizer stored for a token: for reading its vocabulary (document frequencies). */
export const ftsStem = memoised(stemmer);
