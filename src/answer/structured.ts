// Structured output for the grounded answer, where the deployment supports JSON-schema response formats
// (AZURE_OPENAI_STRUCTURED_OUTPUT=true): the model returns its claims with the passage numbers each rests on, and the door
// renders the citation markers from those numbers, not from whatever the model typed. The rendered text then goes through
// the same grounding check as plain text; a reply that is not valid JSON of this shape falls back to plain-text parsing.

export const ANSWER_SCHEMA_NAME = 'grounded_answer';

const claim = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'passages'],
  properties: {
    text: { type: 'string', description: 'One sentence, without citation markers.' },
    passages: {
      type: 'array',
      items: { type: 'integer' },
      description: 'Numbers of the passages that support this sentence.',
    },
  },
} as const;

/** JSON schema (strict mode: every property required, no extras). */
export const ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['lead', 'claims', 'not_covered'],
  properties: {
    lead: claim,
    claims: { type: 'array', items: claim },
    not_covered: {
      type: 'array',
      items: { type: 'string' },
      description: 'Parts of the question the passages do not answer.',
    },
  },
} as const;

/** Appended to the grounded-answer system prompt when structured output is on. */
export const STRUCTURED_INSTRUCTION =
  'Return your answer as JSON matching the response schema: "lead" is the one-sentence lead answer, "claims" are the ' +
  'bullet points (at most 5), each one sentence with the numbers of the passages that support it in "passages" (no [n] ' +
  'markers inside "text"), and "not_covered" lists, as sentences, what the loaded guidelines do not address. All the ' +
  'rules above still apply.';

interface Claim {
  text: string;
  passages: number[];
}

function isClaim(x: unknown): x is Claim {
  const c = x as Claim;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.text === 'string' &&
    Array.isArray(c.passages) &&
    c.passages.every((n) => Number.isInteger(n))
  );
}

function render(c: Claim): string {
  const text = c.text
    .replace(/\s*\[\d{1,3}(?:\s*[-–,;]\s*\d{1,3})*\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return '';
  const markers = [...new Set(c.passages)].map((n) => `[${n}]`).join('');
  if (!markers) return text;
  const end = /[.!?]$/.exec(text);
  return end ? `${text.slice(0, -1)} ${markers}${end[0]}` : `${text} ${markers}`;
}

/** Markdown with [n] markers from a structured reply; null when the reply is not of the schema's shape. */
export function renderStructured(json: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const r = parsed as { lead?: unknown; claims?: unknown; not_covered?: unknown };
  if (typeof r !== 'object' || r === null || !isClaim(r.lead) || !Array.isArray(r.claims) || !r.claims.every(isClaim))
    return null;
  const notCovered = Array.isArray(r.not_covered)
    ? r.not_covered.filter((s): s is string => typeof s === 'string')
    : [];
  const lines = [
    render(r.lead),
    '',
    ...r.claims
      .map((c) => render(c))
      .filter(Boolean)
      .map((t) => `- ${t}`),
  ];
  if (notCovered.length) lines.push('', ...notCovered.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean));
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
