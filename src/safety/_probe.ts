import { detectRedFlags } from './red-flags.js';
const pos = ['pt expressing suicidal ideation, has a plan to hang himself', 'she has been thinking of killing herself with her insulin', 'feels hopeless, SI, owns several firearms',
'substernal chest pain 8/10 with diaphoresis', 'chest discomfort radiating to his back and jaw', 'new right facial droop and dysarthria', 'acute onset aphasia and right hemiparesis',
'lip and tongue swelling after starting lisinopril, difficulty breathing', 'temp 39.5, HR 125, BP 78/40, source likely pneumonia', 'BG 32, diaphoretic and confused', 'blood glucose of 2.1 mmol/L',
'took 30 of her amitriptyline pills', 'heroin overdose, given Narcan x2', 'BP 230/140 with chest pain', 'sudden severe headache, thunderclap', 'saddle numbness and new urinary incontinence with back pain',
'patient collapsed, no pulse', 'tongue swelling, stridor', 'vomiting coffee-ground emesis', 'status epilepticus', 'having a stroke right now', 'septic shock on pressors', 'cant breathe, lips blue'];
const neg = ['denies SI/HI/AVH', 'no chest pain or dyspnea', 'negative for stroke symptoms', 'no facial droop, speech normal', 'remote hx of anaphylaxis to PCN', 'glucose 85', 'BP 150/95, asymptomatic', 'counseled on overdose prevention and given naloxone kit', 'wants to discuss suicide risk screening tools', 'no saddle anesthesia, no urinary retention', 'previous seizure in 2015, none since', 'asking about statin after MI last year', 'sepsis ruled out, afebrile', 'chronic stable angina, no change', 'history of DKA'];
for (const p of pos) { const f = detectRedFlags(p).map(x=>x.id); if (!f.length) console.log('MISS:', p); }
for (const p of neg) { const f = detectRedFlags(p).map(x=>x.id); if (f.length) console.log('FALSE:', p, f); }
