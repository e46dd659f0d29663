// Vocabulary for reading a case: which concepts are conditions (with the short label clinicians use), generic drug names,
// drug classes, and how labs/vitals are written. Synonyms and brand -> generic mapping come from the shared clinical
// lexicon (src/retrieval/lexicon.ts); this file only adds what case reading needs on top of it.
import { BRAND_TO_GENERIC, CONCEPT_GROUPS } from '../retrieval/lexicon.js';

export interface ConditionEntry {
  /** Short label for the case summary ("T2DM"). */
  label: string;
  /** Full name used to steer retrieval ("type 2 diabetes"). */
  name: string;
  /** Surface forms, lower case, matched on word boundaries. */
  forms: string[];
}

const condition = (label: string, name: string, ...forms: string[]): ConditionEntry => ({
  label,
  name,
  forms: [...new Set([label.toLowerCase(), name, ...forms])],
});

/** Conditions a case mentions. Order matters only for display; more specific forms win over general ones when both match. */
export const CONDITIONS: ConditionEntry[] = [
  condition('HTN', 'hypertension', 'htn', 'high blood pressure', 'hypertensive'),
  condition('T2DM', 'type 2 diabetes', 't2dm', 'dm2', 'dm 2', 't2d', 'dmii', 'dm ii', 'niddm', 'type 2 diabetes mellitus', 'type ii diabetes', 'diabetes type 2', 'type 2 dm'),
  condition('T1DM', 'type 1 diabetes', 't1dm', 'dm1', 't1d', 'iddm', 'type 1 diabetes mellitus', 'type i diabetes', 'diabetes type 1', 'type 1 dm'),
  condition('DM', 'diabetes mellitus', 'dm', 'diabetes', 'diabetic'),
  condition('prediabetes', 'prediabetes', 'pre-diabetes', 'impaired fasting glucose', 'impaired glucose tolerance'),
  condition('GDM', 'gestational diabetes', 'gdm', 'gestational diabetes mellitus'),
  condition('CKD', 'chronic kidney disease', 'ckd', 'chronic renal insufficiency', 'chronic renal disease'),
  condition('ESRD', 'end-stage renal disease', 'esrd', 'eskd', 'end stage renal disease', 'on dialysis', 'hemodialysis'),
  condition('AKI', 'acute kidney injury', 'aki', 'acute renal failure'),
  condition('COPD', 'chronic obstructive pulmonary disease', 'copd', 'emphysema', 'chronic bronchitis'),
  condition('asthma', 'asthma', 'asthmatic', 'reactive airway disease'),
  condition('OSA', 'obstructive sleep apnea', 'osa', 'sleep apnea', 'sleep apnoea'),
  condition('insomnia', 'insomnia', 'chronic insomnia'),
  condition('MDD', 'major depressive disorder', 'mdd', 'major depression', 'depression', 'depressed', 'depressive disorder'),
  condition('PTSD', 'posttraumatic stress disorder', 'ptsd', 'post-traumatic stress disorder', 'post traumatic stress disorder'),
  condition('GAD', 'generalized anxiety disorder', 'gad', 'anxiety disorder', 'anxiety'),
  condition('bipolar disorder', 'bipolar disorder', 'bipolar', 'bpad'),
  condition('schizophrenia', 'schizophrenia', 'schizoaffective'),
  condition('SUD', 'substance use disorder', 'sud', 'substance abuse', 'polysubstance use'),
  condition('AUD', 'alcohol use disorder', 'aud', 'alcoholism', 'alcohol dependence', 'etoh abuse', 'etoh use disorder', 'alcohol abuse'),
  condition('OUD', 'opioid use disorder', 'oud', 'opioid dependence', 'opioid addiction'),
  condition('tobacco use', 'tobacco use disorder', 'smoker', 'smokes', 'tobacco use', 'current smoker', 'pack-year', 'pack year', 'pack years', 'pack-years'),
  condition('chronic pain', 'chronic pain', 'chronic pain syndrome'),
  condition('LBP', 'low back pain', 'lbp', 'back pain', 'lumbago', 'sciatica', 'lumbar radiculopathy'),
  condition('OA', 'osteoarthritis', 'oa', 'djd', 'degenerative joint disease', 'knee oa', 'hip oa'),
  condition('RA', 'rheumatoid arthritis', 'ra'),
  condition('gout', 'gout', 'gouty arthritis'),
  condition('osteoporosis', 'osteoporosis', 'osteopenia'),
  condition('mTBI', 'mild traumatic brain injury', 'mtbi', 'concussion', 'mild tbi'),
  condition('TBI', 'traumatic brain injury', 'tbi'),
  condition('stroke', 'stroke', 'cva', 'cerebrovascular accident', 'ischemic stroke', 'hemorrhagic stroke'),
  condition('TIA', 'transient ischemic attack', 'tia'),
  condition('migraine', 'migraine', 'migraines', 'chronic migraine'),
  condition('headache', 'headache', 'tension-type headache', 'tension headache', 'medication overuse headache'),
  condition('AF', 'atrial fibrillation', 'af', 'afib', 'a-fib', 'a fib', 'paroxysmal af'),
  condition('HF', 'heart failure', 'hf', 'chf', 'hfref', 'hfpef', 'congestive heart failure', 'systolic heart failure'),
  condition('CAD', 'coronary artery disease', 'cad', 'ihd', 'ischemic heart disease', 'coronary heart disease'),
  condition('prior MI', 'myocardial infarction', 'mi', 'nstemi', 'stemi', 'heart attack'),
  condition('PAD', 'peripheral artery disease', 'pad', 'peripheral arterial disease', 'pvd'),
  condition('HLD', 'hyperlipidemia', 'hld', 'dyslipidemia', 'hypercholesterolemia', 'high cholesterol'),
  condition('obesity', 'obesity', 'obese', 'morbid obesity', 'overweight'),
  condition('hypothyroidism', 'hypothyroidism', 'hypothyroid'),
  condition('hyperthyroidism', 'hyperthyroidism', 'graves disease'),
  condition('VTE', 'venous thromboembolism', 'vte', 'dvt', 'deep vein thrombosis', 'pulmonary embolism'),
  condition('GERD', 'gastroesophageal reflux disease', 'gerd', 'reflux'),
  condition('cirrhosis', 'cirrhosis', 'liver cirrhosis', 'esld'),
  condition('HIV', 'HIV infection', 'hiv', 'plwh'),
  condition('HCV', 'hepatitis C', 'hcv', 'hep c', 'hepatitis c'),
  condition('dementia', 'dementia', 'alzheimer disease', "alzheimer's", 'major neurocognitive disorder', 'cognitive impairment'),
  condition('epilepsy', 'epilepsy', 'seizure disorder'),
  condition('chronic multisymptom illness', 'chronic multisymptom illness', 'cmi', 'gulf war illness', 'fibromyalgia', 'chronic fatigue syndrome'),
  condition('IBS', 'irritable bowel syndrome', 'ibs'),
  condition('amputation', 'limb amputation', 'amputee', 'amputation', 'bka', 'aka amputation', 'transtibial amputation', 'transfemoral amputation'),
  condition('preeclampsia', 'preeclampsia', 'pre-eclampsia', 'gestational hypertension'),
  condition('cancer', 'cancer', 'malignancy', 'carcinoma'),
];

