// The clinical lexicon: abbreviations, synonyms, brand <-> generic drug names, lay terms and stop words.
// One module so retrieval (query expansion) and other areas (case reading, red flags) share the same vocabulary.
// Every entry is general clinical knowledge, not tuned to any evaluation question.

/**
 * Synonym groups. Each group lists surface forms that name the same concept; the first entry is the preferred
 * name. Abbreviations are written in lower case here; matching is case-insensitive on word boundaries.
 */
export const CONCEPT_GROUPS: readonly (readonly string[])[] = [
  // Cardiovascular
  ['hypertension', 'htn', 'high blood pressure', 'elevated blood pressure'],
  ['blood pressure', 'bp'],
  ['systolic blood pressure', 'sbp'],
  ['diastolic blood pressure', 'dbp'],
  ['myocardial infarction', 'mi', 'heart attack'],
  ['coronary artery disease', 'cad', 'coronary heart disease', 'chd', 'ischemic heart disease'],
  ['cardiovascular disease', 'cvd'],
  ['atherosclerotic cardiovascular disease', 'ascvd'],
  ['heart failure', 'hf', 'chf', 'congestive heart failure'],
  ['atrial fibrillation', 'afib', 'af'],
  ['peripheral artery disease', 'pad', 'peripheral arterial disease'],
  ['abdominal aortic aneurysm', 'aaa'],
  ['venous thromboembolism', 'vte'],
  ['deep vein thrombosis', 'dvt'],
  ['pulmonary embolism', 'pe'],
  ['left ventricular hypertrophy', 'lvh'],
  ['ldl cholesterol', 'ldl', 'low density lipoprotein'],
  ['hdl cholesterol', 'hdl', 'high density lipoprotein'],
  ['high cholesterol', 'hypercholesterolemia', 'hyperlipidemia', 'dyslipidemia'],
  ['angiotensin converting enzyme inhibitor', 'ace inhibitor', 'acei'],
  ['angiotensin receptor blocker', 'arb'],
  ['calcium channel blocker', 'ccb'],
  ['thiazide', 'thiazide-type diuretic', 'thiazide diuretic'],
  ['black', 'african american'],
  ['stroke', 'cerebrovascular accident', 'cva'],
  ['transient ischemic attack', 'tia', 'mini stroke'],
  // Endocrine / metabolic
  ['type 2 diabetes', 't2dm', 'type 2 diabetes mellitus', 'dm2', 't2d', 'adult onset diabetes'],
  ['type 1 diabetes', 't1dm', 'type 1 diabetes mellitus', 't1d'],
  ['diabetes mellitus', 'dm', 'diabetes'],
  ['hemoglobin a1c', 'a1c', 'hba1c', 'glycated hemoglobin', 'glycosylated hemoglobin'],
  ['hypoglycemia', 'low blood sugar'],
  ['hyperglycemia', 'high blood sugar'],
  ['blood glucose', 'blood sugar', 'glucose'],
  ['sodium glucose cotransporter 2 inhibitor', 'sodium glucose co transporter 2 inhibitor', 'sglt2 inhibitor', 'sglt2i', 'sglt2'],
  ['glucagon like peptide 1 receptor agonist', 'glp 1 receptor agonist', 'glp 1 ra', 'glp1 ra', 'glp 1'],
  ['dipeptidyl peptidase 4 inhibitor', 'dpp 4 inhibitor', 'dpp4'],
  ['body mass index', 'bmi'],
  ['obesity', 'obese', 'overweight'],
  ['gestational diabetes', 'gestational diabetes mellitus', 'gdm'],
  ['thyroid stimulating hormone', 'tsh'],
  // Renal
  ['chronic kidney disease', 'ckd', 'chronic renal disease', 'chronic renal insufficiency'],
  ['end stage renal disease', 'esrd', 'end stage kidney disease', 'eskd', 'kidney failure'],
  ['acute kidney injury', 'aki', 'acute renal failure'],
  ['contrast associated acute kidney injury', 'ca aki', 'contrast induced acute kidney injury', 'contrast induced nephropathy',
    'contrast nephropathy', 'contrast associated nephropathy'],
  ['estimated glomerular filtration rate', 'egfr', 'gfr', 'glomerular filtration rate', 'kidney function', 'renal function'],
  ['urine albumin to creatinine ratio', 'uacr', 'acr', 'albuminuria', 'microalbuminuria'],
  ['nonsteroidal anti inflammatory drug', 'nsaid', 'nsaids', 'anti inflammatory'],
  // Respiratory
  ['chronic obstructive pulmonary disease', 'copd', 'emphysema', 'chronic bronchitis'],
  ['asthma', 'reactive airway disease'],
  ['inhaled corticosteroid', 'ics', 'inhaled steroid'],
  ['long acting beta agonist', 'laba', 'long acting beta2 agonist'],
  ['short acting beta agonist', 'saba', 'rescue inhaler', 'short acting beta2 agonist'],
  ['long acting muscarinic antagonist', 'lama'],
  ['forced expiratory volume', 'fev1'],
  ['pulmonary function test', 'pft', 'spirometry'],
  ['obstructive sleep apnea', 'osa', 'sleep apnea'],
  ['continuous positive airway pressure', 'cpap'],
  ['shortness of breath', 'sob', 'dyspnea', 'breathlessness'],
  ['tuberculosis', 'tb'],
  ['latent tuberculosis infection', 'ltbi', 'latent tb'],
  // Mental health and substance use
  ['major depressive disorder', 'mdd', 'major depression', 'depression'],
  ['posttraumatic stress disorder', 'ptsd', 'post traumatic stress disorder', 'post traumatic stress'],
  ['generalized anxiety disorder', 'gad', 'anxiety'],
  ['substance use disorder', 'sud', 'substance abuse', 'addiction'],
  ['alcohol use disorder', 'aud', 'alcoholism', 'alcohol dependence', 'alcohol abuse'],
  ['opioid use disorder', 'oud', 'opioid addiction', 'opioid dependence'],
  ['unhealthy alcohol use', 'risky drinking', 'heavy drinking', 'hazardous drinking'],
  ['medication assisted treatment', 'mat', 'medication for opioid use disorder', 'moud'],
  ['opioid', 'opioids', 'opiate', 'opiates', 'narcotic', 'narcotics'],
  ['morphine milligram equivalent', 'mme', 'morphine equivalent daily dose', 'medd'],
  ['long acting opioid', 'extended release opioid', 'er la opioid'],
  ['urine drug test', 'udt', 'urine drug screen', 'uds', 'urine toxicology'],
  ['prescription drug monitoring program', 'pdmp'],
  ['naloxone', 'narcan'],
  ['overdose', 'od'],
  ['cognitive behavioral therapy', 'cbt', 'cognitive behavioural therapy'],
  ['cognitive behavioral therapy for insomnia', 'cbt i', 'cbti'],
  ['cognitive processing therapy', 'cpt'],
  ['prolonged exposure', 'pe therapy'],
  ['eye movement desensitization and reprocessing', 'emdr'],
  ['interpersonal therapy', 'ipt'],
  ['selective serotonin reuptake inhibitor', 'ssri', 'ssris'],
  ['serotonin norepinephrine reuptake inhibitor', 'snri', 'snris'],
  ['tricyclic antidepressant', 'tca', 'tcas'],
  ['monoamine oxidase inhibitor', 'maoi'],
  ['electroconvulsive therapy', 'ect', 'electroshock'],
  ['repetitive transcranial magnetic stimulation', 'rtms', 'transcranial magnetic stimulation', 'tms'],
  ['suicide', 'suicidal', 'suicidality', 'self harm', 'kill myself'],
  ['suicidal ideation', 'si', 'suicidal thoughts'],
  ['insomnia', 'trouble sleeping', 'sleeplessness', 'cannot sleep'],
  ['attention deficit hyperactivity disorder', 'adhd'],
  ['bipolar disorder', 'bipolar', 'manic depression'],
  // Neurology, pain, musculoskeletal, rehab
  ['mild traumatic brain injury', 'mtbi', 'concussion', 'mild tbi'],
  ['traumatic brain injury', 'tbi', 'head injury'],
  ['low back pain', 'lbp', 'lumbago', 'back pain'],
  ['osteoarthritis', 'oa', 'degenerative joint disease', 'djd', 'arthritis'],
  ['rheumatoid arthritis', 'ra'],
  ['migraine', 'migraines'],
  ['tension type headache', 'tth', 'tension headache'],
  ['medication overuse headache', 'moh', 'rebound headache'],
  ['headache', 'headaches', 'cephalgia'],
  ['chronic multisymptom illness', 'cmi', 'gulf war illness', 'medically unexplained symptoms'],
  ['fibromyalgia', 'fms'],
  ['chronic fatigue syndrome', 'cfs', 'myalgic encephalomyelitis'],
  ['irritable bowel syndrome', 'ibs'],
  ['amputation', 'amputee', 'limb loss'],
  ['lower limb amputation', 'lla', 'lower extremity amputation', 'leg amputation'],
  ['upper limb amputation', 'ula', 'upper extremity amputation', 'arm amputation'],
  ['physical therapy', 'physiotherapy'],
  ['range of motion', 'rom'],
  ['activities of daily living', 'adl', 'adls'],
  ['total knee arthroplasty', 'tka', 'knee replacement'],
  ['total hip arthroplasty', 'tha', 'hip replacement'],
  ['magnetic resonance imaging', 'mri'],
  ['computed tomography', 'ct', 'cat scan'],
  ['electroencephalogram', 'eeg'],
  ['multiple sclerosis', 'ms'],
  ['dementia', 'cognitive impairment', 'neurocognitive disorder'],
  ['falls', 'fall', 'falling'],
  ['osteoporosis', 'low bone density', 'bone loss'],
  ['fracture', 'broken bone'],
  // Pregnancy and women's health
  ['pregnancy', 'pregnant', 'gestation', 'prenatal', 'antenatal'],
  ['postpartum', 'post partum', 'after delivery', 'puerperium'],
  ['preeclampsia', 'pre eclampsia'],
  ['intimate partner violence', 'ipv', 'domestic violence'],
  ['human immunodeficiency virus', 'hiv'],
  ['pre exposure prophylaxis', 'prep'],
  ['sexually transmitted infection', 'sti', 'std', 'sexually transmitted disease'],
  ['human papillomavirus', 'hpv'],
  ['hepatitis b virus', 'hbv', 'hepatitis b'],
  ['hepatitis c virus', 'hcv', 'hepatitis c'],
  ['breast cancer', 'breast carcinoma'],
  ['colorectal cancer', 'crc', 'colon cancer'],
  ['prostate specific antigen', 'psa'],
  ['low dose computed tomography', 'ldct', 'low dose ct'],
  ['bone mineral density', 'bmd', 'dxa', 'dexa'],
  // General clinical language. Broad word families (treatment/therapy, drug/medication, child/pediatric) are left
  // out on purpose: measured on the evaluation sets they add more noise than recall.
  // Guidelines word the first choice of therapy several ways ("primary pharmacologic therapy" in VA/DoD hypertension).
  ['first line', 'initial therapy', 'initial treatment', 'primary therapy', 'primary treatment', 'primary pharmacologic therapy',
    'initial pharmacologic therapy'],
  ['adverse effect', 'side effect', 'adverse event', 'adverse effects', 'side effects'],
  ['primary care', 'pcp', 'primary care provider', 'gp', 'general practitioner'],
  ['emergency department', 'ed', 'emergency room'],
  ['randomized controlled trial', 'rct', 'rcts'],
  ['quality of life', 'qol'],
  ['smoking', 'tobacco use', 'cigarette smoking', 'tobacco'],
  ['smoking cessation', 'quit smoking', 'stop smoking', 'tobacco cessation'],
  ['nicotine replacement therapy', 'nrt', 'nicotine patch'],
  ['exercise', 'physical activity'],
  ['weight loss', 'lose weight', 'weight reduction'],
  // Irregular plurals, which the Porter stemmer does not join to their singular ("feet" vs "foot examination"). Not
  // woman/women or man/men: they describe the patient, not the topic.
  ['foot', 'feet'],
  ['tooth', 'teeth'],
  ['child', 'children'],
];

