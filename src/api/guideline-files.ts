// /guidelines/<docId>: the guideline files citation links open. Only ingested files are served: the name is looked up in the
// index (document id -> absolute path), never joined onto a path. PDFs honour byte ranges (PDF viewers fetch pages with
// them), HEAD answers like GET without the body, and a Markdown summary opens as an HTML page (?raw=1 gives the file).
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Runtime } from '../runtime.js';
import { log } from '../log.js';
import { guidelinePath, isMarkdown, renderMarkdownPage } from './guideline-page.js';

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
};

/**
 * Nothing on these responses may run or load anything: no scripts, no external resources, no framing by other sites. Inline
 * styles are the rendered page's own; `object-src 'self'` keeps a browser's built-in PDF viewer working.
 */
export const GUIDELINE_FILE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/** A Markdown summary is rendered in memory; larger files are not summaries and are sent as they are. */
const MAX_RENDERED_MARKDOWN_BYTES = 5 * 1024 * 1024;

/** Content-Disposition for any file name: an ASCII fallback plus the exact name (RFC 6266 / RFC 8187). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const exact = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** One byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) within `size`; 'unsatisfiable', or null to send the whole file. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges (multipart/byteranges) or another unit: sending the whole file is a valid answer.
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export function mountGuidelineFiles(server: Server, runtime: Pick<Runtime, 'retriever'>): void {
  let byDocId: Map<string, string> | null = null;
  let bySource: Map<string, string[]> | null = null;
  const load = async () => {
    byDocId = new Map();
    bySource = new Map();
    for (const g of await runtime.retriever.listGuidelines()) {
      if (!g.path) continue;
      byDocId.set(g.docId, g.path);
      bySource.set(g.source, [...(bySource.get(g.source) ?? []), g.path]);
    }
  };
  /** The file a link names: its document id; or, for links made before ids were used, a file name that is unambiguous. */
  const resolve = async (name: string, refresh: boolean): Promise<{ file: string } | { ambiguous: true } | null> => {
    if (!byDocId || refresh) await load();
    const file = byDocId!.get(name);
    if (file) return { file };
    const named = bySource!.get(name) ?? [];
    if (named.length === 1) return { file: named[0]! };
    return named.length > 1 ? { ambiguous: true } : null;
  };

  const handler = async (req: Request, res: Response) => {
    const head = req.method === 'HEAD';
    res.header('Content-Security-Policy', GUIDELINE_FILE_CSP);
    res.header('X-Content-Type-Options', 'nosniff');
    let name: string;
    try {
      // Everything after /guidelines/, decoded once: document ids are paths, so '/' (or %2F) separates folders.
      const rawPath = new URL(req.url ?? '/', 'http://local').pathname.slice('/guidelines/'.length);
      name = decodeURIComponent(rawPath);
    } catch {
      res.send(400, { error: 'bad_name', message: 'The file name in the link is not valid percent-encoding.' });
      return;
    }
    const found = (await resolve(name, false)) ?? (await resolve(name, true));
    if (found && 'ambiguous' in found) {
      res.send(404, {
        error: 'ambiguous',
        message: 'Several guideline files have that name; links name a file by its folder too.',
      });
      return;
    }
    let stat: fs.Stats | null;
    try {
      stat = found ? fs.statSync(found.file) : null;
    } catch {
      stat = null;
    }
    if (!found || !stat?.isFile()) {
      res.send(404, { error: 'not_found', message: 'No ingested guideline file has that name.' });
      return;
    }
    const file = found.file;
    const fileName = path.basename(file);
    const common = { 'Cache-Control': 'public, max-age=3600', 'Last-Modified': stat.mtime.toUTCString() };
    const wantsRaw = new URL(req.url ?? '/', 'http://local').searchParams.get('raw') === '1';

    if (isMarkdown(file) && !wantsRaw && stat.size <= MAX_RENDERED_MARKDOWN_BYTES) {
      const page = Buffer.from(
        renderMarkdownPage(fs.readFileSync(file, 'utf8'), { fileName, rawHref: `${guidelinePath(name)}?raw=1` }),
        'utf8',
      );
      res.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length });
      res.end(head ? undefined : page);
      return;
    }

    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers = {
      ...common,
      'Content-Type': type,
      'Content-Disposition': contentDisposition(fileName),
      'Accept-Ranges': 'bytes',
    };
    const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, stat.size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${stat.size}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    const status = range ? 206 : 200;
    const start = range?.start ?? 0;
    const end = range?.end ?? stat.size - 1;
    res.writeHead(status, {
      ...headers,
      'Content-Length': stat.size === 0 ? 0 : end - start + 1,
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${stat.size}` } : {}),
    });
    if (head || stat.size === 0) {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file, { start, end });
    stream.on('error', (err) => {
      log.warn({ err: err.message }, 'guideline file read failed');
      res.destroy();
    });
    stream.pipe(res);
  };

  server.get('/guidelines/*', handler);
  server.head('/guidelines/*', handler);
}
