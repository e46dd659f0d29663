// The library over HTTP for administrators (the admin role): list documents, sets and team mappings, add a document
// (multipart upload), retire one, choose a document's sets or a team's, compare editions. Thin: the rules are in
// src/retrieval/library-admin.ts, the same as `curbside library`; each change is audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import busboy from 'busboy';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod/v4';
import type { Config } from '../config.js';
import type { AuditStore } from '../ops/audit.js';
import {
  addToLibrary,
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

/** Limits of an upload to `POST /api/library/documents`. */
export const LIBRARY_UPLOAD = {
  /** Largest document accepted; the shared library's largest PDF is about 10 MB. */
  maxBytes: 50 * 1024 * 1024,
  /** Longest file name kept (it becomes the document id). */
  maxNameLength: 120,
};

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

/** The form fields that describe an uploaded document (the file itself is the `file` part). */
export const addInputSchema = z.object({
  sets: setsSchema
    .optional()
    .describe('Sets the document belongs to (repeat the field for several); default "all" (every team).'),
  title: z.string().trim().min(1).max(300).optional().describe('Title, when the document does not state it.'),
  family: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .optional()
    .describe('The guideline this is an edition of (default: from the title).'),
  edition: z.string().trim().min(1).max(60).optional().describe('Edition or version, e.g. "Version 4.0".'),
  published: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date: YYYY, YYYY-MM or YYYY-MM-DD')
    .optional()
    .describe('Publication date (orders the editions of a family).'),
  evidenceThrough: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date: YYYY, YYYY-MM or YYYY-MM-DD')
    .optional(),
  organisation: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Makes it a local protocol of this organisation, cited "Local protocol: <organisation>, <date>".'),
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

export const libraryAddResultSchema = z.object({
  document: libraryEntrySchema,
  superseded: z.array(libraryEntrySchema).describe('Earlier editions of the same family this one replaced.'),
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
    (
      action: string,
      run: (req: Request, store: PassageStore) => Promise<{ body: object; sources?: string[]; status?: number }>,
    ) =>
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
        await record('forbidden', 403);
        return sendError(res, 403, {
          error: 'forbidden',
          message: `Library administration needs the ${config.review.adminRole} app role (or CURBSIDE_LIBRARY_ADMINS).`,
        });
      }
      if (config.retrievalEngine !== 'local') {
        await record('invalid', 409);
        return sendError(res, 409, {
          error: 'no_local_library',
          message: 'The library is kept in the local index; this server answers from Azure AI Search.',
        });
      }
      let store: PassageStore | null = null;
      try {
        store = PassageStore.open(config.indexPath);
        const { body, sources, status = 200 } = await run(req, store);
        await record('ok', status, sources);
        res.header('Cache-Control', 'no-store');
        res.send(status, body);
      } catch (err) {
        if (err instanceof InvalidBody) {
          await record('invalid', err.status);
          sendError(res, err.status, {
            error: err.status === 400 ? 'invalid_request' : err.status === 413 ? 'too_large' : 'unsupported_media_type',
            message: err.message,
            ...(err.issues.length ? { issues: err.issues } : {}),
          });
        } else if (err instanceof LibraryRequestError) {
          await record('invalid', 400);
          sendError(res, 400, { error: 'invalid_request', message: err.message });
        } else {
          await record('error', 500);
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
      const status = (err as { status?: number }).status;
      throw new InvalidBody(
        err instanceof Error ? err.message : 'The request body could not be read.',
        [],
        status === 413 || status === 415 ? status : 400,
      );
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

  // One upload ingests at a time: two ingests of the library folder at once would race on its index.json.
  let adding: Promise<unknown> = Promise.resolve();
  server.post(
    '/api/library/documents',
    route('POST /api/library/documents', async (req, store) => {
      const upload = await readUpload(req);
      try {
        const check = addInputSchema.safeParse(upload.fields);
        if (!check.success) throw new InvalidBody('Invalid request', describeIssues(check.error));
        const turn = adding.then(() =>
          addToLibrary(store, config.library.dir, upload.file, check.data, config.guidelinesPaths),
        );
        adding = turn.catch(() => {});
        const result = await turn;
        return {
          status: 201,
          body: { document: result.entry, superseded: result.superseded },
          sources: [result.entry.docId, ...result.superseded.map((s) => s.docId)],
        };
      } finally {
        fs.rmSync(upload.dir, { recursive: true, force: true });
      }
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
    readonly status: 400 | 413 | 415 = 400,
  ) {
    super(message);
  }
}

/** A file name as the library keeps it: its own name, no folders, nothing a shell or a URL would trip on. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/;

/**
 * The multipart upload: the `file` part written to a fresh temporary folder under its own name (the name becomes the
 * document id), and the other fields (`sets` repeatable). The caller removes `dir`.
 */
async function readUpload(req: Request): Promise<{ dir: string; file: string; fields: Record<string, unknown> }> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\b/i.test(type))
    throw new InvalidBody(
      'Send the document as multipart/form-data: a "file" part, and "sets" (repeatable) and the other fields.',
      [],
      415,
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-upload-'));
  try {
    const fields: Record<string, unknown> = {};
    // Set inside the parser's callbacks: held in objects so the checks after parsing see them.
    const got: { file: string | null; problem: InvalidBody | null } = { file: null, problem: null };
    const fail = (p: InvalidBody) => void (got.problem ??= p);
    const parser = busboy({
      headers: req.headers,
      limits: { fileSize: LIBRARY_UPLOAD.maxBytes, files: 1, fields: 40, fieldSize: 4096 },
    });
    const writes: Promise<void>[] = [];
    parser.on('field', (name, value) => {
      if (name === 'sets') fields.sets = [...((fields.sets as string[] | undefined) ?? []), value];
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const base = path.basename(info.filename ?? '');
      if (name !== 'file' || got.file !== null) {
        stream.resume();
        return fail(
          new InvalidBody('Send one document, in the part named "file".', [
            { path: name, message: 'unexpected file part' },
          ]),
        );
      }
      if (!SAFE_NAME.test(base) || base.length > LIBRARY_UPLOAD.maxNameLength) {
        stream.resume();
        return fail(
          new InvalidBody(
            `The file name must be a plain name of letters, digits, spaces, ".", "_", "-" or brackets (at most ${LIBRARY_UPLOAD.maxNameLength} characters), e.g. ward-7-protocol.docx.`,
            [{ path: 'file', message: 'bad file name' }],
          ),
        );
      }
      got.file = path.join(dir, base);
      const out = fs.createWriteStream(got.file);
      stream.on('limit', () =>
        fail(new InvalidBody(`The document is larger than ${LIBRARY_UPLOAD.maxBytes / 1024 / 1024} MB.`, [], 413)),
      );
      writes.push(
        new Promise<void>((resolve, reject) => {
          out.on('finish', resolve);
          out.on('error', reject);
        }),
      );
      stream.pipe(out);
    });
    await new Promise<void>((resolve, reject) => {
      parser.on('close', resolve);
      parser.on('error', (err: Error) => reject(new InvalidBody(`The upload could not be read: ${err.message}`, [])));
      req.pipe(parser);
    });
    await Promise.all(writes);
    if (got.problem) throw got.problem;
    if (!got.file)
      throw new InvalidBody('No document: send it in a part named "file".', [{ path: 'file', message: 'required' }]);
    return { dir, file: got.file, fields };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
