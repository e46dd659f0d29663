// `curbside ask "<question>"`: the whole answer pipeline from the command line (builds the local index on first use).
import { loadConfig } from '../../config.js';
import { createPipeline } from '../../answer/pipeline.js';
import type { CitedAnswer } from '../../answer/types.js';
import { openRetriever } from '../../retrieval/index.js';
import { localDeidentifier } from '../../safety/deidentifier.js';
import type { CommandModule } from '../command.js';
import { parseFlags, UsageError } from '../args.js';

const usage = `Usage: curbside ask "<question>" [--json] [--extractive] [--after "<earlier question>"]...

  --json         print one JSON object: answer, mode, urgent, refused, case, redactions, citations (+ caseSummary,
                 followUps, notes, traceId)
  --extractive   do not call Azure OpenAI even when it is configured
  --after Q      an earlier question of the same conversation (repeatable, oldest first), for follow-ups
                 such as "and if she is pregnant?"
  --engine E     local | azure (default: CURBSIDE_RETRIEVAL_ENGINE, else azure when AZURE_SEARCH_ENDPOINT is set)
  --set NAME     answer from documents in this set (and "all") only, as a team mapped to it would (repeatable)
  --superseded   let superseded editions answer too

Uses Azure OpenAI when AZURE_OPENAI_ENDPOINT is set (model mode), otherwise quotes the guidelines (extractive mode).
With AZURE_DEID_ENDPOINT set, the Azure de-identification service adds redactions on top of the local pass.`;

export function toJson(a: CitedAnswer) {
  return {
    answer: a.answer,
    mode: a.mode,
    urgent: a.urgent,
    refused: a.refused,
    case: a.case,
    caseSummary: a.caseSummary,
    redactions: a.redactions,
    citations: a.citations.map((c) => ({
      n: c.n,
      title: c.title,
      source: c.source,
      version: c.version,
      year: c.year,
      page: c.page,
      section: c.section,
      recommendation: c.recommendation,
      strength: c.strength,
      quote: c.quote,
    })),
    followUps: a.followUps,
    notes: a.notes,
    traceId: a.traceId,
  };
}

function toText(a: CitedAnswer): string {
  const lines = [a.answer, ''];
  if (a.citations.length) {
    lines.push('References:');
    for (const c of a.citations) {
      const where = [c.version ?? c.year, c.section, c.page ? `p. ${c.page}` : null].filter(Boolean).join(', ');
      lines.push(`[${c.n}] ${c.title} (${c.source}${where ? `; ${where}` : ''})`);
      lines.push(`    "${c.quote}"`);
    }
    lines.push('');
  }
  if (a.followUps.length) lines.push('You could also ask:', ...a.followUps.map((f) => `  - ${f}`), '');
  for (const n of a.notes) lines.push(`Note: ${n}`);
  return lines.join('\n').trimEnd() + '\n';
}

const command: CommandModule = {
  usage,
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      json: { type: 'boolean', default: false },
      extractive: { type: 'boolean', default: false },
      after: { type: 'string', multiple: true },
      engine: { type: 'string' },
      set: { type: 'string', multiple: true },
      superseded: { type: 'boolean', default: false },
    });
    const question = positionals.join(' ').trim();
    if (!question) throw new UsageError(`A question is required.\n\n${usage}`);
    const config = loadConfig();
    if (values.engine !== undefined) {
      if (values.engine !== 'local' && values.engine !== 'azure')
        throw new UsageError('--engine must be "local" or "azure"');
      if (values.engine === 'azure' && !config.azureSearch)
        throw new UsageError('--engine azure needs AZURE_SEARCH_ENDPOINT (and AZURE_SEARCH_INDEX)');
      config.retrievalEngine = values.engine;
    }
    const retriever = await openRetriever(config);
    try {
      // The Azure SDKs (model client, de-identification service) load only when configured: start-up time.
      const model =
        values.extractive || !config.azureOpenAI
          ? null
          : (await import('../../answer/model.js')).createChatModel(config);
      const deidentifier = config.azureDeid
        ? (await import('../../runtime.js')).createDeidentifier(config)
        : localDeidentifier;
      const pipeline = createPipeline({ config, retriever, model, deidentifier });
      const history = (values.after ?? []).map((text) => ({ role: 'user' as const, text }));
      const answer = await pipeline.answer({
        question,
        history,
        scope: {
          ...(values.set?.length ? { sets: values.set } : {}),
          ...(values.superseded ? { includeSuperseded: true } : {}),
        },
        onProgress:
          values.json || !process.stderr.isTTY
            ? undefined
            : (e) => {
                if (e.type === 'status') process.stderr.write(`${e.message}\n`);
              },
      });
      process.stdout.write(values.json ? `${JSON.stringify(toJson(answer), null, 2)}\n` : toText(answer));
      return 0;
    } finally {
      await retriever.close();
    }
  },
};

export default command;
