// The library over HTTP for administrators (the admin role): list documents, sets and team mappings, retire a document,
// choose a document's sets or a team's, compare editions. Thin: the rules are in src/retrieval/library-admin.ts; each
// change is audited. Adding a file stays a command on the server (`curbside library add`), where the file is.
import type { Request, Response, Server } from 'restify';
import { z } from 'zod/v4';
import type { Config } from '../config.js';
import type { AuditStore } from '../ops/audit.js';
import {
  diffFamily,
  LibraryRequestError,
  mapScope,
  retire,
  setCounts,
  setDocumentSets,
} from '../retrieval/library-admin.js';
import { PassageStore } from '../retrieval/store.js';
import { hasRole, type Caller } from './entra.js';
import { describeIssues } from './schemas.js';

/** The Entra app role that makes a caller a library administrator (besides CURBSIDE_LIBRARY_ADMINS). */

const setsSchema = z.array(z.string().trim().min(1).max(60)).max(20);

export const retireInputSchema = z.object({
  docId: z.string().min(1).max(500).describe('Document id, as `GET /api/library` lists it.'),
  retired: z.boolean().default(true).describe('false brings a retired document back.'),
});

export const setsInputSchema = z
  .object({
    docId: z.string().min(1).max(500).optional().describe('A document whose sets to set.'),
    team: z.string().min(1).max(300).optional().describe('A Teams team id whose channels draw on these sets.'),
    channel: z.string().min(1).max(300).optional().describe('A Teams channel id (overrides its team).'),
    user: z.string().min(1).max(300).optional().describe("A user's Entra object id: the sets of their 1:1 chat."),
    sets: setsSchema.describe(
      'For a document: its sets ("all" = every team). For a team, channel or user: the sets drawn on besides "all"; [] removes the mapping.',
    ),
  })
  .refine((v) => [v.docId, v.team, v.channel, v.user].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of docId, team, channel, user',
  });

export const libraryEntrySchema = z.object({
  docId: z.string(),
  title: z.string(),
  family: z.string().describe('The guideline this document is an edition of.'),
  body: z
    .string()
    .nullable()
    .describe('Issuing body, e.g. "VA/DoD", "USPSTF", or the organisation of a local protocol.'),
  edition: z.string().nullable(),
  published: z.string().nullable().describe('Publication date or year.'),
  evidenceThrough: z.string().nullable(),
  status: z.enum(['current', 'superseded', 'retired']),
  supersededBy: z.string().nullable(),
  sets: z.array(z.string()),
  origin: z.enum(['national', 'local']),
  source: z.string(),
  passages: z.number().int(),
  recommendations: z.number().int(),
});

export const libraryListSchema = z.object({
  count: z.number().int(),
  documents: z.array(libraryEntrySchema),
  sets: z.array(z.object({ set: z.string(), documents: z.number().int() })),
  mappings: z.array(z.object({ kind: z.enum(['team', 'channel', 'user']), id: z.string(), sets: z.array(z.string()) })),
});

const changeSchema = z.object({
  kind: z.enum(['added', 'removed', 're-graded', 'reworded']),
  oldNumber: z.string().nullable(),
  newNumber: z.string().nullable(),
  oldStrength: z.string().nullable(),
  newStrength: z.string().nullable(),
  oldText: z.string().nullable(),
  newText: z.string().nullable(),
  similarity: z.number().nullable().describe('Word resemblance of the paired texts (1 = same words).'),
});

export const libraryDiffSchema = z.object({
  family: z.string(),
  older: libraryEntrySchema,
  newer: libraryEntrySchema,
  changes: z.array(changeSchema),
  unchanged: z.number().int(),
  counts: z.object({
    added: z.number().int(),
    removed: z.number().int(),
    're-graded': z.number().int(),
    reworded: z.number().int(),
  }),
});

export function isLibraryAdmin(caller: Caller, config: Config): boolean {
  // A loopback caller is this machine's own user (no Entra configured): the same person who can run `curbside library`.
  return hasRole(caller, config.review.adminRole) || config.library.admins.includes(caller.id);
}

type Admit = (req: Request, res: Response, door: string, action: string) => Promise<Caller | null>;
type SendError = (
  res: Response,
  status: number,
  body: { error: string; message: string; issues?: { path: string; message: string }[] },
) => void;

