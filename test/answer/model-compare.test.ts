// Models side by side: `curbside eval answers --cases FILE --model current --model health` as a user runs it, against two
// loopback model servers: "current" on the Azure OpenAI deployment route (a careless model: half of what it writes is
// unsupported), "health" on the OpenAI/v1 route (writes only sentences its passages support). Both profiles must get the
// same questions, and the table must tell them apart: reported model, statements removed, supported share, tokens.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { comparisonRows, type ProfileSummary } from '../../src/eval/model-compare.js';
import { startFakeAzureOpenAI, type FakeAzureOpenAI, type RecordedRequest } from '../support/fake-azure-openai.js';
import { carelessReply, renderReply } from '../support/adversarial-model.js';

const indexPath = (inject as (key: string) => string | undefined)('guidelineIndex');

const isGrounded = (r: RecordedRequest) =>
  r.kind === 'chat' && /numbered guideline passages/.test(r.body?.messages?.[0]?.content ?? '');
const userText = (r: RecordedRequest) => String(r.body?.messages?.[1]?.content ?? '');
/** The question block of a grounded-answer request, as the model saw it. */
const questionOf = (r: RecordedRequest) =>
  /<question>\n?([\s\S]*?)\n?<\/question>/.exec(userText(r))?.[1]?.trim() ?? null;

const CASES = [
  {
    id: 'c-htn',
    kind: 'answerable',
    question: 'first-line treatment for hypertension in black patients',
    history: [],
    guideline_file: 'VADoDHypertensionCPG508Corrected792020.pdf',
    recommendation: '24',
    strength: 'Strong against',
  },
  {
    id: 'c-ckd',
    kind: 'answerable',
    question: '67M, T2DM on metformin, eGFR 38, A1c 8.4 - next step?',
    history: [],
    guideline_file: 'VADoDCKDCPGFinal5082142020.pdf',
    recommendation: '17',
    strength: 'Weak for',
  },
  {
    id: 'c-oos',
    kind: 'out_of_scope',
    question: 'Write me a poem about the beach.',
    history: [],
    guideline_file: null,
    recommendation: null,
    strength: null,
  },
];

