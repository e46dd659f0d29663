// Choosing the recommendation that fits this patient, and deciding when the library does not cover the question.
// Retrieval proposes recommendation units by what they are about; applicability reorders them by whom they are for
// (population, age band, CKD stage, setting, the therapy the patient is on, what kind of question is asked). The
// evidence decision refuses only on positive evidence: the question's subject is a word the library never uses, or
// the best unit holds almost none of the question.
import { medicalTerms } from '../safety/name-data.js';
import type { RecommendationUnit, RecommendationUnitIndex, UnitHit } from '../retrieval/recommendation-units.js';
import {
  BRAND_TO_GENERIC,
  CHAT_SHORTHAND,
  commonEnglishWords,
  englishWords,
  findConcepts,
  STOP_WORDS,
  tokenize,
} from '../retrieval/lexicon.js';
import { DRUG_CLASS, GENERIC_DRUGS } from '../retrieval/case-lexicon.js';
import {
  asksOpenChoice,
  caseHasPhrase,
  decisionFit,
  groupMismatch,
  siteFit,
  intentFit,
  limbFit,
  phaseFit,
  caseLifeExpectancy,
  lifeExpectancyFit,
  sexOrSmokingMismatch,
  populationMismatches,
  statementAgeBands,
  caseAgeInside,
  questionIntent,
  recommendsNothing,
  repeatsTherapy,
  stageFit,
  therapyFit,
  therapyOnBoard,
  thresholdMismatches,
} from './case-fit.js';
import { BROADER, impliedConditions, readCase } from './case.js';
import {
  askedAbout,
  askingSentence,
  asksForDose,
  negatedTerms,
  passageStems,
  termPresent,
  topicTerms,
} from './scope.js';
import type { AnswerTuning } from './tuning.js';
import type { CaseFacts } from './types.js';

export interface RankedUnit {
  unit: RecommendationUnit;
  /** Retrieval score scaled to the best candidate's (0..1]. */
  retrieval: number;
  matched: number;
  /** Sum of the applicability adjustments. */
  fit: number;
  score: number;
}

// "in patients with stage 1 to 3 chronic kidney disease", "for adults with type 2 diabetes and ...": the population
// clause of a statement, up to the purpose or the next clause.
const POPULATION_CLAUSE =
  /\b(?:in|for|among|to)\s+(?:(?:adult|older|pregnant|postpartum)\s+)?(?:patients|adults|individuals|persons|people|veterans|women|men|those)\s+(?:\w+\s+){0,3}?with\s+([^.;:]{3,120}?)(?=,|\bto (?:reduce|improve|prevent|decrease|increase)\b|\bwho\b|\bwhen\b|\bif\b|$)/gi;

/**
 * Conditions a statement is written for that the case does not have: "SGLT2 inhibitors ... in patients with stage 1
 * to 3 CKD" does not lead for a patient with diabetes and no CKD. Conditions are read with the case reader, so the
 * statement and the case are compared in the same vocabulary.
 */
export function missingPopulationConditions(text: string, caseConditions: ReadonlySet<string>): string[] {
  const missing = new Set<string>();
  for (const m of text.matchAll(POPULATION_CLAUSE)) {
    for (const c of readCase(m[1]!).conditions) if (!caseConditions.has(c) && c !== 'pregnancy') missing.add(c);
  }
  return [...missing];
}

/** For the composer: the conditions each statement is written for that this case (facts and text) does not mention. */
export function conditionsNotInCase(facts: CaseFacts, caseText: string): (p: { text: string }) => string[] {
  const read = readCase(caseText);
  const caseConditions = new Set([
    ...facts.conditions,
    ...read.conditions,
    ...impliedConditions(facts, caseText),
    ...impliedConditions(read, caseText),
  ]);
  return (p) => missingPopulationConditions(p.text, caseConditions);
}

const SCREENS_FOR = /\bscreen(?:s|ing)?\b/i;

