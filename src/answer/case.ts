// Reading the case out of a (de-identified) question: age, sex, pregnancy, conditions, medications, labs and vitals.
// Used to show "Read as: ..." so the clinician can catch a misreading, and to steer retrieval toward the right guideline.
import { LRUCache } from 'lru-cache';
import type { CaseFacts } from './types.js';
import { CONDITIONS, DRUG_ALIASES, DRUG_CLASS, GENERIC_DRUGS } from '../retrieval/case-lexicon.js';

const MAX_CASE_CHARS = 20_000;

// ---------------------------------------------------------------------------------------------------------------------
// Age and sex

const AGE_PATTERNS: RegExp[] = [
  /\b(\d{1,3})\s{0,2}(?:-|\s)?\s{0,2}(?:years?|yrs?|yr)[-\s]{0,2}old\b/i,
  /\b(\d{1,3})\s{0,2}(?:yo|y\/o|y\.o\.|yrs?\.?\s?old)\b/i,
  // Not a stage or grade before the sex word ("CKD4 lady", "stage 3 female").
  /(?<!\b(?:ckd|stage|grade|class|type|gold|nyha|tier|level|g)\s?)\b(\d{1,3})\s{0,2}-?\s{0,2}(?:M|F|m|f)\b(?![\w/])/i,
  /(?<!\b(?:ckd|stage|grade|class|type|gold|nyha|tier|level|g)\s?)\b(\d{1,3})\s{0,2}(?:male|female|man|woman|gentleman|lady)\b/i,
  /\b(?:age[ds]?|aged)\s{0,3}:?\s{0,3}(\d{1,3})\b/i,
];
const OVER_89 = /\[AGE over 89\]|\b90\s?\+\s?(?:years?|yo)|\bover\s(?:the\sage\sof\s)?89\b/i;

// An age group rather than one patient: "9-11 yr olds", "ages 50 to 75", "kids aged 6-12". Years without "old" or
// "age" are a duration ("life expectancy 7-8 yrs", "smoked 5-10 years"), not ages.
const AGE_RANGE =
  /\b(?:age[ds]?|aged)\s{1,3}(\d{1,2})\s?(?:-|–|to)\s?(\d{1,2})\b|\b(\d{1,2})\s?(?:-|–|to)\s?(\d{1,2})\s{0,2}(?:-\s?)?(?:(?:years?|yrs?|yr)[-\s]{0,2}olds?|y\/?o)\b/i;

function readAge(text: string): { age: number | null; over89: boolean; ageTo?: number } {
  if (OVER_89.test(text)) return { age: 90, over89: true };
  const range = AGE_RANGE.exec(text);
  if (range) {
    const from = Number(range[1] ?? range[3]);
    const to = Number(range[2] ?? range[4]);
    if (from < to) return { age: from, over89: false, ageTo: to };
  }
  for (const re of AGE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const age = Number(m[1]);
    if (age >= 0 && age <= 120) return { age: Math.min(age, 90), over89: age > 89 };
  }
  return { age: null, over89: false };
}

function readSex(text: string): CaseFacts['sex'] {
  // The noun right after the age ("a 26-year-old man", "67 yo female veteran") beats pronouns about other people.
  const noun =
    /(?:\b\d{1,3}|\[AGE over 89\])(?:[-\s]{0,2}(?:years?|yrs?|yo|y\/o)[-\s]{0,2}(?:old)?,?\s{1,2}(?:[\w-]+,?\s{1,2}){0,2}?|\s{1,2}|-)(man|male|gentleman|boy|woman|female|lady|girl)\b/i.exec(
      text,
    );
  if (noun) return /^(?:man|male|gentleman|boy)$/i.test(noun[1]!) ? 'male' : 'female';
  // "67M", "45 yo F" (not a temperature such as "T 99.0 F").
  const explicit =
    /(?<![\d.])(?:\d{1,3}|\[AGE over 89\])\s{0,2}(?:yo\s{0,2}|y\/o\s{0,2}|-?year-old\s{0,2}|\s)?([MF])\b|\b(?:yo|y\/o)\s{1,2}([mfMF])\b/g;
  for (const m of text.matchAll(explicit)) {
    if (/(?:\bt|temp\w*|°)\s{0,2}[\d.]*\s{0,2}$/i.test(text.slice(Math.max(0, (m.index ?? 0) - 8), m.index ?? 0)))
      continue;
    if (/\d\s{0,2}[MF]$/.test(m[0]) && /^\s{0,2}°/.test(text.slice((m.index ?? 0) + m[0].length))) continue;
    const letter = (m[1] ?? m[2])?.toUpperCase();
    if (letter === 'M') return 'male';
    if (letter === 'F') return 'female';
  }
  const male = /\b(?:male|man|gentleman|boy|husband|father|mr\.?|he|him|his|veteran\s(?:man))\b/gi;
  const female = /\b(?:female|woman|lady|girl|wife|mother|mrs\.?|ms\.?|she|her|hers|pregnant|postpartum|g\d\s?p\d)\b/gi;
  const nouns = (re: RegExp) => (text.match(re) ?? []).length;
  const m = nouns(male);
  const f = nouns(female);
  if (m === f) return null;
  return m > f ? 'male' : 'female';
}

