// Links in model-written text are an injection channel: a planted passage can ask the model to add a phishing link, or an
// image whose URL carries case details out (a "pixel"). Curbside's answers need no links of the model's own: citations link
// to the guideline files, added by the door from the citation records. So model text loses every link and image, and keeps
// the link's words.

const MARKDOWN_IMAGE = /!\[[^\]\n]*\]\([^)\n]*\)/g;
const MARKDOWN_LINK = /\[([^\]\n]*)\]\((?:[^()\n]|\([^)\n]*\))*\)/g;
const REFERENCE_DEFINITION = /^\s*\[[^\]\n]+\]:\s*\S+.*$/gm;
const AUTOLINK = /<(?:https?|ftp|mailto|data|javascript):[^>\s]*>/gi;
const HTML_LINKISH = /<\/?(?:a|img|iframe|script|link|object|embed|svg)\b[^>]*>/gi;
const BARE_URL = /\b(?:(?:https?|ftp):\/\/|www\.)\S*/gi;

/** The text with links, images and URLs removed; a markdown link's label stays as plain text. */
export function stripLinks(text: string): string {
  return text
    .replace(MARKDOWN_IMAGE, '')
    .replace(MARKDOWN_LINK, (_m, label: string) => label)
    .replace(REFERENCE_DEFINITION, '')
    .replace(AUTOLINK, '')
    .replace(HTML_LINKISH, '')
    .replace(BARE_URL, '')
    .replace(/[ \t]{2,}/g, ' ');
}