// A guideline for managing a condition ("... for the Management of Major Depressive Disorder", "... Rehabilitation of
// ... Lower Limb Amputation") writes its recommendations for patients with that condition, often without naming it in
// each statement. Screening and prevention guidelines are written for people without it, so they are not read.
const MANAGES = /\b(?:management|treatment|rehabilitation)\b/i;
const guidelineConditionCache = new Map<string, string[]>();

/** The conditions a management guideline is written for, read from its title with the case reader. */
function guidelineConditions(title: string): string[] {
  let out = guidelineConditionCache.get(title);
  if (out === undefined) {
    out = MANAGES.test(title) ? readCase(title).conditions : [];
    guidelineConditionCache.set(title, out);
  }
  return out;
}

/**
 * The case names conditions, and none of them is (a form of) the one the statement's management guideline is written
 * for; a case with type 2 diabetes is inside a guideline for diabetes, and one with OUD inside one for substance use.
 */
export function outsideGuideline(title: string, caseConditions: ReadonlySet<string>): boolean {
  const own = guidelineConditions(title);
  if (!own.length || !caseConditions.size) return false;
  const broad = (c: string) => BROADER[c] ?? c;
  return !own.some((c) => [...caseConditions].some((k) => k === c || broad(k) === broad(c)));
}

/** Reorders the retrieved units by how well each fits this case and question. */
export function rankByApplicability(
  hits: UnitHit[],
  question: string,
  facts: CaseFacts,
  tuning: AnswerTuning,
  /** Guidelines the conversation is already in (a follow-up's earlier turn): their units gain tuning.followUpGuideline. */
  carriedGuidelines: ReadonlySet<string> = new Set(),
): RankedUnit[] {
  if (hits.length === 0) return [];
  const w = tuning.fit;
  const top = hits[0]!.score;
  const intentRaw = questionIntent(question);
  const openChoice = asksOpenChoice(question);
  const intent = intentRaw ?? (openChoice ? 'initial' : null);
  const board = intent === 'escalate' ? therapyOnBoard(question, facts) : null;
  const caseHas = caseHasPhrase(topicTerms(question));
  const lifeExpectancy = caseLifeExpectancy(question, facts.age, w.lifeExpectancyLongUnderAge);
  const ruledOut = negatedTerms(question);
  const caseConditions = new Set([...facts.conditions, ...readCase(question).conditions]);
  const caseShows = new Set([...caseConditions, ...impliedConditions(facts, question)]);
  return hits
    .map((hit) => {
      const p = hit.unit.statement;
      const text = p.text;
      let fit = 0;
      fit -= Math.min(2, populationMismatches(facts, question, text, caseHas)) * w.population;
      fit -= Math.min(1, missingPopulationConditions(text, caseConditions).length) * w.condition;
      // The most specific statement that fits leads: "60 years and over with type 2 diabetes" for a 67-year-old
      // with diabetes over "for all patients".
      if (statementAgeBands(text).some((band) => caseAgeInside(facts, band))) fit += w.ageBandMet;
      fit -= Math.min(1, thresholdMismatches(facts, text).length) * w.threshold;
      if (groupMismatch(question, text, facts)) fit -= w.group;
      if (sexOrSmokingMismatch(facts, question, text)) fit -= w.sexOrSmoking;
      if (w.guidelineCondition && outsideGuideline(p.title, caseShows)) fit -= w.guidelineCondition;
      fit += intentFit(intent, text) * w.intent;
      fit += decisionFit(intent, facts, question, text) * w.decision;
      fit += therapyFit(facts, text) * w.therapy;
      if (board && repeatsTherapy(board, text)) fit -= w.repeats;
      if (openChoice && recommendsNothing(text)) fit -= w.recommendsNothing;
      fit += stageFit(facts, question, text) * w.stage;
      fit += phaseFit(question, text) * w.phase;
      fit += siteFit(question, text) * w.site;
      fit += lifeExpectancyFit(lifeExpectancy, text) * w.lifeExpectancy;
      fit += limbFit(question, `${p.title} ${text}`) * w.limb;
      // A screening statement is written for patients not known to have the condition: "no prior GDM" is its population.
      if (ruledOut.length && !SCREENS_FOR.test(text)) {
        const stems = passageStems(p);
        const about = ruledOut.filter((t) => termPresent(t, stems));
        const alsoRulesOut = new Set(negatedTerms(text).map((t) => t.label));
        if (about.length && !about.some((t) => alsoRulesOut.has(t.label))) fit -= w.ruledOut;
      }
      const retrieval = hit.score / top;
      const carried = carriedGuidelines.has(p.docId) ? tuning.followUpGuideline : 0;
      fit *= w.scale;
      return { unit: hit.unit, retrieval, matched: hit.matched, fit, score: retrieval + fit + carried };
    })
    .sort((a, b) => b.score - a.score);
}

