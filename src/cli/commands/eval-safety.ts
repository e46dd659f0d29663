// `curbside eval safety`: de-identification recall/precision per identifier type (Synthea notes), clinical-phrase
// survival, over-redaction on identifier-free vignettes, and red-flag recall/precision on the labelled suite.
import { parseFlags } from '../args.js';
import type { EvalSubcommand } from '../command.js';

export const safety: EvalSubcommand = {
  summary:
    'Safety: de-identification per identifier type, clinical-text survival, over-redaction, red-flag recall/precision.',
  usage: `Usage: curbside eval safety [--fixtures DIR] [--suite FILE] [--vignettes FILE] [--cases FILE]... [--misses] [--json]

  --fixtures DIR     Synthea fixtures (default: ../shared/fixtures: synthea-ccda/*.xml + synthea-fhir-deid/original/*.json)
  --suite FILE       red-flag suite, JSON [{text, expect}] (default: test/safety/red-flag-cases.json)
  --vignettes FILE   identifier-free clinical text, JSONL with "question" (default: ../shared/eval/medqa-us/test.jsonl)
  --deid-dev FILE    de-identification dev notes written outside the team (default: ../shared/eval/deid-dev/notes.jsonl),
                     scored in two halves by source fixture (A tuned on in sessions 5-9, B in session 10, each
                     confirmed on the other), per type and per style
  --cases-dev DIR    case questions whose drug brands must survive (default: ../shared/eval/cases-dev)
  --no-styles        leave out the per-style deid-dev tables
  --cases FILE       case set with "emergency" / "not_urgent" items, JSONL (repeatable; default: dev-a.jsonl and
                     dev-b.jsonl in ../shared/eval/cases-dev): the "Emergencies on cases-dev" table, one row per file
  --misses           also list missed identifiers (type and template only) and red-flag errors
  --json             print {"deid", "clinical", "overRedaction", "caseReading", "redFlags"} as one JSON object`,
  defaultRuns: [[]],
  async run(args) {
    const { values } = parseFlags(args, {
      fixtures: { type: 'string' },
      suite: { type: 'string' },
      vignettes: { type: 'string' },
      'deid-dev': { type: 'string' },
      'cases-dev': { type: 'string' },
      'no-styles': { type: 'boolean', default: false },
      cases: { type: 'string', multiple: true },
      misses: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const s = await import('../../eval/safety-eval.js');
    const fs = await import('node:fs');
    const deid = s.evaluateDeid(values.fixtures ?? s.DEFAULT_FIXTURES_DIR);
    const clinical = s.evaluateClinicalSurvival();
    const vignettes = values.vignettes ?? s.DEFAULT_VIGNETTES;
    const over = fs.existsSync(vignettes) ? s.evaluateOverRedaction(vignettes) : null;
    const caseReading = fs.existsSync(vignettes) ? s.evaluateCaseReading(vignettes) : null;
    const dd = await import('../../eval/deid-dev-eval.js');
    const deidDevFile = values['deid-dev'] ?? dd.DEFAULT_DEID_DEV;
    const deidDev = fs.existsSync(deidDevFile)
      ? (() => {
          const halves = dd.splitDeidDev(dd.loadDeidDev(deidDevFile));
          return { A: dd.evaluateDeidDev(halves.A), B: dd.evaluateDeidDev(halves.B) };
        })()
      : null;
    const brandFiles = dd.casesDevFiles(values['cases-dev'] ?? dd.DEFAULT_CASES_DEV_DIR);
    const brands = [
      ...(brandFiles.length ? [dd.evaluateBrandOverRedaction(brandFiles, 'cases-dev questions')] : []),
      ...(fs.existsSync(vignettes) ? [dd.evaluateBrandOverRedaction([vignettes], 'MedQA vignettes')] : []),
    ];
    const redFlags = s.evaluateRedFlags(values.suite ? s.loadRedFlagSuite(values.suite) : s.RED_FLAG_SUITE);
    const rf = await import('../../eval/red-flag-eval.js');
    const emergencies = (
      values.cases?.length ? values.cases : rf.DEFAULT_EMERGENCY_CASE_FILES.filter((f) => fs.existsSync(f))
    ).map((f) => rf.evaluateEmergencyCases(f));
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          deid: { notes: deid.notes, patients: deid.patients, msPerNote: deid.msPerNote, rows: s.deidTableRows(deid) },
          deidDev:
            deidDev &&
            Object.fromEntries(
              (['A', 'B'] as const).map((h) => [
                h,
                {
                  notes: deidDev[h].notes,
                  identifiers: deidDev[h].identifiers,
                  rows: deidDev[h].rows,
                  styles: deidDev[h].styles,
                  keep: deidDev[h].keep,
                  precision: deidDev[h].precision,
                  precisionByType: deidDev[h].precisionByType,
                },
              ]),
            ),
          brandOverRedaction: brands,
          clinical: { phrases: clinical.phrases, survived: clinical.survived, altered: clinical.altered },
          overRedaction: over,
          caseReading,
          redFlags: { cases: redFlags.cases, rows: s.redFlagTableRows(redFlags) },
          emergencies: emergencies.map(({ label, file, emergencies: e, notUrgent }) => ({
            label,
            file,
            emergencies: e,
            notUrgent,
          })),
        })}\n`,
      );
      return 0;
    }
    const out = [
      `De-identification (regression, own generator): ${deid.notes} notes from ${deid.patients} synthetic patients, ${deid.msPerNote.toFixed(2)} ms/note`,
      s.formatTable(s.deidTableRows(deid)),
      ...(deidDev ? [dd.formatDeidDevReport(deidDev, s.formatTable, !values['no-styles'])] : []),
      ...(brands.length ? ['', dd.formatBrandReport(brands)] : []),
      '',
      `Clinical phrases unchanged by de-identification: ${clinical.survived}/${clinical.phrases}`,
      ...clinical.altered.map((a) => `  altered: ${a.phrase} -> ${a.redacted.join(', ')}`),
    ];
    if (over) {
      out.push(
        '',
        `Over-redaction on ${over.vignettes} identifier-free vignettes (${over.msPerVignette.toFixed(2)} ms each): ` +
          `${over.vignettesTouched} touched; redactions by type ${JSON.stringify(over.byType)} (AGE = ages over 89, correct)`,
      );
    }
    if (caseReading) {
      out.push(
        '',
        `Case reading on ${caseReading.checked} de-identified vignettes opening "A N-year-old man/woman": age ${caseReading.ageCorrect}/${caseReading.checked}, sex ${caseReading.sexCorrect}/${caseReading.checked}`,
        `Conversation: each vignette asked after the one before it, read as its follow-up (none is): ${caseReading.readAsFollowUp}/${caseReading.pairs}`,
        ...s
          .evaluateConversations()
          .map(
            (r) =>
              `Conversation set (helper-written chats, ${r.half} ids${r.half === 'even' ? ', tuning' : ', confirmation'}): follow-ups read as such ${r.followUpsRead}/${r.followUps}, new cases read as new ${r.newCasesRead}/${r.newCases}`,
          ),
      );
    }
    out.push(
      '',
      `Red flags: ${redFlags.cases} labelled cases (${redFlags.positives} emergencies, ${redFlags.negatives} negatives)`,
      s.formatTable(s.redFlagTableRows(redFlags)),
    );
    if (emergencies.length)
      out.push(
        '',
        'Emergencies on cases-dev (dev data: written outside the team, one writer per file)',
        s.formatTable(rf.emergencyTableRows(emergencies)),
      );
    if (values.misses) {
      out.push('', 'Missed identifiers (type, template):', ...deid.misses.map((m) => `  ${m.type} in ${m.template}`));
      if (deidDev)
        for (const h of ['A', 'B'] as const)
          out.push(
            '',
            `deid-dev half ${h} leaks (note, style, type):`,
            ...deidDev[h].leaks.map((l) => `  ${l.id} ${l.style} ${l.type}`),
            ...deidDev[h].lostKeeps.map((k) => `  ${k.id} keep lost: ${k.keep}`),
          );
      out.push(
        '',
        'Red-flag errors:',
        ...redFlags.errors.map((e) => `  expected [${e.expected}] got [${e.got}]: ${e.text}`),
      );
      out.push(
        '',
        'Emergency-case errors (id, kind, flags raised, flags withheld and why):',
        ...emergencies.flatMap((r) =>
          r.errors.map(
            (e) =>
              `  ${r.label} ${e.id} ${e.kind}: got [${e.got}]${e.suppressed.length ? ` withheld [${e.suppressed}] (${e.because})` : ''}`,
          ),
        ),
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};
