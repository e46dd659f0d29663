// Administering the library, once for every door (CLI, admin HTTP API): add a document (copied into the library folder,
// described in that folder's index.json, ingested incrementally), retire one, choose sets, map teams to sets, compare
// editions. Doors authenticate, audit and render; the rules live here.
import fs from 'node:fs';
import path from 'node:path';
import { ingestPaths, type IngestReport } from '../knowledge/ingest.js';
import { SUPPORTED_EXTENSIONS } from '../knowledge/parse.js';
import { sha256File } from '../knowledge/files.js';
import { diffEditions, type EditionDiff } from './edition-diff.js';
import { compareEditions, familyOf, normaliseSets, type LibraryEntry, type ScopeKind } from './library.js';
import type { PassageStore } from './store.js';

/** A request the library cannot carry out as asked (unknown document, bad file): its message says what to do. */
export class LibraryRequestError extends Error {}

export interface AddOptions {
  sets?: string[];
  title?: string;
  family?: string;
  edition?: string;
  published?: string;
  evidenceThrough?: string;
  /** Marks the document as the organisation's own protocol, cited "Local protocol: <organisation>, <date>". */
  organisation?: string;
}

export interface AddResult {
  entry: LibraryEntry;
  /** Editions of the same family this one replaced. */
  superseded: LibraryEntry[];
  report: IngestReport;
}

/** index.json entries as written by `library add` (and read by the parser). */
interface SidecarEntry {
  file: string;
  [field: string]: unknown;
}

/**
 * Copies `file` into the library folder, describes it in the folder's index.json and ingests the library folder with
 * `knowledgeBase` (the guideline folders: incremental, so unchanged files cost nothing, and a first add into a fresh
 * index does not leave the guidelines out of it).
 */
