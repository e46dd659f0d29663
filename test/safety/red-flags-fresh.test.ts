// Fresh questions written by the team (not from any eval set), the way clinicians type them in Teams: shorthand,
// relatives' narratives, vitals only, emergencies buried in long cases or after other turns, across the issue-13
// taxonomy; and the not-urgent traps (history, negated, resolved, hypothetical, education, already under emergency care,
// a guideline question that only names an emergency topic). A regression set, not a measure of generalisation: the dev
// case sets are (`npx curbside eval safety`, `npx curbside eval answers`).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRedFlags, loadRedFlagSuite } from '../../src/eval/safety-eval.js';
import { analyseRedFlags, detectRedFlags, fitsEmergency, RED_FLAG_TUNING } from '../../src/safety/red-flags.js';

const FILE = path.join(__dirname, 'red-flag-fresh.json');
const ids = (text: string) => detectRedFlags(text).map((f) => f.id);

describe('fresh team-written variants', () => {
  const cases = loadRedFlagSuite(FILE);

  it('holds emergencies of every dev-b domain and traps of every kind', () => {
    const e = evaluateRedFlags(cases);
    expect(e.positives).toBeGreaterThanOrEqual(80);
    expect(e.negatives).toBeGreaterThanOrEqual(70);
  });

  it.each(cases.map((c) => [c.text, c.expect] as const))('%s -> %j', (text, expected) => {
    const got = ids(text);
    if (expected.length === 0) expect(got).toEqual([]);
    else for (const id of expected) expect(got).toContain(id);
  });
});

// Written by a writer who did not read the detector (200 items: 6 emergencies per category of the issue-13 taxonomy,
// 4 traps each). Its first run found 14 missed emergencies and 10 false alarms; the general mechanisms they pointed to
// are in the detector now, and the set stays as a regression check.
// A second writer (100 emergencies inside guideline questions, 80 traps) was run after the first set's fixes: 88/100
// emergencies flagged and 76/80 traps clean before its own misses were looked at (the generalisation figure).
// A third writer (100 emergencies over 23 presentations, British and non-native wording, 80 traps) was run after the
// second set's fixes: 74/100 flagged and 7/80 false alarms on first run. Its misses named three presentations the
// taxonomy lacked (aortic dissection or rupture, testicular torsion, ruptured ectopic) and general gaps (UK gestation
// "34/40", bare mmol/L glucose, protocol and exam framings); after those fixes 100/100 and 0/80.
describe.each([
  ['red-flag-independent.json', 120, 80],
  ['red-flag-independent-2.json', 100, 80],
  ['red-flag-independent-3.json', 100, 80],
])('independent writer variants (%s)', (file, emergencies, traps) => {
  const cases = loadRedFlagSuite(path.join(__dirname, file));

  it(`holds ${emergencies} emergencies and ${traps} traps`, () => {
    const e = evaluateRedFlags(cases);
    expect(e.positives).toBe(emergencies);
    expect(e.negatives).toBe(traps);
  });

  it.each(cases.map((c) => [c.text, c.expect] as const))('%s -> %j', (text, expected) => {
    const got = ids(text);
    if (expected.length === 0) expect(got).toEqual([]);
    else for (const id of expected) expect(got).toContain(id);
  });
});

// A fourth writer (relatives' lay wording, dictation errors, numbers only; 31 presentations) was run after the third
// set's fixes: 82/100 flagged, 8/80 false alarms on first run (the generalisation figure). Fixed since, as mechanisms:
// "isn't breathing"/"no heartbeat", possessives before a child's ingestion, ketotic breath, "fits back to back",
// "stopped yesterday", "pain in the left testicle", free fluid with a positive test, red flags present "now" after a
// fall, an unrecordable BP, leaflet/coding/"at what X do you call it" framings, resolving DKA, "discharged after".
// Seven emergencies stay missed (dictation errors such as "pulmonary and bolus", a joint aspirate's count, Kocher's
// criteria, GCA read as stroke, shock read as sepsis): a floor, so a regression fails and a fix shows.
describe('independent writer variants (red-flag-independent-4.json, floor)', () => {
  const cases = loadRedFlagSuite(path.join(__dirname, 'red-flag-independent-4.json'));
  const e = evaluateRedFlags(cases);

  it('flags at least 93 of 100 emergencies and raises no false alarm on 80 traps', () => {
    expect(e.positives).toBe(100);
    expect(e.negatives).toBe(80);
    const flagged = cases.filter((c) => c.expect.length && c.expect.every((id) => ids(c.text).includes(id))).length;
    expect(flagged).toBeGreaterThanOrEqual(93);
    expect(cases.filter((c) => !c.expect.length && ids(c.text).length).map((c) => c.text)).toEqual([]);
  });
});

// A fifth writer (chat, relatives, numbers and ECG findings only, non-native English, ICU management; 31 presentations)
// was run after the fourth set's fixes: 54/72 expected categories, 5/50 false alarms on first run. Fixed since, as
// mechanisms: farewell words with pills laid out or a weapon, "finish his life", a person one follows and an event
// minutes ago lift an education framing, a reading taken "twice", ST elevation read in named leads, "HA" and onset
// peak, a sensor reading LOW, thirst and urine with acidotic breathing (new diabetes), approximate pill counts and an
// unknown quantity, "lost bowel control", "down below", "pulses absent", "threw up" with scrotal pain, free fluid with
// tachycardia, an ICU day count or heading, a haemolysed sample, "treated 2019", "yesterday's", a debrief: 65/72, 0/50.
// Six of the seven left are another category's banner (angioedema as anaphylaxis, arrest as unresponsive).
describe('independent writer variants (red-flag-independent-5.json, floor)', () => {
  const cases = loadRedFlagSuite(path.join(__dirname, 'red-flag-independent-5.json'));
  const e = evaluateRedFlags(cases);

  it('shows the urgent banner for at least 69 of 70 emergencies (the expected category for 63) and no false alarm on 50 traps', () => {
    expect(e.positives).toBe(70);
    expect(e.negatives).toBe(50);
    const bannered = cases.filter((c) => c.expect.length && ids(c.text).length).length;
    expect(bannered).toBeGreaterThanOrEqual(69);
    const flagged = cases.filter((c) => c.expect.length && c.expect.every((id) => ids(c.text).includes(id))).length;
    expect(flagged).toBeGreaterThanOrEqual(63);
    expect(cases.filter((c) => !c.expect.length && ids(c.text).length).map((c) => c.text)).toEqual([]);
  });
});