export function mountLibraryRoutes(
  server: Server,
  config: Config,
  audit: AuditStore,
  admit: Admit,
  sendError: SendError,
  readBody: (req: Request) => Promise<unknown>,
): void {
  const route =
    (action: string, run: (req: Request, store: PassageStore) => Promise<{ body: object; sources?: string[] }>) =>
    async (req: Request, res: Response) => {
      const caller = await admit(req, res, 'http', action);
      if (!caller) return;
      const started = Date.now();
      const record = (status: 'ok' | 'invalid' | 'forbidden' | 'error', httpStatus: number, sources: string[] = []) =>
        audit.record({
          door: 'http',
          action,
          caller: caller.id,
          tenant: caller.tenant,
          status,
          httpStatus,
          sources,
          latencyMs: Date.now() - started,
        });
      if (!isLibraryAdmin(caller, config)) {
        record('forbidden', 403);
        return sendError(res, 403, {
          error: 'forbidden',
          message: `Library administration needs the ${config.review.adminRole} app role (or CURBSIDE_LIBRARY_ADMINS).`,
        });
      }
      if (config.retrievalEngine !== 'local') {
        record('invalid', 409);
        return sendError(res, 409, {
          error: 'no_local_library',
          message: 'The library is kept in the local index; this server answers from Azure AI Search.',
        });
      }
      let store: PassageStore | null = null;
      try {
        store = PassageStore.open(config.indexPath);
        const { body, sources } = await run(req, store);
        record('ok', 200, sources);
        res.header('Cache-Control', 'no-store');
        res.send(200, body);
      } catch (err) {
        if (err instanceof InvalidBody) {
          record('invalid', 400);
          sendError(res, 400, { error: 'invalid_request', message: err.message, issues: err.issues });
        } else if (err instanceof LibraryRequestError) {
          record('invalid', 400);
          sendError(res, 400, { error: 'invalid_request', message: err.message });
        } else {
          record('error', 500);
          sendError(res, 500, {
            error: 'internal_error',
            message: 'The library could not be changed. Try again later.',
          });
        }
      } finally {
        store?.close();
      }
    };

  const parse = async <T>(req: Request, schema: z.ZodType<T>): Promise<T> => {
    let raw: unknown;
    try {
      raw = await readBody(req);
    } catch (err) {
      throw new InvalidBody(err instanceof Error ? err.message : 'The request body could not be read.', []);
    }
    const check = schema.safeParse(raw);
    if (!check.success) throw new InvalidBody('Invalid request', describeIssues(check.error));
    return check.data;
  };

  server.get(
    '/api/library',
    route('GET /api/library', async (_req, store) => {
      if (store.library.needsRefresh()) store.library.refreshStatuses();
      const documents = store.library.entries();
      return {
        body: { count: documents.length, documents, sets: setCounts(documents), mappings: store.library.scopes() },
      };
    }),
  );

  server.post(
    '/api/library/retire',
    route('POST /api/library/retire', async (req, store) => {
      const input = await parse(req, retireInputSchema);
      const entry = retire(store, input.docId, input.retired);
      return { body: entry, sources: [entry.docId] };
    }),
  );

  server.post(
    '/api/library/sets',
    route('POST /api/library/sets', async (req, store) => {
      const input = await parse(req, setsInputSchema);
      if (input.docId) {
        const entry = setDocumentSets(store, input.docId, input.sets);
        return { body: entry, sources: [entry.docId] };
      }
      const kind = input.team ? 'team' : input.channel ? 'channel' : 'user';
      const id = (input.team ?? input.channel ?? input.user)!;
      mapScope(store, kind, id, input.sets);
      return { body: { kind, id, sets: input.sets } };
    }),
  );

  server.get(
    '/api/library/diff',
    route('GET /api/library/diff', async (req, store) => {
      const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const family = q.get('family');
      if (!family)
        throw new InvalidBody('Give the guideline family: ?family=<name or title words>', [
          { path: 'family', message: 'required' },
        ]);
      const diff = diffFamily(store, family, q.get('older') ?? undefined, q.get('newer') ?? undefined);
      return { body: diff, sources: [diff.older.docId, diff.newer.docId] };
    }),
  );
}

class InvalidBody extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
  }
}