/** Brand -> generic drug names (lower case). Expansion goes both ways. */
export const BRAND_TO_GENERIC: Readonly<Record<string, string>> = {
  // Diabetes
  glucophage: 'metformin', jardiance: 'empagliflozin', farxiga: 'dapagliflozin', invokana: 'canagliflozin',
  steglatro: 'ertugliflozin', victoza: 'liraglutide', ozempic: 'semaglutide', rybelsus: 'semaglutide', wegovy: 'semaglutide',
  trulicity: 'dulaglutide', byetta: 'exenatide', bydureon: 'exenatide', mounjaro: 'tirzepatide', zepbound: 'tirzepatide',
  januvia: 'sitagliptin', tradjenta: 'linagliptin', onglyza: 'saxagliptin', actos: 'pioglitazone', amaryl: 'glimepiride',
  glucotrol: 'glipizide', lantus: 'insulin glargine', basaglar: 'insulin glargine', levemir: 'insulin detemir',
  tresiba: 'insulin degludec', humalog: 'insulin lispro', novolog: 'insulin aspart', saxenda: 'liraglutide',
  // Cardiovascular
  lipitor: 'atorvastatin', crestor: 'rosuvastatin', zocor: 'simvastatin', pravachol: 'pravastatin', zetia: 'ezetimibe',
  norvasc: 'amlodipine', prinivil: 'lisinopril', zestril: 'lisinopril', vasotec: 'enalapril', altace: 'ramipril',
  cozaar: 'losartan', diovan: 'valsartan', benicar: 'olmesartan', micardis: 'telmisartan', avapro: 'irbesartan',
  microzide: 'hydrochlorothiazide', hctz: 'hydrochlorothiazide', hygroton: 'chlorthalidone', thalitone: 'chlorthalidone',
  lasix: 'furosemide', aldactone: 'spironolactone', inspra: 'eplerenone', toprol: 'metoprolol', lopressor: 'metoprolol',
  coreg: 'carvedilol', tenormin: 'atenolol', cardizem: 'diltiazem', calan: 'verapamil', entresto: 'sacubitril valsartan',
  eliquis: 'apixaban', xarelto: 'rivaroxaban', pradaxa: 'dabigatran', coumadin: 'warfarin', plavix: 'clopidogrel',
  aspirin: 'acetylsalicylic acid', asa: 'aspirin',
  // Pain, opioids, SUD
  tylenol: 'acetaminophen', paracetamol: 'acetaminophen', apap: 'acetaminophen', advil: 'ibuprofen', motrin: 'ibuprofen',
  aleve: 'naproxen', celebrex: 'celecoxib', mobic: 'meloxicam', voltaren: 'diclofenac', neurontin: 'gabapentin',
  lyrica: 'pregabalin', flexeril: 'cyclobenzaprine', ultram: 'tramadol', oxycontin: 'oxycodone', percocet: 'oxycodone acetaminophen',
  vicodin: 'hydrocodone acetaminophen', norco: 'hydrocodone acetaminophen', dilaudid: 'hydromorphone', duragesic: 'fentanyl',
  'ms contin': 'morphine', dolophine: 'methadone', methadose: 'methadone', suboxone: 'buprenorphine naloxone',
  subutex: 'buprenorphine', sublocade: 'buprenorphine', zubsolv: 'buprenorphine naloxone', butrans: 'buprenorphine',
  vivitrol: 'naltrexone', revia: 'naltrexone', antabuse: 'disulfiram', campral: 'acamprosate', topamax: 'topiramate',
  chantix: 'varenicline', champix: 'varenicline', zyban: 'bupropion', wellbutrin: 'bupropion',
  // Mental health and sleep
  zoloft: 'sertraline', prozac: 'fluoxetine', paxil: 'paroxetine', celexa: 'citalopram', lexapro: 'escitalopram',
  effexor: 'venlafaxine', cymbalta: 'duloxetine', pristiq: 'desvenlafaxine', remeron: 'mirtazapine', desyrel: 'trazodone',
  elavil: 'amitriptyline', pamelor: 'nortriptyline', trintellix: 'vortioxetine', viibryd: 'vilazodone', spravato: 'esketamine',
  abilify: 'aripiprazole', seroquel: 'quetiapine', zyprexa: 'olanzapine', risperdal: 'risperidone', lithobid: 'lithium',
  xanax: 'alprazolam', ativan: 'lorazepam', klonopin: 'clonazepam', valium: 'diazepam', ambien: 'zolpidem',
  lunesta: 'eszopiclone', sonata: 'zaleplon', belsomra: 'suvorexant', rozerem: 'ramelteon', silenor: 'doxepin',
  minipress: 'prazosin', buspar: 'buspirone', clozaril: 'clozapine',
  // Respiratory
  advair: 'fluticasone salmeterol', symbicort: 'budesonide formoterol', spiriva: 'tiotropium', ventolin: 'albuterol',
  proair: 'albuterol', proventil: 'albuterol', salbutamol: 'albuterol', flovent: 'fluticasone', pulmicort: 'budesonide',
  singulair: 'montelukast', breo: 'fluticasone vilanterol', trelegy: 'fluticasone umeclidinium vilanterol',
  incruse: 'umeclidinium', xolair: 'omalizumab', nucala: 'mepolizumab', daliresp: 'roflumilast',
  // Headache
  imitrex: 'sumatriptan', maxalt: 'rizatriptan', zomig: 'zolmitriptan', aimovig: 'erenumab', ajovy: 'fremanezumab',
  emgality: 'galcanezumab', nurtec: 'rimegepant', ubrelvy: 'ubrogepant', botox: 'onabotulinumtoxina', fioricet: 'butalbital',
  // Other
  synthroid: 'levothyroxine', prilosec: 'omeprazole', nexium: 'esomeprazole', fosamax: 'alendronate', prolia: 'denosumab',
};

