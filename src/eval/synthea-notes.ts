// Free-text clinical notes with known identifier spans, rendered from Synthea synthetic patients (C-CDA XML and FHIR R4
// bundles in ../shared/fixtures). Used to measure de-identification recall and precision per identifier type.
// Identifiers a record lacks (phone, e-mail, plan and device numbers, ...) are generated from a seed so each note has them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhiType } from '../safety/deid.js';

export interface SyntheaPatient {
  id: string;
  given: string[];
  family: string;
  sex: 'male' | 'female';
  birthDate: { year: number; month: number; day: number };
  street: string;
  city: string;
  state: string;
  zip: string;
  phone: string | null;
  ssn: string | null;
  source: 'ccda' | 'fhir';
}

export interface LabelledNote {
  patientId: string;
  template: string;
  text: string;
  entities: { type: PhiType; start: number; end: number }[];
}

const stripDigits = (s: string) => s.replace(/\d+/g, '').trim();

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of the first `<tag>` inside `xml`, or null. Enough for the flat fields of a C-CDA recordTarget. */
function tagText(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  return m ? decodeXml(m[1]!.trim()) : null;
}

function attr(xml: string, tag: string, name: string): string | null {
  const m = new RegExp(`<${tag}\\s[^>]*\\b${name}="([^"]*)"`).exec(xml);
  return m ? decodeXml(m[1]!) : null;
}

/** Reads the patient (recordTarget) of a C-CDA document. */
export function parseCcdaPatient(xml: string): SyntheaPatient {
  const start = xml.indexOf('<recordTarget>');
  const end = xml.indexOf('</recordTarget>');
  if (start < 0 || end < 0) throw new Error('C-CDA without a recordTarget');
  const rt = xml.slice(start, end);
  const birth = attr(rt, 'birthTime', 'value') ?? '';
  const telecom = attr(rt, 'telecom', 'value');
  return {
    id: attr(rt, 'id', 'extension') ?? 'unknown',
    given: (tagText(rt, 'given') ?? '').split(/\s+/).map(stripDigits).filter(Boolean),
    family: stripDigits(tagText(rt, 'family') ?? ''),
    sex: attr(rt, 'administrativeGenderCode', 'code') === 'F' ? 'female' : 'male',
    birthDate: { year: Number(birth.slice(0, 4)), month: Number(birth.slice(4, 6)), day: Number(birth.slice(6, 8)) },
    street: tagText(rt, 'streetAddressLine') ?? '',
    city: tagText(rt, 'city') ?? '',
    state: tagText(rt, 'state') ?? '',
    zip: tagText(rt, 'postalCode') ?? '',
    phone: telecom ? telecom.replace(/^tel:/, '') : null,
    ssn: null,
    source: 'ccda',
  };
}

interface FhirPatient {
  id?: string;
  name?: { given?: string[]; family?: string }[];
  gender?: string;
  birthDate?: string;
  address?: { line?: string[]; city?: string; state?: string; postalCode?: string }[];
  telecom?: { system?: string; value?: string }[];
  identifier?: { type?: { coding?: { code?: string }[] }; value?: string }[];
}

/** Reads the Patient resource of a FHIR R4 bundle. */
export function parseFhirPatient(json: string): SyntheaPatient {
  const bundle = JSON.parse(json) as { entry?: { resource?: { resourceType?: string } & FhirPatient }[] };
  const p = bundle.entry?.map((e) => e.resource).find((r) => r?.resourceType === 'Patient');
  if (!p) throw new Error('FHIR bundle without a Patient');
  const [y, m, d] = (p.birthDate ?? '1970-01-01').split('-').map(Number) as [number, number, number];
  const addr = p.address?.[0] ?? {};
  const ssn = p.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'SS'))?.value ?? null;
  return {
    id: p.id ?? 'unknown',
    given: (p.name?.[0]?.given ?? []).map(stripDigits).filter(Boolean),
    family: stripDigits(p.name?.[0]?.family ?? ''),
    sex: p.gender === 'female' ? 'female' : 'male',
    birthDate: { year: y, month: m, day: d },
    street: addr.line?.join(' ') ?? '',
    city: addr.city ?? '',
    state: addr.state ?? '',
    zip: addr.postalCode ?? '',
    phone: p.telecom?.find((t) => t.system === 'phone')?.value ?? null,
    ssn,
    source: 'fhir',
  };
}

