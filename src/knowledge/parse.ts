// Turns ONE guideline file into citable passages with metadata. Dispatch by extension; unreadable input fails with
// UnreadableDocumentError carrying one clear reason. Pure data out, so it also runs on a worker thread.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chunkBlocks, type Block } from './chunk.js';
import { librarySeedOf, parseMarkdownText, type FrontMatter } from './markdown.js';
import type { GuidelineMeta, LibrarySeed, Passage } from './passage.js';
import { extractGuidelineContent } from './pdf-guideline.js';
import { PdfReadError, readPdf } from './pdf.js';

export interface ParsedDocument {
  meta: GuidelineMeta;
  passages: Passage[];
  warnings: string[];
  /** What the file (front matter or index.json) says about its place in the library. */
  library?: LibrarySeed;
}

export class UnreadableDocumentError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${path.basename(file)}: ${reason}`);
    this.name = 'UnreadableDocumentError';
  }
}

export const SUPPORTED_EXTENSIONS: readonly string[] = ['.pdf', '.md', '.markdown', '.txt', '.docx', '.html', '.htm'];

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
export const DEFAULT_PARSE_TIMEOUT_MS = 120_000;

export interface ParseOptions {
  /** Files larger than this are refused before being read. */
  maxBytes?: number;
  /** A PDF that takes longer than this to read is given up on. */
  timeoutMs?: number;
}

/** Stable passage id: same document, same position, same text => same id across re-ingests. */
export function passageId(docId: string, ordinal: number, text: string): string {
  const textHash = createHash('sha1').update(text).digest('hex');
  return createHash('sha1').update(`${docId}\u0000${ordinal}\u0000${textHash}`).digest('hex').slice(0, 16);
}

interface IndexEntry {
  file?: unknown;
  title?: unknown;
  publisher?: unknown;
  version?: unknown;
  year?: unknown;
  [libraryField: string]: unknown;
}

/**
 * Metadata for `file` from an `index.json` beside it (an array of {file, title, publisher, version, year} plus the
 * library fields: family, edition, published, evidence_through, sets, local, organisation, recommendations).
 */
function indexMetadata(absPath: string, warnings: string[]): FrontMatter | null {
  const indexPath = path.join(path.dirname(absPath), 'index.json');
  if (!fs.existsSync(indexPath)) return null;
  let entries: unknown;
  try {
    entries = JSON.parse(fs.readFileSync(indexPath, 'utf8'));
  } catch (err) {
    warnings.push(`index.json beside the file is not valid JSON (${(err as Error).message})`);
    return null;
  }
  const list: IndexEntry[] = Array.isArray(entries)
    ? entries
    : Array.isArray((entries as { files?: unknown })?.files)
      ? (entries as { files: IndexEntry[] }).files
      : [];
  const entry = list.find((e) => e && typeof e === 'object' && e.file === path.basename(absPath));
  if (!entry) return null;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const library = librarySeedOf(entry);
  return {
    title: str(entry.title),
    publisher: str(entry.publisher),
    version: str(entry.version),
    year: typeof entry.year === 'number' ? entry.year : Number(str(entry.year)) || undefined,
    ...(library ? { library } : {}),
    numbered: entry.recommendations === 'numbered' || Boolean(library?.organisation),
  };
}

/**
 * A local protocol is cited as such ("Local protocol: St Elsewhere, 2026-05-01"): the edition line every door already
 * shows carries it, and the organisation stands as the publisher.
 */
function withLocalCitation(meta: GuidelineMeta, library: LibrarySeed | undefined): GuidelineMeta {
  if (!library?.organisation) return meta;
  const date = library.published ?? (meta.year ? String(meta.year) : 'undated');
  const year = Number(/\b(19|20)\d\d\b/.exec(date)?.[0]) || meta.year;
  return {
    ...meta,
    publisher: library.organisation,
    version: `Local protocol: ${library.organisation}, ${date}`,
    year,
  };
}

/** Offset of the first byte that breaks UTF-8 (structure only: lead byte, continuation bytes). */
function firstInvalidUtf8Byte(buffer: Buffer): number {
  for (let i = 0; i < buffer.length;) {
    const b = buffer[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (i + k >= buffer.length || (buffer[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return 0;
}

function decodeUtf8(buffer: Buffer, file: string): string {
  if (
    buffer.length >= 2 &&
    ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))
  ) {
    const le = buffer[0] === 0xff;
    const body = buffer.subarray(2);
    return new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(body);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    const offset = firstInvalidUtf8Byte(buffer);
    const byte = buffer[offset]?.toString(16).toUpperCase().padStart(2, '0');
    throw new UnreadableDocumentError(
      file,
      `not valid UTF-8 text (byte 0x${byte} at offset ${offset}; probably Latin-1/Windows-1252): re-save the file as UTF-8`,
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, file: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UnreadableDocumentError(file, `reading the PDF took longer than ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function buildPassages(
  docId: string,
  meta: GuidelineMeta,
  recommendations: {
    number: string | null;
    text: string;
    strength: string | null;
    page: number | null;
    section: string | null;
  }[],
  blocks: Block[],
): Passage[] {
  const passages: Passage[] = [];
  for (const r of recommendations) {
    passages.push({
      ...meta,
      id: passageId(docId, passages.length, r.text),
      docId,
      page: r.page,
      section: r.section,
      recommendation: r.number,
      strength: r.strength,
      kind: 'recommendation',
      text: r.text,
    });
  }
  for (const chunk of chunkBlocks(blocks)) {
    passages.push({
      ...meta,
      id: passageId(docId, passages.length, chunk.text),
      docId,
      page: chunk.page,
      section: chunk.section,
      recommendation: null,
      strength: null,
      kind: 'text',
      text: chunk.text,
    });
  }
  return passages;
}

