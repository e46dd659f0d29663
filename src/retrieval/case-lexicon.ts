// Vocabulary for reading a case: which concepts are conditions (with the short label clinicians use), generic drug names,
// drug classes, and how labs/vitals are written. Synonyms and brand -> generic mapping come from the shared clinical
// lexicon (src/retrieval/lexicon.ts); this file only adds what case reading needs on top of it.
import { BRAND_TO_GENERIC, CONCEPT_GROUPS } from './lexicon.js';

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
  condition(
    'T2DM',
    'type 2 diabetes',
    't2dm',
    'dm2',
    'dm 2',
    't2d',
    'dmii',
    'dm ii',
    'niddm',
    'type 2 diabetes mellitus',
    'type ii diabetes',
    'diabetes type 2',
    'type 2 dm',
  ),
  condition(
    'T1DM',
    'type 1 diabetes',
    't1dm',
    'dm1',
    't1d',
    'iddm',
    'type 1 diabetes mellitus',
    'type i diabetes',
    'diabetes type 1',
    'type 1 dm',
  ),
  condition('DM', 'diabetes mellitus', 'dm', 'diabetes', 'diabetic'),
  condition('prediabetes', 'prediabetes', 'pre-diabetes', 'impaired fasting glucose', 'impaired glucose tolerance'),
  condition('GDM', 'gestational diabetes', 'gdm', 'gestational diabetes mellitus'),
  condition('CKD', 'chronic kidney disease', 'ckd', 'chronic renal insufficiency', 'chronic renal disease'),
  condition(
    'ESRD',
    'end-stage renal disease',
    'esrd',
    'eskd',
    'end stage renal disease',
    'on dialysis',
    'hemodialysis',
  ),
  condition('AKI', 'acute kidney injury', 'aki', 'acute renal failure'),
  condition('COPD', 'chronic obstructive pulmonary disease', 'copd', 'emphysema', 'chronic bronchitis'),
  condition('asthma', 'asthma', 'asthmatic', 'reactive airway disease'),
  condition('OSA', 'obstructive sleep apnea', 'osa', 'sleep apnea', 'sleep apnoea'),
  condition('insomnia', 'insomnia', 'chronic insomnia'),
  condition(
    'MDD',
    'major depressive disorder',
    'mdd',
    'major depression',
    'depression',
    'depressed',
    'depressive disorder',
  ),
  condition(
    'PTSD',
    'posttraumatic stress disorder',
    'ptsd',
    'post-traumatic stress disorder',
    'post traumatic stress disorder',
  ),
  condition('GAD', 'generalized anxiety disorder', 'gad', 'anxiety disorder', 'anxiety'),
  condition('bipolar disorder', 'bipolar disorder', 'bipolar', 'bpad'),
  condition('schizophrenia', 'schizophrenia', 'schizoaffective'),
  condition('SUD', 'substance use disorder', 'sud', 'substance abuse', 'polysubstance use'),
  condition(
    'AUD',
    'alcohol use disorder',
    'aud',
    'alcoholism',
    'alcohol dependence',
    'etoh abuse',
    'etoh use disorder',
    'alcohol abuse',
  ),
  condition('OUD', 'opioid use disorder', 'oud', 'opioid dependence', 'opioid addiction'),
  condition(
    'tobacco use',
    'tobacco use disorder',
    'smoker',
    'smokes',
    'tobacco use',
    'current smoker',
    'pack-year',
    'pack year',
    'pack years',
    'pack-years',
  ),
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
  condition(
    'dementia',
    'dementia',
    'alzheimer disease',
    "alzheimer's",
    'major neurocognitive disorder',
    'cognitive impairment',
  ),
  condition('epilepsy', 'epilepsy', 'seizure disorder'),
  condition(
    'chronic multisymptom illness',
    'chronic multisymptom illness',
    'cmi',
    'gulf war illness',
    'fibromyalgia',
    'chronic fatigue syndrome',
  ),
  condition('IBS', 'irritable bowel syndrome', 'ibs', 'ibs-c', 'ibs-d', 'ibs-m'),
  condition(
    'amputation',
    'limb amputation',
    'amputee',
    'amputation',
    'bka',
    'aka amputation',
    'transtibial amputation',
    'transfemoral amputation',
  ),
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
const MULTIWORD_GENERICS = [
  'folic acid',
  'magnesium sulfate',
  'ferrous sulfate',
  'insulin glargine',
  'insulin lispro',
  'insulin aspart',
  'insulin detemir',
  'insulin degludec',
  'nicotine replacement therapy',
  'nicotine patch',
];