export function loadSyntheaPatients(fixturesDir: string): SyntheaPatient[] {
  const patients: SyntheaPatient[] = [];
  const ccda = join(fixturesDir, 'synthea-ccda');
  for (const f of safeList(ccda)
    .filter((f) => f.endsWith('.xml'))
    .sort()) {
    patients.push(parseCcdaPatient(readFileSync(join(ccda, f), 'utf8')));
  }
  const fhir = join(fixturesDir, 'synthea-fhir-deid', 'original');
  for (const f of safeList(fhir)
    .filter((f) => f.endsWith('.json') && !/Information\d/.test(f))
    .sort()) {
    patients.push(parseFhirPatient(readFileSync(join(fhir, f), 'utf8')));
  }
  return patients.filter((p) => p.given.length > 0 && p.family);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Rendering

type Piece = string | { type: PhiType; text: string };

class Rng {
  private s: number;
  constructor(seed: string) {
    let h = 2166136261;
    for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    this.s = h >>> 0;
  }
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!; // callers pass non-empty lists
  }
  digits(n: number): string {
    let s = String(this.int(1, 9));
    while (s.length < n) s += String(this.int(0, 9));
    return s;
  }
  letters(n: number): string {
    let s = '';
    while (s.length < n) s += 'ABCDEFGHJKLMNPRSTUVWXYZ'[this.int(0, 22)];
    return s;
  }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const STATE_ABBR: Record<string, string> = { Massachusetts: 'MA' };
const pad = (n: number) => String(n).padStart(2, '0');

function formatDate(rng: Rng, d: { year: number; month: number; day: number }): string {
  const mon = MONTHS[d.month - 1]!;
  return rng.pick([
    `${pad(d.month)}/${pad(d.day)}/${d.year}`,
    `${d.month}/${d.day}/${d.year}`,
    `${d.year}-${pad(d.month)}-${pad(d.day)}`,
    `${mon} ${d.day}, ${d.year}`,
    `${d.day} ${mon} ${d.year}`,
    `${mon.slice(0, 3)} ${d.day} ${d.year}`,
    `${pad(d.month)}-${pad(d.day)}-${String(d.year).slice(2)}`,
    `${d.day} ${mon.slice(0, 3)} ${d.year}`,
    `${mon} ${d.day}th`,
  ]);
}

function formatPhone(rng: Rng, digits: string): string {
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 10)];
  return rng.pick([
    `(${a}) ${b}-${c}`,
    `${a}-${b}-${c}`,
    `${a}.${b}.${c}`,
    `${a} ${b} ${c}`,
    `+1 ${a}-${b}-${c}`,
    `(${a})${b}-${c}`,
  ]);
}

function ageAt(p: SyntheaPatient, year: number): number {
  return Math.max(18, Math.min(89, year - p.birthDate.year));
}

interface Context {
  p: SyntheaPatient;
  rng: Rng;
  relative: string;
  clinician: [string, string];
  age: number;
  visit: { year: number; month: number; day: number };
  phone: string;
}

const CLINICAL = [
  'T2DM with CKD stage 3a (eGFR 38), A1c 8.4, BP 150/95 on metformin 1000 mg BID',
  'HTN, OSA on CPAP, BMI 34, LDL 162; currently on lisinopril 20 mg daily',
  'COPD with 2 exacerbations this year, SpO2 88% on RA, HR 110, on tiotropium',
  'MDD, PHQ-9 of 17 despite sertraline 100 mg, also PTSD and insomnia',
  'chronic LBP for 8 months, no red flags, tried ibuprofen 600 mg TID and PT',
  'knee OA, Stage 3a CKD, K 5.1, Cr 1.6; asking about NSAIDs',
  'AF on apixaban 5 mg BID, HF with EF 35%, ICD-10 I48.91',
];

function header(c: Context): Piece[] {
  const { p, rng } = c;
  const first = p.given[0]!;
  const full = [...p.given, p.family].join(' ');
  const dob = formatDate(rng, p.birthDate);
  const style = rng.int(0, 2);
  if (style === 0)
    return [
      'Patient: ',
      { type: 'NAME', text: `${p.family.toUpperCase()}, ${first.toUpperCase()}` },
      '\nDOB: ',
      { type: 'DATE', text: dob },
      '\n',
    ];
  if (style === 1) return ['Name: ', { type: 'NAME', text: full }, '  DOB ', { type: 'DATE', text: dob }, '\n'];
  return ['Pt: ', { type: 'NAME', text: `${p.family}, ${first}` }, ' (DOB ', { type: 'DATE', text: dob }, ')\n'];
}

