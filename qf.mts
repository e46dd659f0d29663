import { loadConfig } from './src/config.js';
import { createRuntime } from './src/runtime.js';
import { loadAnswerCases } from './src/eval/answers-eval.js';
const rt = await createRuntime(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), { retriever: { build: false } });
const { cases } = loadAnswerCases();
for (const c of cases.filter((c) => (c.set ?? 'dev') === 'dev')) {
  const a = await rt.pipeline.answer({ question: c.question });
  const first = a.citations[0];
  const ok = first && first.source === c.source && c.recommendations.includes(String(first.recommendation));
  if (!ok) console.log(`\n${c.id}: ${c.question}\n  want ${c.source} rec ${c.recommendations.join('/')}\n  ${a.refused ? a.answer.split('\n').slice(0, 3).join(' | ').slice(0, 300) : a.citations.slice(0,3).map((x) => `${x.source} ${x.recommendation}`).join('; ')}`);
}
await rt.close();
