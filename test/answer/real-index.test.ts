// Extractive answers over the REAL guideline index (built once by test/global-setup.ts from ../shared/guidelines).
// Expected guideline + recommendation labels come from test/answer/cases.json (read from the PDFs' recommendation
// tables). Runs whenever the global setup provides the index.
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createPipeline } from '../../src/answer/pipeline.js';
import { citationsValid, loadAnswerCases } from '../../src/eval/answers-eval.js';
import { evaluateClinicalCases, loadClinicalCases, summarizeClinical } from '../../src/eval/clinical-cases.js';
import { withoutReferenceMarkers } from '../../src/answer/citations.js';
import { LocalRetriever } from '../../src/retrieval/local.js';
import { PassageStore } from '../../src/retrieval/store.js';

const indexPath = (inject as (key: string) => string | undefined)('guidelineIndex');

describe.skipIf(!indexPath)('extractive answers on the real guidelines', () => {
  const open = () => {
    const store = PassageStore.open(indexPath!, { readonly: true });
    return {
      store,
      pipeline: createPipeline({ config: loadConfig({}), retriever: new LocalRetriever(store), model: null }),
    };
  };
  const set = loadAnswerCases();
  // One case per guideline, so a regression in any guideline's parsing or ranking shows.
  const perGuideline = [...new Map(set.cases.filter((c) => c.set === 'dev').map((c) => [c.source, c])).values()];

  it('cites the labelled guideline and recommendation for most cases, with verbatim quotes and valid numbering', async () => {
    const { store, pipeline } = open();
    try {
      let right = 0;
      for (const c of perGuideline) {
        const a = await pipeline.answer({ question: c.question });
        expect(citationsValid(a)).toBe(true);
        for (const cit of a.citations) {
          const source = store.passagesById(cit.passageId)[0]!;
          expect(withoutReferenceMarkers(source.text).replace(/\s+/g, ' ')).toContain(cit.quote);
          if (cit.page !== null) expect(cit.page).toBeGreaterThan(0);
        }
        if (
          a.citations.some(
            (x) => x.source === c.source && x.recommendation !== null && c.recommendations.includes(x.recommendation),
          )
        )
          right++;
      }
      // A floor, not the measured figure (see `curbside eval answers`): most labelled recommendations must be found.
      expect(right / perGuideline.length).toBeGreaterThanOrEqual(0.8);
    } finally {
      store.close();
    }
  });

  // The old lexical gate refused all 31 (and half of the answerable questions written outside the team with them); the
  // evidence decision now refuses only on positive evidence, 11 of 31 here. A floor against regression, not a target.
  it('declines questions outside the loaded guidelines on positive evidence (a third of the labelled set at least)', async () => {
    const { store, pipeline } = open();
    try {
      const outside = set.refuse.filter((r) => r.kind === 'not-covered');
      let refused = 0;
      for (const r of outside) if ((await pipeline.answer({ question: r.question })).refused) refused++;
      expect(refused / outside.length).toBeGreaterThanOrEqual(0.3);
    } finally {
      store.close();
    }
  });
  it('shows in the references the same quote the answer shows, also on a follow-up turn', async () => {
    const { store, pipeline } = open();
    try {
      const first = await pipeline.answer({ question: 'First-line drug for hypertension in a 34-year-old woman?' });
      const history = [
        {
          role: 'user' as const,
          text: first.deidentifiedQuestion ?? 'First-line drug for hypertension in a 34-year-old woman?',
        },
        { role: 'assistant' as const, text: first.answer },
      ];
      for (const a of [first, await pipeline.answer({ question: 'and if she is pregnant?', history })]) {
        expect(a.citations.length).toBeGreaterThan(0);
        for (const cit of a.citations) expect(a.answer).toContain(`"${cit.quote}" [${cit.n}]`);
      }
    } finally {
      store.close();
    }
  });

  // Case sets written blind by independent writers, each a tuning set once its first run was recorded (README). Floors
  // at the figures reached, so a change that loses any of them shows; the measured figures come from `eval answers`.
  const WRITER_FLOORS: Record<string, { cited: number; first: number; followups: number; outOfScope: number }> = {
    'cases-writer-c.jsonl': { cited: 22, first: 19, followups: 4, outOfScope: 2 },
    'cases-writer-d.jsonl': { cited: 22, first: 17, followups: 3, outOfScope: 2 },
    'cases-writer-e.jsonl': { cited: 28, first: 23, followups: 5, outOfScope: 5 },
    'cases-writer-f.jsonl': { cited: 28, first: 23, followups: 4, outOfScope: 2 },
    'cases-writer-g.jsonl': { cited: 22, first: 19, followups: 3, outOfScope: 2 },
    'cases-writer-h.jsonl': { cited: 24, first: 19, followups: 3, outOfScope: 1 },
    'cases-writer-i.jsonl': { cited: 24, first: 21, followups: 3, outOfScope: 0 },
    'cases-writer-j.jsonl': { cited: 25, first: 21, followups: 4, outOfScope: 2 },
    'cases-writer-k.jsonl': { cited: 24, first: 19, followups: 4, outOfScope: 2 },
    'cases-writer-l.jsonl': { cited: 21, first: 16, followups: 3, outOfScope: 2 },
    'cases-writer-m.jsonl': { cited: 22, first: 19, followups: 2, outOfScope: 2 },
    'cases-writer-n.jsonl': { cited: 21, first: 18, followups: 3, outOfScope: 2 },
    'cases-writer-o.jsonl': { cited: 20, first: 17, followups: 2, outOfScope: 2 },
  };
  it.each(Object.entries(WRITER_FLOORS))('holds its figures on the independent set %s', async (file, floor) => {
    const cases = loadClinicalCases(new URL(file, import.meta.url).pathname);
    const { store, pipeline } = open();
    try {
      const s = summarizeClinical(await evaluateClinicalCases(pipeline, cases));
      expect(s.cited).toBeGreaterThanOrEqual(floor.cited);
      expect(s.first).toBeGreaterThanOrEqual(floor.first);
      expect(s.followupsCited).toBeGreaterThanOrEqual(floor.followups);
      expect(s.outOfScopeRefused).toBeGreaterThanOrEqual(floor.outOfScope);
      expect(s.falseRefusals).toBe(0);
    } finally {
      store.close();
    }
  });

  it('reads earlier turns given as chat turns ({role, text}) as the questions they are', () => {
    const followUps = loadClinicalCases(new URL('cases-writer-g.jsonl', import.meta.url).pathname).filter(
      (c) => c.kind === 'followup',
    );
    expect(followUps.length).toBeGreaterThan(0);
    for (const c of followUps) for (const h of c.history) expect(h).toMatch(/^[^[{]\S* /);
  });
});