/**
 * Broader coverage, by therapeutic area: more generic names and their classes in the words the guidelines use. General
 * pharmacological knowledge, not fitted to any evaluation question. The original classes above win where both name a drug.
 */
const MORE_DRUG_CLASSES: readonly (readonly [string, string])[] = [
  // Diabetes and obesity
  ['SGLT2 inhibitor', 'bexagliflozin sotagliflozin'],
  ['GLP-1 receptor agonist', 'lixisenatide'],
  ['DPP-4 inhibitor', 'alogliptin'],
  ['sulfonylurea', 'chlorpropamide tolbutamide tolazamide'],
  ['thiazolidinedione', 'rosiglitazone'],
  ['meglitinide', 'repaglinide nateglinide'],
  ['alpha-glucosidase inhibitor', 'acarbose miglitol'],
  ['amylin analog', 'pramlintide'],
  ['weight loss medication', 'phentermine orlistat setmelanotide'],
  // Cardiovascular and renal
  ['ACE inhibitor', 'quinapril fosinopril trandolapril perindopril moexipril captopril'],
  ['angiotensin receptor blocker', 'azilsartan eprosartan'],
  ['calcium channel blocker', 'felodipine nisoldipine nicardipine isradipine'],
  ['beta blocker', 'nebivolol nadolol acebutolol pindolol'],
  ['thiazide diuretic', 'metolazone'],
  ['potassium-sparing diuretic', 'triamterene amiloride'],
  ['mineralocorticoid receptor antagonist', 'finerenone'],
  ['angiotensin receptor-neprilysin inhibitor', 'sacubitril'],
  ['alpha-2 agonist', 'clonidine guanfacine methyldopa lofexidine'],
  ['alpha blocker', 'prazosin doxazosin terazosin tamsulosin alfuzosin silodosin'],
  ['vasodilator', 'hydralazine minoxidil'],
  ['nitrate', 'nitroglycerin isosorbide'],
  ['antianginal', 'ranolazine'],
  ['antiarrhythmic', 'amiodarone dronedarone dofetilide flecainide propafenone sotalol'],
  ['cardiac glycoside', 'digoxin'],
  ['soluble guanylate cyclase stimulator', 'vericiguat'],
  ['anticoagulant', 'dalteparin fondaparinux'],
  ['antiplatelet', 'dipyridamole'],
  ['statin', 'pitavastatin fluvastatin lovastatin'],
  ['cholesterol absorption inhibitor', 'ezetimibe'],
  ['PCSK9 inhibitor', 'evolocumab alirocumab inclisiran'],
  ['fibrate', 'fenofibrate gemfibrozil'],
  ['bile acid sequestrant', 'colesevelam cholestyramine colestipol'],
  ['potassium binder', 'patiromer'],
  ['phosphate binder', 'sevelamer lanthanum'],
  ['calcimimetic', 'cinacalcet'],
  ['erythropoiesis-stimulating agent', 'epoetin darbepoetin'],
  // Urology and men's health
  ['5-alpha reductase inhibitor', 'finasteride dutasteride'],
  ['phosphodiesterase-5 inhibitor', 'sildenafil tadalafil vardenafil'],
  ['antimuscarinic', 'oxybutynin tolterodine solifenacin fesoterodine trospium darifenacin'],
  ['beta-3 agonist', 'mirabegron vibegron'],
  ['androgen', 'testosterone'],
  // Pain, musculoskeletal and rehabilitation
  [
    'skeletal muscle relaxant',
    'cyclobenzaprine methocarbamol tizanidine baclofen metaxalone orphenadrine chlorzoxazone carisoprodol dantrolene',
  ],
  [
    'NSAID',
    'indomethacin nabumetone oxaprozin piroxicam etodolac sulindac ketoprofen flurbiprofen diflunisal mefenamic',
  ],
  ['opioid', 'oxymorphone meperidine levorphanol'],
  ['opioid antagonist', 'naloxone nalmefene'],
  ['peripherally acting opioid antagonist', 'methylnaltrexone naloxegol naldemedine'],
  ['SNRI', 'milnacipran levomilnacipran'],
  ['local anesthetic', 'lidocaine'],
  ['topical analgesic', 'capsaicin'],
  ['barbiturate', 'butalbital phenobarbital'],
  // Rheumatology, gout, osteoarthritis and bone
  ['urate-lowering therapy', 'allopurinol febuxostat probenecid pegloticase'],
  ['corticosteroid', 'triamcinolone hydrocortisone betamethasone'],
  ['disease-modifying antirheumatic drug', 'methotrexate hydroxychloroquine sulfasalazine leflunomide'],
  ['TNF inhibitor', 'adalimumab etanercept infliximab golimumab certolizumab'],
  ['biologic disease-modifying antirheumatic drug', 'abatacept tocilizumab sarilumab rituximab anakinra'],
  ['JAK inhibitor', 'tofacitinib upadacitinib baricitinib'],
  ['interleukin inhibitor', 'secukinumab ixekizumab ustekinumab guselkumab risankizumab'],
  ['phosphodiesterase-4 inhibitor', 'roflumilast apremilast'],
  ['immunosuppressant', 'azathioprine mycophenolate cyclosporine tacrolimus'],
  ['bisphosphonate', 'alendronate risedronate ibandronate'],
  ['RANKL inhibitor', 'denosumab'],
  ['selective estrogen receptor modulator', 'raloxifene tamoxifen ospemifene clomiphene'],
  ['anabolic agent', 'teriparatide abaloparatide romosozumab'],
  // Mental health
  ['SSRI', 'fluvoxamine'],
  ['serotonin modulator', 'vortioxetine vilazodone'],
  ['tricyclic antidepressant', 'imipramine desipramine clomipramine doxepin protriptyline'],
  ['MAOI', 'phenelzine tranylcypromine isocarboxazid'],
  ['neuroactive steroid', 'zuranolone brexanolone'],
  ['NMDA receptor antagonist', 'esketamine ketamine memantine'],
  [
    'antipsychotic',
    'ziprasidone lurasidone brexpiprazole cariprazine paliperidone asenapine iloperidone lumateperone chlorpromazine perphenazine fluphenazine pimavanserin',
  ],
  ['mood stabilizer', 'lithium'],
  [
    'anticonvulsant',
    'lamotrigine divalproex valproate carbamazepine oxcarbazepine levetiracetam phenytoin topiramate zonisamide lacosamide brivaracetam tiagabine primidone cenobamate eslicarbazepine perampanel rufinamide vigabatrin',
  ],
  ['benzodiazepine', 'temazepam triazolam chlordiazepoxide oxazepam clorazepate clobazam midazolam'],
  [
    'antihistamine',
    'hydroxyzine diphenhydramine doxylamine cetirizine loratadine fexofenadine levocetirizine desloratadine azelastine meclizine',
  ],
  ['anxiolytic', 'buspirone'],
  ['VMAT2 inhibitor', 'deutetrabenazine valbenazine tetrabenazine'],
  // ADHD, dementia, movement disorders
  ['stimulant medication', 'methylphenidate dexmethylphenidate dextroamphetamine lisdexamfetamine'],
  ['non-stimulant medication', 'atomoxetine viloxazine'],
  ['cholinesterase inhibitor', 'donepezil rivastigmine galantamine'],
  ['anti-amyloid monoclonal antibody', 'lecanemab donanemab aducanumab'],
  ['dopamine agonist', 'pramipexole ropinirole rotigotine'],
  ['MAO-B inhibitor', 'selegiline rasagiline safinamide'],
  // Sleep and wakefulness
  ['orexin receptor antagonist', 'suvorexant lemborexant daridorexant'],
  ['melatonin receptor agonist', 'ramelteon tasimelteon'],
  ['wakefulness-promoting agent', 'modafinil armodafinil solriamfetol pitolisant'],
  // Substance use
  ['alcohol use disorder medication', 'acamprosate disulfiram'],
  ['smoking cessation medication', 'varenicline cytisine'],
  // Respiratory and allergy
  ['inhaled corticosteroid', 'mometasone beclomethasone ciclesonide flunisolide'],
  ['long-acting beta agonist', 'olodaterol indacaterol arformoterol'],
  ['long-acting muscarinic antagonist', 'aclidinium glycopyrrolate revefenacin'],
  ['short-acting muscarinic antagonist', 'ipratropium'],
  ['leukotriene receptor antagonist', 'montelukast zafirlukast'],
  ['leukotriene modifier', 'zileuton'],
  ['macrolide', 'azithromycin clarithromycin erythromycin'],
  ['methylxanthine', 'theophylline'],
  ['anti-IgE biologic', 'omalizumab'],
  ['anti-IL-5 biologic', 'mepolizumab reslizumab benralizumab'],
  ['anti-IL-4 receptor biologic', 'dupilumab'],
  ['anti-TSLP biologic', 'tezepelumab'],
  ['antifibrotic', 'pirfenidone nintedanib'],
  ['antitussive', 'benzonatate dextromethorphan'],
  ['expectorant', 'guaifenesin'],
  ['decongestant', 'pseudoephedrine phenylephrine'],
  // Anti-infectives
  [
    'antibiotic',
    'amoxicillin cephalexin ciprofloxacin levofloxacin moxifloxacin nitrofurantoin metronidazole clindamycin cefdinir cefuroxime cefpodoxime ceftriaxone doxycycline minocycline fosfomycin rifaximin',
  ],
  ['antiviral', 'valacyclovir acyclovir famciclovir oseltamivir baloxavir'],
  ['antifungal', 'fluconazole terbinafine nystatin'],
  ['antiretroviral', 'tenofovir emtricitabine cabotegravir'],
  // Neurology and headache
  ['triptan', 'eletriptan naratriptan frovatriptan almotriptan'],
  ['CGRP antagonist', 'atogepant zavegepant eptinezumab'],
  ['5-HT1F receptor agonist', 'lasmiditan'],
  ['ergot alkaloid', 'dihydroergotamine ergotamine'],
  ['botulinum toxin', 'onabotulinumtoxina abobotulinumtoxina incobotulinumtoxina rimabotulinumtoxinb'],
  ['carbonic anhydrase inhibitor', 'acetazolamide'],
  ['potassium channel blocker', 'dalfampridine'],
  // Women's health and pregnancy
  [
    'progestin',
    'medroxyprogesterone levonorgestrel etonogestrel norethindrone drospirenone norgestimate desogestrel norgestrel norelgestromin',
  ],
  ['estrogen', 'estradiol'],
  ['aromatase inhibitor', 'letrozole anastrozole exemestane'],
  ['neurokinin 3 receptor antagonist', 'fezolinetant'],
  ['GnRH antagonist', 'elagolix relugolix'],
  ['GnRH agonist', 'leuprolide'],
  ['uterotonic', 'methylergonovine carboprost'],
  ['prostaglandin analog', 'misoprostol'],
  ['antiprogestin', 'mifepristone ulipristal'],
  // Gastrointestinal
  ['proton pump inhibitor', 'omeprazole esomeprazole pantoprazole lansoprazole rabeprazole dexlansoprazole'],
  ['H2 receptor antagonist', 'famotidine cimetidine nizatidine'],
  ['antiemetic', 'ondansetron granisetron metoclopramide prochlorperazine promethazine trimethobenzamide'],
  ['antidiarrheal', 'loperamide eluxadoline'],
  ['5-HT3 antagonist', 'alosetron'],
  ['antispasmodic', 'dicyclomine hyoscyamine'],
  ['guanylate cyclase-C agonist', 'linaclotide plecanatide'],
  ['chloride channel activator', 'lubiprostone'],
  ['5-HT4 agonist', 'prucalopride tegaserod'],
  ['sodium/hydrogen exchanger 3 inhibitor', 'tenapanor'],
  ['osmotic laxative', 'lactulose'],
  ['stimulant laxative', 'bisacodyl sennosides'],
  ['bulk-forming laxative', 'psyllium methylcellulose'],
  ['stool softener', 'docusate'],
  ['aminosalicylate', 'mesalamine balsalazide'],
  ['integrin inhibitor', 'vedolizumab'],
  ['pancreatic enzyme', 'pancrelipase'],
  // Thyroid
  ['thyroid hormone', 'levothyroxine liothyronine'],
  ['antithyroid medication', 'methimazole propylthiouracil'],
];

