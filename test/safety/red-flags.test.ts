import { describe, expect, it } from 'vitest';
import { evaluateRedFlags, loadRedFlagSuite, RED_FLAG_SUITE } from '../../src/eval/safety-eval.js';
import { detectRedFlags, urgentMessage } from '../../src/safety/red-flags.js';

const RED_FLAG_CASES = loadRedFlagSuite();

const ids = (text: string) => detectRedFlags(text).map((f) => f.id);

describe('red-flag suite', () => {
  const evaluation = evaluateRedFlags(RED_FLAG_CASES);

  it('has at least 40 positive phrasings and a set of negatives', () => {
    expect(RED_FLAG_SUITE.length).toBe(RED_FLAG_CASES.length);
    expect(evaluation.positives).toBeGreaterThanOrEqual(40);
    expect(evaluation.negatives).toBeGreaterThanOrEqual(20);
  });

  it('detects emergencies with recall >= 0.95 and raises no alarm on >= 95% of negatives', () => {
    expect(evaluation.caseRecall).toBeGreaterThanOrEqual(0.95);
    expect(evaluation.negativeFalseAlarms / evaluation.negatives).toBeLessThanOrEqual(0.05);
  });
});

describe('negation and history', () => {
  it.each([
    'denies chest pain',
    'no SI',
    'not suicidal',
    'SI without a plan',
    'Chest pain: denies. Diaphoresis: none.',
    'h/o stroke with residual aphasia',
    'naloxone kit for overdose prevention',
    // A named month dates the episode, as a year does.
    'had crushing chest pain and nearly passed out back in January, cath clean, fine since; BP 150/95 now, which ACE inhibitor?',
    // A low saturation told as the patient's settled state, asked about long-term oxygen.
    'emphysema, stable for a year, resting sat 87% on room air in clinic. does he meet criteria for home oxygen?',
    // Exam revision is not a patient; a patient on a fixed-rate insulin infusion or the cath lab table is under care.
    'Revising aortic dissection for my OSCE - what goes into the ADD-RS?',
    'already on FRIII for her DKA, ketones falling, when do we switch to subcut insulin?',
    'STEMI pt on the cath lab table right now, cardiology asking the heparin bolus?',
    // Chat shorthand for the time unit dates it too.
    'had a thunderclap headache last yr, workup negative. now gets tension-type headaches, what can she take?',
  ])('%s -> no flag', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it('reads an attempt, an arrest, a potassium and a withdrawal seizure told in everyday words', () => {
    // An overdose taken to die is an attempt as well as an overdose.
    expect(ids('she swallowed about 30 of her sertraline an hour ago, says she wanted it all to end')).toEqual(
      expect.arrayContaining(['overdose', 'suicide']),
    );
    // No central pulse is an arrest whatever the breathing is called; a rhythm named on the monitor too.
    expect(ids('dad collapsed, breathing not properly just odd gasps, cant feel a pulse in his neck')).toContain(
      'cardiac_arrest',
    );
    expect(ids('rhythm strip shows v-fib and she is unresponsive, pads on?')).toContain('cardiac_arrest');
    expect(ids('VF full to confrontation, pupils equal and reactive')).toEqual([]);
    // A child knocked out after a fall, "being sick" since and not remembering it.
    expect(
      ids(
        'she fell off the trampoline this afternoon, knocked out briefly, keeps being sick and cant remember the fall',
      ),
    ).toContain('head_injury');
    // Saddle numbness and incontinence told in other words, after an old disc problem.
    expect(
      ids('known disc problem, now numb in the private region and passed urine without realising today'),
    ).toContain('cauda_equina');
    // Command voices against "our" mother, with knives at hand.
    expect(ids('the voices are telling him to stab our dad, he has hidden a knife in his room')).toContain('homicide');
    // On the pill, back from a long flight, coughing blood and breathless.
    expect(
      ids('on the pill, back from a 9 hour flight, coughing up some blood and breathless, is it a chest infection?'),
    ).toContain('pe');
    // A relative's narrative: "his face dropped", while he was doing something ("watching a film when ...").
    expect(ids("my mum's face dropped and her arm went weak while she was washing up")).toContain('stroke');
    expect(ids('he was watching a film when his face dropped and his arm went weak')).toContain('stroke');
    expect(ids('sats dropped to 85, face grey')).not.toContain('stroke');
    // British "pot" is potassium.
    expect(ids('pot 7.1 on the repeat, wide QRS, what now')).toContain('hyperkalemia');
    // A seizure told as what was seen, two days after the last drink.
    expect(ids('quit the booze 2 days ago, tonight went rigid then jerked for a minute, now confused')).toContain(
      'alcohol_withdrawal',
    );
  });

  it('a settled low saturation is still an emergency when something acute is told with it', () => {
    expect(ids('emphysema, usually stable, now worse breathlessness and sat 84% on room air')).toContain('airway');
    expect(ids('COPD on home oxygen, flare since yesterday, sats 85%')).toContain('airway');
  });

  it('a negated onset word ("no new sx since") does not make a remote stroke\'s residual deficit acute', () => {
    expect(ids('L MCA stroke last year, mild right arm weakness remains, no new deficits. Driving eval?')).toEqual([]);
    expect(
      ids('R MCA stroke 3 yrs ago, L-sided weakness then, all resolved except mild L hand clumsiness, no new sx since'),
    ).toEqual([]);
    expect(ids('stroke 2 yrs ago, now new slurred speech since lunch')).toContain('stroke');
    expect(ids('had a stroke in 2020, today new left facial droop and arm weakness')).toContain('stroke');
  });

  it('a negation does not reach past "but"', () => {
    expect(
      ids('denies chest pain at rest but now crushing chest pain radiating to the jaw with diaphoresis'),
    ).toContain('acs');
  });

  it('stridor only with crying is mild croup; stridor at rest is an airway emergency', () => {
    expect(ids('18 mo w/ barky cough x1 day, stridor only when crying, sats 98%, otherwise well')).toEqual([]);
    expect(ids('croupy cough, stridor when upset and now at rest too, drooling')).toContain('airway');
    expect(ids('stridor at rest, sats 88%')).toContain('airway');
  });

  it('reads glucose units', () => {
    expect(ids('glucose 48 mg/dL')).toContain('hypoglycemia');
    expect(ids('glucose 2.7 mmol/L')).toContain('hypoglycemia');
    expect(ids('glucose 62 mg/dL')).toEqual([]);
  });
});

it('a month that is not a date does not hide a current emergency', () => {
  expect(ids('crushing chest pain for 40 min, sweaty, BP 88/50, was due for his March review')).toContain('acs');
});

it('reads the opioid toxidrome in lay words: small pupils, a breathing rate told in words', () => {
  expect(
    ids('mum is on fentanyl patches, tonight her pupils are really tiny and she is breathing about 5 times a minute'),
  ).toContain('overdose');
  expect(ids('after his tramadol he has tiny pupils and we cannot wake him properly')).toContain('overdose');
  expect(ids('she uses her inhaler 2 times a day and her breathing is fine')).toEqual([]);
});

it('a patient already under emergency care gets no banner: a stay "since yesterday" goes on, a code team with him', () => {
  expect(ids('in the ICU with HHS since yesterday, glucose now 280, when can we stop the insulin infusion?')).toEqual(
    [],
  );
  expect(ids('the code team is with her now doing compressions; what do I tell her husband?')).toEqual([]);
  // Over: a stay ended yesterday; and bystanders doing CPR are no emergency team.
  expect(ids('was in ICU with DKA yesterday, discharged, now vomiting again, BG 450, ketones 4')).toContain('dka_hhs');
  expect(ids('we are doing CPR on my dad, he collapsed and is not breathing')).toContain('cardiac_arrest');
});

it('seizures one after another, or without waking between them, are status epilepticus', () => {
  expect(ids('she is fitting one after the other and does not wake up properly in between')).toContain(
    'status_epilepticus',
  );
  expect(ids('had 3 seizures one after another this afternoon, what do we do?')).toContain('status_epilepticus');
  // Dated: two seizures last year, one after another.
  expect(ids('she had two seizures last year, one after another, both in her sleep; can she drive?')).toEqual([]);
});

describe('urgent message', () => {
  it('is one unhedged instruction block naming the emergency', () => {
    const flags = detectRedFlags('SI with a plan and access to a gun');
    const message = urgentMessage(flags);
    expect(message.startsWith('⚠️ Emergency:')).toBe(true);
    expect(message).toMatch(/911|988/);
    expect(message).not.toMatch(/\bmay\b|\bconsider\b|\bperhaps\b/i);
  });

  it('is empty when there is no red flag', () => {
    expect(urgentMessage([])).toBe('');
    expect(detectRedFlags('')).toEqual([]);
  });
});

describe('termination', () => {
  // A sentence ending in an abbreviation's period ("... and PT.") once made the sentence splitter loop forever; the
  // no-PHI server test then spun until CI's time ran out. Run in a worker with a deadline so a return fails, not hangs.
  it('returns on text ending in an abbreviation with a period', async () => {
    const { spawnSync } = await import('node:child_process');
    const texts = ['pt.', 'tried ibuprofen 600 mg TID and PT.', 'Dr. No. Hx. Sx. e.g. i.e. etc. St.', 'no.'];
    const code = `import('./src/safety/red-flags.ts').then((m) => { for (const t of ${JSON.stringify(texts)}) m.detectRedFlags(t); console.log('done'); })`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
      cwd: new URL('../..', import.meta.url).pathname,
      timeout: 20_000,
      encoding: 'utf8',
    });
    expect(run.error?.message ?? run.stdout.trim()).toBe('done');
  }, 30_000);
});
