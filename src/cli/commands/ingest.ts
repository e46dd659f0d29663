// `curbside ingest [PATH ...]`: bring the local index in line with the guideline files (incremental).
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { buildIndex, displayPath, knowledgeBasePaths } from '../../retrieval/index.js';
import { PassageStore } from '../../retrieval/store.js';
import { parseFlags } from '../args.js';
import type { CommandModule } from '../command.js';

const command: CommandModule = {
  usage: `Usage: curbside ingest [PATH ...] [--index FILE] [--json]

  PATH          files or folders to index (default: $CURBSIDE_GUIDELINES or ../shared/guidelines, plus the library folder)
  --index FILE  index file (default: $CURBSIDE_INDEX or data/index.sqlite)
  --json        print the ingest report as one JSON object

A folder is a knowledge-base root: files deleted from it are removed from the index on the next ingest.
A file that cannot be read is reported on one line and the others are still indexed (exit code 1).`,
  async run(args) {
    const { values, positionals } = parseFlags(args, { index: { type: 'string' }, json: { type: 'boolean' } });
    const config = loadConfig();
    const indexPath = path.resolve(values.index ?? config.indexPath);
    const paths = positionals.length ? positionals.map((p) => path.resolve(p)) : knowledgeBasePaths(config);
    const store = PassageStore.open(indexPath);
    try {
      const report = await buildIndex(store, paths);
      const counts = store.counts();
      if (values.json) {
        process.stdout.write(JSON.stringify({ index: indexPath, ...report, totals: counts }) + '\n');
      } else {
        process.stdout.write(
          `${displayPath(indexPath)}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ` +
            `${report.removed} removed, ${report.failed.length} failed in ${report.seconds.toFixed(1)} s\n` +
            `Index now holds ${counts.documents} documents, ${counts.passages} passages (${counts.recommendations} recommendations).\n`,
        );
      }
      return report.failed.length ? 1 : 0;
    } finally {
      store.close();
    }
  },
};

export default command;
