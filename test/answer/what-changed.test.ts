// "What changed in the hypertension guideline?" answered from the library's editions. The test makes the second
// edition itself: the VA/DoD hypertension guideline (the real PDF, copied to a temporary folder) and an edited copy of
// its recommendations as a 2024 edition, with two strengths changed, one recommendation reworded and one added. Asked
// through the real `curbside ask` and through the HTTP API's /api/ask; a guideline with one edition is said plainly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatChangedSubject } from '../../src/answer/what-changed.js';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { PassageStore } from '../../src/retrieval/store.js';
import { startApiServer, type ApiServer } from '../api/server-fixture.js';
import { runCurbside } from '../support/cli.js';

const SHARED = path.resolve(__dirname, '../../../shared/guidelines');
const PDF = 'VADoDHypertensionCPG508Corrected792020.pdf';
const PDF_ID = PDF;
const EDITED_ID = 'htn-2024.md';
const QUESTION = 'What changed in the hypertension guideline?';
const ADDED =
  'We suggest offering a single-pill combination when two or more drug classes are needed to control hypertension.';

let dir: string;
let kb: string;
let indexPath: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-what-changed-'));
  kb = path.join(dir, 'guidelines');
  fs.mkdirSync(kb);
  fs.copyFileSync(path.join(SHARED, 'va-dod', PDF), path.join(kb, PDF));
  const described = (
    JSON.parse(fs.readFileSync(path.join(SHARED, 'va-dod', 'index.json'), 'utf8')) as { file: string }[]
  )
    .filter((e) => e.file === PDF)
    .map((e) => ({ ...e, sha256: undefined }));
  fs.writeFileSync(path.join(kb, 'index.json'), JSON.stringify(described));
  // A guideline with a single edition loaded.
  fs.copyFileSync(path.join(SHARED, 'ngc-federal', 'ngc-11001.md'), path.join(kb, 'ngc-11001.md'));
  indexPath = path.join(dir, 'index.sqlite');
  const store = PassageStore.open(indexPath);
  expect((await ingestPaths(store, [kb], { workers: 1 })).failed).toEqual([]);

  // The edited copy: recommendations 7 and 11 re-graded, 1 reworded, one added as 29.
  const recs = store.documentPassages(PDF_ID).filter((p) => p.kind === 'recommendation');
  expect(recs.length).toBeGreaterThanOrEqual(28);
  const edited = recs.map((p) => {
    const strength = p.recommendation === '7' ? 'Weak for' : p.recommendation === '11' ? 'Strong for' : p.strength;
    const text =
      p.recommendation === '1' ? p.text.replace('periodically', 'at least once a year and at every visit') : p.text;
    return `Recommendation ${p.recommendation}: ${text} (${strength})`;
  });
  edited.push(`Recommendation 29: ${ADDED} (Weak for)`);
  fs.writeFileSync(
    path.join(kb, EDITED_ID),
    `---\ntitle: "${store.library.entry(PDF_ID)!.title}"\npublisher: "U.S. Department of Veterans Affairs / Department of Defense"\nversion: "Version 5.0 – 2024"\npublished: "2024-06-01"\nrecommendations: numbered\n---\n\n## Recommendations\n\n${edited.join('\n\n')}\n`,
  );
  expect((await ingestPaths(store, [kb], { workers: 1 })).failed).toEqual([]);
  expect(store.library.entry(PDF_ID)).toMatchObject({ status: 'superseded', supersededBy: EDITED_ID });
  store.close();
}, 300_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('recognising the question', () => {
  it('finds the guideline a "what changed" question names, and leaves clinical questions alone', () => {
    expect(whatChangedSubject(QUESTION)).toBe('hypertension');
    expect(whatChangedSubject("What's new in the latest VA/DoD diabetes guideline?")).toBe('VA/DoD diabetes');
    expect(whatChangedSubject('Any changes to the asthma CPG?')).toBe('asthma');
    expect(whatChangedSubject('How has the COPD guideline changed?')).toBe('COPD');
    expect(whatChangedSubject('What changed in her kidney function since the new medication?')).toBeNull();
    expect(
      whatChangedSubject('67M with hypertension on lisinopril: what is new for resistant hypertension?'),
    ).toBeNull();
  });
});

/** The answer's claims about the edited edition, whichever door carried it. */
function expectChanges(answer: {
  answer: string;
  citations: { source: string; recommendation: string | null; strength: string | null }[];
}) {
  expect(answer.answer).toMatch(/What changed in VA\/DoD .*Hypertension/);
  expect(answer.answer).toMatch(/2 re-graded, 1 added, 0 removed, 1 reworded; 25 unchanged/);
  expect(answer.answer).toMatch(
    /Recommendation 7, Weak for\*\* re-graded from Strong for to Weak for: "For patients 60 years/,
  );
  expect(answer.answer).toMatch(/Recommendation 11, Strong for\*\* re-graded from Weak for to Strong for/);
  expect(answer.answer).toContain(`**Added**, Recommendation 29, Weak for: "${ADDED} (Weak for)" [`);
  expect(answer.answer).not.toMatch(/Read as/);
  expect(answer.answer).toMatch(
    /Recommendation 1, Strong for\*\* reworded: "We recommend screening adults .* at every visit\. \(Strong for\)" \[\d+\]; it read: "We recommend screening adults for elevated blood pressure periodically\." \[\d+\]/,
  );
  const cited = answer.citations.map((c) => [c.source, c.recommendation, c.strength]);
  expect(cited).toEqual(
    expect.arrayContaining([
      [EDITED_ID, '7', 'Weak for'],
      [EDITED_ID, '11', 'Strong for'],
      [EDITED_ID, '29', 'Weak for'],
      [EDITED_ID, '1', 'Strong for'],
      [PDF_ID, '1', 'Strong for'],
    ]),
  );
  expect(cited.length).toBe(5);
}

describe('answered from the edition diff', () => {
  const env = () => ({
    CURBSIDE_INDEX: indexPath,
    CURBSIDE_GUIDELINES: kb,
    CURBSIDE_DATA_DIR: path.join(dir, 'data'),
    CURBSIDE_LIBRARY_DIR: '',
  });

  it('through `curbside ask`', async () => {
    const run = await runCurbside(['ask', QUESTION, '--json'], env());
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.refused).toBe(false);
    expectChanges(answer);
  }, 300_000);

  describe('through /api/ask', () => {
    let api: ApiServer;
    beforeAll(async () => {
      api = await startApiServer({ indexPath, kbDir: kb });
    });
    afterAll(() => api?.close());

    const ask = async (question: string) => {
      const res = await fetch(`${api.url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question }),
      });
      expect(res.status).toBe(200);
      return res.json();
    };

    it('lists what changed, each change cited', async () => {
      expectChanges(await ask(QUESTION));
    });

    it('says plainly when only one edition of the guideline is loaded', async () => {
      const answer = await ask("What's new in the aspirin guideline?");
      expect(answer.answer).toMatch(
        /Only one edition of this guideline is loaded:\n- USPSTF Aspirin use .*: .* is the only edition loaded, so there is no earlier one to compare it with\./,
      );
      expect(answer.citations).toEqual([]);
      expect(answer.refused).toBe(false);
    });

    it('says so when no loaded guideline matches', async () => {
      const answer = await ask('What changed in the glaucoma guideline?');
      expect(answer.answer).toMatch(/No loaded guideline matches "glaucoma"/);
    });
  });
});
