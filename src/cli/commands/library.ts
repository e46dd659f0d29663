// `curbside library list|show|add|retire|sets|diff`: the guideline library (editions, status, sets) from the terminal.
// Changes are written to the audit log (door "cli").
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { openAudit } from '../../ops/stores.js';
import type { LibraryEntry, ScopeKind } from '../../retrieval/library.js';
import {
  addToLibrary,
  diffFamily,
  findDocument,
  LibraryRequestError,
  mapScope,
  retire,
  setCounts,
  setDocumentSets,
  type FamilyDiff,
} from '../../retrieval/library-admin.js';
import { PassageStore } from '../../retrieval/store.js';
import { parseFlags, UsageError } from '../args.js';
import type { CommandModule } from '../command.js';

const USAGE = `Usage: curbside library <list|show|add|retire|sets|diff> [options] [--json] [--index FILE]

  list                         every document: family, edition, status (current, superseded, retired), sets
  show DOC                     one document (DOC: its id, or text naming exactly one)
  add FILE [--set NAME]...     copy a PDF, Markdown, text, Word (.docx) or HTML file into the library folder
                               ($CURBSIDE_LIBRARY_DIR, default <data dir>/library) and index it; options:
                               --title T --family F --edition E --published DATE --evidence-through DATE
                               --organisation ORG (a local protocol, cited "Local protocol: ORG, DATE")
  retire DOC [--undo]          leave a document out of answers and searches (--undo brings it back)
  sets                         the sets in use and which teams, channels and users draw on which
  sets DOC --set NAME...       the sets a document belongs to ("all": every team)
  sets --team ID|--channel ID|--user ID [--set NAME]...
                               the sets a Teams team, channel or user (1:1 chat) draws on; no --set removes the mapping
  diff FAMILY [OLD NEW]        recommendations added, removed, re-graded or reworded between two editions
                               (default: the current edition against the one it replaced)

A newer edition of a family (same title, or --family) supersedes the older: left out of answers, still searchable
with \`curbside search --superseded\`.`;

const FLAGS = {
  json: { type: 'boolean' },
  index: { type: 'string' },
  set: { type: 'string', multiple: true },
  title: { type: 'string' },
  family: { type: 'string' },
  edition: { type: 'string' },
  published: { type: 'string' },
  'evidence-through': { type: 'string' },
  organisation: { type: 'string' },
  undo: { type: 'boolean' },
  team: { type: 'string' },
  channel: { type: 'string' },
  user: { type: 'string' },
} as const;

const command: CommandModule = {
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseFlags(args, FLAGS);
    const [sub, ...rest] = positionals;
    if (!sub) throw new UsageError('name a subcommand: list, show, add, retire, sets or diff');
    if (!['list', 'show', 'add', 'retire', 'sets', 'diff'].includes(sub))
      throw new UsageError(`unknown subcommand "${sub}"`);
    const config = loadConfig();
    const store = PassageStore.open(path.resolve(values.index ?? config.indexPath));
    const out = (json: unknown, text: string) =>
      process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
    const started = Date.now();
    const audit = (action: string, status: 'ok' | 'invalid', sources: string[]) => {
      const log = openAudit(config);
      try {
        log.record({
          door: 'cli',
          action: `library ${action}`,
          caller: 'local',
          status,
          sources,
          latencyMs: Date.now() - started,
        });
      } finally {
        log.close();
      }
    };
    const want = (n: number, what: string) => {
      if (rest.length !== n) throw new UsageError(`library ${sub} takes ${what}`);
    };
    try {
      // An index written before the library existed gets its entries (from the stored titles and editions) once.
      if (store.library.needsRefresh()) store.library.refreshStatuses();
      switch (sub) {
        case 'list': {
          want(0, 'no arguments');
          const entries = store.library.entries();
          out(
            { count: entries.length, documents: entries },
            entries.length
              ? table(entries)
              : 'The library is empty: run `curbside ingest` or `curbside library add FILE`.',
          );
          return 0;
        }
        case 'show': {
          want(1, 'one document (its id, or text naming it)');
          const entry = findDocument(store, rest[0]!);
          out(entry, describe(entry));
          return 0;
        }
        case 'add': {
          want(1, 'one file');
          try {
            const result = await addToLibrary(
              store,
              config.library.dir,
              rest[0]!,
              {
                sets: values.set,
                title: values.title,
                family: values.family,
                edition: values.edition,
                published: values.published,
                evidenceThrough: values['evidence-through'],
                organisation: values.organisation,
              },
              config.guidelinesPaths,
            );
            audit('add', 'ok', [result.entry.docId, ...result.superseded.map((s) => s.docId)]);
            const replaced = result.superseded
              .map(
                (s) =>
                  `\nSupersedes ${s.docId} (${s.edition ?? s.published ?? 'undated'}): left out of answers from now on.`,
              )
              .join('');
            out(
              { document: result.entry, superseded: result.superseded, ingest: result.report },
              `Added ${result.entry.docId} to ${result.entry.family} (${result.entry.edition ?? 'edition not stated'}, ${result.entry.status}; sets: ${result.entry.sets.join(', ')}; ${result.entry.recommendations} recommendations, ${result.entry.passages} passages).${replaced}`,
            );
            return 0;
          } catch (err) {
            if (err instanceof LibraryRequestError) audit('add', 'invalid', []);
            throw err;
          }
        }
        case 'retire': {
          want(1, 'one document');
          const entry = retire(store, rest[0]!, !values.undo);
          audit(values.undo ? 'unretire' : 'retire', 'ok', [entry.docId]);
          out(entry, `${entry.docId} is now ${entry.status}.`);
          return 0;
        }
        case 'sets':
          return runSets(store, rest, values, out, audit);
        case 'diff': {
          if (rest.length !== 1 && rest.length !== 3)
            throw new UsageError('library diff takes FAMILY, or FAMILY OLD NEW');
          const diff = diffFamily(store, rest[0]!, rest[1], rest[2]);
          out(diff, formatDiff(diff));
          return 0;
        }
      }
      return 0;
    } catch (err) {
      if (err instanceof LibraryRequestError) {
        process.stderr.write(`curbside library ${sub}: ${err.message}\n`);
        return 1;
      }
      throw err;
    } finally {
      store.close();
    }
  },
};