// Signs of a pregnancy under way other than the bare word: "G2P1", "at 13 wks", "32 wks gestation", "third trimester".
const GESTATION =
  /\b(?:gravid|g\d\s?p\d|\d{1,2}\s?(?:weeks?|wks?)\s(?:pregnant|gestation|ga\b|of\sgestation)|at\s\d{1,2}\s?(?:\+\d\s?)?(?:weeks?|wks?)\b|(?:is|she's)\s\d{1,2}\s?(?:weeks?|wks?)\b(?![\s-]+(?:old|ago|post|out|into|after|since|from|in|later|of\s(?!gestation)))|(?:first|second|third|1st|2nd|3rd)\strimester|iup)\b/i;
// Pregnancy as an aim: "trying to get pregnant", "planning a pregnancy", "to conceive". Whoever says it is not pregnant.
const PREGNANCY_AIM =
  /\b(?:get(?:ting)?|becom(?:e|ing))\s+pregnant\b|\bconceiv(?:e|ing)\b|\b(?:plan(?:s|ned|ning)?|prevent(?:s|ing)?|avoid(?:s|ing)?)\s+(?:a\s+)?pregnanc(?:y|ies)\b/i;

function readPregnancy(text: string): boolean | null {
  if (
    /\b(?:not\s(?:currently\s)?pregnant|non-?pregnant|negative\s(?:urine\s)?(?:pregnancy\stest|hcg|upt))\b/i.test(text)
  )
    return false;
  // With an aim in the message, the word "pregnancy" is its topic ("anything re: pregnancy?"), not her state.
  if (PREGNANCY_AIM.test(text)) {
    const rest = text.replace(new RegExp(PREGNANCY_AIM, 'gi'), ' ');
    return GESTATION.test(rest) || /\b(?:is|she's|currently|now)\s+pregnant\b/i.test(rest);
  }
  if (/\bpregnan(?:t|cy)\b/i.test(text) || GESTATION.test(text)) return true;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Conditions and medications

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NEGATED =
  /\b(?:no|denies|denied|without|negative\sfor|ruled\sout|never\shad|free\sof)\b(?:(?!,\s{0,2}(?:has|with|is|on|but|and)\b|\bbut\b)[^.;:]){0,30}$/i;

// "NOT diabetic", "isn't a diabetic", "not known to have CKD": "not" right before the condition (further back it is
// often about something else: "not on metformin for her diabetes").
const NOT_RIGHT_BEFORE = /\b(?:not|isn't|nor)\s(?:an?\s|known\s(?:to\s(?:be|have)\s)?)?$/i;

interface Found {
  label: string;
  at: number;
}

let conditionMatchers: { entry: (typeof CONDITIONS)[number]; re: RegExp }[] | null = null;

function readConditions(text: string): string[] {
  conditionMatchers ??= CONDITIONS.map((entry) => ({
    entry,
    re: new RegExp(
      // A plural names the same condition ("3 concussions", "2 blast mTBIs"); "post-stroke depression" names two.
      `(?:(?<=\\bpost-)|(?<![\\w-]))(${entry.forms.map((f) => escape(f).replace(/\\ /g, '[\\s-]')).join('|')})(?:e?s)?(?![\\w-])`,
      'gi',
    ),
  }));
  const found: Found[] = [];
  for (const { entry, re } of conditionMatchers) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      // All-caps abbreviations must be written in capitals ("MS" the disease, not "ms" the title; "OA" not "oa").
      const form = m[1]!;
      if (
        form.length <= 3 &&
        form !== form.toUpperCase() &&
        entry.label === entry.label.toUpperCase() &&
        !/\d/.test(form)
      )
        continue;
      const before = text.slice(Math.max(0, m.index - 40), m.index);
      if (NEGATED.test(before) || NOT_RIGHT_BEFORE.test(before)) continue;
      found.push({ label: entry.label, at: m.index });
      break;
    }
  }
  const labels = new Set(found.sort((a, b) => a.at - b.at).map((f) => f.label));
  // The specific form wins over the general one.
  for (const label of [...labels]) if (BROADER[label]) labels.delete(BROADER[label]);
  return [...labels];
}

/** A specific condition and the general one it is a form of ("OUD" is a substance use disorder). */
export const BROADER: Readonly<Record<string, string>> = {
  T2DM: 'DM',
  T1DM: 'DM',
  GDM: 'DM',
  mTBI: 'TBI',
  OUD: 'SUD',
  AUD: 'SUD',
  migraine: 'headache',
};

let drugMatcher: RegExp | null = null;

function readMedications(text: string): string[] {
  if (!drugMatcher) {
    const names = [...GENERIC_DRUGS, ...Object.keys(DRUG_ALIASES)].sort((a, b) => b.length - a.length).map(escape);
    drugMatcher = new RegExp(`(?<![\\w-])(?:${names.join('|')})(?![\\w-])`, 'gi');
  }
  const out: string[] = [];
  drugMatcher.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = drugMatcher.exec(text)) !== null) {
    const word = m[0].toLowerCase();
    if (
      NEGATED.test(text.slice(Math.max(0, m.index - 40), m.index)) &&
      !/\b(?:on|taking)\b/i.test(text.slice(Math.max(0, m.index - 12), m.index))
    )
      continue;
    // "ASA" as the abbreviation must be in capitals; "asa" is rare in typed text otherwise.
    const generic = DRUG_ALIASES[word] ?? word;
    if (generic === 'acetylsalicylic acid') continue;
    if (!out.includes(generic)) out.push(generic);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Labs and vitals

const NUM = String.raw`(?:of\s|is\s|was\s|at\s|=\s?|:\s?|~\s?|<\s?|>\s?)?(-?\d{1,4}(?:\.\d{1,2})?)`;
const LABS: { name: string; re: RegExp }[] = [
  // "BP 148/92", "BP avg 154/92", "blood pressure still running ~150/95".
  {
    name: 'BP',
    re: /\b(?:bp|blood\spressure|b\/p)\s{0,3}(?:(?:of|is|was|avg|average|mean|still|now|today|running|around|about|in\sthe|~|:)\s{0,2}){0,3}(\d{2,3}\s?\/\s?\d{2,3})/i,
  },
  { name: 'eGFR', re: new RegExp(String.raw`\b(?:e?gfr|estimated\sgfr)\s{0,3}${NUM}`, 'i') },
  {
    name: 'A1c',
    re: new RegExp(String.raw`\b(?:hb\s?a1c|a1c|hemoglobin\sa1c|glycated\shemoglobin)\s{0,3}${NUM}\s?%?`, 'i'),
  },
  { name: 'LDL', re: new RegExp(String.raw`\b(?:ldl(?:-c)?|ldl\scholesterol)\s{0,3}${NUM}`, 'i') },
  { name: 'HDL', re: new RegExp(String.raw`\bhdl(?:-c)?\s{0,3}${NUM}`, 'i') },
  { name: 'BMI', re: new RegExp(String.raw`\bbmi\s{0,3}${NUM}`, 'i') },
  { name: 'AHI', re: new RegExp(String.raw`\b(?:ahi|apnea[-\s]hypopnea\sindex)\s{0,3}${NUM}`, 'i') },
  { name: 'K', re: new RegExp(String.raw`\b(?:k\+?|potassium)\s{0,3}${NUM}(?!\s?(?:mg|mcg|units?)\b)`, 'i') },
  { name: 'Na', re: new RegExp(String.raw`\b(?:na\+?|sodium)\s{0,3}${NUM}`, 'i') },
  // The urine albumin-to-creatinine ratio ("UACR 310", "urine alb/cr 310", "ACR 45"), not a creatinine.
  {
    name: 'UACR',
    re: new RegExp(
      String.raw`\b(?:u?acr|(?:urine\s|u\s?)?(?:micro)?alb(?:umin)?\s?(?:\/|to|:|-)\s?(?:cr|creat|creatinine)(?:\sratio)?)\s{0,3}${NUM}`,
      'i',
    ),
  },
  { name: 'Cr', re: new RegExp(String.raw`(?<!\/\s?)\b(?:cr|creat|creatinine|scr)\s{0,3}${NUM}`, 'i') },
  { name: 'HR', re: new RegExp(String.raw`\b(?:hr|heart\srate|pulse)\s{0,3}${NUM}`, 'i') },
  { name: 'RR', re: new RegExp(String.raw`\b(?:rr|resp(?:iratory)?\srate)\s{0,3}${NUM}`, 'i') },
  {
    name: 'SpO2',
    re: new RegExp(String.raw`\b(?:spo2|sp02|o2\ssats?|sats?|oxygen\ssaturation)\s{0,3}${NUM}\s?%?`, 'i'),
  },
  {
    name: 'Temp',
    re: new RegExp(String.raw`\b(?:temp|temperature|t)\s{0,3}${NUM}(?=\s?(?:°|c\b|f\b|celsius|fahrenheit))`, 'i'),
  },
  { name: 'PHQ-9', re: new RegExp(String.raw`\bphq[-\s]?9\s{0,3}(?:score\s)?${NUM}`, 'i') },
  { name: 'GAD-7', re: new RegExp(String.raw`\bgad[-\s]?7\s{0,3}(?:score\s)?${NUM}`, 'i') },
  { name: 'PCL-5', re: new RegExp(String.raw`\bpcl[-\s]?5\s{0,3}(?:score\s)?${NUM}`, 'i') },
  { name: 'AUDIT-C', re: new RegExp(String.raw`\baudit[-\s]?c\s{0,3}(?:score\s)?${NUM}`, 'i') },
  { name: 'UACR', re: new RegExp(String.raw`\b(?:uacr|acr|albumin[-\s]to[-\s]creatinine\sratio)\s{0,3}${NUM}`, 'i') },
  { name: 'TSH', re: new RegExp(String.raw`\btsh\s{0,3}${NUM}`, 'i') },
  { name: 'Hgb', re: new RegExp(String.raw`\b(?:hgb|hb|hemoglobin)(?!\s?a1c)\s{0,3}${NUM}`, 'i') },
  { name: 'INR', re: new RegExp(String.raw`\binr\s{0,3}${NUM}`, 'i') },
  { name: 'EF', re: new RegExp(String.raw`\b(?:lvef|ef|ejection\sfraction)\s{0,3}${NUM}\s?%?`, 'i') },
  { name: 'glucose', re: new RegExp(String.raw`\b(?:glucose|blood\ssugar|fbg|fasting\sglucose|bg)\s{0,3}${NUM}`, 'i') },
  { name: 'FEV1', re: new RegExp(String.raw`\bfev1(?!\/)\s{0,3}${NUM}\s?%?`, 'i') },
  {
    name: 'MME',
    re: new RegExp(String.raw`\b(?:mme|medd)\s{0,3}${NUM}|${NUM.replace('(-?', '(')}\s?(?:mme|mg\smed)\b`, 'i'),
  },
  { name: 'weight', re: new RegExp(String.raw`\b(?:wt|weight)\s{0,3}${NUM}\s?(?:kg|lbs?)`, 'i') },
];

function readLabs(text: string): Record<string, string> {
  const labs: Record<string, string> = {};
  for (const { name, re } of LABS) {
    const m = re.exec(text);
    const value = m?.[1] ?? m?.[2];
    if (value !== undefined) labs[name] = value.replace(/\s/g, '');
  }
  return labs;
}

// ---------------------------------------------------------------------------------------------------------------------

/** How many case texts the reader remembers: a turn reads the same question and statements several times; 0 = none. */
export const CASE_READ_CACHE_SETTINGS = { entries: 512 };
const readCache =
  CASE_READ_CACHE_SETTINGS.entries > 0
    ? new LRUCache<string, CaseFacts>({ max: CASE_READ_CACHE_SETTINGS.entries })
    : null;

/** The facts a case text states; memoised (least recently used out), each caller gets its own copy. */
// A mild TBI told by its definition rather than its name: an injury to the head (a blow, a fall onto it, a blast) with
// consciousness lost or altered ("IED blast 2 wks ago with brief LOC", "hit his head, dazed for a minute").
const TBI_BY_DEFINITION =
  /\b(?:blast|ied|explosion|hit\s(?:his|her|their|the)\shead|head\s(?:injury|trauma|strike)|(?:knock|blow|bang)\sto\s(?:the|his|her)\shead|fell\s(?:and\s)?(?:hit|struck))\b(?:[^.;]|\.(?=\d)){0,60}?\b(?<!\b(?:no|denies|denied|without|negative\sfor|never)\s)(?:loc|loss\sof\sconsciousness|lost\sconsciousness|knocked\sout|passed\sout|blacked\sout|dazed|saw\sstars|confused\sfor|bell\srung|aoc|alteration\sof\sconsciousness|pta|amnesia)\b/i;

export function readCase(text: string): CaseFacts {
  const key = String(text ?? '').slice(0, MAX_CASE_CHARS);
  let facts = readCache?.get(key);
  if (!facts) {
    facts = readCaseUncached(key);
    readCache?.set(key, facts);
  }
  return { ...facts, conditions: [...facts.conditions], medications: [...facts.medications], labs: { ...facts.labs } };
}

function readCaseUncached(text: string): CaseFacts {
  // Shorthand that glues a stage to the condition ("CKD3b", "CKDG4") is read as the condition.
  const t = String(text ?? '')
    .slice(0, MAX_CASE_CHARS)
    .replace(/\b(CKD)(?=G?[1-5][ab]?\b)/gi, '$1 ');
  const { age, over89, ageTo } = readAge(t);
  const sex = readSex(t);
  let pregnant = readPregnancy(t);
  if (sex === 'male' && pregnant) pregnant = null;
  const conditions = readConditions(t);
  if (pregnant && !conditions.includes('pregnancy')) conditions.unshift('pregnancy');
  if (!conditions.includes('mTBI') && !conditions.includes('TBI') && TBI_BY_DEFINITION.test(t)) conditions.push('mTBI');
  const facts: CaseFacts = {
    age,
    ageOver89: over89,
    sex,
    pregnant,
    conditions,
    medications: readMedications(t),
    labs: readLabs(t),
  };
  if (ageTo !== undefined) facts.ageTo = ageTo;
  return facts;
}

/** Labs shown next to the condition they stage. */
const LAB_FOR_CONDITION: Record<string, string[]> = {
  CKD: ['eGFR', 'UACR'],
  T2DM: ['A1c'],
  T1DM: ['A1c'],
  DM: ['A1c'],
  HTN: ['BP'],
  HF: ['EF'],
  MDD: ['PHQ-9'],
  PTSD: ['PCL-5'],
  GAD: ['GAD-7'],
  obesity: ['BMI'],
  HLD: ['LDL'],
  COPD: ['FEV1'],
  AUD: ['AUDIT-C'],
};

/** "Read as: 67-year-old man; T2DM, CKD (eGFR 38); metformin" ("" if nothing was read). */
export function summarizeCase(facts: CaseFacts): string {
  const parts: string[] = [];
  const who: string[] = [];
  if (facts.age !== null)
    who.push(
      facts.ageOver89
        ? '90 or older'
        : facts.ageTo !== undefined
          ? `${facts.age}-${facts.ageTo}-year-old`
          : `${facts.age}-year-old`,
    );
  if (facts.sex) who.push(facts.sex === 'male' ? 'man' : 'woman');
  else if (facts.age !== null) who.push('patient');
  if (facts.pregnant) who.push('(pregnant)');
  if (who.length) parts.push(who.join(' '));
  const shown = new Set<string>();
  const conditions = facts.conditions
    .filter((c) => !(c === 'pregnancy' && facts.pregnant))
    .map((c) => {
      const labs = (LAB_FOR_CONDITION[c] ?? []).filter((l) => facts.labs[l] !== undefined);
      labs.forEach((l) => shown.add(l));
      return labs.length ? `${c} (${labs.map((l) => `${l} ${facts.labs[l]}`).join(', ')})` : c;
    });
  if (conditions.length) parts.push(conditions.join(', '));
  const otherLabs = Object.entries(facts.labs).filter(([k]) => !shown.has(k));
  if (otherLabs.length) parts.push(otherLabs.map(([k, v]) => `${k} ${v}`).join(', '));
  if (facts.medications.length) parts.push(facts.medications.join(', '));
  return parts.length ? `Read as: ${parts.join('; ')}` : '';
}

const num = (v: string | undefined) => (v === undefined ? NaN : Number(v.split('/')[0]));

/**
 * Conditions a case shows without naming them: eGFR under 60 is CKD, BMI 30 or more obesity, a blood pressure of 140/90
 * or more hypertension, an A1c of 6.5% or more diabetes, CPAP or an AHI sleep apnea.
 */
export function impliedConditions(facts: CaseFacts, text: string): string[] {
  const out: string[] = [];
  if (num(facts.labs.eGFR) < 60) out.push('CKD');
  if (num(facts.labs.BMI) >= 30) out.push('obesity');
  const [sys = NaN, dia = NaN] = (facts.labs.BP ?? '').split('/').map(Number);
  if (sys >= 140 || dia >= 90) out.push('HTN');
  if (num(facts.labs.A1c) >= 6.5) out.push('DM');
  if (/\b(?:c|a|bi)pap\b|\bahi\b/i.test(text)) out.push('OSA');
  // The PHQ-9 measures depression: a case scored on it is about depression.
  if (/\bphq-?9\b/i.test(text)) out.push('MDD');
  return out;
}

/** Terms to steer retrieval: full condition names, drug classes, and what the labs imply. */
export function caseSearchTerms(facts: CaseFacts): string[] {
  const terms = new Set<string>();
  for (const label of facts.conditions) {
    const entry = CONDITIONS.find((c) => c.label === label);
    terms.add(entry ? entry.name : label);
  }
  for (const med of facts.medications) {
    terms.add(med);
    const cls = DRUG_CLASS[med] ?? DRUG_CLASS[med.split(' ')[0]!];
    if (cls) terms.add(cls);
  }
  const egfr = num(facts.labs.eGFR);
  if (egfr < 60) terms.add('chronic kidney disease');
  if (egfr < 30) terms.add('severe renal impairment dose adjustment');
  const a1c = num(facts.labs.A1c);
  if (a1c >= 7) terms.add('glycemic target hemoglobin A1c');
  const [sys = NaN, dia = NaN] = (facts.labs.BP ?? '').split('/').map(Number);
  if (sys >= 130 || dia >= 80) terms.add('blood pressure target');
  if (num(facts.labs.BMI) >= 30) terms.add('obesity');
  if (num(facts.labs.LDL) >= 190) terms.add('high-intensity statin');
  if (num(facts.labs.K) >= 5.5) terms.add('hyperkalemia');
  const phq = num(facts.labs['PHQ-9']);
  if (phq >= 20) terms.add('severe depression');
  else if (phq >= 10) terms.add('moderate depression');
  if (num(facts.labs.EF) <= 40) terms.add('heart failure with reduced ejection fraction');
  if (num(facts.labs.MME) >= 90) terms.add('high-dose opioid taper');
  if (facts.pregnant) terms.add('pregnancy');
  if (facts.age !== null && facts.age >= 65) terms.add('older adults');
  return [...terms];
}
