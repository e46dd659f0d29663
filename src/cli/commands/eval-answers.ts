// `curbside eval answers`: answer quality through the whole pipeline, plus the safety measurements it depends on.
// The heavy modules load inside run(), so listing `curbside eval` subcommands stays cheap.
import path from 'node:path';
import { REPO_ROOT } from '../../config.js';
import { isClinicalCaseFile } from '../../eval/clinical-cases.js';
import { parseFlags, UsageError } from '../args.js';
import type { EvalSubcommand } from '../command.js';

const CASES_DEV = path.join(REPO_ROOT, '..', 'shared', 'eval', 'cases-dev');
export const DEV_CASE_FILES = [path.join(CASES_DEV, 'dev-a.jsonl'), path.join(CASES_DEV, 'dev-b.jsonl')];
const DEFAULT_REGRESSION_CASES = path.join(REPO_ROOT, 'test', 'answer', 'cases.json');

/** Clinician case sets side by side: one column per file. */
async function runClinical(
  files: string[],
  opts: { extractive?: boolean; failures?: boolean; json?: boolean; ablate?: string[] },
): Promise<number> {
  const { loadConfig } = await import('../../config.js');
  const { createChatModel } = await import('../../answer/model.js');
  const { createPipeline } = await import('../../answer/pipeline.js');
  const cc = await import('../../eval/clinical-cases.js');
  const { openRetriever } = await import('../../retrieval/index.js');
  const { progress } = await import('../../progress.js');
  const { formatTable } = await import('../../eval/safety-eval.js');
  const config = loadConfig();
  const retriever = await openRetriever(config);
  const runs: {
    name: string;
    cases: ReturnType<typeof cc.loadClinicalCases>;
    results: Awaited<ReturnType<typeof cc.evaluateClinicalCases>>;
  }[] = [];
  let mode: string;
  try {
    const { withOverrides } = await import('../../answer/tuning.js');
    const tuning = withOverrides(opts.ablate ?? []);
    const pipeline = createPipeline({
      config,
      retriever,
      model: opts.extractive ? null : createChatModel(config),
      tuning,
    });
    mode = pipeline.mode;
    for (const file of files) {
      const cases = cc.loadClinicalCases(file);
      const bar = progress(`Answering ${cc.caseSetName(file)}`, cases.length);
      const results = await cc.evaluateClinicalCases(pipeline, cases, (done) => bar.update(done));
      bar.done();
      runs.push({ name: cc.caseSetName(file), cases, results });
    }
  } finally {
    await retriever.close();
  }
  const sets = runs.map((r) => ({ name: r.name, summary: cc.summarizeClinical(r.results) }));
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ mode, sets: Object.fromEntries(sets.map((s) => [s.name, s.summary])) })}\n`,
    );
    return 0;
  }
  const out = [
    `Answers on clinician case sets (mode: ${mode}${opts.ablate?.length ? `; tuning changed: ${opts.ablate.join(', ')}` : ''}):`,
    formatTable(cc.clinicalTableRows(sets)),
  ];
  if (opts.failures)
    out.push(
      '',
      'Misses:',
      ...runs.flatMap((r) => cc.clinicalFailures(r.name, r.cases, r.results)).map((l) => `  ${l}`),
    );
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** The same questions through each named model profile: one table, one column per profile. */
async function runModels(
  files: string[],
  profiles: string[],
  opts: { json?: boolean; failures?: boolean },
): Promise<number> {
  const { loadConfig, loadModelProfile } = await import('../../config.js');
  const { createChatModel } = await import('../../answer/model.js');
  const { createPipeline } = await import('../../answer/pipeline.js');
  const cc = await import('../../eval/clinical-cases.js');
  const mc = await import('../../eval/model-compare.js');
  const { openRetriever } = await import('../../retrieval/index.js');
  const { progress } = await import('../../progress.js');
  const { formatTable } = await import('../../eval/safety-eval.js');
  // Every profile is read before anything runs: a typo in the second name must not cost the first profile's run.
  const configs = profiles.map((name) => ({ name, config: loadModelProfile(name) }));
  const cases = files.flatMap((f) => cc.loadClinicalCases(f));
  const retriever = await openRetriever(loadConfig());
  const runs: Awaited<ReturnType<typeof mc.runProfile>>[] = [];
  try {
    for (const { name, config } of configs) {
      const inner = createChatModel(config);
      const counted = inner ? mc.countingModel(inner) : null;
      const pipeline = createPipeline({ config, retriever, model: counted?.model ?? null });
      const bar = progress(`Answering with ${name}`, cases.length);
      runs.push(await mc.runProfile(name, pipeline, counted, cases, (done) => bar.update(done)));
      bar.done();
    }
  } finally {
    await retriever.close();
  }
  const summaries = runs.map(mc.summarizeProfile);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ cases: files.map(cc.caseSetName), questions: cases.length, profiles: Object.fromEntries(summaries.map((s) => [s.profile, s])) })}\n`,
    );
    return 0;
  }
  const out = [
    `Models side by side on ${files.map(cc.caseSetName).join(' + ')} (${cases.length} questions, same retriever and pipeline):`,
    formatTable(mc.comparisonRows(summaries)),
  ];
  if (opts.failures)
    out.push(
      '',
      'Misses:',
      ...runs.flatMap((r) => cc.clinicalFailures(r.profile, cases, r.results)).map((l) => `  ${l}`),
    );
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

