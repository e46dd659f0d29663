// Markdown and plain-text guidelines: YAML front matter for metadata, headings for the section path, and graded
// statements (USPSTF "(B recommendation)", "(I statement)", "Grade: B") as recommendation passages.
import { parse as parseYaml } from 'yaml';
import type { Block } from './chunk.js';
import type { LibrarySeed } from './passage.js';

export interface FrontMatter {
  title?: string;
  publisher?: string;
  version?: string;
  year?: number;
  /** The file's place in the library (family, edition, sets, local protocol), when it says. */
  library?: LibrarySeed;
  /** The document numbers its recommendations ("Recommendation 3:", "3. ... (Strong for)"): read them as such. */
  numbered?: boolean;
}

export interface GradedStatement {
  text: string;
  /** Null for a numbered recommendation that states no strength. */
  strength: string | null;
  section: string | null;
  /** Number as printed, for a numbered recommendation. */
  number?: string | null;
}

export interface TextContent {
  frontMatter: FrontMatter;
  /** First "# " heading, a fallback title. */
  heading: string | null;
  blocks: Block[];
  graded: GradedStatement[];
  warnings: string[];
}

// Administrative fields of guideline summaries (funding, committee, availability, disclosures, audience keyword lists):
// nothing a clinician asks about, and they would crowd out content in search.
const ADMINISTRATIVE_SECTIONS = new Set([
  'source(s) of funding',
  'ngc status',
  'financial disclosures/conflicts of interest',
  'guideline committee',
  'composition of group that authored the guideline',
  'guideline availability',
  'availability of companion documents',
  'patient resources',
  'number of source documents',
  'copyright statement',
  'disclaimer',
  'iom domain',
  'iom care need',
  'guideline developer(s)',
  'guideline endorser(s)',
  'date released',
  'date summary prepared',
  'bibliographic source(s)',
  'adaptation',
  'guideline status',
  'endorser(s)',
  'clinical specialty',
  'intended users',
  'guideline category',
]);

/** USPSTF-style grades at the end of a statement. */
const GRADE_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/\(\s*([ABCD])\s+recommendation\s*\)/i, (m) => `Grade ${m[1]!.toUpperCase()}`],
  [/\(\s*I\s+statement\s*\)/i, () => 'I statement'],
  [/\(\s*Grade\s*:?\s*([ABCD])\s*\)|\bGrade\s*:\s*([ABCD])\b\.?\s*$/i, (m) => `Grade ${(m[1] ?? m[2])!.toUpperCase()}`],
  [/\(\s*Grade\s*:?\s*I\s*\)|\bGrade\s*:\s*I\b\.?\s*$/i, () => 'I statement'],
];

export function gradeOf(text: string): string | null {
  for (const [pattern, format] of GRADE_PATTERNS) {
    const m = pattern.exec(text);
    if (m) return format(m);
  }
  return null;
}

const ANY_GRADE = /\(\s*(?:[ABCD]\s+recommendation|I\s+statement|Grade\s*:?\s*[ABCDI])\s*\)\.?/gi;

/** A paragraph holding several graded statements ("... (B recommendation). ... (I statement).") is cut after each grade. */
export function splitGradedStatements(text: string): { text: string; strength: string }[] {
  const cuts = [...text.matchAll(ANY_GRADE)].map((m) => m.index! + m[0].length);
  if (cuts.length <= 1) {
    const strength = gradeOf(text);
    return strength ? [{ text, strength }] : [];
  }
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(text.slice(start, cut).trim());
    start = cut;
  }
  const tail = text.slice(start).trim();
  if (tail) parts[parts.length - 1] = `${parts[parts.length - 1]} ${tail}`;
  return parts.filter(Boolean).map((part) => ({ text: part, strength: gradeOf(part)! }));
}

