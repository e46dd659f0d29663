// The Porter stemmer, as SQLite's FTS5 `porter` tokenizer applies it, so the reranker can tell which query terms a
// candidate passage contains with the same notion of "same word" as the index (treat, treats, treated). The `stemmer`
// package gives the same stem as the hand-written one it replaced on all 17,888 words of the guideline index and all
// 274,137 of the English word list.
import { stemmer } from 'stemmer';

const cache = new Map<string, string>();

/** Memoised: passages repeat the same few thousand words. */
export function stem(token: string): string {
  let s = cache.get(token);
  if (s === undefined) {
    s = stemmer(token);
    if (cache.size > 200_000) cache.clear();
    cache.set(token, s);
  }
  return s;
}
