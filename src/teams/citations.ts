// CitedAnswer citations -> Teams citation entities (ClientCitation), within the limits Teams enforces: at most 10 citations,
// name <= 80 chars, abstract <= 160, keywords <= 3 of <= 28 chars, numeric position, and only citations whose [n] is in the text.
import type { Citation } from '../answer/types.js';
import { guidelineLink } from '../api/guideline-page.js';

/** Teams' citation entity (the shape of teams-ai's ClientCitation, which the package does not export from its root). */
export interface ClientCitation {
  '@type': 'Claim';
  position: number;
  appearance: {
    '@type': 'DigitalDocument';
    name: string;
    abstract: string;
    url?: string;
    text?: string;
    encodingFormat?: 'application/vnd.microsoft.card.adaptive';
    image?: { '@type': 'ImageObject'; name: 'PDF' | 'Text' };
    keywords?: string[];
  };
}

export const MAX_CITATIONS = 10;
const MAX_NAME = 80;
const MAX_ABSTRACT = 160;
const MAX_KEYWORDS = 3;
const MAX_KEYWORD = 28;

export const ADAPTIVE_CARD_FORMAT = 'application/vnd.microsoft.card.adaptive' as const;

/** Cuts at a word boundary and adds an ellipsis; never returns more than `max` characters. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

/**
 * Guideline titles are long ("VA/DoD Clinical Practice Guideline (CPG) for the Management of Chronic Kidney Disease"); the
 * 80-character citation name needs the topic, so the boilerplate is dropped and the publisher kept as a short prefix.
 */
export function shortGuidelineTitle(title: string): string {
  let t = title.replace(/\s+/g, ' ').trim();
  const vaDod = /^VA\s*\/?\s*DoD\b/i.test(t);
  t = t
    .replace(/^VA\s*\/?\s*DoD\s+/i, '')
    .replace(/^((evidence-based\s+)?clinical practice guidelines?|CPG)(\s*\(CPG\))?\s*(for|on)?\s*(the\s+)?/i, '')
    .replace(/^((primary care|non-surgical)\s+)?management\s+(of\s+)?(the\s+)?/i, '')
    .trim();
  if (!t) t = title.trim();
  t = t.charAt(0).toUpperCase() + t.slice(1);
  return vaDod ? `VA/DoD ${t}` : t;
}

/** Where a citation points: the section or recommendation, shortest first. */
function locator(c: Citation): string {
  if (c.recommendation) return `Rec ${c.recommendation}`;
  if (c.section) return c.section.split(' > ').at(-1) ?? c.section;
  return c.page !== null ? `p. ${c.page}` : '';
}

export function citationName(c: Citation): string {
  const loc = locator(c);
  const year = c.year ? ` (${c.year})` : '';
  const title = shortGuidelineTitle(c.title);
  const tail = loc ? ` · ${loc}` : '';
  // Keep the locator and year whole: shorten the title first.
  const room = MAX_NAME - tail.length - year.length;
  return room >= 20 ? `${clip(title, room)}${year}${tail}` : clip(`${title}${year}${tail}`, MAX_NAME);
}

export function citationKeywords(c: Citation): string[] {
  const words: string[] = [];
  if (c.strength) words.push(c.strength);
  if (c.version) words.push(c.version);
  else if (c.year) words.push(String(c.year));
  if (c.page !== null) words.push(`p. ${c.page}`);
  return words.slice(0, MAX_KEYWORDS).map((k) => clip(k, MAX_KEYWORD));
}

/**
 * What the hover card shows under the name: strength, edition and page, then the quote. Teams and the Agents Playground show
 * a citation's name and abstract but not its keywords, so these facts lead the abstract (the quote is cut to fit 160).
 */
export function citationAbstract(c: Citation): string {
  const facts = [c.strength, c.version ?? (c.year ? String(c.year) : null), c.page !== null ? `p. ${c.page}` : null]
    .map((f) => f?.replace(/\s+/g, ' ').trim())
    .filter((f): f is string => Boolean(f))
    .map((f) => clip(f, MAX_KEYWORD))
    .join(' · ');
  const quote = `“${c.quote.replace(/\s+/g, ' ').trim()}”`;
  return clip(facts ? `${facts}: ${quote}` : quote, MAX_ABSTRACT);
}

/** A link a reader can open: the bot serves the ingested file; PDF viewers honour #page=N. */
export function guidelineFileUrl(
  source: string,
  page: number | null,
  baseUrl: string | null,
  at: { docId?: string | undefined; section?: string | null } = {},
): string | undefined {
  if (!baseUrl) return undefined;
  // The document id names the file uniquely (two folders may hold files of the same name); the section finds the quoted field.
  return guidelineLink(baseUrl, { docId: at.docId ?? source, page, section: at.section ?? null });
}

