// Red flags first: deterministic detection of emergencies in a case message, before any guideline lookup.
//
// Built as a taxonomy of time-critical presentations (EMERGENCIES below). Each category is defined by clinical concepts
// (lay and clinical wording, abbreviations, narrative forms such as "his face looked droopy and he couldn't lift his
// arm"), vital-sign and lab thresholds (all in RED_FLAG_TUNING) and a category-specific urgent line.
//
// Every concept match is read in its context before it counts:
//   - negated ("denies chest pain", "no SI", "SI without a plan", "chest pain: none")
//   - historical / chronic ("h/o stroke", "needed narcan once last year", "overdose in 2019", "MI years ago", "x 3 months")
//   - resolved ("weakness resolved", "went away")
//   - hypothetical or risk/prevention ("if he ever", "overdose risk", "naloxone kit")
// and the message as a whole is read for two framings that need no banner:
//   - education or teaching ("warning signs of stroke for a handout", "teaching q, hypothetically ...")
//   - a patient already under emergency care (in the ED / ICU / CCU, code team at the bedside, on an insulin drip): the
//     management answer is what helps there.
// A clinician relaying a current emergency (nurse line, a relative on the phone) is an emergency and is flagged.

import { englishWords } from '../retrieval/lexicon.js';
import { LiteralIndex } from './required-literals.js';

/** Emergency categories: stable ids, also used by the answer pipeline to keep only guideline content that fits. */
export type EmergencyCategory =
  | 'suicide'
  | 'homicide'
  | 'acs'
  | 'stroke'
  | 'thunderclap_headache'
  | 'anaphylaxis'
  | 'airway'
  | 'cardiac_arrest'
  | 'sepsis'
  | 'hypoglycemia'
  | 'dka_hhs'
  | 'overdose'
  | 'pe'
  | 'gi_bleed'
  | 'hypertensive_emergency'
  | 'obstetric_emergency'
  | 'alcohol_withdrawal'
  | 'serotonin_nms'
  | 'cauda_equina'
  | 'status_epilepticus'
  | 'limb_ischemia'
  | 'meningitis'
  | 'head_injury'
  | 'hyperkalemia'
  | 'giant_cell_arteritis'
  | 'septic_arthritis'
  | 'aortic'
  | 'testicular_torsion'
  | 'ectopic_pregnancy'
  | 'shock'
  | 'unresponsive';

export interface RedFlag {
  /** Same as `category` (kept for callers that read `id`). */
  id: string;
  /** The emergency category (see EMERGENCIES). */
  category: EmergencyCategory;
  label: string;
  /** The category-specific instruction shown in the urgent message. */
  action: string;
  /**
   * Words a guideline passage that fits this emergency would contain (lower case). After the urgent message, the answer
   * should show only passages holding one of these (see `fitsEmergency`), or none.
   */
  topicTerms: string[];
}

/** Why flags found in the text were not raised. */
export type SuppressedBecause = 'under-emergency-care' | 'education-or-hypothetical';

export interface RedFlagAnalysis {
  flags: RedFlag[];
  /** Flags whose concepts were present but that the message's framing withholds. */
  suppressed: RedFlag[];
  because: SuppressedBecause | null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Tuning: every threshold and context window in one place.

export const RED_FLAG_TUNING = {
  vitals: {
    /** Systolic BP below this is shock / hypotension. */
    sbpLow: 90,
    /** Mean arterial pressure below this is hypotension. */
    mapLow: 65,
    /** SpO2 below this (%), unless stated to be the patient's baseline. */
    spo2Low: 90,
    /** Heart rate above this is severe tachycardia (used with other features). */
    hrHigh: 130,
    /** Heart rate above this is tachycardia: with free fluid in early pregnancy, a bleeding ectopic. */
    hrTachy: 100,
    /** Respiratory rate above this is severe tachypnoea. */
    rrHigh: 30,
    /** Respiratory rate below this is respiratory depression (opioids). */
    rrLow: 10,
    /** Temperature at or above this (°C) is high fever (used with other features). */
    feverHighC: 39,
    /** Temperature at or above this (°C) counts as fever. */
    feverC: 38,
    /** GCS at or below this is a depressed level of consciousness. */
    gcsLow: 12,
    /** A fall of this many GCS points is a GCS drop. */
    gcsDrop: 2,
  },
  glucose: {
    /** Level 2 hypoglycaemia, mg/dL (below). */
    lowMgdl: 54,
    /** Level 2 hypoglycaemia, mmol/L (below). */
    lowMmol: 3.0,
    /** Hyperglycaemia that with ketones or acidosis reads as DKA, mg/dL (above). */
    dkaMgdl: 250,
    dkaMmol: 13.9,
    /** Hyperglycaemia that with altered mental status reads as HHS, mg/dL (at or above). */
    hhsMgdl: 600,
    hhsMmol: 33.3,
    /** Serum osmolality (mOsm/kg) above this with hyperglycaemia reads as HHS. */
    hhsOsm: 320,
    /** What a meter's HI / LO display reads as (mg/dL): above and below the meter's range. */
    meterHi: 601,
    meterLo: 19,
    /** Level 1 hypoglycaemia, mg/dL (below): a reading at or above it says the patient's confusion is not a low. */
    alertMgdl: 70,
  },
  acidosis: {
    /** pH below this. */
    ph: 7.3,
    /** Bicarbonate below this (mEq/L). */
    bicarb: 18,
    /** Anion gap above this. */
    anionGap: 12,
  },
  bp: {
    /** Severe hypertension: systolic >= or diastolic >= (with end-organ signs: hypertensive emergency). */
    severeSys: 180,
    severeDia: 120,
    /** Severe-range BP in pregnancy or postpartum (pre-eclampsia with severe features). */
    pregnancySevereSys: 160,
    pregnancySevereDia: 110,
    /** Hypertension in pregnancy (with a severe feature). */
    pregnancySys: 140,
    pregnancyDia: 90,
  },
  preEclampsia: {
    /** Distinct pre-eclampsia symptom groups (headache, vision, pain under the ribs, face or hands swelling) that with
     * no BP given read as pre-eclampsia with severe features in a pregnancy (or after a birth). */
    symptomsWithoutBp: 2,
    /** A stated gestation below this many weeks is too early for pre-eclampsia. */
    fromWeeks: 20,
  },
  sepsis: {
    /** Lactate (mmol/L) at or above this with infection. */
    lactate: 4,
    /** qSOFA components. */
    qsofaRr: 22,
    qsofaSbp: 100,
    /** Heart rate above this with fever in the days after an operation reads as sepsis (anastomotic leak, abscess). */
    postOpHr: 120,
    /** An infant younger than this many weeks with a fever (>= `vitals.feverC`) is treated as sepsis (NICE: under 3 months). */
    infantFeverWeeks: 13,
  },
  /** Platelets (x10^3/uL) below this in pregnancy is a severe feature (HELLP). */
  plateletsLow: 100,
  /** A seizure lasting at least this many minutes is status epilepticus. */
  seizureMinutes: 5,
  /** Chest pain lasting at least this many minutes counts as an ACS feature. */
  chestPainMinutes: 20,
  /** Heart rate at or above this with GI bleeding signs is haemodynamic compromise. */
  giBleedHr: 110,
  /** Heart rate above this with PE risk and symptoms. */
  peHr: 100,
  /** Unstable arrhythmia: heart rate above `fast` or below `slow` with syncope, chest pain, dyspnoea or confusion. */
  arrhythmiaHr: { fast: 150, slow: 40 },
  /** Heart rate at or above this with hypotension reads as shock. */
  shockHr: 100,
  /** Distinct signs of poor perfusion (capillary refill, cold peripheries, no urine, mottling) that with fluid loss or
   * drowsiness read as shock, whatever the blood pressure (children keep theirs until late). */
  poorPerfusionSigns: 2,
  septicArthritis: {
    /** A temperature (°C) at or above this with a named joint that cannot bear weight or be moved reads as septic
     * arthritis without local signs (Kocher: non-weight-bearing and fever > 38.5). */
    feverC: 38.5,
  },
  /** A head injury this many days ago or fewer, with red flags, is still an emergency (delayed bleeding); 1-9. */
  headInjuryRecentDays: 7,
  /** CIWA-Ar at or above this is severe alcohol withdrawal. */
  ciwaSevere: 20,
  potassium: {
    /** Potassium (mmol/L) at or above this is severe hyperkalaemia. */
    severe: 6.5,
    /** At or above this with ECG changes, weakness or missed dialysis. */
    withFeatures: 6.0,
  },
  context: {
    /** Words a strong negation or history cue ("denies", "no", "h/o") reaches forward, across list commas. */
    listCueWords: 9,
    /** Words a weak cue ("known", "prior", "after", "if") reaches forward, within the same comma segment. */
    nearCueWords: 4,
    /** Words after a finding in which a past-time or resolution cue makes it historical ("... once last year"). */
    afterCueWords: 6,
    /** Characters around a number searched for threshold words ("counts as", "cut-off") that make it a question. */
    thresholdWindowChars: 80,
  },
} as const;

const T = RED_FLAG_TUNING;

// ---------------------------------------------------------------------------------------------------------------------
// Text normalisation, typo repair and sentences

/**
 * Words the concepts turn on. A token that is not an English word (the maintained word-list package) and is one edit
 * from one of these (two for long words), with the same first letter, is read as that word: "siezure", "sucidal",
 * "unresponsve", "vomitting", "slured".
 */
const KEY_WORDS = [
  'suicidal',
  'suicide',
  'seizure',
  'seizures',
  'seizing',
  'fitting',
  'unresponsive',
  'unconscious',
  'diaphoretic',
  'diaphoresis',
  'sweating',
  'slurred',
  'slurring',
  'drooping',
  'droopy',
  'weakness',
  'numbness',
  'paralyzed',
  'crushing',
  'substernal',
  'pressure',
  'radiating',
  'breathing',
  'breathe',
  'wheezing',
  'stridor',
  'cyanotic',
  'bleeding',
  'hematemesis',
  'vomiting',
  'vomited',
  'melena',
  'anaphylaxis',
  'anaphylactic',
  'swelling',
  'swollen',
  'throat',
  'overdose',
  'overdosed',
  'naloxone',
  'narcan',
  'fentanyl',
  'heroin',
  'oxycodone',
  'methadone',
  'pinpoint',
  'hypoglycemia',
  'hypoglycemic',
  'glucagon',
  'ketones',
  'ketoacidosis',
  'confused',
  'confusion',
  'lethargic',
  'pregnant',
  'postpartum',
  'eclampsia',
  'preeclampsia',
  'headache',
  'stiffness',
  'petechial',
  'hallucinating',
  'hallucinations',
  'withdrawal',
  'tremors',
  'clonus',
  'rigidity',
  'incontinence',
  'retention',
  'pulseless',
  'epinephrine',
  'dizziness',
  'lightheaded',
  'fainted',
  'syncope',
  'collapsed',
  'clammy',
  'nauseous',
  'nausea',
  'aphasia',
  'dysarthria',
  'hemiparesis',
  'tachycardic',
  'tachycardia',
  'hypotensive',
  'hypotension',
  'sepsis',
  'septic',
  'febrile',
  'unequal',
  'warfarin',
  'apixaban',
  'rivaroxaban',
  'eliquis',
  'xarelto',
  'diarrhea',
  'shortness',
  'weapon',
  'pistol',
  'firearm',
  'stockpiling',
  'unwitnessed',
];
const KEY_SET = new Set(KEY_WORDS);

/** An ordinary English word (the one shared word list, see retrieval/lexicon.ts). */
const isEnglishWord = (w: string) => englishWords().has(w);

/** Optimal-string-alignment distance, or limit + 1 when it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
  }
  return d[a.length]![b.length]!;
}

const typoCache = new Map<string, string>();
function repairTypo(token: string): string {
  if (token.length < 5 || KEY_SET.has(token)) return token;
  const cached = typoCache.get(token);
  if (cached !== undefined) return cached;
  let best = token;
  for (const key of KEY_WORDS) {
    if (key[0] !== token[0]) continue;
    const limit = key.length >= 9 ? 2 : 1;
    if (editDistance(token, key, limit) <= limit) {
      best = key;
      break;
    }
  }
  if (best !== token && isEnglishWord(token)) best = token;
  if (typoCache.size < 5000) typoCache.set(token, best);
  return best;
}

function normalise(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc`´]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2012-\u2015]/g, '-')
      .replace(/[\u00a0\u2000-\u200b]/g, ' ')
      // British spellings read as American ones, so every concept below is written once: haemoptysis, dyspnoea, faecal.
      .replace(/\b(an|isch|sept|leuk|tox|ur|bacter|vir|hypo|hyper)(\w*)aemi/g, '$1$2emi')
      .replace(/\bhaem/g, 'hem')
      .replace(/\b(p|gyn|orthop)aed/g, '$1ed')
      .replace(/\b(f|c)ae(c|s)/g, '$1e$2')
      .replace(/\boe(dem|soph|str)/g, 'e$1')
      .replace(/(dyspn|apn|diarrh|amenorrh|menorrh|rhinorrh)oe/g, '$1e')
      .replace(/\bfoet/g, 'fet')
      .replace(/\bw\/o\b/g, 'without')
      .replace(/\bw\/d\b/g, 'withdrawal')
      .replace(/\bw\//g, 'with ')
      .replace(/\bc\/o\b/g, 'complains of')
      // Figures of speech about the writer, not a patient: "this rota will give me a heart attack".
      .replace(
        /\b(?:give|gives|giving|gave|have|having)\s(?:me|us|you|him|her)\sa\s(?:heart\sattack|stroke|coronary)\b/g,
        'annoy',
      )
      .replace(
        /\b(?:i'm|i\sam|i'll|i\swill)\s(?:going\sto\s|gonna\s|about\sto\s)?(?:have|get)\sa\s(?:heart\sattack|stroke|coronary)\b/g,
        'annoy',
      )
      // Exasperation at a thing that keeps happening ("if the printer jams one more time I'll kill someone"): an idiom.
      .replace(
        /\bif\s[^.;!?\n]{0,60}?\b(?:one\smore\stime|once\smore|again)\b[,\s]{1,3}(?:i'm|i\sam|i'll|i\swill)\s(?:going\sto\s|gonna\s)?(?:kill|murder|strangle|throttle)\s(?:someone|somebody|everyone|everybody|it|them)\b/g,
        'annoy',
      )
      // "Overdosed on coffee", "OD'd on chocolate": a food or drink, not a drug.
      .replace(
        /\b(?:overdos\w*|od'?d?)\s(?:on|of)\s(?:(?:the|my|too\smuch)\s)?(?:coffee|espresso|tea|sugar|chocolate|cake|biscuits|cookies|sweets|candy|carbs|netflix|meetings|paperwork|emails)\b/g,
        'annoy',
      )
      // An office or a service that does not answer ("emailed IT three times and they are unresponsive"), not a person.
      .replace(
        /\b((?:e-?mail(?:ed|s)?|messaged|tickets?|help\s?desk|service\sdesk|switchboard|(?:trust|hospital|nhs)\sit|it\s(?:department|dept|team|support))\b[^.;!?\n]{0,80}?)\b(?:completely\s|totally\s)?unresponsive\b/g,
        '$1slow to reply',
      )
      .replace(
        /\b(?:nearly|almost)\s(?:had|have|died\sof)\sa\s(?:heart\sattack|stroke|coronary)\s(?:when|after|over|at)\s(?:i|we|he|she|they)?\s?(?:saw|seeing|see|heard|read|got|opened|looked\sat)\b/g,
        'annoy',
      )
      .replace(/\bb\/l\b/g, 'bilateral')
      .replace(/\s&\s/g, ' and ')
      .replace(/\bcan\s?not\b/g, "can't")
      .replace(/\b(can|won|couldn|doesn|isn|didn|wouldn|hasn|aren|wasn|don)t\b/g, "$1't")
      .replace(/\b(he|she|it|that|there)s\b(?=\s(?:been|got|not|having|going|gonna|had))/g, "$1's")
      // Quotation marks around words ("said he'd 'take care of' him"), not apostrophes inside them.
      .replace(/(^|[^a-z])['"]+|['"]+(?![a-z])/g, '$1')
      .replace(/[ \t]+/g, ' ')
      .replace(/[a-z]{5,}/g, repairTypo)
  );
}

interface Sentence {
  text: string;
  /** Offset in the normalised message. */
  start: number;
}

function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  // A period ends a sentence unless it sits between digits (39.4) or after a common abbreviation.
  // The abbreviation's period is consumed (a zero-width alternative here once looped forever on "pt.").
  const re = /(?:[^.!?\n]|\.(?=\d)|(?<=\b(?:dr|vs|pt|mr|mrs|ms|approx|hx|sx|dx|tx|yo|y\.o|e\.g|i\.e|etc|st|no))\.)+/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    else if (m[0].trim()) out.push({ text: m[0], start: m.index });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Context cues

/**
 * Negation cues that reach across a list ("denies fever, chills, or chest pain"). A finding told as an absence ("no foot
 * pulses", "no wet nappy since yesterday") is a positive finding: its "no" negates nothing after it. An event denied
 * ("didn't hit her head", "did not pass out") is negated by its "didn't". A state told with "not" ("not feeding", "not
 * really breathing properly") is a finding too, with or without an adverb.
 */
