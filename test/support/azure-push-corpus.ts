// Measures `azure push` of a whole guideline folder through the loopback fakes (Curbside's side only: parsing,
// embedding batches, upload batches, state), then a second push with nothing changed.
//   node --import tsx test/support/azure-push-corpus.ts [FOLDER]   (default ../shared/guidelines)
import path from 'node:path';
import { pushGuidelines } from '../../src/azure/push.js';
import { ensureIndex } from '../../src/azure/search-client.js';
import { REPO_ROOT } from '../../src/config.js';
import { startLoopbackAzure } from './azure-env.js';

async function main(): Promise<void> {
  const folder = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '..', 'shared', 'guidelines'));
  const azure = await startLoopbackAzure();
  try {
    const config = azure.config({ AZURE_SEARCH_INDEX: 'corpus' });
    await ensureIndex(config, azure.deps);
    const rows: string[] = [
      '| run | files | passages | upload requests | embedding requests | failed | seconds |',
      '|---|---|---|---|---|---|---|',
    ];
    for (const run of ['first push', 'second push, nothing changed']) {
      azure.search.reset();
      azure.openai.reset();
      const started = performance.now();
      const report = await pushGuidelines(config, { paths: [folder] }, azure.deps);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const uploads = azure.search.requests.filter((r) => r.operation === 'docs-index');
      const largest = Math.max(0, ...uploads.map((r) => JSON.stringify(r.body).length));
      const embeds = azure.openai.requests.filter((r) => r.kind === 'embeddings').length;
      for (const u of report.unreadableFiles) process.stderr.write(`unreadable: ${u.docId}: ${u.reason}\n`);
      rows.push(
        `| ${run} | ${report.pushedFiles.length} pushed, ${report.skippedFiles.length} skipped, ${report.unreadableFiles.length} unreadable | ` +
          `${report.uploadedPassages} | ${uploads.length} (largest ${Math.round(largest / 1024)} KB) | ${embeds} | ${report.failed.length} | ${seconds} |`,
      );
    }
    process.stdout.write(rows.join('\n') + '\n');
  } finally {
    await azure.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
