// A small guideline knowledge base written by the test (five Markdown guideline summaries in the shared folder's format)
// and indexed by the real ingest into a real SQLite file, so the API tests run on an index whose content they know.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestPaths } from '../../src/knowledge/ingest.js';
import { PassageStore } from '../../src/retrieval/store.js';

interface Doc {
  file: string;
  title: string;
  developer: string;
  released: string;
  recommendations: string[];
  sections: Record<string, string[]>;
}

const DOCS: Doc[] = [
  {
    file: 'hypertension-adults.md',
    title: 'Hypertension in adults: screening and treatment (test summary)',
    developer: 'Test Preventive Services Panel',
    released: '2021 Apr',
    recommendations: [
      'Screen adults aged 18 years or older for hypertension with office blood pressure measurement, and confirm the diagnosis with measurements outside the clinical setting before starting treatment. (A recommendation)',
      'In adults with hypertension and type 2 diabetes, treat to a blood pressure target below 130/80 mm Hg when it can be reached safely. (B recommendation)',
      'For adults with hypertension and chronic kidney disease with albuminuria, use an ACE inhibitor or an angiotensin receptor blocker as part of first-line treatment. (B recommendation)',
    ],
    sections: {
      'Clinical Considerations': [
        'Thiazide-type diuretics, calcium channel blockers, ACE inhibitors and angiotensin receptor blockers are all suitable first-line drugs for lowering blood pressure in most adults.',
        'When blood pressure stays above target on one drug at a moderate dose, adding a second drug from another class lowers blood pressure more than increasing the dose of the first.',
        'Home blood pressure monitoring with a validated upper-arm device helps confirm the diagnosis and guide treatment.',
      ],
    },
  },
  {
    file: 'diabetes-ckd.md',
    title: 'Type 2 diabetes with chronic kidney disease: glucose-lowering therapy (test summary)',
    developer: 'Test Kidney Guideline Group',
    released: '2020 Oct',
    recommendations: [
      'In adults with type 2 diabetes and chronic kidney disease with an eGFR of 20 mL/min/1.73 m2 or more, add an SGLT2 inhibitor to reduce kidney disease progression and cardiovascular events. (A recommendation)',
      'Continue metformin in adults with type 2 diabetes when eGFR is 30 mL/min/1.73 m2 or more, reducing the dose when eGFR is between 30 and 45. (B recommendation)',
      'When glycaemic targets are not met with metformin and an SGLT2 inhibitor, a GLP-1 receptor agonist is the preferred additional agent. (B recommendation)',
    ],
    sections: {
      'Clinical Considerations': [
        'SGLT2 inhibitors lower glucose less as eGFR falls, but their kidney and heart benefits persist at lower eGFR.',
        'Check eGFR and potassium within weeks of starting or changing drugs that act on the renin–angiotensin system in chronic kidney disease.',
        'An individualised A1c target, often around 7%, balances benefits against hypoglycaemia risk in older adults with chronic kidney disease.',
      ],
    },
  },
  {
    file: 'statin-primary-prevention.md',
    title: 'Statin use for the primary prevention of cardiovascular disease in adults (test summary)',
    developer: 'Test Preventive Services Panel',
    released: '2016 Nov',
    recommendations: [
      'Offer a low- to moderate-dose statin to adults aged 40 to 75 years with no history of cardiovascular disease, one or more risk factors, and a 10-year cardiovascular risk of 10% or greater. (B recommendation)',
      'Clinicians may selectively offer a statin to adults aged 40 to 75 years with a 10-year cardiovascular risk of 7.5% to 10%. (C recommendation)',
      'The evidence is insufficient to assess starting a statin for primary prevention in adults 76 years or older. (I statement)',
    ],
    sections: {
      'Clinical Considerations': [
        'Risk factors include dyslipidaemia, diabetes, hypertension and smoking. Cardiovascular risk is estimated with a pooled cohort equation.',
        'Statin adverse effects such as muscle symptoms are usually mild; serious harms such as rhabdomyolysis are rare.',
      ],
    },
  },
  {
    file: 'asthma-adults.md',
    title: 'Management of asthma in adolescents and adults (test summary)',
    developer: 'Test Lung Institute',
    released: '2019 Dec',
    recommendations: [
      'For persistent asthma, use a daily inhaled corticosteroid as the preferred controller therapy. (A recommendation)',
      'For moderate persistent asthma, a combination inhaled corticosteroid and formoterol inhaler used both daily and as needed is preferred. (B recommendation)',
    ],
    sections: {
      'Clinical Considerations': [
        'Check inhaler technique and adherence before stepping up asthma therapy.',
        'Patients with an asthma exacerbation and low oxygen saturation or difficulty speaking need emergency care.',
      ],
    },
  },
  {
    file: 'hepatitis-c-screening.md',
    title: 'Screening for hepatitis C virus infection in adults (test summary)',
    developer: 'Test Preventive Services Panel',
    released: '2014 Jun',
    recommendations: [
      'Screen adults at high risk for hepatitis C virus infection, including people who inject drugs. (B recommendation)',
      'Offer one-time screening for hepatitis C virus infection to adults born between 1945 and 1965. (B recommendation)',
    ],
    sections: {
      'Clinical Considerations': [
        'Anti-HCV antibody testing followed by confirmatory RNA testing is accurate for detecting chronic hepatitis C infection.',
        'People with ongoing risk, such as injection drug use, may need periodic screening.',
      ],
    },
  },
];

export const KB_GUIDELINE_COUNT = DOCS.length;

function markdown(doc: Doc): string {
  const lines = [
    '---',
    `title: "${doc.title}"`,
    `developer: "${doc.developer}"`,
    `released: "${doc.released}"`,
    'source: "Written by the Curbside API tests"',
    '---',
    '',
    `# ${doc.title}`,
    '',
    '## Major Recommendations',
    '',
    ...doc.recommendations.flatMap((r) => [r, '']),
  ];
  for (const [heading, paragraphs] of Object.entries(doc.sections))
    lines.push(`## ${heading}`, '', ...paragraphs.flatMap((p) => [p, '']));
  return lines.join('\n');
}

/** Writes the knowledge base to a temp dir and indexes it; returns the index path and a cleanup. */
export async function buildTestIndex(): Promise<{ indexPath: string; kbDir: string; cleanup(): void }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-api-kb-'));
  const kbDir = path.join(root, 'guidelines');
  fs.mkdirSync(kbDir);
  for (const doc of DOCS) fs.writeFileSync(path.join(kbDir, doc.file), markdown(doc));
  const indexPath = path.join(root, 'index.sqlite');
  const store = PassageStore.open(indexPath);
  try {
    // One parser thread: five small Markdown files need no worker pool.
    const report = await ingestPaths(store, [kbDir], { workers: 1 });
    if (report.added !== DOCS.length)
      throw new Error(`ingest indexed ${report.added} of ${DOCS.length} files: ${JSON.stringify(report.failed)}`);
  } finally {
    store.close();
  }
  return { indexPath, kbDir, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