const TEMPLATES: Record<string, (c: Context) => Piece[]> = {
  curbside_question: (c) => {
    const { p, rng } = c;
    const title = p.sex === 'male' ? 'Mr.' : rng.pick(['Mrs.', 'Ms.']);
    return [
      `${title} `,
      { type: 'NAME', text: p.family },
      `, a ${c.age}-year-old ${p.sex === 'male' ? 'man' : 'woman'} (DOB `,
      { type: 'DATE', text: formatDate(rng, p.birthDate) },
      `) with ${rng.pick(CLINICAL)}. `,
      { type: 'NAME', text: p.given[0]! },
      ' asks whether to add an SGLT2 inhibitor. What does the guideline recommend?',
    ];
  },
  demographics_line: (c) => {
    const { p, rng } = c;
    return [
      { type: 'NAME', text: `${p.given[0]} ${p.family}` },
      `, ${c.age}${p.sex === 'male' ? 'M' : 'F'}, MRN: `,
      { type: 'MRN', text: rng.digits(8) },
      '. Lives at ',
      { type: 'ADDRESS', text: p.street },
      ', ',
      { type: 'CITY', text: p.city },
      `, ${rng.pick([p.state, STATE_ABBR[p.state] ?? p.state])} `,
      { type: 'ZIP', text: p.zip },
      '. Phone ',
      { type: 'PHONE', text: formatPhone(rng, c.phone) },
      `. ${rng.pick(CLINICAL)}.`,
    ];
  },
  lowercase_quick: (c) => {
    const { p, rng } = c;
    return [
      'pt ',
      { type: 'NAME', text: `${p.given[0]!.toLowerCase()} ${p.family.toLowerCase()}` },
      ` (${c.age} yo ${p.sex === 'male' ? 'm' : 'f'}) seen `,
      { type: 'DATE', text: formatDate(rng, c.visit) },
      ` for f/u, ${rng.pick(CLINICAL)}. home # `,
      { type: 'PHONE', text: formatPhone(rng, c.phone) },
      '. any guideline on next step?',
    ];
  },
  registration_block: (c) => {
    const { p, rng } = c;
    return [
      ...header(c),
      'MRN: ',
      { type: 'MRN', text: p.id },
      '\nAddress: ',
      { type: 'ADDRESS', text: p.street },
      ', ',
      { type: 'CITY', text: p.city },
      `, ${STATE_ABBR[p.state] ?? p.state} `,
      { type: 'ZIP', text: p.zip },
      '\nInsurance ID: ',
      { type: 'HEALTH_PLAN', text: `${rng.letters(3)}${rng.digits(9)}` },
      '\nAccount #: ',
      { type: 'ACCOUNT', text: rng.digits(10) },
      `\nProblem list: ${rng.pick(CLINICAL)}.`,
    ];
  },
  family_contact: (c) => {
    const { p, rng } = c;
    const rel = rng.pick(
      p.sex === 'male' ? ['wife', 'daughter', 'son', 'brother'] : ['husband', 'daughter', 'son', 'sister'],
    );
    const email = `${c.relative.toLowerCase()}.${p.family.toLowerCase()}${rng.int(1, 99)}@${rng.pick(['gmail.com', 'yahoo.com', 'example.org', 'outlook.com'])}`;
    return [
      'Curbside q: ',
      { type: 'NAME', text: p.given[0]! },
      ` (${c.age}${p.sex === 'male' ? 'M' : 'F'}) was born `,
      { type: 'DATE', text: formatDate(rng, p.birthDate) },
      ' and moved to ',
      { type: 'CITY', text: p.city },
      ` last year. ${p.sex === 'male' ? 'His' : 'Her'} ${rel} `,
      { type: 'NAME', text: `${c.relative} ${p.family}` },
      ' (',
      { type: 'EMAIL', text: email },
      `) asks about ${rng.pick(CLINICAL)}.`,
    ];
  },
  phone_fax_ssn: (c) => {
    const { p, rng } = c;
    const ssn = p.ssn ?? `999-${rng.digits(2)}-${rng.digits(4)}`;
    return [
      'Spoke with ',
      { type: 'NAME', text: `${p.given[0]} ${p.family}` },
      `'s ${rng.pick(['daughter', 'son', 'partner'])} `,
      { type: 'NAME', text: c.relative },
      ' at ',
      { type: 'PHONE', text: formatPhone(rng, c.phone) },
      '. Fax records to ',
      { type: 'FAX', text: formatPhone(rng, rng.digits(10)) },
      '. SSN ',
      { type: 'SSN', text: ssn },
      ' on file. Portal: ',
      {
        type: 'URL',
        text: `https://portal.${rng.pick(['mercyhealth', 'northclinic', 'stlukes'])}.org/patient/${rng.digits(6)}`,
      },
      ', last login from IP ',
      { type: 'IP', text: `${rng.int(11, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` },
      `. ${rng.pick(CLINICAL)}.`,
    ];
  },
  device_vehicle: (c) => {
    const { p, rng } = c;
    const vin = `${rng.digits(1)}${rng.letters(2)}${rng.digits(1)}${rng.letters(2)}${rng.digits(5)}${rng.letters(1)}${rng.digits(5)}`;
    return [
      { type: 'NAME', text: p.family },
      ' has a pacemaker, serial number ',
      { type: 'DEVICE', text: `${rng.letters(3)}${rng.digits(6)}` },
      ". Driver's license ",
      { type: 'LICENSE', text: `S${rng.digits(8)}` },
      '. Vehicle VIN ',
      { type: 'VEHICLE', text: vin },
      ' was in an MVC on ',
      { type: 'DATE', text: `${c.visit.month}/${c.visit.day}` },
      `. Medicare ID `,
      {
        type: 'HEALTH_PLAN',
        text: `${rng.digits(1)}${rng.letters(3)}${rng.digits(1)}${rng.letters(2)}${rng.digits(4)}`,
      },
      `. Denies LOC. ${rng.pick(CLINICAL)}.`,
    ];
  },
  mid_sentence: (c) => {
    const { p, rng } = c;
    const title = p.sex === 'male' ? 'mr' : 'ms';
    return [
      `I saw ${title} `,
      { type: 'NAME', text: p.family.toLowerCase() },
      ' this morning; ',
      { type: 'NAME', text: `${p.given[0]} ${p.family}` },
      ` reports more dyspnea since `,
      { type: 'DATE', text: `${MONTHS[c.visit.month - 1]} ${c.visit.day}` },
      `. Background: ${rng.pick(CLINICAL)}. `,
      'Thanks,\n',
      { type: 'NAME', text: `${c.clinician[0]} ${c.clinician[1]}` },
      ', MD',
    ];
  },
  elderly_parent: (c) => {
    const { p, rng } = c;
    const old = rng.int(90, 104);
    return [
      { type: 'NAME', text: `${p.given.join(' ')} ${p.family}` },
      ` is a ${c.age} yo ${p.sex === 'male' ? 'man' : 'woman'} caring for a mother aged `,
      { type: 'AGE', text: String(old) },
      `; also asks about her father, a `,
      { type: 'AGE', text: String(rng.int(90, 104)) },
      `-year-old with HF. ${rng.pick(CLINICAL)}. Contact `,
      { type: 'EMAIL', text: `${p.given[0]!.toLowerCase()}${rng.int(10, 99)}@example.com` },
      '.',
    ];
  },
  discharge_dates: (c) => {
    const { p, rng } = c;
    const d = c.visit;
    return [
      'Admitted ',
      { type: 'DATE', text: `${pad(d.month)}/${pad(d.day)}/${d.year}` },
      ', discharged ',
      { type: 'DATE', text: `${MONTHS[d.month - 1]} ${Math.min(28, d.day + 3)}, ${d.year}` },
      '. ',
      { type: 'NAME', text: `${p.given[0]} ${p.family}` },
      ' (DOB ',
      { type: 'DATE', text: `${p.birthDate.year}${pad(p.birthDate.month)}${pad(p.birthDate.day)}` },
      `) follows up with Dr. `,
      { type: 'NAME', text: c.clinician[1] },
      ` in ${rng.int(1, 4)} weeks. ${rng.pick(CLINICAL)}.`,
    ];
  },
};

