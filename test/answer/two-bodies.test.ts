// Two bodies, one question: when another body's recommendation answers the same question as the lead's, the answer
// shows both with their dates and grades and says whether they differ. A small library the test writes (a VA/DoD-style
// guideline and USPSTF statements on the same screening question, one for children, one on another topic), and the
// real guidelines when the global setup built their index.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPipeline } from '../../src/answer/pipeline.js';
import { direction } from '../../src/answer/extractive.js';
import { ANSWER_TUNING, withOverrides } from '../../src/answer/tuning.js';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';

const guideline = (front: Record<string, string>, statements: string[]) =>
  `---\n${Object.entries(front)
    .map(([k, v]) => `${k}: "${v}"`)
    .join('\n')}\n---\n\n## Recommendations\n\n${statements.join('\n\n')}\n`;

let dir: string;
let store: PassageStore;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-two-bodies-'));
  const kb = path.join(dir, 'kb');
  fs.mkdirSync(kb);
  fs.writeFileSync(
    path.join(kb, 'va-glaucoma.md'),
    guideline(
      {
        title: 'VA/DoD Clinical Practice Guideline for the Management of Glaucoma in Primary Care',
        publisher: 'U.S. Department of Veterans Affairs / Department of Defense',
        released: '2021',
        recommendations: 'numbered',
      },
      [
        'Recommendation 1: We suggest against routine screening for open-angle glaucoma in asymptomatic adults in primary care. (Weak against)',
        'Recommendation 2: We recommend referral to an eye care specialist for adults with raised intraocular pressure. (Strong for)',
      ],
    ),
  );
  fs.writeFileSync(
    path.join(kb, 'uspstf-glaucoma.md'),
    guideline(
      {
        title:
          'Screening for open-angle glaucoma in adults: U.S. Preventive Services Task Force recommendation statement.',
        developer: 'U.S. Preventive Services Task Force - Independent Expert Panel',
        released: '2019',
      },
      [
        'The USPSTF recommends screening for open-angle glaucoma in asymptomatic adults aged 40 years or older in primary care. (B recommendation)',
      ],
    ),
  );
  fs.writeFileSync(
    path.join(kb, 'uspstf-glaucoma-children.md'),
    guideline(
      {
        title:
          'Screening for glaucoma in children and adolescents: U.S. Preventive Services Task Force recommendation statement.',
        developer: 'U.S. Preventive Services Task Force - Independent Expert Panel',
        released: '2020',
      },
      [
        'The USPSTF recommends routine screening for open-angle glaucoma in asymptomatic children and adolescents in primary care. (B recommendation)',
      ],
    ),
  );
  const indexPath = path.join(dir, 'index.sqlite');
  store = PassageStore.open(indexPath);
  expect((await ingestPaths(store, [kb], { workers: 1 })).failed).toEqual([]);
});

afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const answer = (question: string, tuning = ANSWER_TUNING) =>
  createPipeline({ config: loadConfig({}), retriever: new LocalRetriever(store), model: null, tuning }).answer({
    question,
  });

describe('two bodies, one question', () => {
  it('reads the direction of VA/DoD strengths and USPSTF grades', () => {
    expect(
      ['Strong for', 'Weak against', 'Neither for nor against', 'B recommendation', 'Grade D', 'I statement'].map(
        direction,
      ),
    ).toEqual(['for', 'against', 'neither', 'for', 'against', 'neither']);
  });

  it('shows both with their dates and grades, and says that they differ', async () => {
    const a = await answer('Should I screen asymptomatic adults for open-angle glaucoma in primary care?');
    const sources = a.citations.map((c) => [c.source, c.strength]);
    expect(sources).toEqual(
      expect.arrayContaining([
        ['va-glaucoma.md', 'Weak against'],
        ['uspstf-glaucoma.md', 'Grade B'],
      ]),
    );
    const verdict = /^\*\*Two bodies differ on this:\*\* (.*)$/m.exec(a.answer)?.[1];
    expect(verdict).toBeDefined();
    expect(verdict).toContain('VA/DoD (2021): Weak against [');
    expect(verdict).toContain('USPSTF (2019): grade B [');
    expect(verdict).toMatch(/VA\/DoD \(2021\): Weak against \[\d\], against/);
    expect(verdict).toMatch(/USPSTF \(2019\): grade B \[\d\], for/);
    // Written for children: never set beside an answer about adults.
    expect(a.citations.map((c) => c.source)).not.toContain('uspstf-glaucoma-children.md');
  });

  it('says nothing about two bodies when the other body answers another question, or when switched off', async () => {
    const referral = await answer(
      'Should adults with raised intraocular pressure be referred to an eye care specialist?',
    );
    expect(referral.citations[0]).toMatchObject({ source: 'va-glaucoma.md', recommendation: '2' });
    expect(referral.answer).not.toMatch(/Two bodies/);
    const off = await answer(
      'Should I screen asymptomatic adults for open-angle glaucoma in primary care?',
      withOverrides(['compose.otherBodyFloor=0']),
    );
    expect(off.answer).not.toMatch(/Two bodies/);
  });
});

const realIndex = (inject as (key: string) => string | undefined)('guidelineIndex');

describe.skipIf(!realIndex)('two bodies on the real guidelines', () => {
  it('sets the VA/DoD and USPSTF recommendations on screening for high blood pressure side by side', async () => {
    const real = PassageStore.open(realIndex!, { readonly: true });
    try {
      const a = await createPipeline({
        config: loadConfig({}),
        retriever: new LocalRetriever(real),
        model: null,
      }).answer({
        question: 'Should I screen adults for high blood pressure?',
      });
      expect(a.answer).toMatch(
        /^\*\*Two bodies on this:\*\* VA\/DoD \(2020\): Strong for \[1\]; USPSTF \(2015\): grade A \[\d\]: both for\.$/m,
      );
    } finally {
      real.close();
    }
  });
});