// The word list has no proper nouns; days and months are the proper nouns every message may carry.
const CALENDAR = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(
    ' ',
  ),
);

/**
 * Words of the question that name something the library never mentions: not a library word, not a typo of one, not
 * an ordinary English word, not built from library words ("nonhealing", "retitrate"), and, for a lexicon concept
 * (a brand), none of its other names in the library either.
 */
export function unknownConcepts(
  text: string,
  index: RecommendationUnitIndex,
  /** Shortest word counted: any word, and a medical dictionary word of the English list. */
  minLength: { word: number; medical: number },
  /** Medical dictionary words that count unless they are common English words ("isotretinoin", not "daughter"). */
  medical?: { has(word: string): boolean },
): string[] {
  const tokens = tokenize(text.replace(/\[[A-Z_]+(?: [^\]]{0,20})?\]/g, ' '));
  const concepts = findConcepts(tokens);
  const words = englishWords();
  const compound = (t: string) => {
    for (let i = 2; i <= t.length - 3; i++)
      if ((index.knows(t.slice(0, i)) || words.has(t.slice(0, i))) && index.knows(t.slice(i))) return true;
    return false;
  };
  const out = new Set<string>();
  tokens.forEach((t, i) => {
    if (/\d/.test(t) || STOP_WORDS.has(t) || index.knows(t) || CALENDAR.has(t)) return;
    // A medical term of the English word list is a real word, however short, and not a typo of another ("croup").
    const medicalWord = words.has(t) && !!medical?.has(t) && !commonEnglishWords().has(t) && !CHAT_SHORTHAND.has(t);
    const concept = concepts.find((c) => c.start <= i && i < c.end);
    // A lexicon name is a term whatever its length ("PSA"); other short words are chat shorthand ("tmrw", "pulm").
    if (t.length < (concept ? 2 : medicalWord ? minLength.medical : minLength.word)) return;
    if (words.has(t) && !medicalWord) return;
    if (concept && [concept.form, ...concept.alternatives].some((f) => knownName(f.split(' '), index))) return;
    if (!concept && !medicalWord && (index.correct(t) || compound(t))) return;
    out.add(t);
  });
  return [...out];
}

/**
 * A name of several words is known when the library uses it as a phrase: "prostate", "specific" and "antigen" each
 * occur, "prostate specific antigen" never does.
 */
function knownName(words: string[], index: RecommendationUnitIndex): boolean {
  if (!words.every((w) => index.knows(w))) return false;
  const content = words.filter((w) => !STOP_WORDS.has(w));
  // A combination product's generics ("amphetamine dextroamphetamine") are each a name of their own.
  return content.length < 2 || content.every(isDrugName) || index.usesPhrase(content);
}

// Names of diseases and procedures by their clinical word-building (pancreat-itis, fibr-osis, melan-oma, gastr-ectomy).
const DISEASE_OR_PROCEDURE = /(?:itis|osis|oma|emia|aemia|pathy|algia|iasis|ectomy|otomy|plasty|orrhea|uria)$/;

