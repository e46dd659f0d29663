// `curbside report [--since 30d] [--html FILE] [--json]`: the quality report over this deployment's answers, feedback and
// review verdicts (src/review/quality-report.ts).
import fs from 'node:fs';
import { loadConfig } from '../../config.js';
import { openReviewQueue } from '../../ops/stores.js';
import { collectQualityReport, parseSince, reportHtml, reportText } from '../../review/quality-report.js';
import type { CommandModule } from '../command.js';
import { parseFlags, UsageError } from '../args.js';

const command: CommandModule = {
  usage: `Usage: curbside report [--since 30d] [--html FILE] [--json]

  --since N[h|d|w]  the period, ending now (default 30d)
  --html FILE       also write the report as a self-contained HTML page with SVG charts (served at /admin/quality too)
  --json            print the figures as one JSON object

Answers, refusal rate, emergencies flagged, thumbs up/down, reviewed accuracy (labelled correct / labelled), p50/p95 latency
and the top unanswered topics (refused questions grouped by topic). Reads CURBSIDE_DATA_DIR, or Azure Table storage.`,
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      since: { type: 'string' },
      html: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const sinceMs = parseSince(values.since ?? '30d');
    if (sinceMs === null) throw new UsageError('--since is a number of hours, days or weeks, e.g. 24h, 30d, 2w');
    const queue = openReviewQueue(loadConfig());
    try {
      const report = await collectQualityReport(queue, sinceMs);
      if (values.html) fs.writeFileSync(values.html, reportHtml(report));
      process.stdout.write(
        values.json
          ? `${JSON.stringify(report)}\n`
          : `${reportText(report)}\n${values.html ? `HTML: ${values.html}\n` : ''}`,
      );
      return 0;
    } finally {
      queue.close();
    }
  },
};

export default command;
