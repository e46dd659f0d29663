// Word documents and web pages as Markdown, so the Markdown reader gives them the same section paths (headings) and
// numbered recommendations (ordered lists, "Recommendation 3:") as any other guideline. mammoth reads .docx into HTML
// by paragraph style (Heading 1 -> <h1>, numbered list -> <ol>); turndown turns HTML into Markdown.
import mammoth from 'mammoth';
import TurndownService from 'turndown';

/** Page furniture that is never guideline content. */
const NOT_CONTENT = [
  'script',
  'style',
  'nav',
  'header',
  'footer',
  'noscript',
  'iframe',
  'form',
  'button',
  'head',
] as const;

let converter: TurndownService | null = null;

function turndown(): TurndownService {
  if (converter) return converter;
  converter = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced' });
  converter.remove([...NOT_CONTENT]);
  // The Markdown is read, not rendered: turndown's escaping ("3\. Offer") would hide numbers and text from the reader.
  converter.escape = (text: string) => text;
  return converter;
}

export function htmlToMarkdown(html: string): { markdown: string; title: string | null } {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.replace(/\s+/g, ' ').trim() || null;
  // Only the body: the head's <title> is metadata, not a paragraph.
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  // turndown separates list items by one newline and writes "1.  text": one item per line, as the reader expects.
  const markdown = turndown()
    .turndown(body)
    .replace(/^(\s*)(\d+[.)])\s+/gm, '$1$2 ');
  return { markdown, title: title ? decodeEntities(title) : null };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

export async function docxToHtml(data: Buffer): Promise<string> {
  const { value } = await mammoth.convertToHtml({ buffer: data });
  return value;
}