export const answers: EvalSubcommand = {
  summary:
    'Answer quality: right guideline/recommendation cited, citation validity, refusals; plus de-id and red-flag tables.',
  usage: `Usage: curbside eval answers [--cases FILE]... [--model NAME]... [--extractive] [--failures] [--no-safety] [--json]

  --cases FILE   case set; repeat it to run several side by side. A .jsonl file is a clinician case set in the schema
                 of ../shared/eval/cases-dev (per kind: gold cited / first, strength, false refusals, emergencies,
                 not-urgent, out-of-scope). Default: ../shared/eval/cases-dev/dev-a.jsonl and dev-b.jsonl.
                 test/answer/cases.json is the team's own regression set (written by the team: not evidence).
  --model NAME   a model profile; repeat it to compare models on the same questions in one table (gold cited and first,
                 false refusals, grounding, latency, tokens). NAME reads CURBSIDE_MODEL_PROFILE_<NAME>_ENDPOINT,
                 _DEPLOYMENT, _ROUTE (deployment | v1), _API_KEY (optional: keyless by default), _EXPECTED_MODEL, ... ;
                 "default" is AZURE_OPENAI_*, "extractive" is no model. Needs .jsonl case sets.
  --extractive   do not call Azure OpenAI even when it is configured
  --failures     list the cases that missed (ids and cited sources only)
  --ablate N=V   change one number of the answer tuning (src/answer/tuning.ts) for this run, e.g. fit.population=0
                 (repeatable): how each mechanism's effect is measured on both sets
  --no-safety    skip the de-identification and red-flag tables
  --json         print {"answers": {...summary}, "deid": [...], "redFlags": [...]} as one JSON object`,
  defaultRuns: [[], ['--cases', DEFAULT_REGRESSION_CASES, '--no-safety']],
  async run(args) {
    const { values } = parseFlags(args, {
      cases: { type: 'string', multiple: true },
      model: { type: 'string', multiple: true },
      extractive: { type: 'boolean', default: false },
      failures: { type: 'boolean', default: false },
      'no-safety': { type: 'boolean', default: false },
      ablate: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    });
    const { loadConfig } = await import('../../config.js');
    const { createChatModel } = await import('../../answer/model.js');
    const { createPipeline } = await import('../../answer/pipeline.js');
    const { answerFailures, answerSummaryRows, DEFAULT_ANSWER_CASES, evaluateAnswers, loadAnswerCases } =
      await import('../../eval/answers-eval.js');
    const { openRetriever } = await import('../../retrieval/index.js');
    const { progress } = await import('../../progress.js');
    const config = loadConfig();
    const files = values.cases?.length ? values.cases : DEV_CASE_FILES;
    if (values.model?.length) {
      if (values.extractive) throw new UsageError('--model and --extractive: name the profile "extractive" instead');
      if (!files.every(isClinicalCaseFile))
        throw new UsageError(
          '--model compares models on .jsonl clinician case sets (the schema of ../shared/eval/cases-dev)',
        );
      return runModels(files, values.model, { json: values.json, failures: values.failures });
    }
    if (files.some(isClinicalCaseFile)) {
      if (!files.every(isClinicalCaseFile))
        throw new UsageError('--cases: give either .jsonl clinician case sets or one own-cases .json file, not both');
      return runClinical(files, {
        extractive: values.extractive,
        failures: values.failures,
        json: values.json,
        ablate: values.ablate,
      });
    }
    const set = loadAnswerCases(files[0] ?? DEFAULT_ANSWER_CASES);
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
    const safety = values['no-safety']
      ? null
      : await import('../../eval/safety-eval.js').then((s) => ({
          s,
          deid: s.evaluateDeid(),
          redFlags: s.evaluateRedFlags(s.RED_FLAG_SUITE),
        }));

    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          answers: { mode: result.mode, ...result.summaries },
          deid: safety ? safety.s.deidTableRows(safety.deid) : null,
          redFlags: safety ? safety.s.redFlagTableRows(safety.redFlags) : null,
        })}\n`,
      );
      return 0;
    }
    const { formatTable } = await import('../../eval/safety-eval.js');
    const out = [
      `Answers (${set.cases.length} case questions, ${set.refuse.length} to decline):`,
      formatTable(answerSummaryRows(result)),
    ];
    if (values.failures) out.push('', 'Misses:', ...answerFailures(result).map((l) => `  ${l}`));
    if (safety) {
      out.push(
        '',
        `De-identification (${safety.deid.notes} notes from ${safety.deid.patients} synthetic patients):`,
        formatTable(safety.s.deidTableRows(safety.deid)),
      );
      out.push(
        '',
        `Red flags (${safety.redFlags.cases} labelled cases):`,
        formatTable(safety.s.redFlagTableRows(safety.redFlags)),
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};