/**
 * Diseases and procedures the asking sentence names that none of the best units mentions: "Acute pancreatitis: which
 * fluid?" is not answered by a fluid recommendation about something else. Drug names are left to the drug checks.
 */
export function unaddressedDiseases(
  question: string,
  best: RankedUnit[],
  index: RecommendationUnitIndex,
  minLength: number,
): string[] {
  const words = [...new Set(tokenize(askingSentence(question)))].filter(
    (t) => t.length >= minLength && DISEASE_OR_PROCEDURE.test(t) && !isDrugName(t),
  );
  return words.filter((w) => !best.some((r) => index.unitUses(r.unit, w)));
}

let drugNames: Set<string> | null = null;
/** Brand and generic drug names of the lexicons ("metformin", "lantus"): not diseases, whatever their ending. */
function isDrugName(word: string): boolean {
  drugNames ??= new Set([
    ...Object.keys(BRAND_TO_GENERIC),
    ...Object.values(BRAND_TO_GENERIC).flatMap((g) => g.split(' ')),
    ...Object.keys(DRUG_CLASS).flatMap((g) => g.split(' ')),
    ...[...GENERIC_DRUGS].flatMap((g) => g.split(' ')),
  ]);
  return drugNames.has(word);
}

// A procedure named by the site and what is done to it: "renal denervation", "carotid stenting", "gastric banding".
// Sites are anatomical adjectives; acts are surgical word-building or interventions (not tests such as imaging).
const ANATOMICAL_SITES = new Set(
  `renal hepatic gastric spinal carotid coronary pulmonary cerebral vertebral femoral iliac lumbar cervical thoracic
  abdominal pelvic vaginal rectal anal nasal bronchial tracheal esophageal oesophageal duodenal colonic pancreatic biliary
  adrenal thyroid prostatic uterine ovarian testicular ocular retinal cochlear vagal sacral endometrial intestinal arterial
  venous aortic mitral tricuspid valvular cutaneous intrathecal epidural genicular septal atrial ventricular bladder`.split(
    /\s+/,
  ),
);
const SURGICAL = /(?:ectomy|otomy|ostomy|plasty|scopy|pexy|rrhaphy)$/;
const INTERVENTIONS = new Set(
  `denervation ablation stimulation embolization embolisation fusion injection injections manipulation catheterization
  revascularization transplantation transplant banding stenting stent stents replacement resection reconstruction
  implant implantation occlusion closure dilation dilatation sympathectomy neurotomy radiofrequency cryoablation`.split(
    /\s+/,
  ),
);

/**
 * Procedures the message asks about (`askedAbout`'s text) as "site + act" whose two words the library knows but never uses together: the
 * guidelines use "denervation" (of facet joints), not "renal denervation".
 */
export function unknownProcedures(asked: string, index: RecommendationUnitIndex, gap: number): string[] {
  const tokens = tokenize(asked.replace(/\[[A-Z_]+(?: [^\]]{0,20})?\]/g, ' '));
  const out: string[] = [];
  tokens.forEach((site, i) => {
    if (!ANATOMICAL_SITES.has(site)) return;
    // The act right after the site or a few words on ("genicular nerve radiofrequency ablation"); a site the library never
    // names at all is no better evidence of coverage than one it never names with this act.
    for (let j = i + 1; j <= Math.min(i + 1 + gap, tokens.length - 1); j++) {
      const act = tokens[j]!;
      if (!(SURGICAL.test(act) || INTERVENTIONS.has(act))) continue;
      const phrase = tokens.slice(i, j + 1);
      if (index.usesPhrase([site, act]) || index.usesPhrase(phrase)) return;
      out.push(phrase.join(' '));
      return;
    }
  });
  return out;
}