function firstYear(text: string): number | null {
  const years = [...text.matchAll(/\b(19[5-9]\d|20\d\d)\b/g)].map((m) => Number(m[1]));
  // "2006 Feb (revised 2013 Sep 3)": the latest revision is the year that matters.
  return years.length ? Math.max(...years) : null;
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Reads YAML front matter; returns the metadata and the body after it. Throws on malformed YAML. */
export function splitFrontMatter(source: string): { frontMatter: FrontMatter; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!m) return { frontMatter: {}, body: source };
  const data = parseYaml(m[1]!) as Record<string, unknown> | null;
  const fm: FrontMatter = {};
  if (data && typeof data === 'object') {
    fm.title = asString(data.title);
    fm.publisher = asString(data.publisher) ?? asString(data.developer) ?? asString(data.organization);
    fm.version = asString(data.version) ?? asString(data.released);
    const yearField = data.year ?? data.released ?? data.date ?? data.published;
    const year =
      typeof yearField === 'number'
        ? yearField
        : firstYear(asString(yearField) ?? (yearField instanceof Date ? yearField.toISOString() : ''));
    if (year) fm.year = year;
    const library = librarySeedOf(data);
    if (library) fm.library = library;
    fm.numbered = data.recommendations === 'numbered' || Boolean(library?.organisation);
  }
  return { frontMatter: fm, body: source.slice(m[0].length) };
}

/** A local protocol says so: `type: local-protocol` (front matter) or `local: true` (index.json). */
function isLocalProtocol(data: Record<string, unknown>): boolean {
  return data.local === true || /^local[ -]?protocol$/i.test(asString(data.type) ?? '');
}

/** Library fields of front matter or an index.json entry (snake_case as written by people and by `library add`). */
export function librarySeedOf(data: Record<string, unknown>): LibrarySeed | undefined {
  const date = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : asString(v));
  const setsField = data.sets;
  const sets = Array.isArray(setsField)
    ? setsField.map(asString).filter((x): x is string => Boolean(x))
    : asString(setsField)?.split(/\s*,\s*/);
  const seed: LibrarySeed = {
    family: asString(data.family),
    edition: asString(data.edition),
    published: date(data.published ?? data.date),
    evidenceThrough: date(data.evidence_through),
    sets: sets?.length ? sets : undefined,
    organisation: isLocalProtocol(data)
      ? (asString(data.organisation) ?? asString(data.organization) ?? asString(data.publisher) ?? 'this organisation')
      : undefined,
  };
  const defined = Object.fromEntries(Object.entries(seed).filter(([, v]) => v !== undefined)) as LibrarySeed;
  return Object.keys(defined).length ? defined : undefined;
}

/** VA/DoD strengths as printed in a numbered recommendation: "(Strong for)", "Strength: weak against". */
const VA_STRENGTH = /\b(strong|weak)\s+(for|against)\b|\bneither for nor against\b/i;

export function strengthOf(text: string): string | null {
  const m = VA_STRENGTH.exec(text);
  if (m)
    return m[1]
      ? `${m[1][0]!.toUpperCase()}${m[1].slice(1).toLowerCase()} ${m[2]!.toLowerCase()}`
      : 'Neither for nor against';
  return gradeOf(text);
}

/** "Recommendation 3: ...", "Recommendation 3. ...", or (under a Recommendations heading) "3. ..." / "3) ...". */
const NUMBERED_LINE = /^(recommendation\s+)?(\d{1,3}[a-z]?)[.):]\s+(\S.*)$/i;

/**
 * A paragraph's numbered recommendations (each with its continuation lines), or null when it holds none. A bare number
 * counts only under a heading that names recommendations: elsewhere a numbered list is just a list.
 */
function numberedRecommendations(text: string, section: string | null): { number: string; text: string }[] | null {
  const underRecommendations = /recommendation/i.test(section ?? '');
  const out: { number: string; text: string }[] = [];
  for (const line of text.split('\n')) {
    const m = NUMBERED_LINE.exec(line.trim());
    if (m && (m[1] || underRecommendations)) out.push({ number: m[2]!.toLowerCase(), text: m[3]!.trim() });
    else if (out.length) out[out.length - 1]!.text += ` ${line.trim()}`;
    else return null;
  }
  return out.length ? out : null;
}