/** The Adaptive Card shown when a citation pill is opened: the full recommendation and how strong it is. */
export function citationCard(c: Citation, url: string | undefined): Record<string, unknown> {
  const facts = [
    c.recommendation ? { title: 'Recommendation', value: c.recommendation } : null,
    c.strength ? { title: 'Strength', value: c.strength } : null,
    { title: 'Guideline', value: c.title },
    c.version || c.year ? { title: 'Version', value: c.version ?? String(c.year) } : null,
    c.section ? { title: 'Section', value: c.section } : null,
    c.page !== null ? { title: 'Page', value: String(c.page) } : null,
  ].filter(Boolean);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: c.quote, wrap: true },
      { type: 'FactSet', facts },
    ],
    ...(url
      ? {
          actions: [{ type: 'Action.OpenUrl', title: c.page !== null ? `Open at page ${c.page}` : 'Open source', url }],
        }
      : {}),
  };
}

export interface CitationRenderOptions {
  baseUrl: string | null;
  /** Attach the Adaptive Card to each citation (off for the fallback path when the service rejects cards). */
  withCards: boolean;
}

/**
 * Teams renders a [n] marker as a citation pill in paragraphs, but list items and table cells have been seen to leave it as
 * plain text (the Agents Playground does so for list items; Teams drops pills in tables, teams-sdk #2930). So list items and
 * table rows that carry markers become their own paragraphs, led by a bullet character; lists without markers stay lists.
 */
export function citationFriendlyMarkdown(markdown: string): string {
  const marker = /\[\d{1,2}\]/;
  const lines = markdown.split('\n');
  const out: string[] = [];
  const paragraph = (text: string) => {
    if (out.length && out[out.length - 1] !== '') out.push('');
    out.push(text, '');
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*\|/.test(line)) {
      let end = i;
      while (end + 1 < lines.length && /^\s*\|/.test(lines[end + 1]!)) end++;
      const block = lines.slice(i, end + 1);
      if (block.some((l) => marker.test(l))) {
        const cells = (row: string) =>
          row
            .trim()
            .replace(/^\||\|$/g, '')
            .split('|')
            .map((c) => c.trim());
        const rows = block.filter((row) => !/^[\s|:-]+$/.test(row));
        const [header, ...body] = rows;
        const names = cells(header!);
        for (const row of body) {
          paragraph(
            cells(row)
              .map((cell, k) => (names[k] && cell ? `**${names[k]}:** ${cell}` : cell))
              .filter(Boolean)
              .join(' · '),
          );
        }
      } else {
        out.push(...block);
      }
      i = end;
      continue;
    }
    const item = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/.exec(line);
    if (item && marker.test(item[2]!)) {
      paragraph(`${item[1] ? `${item[1]}\\.` : '•'} ${item[2]}`); // "2\." keeps the number without starting a list
      continue;
    }
    if (line.trim() === '' && out[out.length - 1] === '') continue;
    out.push(line);
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Numbers [n] that appear in the text. */
export function markersInText(text: string): Set<number> {
  const used = new Set<number>();
  for (const m of text.matchAll(/\[(\d{1,2})\]/g)) used.add(Number(m[1]));
  return used;
}

export function toClientCitations(
  text: string,
  citations: Citation[],
  options: CitationRenderOptions,
): ClientCitation[] {
  const used = markersInText(text);
  return citations
    .filter((c) => used.has(c.n) && c.n >= 1)
    .sort((a, b) => a.n - b.n)
    .slice(0, MAX_CITATIONS)
    .map((c) => {
      const url = guidelineFileUrl(c.source, c.page, options.baseUrl, { docId: c.docId, section: c.section });
      return {
        '@type': 'Claim' as const,
        position: c.n,
        appearance: {
          '@type': 'DigitalDocument' as const,
          name: citationName(c),
          abstract: citationAbstract(c),
          ...(url ? { url } : {}),
          keywords: citationKeywords(c),
          image: {
            '@type': 'ImageObject' as const,
            name: /\.pdf$/i.test(c.source) ? ('PDF' as const) : ('Text' as const),
          },
          ...(options.withCards
            ? { text: JSON.stringify(citationCard(c, url)), encodingFormat: ADAPTIVE_CARD_FORMAT }
            : {}),
        },
      };
    });
}

/** The entity that carries citations and the AI-generated label on a message. */
export function aiMessageEntity(
  citations: ClientCitation[],
  aiGenerated: boolean,
): { type: string; [key: string]: unknown } {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    ...(aiGenerated ? { additionalType: ['AIGeneratedContent'] } : {}),
    citation: citations,
  };
}
