// Guideline file links and the HTML page a Markdown guideline summary opens as. Citation links name the file by its document
// id (its path under the knowledge-base root), so two files with the same name in different folders open the right one; a
// Markdown summary opens as a page whose headings and one-line sub-headings carry ids, and the link points at the quoted
// field. Everything from the file is escaped: the page is text, never markup from the file.
import { parse as parseYaml } from 'yaml';
import { cleanInline, looksLikeSubheading } from '../knowledge/markdown.js';

/** Section path ("Major Recommendations > Clinical Considerations") -> the id of that place on the rendered page. */
export function sectionAnchor(section: string | null | undefined): string | null {
  if (!section) return null;
  const key = section.split(' > ').map(slug).filter(Boolean).join('--');
  return key || null;
}

/**
 * URL path of a guideline file: /guidelines/<docId> as one percent-encoded segment (folders as %2F; any name works: spaces,
 * non-ASCII, newlines). The route also accepts the folders as plain slashes.
 */
export function guidelinePath(docId: string): string {
  return `/guidelines/${encodeURIComponent(docId)}`;
}

/** Link to a passage's place in its file: the PDF page (#page=N, read by PDF viewers) or the Markdown page's section anchor. */
export function guidelineLink(
  base: string,
  ref: { docId: string; page: number | null; section?: string | null },
): string {
  const file = ref.docId.toLowerCase();
  let fragment = '';
  if (file.endsWith('.pdf')) fragment = ref.page !== null ? `#page=${ref.page}` : '';
  else if (isMarkdown(file)) {
    const anchor = sectionAnchor(ref.section);
    fragment = anchor ? `#${encodeURIComponent(anchor)}` : '';
  }
  return `${base.replace(/\/$/, '')}${guidelinePath(ref.docId)}${fragment}`;
}

export function isMarkdown(file: string): boolean {
  return /\.(md|markdown)$/i.test(file);
}

function slug(text: string): string {
  return cleanInline(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Inline text: escaped first, then only bold is turned back into markup (no links, images or HTML from the file). */
function inline(text: string): string {
  return escapeHtml(cleanInline(text.replace(/(\*\*|__)(.+?)\1/g, '\u0001$2\u0002')))
    .replace(/\u0001/g, '<strong>')
    .replace(/\u0002/g, '</strong>');
}

function frontMatter(markdown: string): { fields: [string, string][] | null; raw: string | null; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (!m) return { fields: null, raw: null, body: markdown };
  try {
    const data = parseYaml(m[1]!) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const fields = Object.entries(data as Record<string, unknown>).map(([k, v]): [string, string] => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]);
      return { fields, raw: null, body: markdown.slice(m[0].length) };
    }
  } catch {
    // Shown as it is below.
  }
  return { fields: null, raw: m[1]!, body: markdown.slice(m[0].length) };
}

type Block =
  | { kind: 'heading'; level: number; text: string; key: string; title: boolean }
  | { kind: 'para'; lines: string[]; key: string }
  | { kind: 'code'; lines: string[] };

/** Markdown guideline summary -> a self-contained HTML page (no scripts, no external resources). */
export function renderMarkdownPage(markdown: string, options: { fileName: string; rawHref: string }): string {
  const { fields, raw, body } = frontMatter(markdown.replace(/\r\n?/g, '\n'));
  const blocks: Block[] = [];
  const headings: string[] = [];
  let titleSeen = false;
  let buffer: string[] = [];
  let code: string[] | null = null;
  const keyOf = () => headings.filter(Boolean).map(slug).filter(Boolean).join('--');
  const flush = () => {
    if (buffer.some((l) => l.trim())) blocks.push({ kind: 'para', lines: buffer, key: keyOf() });
    buffer = [];
  };
  for (const rawLine of body.split('\n')) {
    const line = rawLine.replace(/\s+$/, '');
    if (/^(```|~~~)/.test(line)) {
      if (code) {
        blocks.push({ kind: 'code', lines: code });
        code = null;
      } else {
        flush();
        code = [];
      }
      continue;
    }
    if (code) {
      code.push(rawLine);
      continue;
    }
    const h = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
    if (h) {
      flush();
      const level = h[1]!.length;
      if (level === 1 && !titleSeen) {
        titleSeen = true;
        blocks.push({ kind: 'heading', level, text: h[2]!, key: '', title: true });
        continue;
      }
      headings.length = level - 1;
      headings[level - 1] = cleanInline(h[2]!);
      blocks.push({ kind: 'heading', level, text: h[2]!, key: keyOf(), title: false });
      continue;
    }
    if (!line.trim()) flush();
    else buffer.push(line);
  }
  flush();
  if (code) blocks.push({ kind: 'code', lines: code });

  const used = new Set<string>();
  const idAttr = (key: string) => {
    if (!key || used.has(key)) return '';
    used.add(key);
    return ` id="${escapeHtml(key)}"`;
  };
  const out: string[] = [];
  let title = options.fileName;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'code') {
      out.push(`<pre>${escapeHtml(b.lines.join('\n'))}</pre>`);
    } else if (b.kind === 'heading') {
      if (b.title) title = cleanInline(b.text);
      out.push(`<h${b.level}${b.title ? '' : idAttr(b.key)}>${inline(b.text)}</h${b.level}>`);
    } else {
      const text = b.lines.map((l) => l.trim()).join('\n');
      const next = blocks[i + 1];
      const nextText =
        next?.kind === 'para' && next.key === b.key ? next.lines.map((l) => l.trim()).join('\n') : undefined;
      if (looksLikeSubheading(cleanInline(text), nextText && cleanInline(nextText))) {
        out.push(`<h4 class="field"${idAttr(b.key ? `${b.key}--${slug(text)}` : slug(text))}>${inline(text)}</h4>`);
        continue;
      }
      out.push(paragraph(b.lines));
    }
  }

  const meta = fields
    ? `<table class="meta">${fields.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`
    : raw !== null
      ? `<pre class="meta">${escapeHtml(raw)}</pre>`
      : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_STYLE}</style></head><body><main>`,
    `<p class="file">${escapeHtml(options.fileName)} · <a href="${escapeHtml(options.rawHref)}">original Markdown</a></p>`,
    meta,
    ...out,
    '</main></body></html>',
  ].join('\n');
}

/** Lists (-, *, +, 1.) as lists; table rows and other lines kept as lines. */
function paragraph(lines: string[]): string {
  const items = lines.map((l) => /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(l));
  if (items.every(Boolean)) {
    const ordered = /^\s*\d/.test(lines[0]!);
    const tag = ordered ? 'ol' : 'ul';
    return `<${tag}>${items.map((m) => `<li>${inline(m![1]!)}</li>`).join('')}</${tag}>`;
  }
  return `<p>${lines.map((l) => inline(l)).join('<br>\n')}</p>`;
}

const PAGE_STYLE = [
  'body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#fafafa;color:#1b1b1b}',
  'main{max-width:52rem;margin:0 auto;padding:1.5rem;background:#fff}',
  '.file{color:#555;font-size:.85rem}',
  'table.meta{border-collapse:collapse;font-size:.85rem;margin:0 0 1rem}',
  'table.meta th,table.meta td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}',
  'table.meta th{background:#f3f3f3;white-space:nowrap}',
  'h1{font-size:1.4rem}h2{font-size:1.2rem;border-bottom:1px solid #eee}h4.field{margin:1.2rem 0 .3rem}',
  ':target{background:#fff3b0;scroll-margin-top:1rem}',
  'pre{white-space:pre-wrap}',
].join('');