const NEG_LIST_CUE =
  /\b(?:no(?!\s(?:[a-z]+\s){0,2}(?:pulses?|breath\ssounds|wet\s(?:napp(?:y|ies)|diapers?)))|not(?!\s(?:really\s|even\s|properly\s|fully\s)?(?:right|well|good|great|ok|okay|(?:him|her|them|my)sel(?:f|ves)|making\ssense|coping|improving|settling|(?!having|getting|experiencing|reporting|complaining|endorsing|noticing|feeling|showing)[a-z]+ing\b))|denie[sd]|deny|denying|(?:didn't|did\snot)(?=\s*$|\s(?:hit|bang|bump|strike|knock|lose|black|pass|faint|fall|take|swallow|seize))|without|negative(?:\sfor)?|neg(?:\sfor)?|absence\sof|absent|free\sof|never|nor|none|rule[sd]?\sout|ruled\sout|r\/o'?d|resolution\sof|non)\b|(?:^|\s)-(?=[a-z])/g;
/** History cues that reach across a list ("h/o MI, CVA and DKA"). */
const HISTORY_LIST_CUE =
  /\b(?:h\/o|hx(?:\sof)?|history\sof|pmh\s?(?:of|:)?|pmhx|past\smedical\shistory|family\shistory|fhx|fh(?:\sof)?|previous\sepisodes?\sof|prior\sepisodes?\sof|discharged\s(?:home\s|from\s(?:the\s)?[\w/&-]+\s)?(?:(?:last|this\spast)\s(?:week|month)\s|yesterday\s|(?:\d+|a\sfew|several|two|three)\s(?:days?|weeks?|months?)\sago\s)?(?:after|following|post|for)|(?:admitted|hospitali[sz]ed)\s(?:(?:last|this\spast)\s(?:week|month|year)|(?:\d+|a\sfew|several|two|three)\s(?:days?|weeks?|months?|years?)\sago|in\s(?:19|20)\d\d)\s(?:for|with|after)|in\sthe\spast(?!\s(?:(?:\d+|few|couple(?:\sof)?|several|two|three|24|48|half\san?)\s)?(?:min\w*|hours?|hrs?|h|days?|nights?)\b)|previously|formerly|residual(?!\s(?:limb|tumou?r|volume|urine)))\b/g;
/** Cues that reach only the next few words: historical, chronic, hypothetical, risk and prevention. */
const NEAR_CUE =
  /\b(?:past(?!\s(?:(?:\d+|few|couple(?:\sof)?|several|two|three|24|48|half\san?)\s)?(?:min\w*|hours?|hrs?|h|days?|nights?)\b)|prior|previous|remote|yesterday's|last\s(?:night|week|month)'s|(?<!(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)[-\s])old|chronic|longstanding|long-standing|residual(?!\s(?:limb|tumou?r|volume|urine))|baseline|known|s\/p|status\spost|after\s(?:a|an|his|her|their|the)|post|following\s(?:a|an|his|her|the)|since\s(?:his|her|their|the)|recovered\sfrom|recovering\sfrom|treated\sfor|died\s(?:of|from)|passed\saway\s(?:of|from)|years?\sago|(?:\d+|a\sfew|several|two|three|four|five|six)\s(?:weeks?|wks?|months?|mos?|years?|yrs?)\sago|in\s(?:19|20)\d\d|risk\s(?:of|for)|at\srisk|(?:don't|do\snot|not|never|without)\s(?:want\sto\s)?risk(?:ing)?|(?:don't|do\snot|won't|not\sto)\saccidentally|prevent(?:s|ing|ion\sof)?|to\savoid|avoid(?:ing)?|education\s(?:on|about)|counsel(?:l?ing|ed)?\s(?:on|about)|screen(?:ing|ed)?\s(?:for|tools?)|concern(?:ed)?\sabout\sfuture|(?:worried|concerned|worry|afraid|nervous|anxious)\s(?:about|of|re)|(?:worried|afraid|scared|anxious|nervous|fear(?:ful)?)\s(?:about|of)\s(?:future|getting|having|developing)|in\scase\sof|in\sthe\sevent\sof|warning\ssigns?\sof|signs?\sand\ssymptoms\sof|red\sflags?\s(?:of|for)|symptoms?\sto\swatch|when\sto\scall|prone\sto|likely\sto|could\sdevelop|(?:might|may|could)(?!\s(?:have|be\shaving|already))|to\s(?:rule|r\/o)|(?:recommended\s|initial\s|acute\s|best\s)?(?:management|treatment|approach|work-?up|evaluation)\s(?:of|for|to)|how\s(?:to|do\s(?:you|we|i)|should\s(?:we|i|you))\s(?:manage|treat|handle|approach)|guidelines?\s(?:for|on)|recommendations?\s(?:for|on)|(?:protocol|algorithm|order\sset|criteria)\s(?:for|on))\b/g;
/**
 * Cues after a finding that negate it ("chest pain: denies", "SI - negative", "sepsis ruled out"). A bare "no" answers for
 * the finding ("SI: no"); "no" with a noun after it starts a new finding ("7 weeks pregnant, no scan yet").
 */
const NEGATION_AFTER =
  /^[\s:,\-–=]{0,4}(?:none|no\b(?!\s*[a-z])|denies|denied|negative|neg\b|absent|ruled\sout|r\/o'?d|not\spresent|nil|unlikely|excluded)/;
/** Cues after a finding that make it historical, resolved, hypothetical or a risk ("overdose risk", "MI in 2015"). */
/** An episode dated earlier ("2 days ago", "last month") and a statement that it is over ("fully recovered", ", fine"). */
// A year named before the story ("back in 2019 her face dropped ...") dates it too.
const EPISODE_ANCHOR =
  /\b(?:(?:\d+|a\sfew|several|two|three|four)\s(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)\sago|last\s(?:week|wk|month|mo|year|yr|night)|yesterday|(?:back\s)?in\s(?:19|20)\d\d)\b/g;
const EPISODE_PAST_BEFORE = new RegExp(`${EPISODE_ANCHOR.source}[^.;]{0,30}$`);
const RECOVERED =
  /\b(?:(?:fully|completely)\s)?recovered|made\sa\s(?:full|complete|good)\srecovery|resolved|back\sto\s(?:normal|baseline)|(?:was|is|felt|feels|been|fine)\s(?:fine|ok|okay|well|since)\b|,\s?fine\b/;
const PRESENT_AGAIN = /\b(?:now|today|currently|again|this\s(?:morning|afternoon|evening)|tonight|right\snow)\b/;
/**
 * A parenthesis opened right after an episode dated weeks or more back ("a TIA 3 weeks ago (right hand went numb)",
 * "anaphylaxis as a child (throat swelling)", "a stroke in 2016 (residual weakness)"): what it holds describes that
 * episode. Not days ("yesterday (hit his head)" may still be unfolding), nor a parenthesis that says "now" or "still".
 */
const PAREN_DATED =
  /(?:\b(?:\d+|a\sfew|several|two|three|four|five|six)\s(?:weeks?|wks?|months?|mos?|years?|yrs?)\sago|\blast\s(?:month|year)|\bin\s(?:19|20)\d\d|\bas\sa\s(?:child|kid|baby|toddler|teen(?:ager)?)|\bin\s(?:his|her|their|my)\s(?:early\s|late\s|mid[-\s]?)?(?:teens|twenties|thirties|forties|fifties|sixties|seventies|[1-9]0'?s))\s*\((?<inside>[^()]*)$/;

const AFTER_CUE = new RegExp(
  String.raw`^[\s\-:,]{0,3}(?:(?:\w+\s){0,${T.context.afterCueWords - 1}}?)(?:` +
    [
      String.raw`(?:once|twice|\w+\stimes)\s(?!in\s(?:the\s)?(?:last|past)\s(?:(?:\d+|few|couple(?:\sof)?|two|three|24|48)\s)?(?:min\w*|hours?|hrs?|h|days?|nights?)\b)(?:last|in|back|a\sfew|several|many|\d+)`,
      String.raw`(?:once|twice)(?=\s*$|\s(?:before|in\sthe\spast|ever))`,
      String.raw`(?:someday|some\sday|one\sday|in\sthe\sfuture|eventually|down\sthe\sroad|in\sthe\sevent)`,
      String.raw`(?:last|this\spast)\s(?:year|yr|spring|summer|fall|autumn|winter)`,
      String.raw`in\s(?:19|20)\d\d`,
      String.raw`(?:treated|diagnosed|dx'?d|repaired|operated\son|drained|resolved)\s(?:in\s)?(?:19|20)\d\d`,
      String.raw`in\s(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s)?(?:19|20)\d\d`,
      // A month named on its own dates the episode as past, as a year does ("chest pain in March, work-up negative").
      String.raw`(?:in|back\sin|during)\s(?:early\s|late\s|mid-?)?(?:january|february|march|april|june|july|august|september|october|november|december)\b(?!\s\d)`,
      String.raw`at\s(?:age\s\d{1,2}|(?:the\stime\sof\s)?diagnosis|dx)`,
      // Told with the diagnosis it came with ("DKA when she was first diagnosed", "on diagnosis").
      String.raw`(?:when|as)\s(?:i|he|she|they|it)\s(?:was|were)\s(?:first\s|initially\s)?diagnosed|on\s(?:first\s)?diagnosis`,
      String.raw`age\s\d{1,2}\b(?!\s?(?:yo|y\/o|years?|yrs?))`,
      String.raw`turn(?:s|ed)\sout|false\salarm`,
      String.raw`screen\b(?!\s(?:was\s|is\s|came\sback\s)?(?:positive|pos\b|\+|triggered|red\b|flagged|met\b))`,
      String.raw`back\sin\s(?:january|february|march|april|may|june|july|august|september|october|november|december|the\s(?:spring|summer|fall|winter))`,
      String.raw`(?:fully\s|completely\s)?recovered`,
      String.raw`(?:washed\sout|drained|treated|operated\son|repaired)\s(?:last|this\spast)\s(?:week|month|year)`,
      String.raw`(?:\d+|a\sfew|several|many|two|three|four|five|ten)\s(?:years?|yrs?|decades?)\s(?:ago|back|prior|earlier)`,
      String.raw`(?:\d+|a\sfew|several|many|two|three|four|five|six)\s(?:months?|mos?|weeks?|wks?)\s(?:ago|back|prior|earlier)`,
      String.raw`years\sago`,
      String.raw`as\sa\s(?:child|kid|teen(?:ager)?|baby|toddler)`,
      // A decade of life ("back in her 40s", "in his early twenties") dates the episode as the age at which it happened.
      String.raw`in\s(?:childhood|high\sschool|college|the\spast|(?:his|her|their|my)\s(?:early\s|late\s|mid[-\s]?)?(?:teens|twenties|thirties|forties|fifties|sixties|seventies|[1-9]0'?s))`,
      String.raw`when\s(?:i|he|she|they)\s(?:was|were)\s(?:a\s)?(?:younger|young|child|kid|teen\w*|\d{1,2}\b(?!\s?(?:weeks?|wks?|days?|months?|mos?)))`,
      String.raw`(?:has|have|had)\s(?:since\s)?resolved`,
      String.raw`(?:which|that)\s(?:\w+\s){0,3}(?:resolved|went\saway|cleared)`,
      String.raw`resolved`,
      String.raw`went\saway`,
      String.raw`(?:is|are)\sgone`,
      String.raw`(?:now\s)?back\sto\s(?:normal|baseline)`,
      String.raw`(?:at|is\s(?:his|her|their)|which\sis\s(?:his|her|their))\s(?:usual\s)?baseline`,
      String.raw`(?<!(?:than|from|above|below|beyond|over)\s(?:(?:his|her|their|the|usual)\s){0,2})baseline`,
      String.raw`(?:his|her|their)\susual`,
      String.raw`chronic(?:ally)?`,
      String.raw`for\s(?:the\s(?:last|past)\s)?(?:\d+|several|many|a\sfew|two|three|four|six)\s(?:years?|months?|yrs?|mos?)`,
      String.raw`x\s?\d+\s?(?:years?|months?|yrs?|mos?)`,
      String.raw`risk`,
      String.raw`prevention`,
      String.raw`precautions`,
      String.raw`education`,
      String.raw`counsel\w*`,
      String.raw`kit`,
      String.raw`screening`,
      String.raw`history`,
      String.raw`action\splan`,
      String.raw`protocol`,
      // A named guideline ("the NICE sepsis guideline") is the document, not the patient's condition.
      String.raw`guidelines?|guidance`,
      String.raw`(?:with|in|during|after)\s(?:her|his|their|a|the)\s(?:first|previous|prior|last|earlier|older|second)\s(?:pregnancy|delivery|baby|child|birth|episode|admission|hospitali[sz]ation)`,
      String.raw`during\s(?:\w+\s)?(?:attacks|episodes|flares)`,
      String.raw`when\s(?:she|he|they)\s(?:gets?|is|are|feels?)\s(?:anxious|stressed|upset|panicky|nervous)`,
      String.raw`(?:from|since|after|due\sto|secondary\sto|related\sto|left\sover\sfrom)\s(?:${'(?:his|her|their|the|a|an|prior|old)'}\s)?(?:\w+\s)?(?:stroke|cva|tbi|brain\sinjury|injury|surgery|mi|infarct|bleed)`,
      String.raw`was\sruled\sout`,
    ].join('|') +
    String.raw`)\b`,
);
// Right after the finding: a year ("overdose) 2019"), or last week / month ("heart attack last week"; not "since last week").
const DATED_AFTER =
  /^[\s\-:,()]{0,4}(?:(?:in\s)?(?:19|20)\d\d\b|(?:(?!since\b|from\b|over\b|through\b)\w+\s)?last\s(?:week|month)\b)/;
const CHRONIC_CLOSE =
  /,\s*(?:chronic(?:ally)?|long-?standing|for\s(?:years|months)|(?:at\s|his\s|her\s)?baseline|unchanged)\W*$/;
/** Where a cue's reach ends. */
const CLAUSE_BREAK =
  /\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bexcept\b|\bnow\b|\btoday\b|\btonight\b|\bcurrently\b|\bnew(?:ly)?\b|\bacute(?:ly)?\b|\bsudden(?:ly)?\b|\bthis\s(?:morning|afternoon|evening|time|week)\b|\byesterday\b|\blast\snight\b|\bthen\b|\bwhile\b|\bwhen\b|\bbecause\b|\bso\b|\bpresents?\b|\bpresented\b|\breports?\b|\breported\b|\bendorses?\b|\bcomplains\b|\bstates?\b|\bsays?\b|\bsaid\b|\btold\b|\bdeveloped\b|\bstarted\b|\bfound\b|\bnoticed\b|\bcame\sin\b|\bcalled\b|\bis\shaving\b|\bhas\shad\b|\bhe\b|\bshe\b|\bthey\b|\bpt\b|\bpatient\b|[;:?()]|\s-\s|\band\s(?:has|is|reports|endorses|states|now|was)\b/g;

function lastMatchEnd(text: string, re: RegExp): number {
  re.lastIndex = 0;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  return last;
}

const words = (s: string) => (s.match(/[a-z0-9'/+]+/g) ?? []).length;

/** True when a cue in `before` (the clause text before a finding) reaches the finding. */
function cueReaches(before: string, cue: RegExp, listWise: boolean): boolean {
  const end = lastMatchEnd(before, cue);
  if (end < 0) return false;
  const gap = before.slice(end);
  if (!listWise) return !/,/.test(gap) && words(gap) <= T.context.nearCueWords;
  if (words(gap) > T.context.listCueWords) return false;
  // Across commas the reach continues only through a list: short items, and the finding near the start of its item.
  const parts = gap.split(/,|\bor\b|\band\b|\bnor\b|\//);
  if (parts.length > 1) {
    if (parts.slice(0, -1).some((p) => words(p) > 3)) return false;
    if (/,/.test(gap) && words(parts[parts.length - 1]!) > 1) return false;
    // A new clause after the comma ("never wake up, has 60 oxycodone at home") is out of the negation's reach.
    if (
      /,/.test(gap) &&
      /^\s*(?:has|have|had|is|was|were|took|keeps?|kept|bought|got|owns?)\b/.test(parts[parts.length - 1]!)
    )
      return false;
  }
  return true;
}

type Ctx = 'current' | 'negated' | 'past';

/** Findings that are told as an event, verb first. */
const EVENT_START =
  /^(?:fell|hit|struck|banged|bumped|slipped|took|swallowed|ingested|drank|ate|found|passed|collapsed|started|woke|vomited|threw|called|tried|used|injected|cut|shot|hanged|overdosed|od'd|got|gave|given|needed|went)\b/;

/**
 * Conditional and hypothetical openers ("if a patient on buprenorphine overdoses", "in case she ever ..."): their reach is
 * the whole conditional clause, up to a comma or "then". Not "wondering if", "see if", "even if" (those report the case).
 */
const CONDITIONAL =
  /(?<!\b(?:wonder\w*|sure|see|ask\w*|know|check\w*|tell|even|as|unclear|decide|determine|question|confirm)\s)\b(?:if|in\scase|what\sif|suppose|supposing|hypothetical(?:ly)?|should\s(?:he|she|they|a\spatient|someone)\sever|in\sthe\sevent)\b/g;

function inConditional(head: string, threat = false): boolean {
  const end = lastMatchEnd(head, CONDITIONAL);
  if (end < 0 || /[,;:]|\bthen\b/.test(head.slice(end))) return false;
  // A reported conditional threat ("if he leaves her she will kill herself") is a threat; a generic one ("if a patient
  // plans to ...", "if someone ...") is a hypothetical question.
  return (
    !threat ||
    /^\s*(?:a|an|any|the)?\s?(?:patient|pt|person|someone|somebody|anyone|veteran|client|one|people|patients|they|you)\b/.test(
      head.slice(end),
    )
  );
}

/** Said in jest: a threat in the same sentence is a figure of speech. */
const JEST = /\b(?:jok(?:ed|es|ing|ingly)|kidding|in\sjest|lol|lmao|haha)\b/;
/** An onset told right after a finding ("tearing pain ... came on suddenly"): current, whatever history list precedes it. */
const ONSET_AFTER =
  /^\s*(?:[a-z'/]+\s){0,6}?(?:(?:came\son|started|began)\s(?:sudden\w*|abrupt\w*|this\s\w+|today|tonight|an?\s(?:hour|few)|\d+\s?(?:min\w*|hours?|hrs?)\sago)|sudden(?:ly)?\b|abrupt(?:ly)?\b)/;

function contextOf(sentence: string, start: number, end: number, negatable: boolean, threat = false): Ctx {
  const head = sentence.slice(0, start);
  if (inConditional(head, threat) || (threat && JEST.test(sentence))) return 'past';
  const clauseStart = Math.max(0, lastMatchEnd(head, CLAUSE_BREAK));
  const before = head.slice(clauseStart);
  const after = sentence.slice(end);
  // A present-time word ends the clause but leaves a mark: "passed out twice today" is not "twice" ending a clause.
  const afterClause = (after.split(/[;,]|\bbut\b|\bhowever\b/)[0] ?? '')
    .replace(/\b(?:now|then|today|currently)\b[\s\S]*$/, ' now')
    // "seized twice" is a history; a reading taken twice ("BP 174/112 twice") is the value now.
    .replace(/\d$/.test(sentence.slice(start, end)) ? /^\s{0,2}(?:once|twice)\b/ : /$^/, '');
  // A negation stops at a cause or time after the negated word: in "not breathing after fentanyl" the fentanyl is real.
  const negEnd = lastMatchEnd(before, NEG_LIST_CUE);
  const negScoped =
    negEnd >= 0 && /\w\s+(?:after|since|following|from|due\sto|because\sof)\b/.test(before.slice(negEnd));
  if (negatable && ((!negScoped && cueReaches(before, NEG_LIST_CUE, true)) || NEGATION_AFTER.test(after.slice(0, 24))))
    return 'negated';
  // A finding told as an event ("fell and hit his head", "took 30 pills") starts a new clause: a history cue reaches it
  // only when right before it ("h/o attempted suicide"), not across a noun phrase ("hx afib on xarelto fell and hit ...").
  const event = EVENT_START.test(sentence.slice(start, end));
  const historyList = event
    ? cueReaches(before, HISTORY_LIST_CUE, false) && words(before.slice(lastMatchEnd(before, HISTORY_LIST_CUE))) <= 1
    : cueReaches(before, HISTORY_LIST_CUE, true) && !ONSET_AFTER.test(afterClause);
  if (historyList || cueReaches(before, NEAR_CUE, false) || AFTER_CUE.test(afterClause)) return 'past';
  // An episode dated earlier and told as over ("hypo 2 days ago, husband gave glucagon, fully recovered since").
  const anchorEnd = lastMatchEnd(head, EPISODE_ANCHOR);
  if (anchorEnd >= 0 && RECOVERED.test(after) && !PRESENT_AGAIN.test(`${head.slice(anchorEnd)} ${after}`))
    return 'past';
  // A year right after the finding ("overdose) 2019"), or the sentence closing on ", chronic" / ", at baseline".
  if (DATED_AFTER.test(after) || CHRONIC_CLOSE.test(after)) return 'past';
  const paren = PAREN_DATED.exec(head);
  if (
    paren &&
    !/\b(?:still|ongoing)\b/.test(`${paren.groups!.inside} ${after.split(')')[0]}`) &&
    !PRESENT_AGAIN.test(`${paren.groups!.inside} ${after.split(')')[0]}`)
  )
    return 'past';
  return 'current';
}

// ---------------------------------------------------------------------------------------------------------------------
// The document: sentences, concept matches in context, and vital-sign readings

interface Reading {
  value: number;
  value2?: number;
  unit?: string;
}

/** Each concept's global twin, compiled once (a concept is asked about for every message). */
const GLOBAL = new WeakMap<RegExp, RegExp>();
function globalOf(re: RegExp): RegExp {
  let g = GLOBAL.get(re);
  if (!g) GLOBAL.set(re, (g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)));
  return g;
}

type Match = { ctx: Ctx; m: RegExpExecArray; s: Sentence };

class Doc {
  readonly sentences: Sentence[];
  /** Matches already read, by concept and context mode: several emergencies ask about the same concept. */
  private readonly seen = new Map<RegExp, Map<string, Match[]>>();
  private readonly literals: LiteralIndex;
  constructor(readonly text: string) {
    this.sentences = splitSentences(text);
    this.literals = new LiteralIndex(text);
  }

  /** Matches of `re` with their context; `negatable: false` for findings a negation cue near them does not govern. */
  private matches(re: RegExp, negatable: boolean, threat = false): Match[] {
    const mode = `${negatable}${threat}`;
    let byMode = this.seen.get(re);
    if (!byMode) this.seen.set(re, (byMode = new Map()));
    let out = byMode.get(mode);
    if (!out) byMode.set(mode, (out = this.read(re, negatable, threat)));
    return out;
  }

  private read(re: RegExp, negatable: boolean, threat: boolean): Match[] {
    const out: Match[] = [];
    // Most concepts name words the message does not contain: those are not run (see required-literals.ts).
    if (!this.literals.mayMatch(re)) return out;
    const g = globalOf(re);
    for (const s of this.sentences) {
      g.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = g.exec(s.text)) !== null) {
        if (m[0].length === 0) {
          g.lastIndex++;
          continue;
        }
        // Context is read at the first word of the match that carries content (not a leading space).
        const lead = m[0].length - m[0].trimStart().length;
        out.push({ ctx: contextOf(s.text, m.index + lead, m.index + m[0].length, negatable, threat), m, s });
      }
    }
    return out;
  }

  /** A current, asserted mention. */
  has(re: RegExp, opts: { negatable?: boolean; threat?: boolean } = {}): boolean {
    return this.matches(re, opts.negatable ?? true, opts.threat).some((x) => x.ctx === 'current');
  }

  /** A current (or, with `pastCounts`, any not negated) mention in a sentence that passes `keep`. */
  hasWhere(re: RegExp, keep: (sentence: string) => boolean, pastCounts = false): boolean {
    return this.matches(re, true).some(
      (x) => (x.ctx === 'current' || (pastCounts && x.ctx === 'past')) && keep(x.s.text),
    );
  }

  /** Distinct current, asserted matches (by matched text). */
  count(re: RegExp): number {
    return new Set(
      this.matches(re, true)
        .filter((x) => x.ctx === 'current')
        .map((x) => x.m[0].trim()),
    ).size;
  }

  /** Mentioned, and only as past (history, dated, resolved). */
  pastOnly(re: RegExp): boolean {
    const m = this.matches(re, true);
    return m.some((x) => x.ctx === 'past') && !m.some((x) => x.ctx === 'current');
  }

  /** Any mention not negated, current or past (background facts: pregnant, on an SSRI, back pain). */
  mentions(re: RegExp): boolean {
    return this.matches(re, true).some((x) => x.ctx !== 'negated');
  }

  /** Current readings of a vital sign or lab, parsed by `parse` from each match. */
  readings(re: RegExp, parse: (m: RegExpExecArray) => Reading | null, skipSentence?: RegExp): Reading[] {
    return this.matches(re, false)
      .filter(
        (x) =>
          x.ctx === 'current' &&
          !skipSentence?.test(x.s.text) &&
          !thresholdQuestion(this.text, x.s.start + x.m.index, x.s.start + x.m.index + x.m[0].length) &&
          !READING_PAST.test(x.s.text.slice(x.m.index + x.m[0].length)) &&
          !(EPISODE_PAST_BEFORE.test(x.s.text.slice(0, x.m.index)) && RECOVERED.test(this.text)),
      )
      .map((x) => parse(x.m))
      .filter((r): r is Reading => r !== null);
  }
}

/** A sentence about readings taken asleep (sleep study nadir, overnight oximetry): not the patient's state now. */
const ASLEEP =
  /\b(?:sleep\sstudy|psg|polysomnogra\w+|home\ssleep\stest|hsat|nadir|overnight\s(?:oximetry|pulse\sox\w*)|during\s(?:sleep|the\snight)|while\s(?:asleep|sleeping)|nocturnal|ahi|odi|t90|desaturat\w+\s(?:at\snight|during))\b/;

/** A reading dated to an earlier day ("glucose 48 last week", "BP 88/50 at her last visit"). */
const READING_PAST =
  /^[\s,]{0,2}(?:-\s?\d{1,3}\s?%?\s)?(?:[a-z/%]+\s){0,4}?(?:(?:which\s|that\s)?(?:is|are)\s(?:his|her|their)\s(?:usual\s|normal\s)?baseline|last\s(?:week|month|year|visit|time)|(?:\d+|a\sfew|several|two|three|four)\s(?:days?|weeks?|months?|years?)\s(?:ago|back|earlier)|at\s(?:his|her|their|the)\s(?:last|previous|prior)\s(?:visit|appointment)|at\s(?:his|her|their|the)\s(?:[\w-]+\s){1,3}(?:visit|appointment|appt)\b(?!\s(?:today|this|now))|previously|in\s(?:19|20)\d\d|there|at\s(?:that|the)\stime)\b/;

/** A number asked about as a threshold ("what BP counts as severe range, 160/110?"), not a patient's value. */
const THRESHOLD_WORDS =
  /\b(?:cut-?offs?|thresholds?|targets?|goals?|defin\w+|counts?\sas|criteria|considered|qualif\w+|level\sat\swhich|when\sto\s(?:treat|start|admit))\b/;
function thresholdQuestion(text: string, start: number, end: number): boolean {
  // The asking words may sit in the sentence before ("what counts as severe range? 160/110?").
  const window = text.slice(Math.max(0, start - T.context.thresholdWindowChars), end + T.context.thresholdWindowChars);
  if (!THRESHOLD_WORDS.test(window)) return false;
  return /^\W{0,3}\?/.test(text.slice(end)) || THRESHOLD_WORDS.test(text.slice(Math.max(0, start - 40), start));
}

// Numbers: "in the 80s" reads as 85.
const num = (digits: string, decade?: string) => Number(digits) + (decade ? 5 : 0);
const LINK = String.raw`\s{0,3}(?:(?:of|is|was|were|at|are|reads?|reading|says|said|showed|shows|came\sback|came|just|now|only|down\sto|dropped\sto|fell\sto|up\sto|to|around|about|:|=|~|≈|>|<)\s{0,3}){0,3}(?:in\sthe\s(?:low\s|high\s|mid\s)?)?`;

const BP_RE = new RegExp(
  String.raw`(?<label>\b(?:bp|blood\spressure|b\/p|pressures?)\b)?${LINK}(?<![\d/.])(?<sys>[12]\d{2}|[4-9]\d)\s{0,2}\/\s{0,2}(?<dia>[1-9]\d{1,2})(?![\d/])`,
  'g',
);
const SBP_RE = new RegExp(
  String.raw`\b(?:sbp|systolic(?:\sbp|\sblood\spressure|s)?|sbps)${LINK}(?<v>\d{2,3})(?<s>s)?\b`,
  'g',
);
const MAP_RE = new RegExp(String.raw`\bmaps?${LINK}(?<v>\d{2,3})(?<s>s)?\b`, 'g');
const HR_RE = new RegExp(
  String.raw`\b(?:hr|heart\srate|pulse(?:\srate)?|tachy(?:cardic|cardia)?|bpm\sof|heart\s(?:is\s|was\s)?(?:going|racing|beating|pounding)(?:\s(?:very\s|really\s|so\s)?fast)?)${LINK}(?<v>\d{2,3})(?<s>s)?\b`,
  'g',
);
const RR_RE = new RegExp(
  // Also a rate told in words: "breathing maybe 6 times a minute", "only takes 8 breaths a minute".
  String.raw`\b(?:rr|resp(?:iratory)?\s?rate|resps?|respirations|breathing(?:\srate)?|tachypn(?:e|o)ic)${LINK}(?<v>\d{1,2})(?<s>s)?\b(?!\s?(?:%|mg|min\b|minutes|times))|\b(?:breath(?:ing|es)|takes?|taking)\s(?:(?:maybe|about|only|like|around|roughly|just)\s){0,2}(?<v2>\d{1,2})\s?(?:times|breaths|x)\s(?:a|per|each|every|in\sa)\s(?:minute|min)\b`,
  'g',
);
const SPO2_RE = new RegExp(
  String.raw`\b(?:spo2|sp02|sao2|o2\s?sats?|o2\ssaturation|oxygen\s(?:saturation|sats?|level)|sats?|satting|saturating|pulse\s?ox(?:imetry)?|pulse-ox|pox)${LINK}(?<v>\d{2,3})(?<s>s)?\s?%?|(?<v2>[4-9]\d)\s?%\s(?:on\s)?(?:ra\b|room\sair)`,
  'g',
);
const TEMP_RE = new RegExp(
  String.raw`\b(?:t|temp(?:erature)?|tmax|fever(?:\sof|\sto)?|febrile\sto)${LINK}(?<v>\d{2,3}(?:\.\d{1,2})?)\s?°?\s?(?<unit>[cf]\b)?`,
  'g',
);
const GLUCOSE_RE = new RegExp(
  String.raw`\b(?:glucose|bg|bgl|bgs|bms?|blood\s(?:glucose|sugars?)|sugars?|fsbg|cbg|finger\s?sticks?|fsbs|poc(?:t)?\s(?:glucose|bg)|glu|gluc|meter|gluco-?meter|cgm|dexcom|libre|accu-?che?c?k)${LINK}(?<v>\d{1,4}(?:\.\d{1,2})?|hi\b|high\b|lo\b)(?<s>s)?\s{0,2}(?<unit>mg\/dl|mg|mmol(?:\/l)?)?`,
  'g',
);
const PH_RE = new RegExp(String.raw`\b(?:ph|vbg\sph|abg\sph)${LINK}(?<v>[67]\.\d{1,2})`, 'g');
const BICARB_RE = new RegExp(
  String.raw`\b(?:bicarb(?:onate)?|hco3-?|co2|tco2)${LINK}(?<v>\d{1,2})(?!\.\d|\d|\s?%|\s?mm)`,
  'g',
);
const GAP_RE = new RegExp(String.raw`\b(?:anion\sgap|ag|gap)${LINK}(?<v>\d{1,2})\b`, 'g');
const LACTATE_RE = new RegExp(String.raw`\b(?:lactate|lactic\sacid|lactic)${LINK}(?<v>\d{1,2}(?:\.\d{1,2})?)`, 'g');
const GCS_RE = new RegExp(String.raw`\bgcs${LINK}(?:(?<from>\d{1,2})\s?(?:to|->|→)\s?)?(?<v>\d{1,2})\b`, 'g');
const PLATELETS_RE = new RegExp(
  String.raw`\b(?:plt|plts|platelets?(?:\scount)?)${LINK}(?<v>\d{1,3})(?:k|,000)?\b`,
  'g',
);
const OSM_RE = new RegExp(String.raw`\b(?:serum\s)?osm(?:olality|olarity|s)?${LINK}(?<v>\d{3})\b`, 'g');
/** A convulsion told as what was seen: stiffening, then shaking ("went stiff and shook all over"). */
const CONVULSION_SEEN = String.raw`(?:went|goes|gone|going|was)\s(?:all\s|completely\s)?(?:stiff|rigid)\s(?:and|then)\s(?:\w+\s)?(?:shook|shaking|jerk\w*|twitch\w*|convuls\w*)`;
const POTASSIUM_RE = new RegExp(
  String.raw`\b(?:k\+?|potassium|pot|serum\sk|hyperkal(?:a)?emia)${LINK}(?<v>[2-9](?:\.\d{1,2})?)(?!\d)`,
  'g',
);
const CIWA_RE = new RegExp(String.raw`\bciwa(?:-ar)?(?:\sscore)?${LINK}(?<v>\d{1,2})\b`, 'g');
const MINUTES_RE =
  /(?:\b(?:for|x|lasting|over|more\sthan|about|almost|nearly|at\sleast|past|last)|[>~])\s{0,2}(?:the\s(?:last|past)\s)?~?(?<v>\d{1,3})\+?\s?(?:min|mins|minutes)\b|\b(?<v2>\d{1,3})\+?\s?(?:min|mins|minutes)\s(?:long|straight|now)\b/g;
const HOURS_RE =
  /\b(?:for|x|lasting|over|more\sthan|>|~|about|almost|nearly|at\sleast|the\s(?:last|past))\s{0,2}(?:the\s(?:last|past)\s)?~?(?:an?|\d{1,2})\s?(?:hr|hrs|hour|hours)\b/g;

function value(m: RegExpExecArray): Reading | null {
  const g = m.groups ?? {};
  const v = g.v ?? g.v2;
  if (v === undefined) return null;
  return {
    value: /^\d/.test(v) ? num(v, g.s) : NaN,
    unit: g.unit ?? (v.startsWith('h') ? 'hi' : v === 'lo' ? 'lo' : undefined),
    ...(g.from ? { value2: Number(g.from) } : {}),
  };
}

/** Vital signs and labs: current values only. */
class Vitals {
  constructor(private readonly d: Doc) {}
  private bp() {
    return this.d.readings(BP_RE, (m) => {
      const sys = Number(m.groups!.sys);
      const dia = Number(m.groups!.dia);
      // Without a "BP" label, only a plausible pair: systolic above diastolic, diastolic at least 30.
      if (!(sys > dia && dia >= 30 && sys < 320)) return null;
      // Unlabelled: not an insulin premix ratio (70/30, 75/25, 50/50) or a score, and a plausible diastolic.
      if (!m.groups!.label && (sys < 70 || dia < 40 || /^(?:70\/30|75\/25|50\/50)$/.test(`${sys}/${dia}`))) return null;
      return { value: sys, value2: dia };
    });
  }
  sbpBelow(limit: number): boolean {
    return (
      this.bp().some((r) => r.value < limit) ||
      this.d.readings(SBP_RE, value).some((r) => r.value >= 40 && r.value < limit)
    );
  }
  mapBelow(limit: number): boolean {
    return this.d.readings(MAP_RE, value).some((r) => r.value >= 20 && r.value < limit);
  }
  hypotension(): boolean {
    return this.sbpBelow(T.vitals.sbpLow) || this.mapBelow(T.vitals.mapLow);
  }
  /** A current blood pressure was given (a woman at home with none is judged by her symptoms). */
  bpGiven(): boolean {
    return this.bp().length > 0 || this.d.readings(SBP_RE, value).length > 0;
  }
  bpAtLeast(sys: number, dia: number): boolean {
    return (
      this.bp().some((r) => r.value >= sys || r.value2! >= dia) ||
      this.d.readings(SBP_RE, value).some((r) => r.value >= sys && r.value < 320)
    );
  }
  hrAbove(limit: number): boolean {
    return this.d.readings(HR_RE, value).some((r) => r.value > limit && r.value < 300);
  }
  rrAbove(limit: number): boolean {
    return this.d.readings(RR_RE, value).some((r) => r.value > limit && r.value < 80);
  }
  rrBelow(limit: number): boolean {
    return this.d.readings(RR_RE, value).some((r) => r.value < limit && r.value >= 0);
  }
  spo2Below(limit: number): boolean {
    return this.d.readings(SPO2_RE, value, ASLEEP).some((r) => r.value >= 30 && r.value < limit);
  }
  /** Temperature in °C (Fahrenheit read from the unit or a value above 50). */
  private temps(): number[] {
    return this.d
      .readings(TEMP_RE, value)
      .map((r) => (r.unit === 'f' || r.value > 50 ? ((r.value - 32) * 5) / 9 : r.value))
      .filter((c) => c >= 34 && c <= 44);
  }
  tempAtLeast(c: number): boolean {
    return this.temps().some((t) => t >= c - 0.05);
  }
  private glucoses(): { mgdl: number }[] {
    return this.d.readings(GLUCOSE_RE, value).flatMap((r) => {
      if (r.unit === 'hi') return [{ mgdl: T.glucose.meterHi }];
      if (r.unit === 'lo') return [{ mgdl: T.glucose.meterLo }];
      if (Number.isNaN(r.value)) return [];
      const mmol = r.unit?.startsWith('mmol') || (!r.unit && r.value < 35 && /\./.test(String(r.value)));
      if (mmol) return [{ mgdl: r.value * 18 }];
      // A bare 10-34 is 10-34 mmol/L (high) or mg/dL (profoundly low): the message's units decide, else the picture
      // does: read as low only in a patient with the signs of hypoglycaemia ("sugar 14, feels fine" is mmol/L).
      if (!r.unit && r.value < 35 && !this.d.mentions(/\bmg\/dl\b/)) {
        const lowPicture =
          this.d.has(C.alteredMental) ||
          this.d.has(C.lowConsciousness) ||
          this.d.has(/\b(?:sweaty|sweating|diaphoretic|clammy|shaky|shaking|tremulous)\b/);
        return lowPicture && !this.d.mentions(/\bmmol\b/) ? [{ mgdl: r.value }] : [{ mgdl: r.value * 18 }];
      }
      // A bare number below 10 is neither mg/dL nor a plausible unlabelled value.
      if (r.value < 10 || r.value > 2500) return [];
      return [{ mgdl: r.value }];
    });
  }
  glucoseGiven(): boolean {
    return this.glucoses().length > 0;
  }
  glucoseBelow(mgdl: number): boolean {
    return this.glucoses().some((g) => g.mgdl < mgdl);
  }
  glucoseAbove(mgdl: number): boolean {
    return this.glucoses().some((g) => g.mgdl > mgdl);
  }
  acidosis(): boolean {
    return (
      this.d.readings(PH_RE, value).some((r) => r.value < T.acidosis.ph) ||
      this.d.readings(BICARB_RE, value).some((r) => r.value > 0 && r.value < T.acidosis.bicarb) ||
      this.d.readings(GAP_RE, value).some((r) => r.value > T.acidosis.anionGap && r.value < 60)
    );
  }
  lactateAtLeast(v: number): boolean {
    return this.d.readings(LACTATE_RE, value).some((r) => r.value >= v && r.value < 40);
  }
  gcsLowOrDropped(): boolean {
    return this.d
      .readings(GCS_RE, value)
      .some(
        (r) =>
          r.value >= 3 &&
          (r.value <= T.vitals.gcsLow || (r.value2 !== undefined && r.value2 - r.value >= T.vitals.gcsDrop)),
      );
  }
  plateletsBelow(v: number): boolean {
    return this.d.readings(PLATELETS_RE, value).some((r) => r.value >= 1 && r.value < v);
  }
  osmAbove(v: number): boolean {
    return this.d.readings(OSM_RE, value).some((r) => r.value > v && r.value < 500);
  }
  potassiumAtLeast(v: number): boolean {
    return this.d.readings(POTASSIUM_RE, value).some((r) => r.value >= v && r.value < 10);
  }
  ciwaStated(): boolean {
    return this.d.readings(CIWA_RE, value).some((r) => r.value >= 0 && r.value <= 67);
  }
  ciwaAtLeast(v: number): boolean {
    return this.d.readings(CIWA_RE, value).some((r) => r.value >= v && r.value <= 67);
  }
  minutesAtLeast(v: number): boolean {
    return (
      this.d.readings(MINUTES_RE, value).some((r) => r.value >= v) ||
      (this.d.readings(HOURS_RE, () => ({ value: 60 })).length > 0 && v <= 60)
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Concepts. Helpers build "A within n words of B" in either order, so narrative word order is covered.

const W = String.raw`[a-z0-9'/+\-]+`;
function near(a: string, b: string, n = 4): string {
  return String.raw`(?:(?:${a})(?:\W+${W}){0,${n}}?\W+(?:${b})|(?:${b})(?:\W+${W}){0,${n}}?\W+(?:${a}))`;
}
function after(a: string, b: string, n = 4): string {
  return String.raw`(?:(?:${a})(?:\W+${W}){0,${n}}?\W+(?:${b}))`;
}
const rx = (...alts: string[]) => new RegExp(String.raw`\b(?:${alts.join('|')})`, 'i');

const PRON = String.raw`(?:his|her|their|my|your|the|its|this|that)`;
const SELF = String.raw`(?:him|her|my|them|your|one)sel(?:f|ves)`;
const CANT = String.raw`(?:can't|couldn't|can\snot|unable\sto|won't|wouldn't|not\sable\sto|no\slonger\sable\sto|trouble|difficulty|hard\sto)`;
const INTENT = String.raw`(?:plans?|planning|planned|going|gonna|intends?|intending|intent\son|threaten(?:s|ed|ing)?|decided|ready|about|will|'ll|is\sgoing|wants?\sto\sgo\sahead|set\son|determined)`;
const LEFTRIGHT = String.raw`(?:left|right|l|r|lt|rt|one|1)`;

/** A care setting dated to the past ("in the ED last week", "in the ICU in 2019 and discharged") is not current care. */
// "since yesterday" is a stay that goes on, not one that is over.
const CARE_NOT_PAST = String.raw`(?!,?\s(?:[a-z0-9/]+\s){0,5}?(?<!since\s)(?:last\s\w+|yesterday|ago|in\s(?:19|20)\d\d|on\s(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:and\s)?(?:was\s)?(?:sent\shome|discharged|released)|visits?)\b)`;

/** The act of suicide as the object of a plan or a time ("plans to do it friday", "overdose tonight"). */
const SELF_ACT = String.raw`do\sit|(?:end|finish)\s(?:it|things|${'(?:his|her|their|my)'}\s(?:own\s)?life)|go\sthrough\swith\sit|kill\s(?:him|her|them|my)sel(?:f|ves)|die|overdo\w*|od\b|jump\w*|hang\s\w+|shoot\s\w+|cut\s\w+|throw\s${SELF}|go\sdeep\w*|take\s(?:all|every|the\swhole|an\soverdose|them|it)|use\s(?:it|them|the\s\w+|a\s\w+|(?:his|her|their|my)\s\w+)`;
/** A day or time named for an act. */
const TIMELINE = String.raw`tonight|tomorrow|this\s(?:weekend|week|friday|saturday|sunday|monday|tuesday|wednesday|thursday)|next\sweek|on\s(?:his|her|their)\s(?:birthday|anniversary)|(?:on|by|this|next|before)\s(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\sweekend|the\sholidays|christmas|new\syear'?s?)|after\s(?:the|this|his|her)\s(?:appointment|appt|visit)`;
/** Means put out of reach in the same sentence: a firearm locked away or given up is not means at hand. */
const MEANS_SECURED =
  /\b(?:locked|lock\s?box|gun\s?safe|secured|stored\s(?:off|away|at|with)|removed|sold|got\srid\sof|gave\s(?:up|away)|given\s(?:up|away)|turned\s(?:in|over)|(?:at|with)\s(?:his|her|their)\s(?:brother|sister|friend|dad|father|son|daughter|mother|mom|uncle|cousin|neighbou?r)(?:'s)?|no\s(?:longer\s)?(?:has\s|have\s)?access|(?:doesn't|don't|does\snot)\s(?:have|own|keep)|out\sof\sthe\s(?:house|home))\b/;

/** Medicines people stockpile for an overdose (with "pills", "meds" and "insulin" in the concepts themselves). */
const OVERDOSE_DRUGS = String.raw`(?:seroquel|quetiapine|amitriptyline|nortriptyline|tylenol|acetaminophen|paracetamol|oxy\w*|percocet|hydrocodone|norco|morphine|methadone|tramadol|lithium|xanax|klonopin|valium|ativan|ambien|zolpidem|trazodone|sertraline|zoloft|fluoxetine|prozac|citalopram|bupropion|wellbutrin|venlafaxine|effexor|gabapentin|lyrica|propranolol|metoprolol|digoxin|warfarin|sleeping\spills|benzos?)\b`;

/** An overdose as what someone plans or means to do ("a plan to overdose", "going to take an overdose"). */
const OVERDOSE_INTENDED =
  /\b(?:plans?|planning|planned|intends?|intending|going|gonna|wants?|wanting|threaten(?:s|ed|ing)?)\s(?:\w+\s)?to\s(?:overdose|od\b|take\san\soverdose)/;

/** Asking how much of a drug would be lethal: method research, read as ideation with a method. */
// Of a medicine, "how many it takes" needs no "lethal": the amount that would be enough is the question.
const LETHAL_ASK = String.raw`(?:asked|asking|asks|wanted\sto\sknow|googl\w+|search\w*|looked\sup|looking\sup)\s(?:\w+\s){0,3}(?:(?:how\smany|how\smuch|what\samount|what\sdose|which\s\w+)\s(?:\w+\s){0,7}(?:would\s|will\s|to\s|it\stakes\sto\s)?(?:be\s)?(?:lethal|fatal|deadly|kill|die|overdose)|(?:how\smany|how\smuch)\s(?:of\s)?(?:\w+\s){0,3}(?:pills|tablets|tabs|meds|medications?|capsules|insulin|${OVERDOSE_DRUGS})\s(?:\w+\s){0,2}(?:it\s(?:takes|would\stake|will\stake|'d\stake)|(?:would|will)\sbe\senough)\b)`;

/** Right-heart strain on ECG or echo: part of the PE work-up. */
/** Lochia or a discharge that smells ("the blood from down there is smelling very bad"). */
const FOUL_LOSS = String.raw`(?:blood|bleeding|discharge|lochia|loss)\s(?:\w+\s){0,5}(?:smell\w*|stinks|stinking|foul|offensive)|(?:smelly|foul[-\s]smelling|offensive)\s(?:blood|bleeding|discharge|lochia|loss)`;

/** A joint that cannot bear weight or be moved, or hurts when it is moved. */
const JOINT_UNUSABLE = [
  String.raw`(?:can't|won't|unable\sto|refuses\sto)\s(?:bear\s(?:any\s)?weight|walk\son|move|bend|put\s(?:any\s)?weight)`,
  String.raw`(?:screams?|scream(?:ing|ed)|cries|crying|pain\w*|hurts?)\s(?:\w+\s){0,2}when\s(?:\w+\s){0,6}(?:hip|knee|joint|shoulder|ankle|leg)\s(?:is\s|gets\s)?(?:moved|touched|bent)`,
];

/** Pre-eclampsia symptoms: a headache that is severe or will not settle, visual disturbance, pain under the right ribs. */
const OB_HEADACHE = String.raw`severe\sheadache|headache\s(?:that\s)?(?:won't|doesn't|didn't)\s(?:go\saway|improve|stop)|headache\s(?:\w+\s){0,3}(?:hasn't|has\snot|didn't|won't)\s(?:touched|shifted|helped|help|touch|shift)|bad\sheadache|worst\sheadache|pounding\sheadache`;
const OB_VISUAL = String.raw`blurr\w+\svision|blurry|vision\s(?:changes?|loss)|visual\s(?:changes?|disturbances?|symptoms)|scotomata|seeing\s(?:spots|stars|flashing)|flashing\slights`;
const OB_RUQ = String.raw`(?:ruq|right\supper\squadrant|epigastric)\s(?:pain|tenderness)|pain\sunder\s(?:${PRON}\s)?(?:right\s)?ribs`;

/** The epigastrium in lay words ("upper tummy", "top of her stomach", "pit of the stomach"). */
const UPPER_ABDOMEN = String.raw`(?:upper|top\sof\s(?:${PRON}\s)?)\s?(?:tummy|stomach|belly|abdomen)|pit\sof\s(?:${PRON}\s)?stomach`;

const RIGHT_HEART_STRAIN = String.raw`s1q3t3|right\sheart\sstrain|rv\s(?:strain|dilat\w+)|mcconnell`;

const C = {
  // --- Suicide and violence
  suicidalIdeation: rx(
    LETHAL_ASK,
    // Veiled farewells ("I'm done", "tonight is the night"): ideation, which needs a plan, means or timeline to flag.
    String.raw`(?:i'?m|i\sam|he's|she's)\s(?:just\s|so\s)?done(?=\s*(?:[.,;!]|$|and\b|with\s(?:it\sall|life|living|everything)))`,
    String.raw`(?:tonight|today|this\sweekend|tomorrow)(?:'s|\sis|\swill\sbe)\sthe\s(?:night|day)`,
    String.raw`(?:it'?ll|it\swill)\sall\sbe\sover`,
    String.raw`suicid\w*`,
    String.raw`\+\s?si\b`,
    String.raw`si\b(?!\s?joint|\sunits?)`,
    String.raw`s\.i\.`,
    String.raw`(?:phq-?9\s)?(?:item|question|q)\s?#?9\s?(?:\(\w+\)\s?)?(?:=|of|:|score(?:d)?|was|is|answered|positive|\+|at)?\s?(?:[1-3]\b|positive|\+|yes)`,
    String.raw`c-?ssrs\s(?:positive|\+|high)`,
    String.raw`(?:how|when|where)\s(?:he|she|they|i)(?:'d|\swould|\swill|'ll|\s(?:is|are|was)\sgoing\sto|'s\s(?:going\sto|gonna)|\splans?\sto)\s(?:do\sit|end\sit|go\sthrough\swith\sit|kill|end\s(?:his|her|their|my)\slife)`,
    String.raw`(?:thought|thinking|thoughts)\s(?:about|of)\s(?:doing\sit|ending\sit|not\sbeing\shere|dying)`,
    String.raw`(?:kill|killing|end|ending|finish|finishing|take|taking|hurt|hurting|harm|harming)\s(?:${SELF}|${PRON}\s(?:own\s)?life)`,
    String.raw`better\soff\sdead`,
    String.raw`wan(?:ts?|ted)\sto\s(?:jump|die|end\sit)\b`,
    String.raw`wan(?:ts?|ted)\s(?:it|everything)\s(?:all\s)?to\s(?:end|stop)\b`,
    // "My family is better without me": said of the writer; "she's better without him" is about a relationship.
    String.raw`(?:be|are)\sbetter\s(?:off\s)?without\s(?:him|her|them|me)|(?:is|'s)\sbetter\s(?:off\s)?without\sme\b`,
    String.raw`(?:a|such\sa)\sburden\s(?:to|on|for)`,
    String.raw`(?:no|nothing)\s(?:\w+\s)?(?:reason|point)\s(?:to|in)\s(?:live|living|going\son|go\son)|nothing\sto\slive\sfor|not\sworth\sliving|can't\sgo\son`,
    String.raw`(?:there's|there\sis|theres)\sno\spoint\s(?:anymore|any\smore|in\sanything|to\sanything)`,
    String.raw`(?:doesn't|don't|can't|didn't)\ssee\s(?:the|any)\spoint(?:\s(?:anymore|any\smore|in\s(?:living|going\son|life|anything)))?`,
    String.raw`(?:go\sto\ssleep|fall\sasleep)\sand\s(?:never|not)\swake\sup`,
    String.raw`(?:won't|will\snot|not\sgoing\sto)\sbe\s(?:a\sproblem|a\sburden|bothering\s\w+|in\s\w+\sway)\s(?:\w+\s){0,3}?(?:much\slonger|anymore|any\smore|for\slong)`,
    String.raw`wish\w*\s(?:he|she|they|i)\s(?:wouldn't|won't|didn't|would\snot|could\s(?:just\s)?not)\swake\sup`,
    String.raw`wish\w*\s(?:he|she|they|i)\s(?:were|was)\sdead|wish\w*\sto\s(?:die|be\sdead)`,
    String.raw`(?:'d|would|had)\s(?:\w+\s)?rather\s(?:be\sdead|die|not\sbe\s(?:here|alive|around))`,
    String.raw`(?:easier|better)\s(?:for\severyone\s)?if\s(?:he|she|they|i)\s(?:just\s)?(?:didn't|don't|wouldn't|never|weren't|wasn't)\s(?:wake\sup|exist|around|here)`,
    String.raw`(?:won't|will\snot|not\sgoing\sto|wouldn't)\sbe\s(?:around|here)\s(?:much\slonger|anymore|for\slong|by|after)`,
    String.raw`(?:thinking|thoughts|thinks|thought)\s(?:about|of)\s(?:dying|death|not\sexisting|disappearing\sforever|(?:overdos|hang|shoot|jump|drown|cutt|poison)\w*|taking\s(?:all|every|a\sbunch\sof)|od'?ing)`,
    String.raw`want(?:s|ed)?\sto\sdie`,
    String.raw`(?:doesn't|don't|didn't)\swant\sto\s(?:live|be\salive|wake\sup|be\shere)`,
    String.raw`(?:end|ends|ending)\s(?:it\sall|things|it)\b`,
    String.raw`death\swish(?!\swithout)`,
    // Veiled: "said he won't be needing them" (of things given away), "no one would notice", "nobody would miss me".
    String.raw`(?:won't|will\snot|wouldn't|not\sgoing\sto)\sbe\sneeding\s(?:it|them|this|that|those|these|any\s?more)\b`,
    String.raw`(?:no\sone|no-one|nobody)\s(?:would|will|'d|'ll)\s(?:even\s|really\s)?(?:notice|care|miss\s(?:me|him|her|them))(?=\s*(?:[.,;!?]|$|anyway\b|if\s(?:i|he|she|they)(?:'m|\swas|\swere|\sdied|\sdisappeared|\swasn't|\sweren't|\swent)\b))`,
    String.raw`(?:won't|will\snot|wouldn't|not\sgoing\sto)\sneed\s(?:${PRON}\s|any\s)?(?:tablets|pills|meds|medications?|medicines?|things|stuff|clothes|coat|glasses|money|anything)\s(?:\w+\s)?(?:after|any\s?more|much\slonger|for\slong|beyond|past)\b`,
    String.raw`self[-\s]harm\w*`,
  ),
  /** An act of self-harm named as an action ("use it on himself", "shoot himself", "take all her pills"). */
  selfHarmAct: rx(
    String.raw`(?:use|turn|point|put)\s(?:it|them|the\s\w+|a\s\w+|${PRON}\s\w+)\s(?:on|against|to)\s(?:${SELF}|${PRON}\s(?:head|temple|chest))`,
    String.raw`(?:kill|shoot|hang|cut|hurt|harm|poison|drown|stab|suffocate|gas|starve)\s${SELF}`,
    String.raw`blow\s(?:his|her|my|their)\s(?:brains|head)\s(?:out|off)`,
    String.raw`ends\s(?:it\sall|it|things)\b`,
    String.raw`(?:end|take)\s${PRON}\s(?:own\s)?life`,
    String.raw`end\s(?:it\sall|things|it)`,
    String.raw`(?:take|swallow|down)\s(?:all|every\s\w+|the\swhole\s(?:bottle|pack))\s(?:of\s)?(?:${PRON}\s)?\w*\s?(?:pills|meds|tablets|insulin|medications?)`,
    String.raw`(?:take|swallow|down)\s(?:them|it|those)\sall`,
    String.raw`overdose\son\spurpose`,
    String.raw`jump\s(?:off|from|in\sfront\sof)`,
    String.raw`walk\sinto\straffic`,
    String.raw`drive\s(?:${PRON}\s)?(?:car|truck)\s(?:off|into)`,
    String.raw`not\s(?:be\saround|wake\sup)\s(?:much\slonger|anymore|by)`,
    String.raw`(?:won't|will\snot|wouldn't)\sbe\s(?:around|here)\s(?:much\slonger|anymore|for\slong|by|after|${TIMELINE})`,
    String.raw`(?:throw|hurl|fling)\s${SELF}\s(?:out|off|from|under|in\sfront)`,
    String.raw`(?:go|cut)\s(?:really\s|extra\s)?deep(?:er)?\s(?:this\stime|tonight|enough)`,
  ),
  /** A plan: the noun ("SI with a plan", "has a plan"), or planning tied to the act ("plans to do it", "planned it out"). */
  suicidePlan: rx(
    String.raw`with\s(?:a\s)?(?:(?:specific|detailed|concrete|clear)\s)?plan\b|\+\s?plan\b`,
    String.raw`(?:a|has|have|had|specific|detailed|concrete|clear)\s(?:(?!no\b|not\b|any\b|without\b|safety|treatment|care|action|crisis|discharge|birth|follow-?up|tx|management|diet|exercise|meal|payment|insurance|health|dental|travel|work|vacation|family|medication|med|taper)\w+\s)?plans?\b(?!\s?:|\sof\scare|\sis\sto|\sto\s(?!(?:${SELF_ACT})))`,
    String.raw`plans?\s(?:to\s)?(?:${SELF_ACT})|plans?\s(?:for|of)\s(?:suicide|how|overdos\w+)|plans?\s?(?:\+|positive|present|yes)`,
    String.raw`(?:planning|planned)\s(?:to\s)?(?:${SELF_ACT})|planned\s(?:it|it\sout|out)`,
    String.raw`(?:going|gonna|plans?|planning|intends?|will)\sto\s(?:use|do\sit|go\sthrough)`,
    String.raw`intent\b`,
    String.raw`(?:yes|positive|\+)\s(?:to|on|for)\s(?:\w+\s)?(?:plan|method|intent|behaviou?r|preparat\w+)`,
  ),
  /** A method chosen, prepared or researched (not a means merely owned). */
  suicideMethod: rx(
    String.raw`method`,
    String.raw`(?:standing|sitting|up)\s(?:on|at)\s(?:the\s|a\s)?(?:edge\sof\s(?:the\s|a\s)?)?(?:[\w-]+\s)?(?:bridge|ledge|roof|rooftop|overpass|cliff|tracks|railing)\b`,
    String.raw`(?:go|going|gone|driving|drove|walking|walked|headed|heading|on\s(?:his|her|their)\sway)\s(?:up\s(?:to\s)?|to\s|toward\s|towards\s)(?:the\s)?(?:top\sof\s(?:the\s|a\s)?)?(?:[\w-]+\s)?(?:bridge|tracks|train\stracks|railway|roof|rooftop|cliffs?|overpass|river|car\s?park|parking\s(?:garage|structure|deck|ramp)|multi-?stor(?:e)?y|tower\sblock|balcony)\b`,
    String.raw`(?:access\sto|has|have|with)\s(?:the\s)?means\b|means\s(?:to|of)\s(?:kill|end|do\sit|suicide)`,
    String.raw`(?:with|using|by)\s(?:a\s|an\s|${PRON}\s)?(?:\w+\s)?(?:pills|gun|firearm|insulin|knife|rope|car|medications?|meds|overdose|razor|belt|cord|bridge|train)\b`,
    String.raw`stockpil\w+`,
    String.raw`hoard\w*`,
    near(
      String.raw`sav(?:ed|ing)|stockpil\w+|hoard\w*|collect(?:ed|ing)|stash\w*|hid|hidden|hiding`,
      String.raw`pills|meds|medications?|tablets|tabs|capsules|insulin`,
      4,
    ),
    String.raw`(?:stockpil\w+|hoard\w*|collect(?:ed|ing)|stash\w*|sav(?:ed|ing)(?:\sup)?)\s(?:up\s)?(?:all\s)?(?:${PRON}\s)?(?:${OVERDOSE_DRUGS})`,
    String.raw`(?:suicide|goodbye)\s(?:note|letter|text|message)`,
    String.raw`wrote\sa\s(?:note|letter)`,
    String.raw`(?:gave|giving)\saway\s(?:${PRON}\s)?(?:things|belongings|possessions|stuff|dog|cat)`,
    String.raw`said\s(?:his|her|their)?\s?goodbyes?`,
    String.raw`rehears\w+`,
    String.raw`(?:picked|chose|chosen|found|scouted|picked\sout)\s(?:a|the|out\sa)\s(?:bridge|spot|place|method|way|date|day|building|overpass|cliff|tree)`,
    String.raw`knows?\s(?:exactly\s)?(?:how|where|when)\s(?:he|she|they|i)(?:'d|\swould|\swill|'ll|'s\s(?:going\sto|gonna)|\s(?:is|was)\sgoing\sto)\sdo\sit`,
    String.raw`(?:research\w*|looked\sup|looking\sup|googl\w+|search\w*|reading\sabout|asking\sabout)\s(?:\w+\s)?(?:how|ways|methods|lethal|doses?|what\sdose)`,
    LETHAL_ASK,
  ),
  /** Means at hand: a firearm, rope, blades, pills (see MEANS_SECURED for means put out of reach). */
  suicideMeans: rx(
    String.raw`access\sto\s(?:a\s|his\s|her\s|their\s)?(?:guns?|firearms?|weapons?|pills|rope|medications?|meds)`,
    String.raw`(?:loaded\s)?(?:guns?|firearms?|pistols?|rifles?|shotguns?|handguns?|revolvers?|weapons?|ammo|ammunition|glock)\b`,
    String.raw`(?:my|a|his|her|their|the)\s\.?(?:22|38|357|40|45)\b(?!\s?(?:mg|kg|min|%|years?|yo|lbs?))|9\s?mm\b|ar-?15\b`,
    // A ligature: named, or a cord tied into a loop ("a phone charger cable tied in a loop").
    String.raw`ligatures?\b|(?:cord|cable|belt|rope|sheet|scarf|tie|lead|flex|wire)s?\s(?:\w+\s)?(?:tied|knotted|made)\s(?:in|into)\s(?:a\s)?(?:loop|noose)`,
    String.raw`(?:rope|noose|razor\sblades?|blades)\b|(?:got|get|getting|has|have)\s(?:the|a|my|his|her)\s(?:razor\s)?blade\s(?:out|ready)`,
    String.raw`(?:\d{2,3}|a\sbottle\sof|a\sstash\sof|a\slot\sof|a\sstockpile\sof)\s(?:\w+\s)?(?:${OVERDOSE_DRUGS}|pills|tablets|tabs)\s(?:\w+\s)?(?:at\shome|in\s(?:the|his|her|their)\s\w+|saved|stashed)`,
  ),
  /** A time set for the act: attached to it ("do it tonight", "tonight is the night", "after his kids leave"). */
  suicideTimeline: rx(
    String.raw`(?:${SELF_ACT}|it)\s(?:\w+\s){0,6}?(?:${TIMELINE})`,
    String.raw`(?:${TIMELINE})\s(?:is|will\sbe)\sthe\s(?:night|day)|set\sa\sdate`,
    String.raw`(?:${TIMELINE})\s(?:and|to)\s(?:${SELF_ACT})`,
    String.raw`(?:${TIMELINE})\s(?:\w+\s){0,3}(?:ends?\sit|(?:will|'ll|is\sgoing\sto|gonna)\s(?:${SELF_ACT}))`,
    String.raw`(?:after|when|once)\s(?:${PRON}\s)?(?:\w+\s){0,2}(?:leave|leaves|left|gone|goes|moves\sout|funeral)`,
  ),
  psychContext: rx(
    String.raw`camhs|cmht|crisis\steam|mental\shealth|psychiatr\w+`,
    // A recent loss is bereavement whether or not the word is used ("recently widowed", "just lost his wife").
    String.raw`depress\w*|mdd\b|ptsd\b|bipolar|phq|hopeless\w*|suicid\w*|si\b|schizo\w*|psychos\w+|grie(?:f|ving)|bereave\w*|widow(?:ed|er)?\b|(?:recently|just)\s(?:lost|buried)\s(?:his|her|their|my)\s(?:wife|husband|partner|son|daughter|child|baby|mum|mother|mom|dad|father)`,
    String.raw`ssris?|snris?|antidepressants?|sertraline|zoloft|fluoxetine|prozac|paroxetine|paxil|citalopram|celexa|escitalopram|lexapro|venlafaxine|effexor|duloxetine|cymbalta|bupropion|wellbutrin|mirtazapine|remeron|lithium|quetiapine|seroquel`,
  ),
  preparatory: rx(
    String.raw`asked\s(?:\w+\s){0,3}to\s(?:look\safter|take\scare\sof|watch|keep)\s(?:his|her|their)\s(?:dog|cat|pets?|kids|children)`,
    near(
      String.raw`pills|meds|medications?|tablets|tabs`,
      String.raw`counted(?:\sout)?|lined\sup|laid\sout|sorted\sout|set\saside|ready`,
      3,
    ),
    String.raw`(?:wrote|writing|written|left)\s(?:\w+\s){0,2}(?:letters?|notes?|goodbyes?|a\swill)`,
    String.raw`(?:gave|giving|given)\s(?:away\s)?(?:\w+\s){0,2}(?:belongings|possessions|things|stuff|dog|cat|guns?|tools|car|savings)\s(?:away\s)?(?:to|away)`,
    String.raw`(?:gave|giving)\saway`,
    String.raw`(?:gave|giving|given)\s(?:\w+\s){0,2}(?:his|her|their|my)\s(?:wedding\sring|rings?|watch|medals?|jewel(?:le)?ry|keepsakes?|guitar|savings)\b`,
    String.raw`said\s(?:\w+\s)?goodbyes?|saying\sgoodbye|called\s(?:\w+\s){0,2}to\ssay\sgoodbye`,
    String.raw`(?:everything|it\sall)(?:'s|\sis|\shas\sbeen)\s(?:\w+\s)?(?:arranged|sorted|organi[sz]ed|in\sorder|taken\scare\sof)|(?:i|he|she)(?:'ve|\shave|\shas)?\s(?:sorted|arranged)\s(?:it\sall|everything|it)\b`,
    String.raw`(?:put|putting|got|getting)\s(?:his|her|their)\saffairs\sin\sorder|updated\s(?:his|her|their)\swill|made\sa\swill`,
    String.raw`(?:bought|purchased|got)\s(?:a\s|some\s)?(?:gun|pistol|rifle|rope|ammo|ammunition|charcoal)`,
    String.raw`(?:research\w*|looked\sup|googl\w+)\s(?:\w+\s)?(?:how|ways|methods|lethal|doses?)`,
    LETHAL_ASK,
    // Painkillers bought in bulk, past the sale limit or shop to shop ("tried to buy 4 packs of paracetamol").
    String.raw`(?:buy|bought|buying|purchas\w+|get|getting)\s(?:\d+|several|multiple|lots\sof|loads\sof|a\slot\sof|many|extra)\s(?:packs|packets|boxes|bottles|tubs)\s(?:of\s)?(?:\w+\s)?(?:${OVERDOSE_DRUGS}|painkillers|pills|tablets|aspirin|ibuprofen|co-?codamol|codeine)`,
    String.raw`(?:${OVERDOSE_DRUGS}|painkillers|aspirin|co-?codamol|codeine)\s(?:\w+\s){0,2}from\s(?:several|different|multiple|two|three|lots\sof)\s(?:shops|chemists|pharmacies|stores|supermarkets)`,
    // Something handed over for after the death ("asked me to give it to his sister afterwards", "when I'm gone").
    String.raw`(?:give|pass|hand|send|post)\s(?:it|them|this|these|that|those)\s(?:on\s)?to\s(?:(?:his|her|their|my)\s)?(?:\w+\s){0,2}?(?:afterwards|after\s(?:i'm|i\sam|he's|she's|they're|he\sis|she\sis)\sgone|when\s(?:i'm|he's|she's|they're)\sgone|after\s(?:i|he|she|they)\s(?:die|dies|pass\saway|passes\saway))\b`,
  ),
  /** A farewell sent or said ("texted 'sorry for everything'", "goodbye message"): with a plan or means, intent. */
  selfHarmEscalating: rx(
    String.raw`(?:cuts?|cutting|burns?|burning|self[-\s]harm\w*)\s(?:\w+\s){0,3}(?:deeper|more\soften|more\sfrequent\w*|worse|escalat\w+)`,
    String.raw`(?:deeper|escalating|worsening|more\sfrequent)\s(?:cuts|cutting|self[-\s]harm\w*)`,
  ),
  farewell: rx(
    String.raw`(?:thanks|thank\syou)\sfor\severything|made\s(?:my|his|her|their)\speace|this\sis\s(?:goodbye|the\send)|tell\s(?:(?:my|his|her|their|the)\s)?(?:kids|children|wife|husband|family|mum|mom|mama|mummy|mommy|mother|dad|papa|daddy|father|parents|son|daughter)\s(?:that\s)?(?:i|he|she|they)(?:'m|\sam|'s|\sis|\swas|\sare)?\s(?:love|loved|sorry)`,
    String.raw`sorry\sfor\severything|(?:goodbye|farewell)\s(?:text|message|note|letter|post|call)|(?:texted|messaged|posted|wrote|called)\s(?:\w+\s){0,3}(?:to\s)?(?:say\s)?goodbye|love\syou\sall`,
  ),
  recentSuicideAttempt: rx(
    String.raw`(?:ran|run|running|walked|walking|stepped|jumped)\s(?:out\s)?(?:in)?to\s(?:the\s)?(?:traffic|road\sin\sfront\sof)|(?:jumped|stepped)\sin\sfront\sof\s(?:a\s)?(?:car|truck|bus|train)`,
    String.raw`attempted\ssuicide`,
    String.raw`suicide\sattempt`,
    String.raw`(?:tried|attempted)\sto\s(?:kill|hang|shoot|cut|poison|hurt|overdose)\s?(?:${SELF})?`,
    String.raw`intentional\s(?:overdose|ingestion|od)`,
    String.raw`cut\s(?:his|her|their)\swrists?`,
  ),
  /** Despair told as the reason for an act: with an ingestion or a self-harm act, intent. */
  despair: rx(
    String.raw`(?:couldn't|could\snot|can't|cannot)\s(?:deal|cope|take\sit|go\son|do\sthis|handle\sit)(?:\s(?:with\s)?(?:it|this|things|life|everything)(?:\sall)?)?\s(?:any\s?more|no\smore)`,
  ),
  recently:
    /\b(?:today|tonight|this\s(?:morning|afternoon|evening)|yesterday|last\snight|just\s(?:now|did|tried)|an?\s(?:hour|few\shours)\sago|\d+\s?(?:h|hours?|hrs?|min(?:utes)?)\sago|earlier\s(?:today|tonight)|earlier|just)\b/,
  homicidal: rx(
    String.raw`homicid\w*`,
    String.raw`\+\s?hi\b`,
    String.raw`si\s?\/\s?hi\b`,
    String.raw`(?:endorses|reports|active|with|has|having)\s(?:si\s(?:and|\/)\s)?hi\b`,
    String.raw`(?:kill|killing|hurt|hurting|shoot|shooting|stab|stabbing|harm|harming|attack|murder|strangle|get\sback\sat|use\s(?:it|the\s\w+)\son)\s(?:his|her|their|my|our|your)?\s?(?:wife|husband|partner|boyfriend|girlfriend|ex|boss|supervisor|manager|coworkers?|co-workers?|family|neighbou?rs?|child(?:ren)?|kids?|son|daughter|mother|mom|father|dad|brother|sister|teacher|someone|people|others|them\sall|everyone)`,
    String.raw`hurt\s(?:someone|others|other\speople)`,
    String.raw`(?:ending|end|finish(?:ing)?\soff|stab(?:bing)?|murder(?:ing)?)\s(?:him|her|them)\b(?!sel)`,
    String.raw`shoot\s(?:up\s)?(?:the|a)\s(?:school|office|workplace|church|place)`,
    // A named person's death foretold with a time: "his neighbour will be dead by tonight".
    String.raw`(?:wife|husband|partner|boyfriend|girlfriend|ex|boss|manager|neighbou?r|landlord|brother|sister|father|dad|mother|mum|mom|son|daughter|stepdad|stepfather|colleague|coworker)(?:'ll|\swill|\sis\sgoing\sto|'s\sgoing\sto|'s\sgonna|\sis\sgonna)\sbe\sdead\s(?:by|before)\b`,
  ),
  /** Setting off to a person's place to settle something ("going down there to finish it", "heading round to sort him out"). */
  confrontTrip: rx(
    String.raw`(?:going|gonna|headed|heading|on\s(?:his|her|their)\sway|about\sto\sgo|setting\soff|off)\s(?:down|round|around|over|up|across)?\s?(?:there|to\s(?:(?:his|her|their|the)\s)?(?:[\w-]+'s\s)?(?:house|flat|place|door|room|work|office))\s(?:\w+\s){0,2}?to\s(?:finish|sort|deal\swith|settle|have\sit\sout|get|confront|teach|end|sort\sout)\b`,
  ),
  /** A persecutory belief about a particular person ("his neighbour is putting poison in his water", "out to get her"). */
  persecutoryBelief: rx(
    String.raw`(?:neighbou?rs?|wife|husband|partner|ex|boss|landlord|brother|sister|father|dad|mother|mum|mom|son|daughter|colleague|coworker|flatmate|housemate|carer)\s(?:is|are|was|were|'s|has\sbeen|have\sbeen|keeps?)\s(?:\w+\s)?(?:poisoning|putting\s(?:poison|something|stuff|chemicals|drugs)\sin|trying\sto\s(?:kill|poison|harm|hurt)|out\sto\sget|plotting\sagainst|spying\son)\b`,
  ),
  /** A weapon the person has with them or to hand ("he's got a knife in the van"): with a threat, means. */
  weaponAtHand: rx(
    String.raw`(?:got|has|have|had|carrying|carries|carry|keeps?|kept|bought|brought)\s(?:got\s)?(?:a\s|an\s|his\s|her\s|the\s)?(?:kitchen\s|hunting\s|big\s)?(?:knife|knives|machete|blade|baseball\sbat|crowbar|axe|hammer|gun|firearm|weapon)s?\b`,
  ),
  harmOthersIntent: rx(
    String.raw`(?:voices?|command\shallucinations?)\s(?:\w+\s){0,3}?(?:to\s)?(?:hurt|harm|kill|stab|shoot|drown|smother)\s(?:the\s|her\s|his\s|their\s|my\s|our\s|your\s)?(?:baby|infant|newborn|child|kids?|son|daughter|wife|husband|partner|mother|mum|mom|father|dad|brother|sister|grandma|grandmother|grandad|grandfather|family|someone|people|others|him|her|them)\b(?!sel)`,
    after(
      INTENT,
      String.raw`(?:kill|shoot|stab|murder|strangle)\s(?:him|her|them)\b(?!sel)|(?:kill|hurt|shoot|stab|harm|attack|murder|strangle|finish(?:\soff)?|get\sback\sat|get\seven\swith|take\scare\sof|make|settle\s(?:the\s)?score\swith|teach|use\s(?:it|the\s\w+)\son)\s(?:his|her|their|my|the|a)?\s?(?:wife|husband|partner|boyfriend|girlfriend|ex|boss|supervisor|manager|coworkers?|co-workers?|family|neighbou?rs?|child(?:ren)?|kids?|son|daughter|mother|mom|father|dad|brother|sister|teacher|someone|people|others|them|everyone|school|office|guy|man|woman|dude|lady|person)`,
      3,
    ),
    // Staff and officials threatened with a violent act ("going to finish the nurse who reported them").
    after(
      INTENT,
      String.raw`(?:kill|hurt|shoot|stab|harm|attack|murder|strangle|finish(?:\soff)?|get\sback\sat|get\seven\swith)\s(?:his|her|their|my|the|that|a)?\s?(?:nurses?|doctors?|docs?|gps?|receptionists?|staff|officers?|cops?|police|social\sworkers?|therapists?|carers?|midwi(?:fe|ves)|paramedics?|security|pharmacists?|judge|lawyer|landlord)\b`,
      3,
    ),
  ),

  // --- Cardiac
  chestPain: rx(
    near(
      String.raw`chest|substernal|retrosternal|precordial`,
      String.raw`pain\w*|pressure|tight\w*|heav\w+|discomfort|ache|aching|squeez\w*|crush\w*|burning|hurts?|hurting|elephant|clutch\w*|grabb\w*|gripp\w*|holding|killing\s(?:him|her|them|me)`,
      5,
    ),
    String.raw`(?:crushing|squeezing|pressure-like|substernal|retrosternal)\s(?:\w+\s)?(?:pain|pressure|discomfort)`,
    // "Central" alone is the chest in UK triage shorthand ("central tightness going into L arm").
    String.raw`central\s(?:crushing\s|heavy\s)?(?:tightness|pain|pressure|heaviness|discomfort)`,
    String.raw`s?s?cp\b`,
    String.raw`(?<!stable\s)angina`,
    String.raw`elephant\s(?:is\s)?(?:sitting\s|standing\s)?on\s${PRON}\schest`,
    String.raw`(?:weight|elephant|someone|something)(?:'s|\sis)?\s(?:sitting|standing|pressing)\son\s(?:it|${PRON}\schest)`,
  ),
  acsFeature: rx(
    String.raw`diaphore\w+`,
    String.raw`sweat(?:ing|y|s)?`,
    String.raw`clammy`,
    String.raw`cold\ssweats?`,
    near(
      String.raw`radiat\w*|going|goes|spread\w*|moving|shoot\w*|travel\w*|into|down`,
      String.raw`(?:left\s|l\s|lt\s|both\s|his\s|her\s)?(?:arm|arms|jaw|neck|back|shoulder|shoulders)`,
      4,
    ),
    String.raw`(?:arm|jaw)\s(?:pain|ache|numbness|heaviness)`,
    String.raw`arm(?:'s|\sis|\shas)?\s(?:gone\s|feels?\s|feeling\s)?(?:heavy|dead)`,
    String.raw`(?:looks?|looking|gone|went|turned)\s(?:\w+\s)?(?:grey|gray|ashen)\b`,
    String.raw`nause\w+|vomit\w*|throwing\sup`,
    String.raw`short(?:ness)?\sof\sbreath|\bsob\b|dyspn\w+|breathless|winded|can't\scatch\s${PRON}\sbreath`,
    String.raw`light-?headed|near[-\s]syncope|pre-?syncop\w*|syncop\w*|passed\sout|fainted|collapsed`,
    String.raw`st[-\s]elevations?|st[-\s]depressions?|ste\b|stemi|new\slbbb|tombstone`,
    String.raw`troponin\s(?:\w+\s)?(?:positive|elevated|rising|up|high|\+)|(?:elevated|positive|rising|high|\+)\s(?:hs-?)?trop(?:onin)?`,
    String.raw`at\srest`,
    String.raw`impending\sdoom`,
  ),
  /** Pain where angina also shows itself, without the chest. */
  anginalEquivalent: rx(
    String.raw`(?:jaw|left\sarm|both\sarms|epigastri\w+|${UPPER_ABDOMEN})\s(?:\w+\s){0,2}(?:ach\w*|pain\w*|hurt\w*|discomfort|heav\w*|tight\w*|pressure)`,
    String.raw`(?:ach\w*|pain|discomfort|heaviness|pressure|tightness)\s(?:(?:in|at|on|across|around)\s)?(?:${PRON}\s)?(?:jaw|left\sarm|epigastri\w+|${UPPER_ABDOMEN})`,
  ),
  /** "Indigestion": with clamminess and nausea or breathlessness, how an infarct often presents (older, diabetic, women). */
  indigestion: rx(String.raw`indigestion|heartburn|dyspepsia`),
  nausea: rx(
    String.raw`nause\w+|vomit\w*|sicky|(?:feels?|feeling|felt)\s(?:\w+\s)?sick|queasy|throwing\sup`,
    // British "sick" as nausea when graded ("bit sick", "a little sick"); not "off sick" or "sick leave".
    String.raw`(?:a\s)?(?:bit|little|touch)\s(?:of\s)?sick\b(?!\s(?:leave|note|day|pay))`,
  ),
  acsWord: rx(
    String.raw`stemi`,
    String.raw`(?:hs-?)?trop(?:onin)?(?:\s[it])?\s(?:of\s|is\s|now\s)?(?:[1-9]\d{2,5})\s?(?:ng\/l)?,?\s(?:was|from|up\sfrom)\s(?:\d{1,2})\b`,
    String.raw`(?:positive|elevated|raised|rising|high|bumped|uptrending)\s(?:\w+\s)?trop(?:onin)?s?\b|trop(?:onin)?s?\s(?:\w+\s){0,2}(?:positive|elevated|raised|rising|bumped|uptrending|(?:came\sback\s)?(?:\d+(?:\.\d+)?)\s?(?:ng\/m?l\s?)?\((?:ref|nl|normal|uln)\b)`,
    String.raw`nstemi`,
    String.raw`st[-\s]elevation\s(?:mi|myocardial\sinfarction)`,
    // An ST elevation read in named leads is an infarct pattern, whatever the chest pain is called.
    String.raw`(?:ste|st[-\s]elevations?|st\s?↑)\s(?:in\s)?(?:leads?\s)?(?:ii|iii|avf|avl|v[1-6]|i)\b`,
    String.raw`reciprocal\s(?:st\s)?(?:depressions?|changes)`,
    String.raw`acute\s(?:mi|myocardial\sinfarction|coronary\ssyndrome)`,
    String.raw`acs\b`,
    String.raw`unstable\sangina`,
    String.raw`(?:having|has|is\shaving)\sa\sheart\sattack`,
    String.raw`heart\sattack`,
    String.raw`myocardial\sinfarction`,
  ),
  /** No central pulse, or a rhythm without one: an arrest whatever the breathing is called ("not breathing properly"). */
  noCentralPulse: rx(
    String.raw`no\s(?:carotid|central|femoral)\spulse|(?:can'?t|cannot|couldn'?t|unable\sto)\s(?:feel|find|get)\s(?:a\s|any\s)?(?:(?:pulse|anything|a\sthing|a\sbeat|a\sheartbeat)\s(?:in|at|on)\s(?:his|her|their|the)\sneck|(?:carotid|central)\spulse)`,
    // A shockable or flat rhythm on the monitor ("monitor showing VF"); "VF" alone is also a visual field.
    String.raw`(?:monitor|rhythm|strip|ecg|ekg)\s(?:\w+\s){0,2}(?:vf|v-?fib|ventricular\sfibrillation|pulseless\svt|asystole)\b|(?:vf|v-?fib)\sarrest`,
  ),
  arrest: rx(
    String.raw`cardiac\sarrest`,
    // Not a limb's pulses ("no pulses below the femoral", "pulseless, paraesthesia R foot"): that is limb ischaemia.
    String.raw`(?:has\s)?no\spulse(?!s|\s(?:in|below|distal|at|on)\b)`,
    String.raw`(?:can't|cannot|couldn't|unable\sto)\s(?:feel|find|get)\s(?:a\s|any\s)?(?:carotid|central)\spulse`,

    String.raw`pulseless(?!,?\s(?:\w+\s)?(?:legs?|foot|feet|arms?|hands?|limbs?|toes?|fingers?|extremit\w+|paraesthesi\w+|paresthesi\w+))`,
    String.raw`(?:not|isn't|wasn't|aren't)\sbreathing`,
    String.raw`stopped\sbreathing`,
    String.raw`no\sheart\s?beat`,
    String.raw`apneic`,
    String.raw`agonal\sbreath\w*`,
    String.raw`cpr\s(?:in\sprogress|started|ongoing|being\sdone|underway)`,
    String.raw`(?:doing|started|starting|giving)\scpr`,
    String.raw`code\sblue`,
    String.raw`coded\b`,
    String.raw`v-?fib\b|vf\sarrest|pea\sarrest|asystole`,
  ),

  /** Agonal breathing in lay words: an occasional gasp. */
  agonalLay: rx(
    String.raw`(?:occasional|odd|the\soccasional|only\s(?:the\s)?(?:odd|occasional))\s(?:\w+\s)?gasps?|gasp(?:s|ing)?\s(?:[\w-]+\s){0,3}?(?:every\s(?:\d+|few|ten|five)|now\sand\s(?:then|again)|occasionally|once\sin\sa\swhile)`,
  ),

  // --- Neuro
  faceSign: rx(
    near(
      String.raw`face|facial|mouth|smile|lip|cheek`,
      String.raw`droop\w*|sag\w*|crooked|lopsided|uneven|asymmetr\w*|twisted|drawn\sdown|pulled\sto|fell|fallen|slid\w*\sdown|weak\w*|paralys\w*|numb\w*`,
      4,
    ),
    String.raw`droopy\s(?:face|mouth|smile)`,
    String.raw`facial\s(?:droop|asymmetry|weakness|palsy)`,
    // The lay "his face dropped" (the face itself, not a number beside it: "sats dropped, face grey").
    String.raw`(?:face|mouth|smile)\s(?:has\s|had\s|just\s|suddenly\s)?dropped`,
  ),
  speechSign: rx(
    String.raw`slurr\w+`,
    String.raw`dysarthri\w+`,
    String.raw`aphasi\w+`,
    String.raw`word[-\s]finding\s(?:difficult\w+|problems?|trouble)`,
    near(
      String.raw`speech|speaking|talking|talk|words|sentences|speak`,
      String.raw`slurr\w*|garbled|jumbled|mixed\sup|gibberish|nonsense|funny|strange|weird|thick|off|not\smaking\ssense|wrong|confused|problems?|difficult\w*|trouble|worse\sthan\s(?:\w+\s)?(?:baseline|usual|normal)`,
      4,
    ),
    after(
      CANT,
      String.raw`(?:(?:speak|talk)(?!\s(?:in\s)?(?:full|whole|complete)\s(?:sentences|phrases))|get\s(?:${PRON}\s)?words\sout|find\s${PRON}\swords|form\swords|say\s(?:a\s)?(?:word|words)|understand\s(?:what|anyone))`,
      2,
    ),
    String.raw`(?:lost|losing)\s(?:${PRON}\s)?(?:speech|ability\sto\s(?:speak|talk))`,
    String.raw`mute\ssuddenly|suddenly\s(?:mute|can't\s(?:talk|speak))`,
  ),
  limbSign: rx(
    near(
      String.raw`arms?|legs?|hands?|foot|sided?|grip|limbs?`,
      String.raw`weak\w*|numb\w*|limp|heavy|dead|clums\w+|paralyz\w*|paralys\w*|flaccid|floppy|gave\sout|giving\sout|drift\w*|(?:can't|couldn't|unable\sto|won't)\s(?:move|lift|raise|feel|grip|hold|use)|(?:is\s|are\s)?not\smoving|stopped\smoving|dropp\w+\sthings`,
      4,
    ),
    String.raw`(?:hemi|uni)(?:paresis|plegia|lateral\sweakness)`,
    after(
      String.raw`arms?|legs?|hands?|foot`,
      String.raw`(?:feels?|felt)\slike\s(?:it|they)\s(?:isn't|aren't|wasn't|weren't|is\snot|are\snot)\s(?:mine|his|hers|theirs)|(?:doesn't|don't)\sbelong\sto\s(?:me|him|her)`,
      2,
    ),
    String.raw`one[-\s]sided\s(?:weakness|numbness)`,
    String.raw`(?:left|right|l|r|lt|rt)[-\s]?sided\s(?:weakness|numbness|paralysis|hemiparesis)`,
  ),
  bothLegsWeak: rx(
    String.raw`(?:weak\w*|numb\w*|heavy|wobbly)\s(?:in\s)?(?:both\s|(?:his|her|their|my)\s)?legs\b|(?:both\s|(?:his|her|their|my)\s)?legs\s(?:are\s|feel\s|have\s|went\s|gone\s|keep\s)?(?:\w+\s)?(?:weak\w*|numb\w*|heavy|wobbly|gave\sout|giving\sout)`,
  ),
  laterality: rx(
    String.raw`${LEFTRIGHT}[-\s]?(?:sided|side)`,
    String.raw`(?:left|right|l|r|lt|rt)\s(?:arm|leg|hand|face|side|foot|body)`,
    String.raw`one\sside`,
    String.raw`(?:hemi|uni)(?:paresis|plegia|lateral)`,
  ),
  strokeStrong: rx(
    String.raw`(?:be-?)?fast\s(?:positive|pos\b|\+|screen\spositive)`,
    String.raw`positive\s(?:be-?)?fast`,
    String.raw`stroke\s(?:symptoms|alert|code|signs)`,
    String.raw`code\sstroke`,
    String.raw`last\sknown\s(?:well|normal)|\blkw\b`,
    String.raw`sudden\s(?:onset\s)?(?:weakness|numbness|vision\sloss|loss\sof\s(?:vision|balance)|confusion|trouble\s(?:speaking|walking|seeing)|difficulty\s(?:speaking|walking)|dizziness\swith|ataxia|double\svision|blindness|inability\sto)`,
    String.raw`(?:lost|loss\sof)\s(?:vision|sight)\sin\s(?:one|${PRON}\s(?:left|right))\seye`,
    String.raw`vision\sloss\sin\sone\seye`,
    String.raw`curtain\s(?:\w+\s){0,3}(?:down|over|across)`,
    after(
      CANT,
      String.raw`see\s(?:out\sof|from|with|in|on|to)\s(?:the\s|${PRON}\s)?(?:left|right|one|l|r)\s(?:eye|side)`,
      1,
    ),
    String.raw`acute\s(?:ischemic\s)?stroke`,
    String.raw`(?<!(?:about|of|risk\sof|chance\sof|odds\sof)\s)(?:having|is\shaving|had)\s(?:a\s)?(?:stroke|tia|mini[-\s]stroke)`,
    String.raw`(?:think|thinks|worried|afraid|scared)\s(?!about\s(?:having|getting|a\sfuture)|of\s(?:having|getting))(?:\w+\s){0,3}(?:having\sa\s)?(?:stroke|tia)`,
  ),
  /** BE-FAST Balance and Eyes: posterior-circulation signs; two of these groups, sudden, read as a stroke. */
  posteriorSigns: [
    rx(String.raw`dizz\w+|vertig\w+|(?:room|world)\s(?:is\s)?spinning`),
    rx(String.raw`double\svision|diplopia|seeing\sdouble|seeing\stwo\sof\severything`),
    rx(
      String.raw`ataxi\w+|unsteady|staggering|veering|walk\w*\slike\s(?:he's|she's|hes|shes|he\sis|she\sis|they're|a)\s?drunk|(?:lost|losing|loss\sof)\s(?:${PRON}\s)?balance|falling\sto\s(?:one|the\s\w+)\sside|(?:can't|couldn't|unable\sto)\s(?:walk|stand)\s(?:straight|up|without\s(?:falling|help))`,
    ),
    rx(String.raw`(?:trouble|difficulty)\sswallowing|dysphagia|choking\son\s(?:water|food|liquids)`),
  ],
  sudden:
    /\b(?:since\s(?:breakfast|lunch|dinner|this\smorning|last\snight|waking|(?:he|she)\swoke)|worse\s(?:weakness|speech|slurring)|sudden(?:ly)?|all\sof\sa\ssudden|abrupt(?:ly)?|out\sof\s(?:nowhere|the\sblue)|acute(?:ly)?|(?<!\b(?:no|not|nothing|without|any)\s)new|just\sstarted|woke\sup\swith|this\s(?:morning|afternoon|evening)|today|at\s(?:breakfast|lunch|dinner)|~?\d+\s?(?:min|mins|minutes|hrs?|hours)\s(?:ago)?|for\s~?\d+\s?(?:min|mins|minutes)|since\s\d|an\shour\sago)\b/,
  postStroke: rx(
    String.raw`post-?stroke`,
    String.raw`stroke\s(?:survivor|rehab\w*|recovery|unit\sdischarge)`,
    String.raw`(?:since|after|from)\s(?:${PRON}\s|a\s)?(?:\w+\s)?(?:stroke|cva)`,
    String.raw`(?:s\/p|status\spost|h\/o|hx(?:\sof)?|history\sof|pmh)\s(?:\w+\s){0,3}(?:stroke|cva|infarct)`,
    String.raw`(?:stroke|cva)\s(?:\w+\s){0,2}(?:ago|(?:in\s)?(?:19|20)\d\d|last\s(?:year|spring|summer|fall|winter|month))`,
  ),
  thunderclap: rx(
    String.raw`thunderclap\sheadache`,
    String.raw`thunderclap`,
    String.raw`(?:headache|head\spain|ha)[\s,]{1,3}(?:(?!not\b|never\b|isn't\b|wasn't\b|no\b)[\w']+[\s,]{1,3}){0,6}?worst\s(?:\w+\s)?(?:of|in)\s(?:${PRON}\s)?(?:life|lifetime)`,
    // Full severity within seconds: "came on full blast within seconds", "hit her in a second".
    String.raw`(?:headache|head\spain)[\s,]{1,3}(?:[\w']+[\s,]{1,3}){0,12}?(?:came\son|hit|started|began|peaked|went)\s(?:\w+\s){0,3}(?:within|in)\s(?:a\s(?:few\s)?|a\scouple\sof\s)?(?:seconds|second)\b`,
    // The lay simile for the blow of a thunderclap: "like he'd been whacked with a cricket bat", "like being kicked in the head".
    String.raw`(?:head|headache)[\s,]{1,3}(?:[\w']+[\s,]{1,3}){0,10}?(?:felt\s|feels\s|feeling\s)?like\s(?:(?:he'd|she'd|i'd|they'd|he|she|i|they)\s)?(?:had\s|has\s|'d\s|'ve\s)?(?:been\s|being\s)?(?:hit|whacked|struck|smacked|kicked|clubbed|thumped|bashed)\s(?:with|by|over|in)\b(?!\s(?:a|the)\s(?:truck|bus|train|lorry|car|van|tram)\b)`,
    String.raw`worst\s(?:headache|head\spain|ha|head\sache)\s(?:of|in)\s(?:${PRON}\s)?(?:life|lifetime)`,
    String.raw`sudden\s(?:onset\s)?(?:of\s)?(?:severe|explosive|excruciating|worst|blinding)\s(?:\w+\s)?(?:headache|ha)\b`,
    String.raw`(?:peak\w*|max\w*|worst)\s(?:\w+\s){0,2}(?:(?:at|within|in)\s(?:<\s?|less\sthan\s|under\s)?|<\s?)(?:onset|seconds|a\sminute|1\s?min\w*|one\sminute)`,
    String.raw`(?:from\s)?nothing\sto\s(?:10|ten)(?:\/10|\sout\sof\sten)?\s(?:instantly|immediately|in\s(?:seconds|a\ssecond|a\sminute))`,
    String.raw`(?:headache|head\spain)\s(?:\w+\s){0,2}like\sa\s(?:bang|explosion|gunshot|hammer|thunderclap|bomb)`,
    String.raw`headache\s(?:\w+\s){0,12}worst\spain\s(?:i'?ve|i\shave|she'?s|he'?s|she\shas|he\shas|they'?ve)\s(?:ever\s)?(?:had|felt)`,
    String.raw`(?:headache|ha|head\spain)\s(?:\w+\s){0,3}like\sbeing\s(?:hit|struck|kicked)`,
    String.raw`headache\s(?:came\son\s)?like\sa\s(?:thunderclap|bomb|baseball\sbat|hit\son\sthe\shead)`,
  ),
  seizureWord: rx(
    String.raw`(?<!\b(?:for|anti|prevent\w*|against|prone\sto)[-\s])seiz\w*\b(?![-\s](?:free|disorders?|meds?|medications?|prophylaxis|precautions|threshold|control|diary|action\splan|rescue|plan))`,
    String.raw`convuls\w+`,
    String.raw`fit(?:s|ting)\b`,
    String.raw`(?:had|having|has|another|a\sbig)\s(?:a\s)?fit\b`,
    String.raw`grand\smal|gtcs?\b`,
    String.raw`(?:shaking|jerking|shook|jerked)\s(?:all\sover|continuously|non-?stop|rhythmically|uncontrollably)`,
    CONVULSION_SEEN,
    String.raw`tonic[-\s]?clonic`,
  ),
  statusEpilepticus: rx(
    String.raw`status\sepilepticus`,
    String.raw`non-?convulsive\sstatus|ncse\b|(?:electrographic|subclinical)\s(?:status|seizures?)`,
    String.raw`(?:continuous|ongoing|prolonged)\sseiz\w+`,
    String.raw`back[-\s]to[-\s]back\s(?:seiz\w+|fits|convulsions)|(?:seiz\w+|fits|convulsions)\sback[-\s]to[-\s]back`,
    String.raw`(?:not|hasn't|didn't|without)\s(?:waking|woken|come\sto|regaining\sconsciousness)\s(?:up\s)?between\s(?:\w+\s)?(?:seiz\w+|fits|convulsions|them)`,
    String.raw`seiz\w+\s(?:[^.;]{0,60}?)(?:not|hasn't|has\snot|didn't|doesn'?t|does\snot|isn'?t|without|never)\s(?:\w+\s)?(?:waking|woken|woke|wake|come\sto|came\sto|regain\w*\s(?:consciousness)?)\s(?:up\s)?(?:\w+\s)?(?:in\s)?between(?=\s?(?:(?:any|all|each)\s(?:of\s)?)?(?:them|seiz\w*|fits|episodes|each|[.,;]|$))`,
    String.raw`(?:seiz\w+|fits|fitting|convuls\w+)\sone\safter\s(?:another|the\sother)`,
    String.raw`(?:third|3rd|fourth|4th|fifth|5th)\sseiz\w+\s(?:in|within)\s(?:the\s)?(?:last|past)?\s?(?:an?|one|1|2|two)?\s?(?:hour|hr|hours|hrs)`,
    String.raw`(?:actively|still|keeps|kept)\sseizing`,
    String.raw`(?:another|a\ssecond|second|2nd|again)\b[^.;]{0,40}\b(?:still|hasn't|has\snot|not)\s(?:\w+\s)?(?:alert|awake|responsive|responding|woken|come\s(?:round|around|to)|back\sto\s(?:normal|baseline))`,
    String.raw`seiz\w+\s(?:won't|will\snot|didn't|doesn't|hasn't)\s(?:stop|end|break)`,
    String.raw`(?:another|second|third|repeated|recurrent)\sseiz\w+\s(?:without|before)\s(?:waking|regaining|coming)`,
    String.raw`(?:[3-9]|three|four|five)\sseiz\w+\sin\s(?:an?|one|the\slast|\d)\s(?:hour|hr|day)`,
    near(
      String.raw`seiz\w+|convuls\w+|shaking`,
      String.raw`(?:hasn't|has\snot|won't|will\snot|isn't|not)\s(?:stopped|stopping|ended|ending|stop|end)|still\s(?:going|ongoing)|ongoing`,
      6,
    ),
  ),
  /** With seizures in the message: no recovery between them, told on its own ("She didn't wake up in between"). */
  seizuresWithoutRecovery: rx(
    String.raw`(?:not|hasn't|has\snot|didn't|did\snot|without|never)\s(?:\w+\s)?(?:waking|woken|woke|wake|come\s(?:round|around|to)|came\s(?:round|around|to)|regain\w*(?:\sconsciousness)?)\s(?:up\s)?(?:fully\s)?(?:in\s)?between\b`,
    String.raw`(?:another|a\ssecond|second|2nd|a\sthird|third|3rd)\b(?:[^.;]|\.(?=\d)){0,30}\bbefore\s(?:she|he|they|the\s(?:patient|resident|child))\s(?:had\s)?(?:came|come|woke|regained|recovered)\b`,
  ),
  lowConsciousness: rx(
    String.raw`unresponsive(?!\sto)`,
    String.raw`unconscious`,
    String.raw`obtunded`,
    String.raw`unarousable`,
    String.raw`(?:can't|couldn't|won't|unable\sto)\s(?:wake|rouse|arouse)\s(?:him|her|them)?`,
    String.raw`(?:won't|didn't|not)\swak(?:e|ing)\sup`,
    String.raw`not\srespond(?:ing|ive)(?!\sto)`,
    // A response refused to everything, not to a treatment ("not responding to antibiotics").
    String.raw`(?:won't|doesn't|didn't|isn't|not|can't)\srespond(?:ing)?\s(?:to\s(?:anything|anyone|us|me|voice|(?:his|her|their)\sname|pain|touch)|at\sall)`,
    String.raw`found\sdown`,
    String.raw`passed\sout`,
    String.raw`hard\sto\s(?:wake|rouse)`,
    String.raw`barely\sconscious`,
    String.raw`(?:barely|minimally|poorly|not\sreally)\sresponsive`,
    String.raw`comatose|coma\b`,
    String.raw`(?:only\s)?(?:rous\w+|respond\w*|react\w*)\s(?:only\s)?to\s(?:pain|painful\sstimul\w+|sternal\srub)|avpu\s?(?:[:=]\s?|of\s)?[pu]\b`,
  ),
  alteredMental: rx(
    String.raw`confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)`,
    String.raw`altered(?:\smental\sstatus)?`,
    String.raw`\bams\b`,
    String.raw`disorient\w+`,
    String.raw`delirious|delirium`,
    String.raw`letharg\w+`,
    String.raw`drows\w+`,
    String.raw`somnolent`,
    String.raw`obtunded`,
    String.raw`not\s(?:making\ssense|acting\sright|himself|herself)`,
    String.raw`(?:not\sknowing|doesn't\sknow|didn't\sknow|does\snot\sknow)\s(?:what\s(?:day|year|time)|where\s(?:she|he|they)\s(?:is|are|was)|who\s(?:i|we)\s(?:am|are))`,
    String.raw`out\sof\sit`,
    String.raw`(?:hard|difficult)\sto\s(?:wake|rouse)`,
    String.raw`agitat\w+`,
    String.raw`combative`,
    String.raw`hallucinat\w+`,
  ),
  nonBlanchingRash: rx(
    String.raw`non-?blanching|(?:doesn't|does\snot|won't|didn't)\s(?:blanch|fade)|(?:doesn't|does\snot|won't|didn't)\s(?:go\saway|disappear)\s(?:\w+\s){0,3}(?:press\w*|glass)|glass\stest|petechia\w*|purpur\w+|purple\sspots`,
  ),
  meningismus: rx(
    String.raw`neck\sstiffness`,
    String.raw`stiff\sneck`,
    String.raw`neck\s(?:is\s|was\s|very\s)*stiff`,
    String.raw`nuchal\srigidity`,
    String.raw`meningismus`,
    String.raw`meningeal\ssigns`,
    String.raw`(?:petechia\w*|purpur\w+|non-?blanching|doesn't\sblanch|won't\sblanch|doesn't\sfade|purple\sspots)`,
    String.raw`kernig|brudzinski`,
    String.raw`bulging\s(?:anterior\s)?(?:fontanel\w*|soft\sspot)|(?:fontanel\w*|soft\sspot)\s(?:\w+\s){0,2}(?:bulg\w*|tense|full)|(?:fontanel\w*|soft\sspot)\s(?:[\w']+\s){3,8}?bulg\w*`,
    after(CANT, String.raw`(?:touch|put|bend|bring)\s${PRON}\s(?:chin|head)\s(?:to|down\sto)|bend\s${PRON}\sneck`, 2),
  ),
  meningitisWord: rx(String.raw`(?:bacterial\s)?meningitis`, String.raw`meningococc\w+`),
  fever: rx(
    String.raw`fever\w*`,
    String.raw`febrile`,
    String.raw`burning\sup`,
    // Lay words for a high temperature: "she is very hot", "burning hot to touch".
    String.raw`(?:very|really|so|burning|boiling)\shot\b(?!\s(?:flash|flush|weather|day|outside|shower|bath|water|tub|drink|food))`,
    String.raw`rigou?rs`,
    String.raw`hot\s(?:to\s(?:the\s)?touch|and\s(?:is\s)?(?:shak|shiver)\w*)`,
    String.raw`hyperthermi\w*`,
  ),
  headacheOrPhotophobia: rx(String.raw`headache`, String.raw`photophobi\w*`, String.raw`light\shurts`),

  // --- Allergy
  anaphylaxis: rx(
    String.raw`anaphyla\w+`,
    String.raw`(?:used|gave|given|needed|administered)\s(?:${PRON}\s|an?\s)?(?:epi-?pen|epinephrine|epi\b|auvi-?q)`,
    String.raw`(?:epi-?pen|epinephrine|epi)\s(?:was\s)?(?:given|used|administered)`,
  ),
  airwaySwelling: rx(
    near(
      String.raw`throat|tongue|lips?|airway|face|facial|mouth|uvula`,
      String.raw`swell\w*|swollen|closing|close\sup|tight\w*|puffy|puffed|huge|fat|thick`,
      3,
    ),
    String.raw`angioedema`,
    String.raw`voice\s(?:\w+\s){0,2}(?:hoarse|husky|croaky|muffled)|hoarse\s(?:voice|now)|(?:scratching|clawing|pulling)\sat\s${PRON}\s(?:throat|neck)`,
    String.raw`stridor`,
  ),
  hives: rx(
    String.raw`hives`,
    String.raw`urticaria`,
    String.raw`welts`,
    String.raw`flush(?:ed|ing)`,
    String.raw`itchy\srash`,
    String.raw`generali[sz]ed\srash`,
    String.raw`rash\sall\sover`,
    String.raw`blotch\w*|wheals?`,
  ),
  breathingTrouble: rx(
    String.raw`wheez\w*`,
    after(CANT, String.raw`breath\w*`, 1),
    String.raw`short(?:ness)?\sof\sbreath`,
    String.raw`sob\b`,
    String.raw`dyspn\w+`,
    String.raw`hypotens\w+`,
    String.raw`faint\w*`,
    String.raw`syncop\w+`,
    String.raw`passed\sout`,
    String.raw`collapsed`,
    String.raw`vomit\w*`,
    String.raw`dizz\w+|light-?headed`,
  ),
  allergenExposure: rx(
    String.raw`stung|stings?|bee|wasp|hornet|yellow\sjacket|fire\sants?`,
    String.raw`peanuts?|tree\snuts?|nuts?|shellfish|shrimp|lobster|crab|fish|eggs?|milk|sesame|food`,
    String.raw`penicillin|amoxicillin|augmentin|cephalexin|keflex|ceftriaxone|sulfa|bactrim|nsaid|ibuprofen|aspirin|contrast|vaccine|shot|injection|infusion|iv\s\w+|antibiotic`,
    String.raw`ate|eating|after\s(?:starting|taking|the\s(?:first\s)?dose|getting|receiving|lunch|dinner)|(?:first|1st)\sdose|new\s(?:med|medication|drug)`,
    // ACE-inhibitor angioedema: the airway swelling counts whatever the rash.
    String.raw`\w+pril\b|ace\s?inhibitors?|acei\b`,
  ),

  // --- Respiratory
  airway: rx(
    // Stridor only with agitation is mild croup (Westley score); stridor at rest is the emergency.
    String.raw`stridor(?!\s(?:only\s)?(?:when|with|on)\s(?:crying|cries|upset|agitat\w+|coughing|exertion)(?!\s(?:and|or|&|\+)\s(?:\w+\s)?(?:at\s)?rest))`,
    // Stridor in lay words ("a high noise when he breathes in"); as with the word, not only when crying (mild croup).
    String.raw`(?:noisy\sbreath\w*|(?:high(?:[-\s]pitched)?|squeaky|whistling|harsh|crowing|funny|strange|weird)\s(?:noise|sound|squeak)s?)\s(?:\w+\s)?(?:on|when|during|with|as)\s(?:(?:she|he|they|i)\s)?(?:breath(?:ing|es|e)\s)?(?:in|inspiration|inhal\w*)\b(?!\s(?:only\s)?(?:when|while|with)\s(?:(?:he|she|they)\s)?(?:is\s|'s\s)?(?:crying|cries|upset|agitat\w+|coughing))|inspiratory\s(?:noise|sound|squeak)`,
    String.raw`(?:can't|unable\sto|couldn't|won't|isn't\sable\sto|not\sable\sto)\s(?:even\s)?swallow\s(?:\w+\s)?(?:own\s)?(?:spit|saliva|secretions)|hot[-\s]potato\svoice`,
    String.raw`airway\s(?:compromise|obstruction|swelling|closing)`,
    String.raw`choking`,
    String.raw`can't\sbreathe`,
    // Lay air hunger: "can't get enough air in", "can't get her breath".
    String.raw`(?:can't|couldn't|unable\sto)\sget\s(?:enough\s)?(?:air|breath|${PRON}\sbreath)\b`,
    near(
      String.raw`lips|face|fingers|fingernails|nails|skin|mouth`,
      String.raw`blue|bluish|gr[ae]y|purple|dusky|cyanotic|turning\sblue`,
      3,
    ),
    String.raw`(?:blue|cyanotic|purple|dusky)\s(?:lips|face)`,
    String.raw`cyanos\w+|cyanotic`,
    String.raw`(?:unable|can't|couldn't)\s(?:to\s)?(?:speak|talk|finish|complete|say)\s(?:in\s)?(?:full\s|whole\s|complete\s)?sentences?`,
    String.raw`(?:can|could)\s(?:only|barely)\s(?:get\sout|say|speak|talk|manage)\s(?:in\s)?(?:a\s)?(?:few|one|two|1|2|3|\d-\d|one\sor\stwo|1-2|2-3)\s(?:\w+\s)?words?`,
    String.raw`(?:one|1|two|2|few|single)[-\s]word\s(?:answers|sentences|phrases|responses)`,
    String.raw`tripod\w*`,
    String.raw`silent\schest`,
    String.raw`(?:severe\s)?respiratory\s(?:distress|failure|arrest)`,
    String.raw`accessory\smuscles?`,
    String.raw`(?:intercostal\s|subcostal\s)?retractions`,
    String.raw`(?:ribs|chest|belly)\s(?:are\s)?sucking\sin`,
    String.raw`nasal\sflaring|nostrils\sflaring`,
    // Waking up gasping at night is sleep apnoea, not respiratory failure.
    String.raw`(?<!(?:wakes?|woke|waking)\s(?:up\s)?)gasping(?!\s(?:for\sair\s)?(?:at\snight|in\s(?:his|her|their)\ssleep|when\s(?:he|she)\swakes))`,
    String.raw`struggling\sto\sbreathe`,
    String.raw`fighting\sfor\s(?:air|breath)`,
    String.raw`(?:too\s)?(?:tired|exhausted)\sto\sbreathe`,
    String.raw`peak\sflow\s(?:<|under|below|less\sthan)?\s?(?:[1-3]\d|[1-9])\s?%`,
    String.raw`pef\s(?:<|under|below)?\s?(?:[1-3]\d)\s?%`,
  ),
  breathingContext: rx(
    String.raw`asthma\w*`,
    String.raw`copd`,
    String.raw`emphysema`,
    String.raw`wheez\w*`,
    String.raw`short(?:ness)?\sof\sbreath|sob\b|dyspn\w+|breathless|breathing`,
    String.raw`exacerbation|flare|attack`,
    String.raw`bronchospasm`,
  ),
  rescueFailing: rx(
    near(
      String.raw`albuterol|salbutamol|ventolin|proair|neb\w*|inhalers?|puffers?|rescue|duoneb|saba|breathing\streatments?|treatments`,
      String.raw`not\shelping|isn't\shelping|aren't\shelping|not\sworking|isn't\sworking|doesn't\shelp|didn't\shelp|no\s(?:relief|help|improvement|effect|change|response)|not\sresponding|unresponsive\sto|refractory|not\stouching\sit|still\s(?:wheez\w*|short|struggling)|not\s(?:improving|better)|without\s(?:relief|improvement)|every\s(?:1[05]|20)\s(?:min|minutes)`,
      8,
    ),
  ),
  // A low saturation told as the patient's settled state ("sats 88% on air for years, at his usual", "stable, ABG
  // pO2 52: does he need home O2?"): chronic hypoxaemia, unless something acute is told with it.
  chronicHypoxaemia: rx(
    String.raw`(?:copd|emphysema|ild|fibrosis),?\s(?:\w+\s)?stable|stable\s(?:copd|emphysema|ild)|at\s(?:his|her|their)\s(?:usual|baseline)|usual\s(?:sats?|saturations?|spo2)|for\s(?:years|months)|chronic(?:ally)?\s(?:hypox\w+|low\ssats?)|ltot|long[-\s]term\s(?:oxygen|o2)|home\s(?:o2|oxygen)|(?:oxygen|o2)\s(?:assessment|qualification)|qualif\w+\sfor\s(?:o2|oxygen|ltot)`,
  ),
  acuteBreathing: rx(
    String.raw`exacerbation|flare\w*|attack|worse\w*|worsening|acute(?:ly)?|distress|struggling|gasping|(?:can't|cannot|can\snot)\sbreathe|accessory\smuscles?|tripod\w*|cyanos\w+|blue\slips|new\s(?:breathlessness|sob|dyspn\w+|o2\srequirement|oxygen\srequirement)`,
  ),
  severeRespFeature: rx(
    String.raw`speaking\sin\s(?:short\s)?(?:phrases|single\swords|words)|(?:can't|unable\sto)\s(?:finish|complete|speak\sin\sfull)\s(?:\w+\s)?sentences|one[-\s]word\s(?:answers|sentences)|drows\w+|exhaust\w+|confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)|letharg\w+|can't\sstay\sawake|falling\sasleep`,
  ),

  // --- Infection
  sepsisWord: rx(
    String.raw`septic\sshock`,
    String.raw`sepsis`,
    String.raw`septic(?!\s(?:arthritis|joint|bursitis|tenosynovitis))`,
    String.raw`urosepsis`,
    String.raw`neutropenic\s(?:fever|sepsis)`,
    String.raw`febrile\sneutropenia`,
  ),
  infection: rx(
    String.raw`fever\w*`,
    String.raw`febrile`,
    String.raw`rigou?rs`,
    String.raw`chills`,
    String.raw`pneumonia|cap\b|hap\b`,
    String.raw`on\s(?:\w+\s)?(?:abx|antibiotics?|doxy\w*|amox\w*|augmentin|co-?amoxiclav|keflex|cephalexin|cefalexin|ceftriaxone|levofloxacin|levaquin|cipro\w*|azithro\w*|clarithro\w*|bactrim|trimethoprim|nitrofurantoin|macrobid|fluclox\w*|clinda\w*|vanc\w*|pip-?tazo|zosyn|tazocin)\b`,
    String.raw`uti\b`,
    // A urine dipstick positive for nitrites or leucocytes: a urinary source.
    String.raw`(?:nitrites?|leu[ck]ocytes?|leu[ck]s)\s(?:\w+\s)?(?:\+|positive|pos\b)|(?:\+|positive|pos)\s(?:for\s)?(?:nitrites?|leu[ck]ocytes?)`,
    String.raw`cellulitis`,
    String.raw`(?:red(?:ness)?|erythema|swelling)\s(?:\w+\s){0,3}(?:spreading|up\sto\s(?:the\s)?(?:knee|thigh|elbow|shoulder|groin))`,
    String.raw`infection`,
    String.raw`infected`,
    String.raw`pyelo\w*`,
    String.raw`abscess`,
    String.raw`wound\s(?:is\s)?(?:red|draining|pus)`,
    String.raw`(?:productive|wet)\scough`,
    String.raw`burning\s(?:with|on)\surination|dysuria`,
    String.raw`(?:urine|wee|pee)\s(?:\w+\s){0,2}(?:smell\w*|stinks|stinking|cloudy|foul|offensive)|(?:smelly|foul[-\s]smelling|cloudy|offensive)\s(?:urine|wee|pee)`,
    FOUL_LOSS,
    String.raw`cholangitis|peritonitis|necrotizing`,
    String.raw`(?:biliary|urinary|urine|chest|respiratory|abdominal|line|skin|soft\stissue)\ssource|source\s(?:of\sinfection|likely|probably|is|unclear)|bacter[a]?emi\w+`,
    String.raw`wbc\s(?:of\s|is\s|was\s)?(?:1[3-9]|[2-9]\d)(?:\.\d)?\b|leukocytosis|bandemia`,
  ),
  foulLoss: rx(FOUL_LOSS),
  /** The weeks after a birth. */
  postpartum: rx(
    String.raw`post-?partum|post-?natal|puerper\w+`,
    String.raw`(?:had|have|has|gave\sbirth\sto|delivered)\s(?:a\s|the\s|her\s|their\s|our\s|my\s)?(?:baby|birth)\s(?:\d+|a\sfew|two|three|four|five|six)\s(?:days?|weeks?)\sago`,
    String.raw`(?:\d+|a\sfew|two|three|four|five|six)\s(?:days?|weeks?)\s(?:after|since|post)\s(?:(?:her|the|a)\s)?(?:\w+\s)?(?:delivery|birth|c-?section|caesarean|cesarean|labou?r)`,
  ),
  recentSurgery: rx(
    String.raw`post[-\s]?op\w*|pod\s?#?\d\b|(?:\d+|one|two|three|four|five|a\sfew)\s(?:days?|d|weeks?|wks?)\s(?:after|since|post|out\sfrom|s\/p|status\spost)\s(?:\w+\s){0,3}(?:surgery|operation|bypass|sleeve|repair|replacement|resection|section|\w+ectomy|\w+otomy|\w+plasty|amputation)`,
    String.raw`(?:surgery|operation|bypass|sleeve|repair|replacement|resection|\w+ectomy|\w+otomy|\w+plasty|amputation)\s(?:\w+\s)?(?:\d+|one|two|three|four|five|a\sfew)\s(?:days?|weeks?)\sago`,
  ),
  heavyBleeding: rx(
    String.raw`bleed\w*\s(?:\w+\s)?(?:heavily|profusely|a\slot|badly|through\s(?:the\s|his\s|her\s)?(?:dressing|bandage|gauze))`,
    String.raw`(?:heavy|profuse|brisk|arterial|pulsatile|massive)\s(?:\w+\s)?(?:bleed\w*|blood\sloss|hemorrhage|haemorrhage)`,
    String.raw`(?:lots|a\slot|loads|so\smuch|pools?|puddles?)\sof\sblood|blood\s(?:[\w']+\s){0,5}?(?:soak\w*|pour\w*|gush\w*)\s(?:right\s)?through`,
  ),
  uncontrolledBleeding: rx(
    String.raw`bleed\w*\s(?:\w+\s)?(?:won't|will\snot|doesn't|can't\sget\sit\sto|isn't\sgoing\sto)\s(?:stop|slow)`,
    String.raw`(?:uncontrolled|spurting|pumping|pulsatile)\s(?:\w+\s)?(?:bleed\w*|blood)|blood\s(?:is\s)?(?:spurting|pumping|pouring)`,
  ),
  onChemo: rx(
    String.raw`chemo\w*`,
    String.raw`(?:day\s\d{1,2}\s)?(?:post|after)[-\s](?:\w+\s)?chemo\w*`,
    String.raw`neutropeni\w+`,
    String.raw`(?:neuts|neutrophils|anc)\s(?:(?:of|is|was|were|count|=|:)\s?)?0?\.\d\b`,
    String.raw`(?:on|receiving|getting|started)\s(?:\w+\s)?(?:chemotherapy|immunotherapy|cytotoxic)`,
  ),
  organDysfunction: rx(
    String.raw`hypotens\w+`,
    String.raw`(?:in\s)?shock\b`,
    String.raw`confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)`,
    String.raw`altered\smental\sstatus|altered`,
    String.raw`\bams\b`,
    String.raw`disoriented|obtunded|letharg\w+|hard\sto\swake|not\smaking\ssense`,
    String.raw`mottl\w+`,
    String.raw`(?:not|hasn't|barely)\s(?:peed|urinated|peeing)|no\surine\s(?:output\s)?(?:since|for|in)`,
    String.raw`urine\soutput\s(?:low|minimal|poor)|oliguri\w+|anuri\w+`,
    String.raw`on\spressors|pressors?\s(?:started|needed)|levophed|norepinephrine`,
    String.raw`qsofa\s(?:of\s|score\s|is\s|=\s?)?[23]\b`,
  ),

  // --- Metabolic
  hypoSevere: rx(
    String.raw`severe\shypoglyc\w+`,
    after(
      String.raw`hypoglyc\w+`,
      String.raw`loss\sof\sconsciousness|seiz\w+|unresponsive\w*|confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)|altered|passed\sout|combative`,
      4,
    ),
    String.raw`needed\sglucagon`,
    String.raw`glucagon\s(?:given|administered|was\sgiven)`,
    String.raw`(?:gave|given|used)\s(?:him\s|her\s|them\s)?(?:\w+\s)?glucagon`,
  ),
  // "Unresponsive, sugar 38", "confused - glucose?": low consciousness told together with a glucose, which only a
  // reading decides ("confused, glucose 300" is not a low).
  unwellWithGlucose: rx(
    after(
      String.raw`unresponsive|unconscious|seizing|passed\sout|found\sdown|confused|combative`,
      String.raw`(?:low\s)?(?:sugar|glucose|bg)\s?(?:low|of|was|is)?`,
      5,
    ),
  ),
  hypoWord: rx(
    String.raw`hypoglyc\w+`,
    String.raw`low\s(?:blood\s)?sugars?`,
    String.raw`low\sglucose`,
    String.raw`hypos?\b`,
    String.raw`sugar\s(?:is\s|was\s|went\s|dropped\s)?(?:low|crashed|tanked)`,
    // A sensor or meter that reads "LOW"/"LO" is below its range (under about 40 mg/dL).
    String.raw`(?:cgm|dexcom|libre|sensor|meter|glucometer|monitor|glucose|bg|bm)\s(?:\w+\s){0,2}(?:low|lo)\b(?!\s(?:normal|range|side|end|\d))`,
  ),
  /** Treatments that cause severe lows: insulin (type 1 always) and the sulfonylureas. */
  hypoRiskTreatment: rx(
    String.raw`type\s1|t1\s?dm|t1d\b|iddm|insulin|lantus|humalog|novolog|novorapid|glargine|lispro|aspart|levemir|detemir|degludec|tresiba|toujeo|gliclazide|glipizide|glimepiride|glyburide|glibenclamide|sulfonylureas?|sulphonylureas?`,
  ),
  /** The adrenergic signs of a low: sweating, shaking, trembling, clamminess. */
  adrenergicSigns: rx(String.raw`sweat(?:ing|y|s)|diaphore\w+|clammy|shak(?:ing|y)|trembl\w+|tremulous`),
  unsafeSwallow: rx(
    after(CANT, String.raw`swallow\w*|(?:eat|drink)\s(?:or|and)\s(?:eat|drink)|keep\s(?:anything|it|juice)\sdown`, 3),
    String.raw`not\s(?:really\s)?(?:able\sto\s)?swallow\w*`,
  ),
  dkaWord: rx(
    String.raw`dka\b`,
    String.raw`(?:diabetic\s)?ketoacidosis`,
    String.raw`hhs\b`,
    String.raw`hhnk\b`,
    String.raw`hyperosmolar\s(?:hyperglycemic\s)?(?:state|syndrome|non-?ketotic|coma)`,
  ),
  ketones: rx(
    String.raw`(?:urine\s|serum\s|blood\s|beta-?hydroxybutyrate\s|bhb\s)?ketones?\s(?:are\s|were\s|is\s|of\s)?(?:\+|positive|pos\b|large|moderate|high|present|\d\+|[1-9](?:\.\d)?\b|in\s(?:the\s|his\s|her\s)?urine|on\s(?:the\s)?(?:strip|dipstick|meter))`,
    String.raw`(?:large|moderate|positive|\+|high|lots\sof|\d\+)\s(?:urine\s|serum\s|blood\s)?ketones`,
    String.raw`ketonuri\w+|ketonemi\w+|ketosis`,
    String.raw`(?:bhb|beta-?hydroxybutyrate)\s(?:of\s)?(?:[3-9]|\d{2})`,
  ),
  acidosisSign: rx(
    String.raw`kussmaul`,
    String.raw`fruity\s(?:breath|odou?r|smell)`,
    near(String.raw`breath`, String.raw`fruity|acetone|nail\spolish`, 3),
    near(
      String.raw`breath\w*`,
      String.raw`deep\sand\s(?:fast|rapid)|fast\sand\sdeep|deep\s(?:rapid|sighing)|heavy\sand\sfast`,
      3,
    ),
    String.raw`(?:metabolic|anion[-\s]gap)\sacidosis`,
    String.raw`acidotic`,
  ),
  ketoticBreath: rx(
    String.raw`(?:breath|breathe|breathing)\s(?:\w+\s){0,3}(?:smells?|smelling)\s(?:\w+\s){0,2}(?:pear\sdrops|fruity|sweet|acetone|nail\svarnish|nail\spolish)|(?:fruity|acetone|pear\sdrops?)\s(?:smell\w*\s)?(?:on\s(?:the\s|his\s|her\s)?)?breath`,
  ),
  dkaPicture: rx(String.raw`vomit\w*|throwing\sup|can't\skeep\s(?:anything|fluids|food)\sdown|nause\w+`),
  dkaPicture2: rx(
    String.raw`abdominal\spain|belly\spain|stomach\s(?:pain|hurts)|abd\spain|polyuri\w+|polydipsi\w+|peeing\sa\slot|(?:very|so|really)\sthirsty|drows\w+|letharg\w+|confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)|dehydrat\w+|weight\sloss`,
  ),
  /** Thirst and passing urine, in lay words: new diabetes before anyone has named it. */
  osmoticSymptoms: rx(
    String.raw`polyuri\w+|polydipsi\w+`,
    String.raw`(?:peeing|weeing|urinating|going\sto\sthe\s(?:toilet|bathroom|loo))\s(?:\w+\s)?(?:all\sthe\stime|constantly|loads|a\slot|nonstop|non-stop|every\s\w+)`,
    String.raw`(?:drinking|thirsty)\s(?:\w+\s)?(?:all\sthe\stime|constantly|loads|gallons|nonstop|non-stop|so\smuch|a\slot)|(?:always|very|so|really|extremely)\sthirsty`,
  ),
  diabetes: rx(
    String.raw`t[12]\s?dm|type\s[12]|iddm|diabet\w+|insulin|lantus|humalog|novolog|glargine|lispro|\bdm\b|pump|sglt2|empagliflozin|jardiance|dapagliflozin|farxiga|canagliflozin`,
  ),

  // --- Toxicology
  overdoseWord: rx(
    String.raw`(?<!(?:plans?|planning|planned|going|gonna|wants?|wanted|threaten\w*|intends?|thinking\sabout|thoughts\sof|how\smuch\sit\stakes)\s(?:to\s)?)overdos\w+`,
    // "OD'd"; "odd" only as that verb ("he odd on heroin"), not the word ("the odd beer").
    String.raw`od'd\b|odd\b(?=\s(?:on|with)\b)|(?<=\b(?:he|she|they|i|who|has|have|had|just|nearly|almost)\s)odd\b`,
    String.raw`(?:an|the|possible|suspected|intentional|accidental|opioid|heroin|fentanyl)\sod\b`,
    String.raw`od\s(?:on|of)\b`,
    String.raw`o\.d\.`,
    String.raw`tox(?:ic)?\singestion`,
    String.raw`poison(?:ed|ing)\b`,
  ),
  ingestion: rx(
    String.raw`(?:took|swallowed|ingested|ate|downed|taken)\s(?:a\s|the\s|${PRON}\s)?(?:full\s|whole\s|entire\s)?(?:handful|bottle|whole\sbottle|all|entire\s(?:bottle|pack|supply)|bunch|lot|pack|box|month's\ssupply)\s(?:of\s)?`,
    String.raw`(?:took|swallowed|ingested|taken)\s(?:like\s|about\s|around\s|maybe\s|over\s|almost\s|nearly\s|at\sleast\s)?~?(?:\d{2,3}|dozens|a\sdozen|twenty|thirty|forty|fifty)\s(?:of\s)?(?:${PRON}\s|my\s)?(?:[\w-]+'s\s)?(?:\w+\s)?(?:pills|tablets|tabs|capsules|caps|meds)`,
    String.raw`(?:took|swallowed|ingested|taken)\s(?:an?\s)?(?:unknown|large|massive|huge|big)\s(?:qty|quantity|amount|number)\sof`,
    String.raw`(?:took|swallowed|ingested|taken)\s(?:approx\.?\s|approximately\s|about\s|around\s|~)?(?:\d{2,3}|dozens|twenty|thirty|forty|fifty)\s?(?:x\s|of\s)?(?:${PRON}\s)?[a-z]+\b`,
    String.raw`ingest(?:ed|ion)\s(?:of\s)?(?:\d+\s)?(?:pills|tablets|bleach|antifreeze|acetaminophen|tylenol|ethylene\sglycol|methanol|lye|drain\scleaner|rat\spoison)`,
    String.raw`(?:drank|drinking|drinks|swallowed|swallowing|ingesting)\s(?:some\s|the\s)?(?:bleach|antifreeze|ethylene\sglycol|methanol|lye|drain\scleaner|windshield\sfluid|rat\spoison|pesticide)`,
    String.raw`(?:took|swallowed|ingested|ingestion\sof|ingestion|taken|downed)\s(?:[\w'-]+,?\s){0,8}?(?:about\s|around\s|approx\.?\s|roughly\s|~)?(?:[2-9]\d|\d{3})\s?x\s?(?:[a-z]+\s)?\d{1,4}\s?(?:mg|g|mcg)\b`,
    String.raw`button\sbattery`,
    String.raw`(?:intentional(?:ly)?|deliberate(?:ly)?|on\spurpose)\s(?:\w+\s)?(?:injected|took|ingested|swallowed|overdos\w+|gave\s(?:him|her|them)sel(?:f|ves))`,
    String.raw`(?:injected|gave\s(?:him|her|them)sel(?:f|ves))\s~?(?:[1-9]\d{2,3})\s?(?:units|u)\b`,
  ),
  /** A small child who got into medicines or household products. */
  childIngestion: rx(
    after(
      String.raw`(?:[1-9]|1[0-2])\s?(?:yo|y\/o|year[-\s]old|yr[-\s]old)|\d{1,2}\s?(?:month[-\s]old|mo\b)|toddler|baby|infant|kid|child|grandson|granddaughter|little\sone`,
      String.raw`(?:swallowed|ate|got\sinto|ingested|chewed|drank|(?:was\s)?found\swith|put\s(?:\w+\s)?in\s(?:his|her)\smouth|(?:had|taken|took|eaten)\s(?:some|one|a\sfew|a\scouple|several|two|three|\d)(?:\sof)?)\s(?:[\w']+\s){0,5}?(?:${OVERDOSE_DRUGS}|pills?|tablets?|meds|medicines?|medications?|pill\s?box|pill\sorganizer|(?:hand)?bag|purse|medicine\s(?:cabinet|cupboard|drawer|box)|bottle|button\sbatter(?:y|ies)|batter(?:y|ies)|magnets?|detergent|pods?|bleach|cleaner|vape|nicotine|e-?liquid|gummies|edibles?|lamp\soil|antifreeze)`,
      8,
    ),
  ),
  opioid: rx(
    String.raw`heroin|fentanyl|fent\b|fetty|bupe\b|(?:after|from|was|been|is|relapsed\sand|started)\susing(?=\s*(?:[.,;]|$|in\b|again|alone|at\b|today|tonight|this\b))|opioids?|opiates?|oxy\w*|percocet|vicodin|norco|hydrocodone|morphine|methadone|dilaudid|hydromorphone|tramadol|codeine|tapentadol|buprenorphine|suboxone|carfentanil|xylazine|tranq|dope|pain\s(?:pills|meds)|pills\b|needles?|syringes?|shooting\sup|injecting|snorting|smoking\s(?:fentanyl|foil|blues)|blues\b|m30s?`,
  ),
  sedative: rx(
    String.raw`ambien|zolpidem|eszopiclone|lunesta|benzo\w*|xanax|alprazolam|klonopin|clonazepam|valium|diazepam|ativan|lorazepam|sleeping\spills|trazodone|seroquel|quetiapine|gabapentin|pregabalin|lyrica|muscle\srelaxants?|soma|carisoprodol|ghb|alcohol|beers?|vodka|whiskey|liquor|booze`,
  ),
  respDepression: rx(
    String.raw`(?:turning|turned|went|found\s(?:him|her|them)|is|was|looks?)\s(?:\w+\s)?(?:blue|gr[ae]y|purple)\b`,
    String.raw`(?:barely|not|slow(?:ly)?|shallow(?:ly)?|hardly)\sbreathing`,
    String.raw`breathing\s(?:is\s|was\s)?(?:slow|shallow|very\sslow|barely)`,
    String.raw`(?:slow|shallow|agonal)\sbreath\w*`,
    String.raw`gurgling`,
    String.raw`unresponsive(?!\sto)|unconscious|found\sdown|(?:won't|can't|couldn't)\s(?:wake|rouse)|not\swaking|nodding\s(?:off|out)|passed\sout|limp`,
    near(String.raw`lips|face|skin`, String.raw`blue|gr[ae]y|purple|dusky`, 3),
    String.raw`(?:blue|cyanotic)\slips|cyanotic|cyanos\w+`,
  ),
  naloxone: rx(
    String.raw`(?:narcan|naloxone)\s(?:was\s|were\s)?(?:given|administered|required|needed|used|x\s?\d|times)`,
    String.raw`(?:needed|required|gave|given|got|used|administered)\s(?:\w+\s){0,2}(?:narcan|naloxone)`,
    String.raw`(?:responded|woke\sup|came\sto|came\saround)\s(?:\w+\s){0,2}(?:to|after|with)\s(?:the\s)?(?:narcan|naloxone)`,
    String.raw`narcan(?:ned|'d)`,
  ),

  // --- Bleeding, vascular, PE
  giBleedMajor: rx(
    String.raw`hematemesis|haematemesis`,
    String.raw`(?:vomiting|vomited|vomits?|throwing\sup|threw\sup|puking|puked|coughing\sup\sand\svomiting)\s(?:up\s)?(?:(?!no\b|not\b|without\b|denies\b|any\b)[\w~.]+\s){0,6}?blood\b`,
    String.raw`blood\sin\s(?:${PRON}\s)?(?:vomit|emesis)`,
    // What was brought up, described: "threw up what looked like a bowl full of blood", "vomited what looks like a
    // washing-up bowl of bright red blood" (the amount and colour may take several words).
    String.raw`(?:vomit\w*|threw\sup|thrown\sup|throwing\sup|puk\w+|brought\sup|sick)\s(?:up\s)?(?:what|something\sthat|something\swhich|stuff\sthat)\s(?:looked|looks|seemed|seems|was|is)\slike\s(?:[\w~.-]+\s){0,9}?(?:blood|coffee[-\s]grounds?)\b`,
    String.raw`coffee[-\s]grounds?(?:\s(?:emesis|vomit|vomitus|material))?`,
    String.raw`(?:massive|major|brisk|large[-\s]volume|active|ongoing)\s(?:upper\s|lower\s)?(?:gi\s)?(?:bleed\w*|hemorrhage)`,
    String.raw`variceal\s(?:bleed\w*|hemorrhage)`,
  ),
  giBleedSign: rx(
    String.raw`melena|melaena`,
    String.raw`(?:black|tarry)(?:,?\s(?:and\s)?(?:tarry|sticky|tar-like|runny))?\s(?:stools?|poos?|poops?|bms?|bowel\smovements?)`,
    String.raw`black,?\s(?:and\s)?(?:tarry|sticky|tar-like)(?:,?\s(?:and\s)?[\w-]+){1,3},?\s(?:stools?|poos?|poops?|bms?|bowel\smovements?)`,
    String.raw`(?:stools?|poos?|poops?|bms?|bowel\smovements?)\s(?:is|are|was|were|looks?|looked|gone|turned)\s(?:\w+\s)?(?:black|tarry|like\star)`,
    String.raw`maroon\s(?:stools?|colou?red\sstools?)`,
    String.raw`hematochezia`,
    String.raw`bright\sred\sblood\sper\srectum|brbpr|pr\s(?:bleed\w*|blood)|rectal\s(?:bleed\w*|blood)|(?:fresh|red)\sblood\s(?:with|and)\sclots`,
    String.raw`(?:blood|bleeding)\s(?:from|per|out\sof)\s(?:the\s|${PRON}\s)?(?:rectum|bottom|butt|back\spassage)`,
    String.raw`(?:bloody|blood\sin\s(?:${PRON}\s)?)(?:stools?|poop|bms?|diarrh\w+)`,
    String.raw`pooping\sblood|passing\sblood|passing\sclots`,
    String.raw`gi\sbleed\w*`,
  ),
  instability: rx(
    String.raw`hypotens\w+`,
    String.raw`syncop\w*|passed\sout|fainted|collapsed|near[-\s]syncope|feels?\sfaint|feeling\sfaint|felt\sfaint`,
    String.raw`dizz\w+|light-?headed|woozy`,
    String.raw`pale\sand\s(?:sweaty|clammy)|clammy`,
    String.raw`orthostatic`,
    String.raw`(?:hgb|hb|hemoglobin|haemoglobin)\s(?:of\s|is\s|was\s|dropped\sto\s|down\sto\s)?(?:[3-6](?:\.\d)?)\b(?!\d|\s?g\/l)`,
    String.raw`(?:hgb|hb|hemoglobin|haemoglobin)\s(?:of\s|is\s|was\s|dropped\sto\s|down\sto\s)?[3-6]\d\s?g\/l`,
    String.raw`mottl\w+`,
    String.raw`(?:crt|cap(?:illary)?\s?refill(?:\stime)?)\s(?:of\s|is\s|was\s|>\s?)?(?:[3-9]|1\d)\s?(?:s|secs?|seconds)\b`,
    String.raw`oligur\w+|anur\w+|(?:barely|not|hardly)\spassing\s(?:any\s|much\s)?urine`,
    String.raw`(?:a\slot|lots|large\samounts?|cups?|bowl\sfull|toilet\sfull)\sof\sblood`,
  ),
  peWord: rx(
    String.raw`pulmonary\sembol\w*`,
    String.raw`saddle\s(?:embol\w*|pe)`,
    String.raw`(?:massive|submassive|suspected|probable|likely|acute)\spe\b`,
    String.raw`(?:worried|concerned|concern)\s(?:about|for)\s(?:a\s)?pe\b`,
  ),
  peSymptom: rx(
    String.raw`pleuritic`,
    String.raw`pain\s(?:on|when|with)\s(?:breathing(?:\sin)?|inhal\w+|(?:a\s|taking\sa\s)?deep\sbreaths?)`,
    String.raw`sudden\s(?:onset\s)?(?:shortness\sof\sbreath|sob|dyspn\w+|breathless\w*)`,
    String.raw`short(?:ness)?\sof\sbreath|sob\b|dyspn\w+|breathless|can't\scatch\s${PRON}\sbreath`,
    String.raw`hemoptysis|cough(?:ing|ed|s)?\s(?:up\s)?(?:\w+\s){0,3}?blood`,
    String.raw`chest\s(?:pain|hurts)\s(?:worse|when)\s(?:\w+\s){0,2}(?:breath\w*|inhal\w+)`,
  ),
  peRisk: rx(
    String.raw`dvt\b|deep\svein`,
    near(String.raw`calf|leg`, String.raw`swell\w*|swollen|pain\w*|tender\w*|red`, 3),
    String.raw`post[-\s]?op\w*|pod\s?#?\d\b|after\s(?:\w+\s)?surgery|recent\s(?:\w+\s)?surgery|surgery\s\d+\s(?:days?|weeks?)\sago`,
    // "day 8 post TKR": a day count after an operation, and joint replacements by their abbreviations.
    String.raw`(?:day|d)\s?\d{1,2}\s(?:post|after|s\/p)\b|(?:tkr|thr|tka|tha)\b`,
    String.raw`(?:s\/p|status\spost|(?:\d+\s?(?:d|days?|wks?|weeks?)\s)post)\s(?:\w+\s){0,2}(?:surgery|bypass|sleeve|replacement|repair|\w+ectomy|\w+plasty|\w+otomy|section)`,
    String.raw`\w+(?:ectomy|plasty|otomy)\s(?:\w+\s)?(?:last\s(?:week|month)|this\sweek|\d+\s(?:days?|weeks?)\sago|yesterday)`,
    String.raw`long(?:-haul)?\s(?:flight|drive|car\sride|trip)|(?:off|after|back\sfrom)\s(?:a|an|the|his|her)\s(?:[\w-]+\s){0,3}flight|\d{1,2}\s?-?\s?(?:hr|hour)\s(?:flight|drive|car\sride|bus\sride)|flew\s(?:back|home|in)|immobil\w+|bed\s?bound|bedridden`,
    String.raw`postpartum|pregnan\w+`,
    String.raw`(?:birth\scontrol|ocps?|estrogen|oral\scontraceptives?)|on\s(?:the\s)?pill\b`,
    String.raw`cancer|chemo\w*|malignan\w+`,
  ),
  aorticWord: rx(
    String.raw`aortic\s(?:dissection|rupture)|dissecting\saneurysm|(?:ruptured|rupturing|leaking)\s(?:aaa|triple\sa|(?:abdominal\s)?aortic\saneurysm|aneurysm)|(?:aaa|aneurysm)\s(?:rupture|leak)\w*|type\s[ab]\sdissection`,
  ),
  aorticSign: rx(
    String.raw`widen(?:ed|ing)\smediastinum`,
    String.raw`(?:bp|blood\spressure|pulses?)\s(?:\w+\s){0,3}(?:differen\w+|discrepan\w+|unequal)\s(?:\w+\s){0,2}(?:arms|sides)|(?:differen\w+|discrepan\w+)\s(?:in\s)?(?:bp|blood\spressure|pulses?)\s(?:\w+\s)?(?:between\s)?(?:the\s)?(?:arms|sides)|(?:radial\s)?pulse\sdeficit`,
  ),
  peWorkup: rx(
    String.raw`wells\s(?:score\s)?(?:of\s|is\s|=\s?)?(?:high|likely|[5-9]|1\d)\b`,
    String.raw`(?:d-?dimer|dd)\s(?:of\s|is\s|was\s|=\s?)?(?:high|raised|elevated|positive|\+|[1-9]\d{3,}|[2-9](?:\.\d+)?\b)`,
    RIGHT_HEART_STRAIN,
  ),
  rightHeartStrain: rx(RIGHT_HEART_STRAIN),
  peSign: rx(
    String.raw`hemoptysis|cough(?:ing|ed|s)?\s(?:up\s)?(?:\w+\s){0,3}?blood`,
    String.raw`(?:pre-?|near[-\s])?syncop\w*|(?:nearly|almost)\s(?:passed\sout|fainted|blacked\sout)|passed\sout|fainted|collapsed`,
    String.raw`hypotens\w+`,
  ),
  limbIschemiaWord: rx(
    String.raw`acute\s(?:limb|leg|arterial)\sischemi\w*`,
    String.raw`acute\s(?:arterial\s)?occlusion`,
    String.raw`threatened\slimb|limb[-\s]threatening`,
    String.raw`(?:wet|gas)\sgangrene|necroti[sz]ing\sfasciitis|nec\sfasc`,
    near(
      String.raw`crepitus|gas\sin\sthe\s(?:tissue|soft\stissue)`,
      String.raw`foot|leg|wound|ulcer|stump|residual\slimb`,
      4,
    ),
  ),
  limbIschemia: rx(
    near(
      String.raw`legs?|foot|feet|toes|arms?|hands?|fingers|limbs?|calf|elbows?|wrists?|forearms?|shins?|ankles?|knees?|thighs?`,
      String.raw`(?:ice[-\s])?cold|pale|white|pallor|mottled|marble\w*|dead|blue|pulseless|no\s(?:palpable\s|pedal\s|distal\s|dopplerable\s)?pulses?|no\s(?:dp|pt|pedal)\s(?:or|and)\s(?:dp|pt)\spulses?|(?:can't|couldn't)\s(?:find|feel|get)\s(?:a\s)?pulses?|absent\spulses?|no\sdoppler\w*`,
      4,
    ),
  ),
  limbIschemiaSevere: rx(
    String.raw`pulses?\s(?:are\s|now\s)?(?:absent|gone|lost|impalpable|not\s(?:palpable|felt|dopplerable))`,
    String.raw`pulseless|no\s(?:palpable\s|pedal\s|distal\s|dopplerable\s|radial\s|femoral\s|popliteal\s|brachial\s|dp\s|pt\s)?pulses?|no\s(?:dp|pt|dorsalis\spedis|posterior\stibial|pedal|foot)\s?(?:\/|\sor\s|\sand\s)\s?(?:dp|pt|dorsalis\spedis|posterior\stibial)(?:\spulses?|\s(?:on|by|with)\sdoppler)|(?:can't|couldn't)\s(?:find|feel|get)\s(?:a\s)?pulses?|absent\s(?:\w+\s)?pulses?|no\sdoppler\w*`,
    String.raw`(?:can't|couldn't|unable\sto)\s(?:move|feel|wiggle)\s(?:${PRON}\s)?(?:foot|toes|leg|fingers|hand|arm|them\b|it\b)`,
    String.raw`paralys\w+|paresthesi\w+|numb\w*`,
    String.raw`sudden(?:ly)?\s(?:severe\s)?(?:[a-z]+\s){0,2}(?:pain|cold|white|pale)|severe\s(?:pain|ache)|excruciating`,
  ),

  // --- Blood pressure, obstetric
  bpCrisisWord: rx(String.raw`hypertensive\s(?:emergency|crisis|encephalopathy)`, String.raw`malignant\shypertension`),
  endOrgan: rx(
    String.raw`chest\s(?:pain|pressure|tightness|ache|aching|discomfort|heaviness)`,
    String.raw`confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)`,
    String.raw`altered`,
    String.raw`encephalopath\w+`,
    // Vision told either way round: "blurred vision", "vision blurred in both eyes", "vision's gone fuzzy".
    String.raw`blurr\w+\svision|blurry\svision|vision\s(?:changes?|loss|is\sblurry|went\sblurry)|vision(?:'s|\sis|\swas|\shas)?\s(?:gone\s|went\s|going\s|become\s)?(?:blurr\w*|fuzzy|misty|dim)\b|visual\s(?:changes?|disturbances?|symptoms|loss)|scotomata|seeing\s(?:spots|stars|flashing)|(?:can't|couldn't)\ssee`,
    String.raw`papilledema`,
    String.raw`seiz\w+`,
    String.raw`(?:severe|worst|pounding|thunderclap|bad|terrible|awful|splitting)\s(?:\w+\s)?headache|headache\s(?:is\s)?severe`,
    String.raw`short(?:ness)?\sof\sbreath|sob\b|dyspn\w+|pulmonary\sedema|crackles|pink\sfrothy`,
    String.raw`aki\b|acute\skidney|creatinine\s(?:\w+\s)?(?:rising|up|doubled|increased|jumped)|rising\screatinine`,
    // A creatinine told beside its earlier value ("creat 3.4 (was 1.1 last month)"): a change, read as kidney injury.
    String.raw`(?:creat\w*|cr|scr)\s(?:of\s|is\s|now\s)?\d+(?:\.\d+)?\s?(?:mg\/dl\s?)?[(,]?\s?(?:was|from|up\sfrom|baseline)\s\d`,
    String.raw`ha?ematuria|(?:blood|rbcs?)\sin\s(?:the\s|his\s|her\s)?urine`,
    String.raw`(?:flame|retinal|fundal|splinter|dot[-\s]blot)\s(?:shaped\s)?ha?emorrhages?|cotton[-\s]wool\sspots|(?:hard\s)?exudates|papilloedema`,
    String.raw`schistocytes?|microangiopath\w+`,
    String.raw`focal\sdeficit|slurr\w+|facial\sdroop|(?:left|right|one)[-\s]sided\sweakness`,
    String.raw`aortic\sdissection|tearing\s(?:chest\s|back\s)?pain|ripping\spain`,
  ),
  pregnant: rx(
    String.raw`pregnan\w+`,
    String.raw`g\d\s?p\d`,
    String.raw`g\d\b(?=[^.]{0,40}(?:\d\s?|\b)(?:wks?|weeks?|pregnan\w*|iup|ga)\b)|(?<=\b(?:wks?|weeks?)\s)g\d\b`,
    String.raw`\d{1,2}\s?w\s?\d\s?d\b|\d{1,2}\+\d\s?(?:wks?|weeks?)?`,
    String.raw`\d{1,2}\s?(?:wks?|weeks?)\s(?:g\d|iup|ega|pregnan\w*)`,
    String.raw`\d{1,2}\s?(?:\+\d\s?)?(?:weeks?|wks?|wk)\s(?:pregnant|gestation|ga|along|by\s(?:lmp|dates|u\/?s|ultrasound|scan))`,
    String.raw`(?:at|is)\s\d{1,2}\s?(?:weeks?|wks?)\b(?!\s(?:ago|of\s(?:therapy|treatment)))`,
    // The woman herself or of her: "I'm 36 weeks", "she's 34 wks".
    String.raw`(?:i'm|i\sam|she's|she\sis|we're|we\sare)\s(?:now\s)?\d{1,2}\s?(?:\+\d\s?)?(?:weeks?|wks?)\b(?!\s(?:ago|old|post|after|since|into|of))`,
    // "35 wk, ..." opening a message or clause: the gestational age in clinic shorthand.
    String.raw`(?<=^|[,;:(]\s?)(?:[1-4]\d|[5-9])\s?(?:w|wk|wks|weeks?)(?:\s?\d\s?d(?:ays?)?)?(?=\s?[,;:)])`,
    String.raw`\d{1,2}\s?wga|ga\s\d{1,2}`,
    String.raw`(?<![\d/])(?:[1-3]\d|4[0-2]|[5-9])(?:\+[0-6])?\/40\b`,
    String.raw`primip\w*|multip\b|multiparous|primigravid\w*|multigravid\w*`,
    String.raw`(?:at|is|@|g\dp?\d?)\s?(?:[1-4]\d|[5-9])\s?w\b(?:\s?\d\s?d\b)?`,
    String.raw`(?:third|second|3rd|2nd)\strimester|antepartum|intrapartum`,
    String.raw`postpartum|post-partum|postnatal|post-natal|pp\sday|ppd\s?\d|(?:delivered|gave\sbirth|had\s(?:the|her|my|a|our)\sbaby|c-?section|cesarean)\s(?:\w+\s){0,3}(?:ago|yesterday|last\sweek|on)`,
    String.raw`(?:delivered|gave\sbirth|had\s(?:the|her|my|our)\sbaby)`,
    String.raw`(?:home|water|precipitous|unplanned|car|roadside|bba)\s(?:birth|delivery)`,
    String.raw`(?:since|after)\s(?:the\s|her\s)?(?:delivery|birth|c-?section|cesarean)`,
    String.raw`birth(?:ing)?\s(?:cent(?:er|re)|suite|unit)|l\s?and\s?d\b|labou?r\s(?:and\sdelivery|ward)`,
  ),
  eclampsiaWord: rx(
    String.raw`eclampsia(?<!pre-?eclampsia)`,
    String.raw`eclamptic`,
    String.raw`hellp`,
    String.raw`(?:severe|superimposed)\s(?:pre-?eclampsia|preeclampsia)`,
    String.raw`pre-?eclampsia\swith\ssevere\sfeatures`,
    String.raw`placental\sabruption|abruption|abruptio`,
    String.raw`cord\sprolapse|prolapsed\scord`,
    String.raw`(?:sees?|saw|feels?|felt|can\ssee|can\sfeel)\s(?:the\s)?(?:umbilical\s)?cord\b|cord\s(?:is\s)?(?:coming\sout|hanging|visible|out)`,
    String.raw`postpartum\s(?:hemorrhage|haemorrhage)|pph\b`,
    String.raw`uterine\srupture`,
    String.raw`ruptured\sectopic`,
  ),
  obSevereFeature: rx(
    OB_HEADACHE,
    OB_VISUAL,
    OB_RUQ,
    String.raw`short(?:ness)?\sof\sbreath|sob\b|dyspn\w+|pulmonary\sedema|can't\sbreathe`,
    String.raw`confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)|altered`,
    String.raw`seiz\w+`,
    String.raw`(?:elevated|high|rising)\s(?:lfts|liver\senzymes|transaminases)`,
  ),
  /**
   * The symptoms of pre-eclampsia a woman notices herself (NICE: severe headache, visual disturbance, pain below the ribs,
   * sudden swelling of the face or hands), each a group; with no BP given, enough groups together are the emergency.
   */
  preEclampsiaSymptoms: [
    rx(OB_HEADACHE),
    rx(OB_VISUAL),
    rx(OB_RUQ),
    rx(
      String.raw`(?:face|hands|fingers|eyes|eyelids)\s(?:and\s(?:\w+\s){1,2})?(?:have\s|has\s|are\s|is\s|got\s)?(?:all\s|suddenly\s|really\s)?(?:puffed|puffy|swollen|swelled|swelling|bloated)`,
    ),
  ],
  obPainSevere: rx(
    String.raw`(?:severe|constant|continuous|excruciating|terrible)\s(?:\w+\s)?(?:abdominal\s|belly\s|stomach\s|pelvic\s|uterine\s|back\s)?(?:pain|cramp\w*)`,
    String.raw`(?:belly|abdomen|uterus|stomach|bump)\s(?:is\s|feels\s|is\sgetting\s)?(?:rock[-\s]hard|board[-\s]hard|hard\sas\sa\s(?:rock|board)|board-?like|woody|tense|rigid)`,
  ),
  obBleeding: rx(
    near(
      String.raw`bleed\w*|blood`,
      String.raw`heavy|heavily|soak\w*|a\slot|lots|large|gushing|pouring|clots?|profuse\w*|significant|hemorrhag\w*|bright\sred`,
      4,
    ),
    String.raw`(?:soak\w*|bleed\w*|going)\s(?:through\s)?(?:a\s|one\s|\d\s)?(?:[\w-]+\s)?(?:pads?|sheets|towels?)`,
    String.raw`(?:a|one|1)\s(?:pad|pads)\s(?:an|every|per|each)\s(?:hour|hr|half\shour|\d+\s?min)`,
    String.raw`passing\s(?:large\s)?clots`,
    String.raw`(?:ebl|qbl|estimated\sblood\sloss|blood\sloss)\s(?:of\s|is\s|was\s)?[~>]?\s?(?:[5-9]\d{2}|[1-9],?\d{3})\s?(?:ml|cc)`,
    String.raw`boggy\suterus|uterus\s(?:is\s)?boggy|uterine\satony`,
    String.raw`(?:previa|placenta\sprevia)\s(?:\w+\s)?(?:bleed\w*)`,
  ),

  // --- Withdrawal, toxidromes
  alcohol: rx(
    String.raw`alcohol\w*`,
    String.raw`etoh`,
    String.raw`aud\b`,
    String.raw`drink\w*`,
    String.raw`beer|vodka|liquor|whiskey|wine|booze|fifth|pints?\b`,
    String.raw`benzo\w*|xanax|alprazolam|klonopin|clonazepam|valium|diazepam|ativan|lorazepam|barbiturates?|phenobarbital|gabapentin|phenibut|sedatives?|gbl|ghb`,
  ),
  withdrawal: rx(
    String.raw`withdraw\w*`,
    String.raw`detox\w*`,
    String.raw`(?:stopped|quit|cut\sback|cut\sdown|ran\sout\sof|couldn't\sget|hasn't\shad)\s(?:\w+\s){0,2}(?:drinking|alcohol|a\sdrink|booze|beer|vodka|liquor|benzo\w*|xanax|alprazolam|klonopin|clonazepam|valium|diazepam|ativan|lorazepam|phenobarbital|gabapentin|phenibut|ghb|gbl)`,
    String.raw`last\sdrink`,
    String.raw`(?:hasn't|hadn't|has\snot|haven't)\shad\s(?:anything|a\sdrop|any)\s(?:\w+\s)?(?:for|since|in)\s(?:\d+|a|one|two|three|four|a\scouple\sof)\s(?:days?|hours?|hrs?)`,
    // Admitted days ago (to a ward, a care home, a cell): a drinker cut off from alcohol.
    String.raw`(?:day|d)\s?[1-5]\s(?:of|into|post)\s(?:\w+\s)?(?:admission|stay|detox)|(?:admitted|inpatient)\s(?:for\s)?(?:[2-5]|two|three|four|five)\sdays|(?:adm|admitted|admission|moved\sin|came\sin|arrived)\s(?:(?:to|into|at|in)\s(?:[\w'()-]+\s){0,4})?(?:[1-5]|two|three|four|five)\s?days?\sago`,
    String.raw`(?:stopped|quit)\s(?:yesterday|today|this\smorning|last\snight|(?:\d+|a|one|two|three|a\scouple\sof)\s(?:days?|hours?|hrs?)\s(?:ago|back))`,
    String.raw`(?:[1-5]|two|three|four|five)\sdays?\s(?:after|post|since|out\sfrom)\s(?:(?:his|her|their|the|an?)\s)?(?:[\w-]+\s)?(?:op|operation|surgery|admission)\b`,
    String.raw`cold\sturkey`,
    String.raw`(?:stopped|quit)\s(?:\w+\s)?(?:suddenly|abruptly)`,
    String.raw`(?:ciwa|ciwa-ar)\b`,
  ),
  withdrawalSevere: rx(
    String.raw`delirium\stremens`,
    String.raw`\bdts\b`,
    String.raw`the\sdts`,
    String.raw`withdrawal\sseiz\w+`,
    String.raw`seiz\w+|convuls\w+|fits?\b|grand\smal|gtcs?\b`,
    CONVULSION_SEEN,
    String.raw`halluc\w*|(?:seeing|sees?|saw|picking\sat|picks\sat|swatting(?:\sat)?|grabbing\sat|brushing\soff)\s(?:the\s)?(?:bugs|things|spiders|people|snakes|rats|insects|flies|ants|mice)|bugs\scrawling|hearing\s(?:things|voices)`,
    // Lay: "seeing things that aren't there", "picking at insects on the wall that aren't there".
    String.raw`(?:seeing|sees|saw|picking\sat|grabbing\sat|swatting|talking\sto|pointing\sat)\s(?:[\w']+\s){0,5}?(?:that|which|who)\s(?:aren't|isn't|weren't|wasn't|are\snot|is\snot)\s(?:really\s|actually\s)?there\b`,
  ),
  withdrawalDelirium: rx(
    String.raw`\bdts\b|delirium\stremens`,
    String.raw`confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)|disorient\w+|delirium|delirious|not\smaking\ssense|agitated|combative`,
  ),
  serotoninWord: rx(
    String.raw`serotonin\s(?:syndrome|toxicity)`,
    String.raw`neuroleptic\smalignant`,
    String.raw`nms\b`,
    String.raw`malignant\shyperthermia`,
  ),
  serotonergic: rx(
    String.raw`ssris?|snris?|maois?|sertraline|zoloft|fluoxetine|prozac|paroxetine|paxil|citalopram|celexa|escitalopram|lexapro|fluvoxamine|venlafaxine|effexor|duloxetine|cymbalta|desvenlafaxine|pristiq|vilazodone|vortioxetine|trintellix|trazodone|tramadol|linezolid|methylene\sblue|phenelzine|tranylcypromine|selegiline|isocarboxazid|meperidine|fentanyl|dextromethorphan|\bdxm\b|sumatriptan|triptans?|lithium|mdma|ecstasy|molly|buspirone|st\.?\sjohn'?s\swort|ondansetron|cyclobenzaprine|amitriptyline|clomipramine`,
  ),
  serotoninSpecific: rx(
    String.raw`clonus`,
    String.raw`hyperreflexi\w+|hyper-?reflexive|brisk\sreflexes`,
    String.raw`hypertherm\w*`,
    String.raw`muscle\srigidity|rigid\w*`,
    String.raw`myoclon\w+|jerking`,
  ),
  serotoninOther: rx(
    String.raw`agitat\w+|restless\w*`,
    String.raw`tremor\w*|shak\w+|trembl\w+`,
    String.raw`diaphore\w+|sweat\w+|drenched`,
    String.raw`(?:dilated|big)\spupils|mydriasis`,
    String.raw`diarrh\w+`,
    String.raw`fever\w*|febrile|hot\sto\s(?:the\s)?touch`,
    String.raw`tachycardi\w+|racing\sheart|heart\s(?:is\s)?racing`,
    String.raw`confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)`,
  ),
  antipsychotic: rx(
    String.raw`antipsychotics?|neuroleptics?|haloperidol|haldol|olanzapine|zyprexa|risperidone|risperdal|quetiapine|seroquel|aripiprazole|abilify|ziprasidone|geodon|clozapine|clozaril|paliperidone|invega|chlorpromazine|fluphenazine|perphenazine|lurasidone|latuda|metoclopramide|reglan|prochlorperazine|compazine|promethazine|droperidol|depot`,
  ),
  rigidity: rx(
    String.raw`rigid\w*`,
    String.raw`lead[-\s]pipe`,
    String.raw`stiff\s(?:as\sa\sboard|all\sover)`,
    String.raw`(?:muscles?|body)\s(?:are\s|is\s)?(?:stiff|rigid)`,
    String.raw`ck\s(?:of\s)?(?:\d{4,}|elevated|high|in\sthe\sthousands)|(?:elevated|high)\sck`,
  ),

  // --- Back, seizure context
  caudaEquina: rx(
    String.raw`saddle\s(?:an(?:a)?esthesia|numbness|paresthesia|sensory\sloss)`,
    near(
      String.raw`numb\w*|can't\sfeel|no\sfeeling|tingl\w*|pins\sand\sneedles`,
      String.raw`groin|saddle|down\sthere|down\sbelow|between\s(?:${PRON}\s)?legs|(?:${PRON}\s)?(?:bottom|buttocks|butt|bum|private\s(?:parts|area|region)|privates|genitals|perineum|inner\sthighs)|when\s(?:he|she|they)\swipes?|wiping`,
      4,
    ),
    String.raw`(?:urinary|bladder)\s(?:retention|incontinence)`,
    after(CANT, String.raw`(?:pee|urinate|void|empty\s(?:${PRON}\s)?bladder|pass\surine)`, 2),
    String.raw`(?:wet|wetting|peed|peeing|soiled|soiling|wets)\s(?:him|her|them)sel(?:f|ves)|(?:bladder|bowel)\saccidents?`,
    String.raw`(?:bowel|fecal|faecal|stool)\sincontinence`,
    // Incontinence told as not noticing ("passing stool without knowing", "passed urine without realising").
    String.raw`(?:passing|passed|passes)\s(?:stools?|urine|motions?|water)\s(?:without\s(?:knowing|realis\w+|realiz\w+|noticing|feeling)|unaware|involuntarily)`,
    String.raw`loss\sof\s(?:bladder|bowel)\s(?:control|function)`,
    String.raw`(?:lost|losing)\scontrol\sof\s(?:${PRON}\s)?(?:bladder|bowels?)|(?:lost|losing)\s(?:${PRON}\s)?(?:bladder|bowel)\scontrol`,
    String.raw`cauda\sequina`,
    String.raw`(?:bilateral|both)\s(?:leg|legs|lower\sextremit\w+)\s(?:weakness|numbness|giving\sout)|both\slegs\s(?:are\s|went\s|feel\s)?(?:weak|numb|giving\sout)`,
    String.raw`(?:decreased|reduced|loss\sof|absent|lax|poor)\s(?:rectal|anal|sphincter)\stone`,
    String.raw`(?:post-?void\sresidual|pvr|bladder\sscan(?:ned)?)\s(?:of\s|is\s|was\s|>\s?)?(?:[3-9]\d\d|\d{4})\s?(?:ml|cc)`,
    String.raw`(?:new\s|progressive\s)?foot\sdrop`,
  ),
  backPain: rx(
    String.raw`back\s(?:pain|ache|injury|spasm)`,
    String.raw`lbp\b`,
    String.raw`sciatica`,
    String.raw`radiculopathy`,
    String.raw`lumbar`,
    String.raw`disc\s(?:herniation|bulge|prolapse|problems?|disease)|herniated\sdisc|slipped\sdisc`,
    String.raw`(?:hurt|threw\sout|injured|done|did|put|tweaked|wrecked)\s${PRON}\sback|bad\sback`,
    String.raw`spine|spinal`,
    String.raw`(?:l[1-5]|s1)(?:\s?[-/]\s?(?:l?[1-5]|s1))?\s(?:disc|radicul\w+|nerve\sroot|herniation)|radicular`,
  ),

  // --- Head injury, kidney, arteritis, joint
  headInjury: rx(
    String.raw`head\s(?:injury|trauma|strike|bonk)`,
    near(
      String.raw`hit|struck|banged|bumped|smacked|whacked|knocked|landed\son|fell\son`,
      String.raw`(?:${PRON}\s)?head`,
      3,
    ),
    String.raw`fell\s(?:and\s)?(?:hit|struck)`,
    String.raw`(?:took|taken|had|got|caught)\s(?:a\s|an\s)?(?:knock|bang|blow|whack|knee|elbow|kick|boot|punch|headbutt|clash|ball)\s(?:to\s(?:the|${PRON})\s(?:head|temple|skull)|(?:in|at|during|playing)\s(?:\w+\s)?(?:rugby|football|soccer|hockey|boxing|lacrosse|game|match|training))`,
    // A mark of the blow on the head ("small bump R forehead", "an egg on the back of his head", "cut to the scalp").
    String.raw`(?:bump|lump|egg|bruise|bruising|graze|cut|gash|laceration|swelling|ha?ematoma)\s(?:on\s|to\s|over\s)?(?:(?:the|his|her|their|my|a|r|l|rt|lt|right|left|back\sof|side\sof)\s){0,3}(?:forehead|head|temple|scalp|occiput|brow|eyebrow)\b`,
    String.raw`concuss\w+`,
    String.raw`m?tbi\b`,
    String.raw`(?:knocked\sout|out\scold|loss\sof\sconsciousness|\bloc\b)`,
    String.raw`(?:blast|ied)\s(?:injury|exposure)|(?:in|near|by)\s(?:a|an|the)\s(?:blast|explosion|ied)|bell\s(?:rung|was\srung)`,
    String.raw`(?:ied|mortar|rpg|grenade|bomb|blast)\s(?:blast|explosion|attack|exposure|\d+\s(?:days?|hours?|hrs?)\sago|yesterday|today|this\s(?:morning|week))`,
    String.raw`(?:mvc|mva|car\s(?:accident|crash|wreck)|fall\sfrom|fell\s(?:off|down|from))`,
  ),
  fall: rx(
    String.raw`fell\b(?!\s(?:asleep|apart|ill|sick|pregnant|behind|short|in\slove|off\sthe\swagon|through|out\sof\s(?:love|touch)))|(?:had\sa|a|the|recent|unwitnessed|mechanical|ground[-\s]level)\sfalls?\b|slipped\s(?:and|on|in)`,
  ),
  headInjuryRedFlag: rx(
    String.raw`(?:vomit\w*|throwing\sup|threw\sup)\s(?:\w+\s)?(?:all\s(?:morning|day|night)|nonstop|non-stop|constantly|over\sand\sover)`,
    String.raw`hard\sto\s(?:keep\sawake|keep\s(?:him|her|them)\sawake)`,
    String.raw`(?:worsening|worse|increasing|getting\sworse|severe|worst)\s(?:\w+\s)?headache|headache\s(?:is\s)?(?:getting\s)?(?:worse|worsening)`,
    String.raw`(?:repeated|repeatedly|persistent|multiple|several|keeps?|twice|projectile)\s(?:\w+\s)?vomit\w*|vomit\w*\s(?:\w+\s)?(?:twice|again|repeatedly|\d\stimes|three\stimes|several\stimes)|throwing\sup\s(?:\w+\s)?(?:again|repeatedly)`,
    String.raw`(?:unequal|asymmetric|dilated|blown|one\sbig)\s(?:\w+\s)?pupils?|anisocoria|one\spupil\s(?:is\s|looks\s|seems\s|appears\s|looks\smuch\s)?(?:bigger|larger|dilated|blown|wider)|pupils?\s(?:are\s)?(?:unequal|different\ssizes?)`,
    String.raw`(?:more\s|increasingly\s|getting\s)(?:drowsy|sleepy|confused|agitated|restless)|(?:can't|won't|hard(?:er)?\sto)\s(?:stay\sawake|wake|rouse|arouse|keep\s(?:his|her|their)\seyes\sopen)`,
    String.raw`(?:clear\s)?fluid\s(?:leaking\s|draining\s|coming\s)?(?:from|out\sof)\s(?:${PRON}\s)?(?:nose|ears?)`,
    String.raw`seiz\w+|convuls\w+`,
    String.raw`slurr\w+|weakness\s(?:in|of)\s(?:one|${PRON})|double\svision`,
    String.raw`(?:doesn't|can't|didn't)\srecogni[sz]e`,
    String.raw`vomit\w*\s?x\s?[2-9]\b|\bdrowsy\b`,
    // Vomiting counted in lay words ("thrown up 3 times"); asking the same question over and over is post-traumatic amnesia.
    String.raw`(?:threw|thrown|throwing|been\sthrowing)\sup\s(?:\w+\s)?(?:twice|again|repeatedly|\d\stimes|three\stimes|several\stimes|a\sfew\stimes)`,
    String.raw`(?:keeps?|kept|keeping)\s(?:on\s)?(?:asking|repeating|saying)\s(?:\w+\s){0,2}(?:same|himself|herself|themselves)|(?:asking|asks|asked|repeating)\s(?:\w+\s)?same\s(?:question|thing)s?\s(?:over|again|repeatedly)`,
    // British "being sick" is vomiting; not remembering the event is post-traumatic amnesia.
    String.raw`keeps?\s(?:on\s)?being\ssick|(?:been|was)\ssick\s(?:\w+\s)?(?:twice|again|\d\stimes|three\stimes|several\stimes)`,
    String.raw`(?:doesn'?t|can'?t|didn'?t|does\snot|cannot)\s(?:remember|recall)\s(?:\w+\s){0,3}(?:being|happening|the\s(?:fall|accident|crash|game|match|hit))`,
  ),
  anticoagulant: rx(
    String.raw`warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|pradaxa|edoxaban|savaysa|enoxaparin|lovenox|heparin|blood\sthinners?|anticoagula\w+|doacs?|noacs?`,
  ),
  // Within the days a delayed intracranial bleed shows itself (RED_FLAG_TUNING.headInjuryRecentDays).
  recentEvent: new RegExp(
    String.raw`\b(?:this\s(?:am|a\.m\.|pm)|today|tonight|this\s(?:morning|afternoon|evening)|yesterday|last\snight|just|earlier|an?\s(?:hour|few\shours)\sago|\d+\s?(?:h|hours?|hrs?|min(?:utes)?)\sago|(?:[1-${T.headInjuryRecentDays}]|a\scouple\sof|two|three|a\sfew)\sdays?\sago|since\sthe\s(?:fall|accident|injury|blast)|(?:over|in|within)\s(?:the\s)?(?:last|past)\s(?:\d+\s|few\s|couple\s(?:of\s)?)?(?:hour|hours|hrs?|min\w*))\b`,
  ),
  kidneyFailure: rx(
    String.raw`dialysis|hd\spt|hemodialysis|esrd|eskd|ckd\s(?:stage\s)?(?:4|5|iv|v)\b|kidney\sfailure|renal\sfailure`,
  ),
  missedDialysis: rx(
    String.raw`missed\s(?:\w+\s){0,4}(?:(?:hemo|peritoneal\s)?dialysis|hd|sessions?|runs?|treatments?)`,
    String.raw`(?:skipped|hasn't\shad|no)\s(?:\w+\s)?dialysis`,
  ),
  hyperkFeature: rx(
    String.raw`peaked\s(?:t\s)?waves?|peaked\sts|wide\sqrs|widened\sqrs|sine\swave|bradycardi\w+|arrhythmi\w+|palpitations|heart\s(?:\w+\s){0,2}(?:flutter\w*|skipp\w*|missing\sbeats|irregular|jumping)`,
    String.raw`(?:muscle\s)?weakness|weak|paralys\w+`,
    String.raw`short(?:ness)?\sof\sbreath|sob\b|dyspn\w+|can't\slie\sflat|orthopn\w+|pulmonary\sedema`,
    String.raw`chest\spain|confus\w+\b(?!\s(?:about|by|over|regarding|as\sto|whether)\b)`,
  ),
  gcaContext: rx(
    // Jaw claudication in lay words: "hurts to chew", "chewing makes his jaw ache", "jaw tires when eating".
    String.raw`(?:hurts?|painful|pain\w*|sore|aches?|aching)\s(?:\w+\s)?(?:to|when|while|on)\s(?:(?:he|she|they)\s)?(?:chew\w*|eat(?:s|ing)?)\b|chewing\s(?:\w+\s)?(?:hurts|is\spainful|makes\s(?:his|her|their)\sjaw\s(?:ache|hurt))`,
    String.raw`giant\scell\sarteritis|\bgca\b|temporal\sarteritis|jaw\sclaudication|jaw\s(?:\w+\s)?(?:pain|aches?|hurts|tires)\s(?:(?:when|with|on|while)\s)?(?:chewing|eating)|scalp\s(?:(?:is|too|very|so)\s)?(?:tenderness|tender|sore|pain|hurts)|tender\s(?:temporal\s)?(?:artery|temple|scalp)|(?:hurts?|pain\w*|sore|tender)\s(?:\w+\s)?(?:when|to|while)\s(?:she\s|he\s|they\s)?(?:combs?|comb(?:ing)?|brush(?:es|ing)?)\s(?:the\s|her\s|his\s|their\s)?hair|polymyalgia|\bpmr\b|esr\s(?:of\s)?(?:[5-9]\d|1\d\d)`,
  ),
  visualLoss: rx(
    String.raw`(?:loss\sof|lost|losing|dimming\sof|decreased)\s(?:\w+\s)?(?:vision|sight)`,
    String.raw`(?:lost|losing|loss\sof)\s(?:the\s)?(?:top|bottom|upper|lower|left|right|inner|outer)\s(?:half|part|side)\sof\s(?:the\s|her\s|his\s|their\s)?(?:vision|sight|visual\sfield)`,
    String.raw`eye\s(?:went|goes|go|going|gone)\s(?:dark|black|dim)`,
    String.raw`vision\s(?:loss|went\s(?:dark|black|blurry|gray|grey)|is\sgoing|dimm\w+)`,
    String.raw`vision\s(?:[\w/]+\s){0,5}?(?:has\s)?(?:gone|went|turned|going)\s(?:\w+\s)?(?:dark|black|blurry|blurred|grey|gray|dim)`,
    String.raw`amaurosis|double\svision|seeing\sdouble|diplopia|blurr\w+\svision|blurry\svision|can't\ssee|curtain`,
    String.raw`(?:seeing|sees|see|saw)\s(?:two|2)\sof\s(?:everything|things|(?:every|each)thing)|everything\s(?:looks\s|is\s)?double`,
  ),
  /** Signs of poor perfusion: each one distinct, counted (see `RED_FLAG_TUNING.poorPerfusionSigns`). */
  poorPerfusion: rx(
    String.raw`(?:crt|cap(?:illary)?\s?refill(?:\stime)?)\s(?:of\s|is\s|was\s|>\s?)?(?:[3-9]|1\d)\s?(?:s|secs?|seconds)\b`,
    String.raw`mottl\w+`,
    String.raw`cold\s(?:hands|feet|peripheries|extremities|fingers|toes)|(?:hands|feet|peripheries|extremities)\s(?:are\s|feel\s)?(?:ice[-\s])?cold`,
    String.raw`no\swet\s(?:napp(?:y|ies)|diapers?)|(?:dry|no\swet)\s(?:napp(?:y|ies)|diapers?)\s(?:since|for|all)|oligur\w+|anur\w+|(?:not|hasn't|hasnt)\s(?:passed|done)\s(?:any\s)?(?:urine|a\swee|a\spee)|no\s(?:urine|wees?|pees?)\s(?:since|for|all)`,
  ),
  hotJoint: rx(
    near(
      String.raw`knee|hip|ankle|shoulder|elbow|wrist|joint|prosthe\w+|replacement`,
      String.raw`hot|warm|red|swollen|swelling|effusion`,
      4,
    ),
  ),
  jointUnusable: rx(...JOINT_UNUSABLE),
  jointSevere: rx(...JOINT_UNUSABLE, String.raw`severe\spain|excruciating`, String.raw`septic\s(?:arthritis|joint)`),

  // --- Care setting and framing (document-level)
  underEmergencyCare: rx(
    String.raw`(?:ed|er|icu|micu|sicu|ccu|cvicu|cicu|neuro-?icu|picu|nicu)\s(?:pt|patient|admission|bed|team|attending|resident|nurse)`,
    String.raw`(?:icu|micu|sicu|ccu|cvicu|cicu|neuro[-\s]?icu|picu|nicu)\s(?:day|d|hd)\s?#?\d|^\W{0,3}(?:neuro[-\s]?icu|icu|micu|sicu|ccu|cvicu|picu|nicu)\s?[:\-]`,
    String.raw`(?:in|at|inside)\s(?:the\s|our\s)?(?:ed|er|emergency\s(?:department|room|dept)|icu|hdu|micu|sicu|ccu|cvicu|cicu|picu|nicu|neuro-?icu|trauma\sbay|resus(?:citation)?\s(?:bay|room)|cath\slab|intensive\scare|critical\scare|coronary\scare)\b${CARE_NOT_PAST}`,
    String.raw`(?:admitted|transferred|brought|presented|presents|presenting|arrived)\s(?:\w+\s){0,3}(?:to|in|at)\s(?:the\s)?(?:ed|er|emergency(?:\sdepartment|\sroom)?|icu|micu|ccu|hospital|l\s?and\s?d|labor\sand\sdelivery)\b${CARE_NOT_PAST}`,
    String.raw`(?:code|rapid\sresponse|stroke|trauma|rrt|met|ob|obstetric|obstetrician|obstetrics|anesthesia|anaesthesia|anesthesiologist|anaesthetist)\s(?:team\s)?(?:is\s|was\s)?(?:here|present|at\s(?:the\s)?bedside|in\sthe\sroom|on\sscene|running|called|activated|with\s(?:him|her|them|the\s(?:patient|pt)))`,
    // The delivery suite is emergency care for obstetric haemorrhage and eclampsia ("on the labour ward"); a message headed
    // "L&D:" may still come from triage, so the header alone is not enough.
    String.raw`(?:in|on|at)\s(?:the\s|our\s)?(?:l\s?&\s?d|labou?r\s(?:and\sdelivery|ward|suite)|delivery\ssuite)\b${CARE_NOT_PAST}`,
    String.raw`(?:on|started\son|running)\s(?:an?\s)?(?:(?:fixed|variable)[-\s]rate\s)?(?:iv\s)?(?:insulin|heparin|nitro(?:glycerin)?|esmolol|nicardipine|cardene|clevidipine|labetalol|propofol|precedex|norepi(?:nephrine)?|levophed|epi(?:nephrine)?|dopamine|dobutamine|vasopressin|amiodarone|magnesium|mag|pressor|octreotide|pantoprazole|ppi|dextrose|d10|naloxone|narcan)\s(?:drip|gtt|infusion)`,
    String.raw`(?:insulin|heparin|nitro|esmolol|nicardipine|labetalol|mag|magnesium)\s(?:drip|gtt|infusion)\s(?:running|started|at\s\d)`,
    String.raw`intubated|on\s(?:the\s)?(?:vent(?:ilator)?|bipap|bi-pap|niv)\b(?![^.;]{0,25}\b(?:home|night|nightly|sleep|osa|apnea)\b)|mechanically\sventilated|on\secmo`,
    String.raw`(?:post|s\/p|after)\s(?:pci|cabg|thrombectomy|tpa|tnk|thrombolysis|cath)\b(?:\s(?:yesterday|today|this\smorning|last\snight))?`,
    String.raw`(?:paramedics|ems|ambulance)\s(?:is\s|are\s)?(?:here|on\s(?:scene|site)|at\sthe\s(?:house|scene)|already\s(?:there|here))`,
    // British usage: a fixed- or variable-rate insulin infusion (FRIII, VRIII); a patient on the cath lab or operating table.
    String.raw`on\s(?:an?\s)?(?:friii|vriii)\b|on\s(?:the\s)?(?:cath(?:eter)?\slab|operating|or|theatre)\stable`,
    // The treating team at the bedside, or an emergency treatment running (a thrombolytic, insulin-dextrose for a high
    // potassium): the emergency is being managed. Not "in resus" alone: a patient there may still wait for a specialist.
    String.raw`(?:the|our|whole|medical|resus|crash|icu|cardiac|stroke|treating)\s(?:[\w-]+\s)?team\s(?:is\s|are\s)?(?:at\s(?:the\s)?bedside|in\sthe\sroom)`,
    String.raw`(?:alteplase|tpa|tnk|tenecteplase|thrombolysis|lysis|insulin[-\s/](?:and[-\s])?dextrose)\s(?:is\s|now\s)?(?:running|infusing|going\sin|under\s?way)\b`,
  ),
  /** Psychiatric inpatient care, a sitter or a hold: safe from self-harm, not from a medical emergency (NMS, overdose). */
  underPsychiatricCare: rx(
    String.raw`(?:inpatient|admitted)\s(?:\w+\s){0,2}(?:psych\w*\s(?:unit|ward|floor)|psych(?:iatry)?\b|behavioral\shealth\s(?:unit|ward))|(?:on|in)\s(?:the\s)?(?:inpatient\s)?psych(?:iatric)?\s(?:unit|ward|floor)`,
    String.raw`on\s(?:a\s)?(?:1:1|one-to-one|1-to-1|sitter|suicide\s(?:watch|precautions))|(?:72[-\s]hour|involuntary|psych(?:iatric)?)\shold|\b5150\b`,
  ),
  /** Teaching and hypothetical framings: no real patient, whatever the case details. */
  teachingFrame: rx(
    String.raw`teaching\s(?:q|question|case|point|file|session|conference|rounds)`,
    String.raw`case\s(?:conference|presentation|discussion|study|review)|debrief\w*|m\sand\sm\b|morbidity\sand\smortality|grand\srounds|journal\sclub`,
    // Made-up cases: "say a 30 yo ...", "imagine a pt ...", a vignette or simulation scenario.
    String.raw`(?<=^|[.!?:;]\s?|,\s|\s-\s)(?:say|let's\ssay|imagine|picture|assume)\s(?:a|an|someone|you\s(?:have|see|get))\b`,
    String.raw`(?:case\s)?vignette|sim(?:ulation)?\s(?:lab|case|scenario|session)|mock\s(?:code|case|scenario)|(?:a|this|the)\sscenario\s(?:where|in\swhich|for|like)|scenario\sfor`,
    // Exam revision: no patient ("revising torsion for my OSCE").
    String.raw`revis(?:ing|ion)\s(?:\w+\s){0,4}for\s(?:my\s|the\s)?(?:osce|exams?|finals|boards|usmle|step\s\d|mrcp|plab)|(?:osce|usmle|mrcp|plab)\s(?:prep|revision|station|question)`,
    String.raw`(?:teach\w*|train\w*|show\w*)\s(?:\w+\s){0,3}how\sto\s(?:recogni[sz]e|spot|identify|respond\sto)`,
    // Not the staff of a shift ("any other jobs for day staff?" closes a handover).
    String.raw`(?:for|teach(?:ing)?)\s(?:my\s|the\s|our\s|some\s)?(?!(?:day|night|late|early|evening|weekend|bank|agency|oncoming|incoming|next|morning)\s)(?:[a-z0-9-]+\s)?(?:residents|students|med\sstudents|trainees|interns|nurses|mas|medical\sassistants|staff|techs|cnas|new\shires|a\slecture|a\stalk|a\squiz|boards?|an\sexam|in-?service|journal\sclub)`,
    String.raw`board\s(?:q|question|review|prep)`,
    String.raw`for\steaching\b|teaching\s(?:slides?|deck|points?|purposes|sheets?)\b|teaching\s*[?.!]?$`,
    String.raw`drills?\b|in-?service|(?:updat|writ|draft|review|revis|mak|build|stock)\w*\s(?:\w+\s){0,4}(?:protocol|policy|order\sset|kit|checklist|sop|pathway|algorithm)`,
    String.raw`pimp(?:ed|ing)?\squestion`,
    // Fiction and media: a character's emergency ("watched a medical drama where someone had ...") is no patient.
    String.raw`(?:watch\w*|saw|seen|read|reading|listen\w*\sto)\s(?:a|an|the|this|that)\s(?:[\w-]+\s){0,2}(?:drama|tv\sshow|show|film|movie|documentary|episode|series|soap|novel|podcast)\s(?:\w+\s){0,3}?(?:where|in\swhich|about)\b`,
    String.raw`for\s(?:[\w']+\s){1,2}teaching\b|(?:build|write|make|create|put\stogether)\s(?:up\s)?(?:a|an|the)\s(?:\w+\s)?case\s(?:of|for|on|about)\b`,
    String.raw`(?:bls|als|acls|pals|ils|nls|atls|resus(?:citation)?)\s(?:\w+\s)?(?:refresher|course|training|update)|refresher\s(?:course|training|session)|manikins?|mannequins?`,
    // An exam named with its part or paper ("MRCP Part 1 practice question"), and practice questions of any exam.
    String.raw`(?:exam|exams|osce|finals|viva|mcq|sba|usmle|step\s[123]|mrcp|mrcs|mrcgp|mrcog|mrcpch|frcs|frca|plab|nclex)\s(?:part\s?(?:[123ab]|one|two|i{1,3})\s|paper\s?\d\s)?(?:q|qs|question|questions|prep|revision|practice)|practice\s(?:q|qs|questions?|mcqs?|sbas?|papers?|exams?)\b|pathophysiology|mechanism\sof|explain\s(?:the\s|how\s|why\s)`,
    String.raw`(?<=^|[.:;]\s?)(?:mcqs?|sbas?|emqs?|osce)\s?[:\-]`,
    String.raw`quiz`,
    // A stem followed by lettered options ("A) CXR B) CT aortogram C) TTE"): a multiple-choice question.
    String.raw`a\)\s[^()?]{1,60}?\bb\)\s[^()?]{1,60}?\bc\)`,
    // A play or story being staged or written, and its characters ("a character survives an overdose").
    String.raw`(?:doing|putting\son|staging|performing|rehears\w+|writing|write|directing)\s(?:a|an|the|our|my|this)\s(?:[\w'-]+\s){0,2}(?:play|pantomime|panto|sketch|skit|musical|drama|story|novel|screenplay|short\sfilm)\b`,
    String.raw`(?:play|story|novel|film|scene|script|drama|sketch|soap|book|episode|musical)\b[^.?!]{0,60}\bcharacters?\b|\bcharacters?\s(?:\w+\s){0,8}(?:play|story|novel|film|scene|script|drama|sketch|soap|book|episode|musical)\b`,
    // Revision cards: no patient ("nursing exam flashcards: NMS vs serotonin syndrome").
    String.raw`flash\s?cards?|revision\scards?|cue\scards?|anki\b`,
    String.raw`(?:for\s)?(?:my|our)\s(?:[a-z0-9-]+\s)?(?:revision|exams?|boards|finals)\b`,
    String.raw`hypothetical(?:ly)?`,
    String.raw`(?:nobody|no\sone|no\spatient|none\sof\s(?:them|my\spatients))\s(?:is|was|are)\s(?:having|actually|currently)`,
    String.raw`not\s(?:an\s)?(?:actual|real|current|active)\s(?:patient|case|emergency)`,
  ),
  /** Patient-education framings: no banner unless the message also describes a particular patient now. */
  educationFrame: rx(
    String.raw`handouts?|leaflets?|posters?`,
    String.raw`icd-?\d{1,2}|icd\scodes?|coding\s(?:query|question)|billing\scodes?|snomed`,
    String.raw`at\swhat\s(?:\w+\s){0,3}(?:do|does|would|should|is)\s(?:you|we|one|it)\b|when\sdo\s(?:you|we)\scall\sit`,
    String.raw`patient\s(?:education|handout|leaflet|teaching|information\ssheet)`,
    String.raw`educational`,
    String.raw`(?:education|teaching|support)\s(?:group|session|class|talk)|(?:simple|plain|lay)\s(?:explanation|terms|language|english)`,
    String.raw`(?:teach|educate|counsel|tell|warn|show)\w*\s(?:my\s|the\s|our\s|new\s)?(?:patients|pts|families|parents|caregivers|family|them)\b`,
    String.raw`in\sgeneral`,
    String.raw`generally\sspeaking`,
    String.raw`(?:sensitivity|specificity|ppv|npv|likelihood\sratios?)\sof`,
    String.raw`safety[-\s]?net\w*|when\sto\s(?:go\sto|attend|present\sto|seek)`,
    String.raw`(?:warning|danger|red[-\s]flag)\s(?:signs|symptoms)`,
    String.raw`(?:what|which)\s(?:signs|symptoms)\s(?:\w+\s){0,6}(?:should|would|mean|warrant|to\s(?:watch|look))`,
    String.raw`when\s(?:to|should\s(?:she|he|they|i|we|patients?))\s(?:\w+\s)?call\s(?:911|the\sclinic|us|an\sambulance)`,
    String.raw`(?:written\s)?action\splan`,
    // A talk, an assembly or a lesson on how to spot an emergency ("an assembly on recognising a stroke").
    String.raw`(?:on|about)\s(?:recogni[sz]ing|spotting|identifying)\s(?:a|an|the)?\s?\w+`,
    String.raw`(?:ed|er|return|emergency|strict)\sprecautions|(?:giving|gave|give|reviewed|went\sover|going\sover)\s(?:\w+\s)?(?:precautions|warning\ssigns)`,
    String.raw`what\sto\sdo\sif`,
    String.raw`(?:teaching|info(?:rmation)?|tip|fact)\s(?:sheet|handout|material)s?`,
    String.raw`qi\sproject|quality\simprovement|triage\s(?:tool|protocol)|screening\stool|audit(?:s|ed|ing|or)?\b`,
    // Writing for readers (a newsletter, an article, a call script for staff), and what an acronym or bundle stands for.
    String.raw`for\s(?:the\s|our\s|a\s|my\s)?(?:[\w-]+\s){0,3}(?:news\s?letter|bulletin|magazine|blog|website|intranet)\b|(?:write|draft|writing|drafting)\s(?:\w+\s){0,3}(?:piece|article|post|blog|column|news\s?letter)\b`,
    String.raw`why\s(?:[\w-]+\s){1,5}(?:is|are)\s(?:an?\s)?(?:emergency|emergencies|medical\semergency|urgent)\b`,
    String.raw`screening\s(?:questions|script)|(?:phone|telephone|triage|call|receptionists?)\s(?:script|questions\sto\sask)`,
    String.raw`(?:does|do)\s(?:[\w-]+\s){1,4}stand\sfor|acronyms?|mnemonics?`,
    String.raw`definition\sof|defined\sas|how\sis\s(?:\w+\s){1,3}defined|thresholds?\b|cut-?offs?\b`,
    String.raw`(?:what|which)\s(?:[\w-]+\s){0,3}(?:counts?|qualif(?:y|ies)|(?:is|are)\s(?:classed|classified|considered|defined))\sas\b`,
    String.raw`if\s(?:it|this|that)\s(?:ever\s)?happens`,
    // A unit's protocol or algorithm asked about, and a person's own risk from a relative's history.
    String.raw`(?:our|trust|hospital|unit|local|ward|departmental|practice)\s(?:[\w-]+\s){0,3}(?:protocol|policy|pathway|algorithm|bundle|order\sset|standard\soperating\sprocedure|sop)|standard\soperating\sprocedure|^[^.?!]{0,40}\b(?:protocol|algorithm|bundle|pathway)\s*[-:]`,
    String.raw`what'?s\s(?:my|his|her|their|the)\s(?:\w+\s)?risk|(?:mum|mom|mother|dad|father|brother|sister|grand\w+|uncle|aunt|sibling)\s(?:had|has\shad|died\s(?:of|from))\s(?:an?\s)?[\w\s]{3,30}\sat\s(?:age\s)?\d{2}\b`,
  ),
  /** A particular patient described now ("64M", "pt has", "she is", "his wife found"). */
  patientSpecific: rx(
    String.raw`\d{1,3}\s?(?:yo|y\/o|y\.o\.|year[-\s]old|yr[-\s]old|[mf])\b`,
    String.raw`(?:my|this|our|the)\s(?:pt|patient)(?!\s(?:education|handout))\b`,
    String.raw`(?:pt|patient)\s(?:is|has|was|says|reports|complains|with|took|called)\b`,
    String.raw`(?:he|she|they)\s(?:is|has|was|says|said|reports|took|can't|couldn't|just|started|developed|woke|keeps|now)\b`,
    String.raw`(?:his|her|their|pt'?s|patient'?s)\s(?:wife|husband|partner|mom|mother|dad|father|son|daughter|sister|brother|roommate)\s(?:says|said|called|found|reports|noticed)\b`,
    String.raw`(?:he|she|they)(?:'s|'ve)\s(?:had|taken|been|got|having|getting)\b`,
    // A person one looks after, and an event minutes or hours ago ("vet I follow texted 20 min ago").
    String.raw`(?:vet|veteran|client|resident|member|patient|pt|man|woman|lady|guy)\s(?:i|we)\s(?:follow|see|manage|care\sfor|look\safter|case[-\s]manage)\b`,
    String.raw`\d{1,3}\s?(?:min|mins|minutes|hrs?|hours?)\sago`,
    // The writer as the patient, telling a state now ("I'm having chemo", "my temp is 38.6", "I feel really awful").
    String.raw`(?:i'm|i\sam)\s(?:having|getting|bleeding|shaking|shivering|vomiting|\d{1,2}\s(?:weeks?|wks?)\spregnant)\b`,
    String.raw`my\s(?:temp|temperature|sugar|glucose|bp|blood\spressure|pulse|heart\srate|sats|oxygen)\s(?:is|was|'s|reads?|says)\b`,
    String.raw`i\s(?:feel|felt)\s(?:\w+\s)?(?:awful|dizzy|sick|faint|unwell|terrible|ill|weak|breathless|hot|cold|confused)\b`,
  ),
  currentReport: rx(
    String.raw`right\snow`,
    // Not how a team works at present ("at the moment we ask 'any chest pain?'").
    String.raw`at\sthe\smoment(?!,?\s(?:we|our\s\w+)\s(?:just\s|only\s|always\s|routinely\s)?(?:ask|use|do|have|give|offer|send|tell|say|don't|run|check|follow)\b)`,
    String.raw`as\swe\sspeak`,
    String.raw`currently\s(?:having|has|is)`,
    String.raw`(?:is|are)\s(?:having|seizing|bleeding|unresponsive)`,
    String.raw`(?:in|at)\s(?:my|the|our)\s(?:office|clinic|exam\sroom|waiting\sroom)\s(?:now|right\snow)`,
    String.raw`on\sthe\s(?:phone|line)\s(?:now|right\snow|with\sme)`,
    String.raw`just\s(?:called|now)`,
    String.raw`now\s(?:constant|worse|worsening|getting\sworse|unresponsive|confused|drowsy|seizing|bleeding)`,
  ),
};

// ---------------------------------------------------------------------------------------------------------------------
// The taxonomy

interface Emergency {
  category: EmergencyCategory;
  label: string;
  action: string;
  topicTerms: string[];
  test: (d: Doc, v: Vitals) => boolean;
  /** Flags this one makes redundant when both fire (the more specific explanation wins). */
  subsumes?: EmergencyCategory[];
}

/** An infant younger than `RED_FLAG_TUNING.sepsis.infantFeverWeeks` ("5 week old", "10 days old", "newborn"). */
function youngInfant(d: Doc): boolean {
  // The patient, not a newborn to come ("at risk of giving birth to a newborn with ...") nor "the neonatal period".
  if (/\b(?:(?<!(?:birth\sto|deliver\w*)\s(?:a|an|her|the)\s)newborn|neonate)\b/.test(d.text)) return true;
  for (const m of d.text.matchAll(/\b(\d{1,3})\s?-?\s?(days?|d|weeks?|wks?|months?|mos?)[-\s]?old\b/g)) {
    const n = Number(m[1]);
    const unit = m[2]!;
    const weeks = unit.startsWith('d') ? n / 7 : unit.startsWith('w') ? n : n * 4.35;
    if (weeks < T.sepsis.infantFeverWeeks) return true;
  }
  return false;
}

/** The gestation stated in weeks ("34 weeks pregnant", "34/40", "at 12 wks"), or NaN when none is. */
function gestationWeeks(d: Doc): number {
  const m =
    /\b(\d{1,2})\s?(?:\+\d\s?)?(?:weeks?|wks?|wk|w)\s(?:pregnant|gestation|ga\b|along|by\s)|(?<![\d/])(\d{1,2})(?:\+[0-6])?\/40\b|\b(?:at|is|i'm|i\sam|she's|we're)\s(?:now\s)?(\d{1,2})\s?(?:weeks?|wks?)\b(?!\s(?:ago|of|since|after|post|old|into))/.exec(
      d.text,
    );
  return m ? Number(m[1] ?? m[2] ?? m[3]) : NaN;
}

const recentAttempt = (d: Doc) =>
  d.has(new RegExp(`${C.recentSuicideAttempt.source}[^.;]{0,40}${C.recently.source}`)) ||
  d.has(new RegExp(`${C.recently.source}[^.;]{0,40}${C.recentSuicideAttempt.source}`));

/** A time set, anywhere in the message (with means and a method chosen: a plan). */
const SUICIDE_TIME = new RegExp(String.raw`\b(?:${TIMELINE})\b`);

/** C-SSRS screener items 4-6 (intent, plan, recent behaviour) answered yes: intent or a plan by definition. */
const CSSRS_INTENT =
  /\bc-?ssrs\b[^.]{0,40}\b(?:q|question|item|#)\s?[456]\b|\b(?:yes|positive|\+)\s(?:to|on)\s(?:c-?ssrs\s)?(?:q|question|item|#)\s?[456]\b/;
const suicidal = (d: Doc) => d.has(C.suicidalIdeation) || d.has(C.selfHarmAct);
/** A plan, a chosen method, means at hand (not secured; "bought a shotgun last week" is still at hand) or a time set for the act. */
const planOrMeans = (d: Doc) =>
  d.has(C.suicidePlan) ||
  d.has(C.suicideMethod) ||
  d.has(C.suicideTimeline) ||
  d.hasWhere(C.suicideMeans, (sentence) => !MEANS_SECURED.test(sentence), true);
/** "plans to use it on himself", "going to shoot herself": intent named with the act. */
const selfHarmIntent = (d: Doc) =>
  d.has(
    new RegExp(after(INTENT, `${C.selfHarmAct.source.slice(2)}|(?:overdose|od)\\s(?:on|with)|take\\san\\soverdose`, 4)),
    { threat: true },
  );
/** Preparation in a person with a mental-health context: pills counted out, letters written, belongings given away. */
const preparation = (d: Doc) =>
  (d.count(C.preparatory) >= 2 && (d.mentions(C.psychContext) || planOrMeans(d))) ||
  // Two kinds of preparation: letters left and pills stockpiled, in a mental-health context.
  (d.count(C.preparatory) >= 1 && d.has(C.suicideMethod) && d.mentions(C.psychContext)) ||
  // Ideation with one preparatory act (letters written, a pet given away) or self-harm that is escalating.
  (d.has(C.suicidalIdeation) && (d.count(C.preparatory) >= 1 || d.has(C.selfHarmEscalating)));

export const EMERGENCIES: readonly Emergency[] = [
  {
    category: 'suicide',
    label: 'suicidal intent with a plan, means or timeline',
    action:
      'Do not leave the patient alone. Call 911 or the 988 Suicide & Crisis Lifeline now (Veterans: dial 988, press 1) for an emergency evaluation today, and remove or lock away lethal means (firearms, stockpiled medication).',
    topicTerms: [
      'suicide',
      'suicidal',
      'lethal means',
      'crisis',
      'safety plan',
      'safety planning',
      'firearm',
      'self-directed violence',
      'self-harm',
      '988',
    ],
    test: (d) =>
      (suicidal(d) && planOrMeans(d)) ||
      (d.has(C.farewell) && (planOrMeans(d) || d.count(C.preparatory) >= 1)) ||
      // A means and a time set ("a rope in his garage and he'll do it tonight") in a mental-health or substance-use context.
      (d.has(C.suicideTimeline) &&
        (d.mentions(C.psychContext) || d.mentions(/\b(?:sud|oud|aud|moud|substance|addiction)\b/)) &&
        (d.has(C.suicideMethod) || d.hasWhere(C.suicideMeans, (sentence) => !MEANS_SECURED.test(sentence), true))) ||
      selfHarmIntent(d) ||
      recentAttempt(d) ||
      // An overdose intended, with a plan, a time or the means ("has a plan to overdose tonight on his saved up tablets"):
      // the act itself is the intent, whether or not a wish to die is also said.
      (d.has(OVERDOSE_INTENDED) && (d.has(C.suicideTimeline) || planOrMeans(d))) ||
      (d.has(C.despair) && (d.has(C.ingestion) || d.has(C.selfHarmAct))) ||
      // An overdose taken to die ("took 40 paracetamol because she wants it all to end") is an attempt.
      (suicidal(d) && d.has(C.ingestion)) ||
      // A plan told as its parts: means acquired, a place or method chosen and a time set ("bought a rope, picked a tree,
      // intends to go this weekend"), whatever the reason given for the visit.
      (d.count(C.preparatory) >= 1 && d.has(C.suicideMethod) && d.has(SUICIDE_TIME)) ||
      preparation(d) ||
      d.has(CSSRS_INTENT),
  },
  {
    category: 'homicide',
    label: 'intent to harm others',
    action:
      "Ensure everyone's safety and call 911 / security now; do not leave the patient alone; the duty to protect applies.",
    topicTerms: [
      'homicidal',
      'homicide',
      'violent',
      'harm to others',
      'harming others',
      'duty to protect',
      'duty to warn',
    ],
    test: (d) =>
      (d.has(C.homicidal) && (planOrMeans(d) || d.has(C.weaponAtHand))) ||
      d.has(C.harmOthersIntent, { threat: true }) ||
      // A weapon to hand and setting off to settle it with the person feared or blamed.
      (d.has(C.weaponAtHand) &&
        d.has(C.confrontTrip, { threat: true }) &&
        (d.mentions(C.persecutoryBelief) || d.mentions(C.psychContext))),
  },
  {
    category: 'cardiac_arrest',
    label: 'cardiac or respiratory arrest',
    action: 'Start CPR and call 911 / a code now; get a defibrillator (AED) on the patient.',
    topicTerms: ['cardiac arrest', 'resuscitation', 'cpr', 'defibrillation'],
    test: (d) =>
      d.has(C.noCentralPulse, { negatable: false }) ||
      ((d.has(C.arrest, { negatable: false }) ||
        (d.has(C.agonalLay) && d.has(C.lowConsciousness) && !d.has(/\bbreathing\s(?:normally|fine|ok)\b/))) &&
        !d.has(/\b(?:no\spulse\s(?:deficit|ox)|not\sbreathing\s(?:well|right|properly|through))/)),
    // Gasping in an arrest is agonal breathing: CPR, not the respiratory-failure line (sit up, oxygen, bronchodilator).
    subsumes: ['airway'],
  },
  {
    category: 'acs',
    label: 'possible acute coronary syndrome',
    action:
      'Call 911 / activate emergency response now: 12-lead ECG within 10 minutes, aspirin 162-325 mg chewed unless contraindicated; do not drive the patient in.',
    // Not plain 'myocardial infarction': 'beta-blockers after a recent myocardial infarction' does not fit an ongoing ACS.
    topicTerms: [
      'acute coronary syndrome',
      'acute myocardial infarction',
      'chest pain',
      'unstable angina',
      'troponin',
      'reperfusion',
    ],
    test: (d, v) =>
      d.has(C.acsWord) ||
      // Chest pain after cocaine or methamphetamine is treated as ACS until proven otherwise.
      (d.has(C.chestPain) &&
        d.mentions(/\b(?:cocaine|crack|meth|methamphetamine|amphetamines?|speed|stimulants?|ice)\b/)) ||
      (d.has(C.chestPain) &&
        (d.has(C.acsFeature) ||
          v.hypotension() ||
          v.hrAbove(T.vitals.hrHigh) ||
          v.minutesAtLeast(T.chestPainMinutes))) ||
      (d.has(C.anginalEquivalent) && d.has(/\b(?:diaphore\w+|sweat(?:ing|y)|clammy)\b/) && d.has(C.nausea)) ||
      (d.has(C.indigestion) &&
        d.has(/\b(?:diaphore\w+|clammy|cold\ssweats?|grey|gray|ashen)\b/) &&
        (d.has(C.nausea) || d.has(/\b(?:breathless\w*|short(?:ness)?\sof\sbreath|sob|dyspn\w+)\b/))),
  },
  {
    category: 'stroke',
    label: 'possible acute stroke or TIA (sudden focal deficit)',
    action:
      'Call 911 / activate the stroke code now and record the last-known-well time (BE-FAST: Balance, Eyes, Face, Arm, Speech, Time); thrombolysis and thrombectomy are time-critical. Nothing by mouth until swallowing is checked.',
    topicTerms: [
      'acute stroke',
      'acute ischemic stroke',
      'tia',
      'transient ischemic attack',
      'thrombolysis',
      'thrombectomy',
      'alteplase',
      'tenecteplase',
      'last known well',
      'be-fast',
    ],
    test: (d) => {
      // After a known earlier stroke, deficits are residual unless told as new or sudden ("now new slurred speech").
      const acute = d.has(C.sudden, { negatable: false }) || d.has(C.strokeStrong);
      if (!acute && (d.has(C.postStroke, { negatable: false }) || d.pastOnly(/\b(?:stroke|cva|tia|infarct|ich|sah)\b/)))
        return false;
      const face = d.has(C.faceSign);
      const speech = d.has(C.speechSign);
      const limb = d.has(C.limbSign);
      const signs = [face, speech, limb].filter(Boolean).length;
      if (d.has(C.strokeStrong) || signs >= 2) return true;
      // Sudden posterior-circulation signs (dizzy, double vision, cannot walk straight): two groups suffice.
      if (d.has(C.sudden, { negatable: false }) && C.posteriorSigns.filter((re) => d.has(re)).length >= 2) return true;
      if (face || speech) return true;
      // A weak or numb limb alone: only when one-sided or sudden (a chronic radiculopathy is neither).
      // Leg weakness with back pain is a spinal problem (see cauda_equina), not a stroke.
      if (limb && (d.mentions(C.backPain) || d.has(C.limbIschemia))) return false;
      // Both legs weak ("weak in her legs") and no side named: metabolic (potassium) or spinal, not a stroke.
      if (limb && !d.has(C.laterality) && d.has(C.bothLegsWeak)) return false;
      return limb && (d.has(C.laterality) || d.has(C.sudden, { negatable: false }));
    },
  },
  {
    category: 'thunderclap_headache',
    label: 'thunderclap headache (possible subarachnoid haemorrhage)',
    action: 'Send to the emergency department now for CT head (and LP if CT is negative); do not treat as migraine.',
    topicTerms: ['subarachnoid', 'subarachnoid hemorrhage', 'thunderclap', 'lumbar puncture'],
    test: (d) => d.has(C.thunderclap),
  },
  {
    category: 'anaphylaxis',
    label: 'possible anaphylaxis',
    action:
      'Give IM epinephrine 0.5 mg (0.3 mg in smaller adults; 0.01 mg/kg in children) into the outer thigh now and call 911; repeat in 5-15 minutes if no better; lay flat with legs raised.',
    topicTerms: ['anaphylaxis', 'epinephrine', 'allergic reaction', 'angioedema'],
    test: (d, v) =>
      (d.has(C.anaphylaxis) && !d.has(/\ballerg\w*\b[^.]{0,40}anaphyla/)) ||
      (d.has(C.airwaySwelling) && (d.mentions(C.allergenExposure) || d.has(C.hives))) ||
      (d.has(C.hives) && (d.has(C.breathingTrouble) || v.hypotension()) && d.mentions(C.allergenExposure)),
    subsumes: ['airway'],
  },
  {
    category: 'overdose',
    label: 'possible overdose or toxic ingestion',
    action:
      'Call 911 now. If opioids are possible, give naloxone now (4 mg intranasal, repeat every 2-3 minutes) and support breathing (rescue breaths / bag-mask), then place in the recovery position and stay with the patient. Other ingestions: Poison Control (US) 1-800-222-1222.',
    topicTerms: [
      'overdose',
      'opioid overdose',
      'naloxone',
      'poisoning',
      'toxicity',
      'ingestion',
      'respiratory depression',
    ],
    test: (d, v) =>
      d.has(C.overdoseWord) ||
      // "<drug or class> OD" ("TCA OD", "tylenol OD") with a sign of toxicity: unresponsive, a GCS drop, a QRS of 120 ms or
      // more. Not drowsiness alone: "OD" is also "once daily" ("timolol OD"), and sedating drugs make people drowsy.
      (d.has(/(?<=\b[a-z]{3,}\s)od\b(?!\s?\d)/) &&
        (d.has(C.lowConsciousness) ||
          v.gcsLowOrDropped() ||
          d.has(
            /\bqrs\s(?:widen\w*|wide|prolong\w*)|wide(?:ned)?\sqrs|\bqrs\s(?:(?:of|is|was|=|:)\s?)?(?:1[2-9]\d|2\d\d)\s?ms\b/,
          ))) ||
      d.has(C.ingestion) ||
      d.has(C.childIngestion) ||
      d.has(C.naloxone) ||
      // The opioid toxidrome itself: pinpoint pupils with unresponsiveness or slow breathing, whatever the history says.
      // Pupils told in lay words too: "pupils tiny", "tiny pupils", "pupils like pinpricks".
      (d.has(
        /\b(?:pinpoint|pinned|pin-?pricks?)\b|\bpupils?\s(?:are\s|were\s|look\s|looked\s)?(?:really\s|very\s|so\s)?(?:tiny|pin-?\w*|like\spin\w*)|\b(?:tiny|pin-?sized?)\spupils?\b/,
      ) &&
        (d.has(C.lowConsciousness) || v.rrBelow(T.vitals.rrLow))) ||
      // Sedatives taken (alcohol, benzodiazepines, z-drugs) and now cannot be roused.
      (d.has(/\b(?:took|taken|swallowed|ingested|downed)\b/) &&
        d.mentions(C.sedative) &&
        d.has(
          /\b(?:unresponsive(?!\sto)|unconscious|unarousable|comatose|found\sdown|not\srespond\w*|(?:can't|couldn't|won't|unable\sto)\s(?:wake|rouse|arouse))\b/,
        )) ||
      // Lithium toxicity: coarse tremor, unsteadiness or confusion with vomiting or diarrhoea in a patient on lithium.
      (d.mentions(/\blithium\b/) &&
        (d.has(C.posteriorSigns[2]!) || d.has(/\bcoarse\stremor\b/)) &&
        (d.has(C.alteredMental) || d.has(/\bvomit\w*|diarrh\w+/))) ||
      d.has(/\b(?:lithium|digoxin|dig)\s(?:toxicity|level\s(?:of\s|is\s|was\s)?(?:[3-9]|2\.\d))/) ||
      (d.mentions(C.opioid) && (d.has(C.respDepression) || v.rrBelow(T.vitals.rrLow))),
    subsumes: ['airway', 'unresponsive'],
  },
  {
    category: 'airway',
    label: 'respiratory failure, airway compromise or a severe asthma/COPD attack',
    action:
      'Call 911 / rapid response now; sit the patient up, give oxygen and continuous bronchodilator; prepare to support the airway.',
    topicTerms: [
      'respiratory failure',
      'acute exacerbation',
      'exacerbation',
      'severe asthma',
      'asthma attack',
      'copd exacerbation',
      'bronchodilator',
    ],
    test: (d, v) =>
      d.has(C.airway) ||
      (v.spo2Below(T.vitals.spo2Low) && !(d.mentions(C.chronicHypoxaemia) && !d.has(C.acuteBreathing))) ||
      (d.has(C.breathingContext) &&
        (d.has(C.rescueFailing) ||
          v.rrAbove(T.vitals.rrHigh) ||
          (d.has(C.severeRespFeature) && d.has(/\b(?:asthma|copd|attack|exacerbation|flare)\b/)))),
  },
  {
    category: 'sepsis',
    label: 'possible sepsis or septic shock',
    action:
      'Treat as sepsis now: send to the emergency department / call a rapid response; cultures, lactate, IV fluids and antibiotics within the hour.',
    topicTerms: ['sepsis', 'septic shock', 'lactate', 'fluid resuscitation'],
    test: (d, v) => {
      if (d.has(C.sepsisWord)) return true;
      // Fever during chemotherapy is neutropenic fever until the count says otherwise.
      if (d.has(C.onChemo) && (d.has(C.fever) || v.tempAtLeast(T.vitals.feverC))) return true;
      // Fever without a spleen, or on immunosuppression after a transplant: overwhelming infection until shown otherwise.
      if (
        d.mentions(
          /\b(?:asplen\w+|splenectomy|no\sspleen|(?:kidney|liver|heart|lung|organ|stem\scell|bone\smarrow)\stransplant\w*)\b/,
        ) &&
        (d.has(C.fever) || v.tempAtLeast(T.vitals.feverC))
      )
        return true;
      // Necrotising soft-tissue infection: crepitus or pain out of proportion with an infection.
      if (
        (d.has(/\bcrepitus\b/) || d.has(/\bpain\sout\sof\sproportion\b/)) &&
        (d.has(C.infection) || v.tempAtLeast(T.vitals.feverC))
      )
        return true;
      // Fever in a person who injects drugs is endocarditis or a deep infection until shown otherwise.
      if (
        d.has(
          /\b(?:ivdu|pwid|iv\sdrug\s(?:use|user)|injects?\s(?:drugs|heroin|meth|fentanyl)|injection\sdrug\s(?:use|user))\b/,
        ) &&
        (d.has(C.fever) || v.tempAtLeast(T.vitals.feverC))
      )
        return true;
      const fever = d.has(C.fever) || v.tempAtLeast(T.vitals.feverC);
      // Fever in a young infant is sepsis until shown otherwise.
      if (fever && youngInfant(d)) return true;
      // Puerperal sepsis: fever in the weeks after a birth with confusion, a foul loss or a failing circulation.
      if (
        fever &&
        d.mentions(C.postpartum) &&
        (d.has(C.alteredMental) || d.has(C.foulLoss) || v.hypotension() || v.hrAbove(T.vitals.hrHigh))
      )
        return true;
      const infection = d.has(C.infection) || fever;
      if (!infection) return false;
      if (d.has(C.recentSurgery) && v.hrAbove(T.sepsis.postOpHr)) return true;
      // qSOFA (RR >= 22, SBP <= 100, altered mentation) with a high fever (>= 39 °C) and severe tachycardia: two of five.
      const qsofa = [
        v.rrAbove(T.sepsis.qsofaRr - 1),
        v.sbpBelow(T.sepsis.qsofaSbp + 1),
        d.has(C.alteredMental),
        v.tempAtLeast(T.vitals.feverHighC),
        v.hrAbove(T.vitals.hrHigh),
      ].filter(Boolean).length;
      return d.has(C.organDysfunction) || v.hypotension() || v.lactateAtLeast(T.sepsis.lactate) || qsofa >= 2;
    },
  },
  {
    category: 'hypoglycemia',
    label: 'severe hypoglycaemia',
    action:
      'Treat now: if awake and able to swallow safely, 15-20 g fast glucose by mouth; if confused, drowsy or unable to swallow, nothing by mouth: give glucagon (IM/intranasal) or IV dextrose and call 911.',
    topicTerms: ['hypoglycemia', 'hypoglycaemia', 'severe hypoglycemia', 'glucagon', 'dextrose'],
    test: (d, v) =>
      v.glucoseBelow(T.glucose.lowMgdl) ||
      d.has(C.hypoSevere) ||
      (d.has(C.unwellWithGlucose) && (!v.glucoseGiven() || v.glucoseBelow(T.glucose.alertMgdl))) ||
      (d.has(C.hypoWord) &&
        (d.has(C.lowConsciousness) || d.has(C.alteredMental) || d.has(C.seizureWord) || d.has(C.unsafeSwallow))) ||
      // The picture of a low without the word or a reading: on insulin or a sulfonylurea, sweating or shaking, and
      // confused, drowsy or talking nonsense (neuroglycopenia). Not with a fever (rigors) or a reading of 70 or more.
      (d.mentions(C.hypoRiskTreatment) &&
        d.has(C.adrenergicSigns) &&
        (d.has(C.alteredMental) || d.has(C.lowConsciousness) || d.has(C.speechSign)) &&
        !d.has(C.fever) &&
        !v.tempAtLeast(T.vitals.feverC) &&
        (!v.glucoseGiven() || v.glucoseBelow(T.glucose.alertMgdl))),
    subsumes: ['unresponsive'],
  },
  {
    category: 'dka_hhs',
    label: 'possible diabetic ketoacidosis or hyperosmolar hyperglycaemic state',
    action:
      'Send to the emergency department now (911 if drowsy, confused or vomiting persistently): IV fluids, insulin infusion and potassium under monitoring; stop SGLT2 inhibitors.',
    topicTerms: [
      'diabetic ketoacidosis',
      'dka',
      'hyperosmolar',
      'hyperglycemic crisis',
      'ketones',
      'ketoacidosis',
      'insulin infusion',
      'sick day',
    ],
    test: (d, v) => {
      // Treated and resolving: ketones cleared, stepping down from the insulin infusion to subcutaneous insulin.
      if (
        d.has(
          /\bketones?\s(?:have\s|has\s)?(?:cleared|resolved|normali[sz]ed|negative)|\b(?:dka|ketoacidosis)\s(?:has\s)?(?:resolved|resolving|cleared)|\b(?:switch|transition|step)\w*\s(?:\w+\s){0,2}from\s(?:the\s)?(?:friii|vrii|insulin\s(?:drip|infusion|gtt))/,
        )
      )
        return false;
      if (d.has(C.dkaWord)) return true;
      const high = v.glucoseAbove(T.glucose.dkaMgdl);
      const ketosis = d.has(C.ketones) || v.acidosis() || d.has(C.acidosisSign);
      if (high && ketosis) return true;
      if (
        v.glucoseAbove(T.glucose.hhsMgdl - 1) &&
        (d.has(C.alteredMental) || d.has(C.lowConsciousness) || v.osmAbove(T.glucose.hhsOsm))
      )
        return true;
      // The picture without numbers: diabetes (or ketones) with vomiting and acidotic breathing, or with ketones.
      const diabetes = d.mentions(C.diabetes);
      if (diabetes && d.has(C.acidosisSign) && (d.has(C.dkaPicture) || d.has(C.dkaPicture2))) return true;
      if (diabetes && d.has(C.ketoticBreath) && (d.has(C.dkaPicture) || d.has(C.dkaPicture2) || d.has(C.alteredMental)))
        return true;
      if (diabetes && d.has(C.ketones) && (d.has(C.dkaPicture) || d.has(C.dkaPicture2) || high)) return true;
      if (diabetes && high && d.has(C.dkaPicture) && d.has(C.dkaPicture2)) return true;
      // New diabetes, unnamed: thirst and urine, then vomiting or drowsiness with acidotic breathing.
      if (
        d.has(C.osmoticSymptoms) &&
        (d.has(C.acidosisSign) || d.has(C.ketoticBreath)) &&
        (d.has(C.dkaPicture) || d.has(C.alteredMental))
      )
        return true;
      return false;
    },
  },
  {
    category: 'pe',
    label: 'possible pulmonary embolism',
    action:
      'Send to the emergency department now (911 if hypotensive, hypoxic or syncopal) for CT pulmonary angiography and anticoagulation.',
    topicTerms: ['pulmonary embolism', 'venous thromboembolism', 'vte', 'dvt', 'deep vein thrombosis'],
    test: (d, v) =>
      d.has(C.peWord) ||
      (d.has(C.peSymptom) &&
        (d.mentions(C.peRisk) || d.mentions(C.recentSurgery)) &&
        (v.hrAbove(T.peHr) || v.spo2Below(T.vitals.spo2Low) || d.has(C.peSign) || v.hypotension())) ||
      // Right-heart strain on echo or ECG with a risk factor, in shock or hypoxic.
      (d.has(C.rightHeartStrain) && d.mentions(C.peRisk) && (v.hypotension() || v.spo2Below(T.vitals.spo2Low))) ||
      // The work-up pointing at PE (a high Wells score, a raised D-dimer, right-heart strain) in a patient tachycardic or hypoxic.
      (d.count(C.peWorkup) >= 2 &&
        (v.hrAbove(T.peHr) || v.spo2Below(T.vitals.spo2Low) || d.has(/\b(?:tachy\w*|hypox\w+|desat\w*)\b/))),
  },
  {
    category: 'gi_bleed',
    label: 'possible major gastrointestinal bleeding',
    action:
      'Send to the emergency department now (911 if dizzy, fainting or hypotensive); hold anticoagulants and antiplatelets pending assessment.',
    topicTerms: [
      'gastrointestinal bleeding',
      'gi bleeding',
      'gi bleed',
      'upper gi bleeding',
      'hemorrhage',
      'transfusion',
      'endoscopy',
    ],
    test: (d, v) =>
      d.has(C.giBleedMajor) ||
      (d.has(C.giBleedSign) && (d.has(C.instability) || v.hypotension() || v.hrAbove(T.giBleedHr - 1))),
  },
  {
    category: 'hypertensive_emergency',
    label: 'hypertensive emergency (severe BP with end-organ signs)',
    action:
      'Send to the emergency department now for monitored, controlled BP lowering and end-organ work-up; do not drop BP rapidly by mouth in clinic.',
    topicTerms: [
      'hypertensive emergency',
      'hypertensive crisis',
      'hypertensive urgency',
      'severe hypertension',
      'end-organ',
      'target organ damage',
    ],
    test: (d, v) => d.has(C.bpCrisisWord) || (v.bpAtLeast(T.bp.severeSys, T.bp.severeDia) && d.has(C.endOrgan)),
  },
  {
    category: 'obstetric_emergency',
    label: 'obstetric emergency (pre-eclampsia with severe features, eclampsia or obstetric haemorrhage)',
    action:
      'Call 911 / the obstetric rapid response now. Seizure or severe-range BP (>= 160/110): magnesium sulfate and BP lowering within 30-60 minutes; heavy bleeding: haemorrhage protocol, two large-bore IVs, uterotonics.',
    // Not plain 'preeclampsia': aspirin to prevent it, or its lifetime cardiovascular risk, do not fit the emergency.
    topicTerms: [
      'eclampsia',
      'severe features',
      'magnesium sulfate',
      'postpartum hemorrhage',
      'obstetric hemorrhage',
      'severe range',
      'hellp',
      'placental abruption',
    ],
    test: (d, v) => {
      if (d.has(C.eclampsiaWord)) return true;
      const pregnant = d.mentions(C.pregnant);
      if (!pregnant) return false;
      if (v.bpAtLeast(T.bp.pregnancySevereSys, T.bp.pregnancySevereDia)) return true;
      if (
        v.bpAtLeast(T.bp.pregnancySys, T.bp.pregnancyDia) &&
        (d.has(C.obSevereFeature) || v.plateletsBelow(T.plateletsLow))
      )
        return true;
      // No BP given (a woman at home): her own symptoms of pre-eclampsia together, from 20 weeks on.
      if (
        !v.bpGiven() &&
        !(gestationWeeks(d) < T.preEclampsia.fromWeeks) &&
        C.preEclampsiaSymptoms.filter((re) => d.has(re)).length >= T.preEclampsia.symptomsWithoutBp
      )
        return true;
      return (
        d.has(C.seizureWord) ||
        d.has(C.obBleeding) ||
        (d.has(/\bbleed\w*/) && d.has(C.obPainSevere)) ||
        d.has(/\bsevere\s(?:\w+\s)?(?:abdominal|belly|pelvic|lower\sabdominal|one-sided)\spain\b/) ||
        // Fetal bradycardia: "FHR in the 90s", "fetal heart 80".
        d.has(
          /\b(?:fhr|fetal\sheart(?:\srate|\stones?)?|fht)\s(?:(?:is|was|in\sthe|of|down\sto|dropped\sto|~)\s){0,2}(?:[4-9]\d|10\d)s?\b/,
        ) ||
        d.has(
          /\b(?:decreased|reduced|no)\sfetal\smovements?|baby\s(?:hasn't|has\snot|isn't|is\snot|stopped|not)\s(?:been\s)?mov(?:ed|ing)\b/,
        ) ||
        (d.has(/\b(?:pelvic|abdominal|belly|lower\sabdominal)\spain|shoulder[-\s]tip\spain\b/) &&
          (d.has(C.instability) || v.hypotension()))
      );
    },
    subsumes: ['hypertensive_emergency', 'status_epilepticus'],
  },
  {
    category: 'alcohol_withdrawal',
    label: 'severe alcohol withdrawal (seizures, hallucinations or delirium) or Wernicke encephalopathy',
    action:
      'Send to the emergency department now (911 if seizing or delirious): benzodiazepines per protocol, thiamine before glucose, monitored setting.',
    topicTerms: [
      'alcohol withdrawal',
      'withdrawal syndrome',
      'delirium tremens',
      'withdrawal seizures',
      'ciwa',
      'thiamine',
      'medically supervised withdrawal',
    ],
    test: (d, v) =>
      // Wernicke: confusion with unsteadiness or abnormal eye movements in a drinker or after bariatric surgery or
      // prolonged vomiting (thiamine before glucose).
      ((d.mentions(C.alcohol) ||
        d.mentions(
          /\b(?:bariatric|gastric\s(?:bypass|sleeve)|sleeve\sgastrectomy|hyperemesis|malnutrition|malnourished)\b/,
        )) &&
        d.has(C.alteredMental) &&
        (d.has(C.posteriorSigns[2]!) ||
          d.has(C.posteriorSigns[1]!) ||
          d.has(/\bnystagmus|ophthalmopleg\w+|eyes?\s(?:are\s)?(?:jerking|twitching|flicking|bouncing)/))) ||
      d.has(/\b(?:delirium\stremens|dts|withdrawal\sseiz\w+|alcohol\swithdrawal\sdelirium)\b/) ||
      v.ciwaAtLeast(T.ciwaSevere) ||
      ((d.mentions(C.alcohol) || d.mentions(/\bdetox\w*/)) &&
        d.mentions(C.withdrawal) &&
        (d.has(C.withdrawalSevere) ||
          v.ciwaAtLeast(T.ciwaSevere) ||
          // Agitation or confusion is scored by the CIWA: a lower stated score, or "mild withdrawal", says it is not delirium.
          (d.has(C.withdrawalDelirium) && !v.ciwaStated() && !d.has(/\bmild\s(?:\w+\s)?withdrawal\b/)))),
  },
  {
    category: 'serotonin_nms',
    label: 'possible serotonin syndrome or neuroleptic malignant syndrome',
    action:
      'Send to the emergency department now (911 if temperature >= 39 °C, rigid or confused): stop the serotonergic or antipsychotic drug, cool, benzodiazepines, monitored care.',
    topicTerms: [
      'serotonin syndrome',
      'serotonin toxicity',
      'neuroleptic malignant syndrome',
      'hyperthermia',
      'rigidity',
    ],
    test: (d, v) => {
      if (d.has(C.serotoninWord)) return true;
      const hot = v.tempAtLeast(T.vitals.feverHighC);
      const specific = d.has(C.serotoninSpecific) || hot;
      if (
        d.mentions(C.serotonergic) &&
        specific &&
        (d.has(C.serotoninOther) ||
          [d.has(/\bclonus|hyperreflexi\w+|brisk\sreflexes/), hot, d.has(/\brigid\w*/)].filter(Boolean).length >= 2)
      )
        return true;
      return (
        d.mentions(C.antipsychotic) &&
        d.has(C.rigidity) &&
        (d.has(C.fever) || hot || d.has(C.alteredMental) || v.hrAbove(T.vitals.hrHigh))
      );
    },
    subsumes: ['sepsis'],
  },
  {
    category: 'cauda_equina',
    label: 'possible cauda equina syndrome',
    action: 'Same-day emergency MRI and spinal surgical assessment: send to the emergency department now.',
    topicTerms: [
      'cauda equina',
      'red flags',
      'urinary retention',
      'saddle anesthesia',
      'neurologic deficit',
      'progressive neurologic',
      'spinal cord compression',
      'epidural abscess',
    ],
    test: (d, v) =>
      d.has(/\bcauda\sequina\ssyndrome\b|\b(?:spinal\s)?(?:cord\scompression|epidural\sabscess)\b/) ||
      (d.mentions(C.backPain) && d.has(C.caudaEquina)) ||
      // Spinal infection or metastatic compression: back pain with fever or cancer and a new neurological deficit.
      (d.has(C.backPain) &&
        (d.has(C.fever) ||
          v.tempAtLeast(T.vitals.feverC) ||
          d.mentions(/\b(?:cancer|malignan\w+|metasta\w+|ivdu|iv\sdrug|injects?\sdrugs|injection\sdrug)\b/)) &&
        d.has(
          /\b(?:new|progressive|worsening)\s(?:\w+\s)?(?:leg\s)?(?:weakness|numbness|foot\sdrop)|legs?\s(?:\w+\s)?(?:giving\sout|getting\sweak|gave\sout)|(?:can't|unable\sto)\s(?:walk|stand)\b/,
        )),
  },
  {
    category: 'status_epilepticus',
    label: 'prolonged or repeated seizures (status epilepticus)',
    action:
      'Call 911 now; give a benzodiazepine per protocol (buccal/intranasal midazolam or rectal diazepam outside hospital); protect from injury, nothing in the mouth, recovery position.',
    topicTerms: ['status epilepticus', 'prolonged seizure', 'prolonged seizures', 'midazolam', 'lorazepam'],
    test: (d, v) =>
      d.has(C.statusEpilepticus) ||
      (d.has(C.seizureWord) &&
        (v.minutesAtLeast(T.seizureMinutes) ||
          d.has(/\b(?:still|keeps|is)\s(?:seizing|shaking|convulsing|fitting|jerking|twitching)\b/) ||
          d.has(C.seizuresWithoutRecovery))),
  },
  {
    category: 'limb_ischemia',
    label: 'possible acute limb ischaemia or compartment syndrome',
    action:
      'Send to the emergency department now for urgent vascular assessment (heparin and revascularisation are time-critical: hours, not days).',
    topicTerms: [
      'limb ischemia',
      'acute limb ischemia',
      'revascularization',
      'vascular surgery',
      'limb-threatening',
      'gangrene',
    ],
    test: (d) =>
      d.has(C.limbIschemiaWord) ||
      // Compartment syndrome: pain out of proportion with a tense limb, or named.
      d.has(/\bcompartment\ssyndrome\b/) ||
      (d.has(/\bpain\sout\sof\sproportion\b/) && d.has(/\b(?:tense|tight|rock[-\s]hard|woody)\b/)) ||
      (d.has(C.limbIschemia) &&
        d.has(C.limbIschemiaSevere) &&
        d.has(
          /\b(?:cold|pale|white|pulseless|no\s(?:\w+\s)?pulses?|mottled|marble\w*|can't\s(?:find|feel)\s(?:a\s)?pulses?)\b/,
        )),
  },
  {
    category: 'meningitis',
    label: 'possible meningitis (fever with neck stiffness, petechial rash or confusion)',
    action:
      'Send to the emergency department now (911 if drowsy or a non-blanching rash); do not delay antibiotics for imaging or lumbar puncture.',
    topicTerms: ['meningitis', 'meningococcal', 'lumbar puncture', 'encephalitis'],
    test: (d, v) => {
      const prevention = d.mentions(
        /\b(?:meningitis|meningococcal)\s(?:\w+\s)?(?:vaccines?|vaccination|shot|booster|b\b|acwy)|menacwy|menb\b|prophyla\w+|contacts?\sof\b|close\scontacts?|public\shealth|exposed\sto\b|exposure\sto\b/,
      );
      if (d.has(C.meningitisWord) && !prevention) return true;
      const fever = d.has(C.fever) || v.tempAtLeast(T.vitals.feverC);
      if (
        d.has(C.nonBlanchingRash) &&
        (d.has(C.headacheOrPhotophobia) || d.has(/\bvomit\w*/) || d.has(C.alteredMental))
      )
        return true;
      return fever && (d.has(C.meningismus) || (d.has(C.headacheOrPhotophobia) && d.has(C.alteredMental)));
    },
  },
  {
    category: 'head_injury',
    label: 'head injury with red flags (possible intracranial bleeding)',
    action:
      'Send to the emergency department now for CT head (911 if drowsy, vomiting repeatedly, seizing or on an anticoagulant and deteriorating); do not drive the patient yourself.',
    // Not 'neuroimaging': the mTBI advice against routine imaging contradicts 'CT head now'.
    topicTerms: ['head injury', 'head trauma', 'intracranial', 'head ct', 'deteriorating'],
    test: (d, v) => {
      const recent = d.has(C.recentEvent, { negatable: false });
      const redFlag =
        d.has(C.headInjuryRedFlag) || d.has(C.alteredMental) || d.has(C.lowConsciousness) || v.gcsLowOrDropped();
      // On an anticoagulant, a head injury days or weeks back with a red flag now may be a slow (subdural) bleed.
      if (redFlag && d.has(C.anticoagulant) && d.mentions(C.headInjury)) return true;
      // A fall today followed by drowsiness or confusion is a head injury until imaged, whether or not the head is named.
      if (!d.has(C.headInjury)) return recent && redFlag && d.has(C.fall);
      // A blown or unequal pupil after a head injury is an emergency whenever the injury was.
      if (
        d.has(
          /\b(?:unequal|asymmetric|blown|fixed\sand\sdilated)\s(?:\w+\s)?pupils?|anisocoria|(?:one|(?:the\s|his\s|her\s)?(?:left|right|l|r|lt|rt))\spupil\s(?:is\s|looks\s|seems\s|appears\s)?(?:much\s|a\slot\s|slightly\s)?(?:bigger|larger|dilated|blown|wider)/,
        )
      )
        return true;
      return (
        // "vomited twice since": since the injury.
        ((recent || d.has(/\b(?:since|after)\s(?:the\s)?(?:fall|injury|accident|hit)\b|\bsince(?=\s*(?:[,.;]|$))/)) &&
          (redFlag || d.has(C.anticoagulant))) ||
        // "fell down stairs, hit head, now vomiting and drowsy": a red flag said to be present now.
        (redFlag && d.has(/\bnow\b/))
      );
    },
    subsumes: ['unresponsive'],
  },
  {
    category: 'hyperkalemia',
    label: 'possible severe hyperkalaemia or fluid overload in kidney failure',
    action:
      'Send to the emergency department now (911 if weak, short of breath or with ECG changes): ECG on arrival, IV calcium and potassium-lowering therapy, urgent dialysis if needed.',
    topicTerms: ['hyperkalemia', 'hyperkalaemia', 'potassium', 'dialysis', 'kidney failure'],
    test: (d, v) =>
      !d.mentions(/\b(?:ha?emoly[sz]ed|ha?emolysis|pseudo-?hyperkal(?:a)?emia)\b/) &&
      (v.potassiumAtLeast(T.potassium.severe) ||
        (v.potassiumAtLeast(T.potassium.withFeatures) && (d.has(C.hyperkFeature) || d.mentions(C.kidneyFailure))) ||
        (d.has(C.missedDialysis) && d.has(C.hyperkFeature))),
  },
  {
    category: 'giant_cell_arteritis',
    label: 'possible giant cell arteritis with visual symptoms',
    action:
      'Same-day emergency assessment: start high-dose glucocorticoids now (do not wait for the biopsy) and arrange urgent ophthalmology review.',
    topicTerms: ['giant cell arteritis', 'temporal arteritis', 'glucocorticoid', 'vision loss'],
    test: (d) => d.mentions(C.gcaContext) && d.has(C.visualLoss),
  },
  {
    category: 'septic_arthritis',
    label: 'possible septic arthritis (hot swollen joint with fever)',
    action:
      'Same-day emergency assessment: joint aspiration and cultures before antibiotics; do not inject steroid into the joint.',
    topicTerms: [
      'septic arthritis',
      'joint infection',
      'prosthetic joint infection',
      'joint aspiration',
      'arthrocentesis',
    ],
    test: (d, v) =>
      d.has(/\bseptic\s(?:arthritis|joint)\b/) ||
      (d.has(C.hotJoint) &&
        (d.has(C.fever) || v.tempAtLeast(T.vitals.feverC)) &&
        (d.has(C.jointSevere) || d.has(/\b(?:hot|warm)\b/))) ||
      // A named joint that cannot bear weight or be moved, with fever, and hot or swollen or a high fever (the child's hip).
      (d.mentions(/\b(?:hip|knee|ankle|shoulder|elbow|wrist|joint)s?\b/) &&
        (d.has(C.fever) || v.tempAtLeast(T.vitals.feverC)) &&
        d.has(C.jointUnusable) &&
        (d.has(/\b(?:hot|warm|swollen|swelling|red)\b/) || v.tempAtLeast(T.septicArthritis.feverC))) ||
      (d.mentions(
        /\b(?:hip|knee|shoulder|joint)\s(?:replacement|arthroplasty|prosthes\w+)|\bprosthetic\s(?:hip|knee|shoulder|joint)|\b[th][hk]r\b/,
      ) &&
        (d.has(C.fever) || v.tempAtLeast(T.vitals.feverC)) &&
        d.has(C.jointSevere)),
  },
  {
    category: 'aortic',
    label: 'possible aortic dissection or ruptured aortic aneurysm',
    action:
      'Call 911 / send to the emergency department now for CT angiography and vascular or cardiothoracic surgery; control heart rate and BP; no thrombolysis or anticoagulation until dissection is excluded.',
    topicTerms: ['aortic dissection', 'aortic aneurysm', 'abdominal aortic aneurysm', 'aaa', 'rupture'],
    test: (d, v) => {
      if (d.has(C.aorticWord)) return true;
      const pain = d.has(/\b(?:pain|ache|hurts?)\b/);
      // Tearing or ripping pain through to the back, a pulse or pressure differential, or a widened mediastinum.
      if (d.has(/\b(?:tearing|ripping|rip|tear)\b[^.;]{0,30}\b(?:pain|chest|back|interscapular|abdo\w*)\b/))
        return true;
      if (pain && d.has(C.aorticSign)) return true;
      // A known aneurysm with sudden pain, collapse or low pressure.
      return (
        d.mentions(
          // The aorta in lay words too: "a swelling on the main artery in his tummy", "the big blood vessel".
          /\b(?:aaa|triple\sa|aortic\saneurysm|aneurysm|(?:bulge|swelling|ballooning|widening|weak\sspot|balloon)\s(?:\w+\s){0,2}(?:aorta|aortic|(?:main|big|biggest|large)\s(?:blood\s)?(?:artery|vessel|pipe))|(?:aorta|aortic|(?:main|big|biggest|large)\s(?:blood\s)?(?:artery|vessel))\s(?:\w+\s){0,3}(?:bulge|bulging|swelling|swollen|ballooning|widening|widened|stretched|enlarged))\b/,
        ) &&
        (d.has(/\bsudden\w*\b[^.;]{0,30}\b(?:pain|abdo\w*|back)\b/) ||
          d.has(C.instability) ||
          v.hypotension() ||
          d.has(/\bpulsatile\smass\b/))
      );
    },
  },
  {
    category: 'testicular_torsion',
    label: 'possible testicular torsion',
    action:
      'Send to the emergency department now for same-hour urology review (the testis is salvageable within about 6 hours); do not wait for an ultrasound.',
    topicTerms: ['testicular torsion', 'torsion', 'scrotal pain', 'urology'],
    test: (d) =>
      d.has(
        /\b(?:testicular|testis|testicle|spermatic\scord)\storsion\b|\btorsion\b[^.;]{0,40}\b(?:testi\w*|scrot\w*)\b/,
      ) ||
      d.has(/\b(?:testi\w*|scrot\w*)\b[^.;]{0,40}\btorsion\b/) ||
      (d.has(
        /\b(?:testi\w*|scrot\w*|groin|balls)\s(?:pain|swelling|ache)|\b(?:testi\w*|scrot\w*|balls|(?:my|his|your|ur|one|left|right|lt|rt)\sball|privates)\b[^.;]{0,30}\b(?:tender|swollen|painful|hurting|hurt|hurts|sore)\b|\bpain\s(?:in|of)\s(?:one\sof\s(?:his|the)\s|(?:the\s|his\s|her\s)?(?:left\s|right\s|l\s|r\s|one\s)?)(?:testi\w*|scrot\w*|balls?)\b|\bpain\s(?:in|of|down)\s(?:his|the\sboy's|my\sson's)\s(?:privates|private\sparts|nuts|crown\sjewels)\b/,
      ) &&
        d.has(
          /\bsudden\w*|out\sof\s(?:nowhere|the\sblue)|woke\s(?:\w+\s){0,2}with|woke\s(?:him|her|them)\s(?:up|in\sthe\snight)|vomit\w*|threw\sup|throwing\sup|been\ssick|high[-\s]riding|(?:looks|sits|sitting|is|lies|hangs)\s(?:\w+\s)?higher|horizontal\w*|absent\scremaster\w*|cremasteric\sreflex\s(?:absent|negative)|severe\b|(?:since|for)\s(?:about\s|around\s)?(?:\d{1,2}|an?|one|two|three|a\sfew)\s?(?:hours?|hrs?)\b/,
        )),
  },
  {
    category: 'ectopic_pregnancy',
    label: 'possible ruptured ectopic pregnancy',
    action:
      'Call 911 / send to the emergency department now (two large-bore IVs, crossmatch, gynaecology on call); a positive pregnancy test with pain and faintness is ectopic until proven otherwise.',
    topicTerms: ['ectopic pregnancy', 'ectopic', 'early pregnancy', 'pregnancy of unknown location'],
    test: (d, v) => {
      if (d.has(/\b(?:ruptured|leaking|suspected|possible|likely|\?)\s?ectopic\b/)) return true;
      const early = d.mentions(
        /\b(?:missed\s(?:a\s)?period|late\speriod|period\s(?:is\s|was\s|'s\s)?(?:\w+\s){0,3}(?:late|overdue)|lmp\s\d|\d{1,2}\s?(?:weeks?|wks?)\s(?:since|from|after)\s(?:(?:her|the)\s)?(?:lmp|last\s(?:menstrual\s)?period)|(?:positive|pos|\+ve|\+)\s?(?:urine\s)?(?:pregnancy\stest|upt|b?hcg)|(?:urine\s|serum\s|u)?(?:b|beta)?[-\s]?hcg\s(?:is\s|was\s|came\sback\s)?(?:pos(?:itive)?\b|\+ve|\+)|(?:pregnancy\s)?test\s(?:was\s|is\s|came\sback\s)?positive|upt\s(?:\+ve|\+|pos\w*)|\d{1,2}\s?(?:weeks?|wks?)\s(?:by\slmp|gestation|ga\b)|(?:b|beta)[-\s]?hcg\s(?:of\s|is\s|=\s?)?\d{2,}|empty\suterus|no\siup|pregnancy\sof\sunknown\slocation|\bpul\b|\d\s?(?:weeks?|wks?)\spregnant|(?:ivf|embryo)\s(?:\w+\s)?transfer)/,
      );
      const bleeding = d.has(/\bfree\sfluid\b|\bhaemoperitoneum\b|\bhemoperitoneum\b/);
      const collapse =
        d.has(C.instability) ||
        v.hypotension() ||
        d.has(
          /\bshoulder[-\s]tip\spain\b|\b(?:pain|ache|hurts?)\s(?:\w+\s){0,2}(?:at|in)\s(?:the\s)?tip\sof\s(?:the\s|her\s)?(?:left\s|right\s)?shoulder\b/,
        ) ||
        (bleeding && v.hrAbove(T.vitals.hrTachy));
      return (
        early &&
        (bleeding ||
          d.has(
            /\b(?:abdo\w*|pelvic|lower\sabdominal|iliac\sfossa|adnexal|tummy|belly|stomach)\b[^.;]{0,20}\b(?:pain|tender\w*)|\bpain\b/,
          )) &&
        collapse
      );
    },
  },
  {
    category: 'shock',
    label: 'possible shock, aortic catastrophe or unstable arrhythmia',
    action:
      'Call 911 / rapid response now: lay the patient flat, IV access and fluids, monitor and 12-lead ECG; find the cause (bleeding, sepsis, heart, aorta) in the emergency department.',
    topicTerms: [
      'shock',
      'hypotension',
      'arrhythmia',
      'bradycardia',
      'tachycardia',
      'aortic dissection',
      'ruptured aneurysm',
      'resuscitation',
    ],
    test: (d, v) => {
      // A pressure too low to record ("BP unrecordable") with signs of poor perfusion.
      if (
        d.has(
          /\b(?:bp|blood\spressure)\s(?:is\s|was\s)?(?:unrecordable|unreadable|undetectable|not\srecordable)|\bno\s(?:recordable\s)?(?:bp|blood\spressure)\b/,
        ) &&
        (d.has(C.instability) || v.hrAbove(T.shockHr - 1) || d.has(/\b(?:pale|clammy|tachy\w*)\b/))
      )
        return true;
      const symptomatic =
        d.has(C.instability) ||
        d.has(C.alteredMental) ||
        d.has(C.lowConsciousness) ||
        d.has(C.acsFeature) ||
        d.has(C.chestPain);
      // External haemorrhage: bleeding that will not stop, or heavy bleeding with signs of shock.
      if (
        d.has(C.uncontrolledBleeding) ||
        (d.has(C.heavyBleeding) &&
          (d.has(C.instability) || v.hypotension() || v.hrAbove(T.shockHr - 1) || d.has(/\bpale\b/)))
      )
        return true;
      if (
        v.hypotension() &&
        (symptomatic ||
          v.hrAbove(T.shockHr - 1) ||
          d.has(/\bsevere\s(?:\w+\s)?pain|tearing|ripping|vomit\w*|diarrh\w+|bleed\w*\b/))
      )
        return true;
      // Poor perfusion with fluid loss or drowsiness (the dehydrated infant): shock before the pressure falls.
      if (
        d.count(C.poorPerfusion) >= T.poorPerfusionSigns &&
        (d.has(/\b(?:vomit\w*|diarrh\w+|d\sand\sv|bleed\w*|burns?)\b/) ||
          d.has(C.alteredMental) ||
          d.has(C.lowConsciousness) ||
          d.has(/\b(?:very\s|so\s|really\s)?(?:sleepy|drowsy|lethargic|listless|floppy)\b/))
      )
        return true;
      const hr = (d.readings(HR_RE, value).map((r) => r.value) as number[]).filter((x) => x > 0 && x < 300);
      const unstableRate = hr.some((x) => x > T.arrhythmiaHr.fast || x < T.arrhythmiaHr.slow);
      return unstableRate && (symptomatic || v.hypotension());
    },
  },
  {
    category: 'unresponsive',
    label: 'depressed level of consciousness',
    action:
      'Call 911 / rapid response now: check airway, breathing and glucose; recovery position; naloxone if opioids are possible.',
    topicTerms: ['unresponsive', 'altered mental status', 'coma', 'consciousness'],
    test: (d, v) => d.has(C.lowConsciousness) || v.gcsLowOrDropped(),
  },
];

/** Categories that only name the physiology; a specific emergency found with them explains it. */
const FALLBACKS = new Set<EmergencyCategory>(['shock', 'unresponsive']);

const BY_ID = new Map(EMERGENCIES.map((e) => [e.category, e]));

/** Longest input scanned: red-flag language sits in the case text, and a cap keeps detection fast on pasted documents. */
const MAX_SCAN = 20_000;

const toFlag = (e: Emergency): RedFlag => ({
  id: e.category,
  category: e.category,
  label: e.label,
  action: e.action,
  topicTerms: [...e.topicTerms],
});

/** The full reading: flags raised, flags withheld by the message's framing, and why. */
export function analyseRedFlags(text: string): RedFlagAnalysis {
  const raw = normalise(String(text ?? '').slice(0, MAX_SCAN));
  if (!raw.trim()) return { flags: [], suppressed: [], because: null };
  const d = new Doc(raw);
  const v = new Vitals(d);
  let found = EMERGENCIES.filter((e) => e.test(d, v));
  const subsumed = new Set(found.flatMap((e) => e.subsumes ?? []));
  // Fallbacks (shock, unresponsiveness) are explained by any specific emergency found with them.
  if (found.some((e) => !FALLBACKS.has(e.category))) for (const f of FALLBACKS) subsumed.add(f);
  else if (found.some((e) => e.category === 'shock')) subsumed.add('unresponsive');
  found = found.filter((e) => !subsumed.has(e.category));
  if (!found.length) return { flags: [], suppressed: [], because: null };
  // Framing: a patient already under emergency care, or an education / hypothetical question.
  if (d.has(C.underEmergencyCare, { negatable: true }))
    return { flags: [], suppressed: found.map(toFlag), because: 'under-emergency-care' };
  if (d.has(C.underPsychiatricCare, { negatable: true })) {
    const selfOrOthers = found.filter((e) => e.category === 'suicide' || e.category === 'homicide');
    if (selfOrOthers.length) {
      const rest = found.filter((e) => !selfOrOthers.includes(e));
      return { flags: rest.map(toFlag), suppressed: selfOrOthers.map(toFlag), because: 'under-emergency-care' };
    }
  }
  const current = d.has(C.currentReport, { negatable: false });
  const teaching = d.mentions(C.teachingFrame) && !current;
  const education = d.mentions(C.educationFrame) && !current && !d.has(C.patientSpecific, { negatable: false });
  if (teaching || education) {
    return { flags: [], suppressed: found.map(toFlag), because: 'education-or-hypothetical' };
  }
  return { flags: found.map(toFlag), suppressed: [], because: null };
}

export function detectRedFlags(text: string): RedFlag[] {
  return analyseRedFlags(text).flags;
}

/** One unhedged urgent-care message for the flags found, shown before anything else. "" when there are none. */
export function urgentMessage(flags: RedFlag[]): string {
  if (!flags.length) return '';
  const lines = [`⚠️ Emergency: ${flags.map((f) => f.label).join('; ')}. Act now; do not wait for guideline advice.`];
  for (const f of flags) {
    const action = f.action ?? BY_ID.get(f.category ?? f.id)?.action;
    if (action) lines.push(`- ${action}`);
  }
  return lines.join('\n');
}

/** The topic terms of all flags, deduplicated (lower case). */
export function emergencyTopicTerms(flags: readonly RedFlag[]): string[] {
  return [...new Set(flags.flatMap((f) => f.topicTerms ?? BY_ID.get(f.category)?.topicTerms ?? []))];
}

/**
 * True when a guideline passage fits at least one of the emergencies flagged: it contains one of their topic terms as a
 * whole word or phrase. With no flags every passage fits. The answer pipeline keeps, after the urgent message, only
 * passages that fit (or shows none).
 */
export function fitsEmergency(passageText: string, flags: readonly RedFlag[]): boolean {
  if (!flags.length) return true;
  // The combination product buprenorphine/naloxone is opioid-use-disorder treatment, not the rescue drug.
  const text = ` ${passageText
    .toLowerCase()
    .replace(/buprenorphine\s?[/-]\s?naloxone/g, 'buprenorphine')
    .replace(/[^a-z0-9+-]+/g, ' ')} `;
  return emergencyTopicTerms(flags).some((term) => text.includes(` ${term.replace(/[^a-z0-9+-]+/g, ' ').trim()} `));
}