// A sixth writer (session 11; chat, dictation, handoffs, relatives, non-native English, vitals only; 21 presentations)
// was run after the fifth set's fixes: 62/70 bannered, 59/70 under a fitting category, 3/50 false alarms on first run
// (the generalisation figure), plus a hypoglycaemia banner on an HHS case ("confused, glucose 980"). Fixed since, as
// mechanisms: a glucose reading decides whether confusion beside it is a low; a dated admission or discharge before a
// finding is history; "N d post <surgery>" and near-syncope for PE; the OB team at the bedside or the labour ward is
// emergency care; compact gestations ("G1 34wk", "8 wk by dates"), a home birth, a board-hard uterus and fetal
// bradycardia; "<drug> OD" with a QRS of 120 ms or more; end-organ damage told by a creatinine beside its earlier value,
// blood in the urine or retinal haemorrhages; "no DP/PT on doppler"; "BE FAST pos", "can't see out of the left side",
// "walking like he's drunk"; "very hot" as fever. 69/70, 68 fitting, 1/50. Left: a plan told only as "going to take her
// husband's oxycodone tonight", and a figure of speech ("I'm going to kill my coworker ... lol"), flagged.

// A seventh writer (session 12; UK, Australian and Indian wording, relatives on the phone, EHR pastes with the emergency
// buried, numbers only, a routine dose asked for in an emergency; 31 presentations) was run after the sixth set's fixes:
// 52/70 bannered, 46/70 under a fitting category, 4/50 false alarms on first run (the generalisation figure). Fixed since,
// as mechanisms: "not right", "not herself", "not making sense" describe a state and negate nothing after them; a
// reading linked by "just" or "came" ("meter just says LO", "potassium came 6.9"); flushed skin in anaphylaxis; poor
// perfusion told as mottling, a capillary refill of 3 s or more, little urine, a haemoglobin in g/L; rousing only to pain
// (AVPU); ingestions counted "50 x amitriptyline", "a full box of"; vision "gone blurry"; black sticky stools; pain on
// breathing in; "there's no point anymore"; CAMHS / CMHT / crisis team as mental-health context; car parks, parking
// garages and balconies as heights, and a time set before the act ("tonight and jump"); letters left with pills
// stockpiled; a detox's withdrawal seizure whatever the substance; "postnatal"; a soaked pad with a word between; a
// prosthetic joint with fever and severe pain; a pulse that cannot be felt; a troponin told with its earlier value; a
// neutrophil count under 1.0; "day 8 post", TKR/THR as surgery; "vomited twice since"; a completed treatment ("washed out
// last month") as history; a range "is his baseline"; education groups and plain-language explanations. 70/70
// bannered, 66 fitting, 1/50 false alarm ("pt in resus already on monitor": writer 3 labels a patient in resus with a
// STEMI an emergency, so "in resus" alone is not emergency care here).
// An eighth writer (session 13; receptionists, school nurses, pharmacists and relatives; lay words, numbers only, atypical
// presentations, the writer minimising; traps with the same alarming words; 31 presentations) was run after the seventh
// set's fixes: 51/70 bannered, 48/70 under a fitting category, 11/50 false alarms on first run (the generalisation
// figure). Fixed since, as mechanisms: anginal-equivalent pain (jaw, left arm, epigastrium) with sweating and nausea;
// "something sitting on his chest", an arm gone heavy, a grey colour; a hoarse voice or a child scratching at the throat
// after a food, a tongue that feels thick, blotchy skin; noisy breathing on inspiration, unable to swallow saliva, a
// hot-potato voice; "hot and shaking" as fever, no urine since; a child into a named drug; off a flight, blood coughed
// up, right-heart strain in shock or hypoxia; stool described as black; a limb that feels dead or looks marbled; a
// fontanelle that looks bulgy; a knock in a contact sport; scalp too tender, jaw hurting on chewing, seeing double; pain
// in one testicle; weeks after an embryo transfer; "knows where he's going to do it"; a search history; "finish" a
// person; a heavy drinker's first days of admission; "not feeding" (not + a verb in -ing) negates nothing after it; an
// onset told after a finding ends a history list ("hx Marfan's, tearing pain ... came on suddenly"). Traps: an event
// dated by an age, "turns out", a screening tool named, "so we don't risk an overdose", a joke, exam revision and test
// characteristics, safety-netting advice, signs to watch for; pinpoint pupils alone are not respiratory depression.
// 70/70 bannered, 70 fitting, 0/50 false alarms. Writers 1-7 unchanged, except writer 6's figure of speech ("kill my
// coworker ... lol") now read as a joke; MedQA vignettes flagged 138/1273 before and after.
// Writers 9 and 10 (70 emergencies, 50 traps each: relatives, carers and receptionists relaying, non-native English,
// teenagers' chat, numbers only). First run, after writer 8's fixes: writer 9 54/70 bannered, 51 fitting, 5/50 false
// alarms; writer 10 57/70, 52, 4/50, and still 57/70, 52, 4/50 after writer 9's fixes (the second generalisation figure).
// Mechanisms: a duration ("past 2 hrs", "in the last hour") is current, not history; a finding told as an absence ("no
// foot pulses", "no wet nappy") negates nothing after it; poor perfusion counted (capillary refill, cold hands, no wet
// nappy) with fluid loss or drowsiness is shock; fever in an infant under 3 months, and after a birth with confusion or
// a foul loss, is sepsis; a named joint that cannot bear weight or be moved, with a high fever; the glass test and "soft
// spot" in lay words; instant-peak and worst-ever headache; lay agonal gasps; a recent operation as a PE risk; suicide
// told as means + method chosen + a time set, veiled farewells ("everything is arranged", "won't be around tomorrow"),
// despair given as the reason for an ingestion; staff as targets of a threat; counted ingestions with their strength.
// Traps: figures of speech (overdosed on coffee, an IT department unresponsive, nearly a heart attack at a bill), a
// course reminder and a teaching case, "when I was 17", HDU on a fixed-rate insulin infusion, "so I don't accidentally
// overdose", close contacts given prophylaxis. Both 70/70, 70 fitting, 0/50.
describe.each([
  // file, emergencies bannered (of 70), with every expected category, the false alarm left (of 50 traps) or null
  ['red-flag-independent-6.json', 69, 68, null],
  ['red-flag-independent-7.json', 70, 66, /in resus already/],
  ['red-flag-independent-8.json', 70, 70, null],
  ['red-flag-independent-9.json', 70, 70, null],
  ['red-flag-independent-10.json', 70, 70, null],
] as const)('independent writer variants (%s, floor)', (file, bannered, fitting, falseAlarm) => {
  const cases = loadRedFlagSuite(path.join(__dirname, file));

  it(`shows the urgent banner for at least ${bannered} of 70 emergencies (every expected category for ${fitting}) and at most one false alarm on 50 traps`, () => {
    const e = evaluateRedFlags(cases);
    expect(e.positives).toBe(70);
    expect(e.negatives).toBe(50);
    expect(cases.filter((c) => c.expect.length && ids(c.text).length).length).toBeGreaterThanOrEqual(bannered);
    const flagged = cases.filter((c) => c.expect.length && c.expect.every((id) => ids(c.text).includes(id))).length;
    expect(flagged).toBeGreaterThanOrEqual(fitting);
    const falseAlarms = cases.filter((c) => !c.expect.length && ids(c.text).length).map((c) => c.text);
    expect(falseAlarms).toHaveLength(falseAlarm ? 1 : 0);
    if (falseAlarm) expect(falseAlarms[0]).toMatch(falseAlarm);
  });
});

