// Measures what a clinician waits for in a personal chat, through the real Agents Playground: time from sending a question to
// the informative update ("Searching N guidelines…") and to the final cited message. Uses the configured index and mode.
//   node --import tsx scripts/teams-latency.ts [--rounds N]
import { parseArgs } from 'node:util';

const QUESTIONS = [
  '67-year-old man with type 2 diabetes and CKD, eGFR 38, on metformin: what should I add?',
  'First-line treatment for PTSD in a veteran with insomnia?',
  'Which adults should be screened for lung cancer?',
  '62-year-old woman with COPD, 2 exacerbations last year on a LAMA: what should I add?',
  'Blood pressure target for a 70-year-old with hypertension and diabetes?',
  'Chronic low back pain for 4 months: which non-drug treatments are recommended?',
  'From what age should average-risk adults be screened for colorectal cancer?',
  'Obstructive sleep apnea in an adult: first-line treatment?',
  'Asthma not controlled on low-dose inhaled corticosteroid: next step?',
  'Knee osteoarthritis: are opioids recommended for pain?',
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1' } } });
  const rounds = Math.max(1, Number(values.rounds) || 1);
  // The logger reads LOG_LEVEL when first imported: keep per-turn log lines out of the table unless asked for.
  process.env.LOG_LEVEL ??= 'warn';
  const { loadConfig } = await import('../src/config.js');
  const { createRuntime } = await import('../src/runtime.js');
  const { startServer } = await import('../src/server.js');
  const { Playground } = await import('../src/teams/playground.js');
  const config = loadConfig({ ...process.env, PORT: '0', CURBSIDE_BOT_USER_BURST: '1000' });
  const runtime = await createRuntime(config);
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1' });
  const playground = await Playground.start(server.url);
  const informative: number[] = [];
  const final: number[] = [];
  let cited = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      for (const question of QUESTIONS) {
        // Each question on its own: no history carried from the previous one.
        const resetFrom = playground.events.length;
        await playground.send('reset');
        await playground.waitFor((ev) => ev.find((e) => /forgotten/.test(e.message?.text ?? '')), resetFrom);
        const from = playground.events.length;
        const started = Date.now();
        await playground.send(question);
        await playground.waitFor((ev) => ev.find((e) => e.message?.streamEntity?.streamType === 'informative'), from);
        informative.push(Date.now() - started);
        const message = await playground.finalMessage(from);
        final.push(Date.now() - started);
        if ((message.aiEntity?.citation?.length ?? 0) > 0) cited++;
      }
    }
  } finally {
    await playground.close();
    await server.close();
    await runtime.close();
  }
  const row = (name: string, v: number[]) =>
    `| ${name} | ${percentile(v, 50)} | ${percentile(v, 95)} | ${Math.max(...v)} |`;
  process.stdout.write(
    [
      `${informative.length} questions, ${runtime.pipeline.mode} answers, ${runtime.retriever.engine} index; ${cited} answers carried citations`,
      '',
      '| personal chat, ms from send | p50 | p95 | max |',
      '|---|---|---|---|',
      row('informative update shown', informative),
      row('final cited message', final),
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`latency: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
