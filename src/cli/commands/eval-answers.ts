// `curbside eval answers`: answer quality through the whole pipeline, plus the safety measurements it depends on.
// The heavy modules load inside run(), so listing `curbside eval` subcommands stays cheap.
import { parseFlags } from '../args.js';
import type { EvalSubcommand } from './eval.js';

export const answers: EvalSubcommand = {
  summary: 'Answer quality: right guideline/recommendation cited, citation validity, refusals; plus de-id and red-flag tables.',
  usage: `Usage: curbside eval answers [--cases FILE] [--extractive] [--failures] [--no-safety] [--json]

  --cases FILE   case set (default: test/answer/cases.json)
  --extractive   do not call Azure OpenAI even when it is configured
  --failures     list the cases that missed (ids and cited sources only)
  --no-safety    skip the de-identification and red-flag tables
  --json         print {"answers": {...summary}, "deid": [...], "redFlags": [...]} as one JSON object`,
  defaultRuns: [[]],
  async run(args) {
    const { values } = parseFlags(args, {
      cases: { type: 'string' },
      extractive: { type: 'boolean', default: false },
      failures: { type: 'boolean', default: false },
      'no-safety': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const { loadConfig } = await import('../../config.js');
    const { createChatModel } = await import('../../answer/model.js');
    const { createPipeline } = await import('../../answer/pipeline.js');
    const { answerFailures, answerSummaryRows, DEFAULT_ANSWER_CASES, evaluateAnswers, loadAnswerCases } = await import('../../eval/answers-eval.js');
    const { openRetriever } = await import('../../retrieval/index.js');
    const { progress } = await import('../progress.js');
    const config = loadConfig();
    const set = loadAnswerCases(values.cases ?? DEFAULT_ANSWER_CASES);
    const retriever = await openRetriever(config);
    let result;
    try {
      const pipeline = createPipeline({ config, retriever, model: values.extractive ? null : createChatModel(config) });
      const bar = progress('Answering', set.cases.length + set.refuse.length);
      result = await evaluateAnswers(pipeline, set, (done) => bar.update(done));
      bar.done();
    } finally {
      await retriever.close();
    }

    // The safety helper's measurements, reported here too because an answer is only as safe as its first two steps.
    const safety = values['no-safety'] ? null : await import('../../eval/safety-eval.js').then((s) => ({
      s,
      deid: s.evaluateDeid(),
      redFlags: s.evaluateRedFlags(s.RED_FLAG_SUITE),
    }));

    if (values.json) {
      process.stdout.write(`${JSON.stringify({
        answers: { mode: result.mode, ...result.summaries },
        deid: safety ? safety.s.deidTableRows(safety.deid) : null,
        redFlags: safety ? safety.s.redFlagTableRows(safety.redFlags) : null,
      })}\n`);
      return 0;
    }
    const { formatTable } = await import('../../eval/safety-eval.js');
    const out = [`Answers (${set.cases.length} case questions, ${set.refuse.length} to decline):`, formatTable(answerSummaryRows(result))];
    if (values.failures) out.push('', 'Misses:', ...answerFailures(result).map((l) => `  ${l}`));
    if (safety) {
      out.push('', `De-identification (${safety.deid.notes} notes from ${safety.deid.patients} synthetic patients):`, formatTable(safety.s.deidTableRows(safety.deid)));
      out.push('', `Red flags (${safety.redFlags.cases} labelled cases):`, formatTable(safety.s.redFlagTableRows(safety.redFlags)));
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};