describe('mechanisms (writers 9 and 10)', () => {
  it('reads a duration as current and an absence as a finding', () => {
    expect(ids('past 2 hrs right leg cold and white, no foot pulses, numb, cannot wiggle his toes')).toContain(
      'limb_ischemia',
    );
    expect(ids('baby 9 months, vomiting since yesterday, no wet nappy all day, cold hands, CRT 4 s, drowsy')).toContain(
      'shock',
    );
    expect(ids('vomited bright red blood twice in the last hour, dizzy on standing')).toContain('gi_bleed');
    expect(ids('vomited once in the last year with gastritis, well now')).toEqual([]);
  });
  it('reads infant and puerperal sepsis, a septic hip and a lay glass test', () => {
    expect(ids('7 week old, temp 38.3, sleepy and not feeding')).toContain('sepsis');
    expect(ids('5 week old, temp 37.4, feeding well')).toEqual([]);
    expect(ids('had her baby 6 days ago, feverish, the discharge smells foul')).toContain('sepsis');
    expect(ids('had her baby 3 weeks ago, temp 38.2, burning on urination, otherwise well')).not.toContain('sepsis');
    expect(ids('3yo refuses to put any weight on his leg, temp 39.4, cries when the hip is moved')).toContain(
      'septic_arthritis',
    );
    expect(ids('fever, stiff neck, spots on her legs that do not go away when pressed with a glass')).toContain(
      'meningitis',
    );
  });
  it('reads suicide as means, method and time, and veiled farewells', () => {
    expect(ids('bought a rope on monday and picked a spot in the woods, going there this weekend')).toContain(
      'suicide',
    );
    expect(ids('texted: everything is arranged, tell my mum I am sorry. low mood for months, not answering')).toContain(
      'suicide',
    );
    expect(ids('swallowed all her tablets because she could not cope anymore')).toContain('suicide');
    expect(ids('everything is arranged for the house move next week')).toEqual([]);
  });
  it('reads figures of speech and prevention as no emergency', () => {
    expect(ids('overdosed on coffee this morning, running late for clinic')).toEqual([]);
    expect(ids('emailed IT twice, they are completely unresponsive, printer still down')).toEqual([]);
    expect(ids('how much ibuprofen can he take so he does not accidentally overdose?')).toEqual([]);
    expect(ids('I took an overdose when I was 16; now 40 and well, can I take paracetamol?')).toEqual([]);
  });
});

