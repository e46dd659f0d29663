// Worker-thread entry for ParserPool: parses one file per message and posts the result back.
import { parentPort } from 'node:worker_threads';
import { parseFile, UnreadableDocumentError } from './parse.js';
import { containPdfJsLeaks } from './pdf.js';

containPdfJsLeaks();

parentPort?.on('message', async (job: { id: number; absPath: string; root: string }) => {
  try {
    const doc = await parseFile(job.absPath, job.root);
    parentPort?.postMessage({ id: job.id, ok: true, doc });
  } catch (err) {
    const unreadable = err instanceof UnreadableDocumentError;
    const reason = unreadable ? err.reason : err instanceof Error ? err.message : String(err);
    parentPort?.postMessage({ id: job.id, ok: false, file: job.absPath, reason, unreadable });
  }
});