/** Generic drug names (lower case) the case reader recognises, beyond the generic names in the brand map. */
const EXTRA_GENERICS = `metformin glipizide glyburide glimepiride pioglitazone sitagliptin linagliptin empagliflozin dapagliflozin canagliflozin
insulin semaglutide liraglutide dulaglutide tirzepatide exenatide lisinopril enalapril ramipril benazepril losartan valsartan olmesartan
irbesartan telmisartan candesartan amlodipine nifedipine diltiazem verapamil hydrochlorothiazide chlorthalidone indapamide furosemide
torsemide bumetanide spironolactone eplerenone metoprolol carvedilol atenolol propranolol bisoprolol labetalol hydralazine clonidine
atorvastatin rosuvastatin simvastatin pravastatin ezetimibe aspirin clopidogrel ticagrelor prasugrel warfarin apixaban rivaroxaban
dabigatran edoxaban heparin enoxaparin digoxin amiodarone nitroglycerin sacubitril acetaminophen ibuprofen naproxen celecoxib
meloxicam diclofenac ketorolac gabapentin pregabalin duloxetine cyclobenzaprine methocarbamol baclofen tizanidine tramadol
oxycodone hydrocodone morphine hydromorphone fentanyl methadone buprenorphine naloxone naltrexone tapentadol codeine acamprosate
disulfiram topiramate varenicline bupropion sertraline fluoxetine paroxetine citalopram escitalopram venlafaxine desvenlafaxine
mirtazapine trazodone amitriptyline nortriptyline vortioxetine vilazodone esketamine ketamine lithium quetiapine olanzapine
aripiprazole risperidone clozapine haloperidol lamotrigine valproate divalproex carbamazepine levetiracetam phenytoin alprazolam
lorazepam clonazepam diazepam zolpidem eszopiclone zaleplon suvorexant ramelteon doxepin melatonin prazosin buspirone hydroxyzine
albuterol levalbuterol fluticasone budesonide formoterol salmeterol tiotropium umeclidinium vilanterol montelukast prednisone
prednisolone methylprednisolone dexamethasone hydrocortisone roflumilast azithromycin doxycycline amoxicillin levothyroxine
omeprazole pantoprazole esomeprazole famotidine ondansetron sumatriptan rizatriptan erenumab fremanezumab galcanezumab rimegepant
ubrogepant propranolol allopurinol colchicine alendronate denosumab methotrexate hydroxychloroquine adalimumab testosterone
estradiol medroxyprogesterone levonorgestrel labetalol oxytocin glucagon dextrose epinephrine
semaglutide orlistat phentermine liraglutide tamsulosin finasteride sildenafil tadalafil`;

