// `curbside review list|show|label|export|purge`: the review queue from the terminal. A thin door over src/review.
import fs from 'node:fs';
import { loadConfig } from '../../config.js';
import { openAudit, openReviewQueue } from '../../ops/stores.js';
import { goldText, isVerdict, parseGold, VERDICTS, type ReviewItem } from '../../review/review-item.js';
import { exportCases, resolveGold } from '../../review/review-cases.js';
import type { ReviewQueue } from '../../review/review-queue.js';
import type { CommandModule } from '../command.js';
import { parseFlags, UsageError } from '../args.js';

const usage = `Usage: curbside review <list|show|label|export|purge> ...

  review list [--json] [--status open|labelled]     the queue, newest first
  review show ID [--json]                           one item: question, history, answer, citations, feedback, label
  review label ID --verdict V [--gold FILE#REC] [--note TEXT]
      V: ${VERDICTS.join(', ')}
      --gold  the recommendation that should have been cited, e.g. VADoDCOPDCPGFinal508.pdf#8 (checked against the index)
  review export --out FILE                          labelled items as JSONL cases for \`curbside eval answers --cases FILE\`
  review purge                                      delete answers, feedback and items older than CURBSIDE_RETENTION_DAYS

Items come from the bot and the HTTP API: every thumbs-down, plus a sample of thumbs-up (CURBSIDE_REVIEW_SAMPLE_UP) and of
refusals (CURBSIDE_REVIEW_SAMPLE_REFUSALS). Labels are written to the audit log with who and when.`;

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function summaryLine(item: ReviewItem): string {
  const verdict = item.label ? item.label.verdict : 'open';
  return `${item.id}  ${item.createdAt.slice(0, 16).replace('T', ' ')}  ${item.reason.padEnd(16)}  ${verdict.padEnd(20)}  ${oneLine(item.question, 70)}`;
}

export function showText(item: ReviewItem): string {
  const lines = [
    `Review ${item.id} (${item.status}; ${item.reason}; ${item.door}, ${item.mode}; trace ${item.traceId})`,
    '',
    ...(item.history.length ? ['Earlier:', ...item.history.map((h) => `  - ${h}`), ''] : []),
    `Question: ${item.question}`,
    '',
    `Answer${item.refused ? ' (refused)' : ''}${item.urgent ? ' (urgent)' : ''}:`,
    item.answer,
    '',
    ...(item.citations.length
      ? [
          'Citations:',
          ...item.citations.map(
            (c) =>
              `  [${c.n}] ${c.source}${c.recommendation ? `#${c.recommendation}` : ''}${c.page ? ` p. ${c.page}` : ''}${c.strength ? ` (${c.strength})` : ''}`,
          ),
          '',
        ]
      : []),
  ];
  if (item.rating) lines.push(`Feedback: thumbs ${item.rating}${item.comment ? `: "${item.comment}"` : ''}`);
  if (item.label) {
    lines.push(
      `Label: ${item.label.verdict}${item.label.gold ? ` (gold ${goldText(item.label.gold)})` : ''} by ${item.label.by} at ${item.label.at}${item.label.note ? `: ${item.label.note}` : ''}`,
    );
  }
  return lines.join('\n');
}

async function must(queue: ReviewQueue, id: string | undefined): Promise<ReviewItem> {
  if (!id) throw new UsageError('give the review item id (see `curbside review list`)');
  const item = await queue.get(id);
  if (!item) throw new UsageError(`no review item "${id}" (see \`curbside review list\`)`);
  return item;
}

const command: CommandModule = {
  usage,
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      json: { type: 'boolean' },
      status: { type: 'string' },
      verdict: { type: 'string' },
      gold: { type: 'string' },
      note: { type: 'string' },
      out: { type: 'string' },
    });
    const [sub, id, ...extra] = positionals;
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (values.status !== undefined && values.status !== 'open' && values.status !== 'labelled')
      throw new UsageError('--status is open or labelled');
    const config = loadConfig();
    const queue = openReviewQueue(config);
    try {
      switch (sub) {
        case 'list': {
          const items = await queue.list({ status: values.status as 'open' | 'labelled' | undefined });
          if (values.json) process.stdout.write(`${JSON.stringify(items)}\n`);
          else process.stdout.write(items.length ? `${items.map(summaryLine).join('\n')}\n` : 'No review items.\n');
          return 0;
        }
        case 'show': {
          const item = await must(queue, id);
          process.stdout.write(values.json ? `${JSON.stringify(item)}\n` : `${showText(item)}\n`);
          return 0;
        }
        case 'label': {
          await must(queue, id);
          if (!isVerdict(values.verdict)) throw new UsageError(`--verdict is one of ${VERDICTS.join(', ')}`);
          let gold = null;
          if (values.gold !== undefined) {
            const parsed = parseGold(values.gold);
            if (!parsed)
              throw new UsageError('--gold is FILE#REC, e.g. VADoDCOPDCPGFinal508.pdf#8 (or FILE.md for a summary)');
            const { openRetriever } = await import('../../retrieval/index.js');
            const retriever = await openRetriever(config, { build: false });
            try {
              gold = await resolveGold(retriever, parsed);
            } finally {
              await retriever.close();
            }
            if (!gold)
              throw new UsageError(`${values.gold} is not a recommendation in the index (see \`curbside search\`)`);
          }
          const audit = openAudit(config);
          try {
            const item = await queue.label(
              id!,
              { verdict: values.verdict, gold, note: values.note },
              { by: 'local', door: 'cli', audit },
            );
            process.stdout.write(
              values.json
                ? `${JSON.stringify(item)}\n`
                : `Labelled ${item.id}: ${values.verdict}${gold ? ` (gold ${goldText(gold)})` : ''}.\n`,
            );
          } finally {
            audit.close();
          }
          return 0;
        }
        case 'export': {
          if (!values.out) throw new UsageError('give --out FILE');
          const { cases, skipped } = await exportCases(queue);
          fs.writeFileSync(values.out, cases.map((c) => JSON.stringify(c)).join('\n') + (cases.length ? '\n' : ''));
          process.stdout.write(
            `Wrote ${cases.length} case(s) to ${values.out}; run \`curbside eval answers --cases ${values.out}\`.\n`,
          );
          for (const s of skipped) process.stdout.write(`  skipped ${s.id}: ${s.why}\n`);
          return 0;
        }
        case 'purge': {
          const done = await queue.purge();
          process.stdout.write(
            `Purged records older than ${done.before}: ${done.answersAndFeedback} answer/feedback record(s), ${done.reviews} review item(s).\n`,
          );
          return 0;
        }
        default:
          throw new UsageError(
            sub ? `unknown subcommand "${sub}"` : 'give a subcommand: list, show, label, export or purge',
          );
      }
    } finally {
      queue.close();
    }
  },
};

export default command;