export async function addToLibrary(
  store: PassageStore,
  libraryDir: string,
  file: string,
  options: AddOptions = {},
  knowledgeBase: readonly string[] = [],
): Promise<AddResult> {
  const source = path.resolve(file);
  const stat = fs.statSync(source, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new LibraryRequestError(`no such file: ${file}`);
  const ext = path.extname(source).toLowerCase();
  if (!SUPPORTED_EXTENSIONS.includes(ext)) {
    throw new LibraryRequestError(
      `unsupported file type "${ext || '(none)'}" (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`,
    );
  }
  const name = path.basename(source);
  if (name === 'index.json')
    throw new LibraryRequestError("index.json is the library folder's own description; add a document instead");
  fs.mkdirSync(libraryDir, { recursive: true });
  const target = path.join(libraryDir, name);
  const exists = fs.existsSync(target);
  // A second edition is a second file: replacing a document in place would lose the edition it supersedes.
  if (exists && path.resolve(target) !== source && sha256File(target) !== sha256File(source)) {
    throw new LibraryRequestError(
      `the library already holds a different file named ${name}: give the new edition its own file name`,
    );
  }
  if (!exists) fs.copyFileSync(source, target);
  const sidecar = readSidecar(libraryDir).filter((e) => e.file !== name);
  const described: SidecarEntry = {
    file: name,
    ...(options.title ? { title: options.title } : {}),
    ...(options.family ? { family: options.family } : {}),
    ...(options.edition ? { edition: options.edition, version: options.edition } : {}),
    ...(options.published ? { published: options.published } : {}),
    ...(options.evidenceThrough ? { evidence_through: options.evidenceThrough } : {}),
    ...(options.organisation ? { local: true, organisation: options.organisation } : {}),
    sets: normaliseSets(options.sets?.length ? options.sets : ['all']),
  };
  writeSidecar(libraryDir, [...sidecar, described]);
  const report = await ingestPaths(store, [
    ...knowledgeBase.filter((p) => path.resolve(p) !== path.resolve(libraryDir)),
    libraryDir,
  ]);
  const failed = report.failed.find((f) => path.resolve(f.file) === path.resolve(target));
  if (failed) {
    // Nothing half-added: the copy and its description go, the index is as before.
    if (!exists) fs.rmSync(target, { force: true });
    writeSidecar(libraryDir, sidecar);
    throw new LibraryRequestError(`${name} could not be read: ${failed.reason}`);
  }
  store.changedLibrary();
  const entry = store.library.entries().find((e) => e.source === target);
  if (!entry) throw new Error(`${name} was ingested but has no library entry`);
  const superseded = store.library.entries().filter((e) => e.supersededBy === entry.docId && e.family === entry.family);
  return { entry, superseded, report };
}

function readSidecar(dir: string): SidecarEntry[] {
  const file = path.join(dir, 'index.json');
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  return Array.isArray(parsed) ? (parsed as SidecarEntry[]) : [];
}

function writeSidecar(dir: string, entries: SidecarEntry[]): void {
  const file = path.join(dir, 'index.json');
  // Written whole, then renamed: a crash never leaves a half-written description of the library.
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(entries, null, 1)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** A document by its id, or by text that names exactly one (part of its id, title or family). */
export function findDocument(store: PassageStore, query: string): LibraryEntry {
  const entries = store.library.entries();
  const exact = entries.find((e) => e.docId === query);
  if (exact) return exact;
  const needle = query.toLowerCase();
  const matches = entries.filter(
    (e) =>
      e.docId.toLowerCase().includes(needle) || e.title.toLowerCase().includes(needle) || e.family.includes(needle),
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    throw new LibraryRequestError(`no document matches "${query}": see \`curbside library list\``);
  throw new LibraryRequestError(
    `"${query}" matches ${matches.length} documents (${matches
      .slice(0, 5)
      .map((m) => m.docId)
      .join(', ')}${matches.length > 5 ? ', ...' : ''}): give its document id`,
  );
}

/** Editions of a family, newest first; the family by its name or by text naming one family (a title word). */
export function familyEditions(store: PassageStore, query: string): LibraryEntry[] {
  const entries = store.library.entries();
  const slug = familyOf(query);
  let family = entries.find((e) => e.family === query || e.family === slug)?.family;
  if (!family) {
    const needle = query.toLowerCase();
    const families = [
      ...new Set(
        entries
          .filter((e) => e.family.includes(slug || needle) || e.title.toLowerCase().includes(needle))
          .map((e) => e.family),
      ),
    ];
    if (families.length === 0)
      throw new LibraryRequestError(`no guideline family matches "${query}": see \`curbside library list\``);
    // Several families named alike: the one with more than one edition is the one a diff is about.
    const withEditions = families.filter((f) => entries.filter((e) => e.family === f).length > 1);
    if (families.length > 1 && withEditions.length !== 1) {
      throw new LibraryRequestError(
        `"${query}" matches ${families.length} families (${families.slice(0, 5).join(', ')}): give the family name`,
      );
    }
    family = withEditions[0] ?? families[0]!;
  }
  return entries.filter((e) => e.family === family).sort(compareEditions);
}

export interface FamilyDiff extends EditionDiff {
  family: string;
  older: LibraryEntry;
  newer: LibraryEntry;
}

/** What changed from `older` to `newer` (default: the current edition against the one it replaced most recently). */
export function diffFamily(store: PassageStore, family: string, older?: string, newer?: string): FamilyDiff {
  const editions = familyEditions(store, family);
  if (editions.length < 2)
    throw new LibraryRequestError(
      `${editions[0]!.family} has one edition in the library (${editions[0]!.docId}): nothing to compare`,
    );
  /** An edition by document id, or by text naming exactly one (part of its id or edition). */
  const pick = (q: string) => {
    const exact = editions.find((e) => e.docId === q);
    if (exact) return exact;
    const found = editions.filter(
      (e) => e.docId.includes(q) || (e.edition ?? '').toLowerCase().includes(q.toLowerCase()),
    );
    if (found.length !== 1)
      throw new LibraryRequestError(
        `"${q}" names ${found.length} editions of ${editions[0]!.family}: give a document id (${editions.map((e) => e.docId).join(', ')})`,
      );
    return found[0]!;
  };
  // Default: the current edition against the newest other one not retired (editions are newest first).
  const to = newer ? pick(newer) : (editions.find((e) => e.status === 'current') ?? editions[0]!);
  const from = older
    ? pick(older)
    : (editions.find((e) => e !== to && e.status !== 'retired') ?? editions.find((e) => e !== to)!);
  const diff = diffEditions(store.documentPassages(from.docId), store.documentPassages(to.docId));
  return { family: to.family, older: from, newer: to, ...diff };
}

export function retire(store: PassageStore, query: string, retired = true): LibraryEntry {
  const entry = findDocument(store, query);
  store.library.setRetired(entry.docId, retired);
  store.changedLibrary();
  return store.library.entry(entry.docId)!;
}

export function setDocumentSets(store: PassageStore, query: string, sets: string[]): LibraryEntry {
  if (normaliseSets(sets).length === 0)
    throw new LibraryRequestError('name at least one set (--set NAME); "all" makes a document visible to every team');
  const entry = findDocument(store, query);
  store.library.setSets(entry.docId, sets);
  store.changedLibrary();
  return store.library.entry(entry.docId)!;
}

/** Maps a Teams team, channel or user to sets; no sets removes the mapping. */
export function mapScope(store: PassageStore, kind: ScopeKind, id: string, sets: string[]): void {
  if (!id.trim()) throw new LibraryRequestError(`give the ${kind} id`);
  store.library.mapScope(kind, id.trim(), sets);
  store.changedLibrary();
}

/** Every set in use, with its documents' count. */
export function setCounts(entries: readonly LibraryEntry[]): { set: string; documents: number }[] {
  const counts = new Map<string, number>();
  for (const e of entries) for (const s of e.sets) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([set, documents]) => ({ set, documents })).sort((a, b) => a.set.localeCompare(b.set));
}