/** Generic names of more than one word. */
const MULTIWORD_GENERICS = ['folic acid', 'magnesium sulfate', 'ferrous sulfate', 'insulin glargine', 'insulin lispro', 'insulin aspart',
  'insulin detemir', 'insulin degludec', 'nicotine replacement therapy', 'nicotine patch'];

/** Every generic name the case reader knows, lower case. */
export const GENERIC_DRUGS: ReadonlySet<string> = new Set([
  ...EXTRA_GENERICS.split(/\s+/).filter(Boolean),
  ...MULTIWORD_GENERICS,
  ...Object.values(BRAND_TO_GENERIC).filter((g) => !/^acetylsalicylic/.test(g) && !/\s.*\s/.test(g)),
]);

/** Brand names and common abbreviations -> generic (lower case). */
export const DRUG_ALIASES: Readonly<Record<string, string>> = {
  ...BRAND_TO_GENERIC,
  asa: 'aspirin',
  aspirin: 'aspirin',
  hctz: 'hydrochlorothiazide',
  apap: 'acetaminophen',
  bup: 'buprenorphine',
  'bup/nx': 'buprenorphine naloxone',
  mtx: 'methotrexate',
  ntg: 'nitroglycerin',
  lt4: 'levothyroxine',
  ocp: 'oral contraceptive',
  ocps: 'oral contraceptive',
  // Drug classes written as the patient's current therapy ("on LAMA", "on an ACE inhibitor"): the class is the medication.
  lama: 'long-acting muscarinic antagonist',
  'long-acting muscarinic antagonist': 'long-acting muscarinic antagonist',
  'long-acting antimuscarinic agent': 'long-acting muscarinic antagonist',
  'long acting muscarinic antagonist': 'long-acting muscarinic antagonist',
  laba: 'long-acting beta agonist',
  'long-acting beta agonist': 'long-acting beta agonist',
  'long-acting beta agonists': 'long-acting beta agonist',
  'long acting beta agonist': 'long-acting beta agonist',
  'long-acting beta2 agonist': 'long-acting beta agonist',
  ics: 'inhaled corticosteroid',
  'inhaled corticosteroid': 'inhaled corticosteroid',
  'inhaled corticosteroids': 'inhaled corticosteroid',
  'inhaled steroid': 'inhaled corticosteroid',
  saba: 'short-acting beta agonist',
  'ace inhibitor': 'ACE inhibitor',
  acei: 'ACE inhibitor',
  arb: 'angiotensin receptor blocker',
  ssri: 'SSRI',
  snri: 'SNRI',
  nsaid: 'NSAID',
  nsaids: 'NSAID',
  'sglt2 inhibitor': 'SGLT2 inhibitor',
  sglt2i: 'SGLT2 inhibitor',
  'glp-1 receptor agonist': 'GLP-1 receptor agonist',
  'glp-1 ra': 'GLP-1 receptor agonist',
  statin: 'statin',
  'beta blocker': 'beta blocker',
  'beta-blocker': 'beta blocker',
};