// Writer 11 (session 14; 60 emergencies, 40 traps): emergencies told inside a question about waiting or a home remedy,
// Indian, UK and Australian wording, mild forms of frightening conditions. First run, after writers 9 and 10's fixes:
// 45/60 bannered, 39 fitting, 2/40 false alarms. The questions themselves withheld nothing (the same misses with every
// question sentence removed); one emergency was withheld as education (a leaflet mentioned by a patient telling her own
// fever on chemotherapy). Mechanisms: the writer as the patient ("I'm having chemo", "my temp is") is a particular
// patient; a bare "no" after a finding negates it, "no" with a noun after it starts a new finding ("7 week pregnant, no
// scan yet"); "didn't hit her head" negates the event; "not really breathing properly" is a finding; agonal gasps with
// words between; "won't respond to anything"; "central tightness"; "jaw has been aching", "bit sick"; a peak "<1 min";
// "won't swallow his spit", a high noise on breathing in; the picture of a low on insulin (sweating or shaking with
// confusion or nonsense); "bad back", "done his back in", pins and needles in the saddle; a bulge told further from the
// soft spot; "had my baby"; pre-eclampsia symptoms without a BP (`RED_FLAG_TUNING.preEclampsia`); black tarry stools
// with more adjectives; "stopped 36 hours back"; a knee to the head, "out cold", a pupil that "looks bigger"; lots of
// blood soaking through; "missed my last two sessions", a fluttering heart; a period weeks late; "one of his testicles".
// Traps: a medical drama watched, "the odd beer". 60/60 bannered, 59 fitting, 0/40. Left: the agonal arrest is labelled
// arrest and unresponsive; unresponsiveness is not shown beside an arrest (its line says recovery position).
// Writer 12 (60 emergencies over 26 categories, 40 traps; session 15; not yet worked on). First run before writer 11's
// fixes: 47/60 bannered, 41 fitting, 5/40 false alarms; after them 51/60, 45, 5/40 (the generalisation figure). Since:
// the opioid toxidrome in lay words (46 fitting); a stay "since yesterday" and a code team "with him" are emergency care
// (3/40); seizures one after another or without waking between them (52 bannered, 47 fitting); session 16, COPD at
// its usual saturation asking about long-term oxygen is chronic hypoxaemia (2/40).
// Writer 13 (60 emergencies over 31 categories, 40 traps; session 16), first run after writer 12's fixes: 50/60
// bannered, 46 fitting, 5/40 false alarms (the generalisation figure). Since: exam revision is not a patient; a
// fixed-rate insulin infusion (FRIII) and a patient on the cath lab table are emergency care (2/40); an overdose taken
// "because she wants it all to end" is an attempt; no central pulse or VF on the monitor is an arrest whatever the
// breathing is called; "pot" is potassium; "went stiff and shook all over" is a convulsion; after a head injury "keeps
// being sick" and not remembering the event are red flags; numbness in the "private area" and "passing stool without
// knowing" after a "disc problem"; command voices against "our" mother; "on the pill" and "back from a 14 hr flight" as
// PE risks (57 bannered, 55 fitting;
// writer 12's fitting 47 -> 48 with the first). Not kept: a drama
// the writer watched as a frame (it also hid a stroke told as "I saw a movie where ..., and now my face feels droopy").
// Writer 14 (60 emergencies over 31 categories, 40 traps; session 17), first run after writer 13's fixes: 46/60
// bannered, 45 fitting, 8/40 false alarms (the generalisation figure). Since: frames: an exasperation idiom ("if the
// printer jams one more time I'll kill someone"), writing for a newsletter, "why ... is an emergency", screening
// questions or a call script, exam flashcards, an audit, what an acronym stands for; the treating team at the bedside
// and a thrombolytic or insulin-dextrose running are emergency care; an episode dated "back in 2019" with "made a full
// recovery" is past (0/40). Emergencies: "won't be needing them", "no one would notice", looking up how many tablets
// "it takes", a gift of "his watch" to a relative, pills hidden, a cord tied in a loop, on "the railway bridge";
// another's death foretold ("will be dead by tonight") with a knife to hand; "indigestion" with clamminess and nausea;
// "worst of her life" after the headache, full blast within seconds, "like he'd been whacked with a bat"; no beat
// felt "in his neck"; "threw up what looked like ... blood"; "I'm 36 weeks"; admitted days ago in a drinker; "thrown up
// 3 times", asking the same question over and over; missed haemodialysis; "ur ball", "out of nowhere"; "hCG pos"
// (60 bannered, 60 fitting). Both legs weak is not a stroke (writers 7 and 9 lose a stray stroke label). Writer 12:
// "she's 32 weeks" is a pregnancy (52 -> 53 bannered, 48 -> 49 fitting).
// Writer 15 (60 emergencies over 31 categories, 40 traps; session 17), first run after writer 14's fixes: 47/60
// bannered, 43 fitting, 9/40 false alarms (the generalisation figure). Since: past episodes: a decade of life ("back in
// her 40s"), "when she was first diagnosed", and a parenthesis after an episode dated weeks or more back ("a TIA 3
// weeks ago (right hand went numb)", "as a child (throat swelling)") describes that episode; frames: a named guideline
// ("the NICE sepsis guideline"), "what ... counts as", an exam with its part ("MRCP Part 1 practice question") and
// lettered options, a play or story and its characters, a talk "on recognising" an emergency, and "at the moment we
// ask" as a team's practice; "jobs for day staff" closes a handover, it is no teaching (0/40). Emergencies: the
// epigastrium in lay words ("upper tummy", "pit of the stomach") and pressure there going to the jaw; a "high pitched"
// noise on breathing in, "can't get enough air"; a dipstick positive for nitrites and UK antibiotics (trimethoprim) as an
// infection; a child's age in any number of months, "had some of her tablets", "got into grandma's handbag"; vomit
// described at more length ("a washing-up bowl of bright red blood"); "vision blurred", "chest ache", "bad headache"
// with a severe BP; hallucinations told as things "that aren't there", admitted days ago to a care home; still
// "jerking" or "fitting", no waking "in between" in its own sentence, another seizure "before she came round"; a leg
// cold "from the knee down"; a bump on the forehead, "unwitnessed" typed with one s, "R pupil looks bigger", "harder
// to rouse"; "hurts to chew", "seeing two of everything"; the aorta as "the main artery"; pain "in his privates";
// recently widowed as bereavement, painkillers bought by the pack, a thing handed over for "afterwards"; a weapon and
// setting off "down there to finish it" with a persecutory belief about the person (60 bannered, 60 fitting). Writer
// 12: "heart attacks in their 50s" is a family history (2 -> 1 false alarms).
describe.each([
  // file, emergencies bannered (of 60), with every expected category, false alarms allowed (of 40 traps)
  ['red-flag-independent-11.json', 60, 59, 0],
  ['red-flag-independent-12.json', 53, 49, 1],
  ['red-flag-independent-13.json', 57, 55, 2],
  ['red-flag-independent-14.json', 60, 60, 0],
  ['red-flag-independent-15.json', 60, 60, 0],
] as const)('independent writer variants (%s, floor)', (file, bannered, fitting, falseAlarms) => {
  const cases = loadRedFlagSuite(path.join(__dirname, file));

  it(`shows the urgent banner for at least ${bannered} of 60 emergencies (every expected category for ${fitting}) and at most ${falseAlarms} false alarms on 40 traps`, () => {
    const e = evaluateRedFlags(cases);
    expect(e.positives).toBe(60);
    expect(e.negatives).toBe(40);
    expect(cases.filter((c) => c.expect.length && ids(c.text).length).length).toBeGreaterThanOrEqual(bannered);
    const flagged = cases.filter((c) => c.expect.length && c.expect.every((id) => ids(c.text).includes(id))).length;
    expect(flagged).toBeGreaterThanOrEqual(fitting);
    expect(cases.filter((c) => !c.expect.length && ids(c.text).length).length).toBeLessThanOrEqual(falseAlarms);
  });
});