const VACCINE_WORDS = new Set(
  'vaccine vaccines vaccination vaccinations immunization immunisation immunizations shot shots jab jabs booster'.split(
    ' ',
  ),
);

/**
 * Vaccines asked about by what they protect against ("the RSV vaccine (Arexvy)"), when the library never names
 * that target: no guideline's immunization advice covers them. Targets the library knows ("flu shot": influenza) pass.
 */
export function unknownVaccines(asked: string, index: RecommendationUnitIndex, minLength: number): string[] {
  const tokens = tokenize(asked.replace(/\[[A-Z_]+(?: [^\]]{0,20})?\]/g, ' '));
  const out: string[] = [];
  tokens.forEach((word, i) => {
    const target = tokens[i - 1];
    if (!VACCINE_WORDS.has(word) || !target || STOP_WORDS.has(target)) return;
    if (unknownConcepts(target, index, { word: minLength, medical: minLength }).length) out.push(`${target} ${word}`);
  });
  return out;
}

const countWord = (text: string, word: string) => tokenize(text).filter((t) => t === word).length;

export type CoverageDecision =
  { covered: true } | { covered: false; missing: string[]; kind: 'not-covered' | 'no-recommendation' };

/** Refuse only on positive evidence that the question is about something the library does not hold. */
export function decideCoverage(
  question: string,
  ranked: RankedUnit[],
  index: RecommendationUnitIndex,
  tuning: AnswerTuning,
): CoverageDecision {
  const e = tuning.evidence;
  const best = ranked[0];
  if (!best) return { covered: false, missing: [], kind: 'not-covered' };
  // Medical words the library never uses ("isotretinoin", "croup") tell what a case is about only when it names no
  // condition the library knows; beside one they are detail ("afebrile", "s/p prostatectomy").
  const medical = e.unknownMedical && readCase(question).conditions.length === 0 ? medicalTerms() : undefined;
  const lengths = { word: e.unknownMinLength, medical: e.unknownMedicalMinLength };
  const unknown = unknownConcepts(question, index, lengths, medical);
  if (unknown.length >= e.unknownConcepts) return { covered: false, missing: unknown, kind: 'not-covered' };
  const askedText = askedAbout(question);
  const asked = unknownConcepts(askedText, index, lengths, e.unknownMedicalAsked ? medicalTerms() : medical);
  // Asked about something the library never names, with little else matching, or for its dose: no guideline holds it.
  // A drug the message asks about that no guideline names (by any of its names) is a question no guideline answers,
  // however much of the case around it matches.
  // A word the library never names, said more than once: it is what the message is about ("fentanyl cut with xylazine ...
  // any guidance on xylazine?").
  const repeated = e.unknownRepeated ? unknown.filter((w) => countWord(question, w) >= e.unknownRepeated) : [];
  if (repeated.length) return { covered: false, missing: repeated, kind: 'not-covered' };
  const askedDrugs = asked.filter(isDrugName);
  if (askedDrugs.length && e.unknownDrug) return { covered: false, missing: askedDrugs, kind: 'not-covered' };
  if (asked.length > 0 && (best.matched < e.unknownAskedMatched || asksForDose(question)))
    return { covered: false, missing: asked, kind: 'not-covered' };
  if (best.matched < e.minMatched) return { covered: false, missing: [], kind: 'not-covered' };
  const procedures = [
    ...(e.unknownProcedure ? unknownProcedures(askedText, index, e.procedureGap) : []),
    ...(e.unknownVaccine ? unknownVaccines(askedText, index, e.vaccineTargetMinLength) : []),
  ];
  if (procedures.length) return { covered: false, missing: procedures, kind: 'not-covered' };
  const diseases =
    e.diseaseUnits > 0 ? unaddressedDiseases(question, ranked.slice(0, e.diseaseUnits), index, e.unknownMinLength) : [];
  if (diseases.length) return { covered: false, missing: diseases, kind: 'no-recommendation' };
  return { covered: true };
}