function titleFromFileName(file: string): string {
  return path.basename(file, path.extname(file)).replace(/[_-]+/g, ' ').trim();
}

async function parsePdf(absPath: string, docId: string, data: Buffer, options: ParseOptions): Promise<ParsedDocument> {
  const warnings: string[] = [];
  let pdf;
  try {
    pdf = await withTimeout(
      readPdf(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
      options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS,
      absPath,
    );
  } catch (err) {
    if (err instanceof PdfReadError) throw new UnreadableDocumentError(absPath, err.message);
    throw err;
  }
  if (pdf.pages.length === 0) throw new UnreadableDocumentError(absPath, 'the PDF has no pages');
  const textChars = pdf.pages.reduce(
    (n, p) => n + p.lines.reduce((m, l) => m + l.text.replace(/\s/g, '').length, 0),
    0,
  );
  if (textChars < 20) {
    throw new UnreadableDocumentError(
      absPath,
      `the PDF has no text layer (${pdf.pages.length} page(s) of images or blank pages): run OCR first`,
    );
  }
  const content = extractGuidelineContent(pdf.pages);
  warnings.push(...content.warnings);
  const indexed = indexMetadata(absPath, warnings);
  const meta: GuidelineMeta = withLocalCitation(
    {
      title: indexed?.title ?? pdf.title ?? content.titleGuess ?? titleFromFileName(absPath),
      publisher: indexed?.publisher ?? content.publisher,
      version: indexed?.version ?? content.version,
      year: indexed?.year ?? content.year,
      source: path.basename(absPath),
    },
    indexed?.library,
  );
  const passages = buildPassages(docId, meta, content.recommendations, content.blocks);
  return { meta, passages, warnings, library: indexed?.library };
}

type TextualKind = 'markdown' | 'text' | 'html' | 'docx';

async function parseTextual(absPath: string, docId: string, data: Buffer, kind: TextualKind): Promise<ParsedDocument> {
  // Word documents and web pages become Markdown (headings, numbered lists) and go through the Markdown reader.
  let source: string;
  let htmlTitle: string | null = null;
  // Loaded only for these files: every command that opens the index would otherwise pay for mammoth and turndown.
  const { docxToHtml, htmlToMarkdown } =
    kind === 'docx' || kind === 'html' ? await import('./html.js') : ({} as typeof import('./html.js'));
  if (kind === 'docx') {
    const html = await docxToHtml(data).catch((err: Error) => {
      throw new UnreadableDocumentError(absPath, `not a readable Word document (${err.message.split('\n')[0]})`);
    });
    source = htmlToMarkdown(html).markdown;
  } else if (kind === 'html') {
    ({ markdown: source, title: htmlTitle } = htmlToMarkdown(decodeUtf8(data, absPath)));
  } else {
    source = decodeUtf8(data, absPath);
  }
  if (!source.trim()) throw new UnreadableDocumentError(absPath, 'the file has no text');
  const warnings: string[] = [];
  const indexed = indexMetadata(absPath, warnings);
  let content;
  try {
    // Word and web documents have no front matter: their metadata comes from index.json (or `library add`).
    const converted = kind === 'docx' || kind === 'html';
    content = parseMarkdownText(source, {
      plain: kind === 'text',
      numbered: converted || indexed?.numbered,
      frontMatter: !converted,
    });
  } catch (err) {
    throw new UnreadableDocumentError(
      absPath,
      `the YAML front matter is malformed (${(err as Error).message.split('\n')[0]})`,
    );
  }
  warnings.push(...content.warnings);
  const fm: FrontMatter = content.frontMatter.title
    ? content.frontMatter
    : { ...indexed, ...definedFields(content.frontMatter) };
  const library = fm.library ?? indexed?.library;
  const firstLine =
    kind === 'text'
      ? source
          .split(/\r?\n/)
          .find((l) => l.trim())
          ?.trim()
          .slice(0, 200)
      : undefined;
  const meta: GuidelineMeta = withLocalCitation(
    {
      title: fm.title ?? content.heading ?? htmlTitle ?? firstLine ?? titleFromFileName(absPath),
      publisher: fm.publisher ?? null,
      version: fm.version ?? null,
      year: fm.year ?? null,
      source: path.basename(absPath),
    },
    library,
  );
  const recommendations = content.graded.map((g) => ({
    number: g.number ?? null,
    text: g.text,
    strength: g.strength,
    page: null,
    section: g.section,
  }));
  const passages = buildPassages(docId, meta, recommendations, content.blocks);
  if (passages.length === 0) throw new UnreadableDocumentError(absPath, 'the file has no text after its front matter');
  return { meta, passages, warnings, library };
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Parses one guideline file. `docId` is the file's path relative to `root` with "/" separators.
 * Throws UnreadableDocumentError (too large, empty, corrupt, encrypted, image-only, not UTF-8, unsupported type).
 */
export async function parseFile(absPath: string, root: string, options: ParseOptions = {}): Promise<ParsedDocument> {
  const ext = path.extname(absPath).toLowerCase();
  if (!SUPPORTED_EXTENSIONS.includes(ext)) {
    throw new UnreadableDocumentError(
      absPath,
      `unsupported file type "${ext || '(none)'}" (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`,
    );
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(absPath);
  } catch (err) {
    throw new UnreadableDocumentError(
      absPath,
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  if (!stat.isFile()) throw new UnreadableDocumentError(absPath, 'is not a regular file');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (stat.size > maxBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
    throw new UnreadableDocumentError(absPath, `the file is ${mb(stat.size)}, over the ${mb(maxBytes)} limit`);
  }
  if (stat.size === 0) throw new UnreadableDocumentError(absPath, 'the file is empty');
  const data = await fs.promises.readFile(absPath);
  const docId = path.relative(root, absPath).split(path.sep).join('/');
  if (ext === '.pdf') {
    if (data.subarray(0, 1024).indexOf('%PDF-') < 0)
      throw new UnreadableDocumentError(absPath, 'not a PDF (no %PDF- header)');
    return parsePdf(absPath, docId, data, options);
  }
  const kind: TextualKind =
    ext === '.txt' ? 'text' : ext === '.docx' ? 'docx' : ext === '.html' || ext === '.htm' ? 'html' : 'markdown';
  return parseTextual(absPath, docId, data, kind);
}