/** Classes of multi-word generic names (combinations, salts, routes) whose first word alone would mislead. */
const MULTIWORD_DRUG_CLASSES: Readonly<Record<string, string>> = {
  'sacubitril valsartan': 'angiotensin receptor-neprilysin inhibitor',
  'fluticasone salmeterol': 'ICS/LABA',
  'budesonide formoterol': 'ICS/LABA',
  'fluticasone vilanterol': 'ICS/LABA',
  'mometasone formoterol': 'ICS/LABA',
  'fluticasone umeclidinium vilanterol': 'triple therapy ICS/LAMA/LABA',
  'budesonide glycopyrrolate formoterol': 'triple therapy ICS/LAMA/LABA',
  'umeclidinium vilanterol': 'LAMA/LABA',
  'tiotropium olodaterol': 'LAMA/LABA',
  'glycopyrrolate formoterol': 'LAMA/LABA',
  'aclidinium formoterol': 'LAMA/LABA',
  'ipratropium albuterol': 'short-acting bronchodilator',
  'fluticasone nasal': 'nasal steroid',
  'mometasone nasal': 'nasal steroid',
  'budesonide nasal': 'nasal steroid',
  'triamcinolone nasal': 'nasal steroid',
  'phentermine topiramate': 'weight loss medication',
  'naltrexone bupropion': 'weight loss medication',
  'human insulin': 'insulin',
  'inhaled insulin': 'insulin',
  'valproic acid': 'anticonvulsant',
  'zoledronic acid': 'bisphosphonate',
  'hyaluronic acid': 'viscosupplementation',
  'polyethylene glycol': 'osmotic laxative',
  'isosorbide mononitrate': 'nitrate',
  'isosorbide dinitrate': 'nitrate',
  'icosapent ethyl': 'omega-3 fatty acid',
  'fenofibric acid': 'fibrate',
  'amphetamine dextroamphetamine': 'stimulant medication',
  'nicotine patch': 'nicotine replacement therapy',
  'nicotine gum': 'nicotine replacement therapy',
  'nicotine lozenge': 'nicotine replacement therapy',
  'nicotine inhaler': 'nicotine replacement therapy',
  'carbidopa levodopa': 'dopaminergic therapy',
  'conjugated estrogens': 'estrogen',
  'copper iud': 'intrauterine device',
  'doxylamine pyridoxine': 'antiemetic',
  'diphenoxylate atropine': 'antidiarrheal',
  'tranexamic acid': 'antifibrinolytic',
  'amoxicillin clavulanate': 'antibiotic',
  'sulfamethoxazole trimethoprim': 'antibiotic',
  'nirmatrelvir ritonavir': 'antiviral',
  'emtricitabine tenofovir': 'antiretroviral',
  'sumatriptan naproxen': 'triptan',
  'dextromethorphan bupropion': 'antidepressant',
  'olanzapine samidorphan': 'antipsychotic',
  'olanzapine fluoxetine': 'antipsychotic',
  'xanomeline trospium': 'antipsychotic',
  'memantine donepezil': 'cholinesterase inhibitor',
  'gabapentin enacarbil': 'gabapentinoid',
  'bempedoic acid': 'ATP citrate lyase inhibitor',
  'aspirin dipyridamole': 'antiplatelet',
  'dimethyl fumarate': 'multiple sclerosis disease-modifying therapy',
};

/** Every generic name the case reader knows, lower case. */
export const GENERIC_DRUGS: ReadonlySet<string> = new Set([
  ...EXTRA_GENERICS.split(/\s+/).filter(Boolean),
  ...MULTIWORD_GENERICS,
  ...MORE_DRUG_CLASSES.flatMap(([, names]) => names.split(' ')),
  ...Object.keys(MULTIWORD_DRUG_CLASSES).filter((g) => !/\s.*\s/.test(g)),
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
export const DRUG_CLASS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(MORE_DRUG_CLASSES.flatMap(([cls, names]) => names.split(' ').map((n) => [n, cls] as const))),
  ...MULTIWORD_DRUG_CLASSES,
  // The original classes win where both lists name a drug.
  ...Object.fromEntries(
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
  ),
};

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