describe('mechanisms (writer 11)', () => {
  it('a patient telling her own state is a particular patient, whatever leaflet she names', () => {
    expect(
      ids('on chemo since March, the booklet says ring if unwell; I feel dizzy and my temperature is 38.4 tonight'),
    ).toContain('sepsis');
    expect(ids('can you make a leaflet on neutropenic sepsis for the chemo day unit?')).toEqual([]);
  });
  it('a bare "no" negates the finding before it, "no" with a noun starts a new one; an event denied is negated', () => {
    expect(ids('she is 6 weeks pregnant, no scan booked, sudden pain low in her belly and she collapsed')).toContain(
      'ectopic_pregnancy',
    );
    expect(ids('slipped on the stairs but did not hit his head, no LOC, sore ankle')).toEqual([]);
    expect(ids('anxious about having a stroke like her mother, no symptoms, wants a check')).toEqual([]);
  });
  it('reads a state told with "not" and an adverb, agonal gasps and no response as an arrest', () => {
    expect(
      ids('neighbour on the floor, odd snorting gasps now and then, not properly breathing, not responding to anyone'),
    ).toContain('cardiac_arrest');
  });
  it('reads lay and shorthand wording of ACS, thunderclap, airway and hypoglycaemia', () => {
    expect(ids('61M central heaviness for half an hour, sweaty and grey')).toContain('acs');
    expect(ids('her left arm has been aching since lunch, a little sick and sweaty, 70F')).toContain('acs');
    expect(ids('headache, worst ever, peak in <1 minute, came on lifting weights')).toContain('thunderclap_headache');
    expect(ids('toddler not able to swallow her saliva, drooling, temp 39')).toContain('airway');
    expect(ids('croupy cough, squeaky noise when she breathes in only when she is crying, settles at rest')).toEqual(
      [],
    );
    expect(ids('wife on insulin, clammy and trembling, not making sense')).toContain('hypoglycemia');
    expect(ids('wife on insulin, clammy and trembling, not making sense, sugar 160')).not.toContain('hypoglycemia');
  });
  it('reads lay back pain with saddle symptoms, a bulging soft spot and the weeks after a birth', () => {
    expect(ids('put his back out at the gym, pins and needles between his legs, cannot pass urine')).toContain(
      'cauda_equina',
    );
    expect(ids('6 wk old, fever 38.5, the soft spot on her head seems to be bulging')).toContain('meningitis');
    expect(ids('had my baby a week ago, now soaking a pad every hour with clots')).toContain('obstetric_emergency');
  });
  it('reads pre-eclampsia symptoms without a BP from 20 weeks', () => {
    expect(ids('30 weeks pregnant, blurry vision since lunch and a pounding headache')).toContain(
      'obstetric_emergency',
    );
    expect(ids('12 weeks pregnant, blurry vision since lunch and a pounding headache')).not.toContain(
      'obstetric_emergency',
    );
    expect(ids('30 weeks pregnant, blurry vision since lunch, BP 118/72')).not.toContain('obstetric_emergency');
    expect(RED_FLAG_TUNING.preEclampsia.symptomsWithoutBp).toBe(2);
  });
  it('reads melaena, withdrawal, head injury, bleeding, dialysis, ectopic and torsion in lay words', () => {
    expect(ids('two black, sticky, smelly stools since yesterday, felt faint getting up')).toContain('gi_bleed');
    expect(ids('heavy drinker, stopped 2 days back, had a fit this morning')).toContain('alcohol_withdrawal');
    expect(ids('caught an elbow to the head at football, now one pupil seems larger, drowsy')).toContain('head_injury');
    expect(ids('cut his arm on glass, lots of blood, pale and sweaty, feels faint')).toContain('shock');
    expect(ids('missed her last three dialysis runs, weak all over, heart skipping')).toContain('hyperkalemia');
    expect(ids('period 3 weeks overdue, sharp pain in her lower tummy, she fainted')).toContain('ectopic_pregnancy');
    expect(ids('sudden pain in one of his testicles an hour ago, vomiting')).toContain('testicular_torsion');
  });
  it('"is better without me" is ideation; a relationship "better without him" is not', () => {
    expect(
      ids('everyone is better without me, a burden for my parents; the rope is in the shed and tonight I go'),
    ).toContain('suicide');
    expect(ids("my sister's better without him, he kept a gun in the house, she left last week")).toEqual([]);
  });
  it('a drama watched and "the odd beer" are no emergency', () => {
    expect(ids('saw a documentary about a man who had a heart attack at 40, should I worry?')).toEqual([]);
    expect(ids('on sertraline, is the odd glass of wine ok?')).toEqual([]);
    expect(ids('he odd on heroin an hour ago, barely breathing')).toContain('overdose');
  });
});

