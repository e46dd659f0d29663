// Red flags first: deterministic detection of emergencies in a case message, before any guideline lookup. Built from
// clinical concepts (a symptom + the feature that makes it an emergency), negation-aware ("denies chest pain", "no SI",
// "SI without a plan") and history-aware ("h/o stroke with residual aphasia" is not an acute stroke).

export interface RedFlag {
  id: string;
  label: string;
}

interface Hit {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------------------------------
// Text helpers: sentences, negation and history scope

/** Negation cues whose scope runs forward to the end of the clause. */
const NEGATION_BEFORE =
  /\b(?:no|not|denie[sd]|deny|denying|without|w\/o|negative\s(?:for)?|neg\s(?:for)?|absence\sof|absent|free\sof|never|nor|none|rule[sd]?\sout|ruled\sout|r\/o\snot|resolved|unlikely|non)\b|(?:^|\s)-\s?(?=[a-z])/gi;
/** Cues after a finding that negate it ("chest pain: denies", "SI - negative", "aphasia resolved"). */
/** Cues after a finding that make it hypothetical or historical ("overdose risk", "stroke prevention", "MI in 2015"). */
const HISTORY_AFTER = /^\W{0,3}(?:risk|prevention|education|counsel\w*|kit|precautions|screening|history|in\s(?:19|20)\d\d|\d+\s(?:years?|months?)\sago)\b/i;
const NEGATION_AFTER = /^\W{0,3}(?:none|no|denies|denied|negative|neg|absent|resolved|ruled out|not present|nil)\b/;
/** Cues that make a finding historical or chronic rather than acute. */
const HISTORY_BEFORE =
  /\b(?:h\/o|hx\s(?:of)?|history\sof|past|prior|previous|remote|old|chronic|residual|baseline|known|s\/p|status\spost|years?\sago|in\s(?:19|20)\d\d|family\shistory|fhx|risk\s(?:of|for)|prevent(?:ing|ion\sof)?|education|counsel(?:l?ing|ed)?|screen(?:ing|ed)?\sfor|concern(?:ed)?\sabout\sfuture|if\s|in\scase\sof|worried\sabout\sfuture)\b/gi;
/** Where a negation's or a history cue's scope ends. */
const CLAUSE_BREAK = /(?:\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bexcept\b|\bnow\b|\btoday\b|\btonight\b|\bcurrently\b|\bnew\b|\bacute(?:ly)?\b|\bsudden(?:ly)?\b|[;:]|\band\s(?:has|is|reports|endorses|states|now)\b)/gi;

interface Sentence {
  text: string;
  offset: number;
}

function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const re = /[^.!?\n]+(?:\.(?=\d)[^.!?\n]*)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], offset: m.index });
  return out;
}

/** True when a negation cue governs the text just before `at` in the same clause (within ~10 words). */
function scopedBefore(sentence: string, at: number, cue: RegExp, window = 70): boolean {
  const from = Math.max(0, at - window);
  const before = sentence.slice(from, at);
  cue.lastIndex = 0;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = cue.exec(before)) !== null) {
    last = m.index + m[0].length;
    if (m[0].length === 0) cue.lastIndex++;
  }
  if (last < 0) return false;
  CLAUSE_BREAK.lastIndex = 0;
  const tail = before.slice(last);
  return !CLAUSE_BREAK.test(tail);
}

/** Matches of `re` in the text that are asserted (not negated) and, unless `allowHistory`, current. */
function findAsserted(text: string, re: RegExp, opts: { allowHistory?: boolean; negatable?: boolean } = {}): Hit[] {
  const hits: Hit[] = [];
  for (const s of sentences(text)) {
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
    let m: RegExpExecArray | null;
    while ((m = g.exec(s.text)) !== null) {
      if (m[0].length === 0) {
        g.lastIndex++;
        continue;
      }
      const negatable = opts.negatable ?? true;
      if (negatable && (scopedBefore(s.text, m.index, NEGATION_BEFORE) || NEGATION_AFTER.test(s.text.slice(m.index + m[0].length, m.index + m[0].length + 20)))) continue;
      if (!opts.allowHistory && (scopedBefore(s.text, m.index, HISTORY_BEFORE, 50) || HISTORY_AFTER.test(s.text.slice(m.index + m[0].length, m.index + m[0].length + 24)))) continue;
      hits.push({ start: s.offset + m.index, end: s.offset + m.index + m[0].length });
    }
  }
  return hits;
}