function runSets(
  store: PassageStore,
  rest: string[],
  values: { set?: string[]; team?: string; channel?: string; user?: string },
  out: (json: unknown, text: string) => void,
  audit: (action: string, status: 'ok' | 'invalid', sources: string[]) => void,
): number {
  const targets = (['team', 'channel', 'user'] as const).filter((k) => values[k] !== undefined);
  if (targets.length > 1) throw new UsageError('give one of --team, --channel, --user');
  if (targets.length === 1) {
    if (rest.length) throw new UsageError('library sets --team/--channel/--user takes no document');
    const kind: ScopeKind = targets[0]!;
    mapScope(store, kind, values[kind]!, values.set ?? []);
    audit(`sets ${kind}`, 'ok', []);
    const sets = values.set ?? [];
    out(
      { kind, id: values[kind], sets },
      sets.length
        ? `The ${kind} ${values[kind]} draws on: ${sets.join(', ')} (and "all").`
        : `The ${kind} ${values[kind]} has no mapping now.`,
    );
    return 0;
  }
  if (rest.length === 1) {
    const entry = setDocumentSets(store, rest[0]!, values.set ?? []);
    audit('sets', 'ok', [entry.docId]);
    out(entry, `${entry.docId} is in: ${entry.sets.join(', ')}.`);
    return 0;
  }
  if (rest.length > 1) throw new UsageError('library sets takes at most one document');
  const sets = setCounts(store.library.entries());
  const mappings = store.library.scopes();
  out(
    { sets, mappings },
    [
      'Sets (documents):',
      ...sets.map((s) => `  ${s.set} (${s.documents})`),
      mappings.length
        ? 'Mappings:'
        : 'No team, channel or user is mapped: Teams conversations draw on the default sets.',
      ...mappings.map((m) => `  ${m.kind} ${m.id}: ${m.sets.join(', ')}`),
    ].join('\n'),
  );
  return 0;
}

function table(entries: LibraryEntry[]): string {
  const rows = entries.map((e) => [e.docId, e.family, e.edition ?? '-', e.status, e.sets.join(',')]);
  const head = ['document', 'family', 'edition', 'status', 'sets'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(head),
    ...rows.map(line),
    `${entries.length} documents (${entries.filter((e) => e.status === 'current').length} current).`,
  ].join('\n');
}

function describe(e: LibraryEntry): string {
  return [
    `${e.title}`,
    `  document:     ${e.docId}`,
    `  family:       ${e.family}`,
    `  body:         ${e.body ?? '-'}${e.origin === 'local' ? ' (local protocol)' : ''}`,
    `  edition:      ${e.edition ?? '-'}`,
    `  published:    ${e.published ?? '-'}`,
    `  evidence to:  ${e.evidenceThrough ?? '-'}`,
    `  status:       ${e.status}${e.supersededBy ? ` (by ${e.supersededBy})` : ''}`,
    `  sets:         ${e.sets.join(', ')}`,
    `  source:       ${e.source}`,
    `  contents:     ${e.recommendations} recommendations, ${e.passages} passages`,
  ].join('\n');
}

export function formatDiff(d: FamilyDiff): string {
  const edition = (e: LibraryEntry) => `${e.docId} (${e.edition ?? e.published ?? 'undated'})`;
  const num = (n: string | null) => (n ? `Recommendation ${n}` : 'Statement');
  const lines = [
    `${d.family}: ${edition(d.older)} -> ${edition(d.newer)}`,
    `${d.counts.added} added, ${d.counts.removed} removed, ${d.counts['re-graded']} re-graded, ${d.counts.reworded} reworded, ${d.unchanged} unchanged.`,
  ];
  for (const c of d.changes) {
    if (c.kind === 'added')
      lines.push(`+ added     ${num(c.newNumber)} [${c.newStrength ?? 'no strength'}]: ${c.newText}`);
    else if (c.kind === 'removed')
      lines.push(`- removed   ${num(c.oldNumber)} [${c.oldStrength ?? 'no strength'}]: ${c.oldText}`);
    else if (c.kind === 're-graded')
      lines.push(
        `~ re-graded ${num(c.newNumber)}: ${c.oldStrength ?? 'none'} -> ${c.newStrength ?? 'none'}${c.oldNumber !== c.newNumber ? ` (was ${num(c.oldNumber)})` : ''}: ${c.newText}`,
      );
    else
      lines.push(
        `~ reworded  ${num(c.newNumber)} (similarity ${c.similarity}):\n    was: ${c.oldText}\n    now: ${c.newText}`,
      );
  }
  return lines.join('\n');
}

export default command;