describe('mechanisms (writer 14)', () => {
  it('reads veiled suicidal talk, method research, hidden pills and a ligature', () => {
    expect(
      ids("flatmate said she won't be needing her winter coat any more and searched how many paracetamol it takes"),
    ).toContain('suicide');
    expect(ids('pt said nobody would miss him; staff found a dressing gown cord tied into a loop')).toContain(
      'suicide',
    );
    expect(ids('I googled how much protein it takes to build muscle')).toEqual([]);
    expect(ids('I could leave the meeting early and no one would notice, is that bad?')).toEqual([]);
  });
  it('reads a threat with a weapon to hand, and an exasperation idiom as none', () => {
    expect(ids('he told me his ex will be dead by the weekend and he has a hunting knife in his car')).toContain(
      'homicide',
    );
    expect(ids('if the wifi drops again I am going to kill someone. how do I book leave?')).toEqual([]);
  });
  it('reads lay thunderclap, indigestion as ACS, and an episode back in a named year as past', () => {
    expect(ids('her head felt like she had been kicked by a horse, came on in a second')).toContain(
      'thunderclap_headache',
    );
    expect(ids('flu for 3 days, my head feels like I have been hit by a truck')).toEqual([]);
    expect(ids('68M, says it is just indigestion, clammy and grey, feels sick')).toContain('acs');
    expect(ids('heartburn after a curry, bit sweaty from the chillies')).toEqual([]);
    expect(
      ids('Back in 2018 her face dropped and her speech went funny, she made a full recovery; can she drive?'),
    ).toEqual([]);
  });
  it('reads teaching and writing frames and care under way', () => {
    expect(ids('Write an article for the practice newsletter: why sudden chest pain is an emergency')).toEqual([]);
    expect(ids('Revision flashcards: NMS vs serotonin syndrome, rigidity vs clonus')).toEqual([]);
    expect(ids('Massive PE, the resus team is at the bedside and tenecteplase is running; obs frequency?')).toEqual([]);
    expect(ids('Chap in resus, tight central chest pain 8/10, sweaty, paged cardiology no answer')).toContain('acs');
  });
});

describe('mechanisms (session 13)', () => {
  it('reads atypical and lay presentations', () => {
    expect(ids('72F T2DM, felt sicky since breakfast, a bit sweaty, and her jaw aches')).toContain('acs');
    expect(ids('jaw aches when chewing, scalp too tender to brush her hair, now seeing double, 78F')).toContain(
      'giant_cell_arteritis',
    );
    expect(ids('ate a cake with nuts, now his voice has gone hoarse and he is vomiting')).toContain('anaphylaxis');
    expect(ids('3 wk old, temp 38.2, not feeding, fontanelle looks tense')).toContain('meningitis');
    expect(ids('his toes look marbled and the foot feels dead, he cannot move them')).toContain('limb_ischemia');
  });
  it('an onset after a finding ends a history list; a joke, a correction or a named screen is not an emergency', () => {
    expect(ids('hx HTN, tearing pain in the back came on suddenly an hour ago')).toContain('aortic');
    expect(ids('hx HTN, back pain for years, wants a physio referral')).toEqual([]);
    expect(ids("his brother joked he'd kill him if he ate the last slice")).toEqual([]);
    expect(ids('nurse said pt was unresponsive - turns out he was asleep, GCS 15')).toEqual([]);
    expect(ids('sepsis screen done on the obs, all normal, no red flags')).toEqual([]);
    expect(ids('sepsis screen positive, lactate 4.1, BP 84/50')).toContain('sepsis');
  });
  it('pinpoint pupils alone on an opioid are not an overdose; with slow breathing they are', () => {
    expect(ids('on methadone 80 mg, pinpoint pupils, RR 16, alert and chatting')).toEqual([]);
    expect(ids('on methadone 80 mg, pinpoint pupils, RR 6, hard to rouse')).toContain('overdose');
  });
});

describe('mechanisms (session 12)', () => {
  it('a state described with "not" negates nothing after it', () => {
    expect(
      ids("66F says she feels 'not right', breathless and tight across the chest for half an hour, clammy"),
    ).toContain('acs');
    expect(ids('66F, not breathless, no chest pain, here for a statin review')).toEqual([]);
  });
  it('reads poor perfusion, AVPU and UK units', () => {
    expect(ids('district nurse: BP 75/40, CRT 5 seconds, mottled to the knees')).toContain('shock');
    expect(ids('on gliclazide, off food, only rousing to pain, CBG meter just says LO')).toContain('hypoglycemia');
    expect(ids('black sticky stools x2 days, fainted this am, Hb 68 g/L')).toContain('gi_bleed');
    expect(ids('Hb 128 g/L, iron studies normal, fatigue')).toEqual([]);
  });
  it('reads a counted ingestion and a rising troponin', () => {
    expect(ids('took approx 50 x amitriptyline 25mg an hour ago, drowsy')).toContain('overdose');
    expect(ids('hs-trop I 4200 ng/L, was 80 three hrs ago, pain on and off')).toContain('acs');
  });
  it('a completed treatment and a stated baseline are not emergencies now', () => {
    expect(ids('septic arthritis knee washed out last month, completed antibiotics, back to running?')).toEqual([]);
    expect(ids('COPD, SpO2 88-91% is his baseline, stable, LTOT review due')).toEqual([]);
  });
});

