// File helpers shared by the ingest paths.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** Content hash that decides whether a file changed since it was indexed. */
export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
