// The benchmarks' question sets: one text field of each line of a JSONL file under ../shared/eval (none if it is absent).
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config.js';

export function evalTexts(file: string, field: string): string[] {
  const full = path.join(REPO_ROOT, '..', 'shared', 'eval', file);
  if (!fs.existsSync(full)) return [];
  return fs
    .readFileSync(full, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as Record<string, unknown>)[field])
    .filter((t): t is string => typeof t === 'string');
}