describe('mechanisms', () => {
  it('a glucose reading decides whether confusion beside it is a low', () => {
    expect(ids('confused, glucose 300')).not.toContain('hypoglycemia');
    expect(ids('82F confused, BG 980, very dry')).not.toContain('hypoglycemia');
    expect(ids('found unresponsive, sugar 38')).toContain('hypoglycemia');
    expect(ids('confused, sugar low, husband with her')).toContain('hypoglycemia');
  });

  it('a dated admission or discharge before a finding is history; an admission now is not', () => {
    expect(ids('discharged from the ICU last week after DKA, glucose 140s now. basal dose?')).toEqual([]);
    expect(ids('admitted 2 months ago for DKA, doing well, A1c 8.1')).toEqual([]);
    expect(ids('admitted for DKA, glucose 520, ketones large')).toContain('dka_hhs');
  });

  it('reads the delivery suite as emergency care, but not a triage message headed "L&D:"', () => {
    expect(ids('on the labour ward, PPH 1 litre, obstetrician at bedside, which uterotonic next?')).toEqual([]);
    expect(ids('L&D: waters broke and I can see cord at the introitus, FHR dropping to 70s')).toContain(
      'obstetric_emergency',
    );
  });

  it('reads compact gestations, a home birth and fetal bradycardia', () => {
    expect(ids('G1 34wk, BP 168/112, bad headache, seeing spots')).toContain('obstetric_emergency');
    expect(ids('home birth 40 min ago, soaking through pads every few minutes')).toContain('obstetric_emergency');
    expect(ids('30wk, some spotting, FHR in the 90s on the doppler')).toContain('obstetric_emergency');
  });

  it('"<drug> OD" needs a sign of toxicity; "OD" is also once daily', () => {
    expect(ids('TCA OD, QRS 140 ms, HR 124')).toContain('overdose');
    expect(ids('glaucoma, timolol OD, drowsy after new gabapentin - dose?')).toEqual([]);
  });

  it('reads lay and shorthand stroke and NMS wording', () => {
    expect(ids('70M, BE FAST pos for balance and eyes, started 1 hr ago')).toContain('stroke');
    expect(ids("suddenly can't see out of the left side, dizzy, walking like he's drunk, 40 min ago")).toContain(
      'stroke',
    );
    expect(ids('depot injection monday, now very hot, body stiff, not talking')).toContain('serotonin_nms');
    expect(ids('very hot day, she feels fine, what SPF for her on doxycycline?')).toEqual([]);
  });

  it('end-organ damage told by its findings makes a severe BP an emergency', () => {
    expect(ids('BP 212/124, creat 3.4 (was 1.1 last month), blood in urine')).toContain('hypertensive_emergency');
    expect(ids('BP 206/122, fundi show flame haemorrhages')).toContain('hypertensive_emergency');
  });

  it('a farewell with pills laid out or a weapon is suicidal intent; thanks alone is not', () => {
    expect(ids("client texted 'I have the pills lined up, this is goodbye, tell my kids I love them'")).toContain(
      'suicide',
    );
    expect(
      ids(
        "vet I follow texted 20 min ago 'thanks for everything, I've made my peace, gun's loaded.' which screening tool should I use?",
      ),
    ).toContain('suicide');
    expect(ids('patient say he want to finish his life tonight, he has rope in car')).toContain('suicide');
    expect(ids('this is the end of my shift, thanks for everything')).toEqual([]);
  });

  it('a reading taken twice is the value now', () => {
    expect(ids('33 wk G2P1, home BP 174/112 twice, bad headache')).toContain('obstetric_emergency');
  });

  it('thirst and urine with vomiting and acidotic breathing are DKA before diabetes is named', () => {
    expect(
      ids(
        'my daughter 15 has been peeing all the time and drinking loads, now throwing up and breathing really fast and deep',
      ),
    ).toContain('dka_hhs');
    expect(ids('peeing all the time and drinking loads, A1c due next month')).toEqual([]);
  });

  it('a haemolysed sample, an ICU day count and a debrief are not new emergencies', () => {
    expect(ids('K 6.8 but lab says grossly hemolysed sample, ECG normal; repeat drawn')).toEqual([]);
    expect(ids('ICU day 3 septic shock now off pressors, lactate normalized. When do we de-escalate?')).toEqual([]);
    expect(ids("debriefing template for yesterday's cardiac arrest on ward 5")).toEqual([]);
  });

  it('a food allergy with swelling is not testicular pain', () => {
    expect(ids('ate some nuts at a party, lips swollen and severe wheeze')).toEqual(['anaphylaxis']);
  });

  it('a present-time word after a finding does not make "twice" the end of a dated clause', () => {
    expect(ids('HR 36, dizzy and passed out twice today, on metoprolol')).toContain('shock');
    expect(ids('passed out twice before, years apart; HR 72 today')).toEqual([]);
  });

  it('a meter reading LO is below the meter range', () => {
    expect(ids('meter reads LO and he is sweaty')).toContain('hypoglycemia');
    expect(RED_FLAG_TUNING.glucose.meterLo).toBeLessThan(RED_FLAG_TUNING.glucose.lowMgdl);
  });

  it('sudden posterior-circulation signs (balance, eyes) are a stroke; one sign alone is not', () => {
    expect(ids('suddenly dizzy with double vision since lunch')).toContain('stroke');
    expect(ids('suddenly dizzy when she stands up, no other symptoms')).toEqual([]);
  });

  it('fever on chemotherapy is treated as sepsis; chemotherapy years ago is not', () => {
    expect(ids('on chemo, temp 38.4 and chills')).toContain('sepsis');
    expect(ids('chemo in 2015 for breast cancer, now a cold with temp 38.2')).toEqual([]);
  });

  it('a threshold question split at its question mark is still a question', () => {
    expect(ids('what BP in pregnancy counts as severe range? 160/110?')).toEqual([]);
    expect(ids('pregnant, BP 160/110 today')).toContain('obstetric_emergency');
  });

  it('a year right after a finding dates it', () => {
    expect(ids('previous suicide attempt (overdose) 2019, no current SI')).toEqual([]);
    expect(ids('took 40 of her pills this morning')).toContain('overdose');
  });

  it('inpatient psychiatry and 1:1 observation are emergency care already', () => {
    const a = analyseRedFlags('inpatient psych unit, pt on 1:1 for SI with plan; which antidepressant to start?');
    expect(a.flags).toEqual([]);
    expect(a.because).toBe('under-emergency-care');
    expect(ids('SI with plan, has a gun at home; which antidepressant?')).toContain('suicide');
  });

  it('a plan, means or time counts only when it is about the act: other plans, secured firearms and appointments do not', () => {
    expect(ids('passive SI, no plan; she plans to start CBT next week')).toEqual([]);
    expect(ids('SI for years, has a safety plan, wants to discuss meds tomorrow')).toEqual([]);
    expect(ids("passive death wish, keeps his rifle locked at his brother's")).toEqual([]);
    expect(ids('passive death wish, keeps his rifle in the closet')).toContain('suicide');
    expect(ids('SI, plans to do it friday')).toContain('suicide');
    expect(ids('suicidal, wants to do it tonight')).toContain('suicide');
  });

  it('readings taken asleep, a seizure disorder, snoring and a scored mild withdrawal are not emergencies', () => {
    expect(ids('sleep study nadir SpO2 78%, CPAP settings?')).toEqual([]);
    expect(ids(`SpO2 ${RED_FLAG_TUNING.vitals.spo2Low - 8}% on room air, struggling`)).toContain('airway');
    expect(ids('pregnant, on lamotrigine for her seizure disorder')).toEqual([]);
    expect(ids('pregnant, had a seizure an hour ago')).toContain('obstetric_emergency');
    expect(ids('loud snoring, on oxycodone')).toEqual([]);
    expect(ids('alcohol withdrawal, agitated, CIWA 9')).toEqual([]);
    expect(ids(`alcohol withdrawal, agitated, CIWA ${RED_FLAG_TUNING.ciwaSevere + 2}`)).toContain('alcohol_withdrawal');
    expect(ids('alcohol withdrawal, agitated and disoriented')).toContain('alcohol_withdrawal');
  });

  it('a negation stops at a cause: an opioid arrest gets CPR and naloxone', () => {
    const flags = ids('he is not breathing after fentanyl');
    expect(flags).toEqual(expect.arrayContaining(['cardiac_arrest', 'overdose']));
    expect(ids('not using fentanyl, no heroin, just alcohol')).toEqual([]);
  });

  it('the answer after the urgent card fits the emergency', () => {
    const flags = detectRedFlags('34 wk, BP 164/112, headache and seeing sparkles; labetalol outpatient?');
    expect(flags.map((f) => f.id)).toContain('obstetric_emergency');
    expect(
      fitsEmergency('We recommend magnesium sulfate for women with preeclampsia with severe features.', flags),
    ).toBe(true);
    expect(fitsEmergency('We recommend screening for depression during pregnancy.', flags)).toBe(false);
    // Prevention and lifetime-risk statements that only name the condition do not follow the urgent card.
    expect(
      fitsEmergency(
        'In women at risk of preeclampsia, we recommend low dose aspirin initiated at or before 16 weeks gestation.',
        flags,
      ),
    ).toBe(false);
  });

  it('statements that contradict or merely mention the emergency do not fit it', () => {
    const head = detectRedFlags('hit his head this morning, on apixaban, now vomiting repeatedly and confused');
    expect(head.map((f) => f.id)).toContain('head_injury');
    expect(
      fitsEmergency(
        'We suggest against using neuroimaging to establish the diagnosis of mild traumatic brain injury.',
        head,
      ),
    ).toBe(false);
    const acs = detectRedFlags('crushing chest pain with sweating for 30 minutes');
    expect(
      fitsEmergency(
        'We suggest cardio-selective beta-blockers only in those with a recent myocardial infarction.',
        acs,
      ),
    ).toBe(false);
    expect(fitsEmergency('Patients with acute coronary syndrome should receive aspirin.', acs)).toBe(true);
    const od = detectRedFlags('found him blue and not breathing after using fentanyl');
    expect(fitsEmergency('For opioid use disorder we recommend buprenorphine/naloxone in any setting.', od)).toBe(
      false,
    );
    expect(
      fitsEmergency('We recommend offering naloxone rescue kits to patients at risk of opioid overdose.', od),
    ).toBe(true);
  });
});

// Two gaps the writer-15 tuning found outside its set: an overdose planned with a time, and a slow bleed after a head
// injury weeks back in a patient on an anticoagulant.
describe('mechanisms (session 17)', () => {
  it('reads an overdose planned with a time or the means as suicide, and a plan to paint as nothing', () => {
    expect(ids('He has a plan to overdose tonight on his saved up tablets')).toContain('suicide');
    expect(ids('she is going to take an overdose this weekend, has a stash of pills')).toContain('suicide');
    expect(ids('has a plan to paint it tonight')).toEqual([]);
    expect(ids('if he ever plans to overdose what should the family do?')).toEqual([]);
  });
  it('reads a head injury weeks back with a red flag now, on an anticoagulant, as a possible bleed', () => {
    expect(ids('Fell 3 weeks ago (hit his head) and since this morning vomiting and drowsy, on warfarin')).toContain(
      'head_injury',
    );
    expect(ids("hx of head injury in 2015, on warfarin for AF, INR 2.5, what's the target INR?")).toEqual([]);
  });
});
