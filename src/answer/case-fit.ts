// How well a recommendation fits this case, beyond shared words: does it answer what the question asks for (a next
// step, a first choice, whether to continue), does it start from the therapy the patient is on, and is it written for
// this patient's population (age band, CKD stage, setting, pregnancy)? Used by the second-stage ranking in
// extractive.ts. Every rule reads general guideline phrasing, never one question.
import { readCase } from './case.js';
import { DRUG_CLASS } from '../retrieval/case-lexicon.js';
import { CONCEPT_GROUPS } from '../retrieval/lexicon.js';
import { askedAbout, askingSentence, stem, termPresent, topicTerms, type TopicTerm } from './scope.js';
import type { CaseFacts } from './types.js';

export type Intent = 'escalate' | 'initial' | 'continue' | null;

// "What should I add?", "next step?", "still breathless on X", "partial response", "failed", "not controlled".
const ESCALATE_ASK =
  /\b(add|adding|add-on|change|switch|adjust|modify|intensify|next( step| agent| line)?|step[- ]up|escalat\w*|intensif\w*|second(-line| agent| drug)|what now|options now|now what|else)\b/i;
const ESCALATE_CASE =
  /\b(still(?! (?:be|an option|appropriate|safe|ok|okay|indicated|recommended|first)\b)|despite|persistent(ly)?|uncontrolled|not controlled|inadequate(ly)?|partial(ly)? respon\w*|non-?respon\w*|failed|failure of|refractory|resistant|not (enough|working|helping|tolerat\w*))\b/i;
const INITIAL_ASK =
  /\b(first[- ]line|first[- ]choice|first|initial|start(ing)?( with| on)?|begin|which (drug|agent|medication|class) first|newly diagnosed|new diagnosis|treatment[- ]naive)\b/i;
const CONTINUE_ASK =
  /\b(continu(?:e|ing)|keep(?:ing)?|stay on|stop|stopping|discontinu\w*|withdraw\w*|taper\w*|come off|hold|pull(?:ing)?|drop(?:ping)?|wean\w*|d\/c|(?:get|take|come|coming)\s(?:him|her|them)?\s?off)\b/i;

const ESCALATE_REC =
  /\b(add|adding|added|add-on|addition of|augment\w*|switch\w*|despite|continue to (have|report|experience)|inadequate(ly)?|partial or no response|non-?respon\w*|not adequately controlled|second-line|if .{0,40}(not tolerated|contraindicated|ineffective)|third medication|combination)\b/i;
const INITIAL_REC = /\b(first-line|first line|initial|initiat\w*|primary (pharmacologic )?(therapy|treatment))\b/i;
// A statement for when the first choice failed or is unavailable: the opposite of what "first-line?" asks.
const SECOND_LINE_REC =
  /\b(second-line|(if|for whom|who) .{0,120}(ineffective|not tolerated|contraindicated|unavailable|unacceptable)|not readily available|not preferred|despite|partial or no response|inadequate(ly)? (response|relieved|controlled)|(not (adequately |well )?|un)controlled (by|on|with))\b/i;
// A strong recommendation to offer a treatment: where the guidelines put first-line choices ("we recommend offering").
const STRONG_OFFER = /\bwe recommend (?:offering|the use of|using|prescribing|starting|initiating)\b/i;
const CONTINUE_REC = /\b(continu\w*|withdraw\w*|discontinu\w*|taper\w*|de-?escalat\w*|starting or continuing)\b/i;
// A statement about stepping therapy down or stopping it: the opposite of what "which to start?" asks.
const STEP_DOWN_REC = /\b(step(s|ping)? down|withdraw\w*|discontinu\w*|taper\w*|de-?escalat\w*)\b/i;

/** What the question asks for, read from its asking sentence (and, for "still X despite Y", the case). */
export function questionIntent(question: string): Intent {
  const ask = askedAbout(question);
  if (CONTINUE_ASK.test(ask) && !/\bstart\b/i.test(ask)) return 'continue';
  if (ESCALATE_ASK.test(ask) || ESCALATE_CASE.test(question)) return 'escalate';
  if (INITIAL_ASK.test(ask)) return 'initial';
  return null;
}

