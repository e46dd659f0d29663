// Prompts live as files in prompts/<name>/ (teams-ai PromptManager layout: config.json + skprompt.txt), so they can
// be reviewed and changed without touching code. Passages and user text are never spliced into the instructions:
// they go into the user message as delimited DATA blocks built here, with markup neutralised.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import type { Passage } from '../knowledge/passage.js';
import { withoutReferenceMarkers } from './citations.js';

export type PromptName = 'grounded-answer' | 'query-rewrite' | 'follow-ups';

export interface Prompt {
  name: PromptName;
  /** System message text (skprompt.txt). */
  text: string;
  maxTokens: number;
  temperature: number;
}

export const PROMPTS_DIR = path.join(REPO_ROOT, 'prompts');
const cache = new Map<string, Prompt>();

export function loadPrompt(name: PromptName, dir = PROMPTS_DIR): Prompt {
  const key = `${dir}\u0000${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const folder = path.join(dir, name);
  const config = JSON.parse(fs.readFileSync(path.join(folder, 'config.json'), 'utf8')) as {
    completion?: { max_tokens?: number; temperature?: number };
  };
  const prompt: Prompt = {
    name,
    text: fs.readFileSync(path.join(folder, 'skprompt.txt'), 'utf8').trim(),
    maxTokens: config.completion?.max_tokens ?? 800,
    temperature: config.completion?.temperature ?? 0,
  };
  cache.set(key, prompt);
  return prompt;
}

/**
 * Make text safe to place inside a DATA block: no markup can close the block or open a new one, and lines that
 * imitate chat roles or override instructions are marked as quoted text.
 */
export function neutralise(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^\s*(system|assistant|user|developer)\s*:/gim, '[quoted] $1:')
    .replace(
      /\b(ignore|disregard|forget)\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions?|prompts?|rules?)/gi,
      '[quoted: $&]',
    );
}

function attr(value: string | number | null): string {
  return String(value ?? '')
    .replace(/\s+>\s+/g, ' / ')
    .replace(/["<>&\n]/g, ' ')
    .trim();
}

/** Numbered passages as <passage n="1" ...> blocks, the only material the grounded answer may use. */
export function passagesBlock(passages: Passage[]): string {
  const blocks = passages.map((p, i) => {
    const meta = [
      `n="${i + 1}"`,
      `guideline="${attr(p.title)}"`,
      p.year ? `year="${p.year}"` : '',
      p.section ? `section="${attr(p.section)}"` : '',
      p.page ? `page="${p.page}"` : '',
      p.recommendation ? `recommendation="${attr(p.recommendation)}"` : '',
      p.strength ? `strength="${attr(p.strength)}"` : '',
    ].filter(Boolean);
    return `<passage ${meta.join(' ')}>\n${neutralise(withoutReferenceMarkers(p.text))}\n</passage>`;
  });
  return `<passages>\n${blocks.join('\n')}\n</passages>`;
}

export function dataBlock(tag: string, text: string): string {
  return `<${tag}>\n${neutralise(text)}\n</${tag}>`;
}