/** A one-line paragraph that reads like a title (short, no closing punctuation) followed by more text. */
export function looksLikeSubheading(text: string, next: string | undefined): boolean {
  // A short line followed by another short line is a list, not a heading.
  return (
    next !== undefined &&
    next.length >= 60 &&
    !text.includes('\n') &&
    text.length <= 90 &&
    /^[A-Z0-9]/.test(text) &&
    !/[.,;:!?]$/.test(text) &&
    !/^[-*•|]/.test(text) &&
    text.split(/\s+/).length <= 14
  );
}

/** Inline Markdown reduced to its text: links keep their text, emphasis and code marks go. */
export function cleanInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Parses markdown (or plain text, which is markdown without markup) into blocks and graded statements. */
export function parseMarkdownText(
  source: string,
  options: { plain?: boolean; numbered?: boolean; frontMatter?: boolean } = {},
): TextContent {
  const readFrontMatter = !options.plain && options.frontMatter !== false;
  const { frontMatter, body } = readFrontMatter
    ? splitFrontMatter(source)
    : { frontMatter: {} as FrontMatter, body: source };
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const headings: string[] = [];
  let heading: string | null = null;
  const paragraphs: { text: string; path: string[] }[] = [];
  let buffer: string[] = [];
  let inFence = false;

  const flush = () => {
    const text = buffer.join('\n').trim();
    buffer = [];
    if (text) paragraphs.push({ text, path: headings.filter(Boolean) });
  };
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    if (/^(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    const h = !inFence && !options.plain ? /^(#{1,6})\s+(.+?)\s*#*$/.exec(line) : null;
    if (h) {
      flush();
      const level = h[1]!.length;
      const text = cleanInline(h[2]!);
      if (level === 1 && heading === null) {
        heading = text;
        continue;
      }
      headings.length = level - 1;
      headings[level - 1] = text;
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    // List items and table rows stand as their own lines within a paragraph.
    buffer.push(
      cleanInline(
        line
          .replace(/^\s*[-*+]\s+/, '• ')
          .replace(/^\s*\|\s*|\s*\|\s*$/g, '')
          .replace(/\s*\|\s*/g, ' | '),
      ),
    );
  }
  flush();

  const blocks: Block[] = [];
  const graded: GradedStatement[] = [];
  let subheading: { path: string; text: string } | null = null;
  for (let i = 0; i < paragraphs.length; i++) {
    const { text, path } = paragraphs[i]!;
    const pathKey = path.join(' > ');
    if (path.some((h) => ADMINISTRATIVE_SECTIONS.has(h.toLowerCase()))) continue;
    if (/^[|\s:-]+$/.test(text)) continue; // table rule lines
    const next = paragraphs[i + 1];
    if (looksLikeSubheading(text, next && next.path.join(' > ') === pathKey ? next.text : undefined)) {
      subheading = { path: pathKey, text };
      continue;
    }
    if (subheading && subheading.path !== pathKey) subheading = null;
    const sectionPath = subheading ? [...path, subheading.text] : path;
    const section = sectionPath.length ? sectionPath.join(' > ') : null;
    const numbered = options.numbered || frontMatter.numbered ? numberedRecommendations(text, section) : null;
    if (numbered) {
      for (const r of numbered) graded.push({ text: r.text, strength: strengthOf(r.text), section, number: r.number });
      continue;
    }
    const flat = text.replace(/\n/g, ' ');
    const statements = splitGradedStatements(flat);
    if (statements.length) {
      for (const statement of statements) graded.push({ text: statement.text, strength: statement.strength, section });
      continue;
    }
    blocks.push({ text, page: null, section, boundary: false });
  }
  return { frontMatter, heading, blocks, graded, warnings: [] };
}