const has = (text: string, re: RegExp, opts?: { allowHistory?: boolean; negatable?: boolean }) => findAsserted(text, re, opts).length > 0;

function numbers(text: string, re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  let m: RegExpExecArray | null;
  while ((m = g.exec(text)) !== null) out.push(m);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Concepts

const C = {
  suicidal:
    /\b(?:suicid\w*|si\b|s\.i\.|kill(?:ing)?\s(?:him|her|my|them)sel(?:f|ves)|end(?:ing)?\s(?:his|her|my|their)\s(?:own\s)?life|take\s(?:his|her|my|their)\s(?:own\s)?life|better\soff\sdead|want(?:s|ed)?\sto\sdie|wish(?:es)?\s(?:he|she|they)\swere\sdead|(?:shoot|hang|drown)(?:ing)?\s(?:him|her|my|them)self|self[-\s]harm\w*)/i,
  suicidePlanOrMeans:
    /\b(?:plan(?:s|ned|ning)?|means|method|intent(?:ion)?|access\sto\s(?:a\s|his\s|her\s)?(?:guns?|firearms?|weapons?|pills|rope|medications?)|(?:with|using|by)\s(?:a\s|an\s|his\s|her\s|their\s)?(?:\w+\s)?(?:pills|gun|firearm|insulin|knife|rope|car|medications?|meds|overdose|razor)|(?:has|owns|bought|keeps|got)\s(?:a\s|his\s|her\s)?(?:\w+\s)?(?:guns?|firearms?|rifle|pistol|handgun|rope|noose)|stockpil\w+|hoard\w*\s(?:pills|medications?)|saved\sup\s(?:pills|medications?)|(?:suicide|goodbye)\s(?:note|letter)|wrote\sa\snote|gave\saway\s(?:his|her)\s(?:things|belongings|possessions)|giving\saway\s(?:his|her)\s(?:things|belongings|possessions)|rehears\w+|tonight|attempt(?:ed|s)?)\b/i,
  recentSuicideAttempt:
    /\b(?:attempted\ssuicide|suicide\sattempt|tried\sto\s(?:kill|hang|shoot)\s(?:him|her|my|them)self|intentional\s(?:overdose|ingestion)|cut\s(?:his|her|their)\swrists?)\b/i,
  homicidal: /\b(?:homicid\w*|hi\b|kill(?:ing)?\s(?:his|her|their)\s(?:wife|husband|partner|boss|family|neighbou?r|child(?:ren)?|mother|father)|hurt\s(?:someone|others))/i,
  chestPain:
    /\b(?:chest\s(?:pain|pressure|tightness|heaviness|discomfort)|(?:crushing|pressure-like|squeezing)\s(?:chest\s)?pain|angina|cp\b)/i,
  acsFeature:
    /\b(?:diaphore\w+|sweat(?:ing|y)|clammy|cold\ssweats?|radiat\w*\s(?:to|into|down|through)\s(?:the\s|his\s|her\s|their\s)?(?:left\s|l\s|both\s)?(?:arm|arms|jaw|neck|back|shoulder)|(?:arm|jaw)\spain|st[-\s]elevations?|st\sdepressions?|troponin\s(?:\w+\s)?(?:positive|elevated|rising|up)|elevated\stroponin|new\slbbb)/i,
  stemi: /\b(?:stemi|st[-\s]elevation\smi|st[-\s]elevation\smyocardial\sinfarction|acute\smi|acute\smyocardial\sinfarction|acute\scoronary\ssyndrome|acs)\b/i,
  strokeSign:
    /\b(?:facial\s(?:droop|asymmetry|weakness)|face\s(?:drooping|droop)|droop\w*\sface|slurred\sspeech|slurring|dysarthri\w+|aphasi\w+|word[-\s]finding\sdifficult\w+|can(?:'|no)t\s(?:speak|talk|find\s(?:his|her)\swords)|(?:hemi|uni)(?:paresis|plegia|lateral\sweakness)|one[-\s]sided\sweakness|arm\s(?:drift|weakness)|weakness\s(?:of|in)\s(?:the\s)?(?:left|right)\s(?:arm|leg|side)|(?:left|right)[-\s]sided\s(?:weakness|numbness)|fast\s(?:positive|\+)|positive\sfast|stroke\s(?:symptoms|alert|code)|code\sstroke|last\sknown\swell|sudden\s(?:onset\s)?(?:weakness|numbness|vision\sloss|loss\sof\svision|confusion|trouble\s(?:speaking|walking)|difficulty\s(?:speaking|walking)|severe\sheadache|dizziness\swith|ataxia)|vision\sloss\sin\sone\seye|acute\sstroke|(?:having|is\shaving)\sa\sstroke)/i,
  thunderclap: /\b(?:thunderclap\sheadache|worst\sheadache\sof\s(?:his|her|my|their)\slife|sudden\s(?:onset\s)?(?:severe|explosive)\sheadache)/i,
  anaphylaxis: /\b(?:anaphyla\w+)/i,
  airwaySwelling:
    /\b(?:(?:throat|tongue|lips?|airway|face|facial)\s(?:is\s|are\s)?(?:swelling|swollen|closing|tight(?:ness)?)|swelling\sof\s(?:the\s)?(?:throat|tongue|lips?|face)|angioedema|stridor)/i,
  hives: /\b(?:hives|urticaria|welts|flushing|itchy\srash|generali[sz]ed\srash)\b/i,
  breathingTrouble:
    /\b(?:wheez\w*|trouble\sbreathing|difficulty\sbreathing|can(?:'|no)t\sbreathe|short(?:ness)?\sof\sbreath|sob\b|dyspn\w+|hypotens\w+|faint\w*|syncop\w+|passed\sout|collapsed|vomiting)/i,
  allergenExposure: /\b(?:stung|sting|bee|wasp|peanuts?|nuts?|shellfish|penicillin|amoxicillin|contrast|ate|eating|after\s(?:starting|taking|the\sdose))\b/i,
  sepsisWord: /\b(?:septic\sshock|sepsis|septic|urosepsis|neutropenic\sfever)\b/i,
  infection: /\b(?:fever\w*|febrile|rigou?rs|chills|temp(?:erature)?\s(?:of\s)?(?:3[89](?:\.\d)?|39|40|10[1-5])|t\s?(?:3[89]|40)(?:\.\d)?|pneumonia|uti|cellulitis|infection|infected|pyelo\w*|abscess|wbc\s\d{2})\b/i,
  organDysfunction:
    /\b(?:hypotens\w+|sbp\s(?:of\s)?(?:[5-8]\d)\b|map\s(?:of\s)?[3-6]\d\b|(?:confus\w+|altered\smental\sstatus|ams|disoriented|obtunded|lethargic)|lactate\s(?:of\s)?(?:[4-9]|\d\d)(?:\.\d)?|mottl\w+|rr\s(?:of\s)?(?:2[2-9]|[3-6]\d)|qsofa\s(?:of\s)?[23]|urine\soutput\s(?:low|minimal|poor)|oliguri\w+)/i,
  hypoSevere:
    /\b(?:severe\shypoglyc\w+|hypoglyc\w+\s(?:with|and)\s(?:loss\sof\sconsciousness|seizure|unresponsive\w*|confusion|altered)|(?:unresponsive|unconscious|seizing|passed\sout|found\sdown)\s\w*\s?(?:with|and)\s(?:a\s)?(?:low\s)?(?:sugar|glucose|bg)|needed\sglucagon|glucagon\s(?:given|administered))/i,
  hypoword: /\b(?:hypoglyc\w+|low\s(?:blood\s)?sugar|low\sglucose|hypo)\b/i,
  lowConsciousness:
    /\b(?:unresponsive|unconscious|obtunded|seiz\w+|passed\sout|found\sdown|can(?:'|no)t\sswallow|unable\sto\sswallow|confused|altered)\b/i,
  overdose:
    /\b(?:overdos\w+|od'?d|o\.d\.|took\s(?:a\s)?(?:handful|bottle|whole\sbottle|all)\sof\s(?:his|her|their|the)?\s?\w*\s?(?:pills|tablets|meds|medications)?|took\s(?:\d{2,3}|dozens|a\sbunch)\s(?:of\s)?(?:his\s|her\s|their\s|the\s|my\s)?(?:\w+\s)?(?:pills|tablets|tabs|capsules|caps|meds)|ingest(?:ed|ion)\s(?:of\s)?(?:\d+\s)?(?:pills|tablets|bleach|antifreeze|acetaminophen|tylenol)|pinpoint\spupils|(?:narcan|naloxone)\s(?:was\s)?(?:given|administered|required|needed)|needed\s(?:narcan|naloxone)|responded\sto\s(?:narcan|naloxone)|(?:unresponsive|not\sbreathing)\safter\s(?:using|injecting|taking|heroin|fentanyl|opioids?|pills))/i,
  bpCrisisWord: /\b(?:hypertensive\s(?:emergency|crisis|encephalopathy)|malignant\shypertension)\b/i,
  endOrgan:
    /\b(?:chest\spain|confus\w+|altered|encephalopath\w+|blurred\svision|vision\s(?:changes?|loss)|visual\s(?:changes?|disturbances?|symptoms)|scotomata|papilledema|seizure|severe\sheadache|headache|(?:short(?:ness)?\sof\sbreath|sob|dyspnea)|pulmonary\sedema|aki|acute\skidney|rising\screatinine|hematuria|focal\sdeficit|weakness|aortic\sdissection|tearing\spain)\b/i,
  airway:
    /\b(?:stridor|airway\s(?:compromise|obstruction|swelling)|choking|can(?:'|’|no)?t\sbreathe|(?:blue|cyanotic|purple)\slips|lips\s(?:are\s|look\s|turning\s)?(?:blue|cyanotic|purple)|unable\sto\s(?:breathe|speak\sin\sfull\ssentences|speak)|drooling\sand\sunable|tripod\w*|silent\schest|severe\srespiratory\sdistress|respiratory\sdistress|accessory\smuscle\suse|cyanos\w+|cyanotic|blue\slips|gasping)\b/i,
  arrest: /\b(?:cardiac\sarrest|no\spulse|pulseless|not\sbreathing|apneic|cpr\s(?:in\sprogress|started|ongoing)|code\sblue|unresponsive\sand\snot\sbreathing)\b/i,
  caudaEquina:
    /\b(?:saddle\s(?:an(?:a)?esthesia|numbness|paresthesia)|numbness\sin\sthe\s(?:groin|saddle)|(?:new\s)?(?:urinary|bladder)\s(?:retention|incontinence)|(?:bowel|fecal)\sincontinence|loss\sof\s(?:bladder|bowel)\scontrol|cauda\sequina|bilateral\sleg\sweakness|foot\sdrop|decreased\srectal\stone)\b/i,
  backPain: /\b(?:back\spain|lbp|sciatica|radiculopathy|lumbar)\b/i,
  seizure: /\b(?:status\sepilepticus|seiz\w+\s(?:for|lasting)\s(?:over\s|more\sthan\s)?(?:[5-9]|\d\d)\s?min\w*|continuous\sseiz\w+|back[-\s]to[-\s]back\sseizures|not\swaking\sup\sbetween\sseizures|actively\sseizing|still\sseizing)\b/i,
  meningitisFever: /\b(?:fever\w*|febrile|temp(?:erature)?\s(?:of\s)?(?:3[89]|40|10[1-5]))/i,
  meningismus: /\b(?:neck\sstiffness|stiff\sneck|nuchal\srigidity|meningismus|petechial\srash|purpur\w+|kernig|brudzinski)\b/i,
  obstetric:
    /\b(?:eclampsia|seizure\sin\spregnancy|(?:heavy|profuse|significant)\s(?:vaginal\s)?bleeding\s(?:in|during)\spregnancy|placental\sabruption|cord\sprolapse|postpartum\shemorrhage|pph\b|severe\spreeclampsia|preeclampsia\swith\ssevere\sfeatures|hellp)\b/i,
  pregnant: /\b(?:pregnan\w+|g\d\s?p\d|\d{1,2}\s?(?:weeks?|wks?)\s(?:pregnant|gestation|ga)|at\s\d{1,2}\s?(?:weeks?|wks?)|postpartum)\b/i,
  giBleed:
    /\b(?:hematemesis|vomiting\sblood|coffee[-\s]ground\s(?:emesis|vomit)|massive\s(?:gi\s)?bleed\w*|(?:melena|maroon\sstools?|hematochezia|bright\sred\sblood\sper\srectum|brbpr)\s(?:with|and)\s(?:hypotension|syncope|dizziness|tachycardia|hr\s1[2-9]\d))\b/i,
};

// ---------------------------------------------------------------------------------------------------------------------

const BP_RE = /\b(?:bp|blood\spressure|b\/p)?\s{0,3}(?:of|is|was|:|=)?\s{0,3}(?<sys>[12]\d{2}|[5-9]\d)\s{0,2}\/\s{0,2}(?<dia>[1-9]\d{1,2})\b/gi;
const GLUCOSE_RE =
  /\b(?:glucose|bg|bgl|blood\s(?:glucose|sugar)|sugar|fsbg|cbg|fingerstick|fsbs|poc\sglucose|gluc)\s{0,3}(?:of|is|was|at|:|=)?\s{0,3}(?:was\s|of\s)?(?<v>\d{1,3}(?:\.\d{1,2})?)\s{0,2}(?<unit>mg\/dl|mg|mmol(?:\/l)?)?/gi;
const SPO2_RE = /\b(?:spo2|sp02|o2\ssats?|sats?|oxygen\ssaturation|pulse\sox)\s{0,3}(?:of|is|was|at|:|=)?\s{0,3}(?<v>\d{2,3})\s{0,2}%?/gi;

function severeBp(text: string): boolean {
  return numbers(text, BP_RE).some((m) => {
    const sys = Number(m.groups!.sys);
    const dia = Number(m.groups!.dia);
    return sys > dia && (sys >= 180 || dia >= 120) && sys < 320;
  });
}

/** Severe-range BP in pregnancy (>= 160/110). */
function severeBpInPregnancy(text: string): boolean {
  return numbers(text, BP_RE).some((m) => {
    const sys = Number(m.groups!.sys);
    const dia = Number(m.groups!.dia);
    return sys > dia && (sys >= 160 || dia >= 110) && sys < 320;
  });
}

function lowBp(text: string): boolean {
  return numbers(text, BP_RE).some((m) => {
    const sys = Number(m.groups!.sys);
    const dia = Number(m.groups!.dia);
    return sys > dia && sys < 90 && sys >= 40;
  });
}

function severeHypoglycaemiaValue(text: string): boolean {
  return numbers(text, GLUCOSE_RE).some((m) => {
    const v = Number(m.groups!.v);
    const unit = (m.groups!.unit ?? '').toLowerCase();
    if (unit.startsWith('mmol') || (!unit && /\./.test(m.groups!.v) && v < 15)) return v < 3.0;
    return v >= 10 && v < 54;
  });
}

function severeHypoxaemia(text: string): boolean {
  return numbers(text, SPO2_RE).some((m) => {
    const v = Number(m.groups!.v);
    return v >= 40 && v < 85;
  });
}

const FLAGS: { id: string; label: string; action: string; test: (t: string) => boolean }[] = [
  {
    id: 'suicide',
    label: 'suicidal intent with a plan or means',
    action: 'Do not leave the patient alone, remove access to lethal means, and get an emergency evaluation now (US: call 911 or the 988 Suicide & Crisis Lifeline, press 1 for the Veterans Crisis Line).',
    test: (t) =>
      (has(t, C.suicidal, { allowHistory: true }) && has(t, C.suicidePlanOrMeans, { allowHistory: true }) && has(t, C.suicidal)) ||
      has(t, new RegExp(`${C.recentSuicideAttempt.source}[^.]{0,40}\\b(?:today|tonight|this\\smorning|yesterday|last\\snight|just\\snow|an\\shour\\sago|earlier)\\b`, 'i')) ||
      has(t, new RegExp(`\\b(?:today|tonight|this\\smorning|yesterday|last\\snight|just)\\b[^.]{0,40}${C.recentSuicideAttempt.source}`, 'i')),
  },
  {
    id: 'homicide',
    label: 'intent to harm others',
    action: 'Ensure everyone\'s safety and call 911 / security now; the duty to protect may apply.',
    test: (t) => has(t, C.homicidal) && has(t, C.suicidePlanOrMeans, { allowHistory: true }),
  },
  {
    id: 'acs',
    label: 'possible acute coronary syndrome (chest pain with diaphoresis or radiation)',
    action: 'Call 911 / activate emergency response now: 12-lead ECG within 10 minutes, aspirin unless contraindicated.',
    test: (t) => (has(t, C.chestPain) && has(t, C.acsFeature)) || has(t, C.stemi),
  },
  {
    id: 'stroke',
    label: 'possible acute stroke (sudden focal deficit)',
    action: 'Call 911 / activate the stroke code now and note the last-known-well time; thrombolysis and thrombectomy are time-critical.',
    test: (t) => has(t, C.strokeSign),
  },
  {
    id: 'thunderclap_headache',
    label: 'thunderclap headache (possible subarachnoid haemorrhage)',
    action: 'Send to the emergency department now for CT head.',
    test: (t) => has(t, C.thunderclap),
  },
  {
    id: 'anaphylaxis',
    label: 'possible anaphylaxis',
    action: 'Give IM epinephrine 0.5 mg (0.3 mg in smaller adults) now and call 911.',
    test: (t) =>
      (has(t, C.anaphylaxis) && !has(t, /\ballerg\w*\b[^.]{0,40}anaphyla|anaphyla\w*\s(?:to|with|from)\s(?:penicillin|sulfa|\w+)\s(?:in\s(?:19|20)\d\d|years?\sago|as\sa\schild)/i, { allowHistory: true })) ||
      (has(t, C.airwaySwelling) && (has(t, C.allergenExposure, { allowHistory: true }) || has(t, C.hives))) ||
      (has(t, C.hives) && has(t, C.breathingTrouble) && has(t, C.allergenExposure, { allowHistory: true })),
  },
  {
    id: 'airway',
    label: 'airway compromise or severe respiratory distress',
    action: 'Call 911 / rapid response now; secure the airway and give oxygen.',
    test: (t) => has(t, C.airway) || severeHypoxaemia(t),
  },
  {
    id: 'cardiac_arrest',
    label: 'cardiac or respiratory arrest',
    action: 'Start CPR and call 911 / a code now; get a defibrillator.',
    test: (t) => has(t, C.arrest),
  },
  {
    id: 'sepsis',
    label: 'possible sepsis or septic shock',
    action: 'Treat as sepsis now: send to the emergency department / call a rapid response; cultures, lactate, IV fluids and antibiotics within the hour.',
    test: (t) => has(t, C.sepsisWord) || (has(t, C.infection) && (has(t, C.organDysfunction) || lowBp(t))),
  },
  {
    id: 'hypoglycemia',
    label: 'severe hypoglycaemia (glucose < 54 mg/dL or with impaired consciousness)',
    action: 'Treat now: oral glucose if able to swallow safely, otherwise IM/intranasal glucagon or IV dextrose; call 911 if not responding.',
    test: (t) => severeHypoglycaemiaValue(t) || has(t, C.hypoSevere) || (has(t, C.hypoword) && has(t, C.lowConsciousness)),
  },
  {
    id: 'overdose',
    label: 'possible overdose or toxic ingestion',
    action: 'Call 911 now; give naloxone if opioid overdose is possible; Poison Control (US) 1-800-222-1222.',
    test: (t) => has(t, C.overdose),
  },
  {
    id: 'hypertensive_emergency',
    label: 'hypertensive emergency (severe BP with end-organ signs)',
    action: 'Send to the emergency department now for monitored BP lowering and end-organ work-up.',
    test: (t) => has(t, C.bpCrisisWord) || (severeBp(t) && has(t, C.endOrgan)),
  },
  {
    id: 'cauda_equina',
    label: 'possible cauda equina syndrome',
    action: 'Same-day emergency MRI and surgical referral: send to the emergency department now.',
    test: (t) => has(t, /\bcauda\sequina\ssyndrome\b/i) || (has(t, C.backPain, { allowHistory: true }) && has(t, C.caudaEquina)),
  },
  {
    id: 'status_epilepticus',
    label: 'prolonged or repeated seizures',
    action: 'Call 911 now; give a benzodiazepine per protocol.',
    test: (t) => has(t, C.seizure),
  },
  {
    id: 'meningitis',
    label: 'possible meningitis (fever with neck stiffness or petechial rash)',
    action: 'Send to the emergency department now; do not delay antibiotics for imaging or lumbar puncture.',
    test: (t) => has(t, C.meningitisFever) && has(t, C.meningismus),
  },
  {
    id: 'obstetric_emergency',
    label: 'obstetric emergency',
    action: 'Call 911 / obstetric rapid response now.',
    test: (t) =>
      has(t, C.obstetric) ||
      (has(t, C.pregnant, { allowHistory: true }) && (has(t, /\b(?:seiz\w+|heavy\svaginal\sbleeding|severe\sabdominal\spain)\b/i) || (severeBpInPregnancy(t) && has(t, C.endOrgan)))),
  },
  {
    id: 'gi_bleed',
    label: 'possible major gastrointestinal bleeding',
    action: 'Send to the emergency department now.',
    test: (t) => has(t, C.giBleed),
  },
];

/** Longest input scanned: red-flag language sits in the case text, and a cap keeps detection fast on pasted documents. */
const MAX_SCAN = 20_000;

export function detectRedFlags(text: string): RedFlag[] {
  const t = String(text ?? '').slice(0, MAX_SCAN);
  if (!t.trim()) return [];
  return FLAGS.filter((f) => f.test(t)).map(({ id, label }) => ({ id, label }));
}

/** One unhedged urgent-care message for the flags found, shown before anything else. "" when there are none. */
export function urgentMessage(flags: RedFlag[]): string {
  if (!flags.length) return '';
  const lines = [`⚠️ Emergency: ${flags.map((f) => f.label).join('; ')}. Act now; do not wait for guideline advice.`];
  for (const f of flags) {
    const action = FLAGS.find((x) => x.id === f.id)?.action;
    if (action) lines.push(`- ${action}`);
  }
  return lines.join('\n');
}