/** Drug class of a generic name, used to steer retrieval ("empagliflozin" -> "SGLT2 inhibitor"). */
export const DRUG_CLASS: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      ['SGLT2 inhibitor', 'empagliflozin dapagliflozin canagliflozin ertugliflozin'],
      ['GLP-1 receptor agonist', 'semaglutide liraglutide dulaglutide exenatide tirzepatide'],
      ['DPP-4 inhibitor', 'sitagliptin linagliptin saxagliptin'],
      ['sulfonylurea', 'glipizide glyburide glimepiride'],
      ['thiazolidinedione', 'pioglitazone'],
      ['biguanide', 'metformin'],
      ['insulin', 'insulin'],
      ['ACE inhibitor', 'lisinopril enalapril ramipril benazepril'],
      ['angiotensin receptor blocker', 'losartan valsartan olmesartan irbesartan telmisartan candesartan'],
      ['calcium channel blocker', 'amlodipine nifedipine diltiazem verapamil'],
      ['thiazide diuretic', 'hydrochlorothiazide chlorthalidone indapamide'],
      ['loop diuretic', 'furosemide torsemide bumetanide'],
      ['mineralocorticoid receptor antagonist', 'spironolactone eplerenone'],
      ['beta blocker', 'metoprolol carvedilol atenolol propranolol bisoprolol labetalol'],
      ['statin', 'atorvastatin rosuvastatin simvastatin pravastatin'],
      ['anticoagulant', 'warfarin apixaban rivaroxaban dabigatran edoxaban heparin enoxaparin'],
      ['antiplatelet', 'aspirin clopidogrel ticagrelor prasugrel'],
      ['NSAID', 'ibuprofen naproxen celecoxib meloxicam diclofenac ketorolac'],
      ['gabapentinoid', 'gabapentin pregabalin'],
      ['opioid', 'tramadol oxycodone hydrocodone morphine hydromorphone fentanyl methadone tapentadol codeine'],
      ['opioid use disorder medication', 'buprenorphine naltrexone'],
      ['SSRI', 'sertraline fluoxetine paroxetine citalopram escitalopram'],
      ['SNRI', 'venlafaxine desvenlafaxine duloxetine'],
      ['tricyclic antidepressant', 'amitriptyline nortriptyline'],
      ['antipsychotic', 'quetiapine olanzapine aripiprazole risperidone clozapine haloperidol'],
      ['benzodiazepine', 'alprazolam lorazepam clonazepam diazepam'],
      ['sedative hypnotic', 'zolpidem eszopiclone zaleplon'],
      ['inhaled corticosteroid', 'fluticasone budesonide'],
      ['long-acting muscarinic antagonist', 'tiotropium umeclidinium'],
      ['long-acting beta agonist', 'salmeterol formoterol vilanterol'],
      ['short-acting beta agonist', 'albuterol levalbuterol'],
      ['systemic corticosteroid', 'prednisone prednisolone methylprednisolone dexamethasone'],
      ['triptan', 'sumatriptan rizatriptan zolmitriptan'],
      ['CGRP antagonist', 'erenumab fremanezumab galcanezumab rimegepant ubrogepant'],
    ] as const
  ).flatMap(([cls, names]) => names.split(' ').map((n) => [n, cls] as const)),
);

/** Lower-case words that belong to clinical vocabulary (conditions, drugs, lexicon terms): never a person's name. */
export function clinicalWords(): ReadonlySet<string> {
  if (clinicalWordCache) return clinicalWordCache;
  const set = new Set<string>();
  const addPhrase = (p: string) => {
    for (const w of p.toLowerCase().split(/[^a-z0-9']+/)) if (w.length > 1) set.add(w);
  };
  for (const c of CONDITIONS) c.forms.forEach(addPhrase);
  for (const g of CONCEPT_GROUPS) g.forEach(addPhrase);
  for (const [brand, generic] of Object.entries(BRAND_TO_GENERIC)) {
    addPhrase(brand);
    addPhrase(generic);
  }
  GENERIC_DRUGS.forEach(addPhrase);
  // Words of the shared lexicon that are also common names or name-like words are not clinical on their own.
  for (const w of ['black', 'african', 'american', 'falls', 'fall', 'will', 'may', 'mark']) set.delete(w);
  clinicalWordCache = set;
  return set;
}
let clinicalWordCache: Set<string> | null = null;