function curbside(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/curbside.js'), ...args], {
      cwd: REPO_ROOT,
      // Only what the run needs: no AZURE_* from the developer's shell.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe.skipIf(!indexPath)('eval answers --model A --model B', () => {
  let current: FakeAzureOpenAI;
  let health: FakeAzureOpenAI;
  let dir: string;

  beforeAll(async () => {
    const reply = (onlySupported: boolean) => (req: RecordedRequest) => {
      if (!isGrounded(req)) return { content: 'When should kidney function be rechecked?' };
      // The careful model writes the supported forms the check keeps (the mechanically reordered summary is left out: the
      // grounding suite shows the check may reject its drug/direction pairing).
      const labelled = carelessReply(userText(req)).filter(
        (s) => !onlySupported || (s.kind === 'supported' && s.label !== 'reordered summary'),
      );
      return { content: renderReply(labelled) };
    };
    current = await startFakeAzureOpenAI({
      route: 'deployment',
      reportModel: 'gpt-4o-2024-11-20',
      respond: reply(false),
    });
    health = await startFakeAzureOpenAI({ route: 'v1', reportModel: 'med-model-2025-06-01', respond: reply(true) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-compare-'));
    // A copy: the command opens its index read-write, and the shared test index must stay untouched.
    fs.copyFileSync(indexPath!, path.join(dir, 'index.sqlite'));
    fs.writeFileSync(path.join(dir, 'cases.jsonl'), CASES.map((c) => JSON.stringify(c)).join('\n'));
  });

  afterAll(async () => {
    await current?.close();
    await health?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs both profiles on the same questions and tells them apart in one table', async () => {
    const r = await curbside(
      [
        'eval',
        'answers',
        '--cases',
        path.join(dir, 'cases.jsonl'),
        '--model',
        'current',
        '--model',
        'health',
        '--json',
      ],
      {
        CURBSIDE_INDEX: path.join(dir, 'index.sqlite'),
        CURBSIDE_DATA_DIR: dir,
        AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
        CURBSIDE_TURN_DEADLINE_MS: '110000',
        CURBSIDE_MODEL_PROFILE_CURRENT_ENDPOINT: current.endpoint,
        CURBSIDE_MODEL_PROFILE_CURRENT_DEPLOYMENT: 'gpt-4o',
        CURBSIDE_MODEL_PROFILE_CURRENT_API_KEY: 'current-key',
        CURBSIDE_MODEL_PROFILE_HEALTH_ENDPOINT: `${health.endpoint}/openai/v1`,
        CURBSIDE_MODEL_PROFILE_HEALTH_DEPLOYMENT: 'med-model',
        CURBSIDE_MODEL_PROFILE_HEALTH_API_KEY: 'health-key',
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      questions: number;
      profiles: Record<string, ProfileSummary>;
    };
    expect(out.questions).toBe(CASES.length);
    const a = out.profiles.current!;
    const b = out.profiles.health!;

    // Each profile reached its own server on its own route, with its own key, and was asked the same questions.
    expect(
      current.requests.every(
        (q) => q.route === 'deployment' && q.deployment === 'gpt-4o' && q.headers['api-key'] === 'current-key',
      ),
    ).toBe(true);
    expect(
      health.requests.every(
        (q) => q.route === 'v1' && q.deployment === 'med-model' && q.headers.authorization === 'Bearer health-key',
      ),
    ).toBe(true);
    const asked = (f: FakeAzureOpenAI) => f.requests.filter(isGrounded).map(questionOf).sort();
    expect(asked(current).length).toBeGreaterThan(0);
    expect(asked(health)).toEqual(asked(current));

    expect(a).toMatchObject({
      deployment: 'gpt-4o',
      reportedModels: ['gpt-4o-2024-11-20'],
      questions: CASES.length,
      answerItems: 2,
    });
    expect(b).toMatchObject({
      deployment: 'med-model',
      reportedModels: ['med-model-2025-06-01'],
      questions: CASES.length,
      answerItems: 2,
    });
    // The careless model loses statements to the grounding check; the careful one keeps what it wrote.
    expect(a.removed).toBeGreaterThan(0);
    expect(b.removed).toBe(0);
    expect(b.supported).toBe(b.sentences);
    expect(a.supported / a.sentences).toBeLessThan(b.supported / b.sentences);
    for (const s of [a, b]) {
      expect(s.usage!.promptTokens).toBeGreaterThan(0);
      expect(s.usage!.completionTokens).toBeGreaterThan(0);
      expect(s.p95Ms).toBeGreaterThanOrEqual(s.p50Ms);
    }
    // Out of scope: refused before any model call, so one fewer grounded request than questions.
    expect(asked(current).length).toBe(2);

    const rows = comparisonRows([a, b]);
    expect(Object.keys(rows[0]!)).toEqual(['metric', 'current', 'health']);
    const row = (metric: string) => rows.find((x) => x.metric === metric)!;
    expect(row('model reported by the service')).toMatchObject({
      current: 'gpt-4o-2024-11-20',
      health: 'med-model-2025-06-01',
    });
    expect(row('model statements supported by their citations').health).toMatch(/\(100%\)$/);
    expect(row('statements removed (total / per checked answer)').health).toBe('0 / 0.00');
  });

  it('names the defined profiles when one is unknown, before running anything', async () => {
    const r = await curbside(
      ['eval', 'answers', '--cases', path.join(dir, 'cases.jsonl'), '--model', 'health', '--model', 'nope'],
      {
        CURBSIDE_INDEX: path.join(dir, 'index.sqlite'),
        CURBSIDE_MODEL_PROFILE_HEALTH_ENDPOINT: `${health.endpoint}/openai/v1`,
        AZURE_OPENAI_ALLOW_HTTP: 'loopback-test',
      },
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/profile "nope" is not defined.*defined: health/);
    health.reset();
    expect(health.requests).toHaveLength(0);
  });
});
