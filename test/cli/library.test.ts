// The library from the terminal, as an administrator runs it (the real `curbside` command): a Word protocol added with
// `library add` is cited in its team's answers and not in another team's; a second edition supersedes the first and
// `library diff` lists the changes; every change is in the audit log. The documents are written by this test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCurbside } from '../support/cli.js';
import { writeProtocolDocx, type ProtocolContent } from '../support/office-docs.js';

let dir: string;
let env: NodeJS.ProcessEnv;

const curbside = (args: string[]) => runCurbside(args, env);

const json = async (args: string[]) => {
  const r = await curbside([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

const EDITION_1: ProtocolContent = {
  title: 'Ward 7 anticoagulation protocol',
  scope: 'Adults admitted to the cardiology ward with atrial fibrillation.',
  topic: 'Stroke prevention',
  recommendations: [
    {
      number: '1',
      text: 'Offer apixaban to patients with atrial fibrillation and a CHA2DS2-VASc score of 2 or more.',
      strength: 'Weak for',
    },
    {
      number: '2',
      text: 'Do not use aspirin alone for stroke prevention in atrial fibrillation.',
      strength: 'Strong against',
    },
  ],
};
const EDITION_2: ProtocolContent = {
  ...EDITION_1,
  recommendations: [
    { ...EDITION_1.recommendations[0]!, strength: 'Strong for' },
    EDITION_1.recommendations[1]!,
    { number: '3', text: 'Review bleeding risk with the HAS-BLED score at every clinic visit.', strength: 'Weak for' },
  ],
};
const QUESTION = 'Should I offer apixaban for stroke prevention in atrial fibrillation?';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-library-cli-'));
  const kb = path.join(dir, 'guidelines');
  fs.mkdirSync(kb);
  fs.writeFileSync(
    path.join(kb, 'htn.md'),
    '---\ntitle: "Management of Hypertension in Primary Care"\nreleased: "2014"\n---\n\n## First-line drugs\n\nWe recommend offering a thiazide-type diuretic, calcium channel blocker, or ACE inhibitor as first-line drug therapy for hypertension. (A recommendation)\n',
  );
  await writeProtocolDocx(path.join(dir, 'anticoag-2025.docx'), EDITION_1);
  await writeProtocolDocx(path.join(dir, 'anticoag-2026.docx'), EDITION_2);
  env = {
    CURBSIDE_GUIDELINES: kb,
    CURBSIDE_DATA_DIR: path.join(dir, 'data'),
    CURBSIDE_INDEX: '',
    CURBSIDE_LIBRARY_DIR: '',
  };
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Each step is a fresh process (a few seconds through tsx on a busy machine): the budget is generous, not a measurement. */
const FLOW_TIMEOUT_MS = 600_000;

describe('curbside library', () => {
  it(
    "adds a Word protocol for one team, cited in that team's answers only; a second edition supersedes it; diff lists the changes",
    async () => {
      const added = await json([
        'library',
        'add',
        path.join(dir, 'anticoag-2025.docx'),
        '--set',
        'cardiology',
        '--organisation',
        'St Elsewhere Hospital',
        '--published',
        '2025-03-01',
      ]);
      expect(added.document).toMatchObject({
        docId: 'anticoag-2025.docx',
        family: 'ward-7-anticoagulation-protocol',
        status: 'current',
        sets: ['cardiology'],
        origin: 'local',
        recommendations: 2,
      });
      // The copy lives in the library folder under the data directory, never in the repository.
      expect(fs.existsSync(path.join(dir, 'data', 'library', 'anticoag-2025.docx'))).toBe(true);

      const cardiology = await json(['ask', QUESTION, '--set', 'cardiology']);
      expect(cardiology.citations[0]).toMatchObject({
        source: 'anticoag-2025.docx',
        version: 'Local protocol: St Elsewhere Hospital, 2025-03-01',
        recommendation: '1',
        strength: 'Weak for',
      });
      const primaryCare = await json(['ask', QUESTION, '--set', 'primary-care']);
      expect(primaryCare.citations.map((c: { source: string }) => c.source)).not.toContain('anticoag-2025.docx');

      const second = await curbside([
        'library',
        'add',
        path.join(dir, 'anticoag-2026.docx'),
        '--set',
        'cardiology',
        '--organisation',
        'St Elsewhere Hospital',
        '--published',
        '2026-05-01',
      ]);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(
        /^Supersedes anticoag-2025\.docx \(Local protocol: St Elsewhere Hospital, 2025-03-01\): left out of answers from now on\.$/m,
      );

      const list = await json(['library', 'list']);
      expect(
        list.documents.map((d: { docId: string; family: string; edition: string; status: string; sets: string[] }) => [
          d.docId,
          d.status,
          d.sets,
        ]),
      ).toEqual([
        ['htn.md', 'current', ['all']],
        ['anticoag-2026.docx', 'current', ['cardiology']],
        ['anticoag-2025.docx', 'superseded', ['cardiology']],
      ]);

      const diff = await curbside(['library', 'diff', 'anticoagulation']);
      expect(diff.code, diff.stderr).toBe(0);
      expect(diff.stdout).toContain('1 added, 0 removed, 1 re-graded, 0 reworded, 1 unchanged.');
      expect(diff.stdout).toMatch(/^~ re-graded Recommendation 1: Weak for -> Strong for: Offer apixaban/m);
      expect(diff.stdout).toMatch(
        /^\+ added {5}Recommendation 3 \[Weak for\]: Review bleeding risk with the HAS-BLED score/m,
      );

      const after = await json(['ask', QUESTION, '--set', 'cardiology']);
      expect(after.citations[0]).toMatchObject({ source: 'anticoag-2026.docx', strength: 'Strong for' });
      expect(after.answer).toMatch(
        /Local protocol: St Elsewhere Hospital, 2025-03-01 was left out: superseded by Local protocol: St Elsewhere Hospital, 2026-05-01\./,
      );

      const audit = new Database(path.join(dir, 'data', 'audit.sqlite'), { readonly: true });
      const records = audit
        .prepare("SELECT door, action, caller, status, sources FROM audit WHERE action LIKE 'library%' ORDER BY id")
        .all();
      audit.close();
      expect(records).toEqual([
        { door: 'cli', action: 'library add', caller: 'local', status: 'ok', sources: '["anticoag-2025.docx"]' },
        {
          door: 'cli',
          action: 'library add',
          caller: 'local',
          status: 'ok',
          sources: '["anticoag-2026.docx","anticoag-2025.docx"]',
        },
      ]);
    },
    FLOW_TIMEOUT_MS,
  );

  it(
    'maps a team to sets, retires a document, and says clearly what it cannot do',
    async () => {
      expect(await json(['library', 'sets', '--team', '19:team-cardiology', '--set', 'cardiology'])).toEqual({
        kind: 'team',
        id: '19:team-cardiology',
        sets: ['cardiology'],
      });
      const sets = await json(['library', 'sets']);
      expect(sets.mappings).toEqual([{ kind: 'team', id: '19:team-cardiology', sets: ['cardiology'] }]);
      expect((await json(['library', 'retire', 'htn.md'])).status).toBe('retired');
      expect((await json(['library', 'show', 'htn.md'])).status).toBe('retired');

      const missing = await curbside(['library', 'add', path.join(dir, 'nothing.docx')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^curbside library add: no such file: .*nothing\.docx$/m);
      const unknown = await curbside(['library', 'frob']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown subcommand "frob"/);
      const ambiguous = await curbside(['library', 'show', 'anticoag']);
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.stderr).toMatch(/"anticoag" matches 2 documents/);
    },
    FLOW_TIMEOUT_MS,
  );
});