/** Renders every template for every patient; ground-truth spans are exact by construction. */
export function renderNotes(patients: SyntheaPatient[]): LabelledNote[] {
  const notes: LabelledNote[] = [];
  patients.forEach((p, idx) => {
    const other = patients[(idx + 1) % patients.length]!;
    const third = patients[(idx + 2) % patients.length]!;
    for (const [name, template] of Object.entries(TEMPLATES)) {
      const rng = new Rng(`${p.id}:${name}`);
      const visitYear = rng.int(2019, 2024);
      const context: Context = {
        p,
        rng,
        relative: other.given[0]!,
        clinician: [third.given[0]!, third.family],
        age: ageAt(p, visitYear),
        visit: { year: visitYear, month: rng.int(1, 12), day: rng.int(1, 28) },
        phone: p.phone ? p.phone.replace(/\D/g, '').slice(-10) : `555${rng.digits(7)}`,
      };
      notes.push(assemble(p.id, name, template(context)));
    }
  });
  return notes;
}

function assemble(patientId: string, template: string, pieces: Piece[]): LabelledNote {
  let text = '';
  const entities: LabelledNote['entities'] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
    } else if (piece.text.trim()) {
      entities.push({ type: piece.type, start: text.length, end: text.length + piece.text.length });
      text += piece.text;
    }
  }
  return { patientId, template, text, entities };
}