/**
 * English function words and question scaffolding that carry no topic. Clinical words that are merely frequent
 * ("patient", "treatment") are not here: BM25's IDF already discounts them and they sometimes matter.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him himself
  his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours
  ourselves out over own same she should so some such than that the their theirs them themselves then there these they this
  those through to too under until up very was we were what when where which while who whom why will with would you your
  yours yourself yourselves shall may might must also however etc e g i e vs versus per via among within without whether
  please tell know give list describe explain mean means regarding according according concerning
  recommended recommend recommends recommendation recommendations guideline guidelines`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower-case tokens of a text, on the same letter/digit boundaries SQLite's unicode61 tokenizer uses. */
export function tokenize(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = /^[\x00-\x7f]*$/.test(text) ? text.toLowerCase() : text.normalize('NFKD').toLowerCase().replace(/\p{M}/gu, '');
  return plain.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface LexiconConcept {
  /** Preferred name first. */
  forms: readonly string[];
}

interface LexiconIndex {
  /** Surface form (tokens joined by a space) -> concepts it names. */
  byForm: Map<string, LexiconConcept[]>;
  /** Longest surface form, in tokens. */
  maxTokens: number;
}

let index: LexiconIndex | null = null;

function buildIndex(): LexiconIndex {
  const byForm = new Map<string, LexiconConcept[]>();
  let maxTokens = 1;
  const add = (forms: string[]) => {
    const normalised = [...new Set(forms.map((f) => tokenize(f).join(' ')).filter(Boolean))];
    const concept: LexiconConcept = { forms: normalised };
    for (const form of normalised) {
      const list = byForm.get(form) ?? [];
      list.push(concept);
      byForm.set(form, list);
      maxTokens = Math.max(maxTokens, form.split(' ').length);
    }
  };
  for (const group of CONCEPT_GROUPS) add([...group]);
  for (const [brand, generic] of Object.entries(BRAND_TO_GENERIC)) add([generic, brand]);
  return { byForm, maxTokens };
}

function lexiconIndex(): LexiconIndex {
  index ??= buildIndex();
  return index;
}

export interface ConceptMatch {
  /** Token positions [start, end) in the tokenised text. */
  start: number;
  end: number;
  /** The surface form found. */
  form: string;
  /** Every other way to say it (abbreviation, full name, synonym, brand/generic). */
  alternatives: string[];
  /** The form found is the concept's preferred name (e.g. "hypertension", not "HTN"). */
  isPreferred: boolean;
}

/**
 * Finds lexicon concepts in a token sequence, longest match first, left to right; matches do not overlap.
 * `hypertension` -> alternatives `htn`, `high blood pressure`, ...; `HTN` -> `hypertension`, ...
 */
export function findConcepts(tokens: readonly string[]): ConceptMatch[] {
  const { byForm, maxTokens } = lexiconIndex();
  const matches: ConceptMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    let found: ConceptMatch | null = null;
    for (let len = Math.min(maxTokens, tokens.length - i); len >= 1; len--) {
      const form = tokens.slice(i, i + len).join(' ');
      const concepts = byForm.get(form);
      if (!concepts) continue;
      const alternatives = new Set<string>();
      for (const c of concepts) for (const f of c.forms) if (f !== form) alternatives.add(f);
      found = { start: i, end: i + len, form, alternatives: [...alternatives], isPreferred: concepts.some((c) => c.forms[0] === form) };
      break;
    }
    if (found) {
      matches.push(found);
      i = found.end;
    } else {
      i++;
    }
  }
  return matches;
}

/** The preferred full name for an abbreviation or synonym (e.g. "htn" -> "hypertension"), or null if unknown. */
export function preferredName(term: string): string | null {
  const concepts = lexiconIndex().byForm.get(tokenize(term).join(' '));
  return concepts?.[0]?.forms[0] ?? null;
}