// "Which drugs ...", "what med options ...", "what's next?", "what should we add?": a choice among treatments. Not
// "what do I tell him?" or "what does the guideline say?", which a statement of insufficient evidence may answer.
const OPEN_CHOICE =
  /^\s*(?:which|what)(?:'s|\s+is|\s+are)?(?:\s+[\w-]+){0,3}?\s+(?:drugs?|meds?|medications?|agents?|treatments?|tx|therap\w*|options?|class(?:es)?|approach(?:es)?|add-?ons?|inhalers?|antidepressants?|regimens?|interventions?|first[- ]line|next|else)\b|^\s*what\s+(?:should|can|do|would)\s+(?:we|i|you)\s+(?:add|start|use|try|offer|give|prescribe|switch)\b/i;

/** "Which drugs are recommended for X?", "What is first-line?": an open choice, not a yes/no on a named option. */
export function asksOpenChoice(question: string): boolean {
  return OPEN_CHOICE.test(askingSentence(question));
}

/** "There is insufficient evidence to recommend for or against ...": true of a statement that recommends nothing. */
export function recommendsNothing(text: string): boolean {
  return /\bthere is (currently )?(insufficient|no available) evidence\b|\bwe cannot recommend for or against\b/i.test(
    text.slice(0, 250),
  );
}

/**
 * Whether a recommendation's wording answers that kind of question: +1 it does, -1 it answers the opposite kind
 * (a second-line statement for a "first-line?" question, a first-line one for "what to add?"), 0 neither.
 */
export function intentFit(intent: Intent, text: string): number {
  switch (intent) {
    case 'escalate':
      // "For whom first-line pharmacotherapy is contraindicated or ineffective" is a next step, though it says first-line.
      return ESCALATE_REC.test(text) || SECOND_LINE_REC.test(text) ? 1 : INITIAL_REC.test(text) ? -1 : 0;
    case 'initial':
      return SECOND_LINE_REC.test(text) || STEP_DOWN_REC.test(text)
        ? -1
        : INITIAL_REC.test(text) || STRONG_OFFER.test(text)
          ? 1
          : 0;
    case 'continue':
      return CONTINUE_REC.test(text) ? 1 : 0;
    default:
      return 0;
  }
}

const drugKey = (name: string) => (DRUG_CLASS[name] ?? name).toLowerCase();

// What a statement asks the clinician to do when it only assesses, measures, interprets or sets a goal: "we recommend
// assessing ... when interpreting HbA1c", "setting an HbA1c target range", "treating to a systolic goal", "using a
// quantitative measure ... to monitor". Such a statement frames a treatment decision; it is not the decision.
const ASSESS_ONLY_ACTION = [
  /^(?:(?:providers?|clinicians?) )?(?:be aware|assess\w*|screen\w*|monitor\w*|measur\w*|interpret\w*|identify\w*|using (?:a|the) (?:quantitative|validated|standardized))\b/i,
  /^(?:setting|an?|the|treating to)\b[^.;]{0,40}\b(?:target|goal)s?\b/i,
];
// A case that already has treatment on board, or has failed one: its "next step?" is about therapy.
const TREATMENT_CONTEXT = /\b(on|taking|using|receiving|tried|failed|after|despite)\b/i;

/** True of a statement whose action is to assess, monitor, interpret or set a target, not to treat. */
export function assessesOnly(text: string): boolean {
  if (/\bwhen interpreting\b/i.test(text)) return true;
  const m = /\bwe (?:strongly )?(?:recommend|suggest)(?: that)? (.{0,80})/i.exec(text);
  return !!m && ASSESS_ONLY_ACTION.some((re) => re.test(m[1]!));
}

/**
 * For a treatment decision (what to add, what now, can I continue X) in a patient already on therapy or after one
 * failed: -1 for a statement that only assesses, monitors, interprets or sets a target; 0 otherwise. Diagnostic
 * "what next?" questions (no therapy in the case) are left alone: there, testing is the answer.
 */
export function decisionFit(intent: Intent, facts: CaseFacts, question: string, text: string): number {
  if (intent !== 'escalate' && intent !== 'continue') return 0;
  const onTherapy = facts.medications.length > 0 || ESCALATE_CASE.test(question);
  if (!onTherapy || !TREATMENT_CONTEXT.test(question)) return 0;
  return assessesOnly(text) ? -1 : 0;
}

// Measures of control (glycaemia, blood pressure, lipids, symptom scores): in "A1c 8.4 on metformin - next step?" the
// value is why to act, not what the answer is about. Statements on interpreting or targeting it match it by name.
const CONTROL_MEASURES =
  'a1c hba1c hemoglobin glycated glycosylated glycemic glucose target goal blood pressure systolic diastolic bp ldl cholesterol phq pcl gad';

/**
 * The drugs the case says the patient is on or has tried ("on metformin", "taking X", "failed naltrexone"), minus
 * those the question asks about ("on sertraline, add quetiapine?"); a drug that is only the question's subject ("can
 * metformin still be first-line?") is not on board.
 */
export interface TherapyOnBoard {
  onBoard: string[];
  askedFor: string[];
}

export function therapyOnBoard(question: string, facts: CaseFacts): TherapyOnBoard {
  const ask = askingSentence(question);
  const askedFor = new Set(
    [
      ...ask.matchAll(
        /\b(?:add|adding|switch(?:ing)? to|start|starting|try|trial of|use|using|augment(?:ing)? with)\b([^.?;,]{0,60})/gi,
      ),
    ]
      .flatMap((m) => readCase(m[1] ?? '').medications)
      .map(drugKey),
  );
  const said = new Set(
    [
      ...question.matchAll(
        /\b(?:on|taking|takes|using|receiving|maintained on|treated with|tried|failed|despite)\b([^.;?]{0,80})/gi,
      ),
    ]
      .flatMap((m) => readCase(m[1] ?? '').medications)
      .map(drugKey),
  );
  return {
    onBoard: facts.medications.filter((m) => said.has(drugKey(m)) && !askedFor.has(drugKey(m))),
    askedFor: [...askedFor],
  };
}

// "adding a LABA to long-acting muscarinic antagonist therapy": the therapy added to, not the one recommended.
const ADDED_TO =
  /\b(?:to|with|plus|in addition to|on top of) (?:an? |the |their |current )?[^.;,]{0,60}?\b(?:therapy|treatment|regimen)\b/gi;

/**
 * For "what next?": true of a statement that recommends a drug the patient is already on or has failed (not as the
 * therapy it starts from): "offering metformin as first-line" for a patient on metformin is the step already taken.
 */
export function repeatsTherapy({ onBoard }: TherapyOnBoard, text: string): boolean {
  if (onBoard.length === 0) return false;
  // What the statement recommends: its text without the clause naming the therapy it starts from. Drug and class
  // names are matched on stems, so "long-acting muscarinic antagonists" names tiotropium's class.
  const recommended = new Set(
    (
      text
        .replace(CURRENT_THERAPY, ' ')
        .replace(ADDED_TO, ' ')
        .toLowerCase()
        .match(/[a-z0-9]+/g) ?? []
    ).map(stem),
  );
  return onBoard.some((d) => topicTerms(`${d} ${DRUG_CLASS[d] ?? ''}`).some((t) => termPresent(t, recommended)));
}

/**
 * For a "next step / what to add" question, the terms that are context rather than topic: the drugs the patient is
 * already on (not the ones asked about: "on sertraline, add quetiapine?"), when `onBoard`, and measures of control.
 * Matching them rewards statements about the current drug or about reading the lab, not about the next therapy.
 */
export function escalationContext(
  { onBoard, askedFor }: TherapyOnBoard,
  opts: { onBoard: boolean },
): (term: TopicTerm) => boolean {
  const onBoardTerms = topicTerms([...onBoard, ...onBoard.map((m) => DRUG_CLASS[m] ?? '')].join(' '));
  const control = new Set(CONTROL_MEASURES.split(' ').map(stem));
  const askedTerms = topicTerms(askedFor.join(' '));
  return (term) => {
    if (askedTerms.some((a) => a.label === term.label)) return false;
    if (
      opts.onBoard &&
      onBoardTerms.some(
        (o) => o.label === term.label || o.forms.some((f) => term.forms.some((g) => g.join(' ') === f.join(' '))),
      )
    )
      return true;
    return termPresent(term, control);
  };
}

// The clause describing the therapy a recommendation starts from: "despite using a LAMA", "who are on combination
// therapy with a LAMA/LABA", "receiving insulin".
const CURRENT_THERAPY =
  /\b(?:despite (?:using|taking|receiving)?|who are (?:on|using|taking|receiving)|already (?:on|using|taking)|on (?:combination )?therapy with|treated with|receiving)\b([^.;,]{0,90})/gi;

/**
 * +1 when the therapy the recommendation starts from is what the patient is on; -1 when it names a drug the case
 * does not list (a recommendation for patients already on LAMA/LABA does not fit a patient on LAMA alone); 0 when
 * the recommendation names no starting therapy or the case lists none.
 */
export function therapyFit(facts: CaseFacts, text: string): number {
  if (facts.medications.length === 0) return 0;
  const onBoard = new Set(facts.medications.map(drugKey));
  const named = new Set<string>();
  for (const m of text.matchAll(CURRENT_THERAPY))
    for (const d of readCase(m[1] ?? '').medications) named.add(drugKey(d));
  if (named.size === 0) return 0;
  const missing = [...named].filter((d) => !onBoard.has(d)).length;
  if (missing > 0) return -1;
  return 1;
}

/**
 * Whether the case (its own, non-negated topic terms) has what a phrase names: "without X" in a recommendation
 * excludes a case with X.
 */
export function caseHasPhrase(caseTerms: TopicTerm[]): (phrase: string) => boolean {
  const caseStems = new Set(caseTerms.flatMap((t) => t.forms.flat()));
  return (phrase) => {
    const stems = (phrase.toLowerCase().match(/[a-z0-9]+/g) ?? [])
      .filter((w) => w.length > 2 && !/^(the|and|of|to|in|last|two|year|years)$/.test(w))
      .map(stem);
    return stems.length > 0 && stems.every((s) => caseStems.has(s));
  };
}

/** CKD stage from eGFR (KDIGO G-categories; 3a and 3b both count as 3). */
function ckdStage(egfr: number): number {
  if (egfr >= 90) return 1;
  if (egfr >= 60) return 2;
  if (egfr >= 30) return 3;
  if (egfr >= 15) return 4;
  return 5;
}

/** The case's CKD stage: from its eGFR, else from "stage N" written next to CKD/kidney in the question. */
export function caseCkdStage(facts: CaseFacts, question: string): number | null {
  const egfr = Number((facts.labs.eGFR ?? '').split('/')[0]);
  if (facts.labs.eGFR !== undefined && Number.isFinite(egfr)) return ckdStage(egfr);
  // "stage 3b CKD", "CKD stage 4", and the shorthand "CKD3b" / "CKD G3a" / "CKD 4".
  const m =
    /\bstage (\d)[ab]?\s+(?:ckd|chronic kidney|kidney)|\b(?:ckd|chronic kidney disease),? stage (\d)|\bckd ?g?([1-5])[ab]?\b/i.exec(
      question,
    );
  return m ? Number(m[1] ?? m[2] ?? m[3]) : null;
}

/** "stage 3 and 4", "stages 1 to 3", "stage 4": the stage ranges a statement is written for. */
export function stageRanges(text: string): [number, number][] {
  return [...text.matchAll(/\bstages? (\d)(?:\s?(?:to|-|–|and|or)\s?(\d))?\b/gi)].map((m) => [
    Number(m[1]),
    Number(m[2] ?? m[1]),
  ]);
}

/** +1 when the statement names a CKD stage range that includes the case's stage (0 when either is silent). */
export function stageFit(facts: CaseFacts, question: string, text: string): number {
  const stage = caseCkdStage(facts, question);
  if (stage === null) return 0;
  return stageRanges(text).some(([lo, hi]) => stage >= lo && stage <= hi) ? 1 : 0;
}

const SETTINGS: {
  rec: RegExp;
  caseSays: RegExp;
  group?: boolean;
  /** The case is outside the setting whatever words it uses. */
  caseOutside?: (facts: CaseFacts, question: string) => boolean;
  /** The case is inside the setting without naming it. */
  caseInside?: (facts: CaseFacts) => boolean;
}[] = [
  {
    rec: /\b(hospitali[sz]ed|inpatients?|critically ill|intensive care|icu)\b/i,
    caseSays: /\b(hospitali[sz]ed|inpatient|admitted|admission|ward|icu|intensive care|critically ill|post-?op\w*)\b/i,
  },
  {
    rec: /\b(pregnan\w*|postpartum|prenatal|antenatal|lactat\w*|breastfeed\w*)\b/i,
    caseSays:
      /\b(pregnan\w*|postpartum|prenatal|antenatal|weeks'? gestation|g\d\s?p\d|lactat\w*|breastfeed\w*|trimester)\b/i,
    // "Not trying to get pregnant ... anything re: pregnancy?" names pregnancy about a woman who is not pregnant.
    caseOutside: (facts, question) =>
      facts.pregnant === false && !/\b(postpartum|lactat\w*|breastfeed\w*)\b/i.test(question),
  },
  { rec: /\b(african american|black)\b/i, caseSays: /\b(african american|black)\b/i, group: true },
  {
    group: true,
    rec: /\b(children|child|adolescents?|pediatric|paediatric|infants?)\b/i,
    caseSays:
      /\b(child|children|adolescent|pediatric|paediatric|infant|boy|girl|\d{1,2}[- ]?(month|mo)[- ]old|teen\w*)\b/i,
    // A minor told only by age ("15-year-old", "9-11 yr olds").
    caseInside: (facts) => facts.age !== null && facts.age < 18,
  },
  // A condition named after its cause ("post-stroke depression", "post-MI depression", "postoperative delirium") is
  // written for patients who had that cause.
  { rec: /\bpost-?stroke\b/i, caseSays: /\b(stroke|cva|tia|cerebrovascular|post-?stroke)\b/i },
  {
    rec: /\bpost-?(?:myocardial infarction|mi)\b/i,
    caseSays: /\b(myocardial infarction|mi|stemi|nstemi|heart attack|acs|post-?mi)\b/i,
  },
  {
    rec: /\bpost-?(?:operative|surgical)\b/i,
    caseSays: /\b(surgery|surgical|operation|operative|post-?op\w*|procedure)\b/i,
  },
];

// A case told with a complaint it presents ("c/o tightening q10 min", "presents with chest pain", "symptomatic").
const PRESENTING_COMPLAINT = /\b(?:c\/o|complain(?:s|ing)? of|presents? with|presenting with|symptomatic)\b/i;

const LATER_LINE_REC =
  /\b(?:several|multiple|two or more|at least two|three or more)\b(?: \w+){0,3} (?:trials?|treatments?|medications?|agents?|antidepressants?|regimens?|courses?)\b/i;

// How statements name the measures the case reader reports ("estimated glomerular filtration rate <60", "SaO2 ≤88%",
// "body mass index (BMI) ≥30"): a threshold the case's own value lies outside is a population it is not in.
const MEASURE_NAMES: Record<string, string> = {
  eGFR: String.raw`e?gfr|estimated glomerular filtration rate`,
  A1c: String.raw`hb\s?a1c|a1c|hemoglobin a1c|glycated hemoglobin`,
  LDL: String.raw`ldl(?:-c)?|low-density lipoprotein(?: cholesterol)?`,
  BMI: String.raw`bmi|body mass index`,
  SpO2: String.raw`s[pa]o2|oxygen saturation`,
  FEV1: String.raw`fev1`,
  'PHQ-9': String.raw`phq-?9`,
  UACR: String.raw`uacr|(?:urine )?albumin[- ]to[- ]creatinine ratio`,
  EF: String.raw`lvef|ejection fraction`,
  K: String.raw`potassium`,
  AHI: String.raw`ahi|apnea-hypopnea index`,
};
const COMPARATOR = String.raw`(<=?|≤|>=?|≥|less than|lower than|below|under|greater than|higher than|above|over|at least|of at least)`;
const BOUND = String.raw`${COMPARATOR}\s*(\d{1,4}(?:\.\d+)?)`;
const THRESHOLDS = Object.entries(MEASURE_NAMES).map(([lab, names]) => ({
  lab,
  // "SaO2 ≤88%", "SaO2 >88% and ≤90%" (a band), "BMI (body mass index) of at least 30".
  re: new RegExp(
    String.raw`\b(?:${names})\b(?:\s*\([^)]{1,20}\))?\s*(?:of\s|is\s|levels?\s)?${BOUND}(?:\s*%?\s*and\s*${BOUND})?`,
    'gi',
  ),
}));

const satisfies = (value: number, comparator: string, bound: number) =>
  /^(?:<=|≤)/.test(comparator)
    ? value <= bound
    : /^(?:<|less|lower|below|under)/i.test(comparator)
      ? value < bound
      : /^(?:>=|≥|at least|of at least)/i.test(comparator)
        ? value >= bound
        : value > bound;

/**
 * Measures the case's value lies outside every threshold the statement sets on them ("SaO2 ≤88%" or "SaO2 >88% and
 * ≤90%" for a resting saturation of 94%; "eGFR <60" for eGFR 78; "AHI <30" for an AHI of 40): the statement is for
 * another population.
 */
export function thresholdMismatches(facts: CaseFacts, text: string): string[] {
  const out: string[] = [];
  for (const { lab, re } of THRESHOLDS) {
    const value = Number.parseFloat(facts.labs[lab] ?? '');
    if (!Number.isFinite(value)) continue;
    const ranges = [...text.matchAll(re)];
    const inside = (m: RegExpMatchArray) =>
      satisfies(value, m[1]!, Number(m[2])) && (m[3] === undefined || satisfies(value, m[3], Number(m[4])));
    if (ranges.length && !ranges.some(inside)) out.push(lab);
  }
  return out;
}

/**
 * The statement is written for a demographic group (race, children) the case does not say the patient belongs to: a
 * statement for another group does not lead, however many drug names it shares with the case.
 */
export function groupMismatch(question: string, text: string, facts: CaseFacts = readCase(question)): boolean {
  const restricts = withoutGroupsBesideAdults(text);
  return SETTINGS.some((s) => s.group && s.rec.test(restricts) && !caseInSetting(s, facts, question));
}

/** The statement without the groups it names only beside adults: "adolescents and adults" is everyone from adolescence on. */
function withoutGroupsBesideAdults(text: string): string {
  const GROUP = String.raw`(?:children|adolescents|youths?)`;
  return text.replace(
    new RegExp(String.raw`\b${GROUP}\s(?:and|or)\sadults\b|\badults\s(?:and|or)\s${GROUP}\b`, 'gi'),
    'adults',
  );
}

// A statement for women planning a pregnancy is not written for pregnant women ("who are planning pregnancy be
// educated about ... management during the pregnancy"): its later mentions are of the pregnancy to come.
const PLANNED_PREGNANCY =
  /\b(?:planning|plan(?:s|ned)? (?:for|to (?:become|get))|considering|contemplating|wish(?:es|ing)? to (?:become|get)|may become) (?:a )?pregnan\w*/i;
const withoutPlannedPregnancy = (text: string) =>
  PLANNED_PREGNANCY.test(text) ? text.replace(/pregnan\w*/gi, ' ') : text;
// A case that says she is not planning one ("not trying to get pregnant right now", "no plans for pregnancy").
const NOT_PLANNING_PREGNANCY =
  /\b(?:not|no|isn't|never)\s(?:currently\s|actively\s)?(?:planning|plans?|trying|wanting|want(?:s|ing)?|looking)\b[^.?!\n]{0,25}?(?:pregnan\w*|conceiv\w*)/i;

function caseInSetting(s: (typeof SETTINGS)[number], facts: CaseFacts, question: string): boolean {
  return (s.caseSays.test(question) || !!s.caseInside?.(facts)) && !s.caseOutside?.(facts, question);
}

/**
 * Population mismatches between a recommendation and the case: a setting, group or age band the recommendation is
 * written for and the case is not in; a CKD stage range that excludes the case's eGFR; and "without X" when the
 * case has X ("COPD without exacerbations" for a patient with exacerbations). Counts mismatches (0 = fits).
 */
const MALE_WORDS = /\b(?:men|males?|boys|man)\b/i;
const FEMALE_WORDS = /\b(?:women|females?|girls|woman|postmenopausal|premenopausal)\b/i;

/** The sex a statement's population names, when it names only one. */
export function statementSex(text: string): 'male' | 'female' | null {
  const male = MALE_WORDS.test(text);
  const female = FEMALE_WORDS.test(text);
  return male === female ? null : male ? 'male' : 'female';
}

const NEVER_SMOKED = /\b(?:never\ssmoked|non-?smok\w*|never-?smokers?)\b/i;
const EVER_SMOKED =
  /\b(?:ever\ssmoked|current(?:ly)?\s(?:smok\w*|tobacco)|former\ssmokers?|smoking\shistory|pack-?years?)\b/i;

/**
 * Written for people of the other sex ("in men aged 65 to 75" for a woman), or for the other smoking history ("women who
 * have never smoked" for a former smoker): a population the patient is not in, whatever else matches.
 */
export function sexOrSmokingMismatch(facts: CaseFacts, question: string, text: string): boolean {
  const sex = statementSex(text);
  if (facts.sex && sex && sex !== facts.sex) return true;
  const never = NEVER_SMOKED.test(question);
  const smoker = facts.conditions.includes('tobacco use') && !never;
  if (smoker && NEVER_SMOKED.test(text) && !EVER_SMOKED.test(text)) return true;
  return never && EVER_SMOKED.test(text) && !NEVER_SMOKED.test(text);
}

/**
 * The age bands a statement is written for: "65 years and older", "11 years or younger" (the stated age inside the
 * group), "aged 50 to 74 years", "ages 12-18 years", "between 40 and 70 years".
 */
export function statementAgeBands(text: string): [number, number][] {
  const bands: [number, number][] = [];
  for (const m of text.matchAll(
    /\b(?:aged? |patients |adults |individuals )?(\d{2}) years (?:of age )?(?:and|or) (over|older|above|under|younger|less)\b/gi,
  ))
    bands.push(/over|older|above/i.test(m[2]!) ? [Number(m[1]), Infinity] : [0, Number(m[1])]);
  // "patients over age 65", "younger than age 18", "above the age of 50".
  for (const m of text.matchAll(/\b(over|older than|above|under|younger than|below) (?:the )?age (?:of )?(\d{2})\b/gi))
    bands.push(/over|older|above/i.test(m[1]!) ? [Number(m[2]) + 1, Infinity] : [0, Number(m[2]) - 1]);
  for (const m of text.matchAll(/\b(?:aged?s?|between)\s+(\d{1,2})\s*(?:to|-|–|and)\s*(\d{1,3})\s+years\b/gi))
    bands.push([Number(m[1]), Number(m[2])]);
  // "older adults (≥65 years)", "aged <18 years"; not a life expectancy or a duration ("life expectancy >10 years").
  for (const m of text.matchAll(/(≥|>=|>|≤|<=|<)\s?(\d{2})\s?(?:years|yrs)\b/g)) {
    if (
      /(?:expectancy|duration|within|for|lasting|after|over)\W*$/i.test(text.slice(Math.max(0, m.index - 20), m.index))
    )
      continue;
    const n = Number(m[2]);
    bands.push(
      m[1] === '>' ? [n + 1, Infinity] : m[1] === '<' ? [0, n - 1] : /≥|>=/.test(m[1]!) ? [n, Infinity] : [0, n],
    );
  }
  return bands;
}

/** The case's ages (one patient, or an age group such as "9-11 yr olds") overlap the band. */
export function caseAgeInside(facts: CaseFacts, [lo, hi]: [number, number]): boolean {
  return facts.age !== null && (facts.ageTo ?? facts.age) >= lo && facts.age <= hi;
}

export function populationMismatches(
  facts: CaseFacts,
  question: string,
  text: string,
  caseHas: (phrase: string) => boolean,
): number {
  let n = 0;
  const restricts = withoutPlannedPregnancy(withoutGroupsBesideAdults(text));
  for (const s of SETTINGS)
    if (
      s.rec.test(restricts) &&
      !caseInSetting(s, facts, question) &&
      !(facts.pregnant && /pregnan/i.test(s.rec.source))
    )
      n++;
  if (facts.age !== null) n += statementAgeBands(text).filter((band) => !caseAgeInside(facts, band)).length;
  const stage = caseCkdStage(facts, question);
  if (stage !== null) for (const range of stageRanges(text)) if (stage < range[0] || stage > range[1]) n++;
  for (const m of text.matchAll(
    /\bwithout (?:a |any )?(?:history of |moderate to severe |documented )?([a-z][a-z -]{3,40}?)(?=[,.;)]| in | who | or | and |$)/gi,
  )) {
    if (caseHas(m[1]!)) n++;
  }
  if (/\bnon-?diabetic\b/i.test(text) && facts.conditions.some((c) => /DM|diabet/i.test(c))) n++;
  if (PLANNED_PREGNANCY.test(text) && NOT_PLANNING_PREGNANCY.test(question)) n++;
  // Written for people without symptoms (screening) while the case presents a complaint.
  if (/\basymptomatic\b/i.test(text) && PRESENTING_COMPLAINT.test(question)) n++;
  // A later line of therapy ("not responded to several adequate trials", "two or more treatment trials") does not fit
  // a case that names a single drug tried.
  if (facts.medications.length === 1 && LATER_LINE_REC.test(text)) n++;
  return n;
}

export type Phase = 'acute' | 'subacute' | 'chronic' | 'episodic';

// "acute"/"chronic" as a phase of the complaint, not as part of a disease's name ("chronic kidney disease", "acute
// coronary syndrome"), whose phase is not the question's.
const PHASE_WORD =
  /\b(acute|subacute|sub-acute|chronic|episodic)\b(?!\s+(?:kidney|renal|obstructive|coronary|myocardial|liver|hepatitis|respiratory|inflammatory|care|disease|conditions?|illness))/gi;
// The lexicon's condition names that open with a phase word ("chronic multisymptom illness", "acute kidney injury"):
// their phase word names the condition, not the phase of this complaint.
const PHASED_CONDITION_NAMES = new RegExp(
  String.raw`\b(?:${CONCEPT_GROUPS.flat()
    .filter((name) => /^(?:acute|subacute|chronic|episodic)\s\S+\s\S+/.test(name))
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
    .join('|')})\b`,
  'gi',
);
/** Phase words of a text, without those inside a condition's name. */
function phaseWords(text: string): Set<Phase> {
  const clean = text.replace(PHASED_CONDITION_NAMES, ' ');
  return new Set([...clean.matchAll(PHASE_WORD)].map((m) => m[1]!.toLowerCase().replace('-', '') as Phase));
}
// A duration of the complaint: "x5 days", "for 3 wks", "~8 mo", ">6 months", "10 days ago". Not the time since an
// event or a test ("s/p ... 3 mo ago", "A1c 3 months ago"): those are preceded by a procedure or a lab.
const DURATION =
  /(?:\bx\s?|\bfor\s(?:about\s|over\s|like\s|around\s|almost\s|nearly\s|the\s(?:past|last)\s)?|~|>|\bover\s(?:the\s)?(?:past|last)\s|\bpast\s|\blast\s)?(\d+(?:\.\d+)?)\+?\s?(d|days?|wks?|weeks?|mos?|months?|yrs?|years?)\b(\s+ago)?(\s+(?:of|hx\sof|history\sof)\s)?/gi;
// Headache days a month (ICHD-3): 15 or more is chronic migraine or headache, fewer is episodic.
const HEADACHE_DAYS =
  /\b(\d{1,2})\+?\s?(?:ha|headache|migraine|mha)?\s?days?\s?(?:\/|per|a|each|every)\s?(?:mo|month)\b|\b(?:ha|headaches?|migraines?)\s(\d{1,2})\+?\s?(?:days?\s)?(?:\/|per|a|each|every)\s?(?:mo|month)\b/gi;
/** At or above this many headache days a month, a headache disorder is chronic. */
const CHRONIC_HEADACHE_DAYS = 15;
const EVENT_BEFORE =
  /\b(?:s\/p|post|after|since|a1c|egfr|labs?|scan|mri|ct|x-?ray|surgery|visit|seen|dx'?d|diagnosed)\b[^.;]{0,40}$/i;

/**
 * The phase of the complaint the case describes: its own word ("chronic LBP"), else how long it has lasted. In a
 * conversation the latest message that tells a phase wins ("what if it's been going on for 8 months instead?").
 */
export function casePhase(text: string): Phase | null {
  const messages = text.split('\n');
  for (let i = messages.length - 1; i > 0; i--) {
    const phase = messagePhase(messages[i]!);
    if (phase) return phase;
  }
  return messagePhase(text);
}

function messagePhase(text: string): Phase | null {
  // A count of headache days is a measurement of this patient; a phase word may be the question's hypothesis ("6
  // headache days a month: is Botox only for chronic migraine?").
  const phases = new Set<Phase>();
  for (const m of text.matchAll(HEADACHE_DAYS))
    phases.add(Number(m[1] ?? m[2]) >= CHRONIC_HEADACHE_DAYS ? 'chronic' : 'episodic');
  if (phases.size) return phases.size === 1 ? [...phases][0]! : null;
  const said = phaseWords(text);
  if (said.size === 1) return [...said][0]!;
  if (said.size > 1) return null;
  for (const m of text.matchAll(DURATION)) {
    const prefix = m[0].slice(0, m[0].indexOf(m[1]!)).trim();
    // A bare "3 months" may be anything; "for 3 months", "x3 mo", "3 mo ago", "2 yrs of back pain" are durations.
    if (!prefix && !m[3] && !m[4]) continue;
    if (m[3] && EVENT_BEFORE.test(text.slice(0, m.index))) continue;
    const n = Number(m[1]);
    const unit = m[2]!.toLowerCase()[0];
    const weeks = unit === 'd' ? n / 7 : unit === 'w' ? n : unit === 'm' ? n * 4.35 : n * 52;
    phases.add(weeks < 4 ? 'acute' : weeks < 12 ? 'subacute' : 'chronic');
  }
  return phases.size === 1 ? [...phases][0]! : null;
}

/** +1 when the statement is written for the case's phase, -1 for another ("acute low back pain" for 8 months of pain). */
export function phaseFit(question: string, text: string): number {
  const phase = casePhase(question);
  if (!phase) return 0;
  const written = phaseWords(text);
  if (written.size !== 1) return 0; // "acute or chronic", or no phase
  return written.has(phase) ? 1 : -1;
}

/** Life expectancy as guidelines band it: under 5 years, 5 to 10, over 10. */
export type LifeExpectancy = 'short' | 'middle' | 'long';
// "life expectancy of about 7-8 yrs", "life expectancy prob 7-8 yrs", and the guidelines' "5-10 years life expectancy".
const LE_YEARS =
  /\blife\s?expectancy\s(?:(?:of|is|~|about|around|approx\.?|approximately|prob\.?|probably|maybe|likely|est\.?|estimated)\s?){0,2}(<|>|under\s|over\s|less\sthan\s|greater\sthan\s|more\sthan\s|at\sleast\s)?(\d{1,2})(?:\s?(?:-|to)\s?(\d{1,2}))?\+?\s?(years?|yrs?|months?|mos?)\b|\b(<|>|under\s|over\s|less\sthan\s|greater\sthan\s|more\sthan\s)?(\d{1,2})(?:\s?(?:-|to)\s?(\d{1,2}))?\+?\s?(years?|yrs?|months?|mos?)\s(?:of\s)?life\s?expectancy\b/gi;
// Told without a number: an illness expected to end life within months, or care for the end of life.
const LE_SHORT =
  /\b(?:hospice|terminal(?:ly\sill)?|end[-\s]of[-\s]life|months?\s(?:to\slive|left|not\syears)|weeks?\s(?:to\slive|left)|metastatic|stage\s(?:iv|4)\s(?:\w+\s)?(?:ca|cancer)|limited\slife\sexpectancy|short\slife\sexpectancy)\b/i;

function lifeExpectancyBand(lower: number, upper: number): LifeExpectancy | null {
  if (upper <= 5) return 'short';
  if (lower >= 10) return 'long';
  if (lower >= 5 && upper <= 10) return 'middle';
  return null;
}

/** The years a text gives as a life expectancy, as a band; "life expectancy <5 years", "5-10 years", "> 10-15 years". */
function statedLifeExpectancy(text: string): LifeExpectancy[] {
  return [...text.matchAll(LE_YEARS)].flatMap((found) => {
    // The second form's groups (number before "life expectancy") in the first form's places.
    const m = found[2] === undefined ? [found[0], found[5], found[6], found[7], found[8]] : found;
    const scale = /^m/i.test(m[4]!) ? 1 / 12 : 1;
    const a = Number(m[2]) * scale;
    const b = m[3] ? Number(m[3]) * scale : a;
    const cmp = (m[1] ?? '').trim().toLowerCase();
    const band = /^(?:<|under|less)/.test(cmp)
      ? lifeExpectancyBand(0, a)
      : /^(?:>|over|greater|more|at)/.test(cmp)
        ? lifeExpectancyBand(a, Infinity)
        : lifeExpectancyBand(a, b);
    return band ? [band] : [];
  });
}

/** The case's life expectancy: stated in years, or told by an illness or care that ends life within months. */
export function caseLifeExpectancy(
  question: string,
  age: number | null = null,
  /** Below this age, with no illness that limits life told, life expectancy is over 10-15 years (US life tables). */
  longUnderAge = 0,
): LifeExpectancy | null {
  const stated = [...new Set(statedLifeExpectancy(question))];
  if (stated.length === 1) return stated[0]!;
  if (LE_SHORT.test(question)) return 'short';
  return age !== null && age < longUnderAge ? 'long' : null;
}

/** +1 when the statement is written for the case's life expectancy band, -1 for another, 0 when either says none. */
export function lifeExpectancyFit(band: LifeExpectancy | null, text: string): number {
  if (!band) return 0;
  const written = [...new Set(statedLifeExpectancy(text))];
  if (written.length !== 1) return 0;
  return written[0] === band ? 1 : -1;
}

/** Body sites recommendations are written for: a statement for one joint or region does not lead for another. */
const SITES: readonly [site: string, words: RegExp][] = [
  ['knee', /\bknees?\b/gi],
  ['hip', /\bhips?\b/gi],
  ['hand', /\b(?:hands?|fingers?|thumbs?)\b/gi],
  ['shoulder', /\bshoulders?\b/gi],
  ['elbow', /\belbows?\b/gi],
  ['wrist', /\bwrists?\b/gi],
  ['ankle', /\bankles?\b/gi],
  ['foot', /\b(?:foot|feet)\b/gi],
  ['neck', /\b(?:neck|cervical\s+spine)\b/gi],
  ['low back', /\b(?:low(?:er)?\s+back|lumbar|lbp)\b/gi],
];

/**
 * The site the case is about: the first one the latest message naming a site names ("hip OA ... like his buddy's knee"
 * is a hip; a follow-up "and her knee?" moves the case to the knee).
 */
export function caseSite(caseText: string): string | null {
  for (const message of caseText.split('\n').reverse()) {
    let first: { site: string; at: number } | null = null;
    for (const [site, words] of SITES) {
      const at = message.search(words);
      if (at >= 0 && (!first || at < first.at)) first = { site, at };
    }
    if (first) return first.site;
  }
  return null;
}

/** +1 when the statement is written for the case's site, -1 when it names only other sites, 0 when it names none. */
export function siteFit(question: string, text: string): number {
  const site = caseSite(question);
  if (!site) return 0;
  const written = SITES.filter(([, words]) => text.search(words) >= 0).map(([s]) => s);
  if (!written.length) return 0;
  return written.includes(site) ? 1 : -1;
}

// The limb an amputation case is about, by its level; guidelines are written for one limb ("Upper Limb Amputation").
const UPPER_LIMB =
  /\b(?:trans-?radial|trans-?humeral|upper[- ](?:limb|extremity)|below[- ]elbow|above[- ]elbow|forearm|partial[- ]hand|(?:wrist|elbow|shoulder)[- ]disarticulation)\b/i;
const LOWER_LIMB =
  /\b(?:trans-?tibial|trans-?femoral|bka|aka|tta|tfa|below[- ]knee|above[- ]knee|lower[- ](?:limb|extremity)|partial[- ]foot|syme|(?:ankle|knee|hip)[- ]disarticulation)\b/i;

function limbOf(text: string): 'upper' | 'lower' | null {
  const upper = UPPER_LIMB.test(text);
  const lower = LOWER_LIMB.test(text);
  return upper === lower ? null : upper ? 'upper' : 'lower';
}

/** +1 when the statement (with its guideline's title) is written for the case's limb, -1 for the other, else 0. */
export function limbFit(question: string, statement: string): number {
  const limb = limbOf(question);
  if (!limb) return 0;
  const written = limbOf(statement);
  return written === null ? 0 : written === limb ? 1 : -1;
}
