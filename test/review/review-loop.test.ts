// The review loop end to end over the real server, stores and CLI: answers through POST /api/ask, thumbs through
// POST /api/feedback (on an older answer too), the queue over the reviewer routes and `curbside review`, verdicts (one over
// HTTP, one from the terminal, both in the audit log), export as JSONL cases, and `curbside eval answers --cases` re-running them.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCurbside as curbside } from '../support/cli.js';
import { startTestBot, type TestBot } from '../teams/support.js';

let bot: TestBot;

beforeAll(async () => {
  // Every refusal goes to review, no thumbs-up does: the outcome is known.
  bot = await startTestBot({
    CURBSIDE_REVIEW_SAMPLE_REFUSALS: '1',
    CURBSIDE_REVIEW_SAMPLE_UP: '0',
    CURBSIDE_RATE_LIMIT_BURST: '100',
  });
});
afterAll(async () => bot?.close());

async function api(
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${bot.server.url}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}

const cli = (args: string[], env: Record<string, string> = {}) =>
  curbside(args, { CURBSIDE_DATA_DIR: bot.dataDir, CURBSIDE_INDEX: inject('guidelineIndex'), ...env });

const PHI = /Smith|44820917|617-555-0199/;

describe('clinician feedback -> review -> regression cases', () => {
  const trace: Record<string, string> = {};
  const review: Record<string, string> = {};

  it('records each answer and ties feedback to the answer its trace id names, an older one included', async () => {
    const ask = async (question: string) => {
      const r = await api('POST', '/api/ask', { question });
      expect(r.status).toBe(200);
      return r.json as { traceId: string; refused: boolean };
    };
    trace.copd = (
      await ask('Mr. John Smith, MRN 44820917: COPD on a LAMA, still short of breath. Should I add a LABA?')
    ).traceId;
    trace.wrist = (await ask('What is the best treatment for a broken wrist in a skateboarder?')).traceId;
    const refusal = await ask('What amoxicillin dose for acute otitis media in a 3 year old?');
    expect(refusal.refused).toBe(true);
    trace.otitis = refusal.traceId;

    // Thumbs-down on the first answer after two later ones: it lands on the first.
    const down = await api('POST', '/api/feedback', {
      traceId: trace.copd,
      rating: 'down',
      comment: 'Wrong for Mr. Smith, call 617-555-0199: he needs the other one',
    });
    expect(down.status).toBe(200);
    expect(down.json).toMatchObject({ traceId: trace.copd, reviewId: expect.any(String) });
    review.copd = down.json.reviewId;
    const up = await api('POST', '/api/feedback', { traceId: trace.wrist, rating: 'up' });
    expect(up.status).toBe(200);
    expect(up.json.reviewId).toBeNull();
    const rows = await bot.runtime.feedback.list(2);
    expect(rows.map((r) => [r.traceId, r.match, r.reaction])).toEqual([
      [trace.wrist, 'trace', 'like'],
      [trace.copd, 'trace', 'dislike'],
    ]);
  });

  it('answers bad feedback with clear 4xx errors and stores nothing for them', async () => {
    const before = (await bot.runtime.feedback.list(100)).length;
    expect((await api('POST', '/api/feedback', { traceId: 'no-such-trace', rating: 'down' })).status).toBe(404);
    const bad = await api('POST', '/api/feedback', { traceId: trace.copd, rating: 'meh' });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0].path).toBe('rating');
    expect((await bot.runtime.feedback.list(100)).length).toBe(before);
  });

  it('serves the queue to a reviewer (every thumbs-down, the sampled refusal), de-identified, and documents it', async () => {
    const list = await api('GET', '/api/reviews?status=open');
    expect(list.status).toBe(200);
    const items = list.json.items as {
      id: string;
      traceId: string;
      reason: string;
      question: string;
      comment: string;
    }[];
    expect(items.map((i) => [i.traceId, i.reason]).sort()).toEqual(
      [
        [trace.copd, 'thumbs-down'],
        [trace.otitis, 'refusal-sample'],
      ].sort(),
    );
    review.otitis = items.find((i) => i.traceId === trace.otitis)!.id;
    const item = (await api('GET', `/api/reviews/${review.copd}`)).json;
    expect(item.question).toMatch(/COPD on a LAMA/);
    expect(item.comment).toMatch(/he needs the other one/);
    expect(item.citations[0].source).toBe('VADoDCOPDCPGFinal508.pdf');
    expect(JSON.stringify(items) + JSON.stringify(item)).not.toMatch(PHI);
    expect((await api('GET', '/api/reviews/ffffffffff')).status).toBe(404);
    expect((await api('GET', '/api/reviews?status=closed')).status).toBe(400);

    const doc = (await api('GET', '/api/openapi.json')).json;
    for (const route of [
      '/api/feedback',
      '/api/reviews',
      '/api/reviews/{id}',
      '/api/reviews/{id}/label',
      '/api/reviews/export',
      '/admin/quality',
    ]) {
      expect(Object.keys(doc.paths)).toContain(route);
    }
    expect(doc.components.schemas.LabelRequest.properties.verdict.enum).toContain('missed-emergency');
  });

  it('labels over HTTP (the right recommendation checked against the index) and from the CLI, both audited', async () => {
    const wrongGold = await api('POST', `/api/reviews/${review.copd}/label`, {
      verdict: 'wrong-recommendation',
      gold: 'VADoDCOPDCPGFinal508.pdf#999',
    });
    expect(wrongGold.status).toBe(400);
    const labelled = await api('POST', `/api/reviews/${review.copd}/label`, {
      verdict: 'wrong-recommendation',
      gold: 'VADoDCOPDCPGFinal508.pdf#10',
      note: 'Rec 10 fits; reviewed with Dr. John Smith',
    });
    expect(labelled.status).toBe(200);
    expect(labelled.json.label).toMatchObject({
      verdict: 'wrong-recommendation',
      by: 'local',
      gold: { file: 'VADoDCOPDCPGFinal508.pdf', recommendation: '10' },
    });
    expect(labelled.json.label.gold.strength).toBeTruthy();
    expect(labelled.json.label.note).not.toMatch(PHI);

    const list = await cli(['review', 'list', '--json', '--status', 'open']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((i) => i.id)).toEqual([review.otitis]);
    const show = await cli(['review', 'show', review.copd!]);
    expect(show.stdout).toMatch(/Label: wrong-recommendation \(gold VADoDCOPDCPGFinal508\.pdf#10\)/);
    const bad = await cli(['review', 'label', review.otitis!, '--verdict', 'meh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--verdict is one of correct, wrong-recommendation/);
    const label = await cli([
      'review',
      'label',
      review.otitis!,
      '--verdict',
      'correct',
      '--note',
      'not in the library: refusing is right',
    ]);
    expect(label.code).toBe(0);
    expect(label.stdout).toMatch(/Labelled .*: correct/);

    const db = new Database(path.join(bot.dataDir, 'audit.sqlite'), { readonly: true });
    try {
      const rows = db
        .prepare("SELECT door, action, caller, trace_id FROM audit WHERE action LIKE 'review label %' ORDER BY id")
        .all();
      expect(rows).toEqual([
        {
          door: 'http',
          action: `review label ${review.copd} wrong-recommendation`,
          caller: 'local',
          trace_id: trace.copd,
        },
        { door: 'cli', action: `review label ${review.otitis} correct`, caller: 'local', trace_id: trace.otitis },
      ]);
    } finally {
      db.close();
    }
  });

  it('exports the labelled items as cases that `eval answers --cases` re-runs', { timeout: 240_000 }, async () => {
    const file = path.join(bot.dataDir, 'reviewed.jsonl');
    const exported = await cli(['review', 'export', '--out', file]);
    expect(exported.code).toBe(0);
    const cases = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(cases.map((c) => [c.id, c.kind, c.guideline_file, c.recommendation]).sort()).toEqual(
      [
        [`rv-${review.copd}`, 'answerable', 'VADoDCOPDCPGFinal508.pdf', '10'],
        [`rv-${review.otitis}`, 'out_of_scope', null, null],
      ].sort(),
    );
    expect((await api('GET', '/api/reviews/export')).text.trim().split('\n')).toHaveLength(2);

    const evaluated = await cli(['eval', 'answers', '--cases', file, '--no-safety', '--json']);
    expect(evaluated.code).toBe(0);
    const summary = Object.values(
      JSON.parse(evaluated.stdout).sets as Record<
        string,
        { answerItems: number; outOfScope: number; outOfScopeRefused: number }
      >,
    )[0]!;
    expect(summary).toMatchObject({ answerItems: 1, outOfScope: 1, outOfScopeRefused: 1 });
  });

  it('reports the period: answers, refusals, thumbs, reviewed accuracy, latency, unanswered topics, with SVG charts', async () => {
    const html = path.join(bot.dataDir, 'quality.html');
    const run = await cli(['report', '--since', '30d', '--json', '--html', html]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      answers: 3,
      refused: 1,
      thumbsUp: 1,
      thumbsDown: 1,
      reviewed: 2,
      reviewedCorrect: 1,
      reviewedAccuracy: 0.5,
      openReviews: 0,
    });
    expect(report.byDoor).toEqual({ http: 3 });
    expect(report.latency.p95Ms).toBeGreaterThanOrEqual(report.latency.p50Ms);
    expect(report.unansweredTopics).toEqual([
      { topic: 'amoxicillin', count: 1, examples: [expect.stringMatching(/otitis media/)] },
    ]);
    const page = fs.readFileSync(html, 'utf8');
    expect(page.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
    expect(page).not.toMatch(PHI);
    // The same page over HTTP (a loopback caller holds every role in local mode).
    const served = await fetch(`${bot.server.url}/admin/quality?since=30d`);
    expect(served.headers.get('content-type')).toMatch(/text\/html/);
    expect(await served.text()).toMatch(/Reviewed accuracy<\/th><td>50\.0% \(1 of 2; 0 open\)/);
    expect((await api('GET', '/admin/quality?since=forever')).status).toBe(400);
  });

  it('purges answers, feedback and review items past the retention setting, and keeps the audit log', async () => {
    // Everything here is minutes old: a retention of a millionth of a day (86 ms) makes it all "old".
    const purge = await cli(['review', 'purge'], { CURBSIDE_RETENTION_DAYS: '0.000001' });
    expect(purge.code).toBe(0);
    expect(purge.stdout).toMatch(/5 answer\/feedback record\(s\), 2 review item\(s\)/);
    expect(await bot.runtime.review.list()).toEqual([]);
    expect(bot.runtime.feedback.answersSince(new Date(0))).toEqual([]);
    const db = new Database(path.join(bot.dataDir, 'audit.sqlite'), { readonly: true });
    try {
      expect(
        (db.prepare("SELECT COUNT(*) AS n FROM audit WHERE action LIKE 'review label %'").get() as { n: number }).n,
      ).toBe(2);
    } finally {
      db.close();
    }
  });
});
