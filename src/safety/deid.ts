// De-identification of typed clinical text (HIPAA Safe Harbor identifiers that can appear in a message), before anything
// else sees it. Deterministic and linear-time: every regex has bounded quantifiers and no nested ambiguity, and names are
// found by one pass over word tokens. Identifiers become typed placeholders ([NAME], [DATE], ...); ages over 89 become
// "[AGE over 89]" (the digits of a real age never appear). Clinical facts (age <= 89, sex, vitals, labs, doses, codes) are left as they are.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { commonEnglishWords, englishWords } from '../retrieval/lexicon.js';
import { clinicalWords } from '../retrieval/case-lexicon.js';
import { censusNames, medicalTerms, placeNames, uspsStreetSuffixes } from './name-data.js';
import { mapSpan, normaliseForDetection } from './normalize.js';
import { LiteralIndex } from './required-literals.js';
import { structuredFieldEntities, tableColumns } from './structured-fields.js';
import {
  AMBIGUOUS_NAME_WORDS,
  EPONYM_ANATOMY,
  EPONYM_FOLLOWERS,
  GIVEN_NAMES,
  NAME_TITLES,
  NEVER_NAME_WORDS,
  COUNTRY_WORDS,
  EPONYMS,
  INSURER_PHRASES,
  INSURER_WORDS,
  SCORE_EPONYMS,
  SURNAMES,
} from './name-lexicon.js';

export type PhiType =
  | 'NAME'
  | 'DATE'
  | 'AGE'
  | 'ADDRESS'
  | 'CITY'
  | 'LOCATION'
  | 'ZIP'
  | 'ID'
  | 'PHONE'
  | 'FAX'
  | 'EMAIL'
  | 'SSN'
  | 'MRN'
  | 'HEALTH_PLAN'
  | 'ACCOUNT'
  | 'LICENSE'
  | 'DEVICE'
  | 'VEHICLE'
  | 'URL'
  | 'IP';

/**
 * Every threshold of the de-identifier in one place. Tuned on half A of ../shared/eval/deid-dev (split by source fixture)
 * and confirmed on half B; see `curbside eval safety`.
 */
export const DEID_TUNING = {
  /** Census surnames at or above this frequency rank (0 = Smith) count as known surnames. 88,799 = the whole list. */
  surnameRankLimit: 88_799,
  /**
   * A word of the medical dictionary is a name candidate only when it is also a census given name or one of the most
   * common census surnames (rank below this: Smith, Bell, Parkinson); rarer ones (Hodgkin, Babinski, Apgar) are medical.
   */
  medicalSurnameRank: 5_000,
  /** Words looked at after a capitalised word for a dose or product form that makes it a drug ("Kerendia 10 mg"). */
  doseLookahead: 2,
  /** Minimum length of an unknown capitalised word taken for a name without other evidence. */
  unknownWordMinLength: 4,
  /** Fewest digits of a number after "PCR" read as an ambulance report's number, not a PCR test's value or date. */
  careReportMinDigits: 10,
  /** Shortest one-word lower-case chat handle no dictionary knows taken for a user name ("@jfeliciano"; not "@ortho"). */
  unknownHandleMinLength: 6,
  /** Longest run of capitalised words before a facility word ("Beth Israel Deaconess Medical Center"). */
  facilityMaxWords: 5,
  /**
   * Shortest lower-case Census given name taken for a name on its own ("seeing jaquelyn today"), when it is neither an
   * English, medical nor clinical word. Three-letter ones ("min", "mai") are too often abbreviations in typed notes.
   */
  lowerCaseGivenMinLength: 4,
  /**
   * Smallest population of a gazetteer place taken for a town after a place preposition ("sister in Yakima", "moved
   * from Boston"), when not every word of it is a common English or clinical word (0 = off).
   */
  placeMinPopulation: 10_000,
  /** Characters either side of a model year and make in which a vehicle word must stand ("2017 Subaru Outback, plate"). */
  vehicleCueReach: 40,
  /** Longest stretch of a clause between an event word and a month/day that ends the clause ("fell at home 3/2,"). */
  eventDateReach: 40,
} as const;

export const PHI_TYPES: readonly PhiType[] = [
  'NAME',
  'DATE',
  'AGE',
  'ADDRESS',
  'CITY',
  'LOCATION',
  'ZIP',
  'ID',
  'PHONE',
  'FAX',
  'EMAIL',
  'SSN',
  'MRN',
  'HEALTH_PLAN',
  'ACCOUNT',
  'LICENSE',
  'DEVICE',
  'VEHICLE',
  'URL',
  'IP',
];

/** Offsets into the input text. */
export interface PhiEntity {
  type: PhiType;
  start: number;
  end: number;
}

export interface Deidentified {
  /** The input with each identifier replaced by its typed placeholder. */
  text: string;
  entities: PhiEntity[];
}

export function placeholder(type: PhiType): string {
  return type === 'AGE' ? '[AGE over 89]' : `[${type}]`;
}

const TEMPERATURE_CUE = /\b(?:temp(?:erature)?|t-?max|tmp|fever(?:ish)?|febrile|spiked?|pyrexia|T)\b[^.;\n]{0,25}$/i;

// Look-alike dashes (Unicode hyphens, minus) and spaces (no-break, thin) are matched as their ASCII forms. Each is one
// UTF-16 code unit replaced by one, so offsets found in the scanned copy are offsets into the input.
const LOOKALIKE_DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const LOOKALIKE_SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g;
const PLACEHOLDERS = new RegExp(`\\[(?:${PHI_TYPES.join('|')})(?: over 89)?\\]`, 'g');

/** Recent results, by a hash of the input (no input text is kept): a conversation sends its whole history every turn. */
export const DEID_CACHE_SETTINGS = {
  /** Results kept, most recently used first; 0 turns the cache off. */
  entries: 512,
  /** Shorter inputs are detected again: hashing them would cost about as much. */
  minChars: 200,
};
const recent = new Map<string, Deidentified>();
const copyOf = (d: Deidentified): Deidentified => ({ text: d.text, entities: d.entities.map((e) => ({ ...e })) });

export function deidentify(text: string): Deidentified {
  const input = String(text ?? '');
  if (DEID_CACHE_SETTINGS.entries <= 0 || input.length < DEID_CACHE_SETTINGS.minChars) return detect(input);
  const key = createHash('sha256').update(input).digest('base64');
  let result = recent.get(key);
  if (result) recent.delete(key);
  else result = detect(input);
  recent.set(key, result);
  if (recent.size > DEID_CACHE_SETTINGS.entries) recent.delete(recent.keys().next().value!);
  return copyOf(result);
}

/** The detector itself, never the cache: what a benchmark times. */
export function detect(input: string): Deidentified {
  // Detection runs on a normalised copy (NFKC, invisible characters out, digits and look-alike letters folded); spans
  // are mapped back to the input, where they are redacted.
  const norm = normaliseForDetection(input);
  const scan = norm.text.replace(LOOKALIKE_DASHES, '-').replace(LOOKALIKE_SPACES, ' ');
  const patterns = withRepeatedPlaces(
    scan,
    withWholeAddresses(
      scan,
      withLabelledAddresses(
        scan,
        withAddressParts(
          scan,
          withTownsAfterStreets(scan, withFacilityTails(scan, withTimestamps(scan, findPatternEntities(scan)))),
        ),
      ),
    ),
  );
  // A placeholder already in the text ("[MRN]") is not an identifier, so de-identifying twice changes nothing.
  const placeholders = [...scan.matchAll(PLACEHOLDERS)].map((m) => [m.index, m.index + m[0].length] as const);
  const outside = (e: PhiEntity) => !placeholders.some(([start, end]) => e.start < end && e.end > start);
  // Names are looked for with placeholders blanked out, so "[NAME]" is neither a "name:" label nor a word next to one.
  const namesText = scan.replace(PLACEHOLDERS, (p) => `[${'_'.repeat(p.length - 2)}]`);
  // A table's header cells are column labels: no name is looked for inside them.
  const table = tableColumns(scan);
  const names = findNames(namesText, table.labels.length ? [...patterns, ...table.labels] : patterns);
  const found = [
    ...patterns,
    ...structuredFieldEntities(scan),
    ...table.names,
    ...table.cells,
    ...names,
    ...gazetteerPlaces(scan),
    ...agesAfterNames(scan, names),
    ...otherScriptNames(scan, names),
  ].filter(outside);
  return redact(
    input,
    found.map((e) => ({ type: e.type, ...mapSpan(norm, e.start, e.end) })),
  );
}

/** A word in a script other than Latin (Hangul, Han, Arabic, Cyrillic, ...). */
const OTHER_SCRIPT_WORD = String.raw`(?:(?!\p{Script=Latin})[\p{L}\p{M}])+`;
const OTHER_SCRIPT_AFTER_RE = new RegExp(
  String.raw`^[ \t]{0,2}[(（]?[ \t]{0,2}(${OTHER_SCRIPT_WORD}(?:[ \t]${OTHER_SCRIPT_WORD}){0,3})(?=[ \t]{0,2}[)）]|[ \t]{2}|[ \t]{0,2}[,;\n]|$)`,
  'u',
);
const OTHER_SCRIPT_BEFORE_RE = new RegExp(
  String.raw`(?:^|[ \t:])(${OTHER_SCRIPT_WORD}(?:[ \t]${OTHER_SCRIPT_WORD}){0,3})[ \t]{0,2}[(（][ \t]{0,2}$`,
  'u',
);

/**
 * "Kim Seo-yeon (김서연)", "LIU Xiaoling 刘晓玲", "محمد الخطيب (Mohammed Al-Khatib)": the same name written in its own
 * script right beside the romanised one found.
 */
function otherScriptNames(text: string, names: PhiEntity[]): PhiEntity[] {
  const found: PhiEntity[] = [];
  for (const name of names) {
    if (name.type !== 'NAME') continue;
    const after = OTHER_SCRIPT_AFTER_RE.exec(text.slice(name.end, name.end + 60));
    if (after) {
      const start = name.end + after[0].length - after[1]!.length;
      found.push({ type: 'NAME', start, end: start + after[1]!.length });
    }
    const before = OTHER_SCRIPT_BEFORE_RE.exec(text.slice(Math.max(0, name.start - 60), name.start));
    if (before) {
      const start = name.start - before[0].length + before[0].indexOf(before[1]!);
      found.push({ type: 'NAME', start, end: start + before[1]!.length });
    }
  }
  return found;
}

/**
 * "Dorothy 'Dot' Hargreaves, 97.", "von Hohenberg (Max), 90,", "Lê Thị Mai, 97 - family ...", "| Le, Thi | 91 |": a bare
 * age over 89 after a name found and a comma, a parenthesis or a table cell's edge.
 */
function agesAfterNames(text: string, names: PhiEntity[]): PhiEntity[] {
  const ages: PhiEntity[] = [];
  for (const name of names) {
    const m =
      /^[)'"’”]?(?:,\s{1,2}|\s{1,2}\(|\s{0,2}[|\t]\s{0,2})(9\d|1[01]\d)(?=\s{0,2}(?:[,;(\n|\t]|\.(?!\d)|$)|\s{1,2}(?:y\.?o|yrs?|[MF])\b|\)|\s{1,2}[-–—]\s)/.exec(
        text.slice(name.end, name.end + 12),
      );
    if (m) ages.push({ type: 'AGE', start: name.end + m[0].length - m[1]!.length, end: name.end + m[0].length });
  }
  return ages;
}

/** Replaces the given spans (overlaps resolved) with typed placeholders. Used to merge another detector's findings. */
export function redact(input: string, spans: PhiEntity[]): Deidentified {
  const entities = resolveOverlaps(spans.filter((e) => e.start >= 0 && e.end <= input.length));
  let out = '';
  let last = 0;
  for (const e of entities) {
    out += input.slice(last, e.start) + placeholder(e.type);
    last = e.end;
  }
  out += input.slice(last);
  return { text: out, entities };
}

export function redactionCounts(entities: PhiEntity[]): { type: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of entities) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return PHI_TYPES.filter((t) => counts.has(t)).map((type) => ({ type, count: counts.get(type)! }));
}

// ---------------------------------------------------------------------------------------------------------------------
// Pattern identifiers (numbers, dates, contact details, addresses, places)

interface Rule {
  type: PhiType | ((m: RegExpExecArray, text: string) => PhiType | null);
  re: RegExp;
  /** Named group holding the identifier (or several, each an identifier of its own); the whole match when absent. */
  group?: string | string[];
  /** Returns false to drop a match. */
  accept?: (value: string, m: RegExpExecArray, text: string) => boolean;
}

const src = (re: RegExp) => re.source;
/**
 * An extension after a phone number, in the languages of the notes: "x", "ext", English "extension", French "poste",
 * Spanish "anexo" / "interno", Portuguese "ramal", German "Durchwahl".
 */
const PHONE_EXTENSION = src(/(?:\s{0,2}(?:x|ext\.?|extension|poste|anexo|interno|ramal|durchwahl)\s{0,2}\d{1,6})?/);

const MONTH = src(
  /(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?/,
);
/** A day of the week, full or short, capitalised ("Monday", "Weds", "Thu"). */
const WEEKDAY = src(
  /(?:(?:Mon|Tue|Tues|Wed|Weds|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day)?|(?:Tues|Wednes|Thurs|Satur)day|(?:mon|tues|wednes|thurs|fri|satur|sun)day)/,
);
/** A year read aloud in a dictated or transcribed note ("nineteen ninety-five", "two thousand and three", "twenty twelve"). */
const SPOKEN_UNITS = 'one|two|three|four|five|six|seven|eight|nine';
const SPOKEN_TEENS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const SPOKEN_TENS = `(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:${SPOKEN_UNITS}))?`;
const SPOKEN_YEAR =
  `(?:(?:nineteen|eighteen)[ -](?:${SPOKEN_TENS}|${SPOKEN_TEENS}|oh[ -](?:${SPOKEN_UNITS})|hundred)` +
  `|two[ -]thousand(?:[ -]and)?(?:[ -](?:${SPOKEN_TENS}|${SPOKEN_TEENS}|${SPOKEN_UNITS}))?` +
  `|twenty[ -](?:${SPOKEN_TENS}|${SPOKEN_TEENS}|oh[ -](?:${SPOKEN_UNITS})))`;
const DAY_NUM = src(/(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?/);
/** A day of the month read aloud ("third", "twenty-eighth", "thirty-first"). */
const SPOKEN_DAY =
  '(?:(?:twenty[ -])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|' +
  '(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth|thirty[ -]first)';
const YEAR = src(/(?:1[89]\d\d|20\d\d)/);

const STATE_NAMES =
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|District of Columbia|Puerto Rico';
/** Words of US state names: places, never a person's name. */
const STATE_WORDS = new Set(STATE_NAMES.toLowerCase().split(/[| ]/));
/** Postal abbreviations that are not also everyday clinical abbreviations (MI, MS, CA, CT, PA, ...). */
const STATE_ABBR_SAFE =
  'AL|AK|AZ|AR|FL|HI|IA|KS|KY|MA|MN|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|RI|SD|TN|TX|UT|VT|WA|WV|WI|WY|DC|ME|IL|GA|DE|CO|VA|LA|IN|ID|MD|MI|MS|CA|CT|PA|SC|PR';
const STATE_ABBR_CLINICAL = new Set([
  'ME',
  'IL',
  'GA',
  'DE',
  'CO',
  'VA',
  'LA',
  'IN',
  'ID',
  'MD',
  'MI',
  'MS',
  'CA',
  'CT',
  'PA',
  'SC',
  'OR',
  'OK',
  'HI',
  'AL',
]);

const STREET_SUFFIX =
  'street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|' +
  'alley|aly|bend|bluff|branch|brg|bridge|brook|burg|bypass|byway|camp|canyon|cape|causeway|center|ctr|circles|cliff|club|common|commons|' +
  'corner|corners|course|cove|creek|crescent|crest|crossing|xing|crossroad|dale|dam|divide|estate|estates|expressway|expy|extension|' +
  'ext|falls|ferry|field|fields|flat|flats|ford|forest|forge|fork|forks|fort|freeway|fwy|garden|gardens|gateway|glen|green|grove|' +
  'harbor|harbour|haven|heights|hts|hill|hills|hollow|inlet|island|isle|junction|jct|key|knoll|knolls|lake|lakes|landing|light|lights|' +
  'loaf|lock|locks|lodge|loop|mall|manor|meadow|meadows|mews|mill|mills|mission|motorway|mount|mountain|mtn|neck|orchard|oval|' +
  'overpass|park|parks|pass|passage|path|pike|pine|pines|plain|plains|plaza|plz|point|points|port|ports|prairie|radial|ramp|ranch|' +
  'rapid|rapids|rest|ridge|ridges|river|route|rte|row|rue|run|shoal|shoals|shore|shores|skyway|spring|springs|spur|square|sq|' +
  'station|sta|stravenue|stream|summit|throughway|trace|track|trafficway|trail|trl|trailer|tunnel|turnpike|tpke|underpass|union|' +
  'unions|valley|vly|via|viaduct|view|views|village|vlg|ville|vista|walk|wall|well|wells|bay|esplanade|vale|parade|promenade|quay|wharf|close|gate|gates|bottom|bottoms|crossroads|ridge|' +
  // British and Irish street types USPS does not list ("14 Tannery Wynd", "3 Kirk Brae", "9 Abbey Chase").
  'wynd|brae|chase|croft|grange|drove|vennel|rise';
/** A score after a scale's name: a number or a fraction, not an age ("Braden 14", "Katz ADL 2/6"; not "Morse 45 yo"). */
const SCORE_AFTER_RE =
  /^[ \t]{1,2}(?:(?:score|scale|ADL|class|grade|stage)[ \t]{1,2})?(?:of[ \t]{1,2}|=[ \t]{0,2}|:[ \t]{0,2})?\d{1,2}(?:\/\d{1,2})?(?![\d/])(?![ \t]{0,2}(?:yo|y\/o|y\.o|years?|yrs?|yr|[MF]|male|female|mo|months?|wk(?:s)?\s(?:old)))(?![A-Za-z])/;
/** A care unit's bay ("ED bay", "trauma bay", "resus bay"): a bed, which a street address never ends in. */
const HOSPITAL_BAY_RE =
  /(?:^|[ \t])(?:ED|ER|A&E|ICU|CCU|PACU|OR|L&D|trauma|resus|resuscitation|triage|recovery|procedure|ambulance|treatment|exam)[ \t]{1,3}bay\.?$/i;
/** The built-in list plus every spelling of USPS Publication 28 Appendix C1 (street-types package). */
const STREET_SUFFIXES = [...new Set([...STREET_SUFFIX.split('|'), ...uspsStreetSuffixes()])]
  .filter((w) => /^[a-z]+$/.test(w))
  .sort((a, b) => b.length - a.length)
  .join('|');
/** Street words that end a street line typed in lower case ("maple street", "calle ocho avenue"); no time or activity word. */
const LOWER_CASE_STREET_END_RE =
  /\s(?:street|avenue|ave|road|lane|drive|boulevard|blvd|court|place|terrace|circle|parkway|highway|crescent|close)\.?$/i;
/** Number words as a house number is dictated ("forty two", "twelve oh five"). */
const NUMBER_WORDS =
  'zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|' +
  'eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand';
/** Words that end a road's name, in title case, for two roads named at a crossroads. */
const ROAD_WORD = '(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Hwy|Highway|Pkwy|Parkway|Way|Pike|Trl|Trail)';
// A street's post-directional and extension as USPS writes them ("318 2nd Ave Ext S", "1200 Main St NE").
const STREET_TAIL = src(/(?:[ \t]{1,2}(?:Ext|Extension)\b\.?)?(?:[ \t]{1,2}(?:[NS][EW]?|[EW])\b\.?)?/);
// Secondary unit designators of USPS Publication 28 (C2) besides apartments: a mobile-home space, lot or trailer.
const UNIT = src(
  /(?:,?\s{0,3}(?:apt|apartment|unit|suite|ste|#|rm|room|fl|floor|bldg|building|spc|space|lot|trlr)\.?\s{0,3}#?\s{0,2}[A-Za-z0-9-]{1,6})/,
);
// A numbered road inside a street's name counts as one word ("1287 Route 9 Frontage Rd", "40 Hwy 12 Service Rd").
const STREET_WORD = src(
  /(?:(?:Route|Rte\.?|Highway|Hwy\.?|County Road|State Route)[ \t]{1,2}\d{1,4}[A-Z]?(?![\dA-Za-z])|[A-Za-z][A-Za-z'’.-]{0,30}|\d{1,3}(?:st|nd|rd|th))/,
);

// An identifier's value: one run of letters and digits ("XWF882211945", "H0012-554-99"), or groups of digits a card
// prints apart ("448 20193", "9923 4410"; not a dose), either after an issuer's letters ("ZGP 448 20193", "ABIM 123456").
const ID_VALUE = src(
  /(?<v>(?:(?!(?:ID|NO|NUM|NBR|MRN|MBI|DL|REG|LIC)\b)[A-Z]{1,5}[ ](?=\d))?(?:\d{3,8}(?:[ ]\d{3,8}){1,2}(?![\w.%/]|\s{0,2}(?:mg|mcg|g|ml|mL|units?|mmHg|%|x)\b)|[A-Za-z0-9](?:[A-Za-z0-9]|[-./](?=[A-Za-z0-9])){3,40}))/,
);
const ID_SEP = src(/[ \t]{0,3}(?:(?:is|was|of|=|:|#|no\.?|number)[ \t]{0,3}){0,3}/);
const hasDigit = (v: string) => /\d/.test(v);
const CITY_WORDS = src(/(?<v>(?:St\.|Ft\.|Mt\.|[A-Z][A-Za-z'’-]{1,30})(?:[ \t]{1,2}[A-Z][A-Za-z'’-]{1,30}){0,2})/);

/**
 * A town after an event or origin cue: like CITY_WORDS, but a day, month or time word ends it ("MVC in Boston Saturday");
 * British towns join their words with "upon" ("Newcastle upon Tyne", "Kingston upon Hull").
 */
const EVENT_PLACE_WORDS = src(
  /(?<v>(?:St\.|Ft\.|Mt\.|[A-Z][A-Za-z'’-]{1,30})(?![.]\s{0,2}[A-Z][a-z])(?:[ \t]{1,2}(?:upon[ \t]{1,2})?(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June|July|August|September|October|November|December|Night|Morning|Evening|Afternoon)\b)[A-Z][A-Za-z'’-]{1,30}){0,2})/,
);
/**
 * Last words of a service's name that also name a department or a therapy ("Cardiac Rehabilitation", "Consult Home
 * Health"): they make a facility only after a proper name no dictionary knows ("Holmes County Home Care"). "Pharmacy" is
 * left out: the dev notes write chains ("CVS Pharmacy"), which identify no one, and a local pharmacy reads the same.
 */
const SERVICE_HEAD_WORDS = [
  'Home Care',
  'Home Health',
  'Community Health',
  'Rehabilitation',
  'Nursing & Rehab',
  // "Hopkinton Medical Care", not "Seek Medical Care" or "Routine Medical Care".
  'Medical Care',
  // Post-acute facilities by their abbreviation after a place name ("Shady Oaks SNF"), not "Needs SNF".
  'SNF',
  // A prison's unit or a hospital's ward after a name no dictionary knows ("Coffield Unit"), not "Burn Unit".
  'Unit',
  'LTACH',
  'LTAC',
];
const SERVICE_HEAD_RE = new RegExp(`(?:${SERVICE_HEAD_WORDS.join('|')})$`, 'i');
/**
 * Specialties that name a private practice after a proper name ("Grady Cardiology", "Deane Surgery", a British GP
 * practice) or a place name ("Cedar Ridge Orthopedics"), but a department or a procedure after a clinical or English
 * word ("Pediatric Cardiology", "Plastic Surgery", "Mohs Surgery"). "Family Pharmacy" is an independent pharmacy: chains
 * write "Pharmacy" alone.
 */
const SPECIALTY_HEAD_WORDS = [
  'Orthopedics',
  'Orthopaedics',
  'Cardiology',
  'Rheumatology',
  'Dermatology',
  'Gastroenterology',
  'Neurology',
  'Urology',
  'Nephrology',
  'Pulmonology',
  'Endocrinology',
  'Ophthalmology',
  'Podiatry',
  // Free-standing imaging centres ("Desert Springs Imaging"); "Breast Imaging", "Diagnostic Radiology" are departments.
  'Imaging',
  'Radiology',
  'Dentistry',
  'Surgery',
  'Family Pharmacy',
  // Workplaces named for occupational exposures ("ammonia at Cargill Plant"), never after an English word ("Power Plant").
  'Plant',
  'Factory',
  'Refinery',
  'Warehouse',
  'Mill',
  'Mine',
];
const SPECIALTY_HEAD_RE = new RegExp(`(?:${SPECIALTY_HEAD_WORDS.join('|')})$`, 'i');
/**
 * Free-standing centres, programmes, laboratories and funeral homes: a facility only after a proper name no dictionary
 * knows ("Al-Noor Dialysis Center", "Harlan Creek Trauma Center", "Brigham Liver Transplant Program", "Pelletier & Sons
 * Funeral Home"), or after a field's label; never after English or clinical words alone ("Trauma Center", "POISON
 * CENTER", "Diabetes Prevention Program").
 */
const PROPER_NAME_HEAD_WORDS = [
  'Center',
  'Centre',
  'Pavilion',
  'Program',
  'Laboratories',
  'Laboratory',
  'Collaborative',
  'Partners',
  'Suites',
  'Kidney Care',
  'Visiting Nurses',
  'Hospice House',
  'Funeral Home',
  'Rehab',
  'Outpatient Rehab',
  'PT',
  'Physical Therapy',
  // A hospital known by its patron or town and "General" alone ("Toronto General"); "Surgeon General" has no proper name.
  'General',
];
const PROPER_NAME_HEAD_RE = new RegExp(`^(?:${PROPER_NAME_HEAD_WORDS.join('|')})$`, 'i');
/** Last words of a facility's name: hospitals, clinics, practices, care homes, schools. Title case or upper case. */
const FACILITY_HEAD_WORDS = [
  'Hospital',
  'Hospitals',
  'Medical Center',
  'Medical Centre',
  'Health Center',
  'Health Centre',
  'Health Centers',
  'Clinic',
  'Clinics',
  'Pediatrics',
  'Paediatrics',
  'Family Practice',
  'Family Medicine',
  'Internal Medicine',
  'Primary Care',
  'Health Care',
  'Healthcare',
  'HealthCare',
  'Medical Associates',
  'Healthcare Associates',
  'Health Associates',
  // A practice named for its place and field: "Pioneer Valley Heart Associates", "PIONEER VALLEY HEART ASSOC.".
  'Associates',
  'Assoc.',
  'Medical Group',
  'Physicians',
  'Urgent Care',
  'Nursing Home',
  'Care Home',
  'Rest Home',
  'Retirement Home',
  'Residential Home',
  'Retirement Village',
  'Care Centre',
  // A remote community's clinic in Canada and Australia ("Sandy Lake Nursing Station").
  'Nursing Station',
  // A First Nation's reserve community in Canada, named as a place ("Sandy Lake First Nation").
  'First Nation',
  "Women's Health",
  'Nursing Center',
  'Nursing Facility',
  'Rehabilitation Center',
  'Rehabilitation Hospital',
  'Rehab Center',
  'Hospice',
  'Polyclinic',
  'Institute',
  // Dental practices ("Bright Smiles Family Dental").
  'Dental',
  'Dental Care',
  'Dental Group',
  // Prison and military health facilities ("Estelle Regional Medical Facility").
  'Medical Facility',
  'Correctional Facility',
  'Correctional Center',
  'Detention Center',
  // British and Irish health bodies ("Whittington Health NHS Trust", "NHS Tayside Health Board").
  'NHS Trust',
  'NHS Foundation Trust',
  'Health Board',
  // Children's hospitals known by a place's name and the possessive alone ("Penn State Children's").
  "Children's",
  'Health Sciences',
  'Infirmary',
  'Health System',
  'Surgery Center',
  'Surgical Center',
  'Care Center',
  'Assisted Living',
  'Senior Living',
  'School',
  'Schools',
  'Academy',
  'Elementary',
  'Daycare',
  'Day Care',
  'Practice',
  'Health Alliance',
  'Health Services',
  'Health Service',
  'Medical Services',
  'Health Partners',
  'Health Network',
  'Medical Ctr',
  'Med Ctr',
  'Med Center',
  'Hosp',
  // Private practices named for a mood or a landscape ("Sunshine Wellness", "Blue Ridge Wellness Center").
  'Wellness Center',
  'Wellness Centre',
  'Wellness',
  ...SERVICE_HEAD_WORDS,
  ...SPECIALTY_HEAD_WORDS,
  // Places a person is known by outside health care: worship, shelter, housing, school.
  'Behavioral Health',
  'Counseling Center',
  'Church',
  'Mosque',
  'Synagogue',
  'Shelter',
  'Gospel Mission',
  'Rescue Mission',
  // Public-safety agencies that bring a patient in, named by their county or town ("Riverside County Fire").
  'County Fire',
  'Fire Department',
  'Fire Rescue',
  'Fire Protection District',
  'Ambulance Service',
  'Inn',
  'Food Bank',
  'Food Pantry',
  'Apartments',
  'High School',
  'Middle School',
  ...PROPER_NAME_HEAD_WORDS,
];
/** Heads that name an organisation, never a department: a clinical word may lead them ("Total Health Care"). */
const ORGANISATION_HEAD_RE =
  /(?:Health[ \t]{1,2}Care|Healthcare|HealthCare|Health[ \t]{1,2}(?:System|Services?|Alliance|Partners|Network|Associates|Sciences)|Medical[ \t]{1,2}(?:Group|Associates|Services)|Healthcare[ \t]{1,2}Associates|Physicians)(?![A-Za-z])/i;
/** Homes people live in are often written in lower case after their name ("Rosewood Lodge care home"). */
const RESIDENTIAL_HEADS = ['care home', 'nursing home', 'rest home', 'retirement home', 'residential home'];
const FACILITY_HEADS = [
  ...FACILITY_HEAD_WORDS,
  ...FACILITY_HEAD_WORDS.map((w) => w.toUpperCase()),
  ...RESIDENTIAL_HEADS,
]
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/ /g, '[ \\t]{1,2}'))
  .join('|');
const FACILITY_MAX_WORDS = 5;
/** After "Wellness", words that make it a visit or a benefit ("Annual Wellness Visit", "Wellness exam"). */
const WELLNESS_SERVICE_AFTER_RE =
  /^[ \t]{1,2}(?:visits?|exams?|checks?|check-ups?|checkups?|programs?|screenings?|coach(?:ing)?|plans?|appointments?|appts?|physicals?)\b/i;
/** Leading words that make a facility phrase generic ("General Hospital", "the Cardiology Clinic", "Primary Care"). */
const GENERIC_FACILITY_WORDS = new Set(
  (
    'the a an our this that his her their your my main local outside new general community regional county state city public annual ' +
    "university teaching private family medical health primary urgent children's childrens women's womens veterans va " +
    'outpatient inpatient walk-in specialty satellite nearest nearby same other another any every each adult pediatric ' +
    'memorial rehab rehabilitation nursing surgical surgery care center hospital clinic school high middle elementary ' +
    'mental behavioral behavioural home managed senior elder integrated comprehensive occupational employee student ' +
    'physician physicians nurse research clinical ' +
    // Compass and national words lead research funders and public bodies ("Southeast Institute", "National Institute").
    'north south east west northeast northwest southeast southwest ' +
    'national international american ' +
    'and of & for'
  ).split(' '),
);

/** Trees and land that name care homes and estates as street suffixes do ("Shady Oaks", "Twin Willows", "Green Acres"). */
const GROVE_WORDS = new Set('oaks willows elms maples cedars birches aspens woods acres'.split(' '));
const STATE_UNIVERSITY_RE = new RegExp(`\\bUniversity[ \\t]{1,2}of[ \\t]{1,2}(?:${STATE_NAMES})[ \\t]`);
/** A scale or criteria after a facility phrase, one word between at most ("Dutch Lipid Clinic Network score"). */
const SCALE_AFTER_FACILITY_RE =
  /^(?:[ \t]{1,2}[A-Z][a-z]+)?[ \t]{1,2}(?:score|scores|criteria|scale|classification|index|questionnaire|inventory|calculator|tool)\b/i;
/** Labels of a field that names a care provider's organisation ("Agency: ...", "Home health: ..."). */
const AGENCY_LABEL_BEFORE_RE =
  /\b(?:agency|home\s(?:health|care)(?:\sagency)?|hospice|facility|placement|vendor|provider|dme(?:\ssupplier)?|unit|clinic|site|location|funeral\shome)[ \t]{0,2}[:=][ \t]{0,3}$/i;
/**
 * A facility's name after its field's label ("Receiving facility: Froedtert Neuroscience ICU", "Clinic: Stonegate
 * Sports & Spine PT", "site=...", "Place of death: ..."), and an employer's or a school's ("Employer: Okonkwo Cold Storage LLC"): title-case
 * words to the field's end, one of them a proper name no dictionary knows, so "Unit: Medical ICU", "Clinic: Cardiology"
 * and "Site: Left Deltoid" stay.
 */
const LABELLED_FACILITY_RE =
  /(?<=\b(?:(?:receiving|sending|referring|transferring|accepting)\s)?(?:facility|clinic|unit|site|agency|funeral\shome|practice|employer|workplace|company|school|district|place\sof\s(?:death|injury|incident|occurrence))[ \t]{0,2}[:=][ \t]{0,3})[A-Z][A-Za-z'’.-]{1,30}(?:[ \t](?:[A-Z][A-Za-z'’.-]{0,30}|&|of|and|the|at))*(?:,?[ \t](?:Inc\.?|LLC|Ltd\.?|Corp\.?|Co\.|PLLC))?(?=[ \t]{0,2}(?:[,;(|\n]|$)|[ \t]{2}|[ \t][-–][ \t])/gi;
/** A facility's branch or laboratory after it ("Harbourview Imaging at Mill Creek", "LAKEWOOD GENERAL HOSPITAL LAB"). */
const FACILITY_TAIL_RE =
  /^(?:[ \t]at[ \t](?:[A-Z][a-z'’]+[ \t]?){1,3}(?=[ \t]{0,2}(?:[,.;:)\n]|$)|[ \t]{2}|[ \t](?:dated|on|in|for|since)\b)|[ \t](?:LAB|Lab|LABORATORY|Laboratory)(?![A-Za-z]))/;
const FACILITY_TOWN_AFTER_RE = /^[ \t]{1,2}[-–][ \t]{1,2}([A-Z][a-z'’]{2,30})(?=[ \t]{2}|[ \t]{0,2}(?:[,.;:)\n]|$))/;
/** A word no English, medical or clinical list holds, and no generic facility word: a proper name. */
function properWord(w: string): boolean {
  const l = w.toLowerCase().replace(/[’]/g, "'");
  return (
    /^[A-Z]/.test(w) &&
    !/\.$/.test(w) &&
    !englishWords().has(l) &&
    !medicalTerms().has(l) &&
    !clinicalWords().has(l) &&
    !GENERIC_FACILITY_WORDS.has(l) &&
    !STATE_WORDS.has(l)
  );
}
/** The last word of a pharmacy phrase is its branch when it is a place word no dictionary knows ("Westerville"). */
function pharmacyBranch(w: string): boolean {
  const l = w.toLowerCase();
  return (
    !englishWords().has(l) &&
    !clinicalWords().has(l) &&
    !medicalTerms().has(l) &&
    !NEVER_NAME_WORDS.has(l) &&
    !STATE_WORDS.has(l) &&
    !/^(?:pharmacy|pharmacies|drugs?|rx)$/.test(l)
  );
}
/** A facility phrase names a particular place: some leading word is neither generic nor a clinical or department word. */
function facilityName(v: string, labelled = false): boolean {
  // The phrase's own head is its last one: "Riverside Nephrology Clinic" is a clinic led by "Riverside Nephrology".
  // The longest head that ends the phrase ("Rutherford Home Health Services": "Health Services", not "Home Health"),
  // else the last one found (a town or a suffix may follow it: "... Hospital of Worcester").
  const ending = [...v.matchAll(new RegExp(`(?=(${FACILITY_HEADS})(?![A-Za-z’']))`, 'g'))].find(
    (m) => m.index + m[1]!.length === v.length,
  );
  const lastHead = [...v.matchAll(new RegExp(`(?:${FACILITY_HEADS})(?![A-Za-z’'])`, 'g'))].at(-1);
  const head: { 0: string; index: number } | null = ending
    ? { 0: ending[1]!, index: ending.index }
    : lastHead
      ? { 0: lastHead[0], index: lastHead.index }
      : null;
  // A state's university names one place ("University of Iowa Hospitals"), though every word of it is generic.
  if (head && STATE_UNIVERSITY_RE.test(v.slice(0, head.index))) return true;
  const lead = (head ? v.slice(0, head.index) : v).split(/[ \t]+/).filter(Boolean);
  const organisation = ORGANISATION_HEAD_RE.test(head ? v.slice(head.index) : '');
  // "Family Health Center of Worcester": the town after "of" names it too.
  const ofTown = head ? /^[^,]*?[ \t]of[ \t]{1,2}(.+)$/.exec(v.slice(head.index + head[0].length)) : null;
  const words = [...lead, ...(ofTown ? ofTown[1]!.split(/[ \t]+/) : [])];
  // ("STURDY MEMORIAL HOSPITAL CLINICAL LABORATORY": a hospital's head before it decides.)
  if (
    head &&
    PROPER_NAME_HEAD_RE.test(head[0].replace(/[ \t]+/g, ' ')) &&
    !labelled &&
    !new RegExp(`(?:${FACILITY_HEADS})(?![A-Za-z])`).test(v.slice(0, head.index))
  ) {
    // A sentence's end is no part of the name ("mm Hg. Laboratory studies").
    if (lead.some((w) => /[A-Za-z]{2}\.$/.test(w) && !/^(?:St|Mt|Ft)\.$/.test(w)) || !lead.some(properWord))
      return false;
  }
  const specialty = head !== null && SPECIALTY_HEAD_RE.test(head[0]);
  const service = specialty || (head !== null && SERVICE_HEAD_RE.test(head[0]));
  // A place name before a service or specialty: a capitalised word and a street or landscape word ("Cedar Ridge",
  // "Maple Grove"), which no department is called.
  // A sentence ends no service's name ("on Kerendia. Cardiology to see").
  if (service && lead.some((w) => /[A-Za-z]{2}\.$/.test(w) && !/^(?:St|Mt|Ft)\.$/.test(w))) return false;
  const last = lead[lead.length - 1];
  const before = lead[lead.length - 2];
  if (
    service &&
    last !== undefined &&
    before !== undefined &&
    /^[A-Z][a-z]/.test(before) &&
    /^[A-Z][a-z]/.test(last) &&
    (uspsStreetSuffixes().has(last.toLowerCase()) || GROVE_WORDS.has(last.toLowerCase())) &&
    !GENERIC_FACILITY_WORDS.has(before.toLowerCase()) &&
    !NEVER_NAME_WORDS.has(before.toLowerCase()) &&
    !clinicalWords().has(before.toLowerCase()) &&
    !DEPARTMENT_RE.test(before.toLowerCase())
  )
    return true;
  return words.some((w) => {
    const l = w.toLowerCase().replace(/[’]/g, "'");
    if (GENERIC_FACILITY_WORDS.has(l) || NEVER_NAME_WORDS.has(l) || DEPARTMENT_RE.test(l) || STATE_WORDS.has(l))
      return false;
    // After an agency label the phrase is the agency's name, so an English word leads it ("Agency: Sunrise Home Care").
    if (service && !labelled && englishWords().has(l)) return false;
    if (specialty && medicalTerms().has(l)) return false;
    if (organisation && /^[A-Z]/.test(w)) return true;
    return !clinicalWords().has(l) && !(medicalTerms().has(l) && !/^[A-Z][a-z]/.test(w) && !/^[A-Z]+$/.test(w));
  });
}
/** Specialties and services ("Cardiology Clinic", "Anticoagulation Clinic", "Sleep Clinic"). */
/** Words that say which of a hospital's units is meant ("Peds ED", "Main ED", "Surgical ICU"), not whose. */
const UNIT_QUALIFIERS = new Set(
  'peds pediatric paediatric adult adults main general surgical medical cardiac cardiovascular neuro trauma psych burn step down'.split(
    ' ',
  ),
);
const DEPARTMENT_RE =
  /(?:ology|ologic|iatric|iatrics|ics|ery|ation|ary|sleep|pain|wound|diabetes|asthma|allergy|heart|lung|kidney|liver|vein|eye|ear|skin|bone|spine|joint|foot|hand|breast|cancer|memory|weight|travel|fertility|lipid|coumadin|warfarin|lab|imaging|dialysis|infusion|vaccine|covid|flu|std|hiv|hep)$/;

/** Events that happened on a day, which a month/day after them dates ("fell 10/15", "dispo rehab 6/23", "died 2/14"). */
const EVENT_DATE_WORDS = [
  // Lines, drains and devices put in or taken out on a day ("CVC placed 3/19", "PICC removed 4/2").
  'placed',
  'inserted',
  'removed',
  'fell',
  'fall',
  'falls',
  'died',
  'passed away',
  'expired',
  'injured',
  'delivered',
  'diagnosed',
  'dx',
  "dx'd",
  'hospitali[sz]ed',
  'vaccinated',
  'immunized',
  'onset',
  'dispo(?:sition)?',
  'moved',
  'arrived',
  'occurred',
  'happened',
  'intubated',
  'extubated',
  // A study's events happen on a day ("Consented 9/12, randomized 9/19"), and so does a signature.
  'consented',
  'randomi[sz]ed',
  'enrolled',
  'signed',
  // Acute events a history dates ("L MCA CVA 10/28", "NSTEMI 3/2", "hip fx 6/30").
  'cva',
  'stroke',
  'tia',
  'stemi',
  'nstemi',
  'fx',
  'fracture',
  'seizure',
  'mvc',
  'mva',
  // Planned events are booked for a day too ("recheck BMP 3/6", "Discharge expected 3/6").
  'recheck',
  'expected',
  'scheduled',
  'booked',
].join('|');
/** A score or a measure right before a number pair makes it a ratio, not a date ("pain 7/10", "strength 4/5"). */
const SCORE_BEFORE_RE =
  /(?:pain|strength|power|gcs|score|scale|scored|rated|rates|murmur|reflex(?:es)?|grade|bp|b\/p|x|ratio|apgars?)[ \t]{0,2}(?:of|is|was|at|=|:)?[ \t]{0,2}$/i;

const identifierRule = (type: PhiType, cue: string, accept: (v: string) => boolean = hasDigit): Rule => ({
  type,
  re: new RegExp(`(?:${cue})(?![A-Za-z])${ID_SEP}${ID_VALUE}`, 'gid'),
  group: 'v',
  accept: (v) => accept(v) && !/^(?:19|20)\d\d$/.test(v),
});

const RULES: Rule[] = [
  // A chat export's speaker: the handle after a line's timestamp and before its colon ("[3/6 22:41] jen p: ...",
  // "3/6/26, 22:41 - dev: ..."), whatever it looks like.
  {
    type: 'NAME',
    re: /^[ \t]{0,3}(?:\[[^\]\n]{0,20}\d{1,2}:\d{2}[^\]\n]{0,12}\]|\d{1,2}\/\d{1,2}(?:\/\d{2,4})?,?[ \t]\d{1,2}:\d{2}(?:[ \t]?[AP]M)?[ \t][-–])[ \t]{0,2}(?<v>[A-Za-z][A-Za-z.'’-]{0,30}(?:[ \t][A-Za-z][A-Za-z.'’-]{0,30}){0,2}):/dgim,
    group: 'v',
  },
  // A name spelt out letter by letter in dictation ("last name spelled H-O-P-E").
  {
    type: 'NAME',
    re: /\bspel(?:led|t|ling|ls)?[ \t]{1,2}(?:as[ \t]{1,2})?(?<v>[A-Z](?:[- ][A-Z]){2,})(?![A-Za-z])/dgi,
    group: 'v',
  },
  // A staff member's initials after "by" in a result's sign-off ("called ... at 08:12 by TLW.", "Verified by: MJQ
  // (MLS)"): two to four capitals no clinical abbreviation or credential spells, after a verifying verb or a time.
  {
    type: 'NAME',
    re: /\b(?=by:?[ \t])(?<=\b(?:[Vv]erified|[Cc]alled|[Ee]ntered|[Ss]igned|[Rr]esulted|[Rr]eleased|[Dd]ocumented|[Cc]ollected|[Dd]rawn|[Rr]ead[- ]back|\d{1,2}:\d{2})[^.\n]{0,40}?)by:?[ \t]{1,2}(?<v>[A-Z]{2,4})(?=[ \t]{0,2}(?:[.,;)\n]|$|\((?:MLS|MT|RN|LPN|CLS|MLT|PharmD|RPh)\)))/dg,
    group: 'v',
    accept: (v) =>
      !CREDENTIAL_RE.test(v) &&
      !clinicalWords().has(v.toLowerCase()) &&
      !medicalTerms().has(v.toLowerCase()) &&
      !abbreviatesClinicalWord(v.toLowerCase()) &&
      !STATE_ABBR_CLINICAL.has(v),
  },
  // Contact details and network identifiers
  { type: 'EMAIL', re: /[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}/g },
  {
    type: 'URL',
    re: /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'()[\]{}]{1,2048}/gi,
  },
  {
    type: 'URL',
    re: /\b(?:[A-Za-z0-9-]{1,63}\.){1,6}(?:com|org|net|edu|gov|io|us|info|biz|me|health|app|ly|co)\b(?:\/[^\s<>"']{0,2048})?/gi,
    accept: (v) => !/^(?:e\.g|i\.e)\b/i.test(v),
  },
  // IP addresses: any dotted quad of octets <= 255 (leading zeros too: "010.001.002.003"), and any IPv6 form Node's own
  // parser accepts (compressed "2001:db8::1", zone ids "fe80::1%eth0", IPv4-mapped "::ffff:192.0.2.1").
  {
    type: 'IP',
    re: /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)/g,
    accept: (v) => v.split('.').every((octet) => Number(octet) <= 255),
  },
  {
    type: 'IP',
    re: /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f.]{0,15}){2,8}(?:%[\w.]{1,15})?(?![\w:])/g,
    accept: (v) => isIP(v.replace(/%.*$/, '')) === 6,
  },
  // Masked SSNs still carry the last four: "XXX-XX-3115", "***-**-9732".
  { type: 'SSN', re: /(?<![\w*])[Xx*•#]{3}[- ]?[Xx*•#]{2}[- ]?\d{4}(?!\d)/g },
  {
    type: 'SSN',
    re: /\b(?:ssn|social(?:\ssecurity)?(?:\snumber|\sno\.?|\s#)?)(?:\s\(?(?:last\s?(?:4|four)|on\s(?:claim|file)|ending(?:\sin)?)\)?)\s{0,2}:?\s{0,2}(?<v>\d{4})\b/dgi,
    group: 'v',
  },
  // Digits spoken in a voicemail transcript: seven or more digit words in a row ("six one seven, six one one, ...").
  {
    type: (m, text) =>
      /\b(?:social|ssn|security)\b/i.test(text.slice(Math.max(0, m.index - 30), m.index)) ? 'SSN' : 'PHONE',
    re: /\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)(?:,?\s{1,2}|-)){6,}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b(?:\s{1,2}\d{3}-\d{4})?(?:,?\s{1,2}(?:extension|ext)\s{1,2}(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|\d{1,6})(?:[\s-]{1,2}|\b)){1,4})?|\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\s{1,2}){3}\d{3}-\d{4}\b/gi,
  },
  // Who took and who gave a critical result, as a laboratory documents the call and its read-back ("called to R. Baker at
  // 07:02 by tmcgrath, read back verified"): the second is often a login.
  {
    type: 'NAME',
    re: /\b(?:called|phoned|reported|notified|given)[ \t]{1,2}(?:to[ \t]{1,2})?(?<n>(?:[A-Z]\.[ \t]?)?[A-Z][A-Za-z'’-]{1,30}(?:[ \t][A-Z][A-Za-z'’-]{1,30})?)[ \t]{1,2}(?:at[ \t]{1,2}\d{1,2}:?\d{2}[ \t]{1,2})?by[ \t]{1,2}(?<u>[A-Za-z][A-Za-z.'’-]{1,30}(?:[ \t][A-Z][A-Za-z'’-]{1,30})?)(?=,?[ \t]{1,2}(?:read[ \t-]?back|RB\b))/dg,
    group: ['n', 'u'],
  },
  // A letter's reference: the dictating writer's and the typist's initials after the typing line ("Typed: 07/03/2024
  // jb/tz", "Our ref: PC/ab").
  {
    type: 'NAME',
    re: /\b(?:typed|dictated|transcribed|our[ \t]ref|ref)\b[^\n]{0,40}?(?<![\w/])(?<a>[A-Za-z]{2,3})\/(?<b>[A-Za-z]{2,3})[ \t]*$/dgim,
    group: ['a', 'b'],
  },
  // A record number dictated digit by digit after its label ("medical record number five five two one zero nine").
  {
    type: 'MRN',
    re: /\b(?:mrn|medical\srecord(?:\snumber)?|record\snumber|chart\snumber|patient\sid)[ \t]{1,2}(?:is[ \t]{1,2})?(?<v>(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[ \t,-]{1,2}){3,}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine))\b/dgi,
    group: 'v',
  },
  // HL7 v2 fields: phone "555^5113329", the patient identifier before its "^^^" authority, timestamps "20151020".
  { type: 'PHONE', re: /(?<=\^)\d{3}\^\d{7}(?=[|^~]|$)/gm },
  { type: 'MRN', re: /(?<=\|)[A-Z]{0,3}\d{4,20}(?=\^\^\^)/g },
  { type: 'DATE', re: /(?<=\|)(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:\d{4,6})?(?=[|^~]|$)/gm },
  // 123-45-6789, or with spaces (one kind of separator throughout, so "120 80 1000" style runs of numbers are not taken).
  { type: 'SSN', re: /(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])/g },
  identifierRule('SSN', src(/\b(?:ssn|ss#|ss\s?no\.?|social security(?:\s(?:number|no\.?|#))?|social)/i), (v) =>
    /^\d{9}$|^\d{3}[\s.-]\d{2}[\s.-]\d{4}$|^\d{4}$/.test(v),
  ),
  {
    type: (m, text) => (/\bfax\b/i.test(text.slice(Math.max(0, m.index - 24), m.index)) ? 'FAX' : 'PHONE'),
    re: new RegExp(
      String.raw`(?<![\d-])(?:\+?1[\s.-]{0,2})?(?:\(\d{3}\)[\s.-]{0,2}|\d{3}[\s.-]{1,2})\d{3}[\s.-]{1,2}\d{4}(?!\d)${PHONE_EXTENSION}`,
      'gi',
    ),
  },
  // Looser separators, validated by the North American numbering plan (area code and exchange start with 2-9):
  // "(617)5550199", "617 5550142", "617/555-0142", "(617) 555 - 0142".
  {
    type: (m, text) => (/\bfax\b/i.test(text.slice(Math.max(0, m.index - 24), m.index)) ? 'FAX' : 'PHONE'),
    re: new RegExp(
      String.raw`(?<![\d/-])(?:\+?1[\s.-]{0,2})?(?:\([2-9]\d{2}\)\s{0,2}|[2-9]\d{2}(?:\s{0,2}[./-]\s{0,2}|\s{1,2}))[2-9]\d{2}(?:\s{0,2}[.-]\s{0,2}|\s{1,2})?\d{4}(?![\d/])${PHONE_EXTENSION}`,
      'gi',
    ),
  },
  {
    type: (m) => (/fax/i.test(m[0]) ? 'FAX' : 'PHONE'),
    re: /\b(?:phone|ph|tel|telephone|cell|mobile|mob|home|work|pager|beeper|fax|call(?:\s(?:him|her|them|me))?(?:\sat)?|contact|reach(?:\s(?:him|her|them|me))?\sat)\s{0,3}(?:#|:|no\.?|number)?\s{0,3}(?<v>\+?\d{7,11}|\d{3}[\s.-]\d{4})\b/dgi,
    group: 'v',
  },
  // An internal extension after a dialling cue ("pls call 4-2311", "page me at 7-3382", "cb 3-4471"): a hospital's
  // short number, a digit and four, or five digits; not a range ("x 3-4 days") nor 911.
  {
    type: 'PHONE',
    re: /\b(?:call(?:[ \t](?:back|me|us|him|her))?|callback|call-back|cb|page(?:[ \t](?:me|us))?|paging|pgr|pager|beeper|bleep|dial|reach[ \t](?:me|us))[ \t]{1,2}(?:at[ \t]{1,2}|#[ \t]{0,2}|x[ \t]?)?(?<v>\d-\d{4}|\d{5})(?![\d.,/-]?\d)(?![ \t]{0,2}(?:mg|mcg|g|ml|units?|days?|weeks?|times?|x)\b)/dgi,
    group: 'v',
  },
  // A pager's four digits ("pager 4471"), an extension after "x" or "ext" ("x4-2291", "ext 52291").
  {
    type: 'PHONE',
    re: /(?:\b(?:pager|pgr|beeper|bleep)[ \t]{1,2}(?:#[ \t]{0,2})?(?<p>\d{4})|(?<![A-Za-z0-9])(?:(?<x>x[ \t]?\d-\d{4})|ext\.?[ \t]{0,2}(?<e>\d{4,5})))(?![\d.,/-]?\d)(?![ \t]{0,2}(?:mg|mcg|g|ml|units?|days?|weeks?|times?|x)\b)/dgi,
    group: ['p', 'x', 'e'],
  },
  // A paging system's log line: "TO 3318 FROM 5-7720", and an answering pager before its holder ("3318 (Dr. Bishop) ack").
  {
    type: 'PHONE',
    re: /\bTO[ \t]{1,2}(?<t>\d{4,5}|\d-\d{4})[ \t]{1,2}FROM[ \t]{1,2}(?<f>\d{4,5}|\d-\d{4})?(?![\d-])/dg,
    group: ['t', 'f'],
  },
  {
    type: 'PHONE',
    re: /(?<![\d:/.-])(?<v>\d{4,5}|\d-\d{4})[ \t]{1,2}(?=\((?:Dr|Mr|Mrs|Ms)\.?[ \t])/dg,
    group: 'v',
  },
  // A local seven-digit number after "at" ("daughter Pat at 555-0199"): the exchange opens with 2-9; not a dose range
  // ("at 250-1000 mg") or a range of clock times ("at 930-1030").
  {
    type: 'PHONE',
    re: /\bat[ \t]{1,2}(?<v>[2-9]\d{2}-\d{4})(?![\d-])(?![ \t]{0,2}(?:mg|mcg|g|ml|units?|hrs?|h|am|pm)\b)/dgi,
    group: 'v',
    accept: (v) => {
      const [a, b] = v.split('-') as [string, string];
      const clock = (hhmm: string) => Number(hhmm.slice(0, -2)) <= 23 && Number(hhmm.slice(-2)) <= 59;
      return !(clock(a) && clock(b));
    },
  },
  // A Defense Switched Network number (the US military's phone system): "DSN" is its dialling prefix, part of it.
  { type: 'PHONE', re: /\bDSN\s{0,2}[:#]?\s{0,2}(?:\d{3}[\s.-])?\d{3}[\s.-]\d{4}(?!\d)/g },
  // An internal extension on its own ("cb ext 2769", "callback # ext 4-7712"): a hospital's short dialling number.
  { type: 'PHONE', re: /\b(?:ext|extension)\.?\s{0,2}#?\s{0,2}(?:\d-\d{4}|\d{3,5})(?![\d.,/-]?\d)/gi },
  // Identifiers introduced by their name
  identifierRule(
    'MRN',
    src(
      /\b(?:mrn|mr#|mr\s?(?:no\.?|number|#)|medical\s?record(?:\s(?:number|no\.?|#|id))?|chart(?:\s(?:number|no\.?|#|id))|record\s(?:number|no\.?|#)|patient\s(?:id|number|#)|pt\s(?:id|#)|hospital\s(?:number|no\.?|#|id)|unit\s(?:number|no\.?)|case\s(?:number|no\.?|#))/i,
    ),
  ),
  // A record number after the Spanish label ("Exp.: SIV-20931", "No. de expediente 44812").
  identifierRule(
    'MRN',
    src(/\b(?:(?:n[uú]m(?:ero)?\.?|no\.?)\s(?:de\s)?expediente|expediente|exp\.)/i),
    (v) => digitCount(v) >= 4 && !v.includes('/'),
  ),
  identifierRule(
    'HEALTH_PLAN',
    src(
      /\b(?:health\s?plan|insurance|insurer|member|subscriber|policy|medicaid|medicare|beneficiary|group|plan|payer|hic|hicn|mbi|nhis|nhif)(?:\s(?:id|number|no\.?|#)|#|\sid\snumber)/i,
    ),
  ),
  identifierRule('HEALTH_PLAN', src(/\b(?:medicaid|medicare|mbi|hicn)\b/i)),
  identifierRule(
    'ACCOUNT',
    src(
      /\b(?:account|acct|billing|invoice|claim|encounter|visit|fin|har)(?:\s(?:id|number|no\.?|#)|#)|\b(?:account|acct)\b/i,
    ),
  ),
  identifierRule(
    'LICENSE',
    src(
      /\b(?:driver'?s?\s(?:licen[cs]e|lic\.?)|licen[cs]e|lic\.?|cdl|dl(?=\s{0,2}(?:#|:|no\.?\s))|dea|npi|passport|certificate|cert\.?)(?:\s(?:number|no\.?|#)|#)?/i,
    ),
  ),
  identifierRule(
    'DEVICE',
    src(
      // "SN" glued to letters and digits is a model's name ("SN60WF" lens), not the label of a serial number.
      /\b(?:serial(?:\s(?:number|no\.?|#))?|s\/n|sn(?=[\s:#.])|device\s(?:id|number|#|serial)|udi|imei|model\s(?:number|no\.?|#)|lot(?:\s(?:number|no\.?|#))?|pacemaker\s(?:id|serial)|pump\s(?:id|serial))/i,
    ),
  ),
  // Identifiers named by a label a registration form, claim or lab slip uses ("PA ref # PA-572861217", "EMS run #
  // 38-33410", "acc# 50-CH-748684", "Rx# 9039486", "MA DL S72614379", "MA reg 6LYZ45", "Grp G166424", "mbr F89350372").
  identifierRule(
    'ID',
    src(
      /\b(?:(?:pa\s?ref(?:erence)?|prior\sauth(?:orization)?(?:\sref(?:erence)?)?|ems\srun|police\sreport|acc(?:ession)?|specimen|requisition|rx|msg\sid|message\sid|npi)(?:\s(?:number|no\.?|id))?\s{0,2}(?=#|:|\s[A-Z0-9]{0,4}-?\d)|(?:run|report|incident|case|order|ticket|claim|confirmation|conf|ref(?:erence)?|tracking|auth(?:orization)?)\s{0,2}(?:#|no\.|number))/i,
    ),
    (v) => hasDigit(v) && !/^\d{1,3}(?:[.,]\d+)?(?:-\d{1,3}(?:[.,]\d+)?)?$/.test(v),
  ),
  // An ambulance's patient care report number ("PCR 2025-0411-0387", "ePCR # 88120447"): ten digits or more, so a
  // PCR test's result, date or viral load ("PCR 11/3", "PCR 1200000") stays.
  identifierRule(
    'ID',
    src(/\b(?:e?PCR|patient\scare\sreport)(?:\s(?:number|no\.?|#))?/),
    (v) => digitCount(v) >= DEID_TUNING.careReportMinDigits && !/^\d{4}-\d{2}-\d{2}/.test(v),
  ),
  identifierRule(
    'LICENSE',
    src(/\b(?:[A-Z]{2}\s)?DL(?=\s{1,2}[A-Z0-9]*\d)|\bdriver'?s?\slic(?:en[cs]e)?\b/),
    (v) => v.length >= 6 && /^[A-Z0-9-]+$/.test(v) && hasDigit(v),
  ),
  identifierRule(
    'VEHICLE',
    src(/\b(?:reg(?:istration)?|plate|tag)(?=\s{1,2}[A-Z0-9]*\d)/i),
    (v) => (v.length >= 4 && /[A-Z]/i.test(v) === true) || /^\d{4,8}$/.test(v),
  ),
  identifierRule(
    'HEALTH_PLAN',
    src(
      /\b(?:mbr|member|grp|group|subscriber|policy)(?:\s(?:id|number|no\.?|#))?\s{0,2}(?=[:#]|\s{1,3}[A-Z]{0,4}-?\d)/i,
    ),
  ),
  identifierRule(
    'HEALTH_PLAN',
    src(
      /\b(?:health|shield|cross|aetna|cigna|humana|masshealth|medicaid|medicare|tufts|pilgrim|fallon|united|unitedhealthcare|anthem|kaiser|wellcare|molina|centene|ambetter|oscar|tricare|plan|insurance|ins|bcbs|uhc|hne)(?:\s{1,2}(?:id|#|member|mbr|no\.?|number))?(?=\s{0,2}(?:#|:|[A-Z]{0,4}-?\d{5}))/i,
    ),
  ),
  identifierRule('ACCOUNT', src(/\b(?:FIN|HAR|CSN|MRN|Acct|Account|Encounter|Visit)\b(?=\s{1,3}[A-Z]{0,3}-?\d)/)),
  identifierRule(
    'VEHICLE',
    src(
      /\b(?:vin|vehicle\s(?:id(?:entification)?(?:\snumber)?|number)|licen[cs]e\splate(?:\s(?:number|no\.?|#))?|plate(?:\s(?:number|no\.?|#))?|tag\snumber)/i,
    ),
    (v) => v.length >= 4,
  ),
  // An aircraft's registration after "tail" ("tail N412AC", "tail # C-GMPT1").
  identifierRule(
    'VEHICLE',
    src(/\btail(?:\s(?:number|no\.?|#))?/i),
    (v) => v.length >= 4 && hasDigit(v) && /[A-Z]/.test(v),
  ),
  {
    type: 'VEHICLE',
    re: /\b(?=[A-HJ-NPR-Z0-9]{17}\b)(?=[A-HJ-NPR-Z0-9]{0,16}[A-HJ-NPR-Z])(?=[A-HJ-NPR-Z0-9]{0,16}\d)[A-HJ-NPR-Z0-9]{17}\b/g,
  },
  { type: 'MRN', re: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi },
  {
    type: 'MRN',
    re: /(?<![\w.,/-])#?\d{8,20}(?![\w.,/-]?\d)/g,
    accept: (v) => !/^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/.test(v),
  },
  { type: 'MRN', re: /(?<![\w.])#\s{0,2}(?<v>[A-Z]{0,3}\d{5,20})\b/dg, group: 'v' },
  // Dates: every element but the year (a bare year stays)
  // Day.month.two-digit year as printed outside the US ("23.05.24"), or month.day ("DOS 3.28.24"), validated as a
  // calendar day and month.
  {
    type: 'DATE',
    re: /(?<![\d.])(?:(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])\.(?:1[3-9]|2\d|3[01]))\.\d{2}(?![\d.])/g,
  },
  // A day of the month on its own after a preposition ("booked for echo on the 14th"), not an ordinal of something.
  {
    type: 'DATE',
    re: /\b(?:on|by|from|until|till|since|before|after)\s(?:the\s)?(?<v>(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th))\b(?!\s(?:of\s(?:\w+\s){0,2}(?:week|cycle|dose|day|percentile|centile|month|course|round|session)|percentile|centile|week|day|time|cycle|dose|birthday|rib|cranial|floor|grade|intercostal|gen(?:eration)?|line|trimester|degree|toe|finger|digit|metatarsal|ventricle))/dgi,
    group: 'v',
  },
  {
    type: 'DATE',
    // Not a duration after a sentence's end ("in March. 1-hour GCT 148").
    re: new RegExp(
      `\\b${MONTH}[\\s-]{0,3}${DAY_NUM}\\b(?![-–][A-Za-z])(?:,?[\\s-]{0,3}(?:${YEAR}|${SPOKEN_YEAR})\\b)?`,
      'gi',
    ),
    accept: (v) => !/^may\s/.test(v) || /\d{4}$/.test(v) || new RegExp(`${SPOKEN_YEAR}$`, 'i').test(v),
  },
  {
    type: 'DATE',
    re: new RegExp(
      `\\b(?:the\\s{1,2}(?=${DAY_NUM}\\s{1,3}of\\s))?${DAY_NUM}[\\s-]{0,3}(?:of\\s{1,3})?${MONTH}(?:,?[\\s-]{0,3}${YEAR}\\b)?`,
      'gi',
    ),
    accept: (v) => !/\bmay$/.test(v),
  },
  {
    type: 'DATE',
    // With the month a range opens on ("Jan-Feb 2024", "Nov/Dec 2023").
    re: new RegExp(`\\b(?:${MONTH}[ \\t]{0,2}[-–/][ \\t]{0,2})?${MONTH}\\s{0,3},?\\s{0,3}${YEAR}\\b`, 'gi'),
    accept: (v) => !/^may\b/.test(v) || /^May\b/.test(v),
  },
  // A day and a month named in Spanish, Portuguese, French, German or Dutch, with its year ("2 de diciembre de 2026",
  // "14. März 2025", "3 juillet"); the day number is required, so "mars" or "mai" alone stay words.
  {
    type: 'DATE',
    re: /(?<![\p{L}\d])(?:el\s{1,2})?(?:0?[1-9]|[12]\d|3[01])\.?\s{1,2}(?:de\s{1,2})?(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|januar|februar|märz|marz|juni|juli|oktober|dezember|januari|februari|maart|mei|augustus)(?:\s{1,2}(?:de(?:l)?\s{1,2})?(?:1[89]|20)\d\d)?(?![\p{L}])/giu,
  },
  // A weekday and a day of the month in Spanish or Portuguese ("el martes 24", "na segunda 3").
  {
    type: 'DATE',
    re: /(?<![\p{L}\d])(?:el\s{1,2})?(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\s{1,2}(?:0?[1-9]|[12]\d|3[01])(?![\d/:.,]?\d)/giu,
  },
  // A month's short name alone after a preposition of time ("stopped it in Jan", "since Sept"): a month of the person's
  // history. Not "May" (a verb) nor "MAR" (the administration record); full names stay ("in April" reads as a season).
  {
    type: 'DATE',
    re: /\b(?:in|since|until|till|by|from|early|late|mid|end\sof)[ \t]{1,2}(?<v>(?:[Jj]an|[Ff]eb|[Mm]ar|[Aa]pr|[Jj]un|[Jj]ul|[Aa]ug|[Ss]ept?|[Oo]ct|[Nn]ov|[Dd]ec)\.?)(?![\w'’-])/dg,
    group: 'v',
  },
  // A day, a month's short name and a two-digit year run together, as military and ED systems print them ("04MAR24").
  {
    type: 'DATE',
    re: /(?<![\w/])(?:0[1-9]|[12]\d|3[01])(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\d{2}(?![\w/])/gi,
  },
  // A day, a month's short name and a year between slashes ("12/feb/2026").
  {
    type: 'DATE',
    re: new RegExp(
      `(?<![\\d/])(?:0?[1-9]|[12]\\d|3[01])\\/${MONTH.replace('\\.?', '')}\\/(?:\\d{4}|\\d{2})(?![\\d/])`,
      'gi',
    ),
  },
  // A dictated date: "March third nineteen fifty-two", "June the fourteenth", "the twenty-eighth of March". Not the
  // verb: "you may first try" (a lower-case "may" needs a year).
  {
    type: 'DATE',
    re: new RegExp(
      `\\b(?:${MONTH}\\s{1,3}(?:the\\s{1,3})?${SPOKEN_DAY}|(?:the\\s{1,3})?${SPOKEN_DAY}\\s{1,3}of\\s{1,3}${MONTH})\\b(?:,?\\s{1,3}(?:${YEAR}|${SPOKEN_YEAR})\\b)?`,
      'gi',
    ),
    accept: (v) => !/\bmay\b/.test(v) || /\d{4}$/.test(v) || new RegExp(`${SPOKEN_YEAR}$`, 'i').test(v),
  },
  // "March the 14th", "Mar '24" (a two-digit year after an apostrophe).
  {
    type: 'DATE',
    re: new RegExp(`\\b${MONTH}\\s{1,3}the\\s{1,3}${DAY_NUM}\\b`, 'gi'),
    accept: (v) => !/^may\s/.test(v),
  },
  {
    type: 'DATE',
    re: new RegExp(`\\b${MONTH}\\s{0,2}['’‘]\\d{2}(?!\\d)`, 'gi'),
    accept: (v) => !/^may\b/.test(v) || /^May\b/.test(v),
  },
  // A day of the month on its own after "on/since/until the" ("admitted on the 3rd."), not "on the 3rd day".
  {
    type: 'DATE',
    re: /\b(?:on|since|from|until|till|by|before|after)\s{1,2}the\s{1,2}(?<v>(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th))\b(?!\s{0,2}(?:[A-Za-z]|-))/dgi,
    group: 'v',
    accept: (_v, m, text) => !/^\s{1,2}of\b/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 6)),
  },
  // Month and four-digit year ("Fluzone HD 9/2025"): no ratio or score is written so.
  { type: 'DATE', re: /(?<![\d/.])(?:0?[1-9]|1[0-2])\/(?:19|20)\d\d(?![\d/])/g },
  // A month/day with a zero-padded month ("PACU BOARD 03/28"): a board's or a form's date; scores and fractions are not
  // padded ("pain 3/10"), unless a score word says so.
  {
    type: 'DATE',
    re: /(?<![\d/.:-])(?:0[1-9]\/(?:0[1-9]|[12]\d|3[01])|1[0-2]\/0[1-9])(?![\d/.:-]?\d|\/)/g,
    accept: (_v, m, text) => !SCORE_BEFORE_RE.test(text.slice(Math.max(0, m.index - 20), m.index)),
  },
  // A range of month/days, the second on or after the first ("work note for 7/20-7/21", "away 12/24 to 1/2"): not two
  // fractions ("1/2-3/4 tab") or two scores.
  {
    type: 'DATE',
    re: /(?<![\d/.])(?<m1>0?[1-9]|1[0-2])\/(?<d1>0?[1-9]|[12]\d|3[01])[ \t]{0,2}(?:-|–|to|through|thru)[ \t]{0,2}(?<m2>0?[1-9]|1[0-2])\/(?<d2>0?[1-9]|[12]\d|3[01])(?![\d/])(?!\s{0,2}(?:tabs?|tablets?|doses?|of|mg|strength|pills?|caps?)\b)/g,
    accept: (_v, m, text) => {
      const [m1, d1, m2, d2] = [m.groups!.m1, m.groups!.d1, m.groups!.m2, m.groups!.d2].map(Number) as [
        number,
        number,
        number,
        number,
      ];
      const later = m2 > m1 || (m2 === m1 && d2 > d1) || (m1 === 12 && m2 === 1);
      const fraction = (a: number, b: number) => a < b && b <= 4;
      return (
        later &&
        !(fraction(m1, d1) && fraction(m2, d2)) &&
        !SCORE_BEFORE_RE.test(text.slice(Math.max(0, m.index - 20), m.index))
      );
    },
  },
  // A day of the month read aloud after "on/by/until the" ("follow up on the fourteenth with colonoscopy"), not an
  // ordinal of something ("on the third day", "on the second try").
  {
    type: 'DATE',
    re: new RegExp(
      `\\b(?:on|since|from|until|till|by|before|after)\\s{1,2}(?<v>the\\s{1,2}${SPOKEN_DAY})\\b(?=\\s{0,2}(?:[.,;:)\\n]|$|(?:with|for|at|and|to|in|when|if|or|please)\\b))`,
      'dgi',
    ),
    group: 'v',
  },
  // "the 3rd" after a day of the week or a visit word ("d/c Friday the 14th", "colonoscopy the 3rd").
  {
    type: 'DATE',
    re: /\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|colonoscopy|visit|surgery|procedure|appt|appointment|discharged?|d\/c|admitted|seen|born|died|started|stopped)\s{1,2}(?<v>the\s{1,2}(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th))\b(?!\s{0,2}(?:of\s|day|time|dose|cycle|week))/dgi,
    group: 'v',
  },
  // A day of the week, full or short, written before a day of the month or a day/month ("Weds 12th", "Sun 9th March",
  // "Monday the 14th of April", "Tues 4/3"): the weekday makes the bare number a date.
  {
    type: 'DATE',
    re: new RegExp(
      `\\b${WEEKDAY}\\.?,?\\s{1,2}(?:the\\s{1,2})?(?:(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)(?:\\s{1,2}(?:of\\s{1,2})?${MONTH})?|\\d{1,2}\\/\\d{1,2}(?=[ \\t]{0,2}(?:[\\n,;:.)]|$)))(?![\\d/])`,
      'g',
    ),
    // "Mon 1/2, Tue 1" is a dosing schedule: a fraction of a tablet (1/2, 1/4, 3/4, 2/3) is not a day and month.
    accept: (v) => {
      const fraction = /(?<!\d)([1-3])\/([2-4])$/.exec(v);
      return !fraction || Number(fraction[1]) >= Number(fraction[2]);
    },
  },
  // Two full dates joined by a dash ("Hospitalized 11/10/2025–11/16/2025"): the single-date rule wants no dash beside it.
  {
    type: 'DATE',
    re: /(?<![\d/.-])\d{1,2}\/\d{1,2}\/(?:\d{4}|\d{2})[ \t]{0,2}-[ \t]{0,2}\d{1,2}\/\d{1,2}\/(?:\d{4}|\d{2})(?![\d/.-]*\d)/g,
    accept: (v) => v.split(/[ \t]{0,2}-[ \t]{0,2}/).every(validNumericDate),
  },
  // A date written with the Chinese, Japanese or Korean year, month and day characters ("1972年03月15日", "2025년 11월 20일").
  {
    type: 'DATE',
    re: /(?<!\d)(?:1[89]|20)\d\d[ \t]?[年년][ \t]?(?:0?[1-9]|1[0-2])[ \t]?[月월](?:[ \t]?(?:0?[1-9]|[12]\d|3[01])[ \t]?[日일])?/g,
  },
  // A compact date YYYYMMDD on its own ("DOS 20240314"); the MRN rule leaves these out.
  { type: 'DATE', re: /(?<![\w.,/-])(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![\w.,/-]?\d)/g },
  {
    type: 'DATE',
    re: /(?<![\d/.-])(?:\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})|(?:19|20)\d\d([/.-])\d{1,2}\2\d{1,2})(?:[T\s]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d{1,6})?Z?)?(?![\d/.-]*\d)/g,
    accept: validNumericDate,
  },
  {
    type: 'DATE',
    re: /\b(?:on|since|from|until|till|by|before|dated?|seen|admitted|discharged|dob|dos|d\.o\.b\.?|born|birthday|b-day)\s{0,3}:?\s{0,3}(?<v>(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01]))(?![\d/])(?!\s{0,2}(?:tabs?|tablets?|doses?|of|mg|strength|pills?|caps?)\b)/dgi,
    group: 'v',
  },
  // A month/day without a year, known by the time after it ("10/24 0230", "9/14 6:10 PM") or a word before it that
  // takes a date ("last fill 8/27", "visit 3/10", "ED 2/29", "— 10/22").
  {
    type: 'DATE',
    re: /(?<![\d/.])(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])(?![\d/])(?=,?\s{1,2}(?:[012]?\d:[0-5]\d|[012]\d[0-5]\d\b|[01]?\d\s?(?:AM|PM|am|pm)\b))/g,
  },
  {
    type: 'DATE',
    re: /(?:\b(?:(?:[Mm]on|[Tt]ues?|[Ww]ed(?:nes)?|[Tt]hu(?:rs?)?|[Ff]ri|[Ss]at(?:ur)?|[Ss]un|MON|TUES?|WED|THU(?:RS?)?|FRI|SAT|SUN)(?:day|DAY)?\.?,?|(?:scheduled|planned|booked|set)\s{1,2}for|visit|fill|filled|refill(?:ed)?|ED|ER|seen|started|due|appt|appointment|collected|drawn|dated|until|through|thru|weekly|daily|f\/u|follow[- ]?up|returned?|returns?|called|surgery|procedure|admit(?:ted)?|[Aa]dm(?:ission)?:?|ADM:?|visited|given|received|[Rr]e-?check(?:ed)?|[Rr]eassess(?:ed|ment)?|[Rr]e-?eval(?:uate)?|starts|d\/c|dos:?|doa:?|dod:?|discharged?|transfer(?:red)?|request|hand-?off|sign-?out|[Cc]linic|CLINIC|[Hh]ospital)\s{1,2}(?:on\s{1,2})?|\s[-—–]\s{1,2})(?<v>(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01]))(?![\d/])(?!\s{0,2}(?:tabs?|tablets?|doses?|of|mg|strength|pills?|caps?)\b)/dg,
    group: 'v',
  },
  // Cultures dated by month/day ("Blood cultures 2/27", "Repeat cultures 2/28"), not their count of bottles ("2/2",
  // "1/4"): a day of the month past the bottles' count.
  {
    type: 'DATE',
    re: /\bcultures?\s{1,2}(?<v>(?:0?[1-9]|1[0-2])\/(?:[5-9]|[12]\d|3[01]))(?![\d/])/dgi,
    group: 'v',
  },
  // A month/day at the end of a medication change ("Started Motrin 10 mg/kg q6h 7/18.", "stopped metformin 500 mg BID
  // 1/5"): the clause's last number before its end, not a fraction of a dose ("1/2 tab", "2/3 of the dose").
  {
    type: 'DATE',
    re: /(?:\b(?:started|starting|began|begun|initiated|restarted|resumed|stopped|discontinued|held|changed|increased|decreased|switched|titrated|report(?:ed)?)\b|\bs\/p(?![A-Za-z]))(?:[^.;:\n]|\.(?=\d)){0,60}?\s(?<v>(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01]))(?![\d/])(?=\s{0,2}(?:[.;:,)\n]|$|\d{1,2}:\d{2}|\d{4}\b|(?:and|then|with|w\/|per|at|by|for|f\/u|due|but|x)\b))/dgi,
    group: 'v',
  },
  // A month/day after an event that happened on a day: a fall, a death, a diagnosis, a disposition ("she fell 10/15",
  // "dispo rehab 6/23", "mother died 2/14."). Right after the event word, or the clause's last number (as above), never
  // a score or a fraction ("fell, pain 7/10.", "strength 4/5", "1/2 tab").
  {
    type: 'DATE',
    re: new RegExp(
      `\\b(?:${EVENT_DATE_WORDS})\\b(?:[ \\t]{1,2}(?:on[ \\t]{1,2})?|(?:[^.;:\\n]|\\.(?=\\d)){0,${DEID_TUNING.eventDateReach}}?\\s)(?<v>(?:0?[1-9]|1[0-2])\\/(?:0?[1-9]|[12]\\d|3[01]))(?![\\d/])(?!\\s{0,2}(?:tabs?|tablets?|doses?|of|mg|strength|pills?|caps?)\\b)`,
      'dgi',
    ),
    group: 'v',
    accept: (v, m, text) => {
      const at = m.indices!.groups!.v![0];
      const before = text.slice(m.index, at);
      const adjacent = /^[A-Za-z]+[ \t]{1,2}(?:on[ \t]{1,2})?$/.test(before);
      const clauseEnd = /^\s{0,2}(?:[.;:,)\n]|$)/.test(text.slice(at + v.length));
      return (adjacent || clauseEnd) && !SCORE_BEFORE_RE.test(text.slice(Math.max(0, at - 20), at));
    },
  },
  {
    type: 'DATE',
    re: /\b(?:dob|d\.o\.b\.?|born|date of birth|birth\s?date)\s{0,3}(?:on|:|-)?\s{0,3}(?<v>(?:19|20)\d{6})\b/dgi,
    group: 'v',
  },
  // Ages over 89
  {
    type: 'AGE',
    re: /(?<![\d.])(?<v>9\d|1[01]\d)(?=\s{0,2}-?\s{0,2}(?:years?|yrs?|yo\b|y\.o\.|y\/o|year-old|yr-old|y\b|[MF]\b|(?:male|female|man|woman)\b|(?:años|anos|ans|anni|jahre|jaar|tuổi|tuoi|lat|år|ár|vuotta|yaşında)(?![\p{L}])))/dgiu,
    group: 'v',
    // "temp 104F", "febrile to 103F": a fever in Fahrenheit, not a 104-year-old woman. Only fever values with a
    // temperature word before them; "96F" stays an age whatever precedes it (safety first).
    accept: (v, m, text) =>
      !(
        Number(v) >= 99 &&
        Number(v) <= 109 &&
        /^\s{0,2}F\b/.test(text.slice(m.index + v.length)) &&
        TEMPERATURE_CUE.test(text.slice(Math.max(0, m.index - 40), m.index))
      ),
  },
  { type: 'AGE', re: /\b(?:age[ds]?|aged)\s{0,3}:?\s{0,3}(?<v>9\d|1[01]\d)(?!\d|\.\d)/dgi, group: 'v' },
  // "Evelyn St. John, 96, PPS 30%": a bare age over 89 right after a name and a comma, before another field.
  {
    type: 'AGE',
    re: /(?<=[A-Z][a-z'’-]+,\s{1,2})(?<v>9\d|1[01]\d)(?=\s{0,2}[,;(]|\s{1,2}(?:y\.?o|yrs?|[MF])\b)/dg,
    group: 'v',
  },
  // "She's 93", "he is 101 now", "Mum turned 95": a person's age said as a bare number after "is" or "turned".
  {
    type: 'AGE',
    re: /\b(?:she|he|they|mum|mom|dad|nan|gran|grandma|grandpa|patient|pt)(?:'s|\sis|\swas|\sturned|\sturns|\sjust\sturned)\s{1,2}(?<v>9\d|1[01]\d|ninety(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|(?:a|one)\shundred(?:\s(?:and\s)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b(?!\s?(?:%|kg|lbs?|mg|mmhg|bpm|cm|mm|\.\d|\/|percent|pounds))/dgi,
    group: 'v',
  },
  // Spelt out: "ninety-two year old", "one hundred and one years old".
  {
    type: 'AGE',
    re: /\b(?:ninety(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|(?:a|one)\shundred(?:\s(?:and\s)?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)(?=[-\s](?:years?|yrs?)(?:[-\s]old)?\b|[-\s](?:y\/o|yo)\b)/gi,
  },
  // "(98) M", "(94 F)" in banners.
  {
    type: 'AGE',
    re: /\((?<v>9\d|1[01]\d)\s{0,2}(?:[MF]\s{0,2})?\)\s{0,2}(?:[MF]\b|(?:male|female)\b)?/dgi,
    group: 'v',
    accept: (_v, m) => /[MF]|male|female/.test(m[0]),
  },
  // A birth year given on its own ("(b. 1929)", "born 1931"): kept only as a year elsewhere, but with an age it can
  // single out a person over 89.
  { type: 'DATE', re: /\b(?:b\.|born(?:\sin)?)\s{0,2}(?<v>(?:18|19|20)\d\d)\b/dgi, group: 'v' },
  // Places: street addresses, cities, ZIP codes (state names stay)
  {
    type: 'ADDRESS',
    re: new RegExp(
      `(?<![\\d.:])\\b\\d{1,6}[A-Za-z]?[ \\t]{1,3}(?:[NSEW]\\.?[ \\t]{1,2})?(?:${STREET_WORD}[ \\t]{1,3}){1,4}(?:${STREET_SUFFIXES})\\b\\.?${STREET_TAIL}(?:${UNIT})?`,
      'gi',
    ),
    accept: (v, m, text) => {
      const firstWord = v.replace(/^\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?/, '');
      if (vehicleContext(v, m, text)) return false;
      // "10F MARLBOROUGH HOSPITAL ED bay 4", "52M trauma bay": a bed in a care unit, not a street called a bay.
      if (HOSPITAL_BAY_RE.test(v)) return false;
      if (/^[A-Z0-9]/.test(firstWord)) return !/^\d+\s+(?:mg|mcg|g|ml|units?|tabs?|times?|days?|weeks?)\b/i.test(v);
      const before = text.slice(Math.max(0, m.index - 30), m.index);
      if (/\b(?:lives?|living|resides?|residing|address|addr|home|located)\b[^.\n]{0,20}$/i.test(before)) return true;
      // Typed in lower case after "at" ("we're at 1201 north maple street"): a full street word ends it.
      return /\bat\s{1,2}$/i.test(before) && LOWER_CASE_STREET_END_RE.test(v);
    },
  },
  { type: 'ADDRESS', re: /\bP\.?\s?O\.?\s{0,2}Box\s{0,3}\d{1,6}\b/gi },
  // An island a person lives on or goes to, after a place preposition ("return to Badu Island"); not a state ("Rhode
  // Island"), and a country's islands in the plural stay.
  {
    type: 'LOCATION',
    re: /\b(?:to|from|in|on|at|near|off)[ \t]{1,2}(?<v>[A-Z][a-z'’]{2,30}[ \t]{1,2}Island)(?![A-Za-z])/dg,
    group: 'v',
    accept: (v) => !new RegExp(`^(?:${STATE_NAMES})$`).test(v.replace(/[ \t]+/g, ' ')),
  },
  // A crossroads as an incident's place is written: two named roads joined ("Van Buren Blvd & Mockingbird Canyon Rd").
  {
    type: 'ADDRESS',
    re: new RegExp(
      `(?<![A-Za-z])(?:[A-Z][A-Za-z'’-]{1,30}[ \\t]{1,2}){1,3}${ROAD_WORD}\\.?[ \\t]{1,2}(?:&|and|at|\\/)[ \\t]{1,2}(?:[A-Z][A-Za-z'’-]{1,30}[ \\t]{1,2}){1,3}${ROAD_WORD}(?![A-Za-z])\\.?`,
      'g',
    ),
  },
  // A military mailing address, as USPS writes it: unit, PSC or CMR and box, then APO, FPO or DPO, the armed-forces
  // "state" (AA, AE, AP) and the ZIP ("Unit 3110 Box 42, APO AE 09180").
  {
    type: 'ADDRESS',
    re: /\b(?:(?:Unit|PSC|CMR)\s{1,2}\d{1,5}(?:,?\s{1,2}Box\s{1,2}\d{1,5})?,?\s{1,2})?[AFD]PO,?\s{1,2}A[AEP]\s{1,2}\d{5}(?:-\d{4})?\b/g,
  },
  // A rural route or highway contract box, as USPS writes them ("RR 2 Box 118", "HC 64 Box 12").
  { type: 'ADDRESS', re: /\b(?:RR|R\.R\.|Rural\sRoute|HC|Star\sRoute)\s{0,2}\d{1,3},?\s{1,2}Box\s{0,2}\d{1,5}\b/gi },
  // A street line whose last word is not a listed suffix ("803 Lakin Approach"), known by what follows it: a unit, a
  // "City, ST" or "City ST 12345", or an HL7 component separator.
  {
    type: 'ADDRESS',
    re: new RegExp(
      `(?<![\\d.:\\w])\\d{1,6}[A-Za-z]?[ \\t]{1,2}(?:[NSEW]\\.?[ \\t]{1,2})?(?:[A-Z][A-Za-z'’-]{1,30}[ \\t]{1,2}){0,3}[A-Z][A-Za-z'’-]{1,30}\\.?(?:${UNIT})?` +
        `(?=\\^|,?[ \\t]{0,3}(?:\\n[ \\t]{0,12})?${CITY_WORDS.replace('(?<v>', '(?:')},?[ \\t]{1,3}(?:${STATE_ABBR_SAFE}|${STATE_NAMES})\\b)`,
      'g',
    ),
    accept: (v, m, text) =>
      !/^\d+\s+(?:mg|mcg|g|ml|units?|tabs?|times?|days?|weeks?|months?|years?)\b/i.test(v) &&
      !vehicleContext(v, m, text),
  },
  // After an address cue, the street line up to the end of the line or a comma ("Address: 12 Old Mill Spur").
  {
    type: 'ADDRESS',
    re: /\b(?:address|addr|lives\sat|living\sat|resides\sat|moved\sto|home\saddress(?:\son\sfile)?)\s{0,2}:?\s{0,3}(?<v>\d{1,6}[A-Za-z]?\s{1,2}(?:(?!(?:apt|unit|suite|ste)\b)[A-Za-z][A-Za-z'’.-]{0,30}\s{1,2}){0,4}(?!(?:apt|unit|suite|ste)\b)[A-Za-z][A-Za-z'’.-]{1,30}(?:\s{1,2}(?:apt|unit|suite|ste|#)\.?\s{0,2}#?[A-Za-z0-9-]{1,6})?)/dgi,
    group: 'v',
  },
  // A dictated street line, its house number spoken ("lives at forty two ridge crest lane"): number words, up to three
  // words and a street suffix.
  {
    type: 'ADDRESS',
    re: new RegExp(
      `\\b(?:address|addr|lives\\sat|living\\sat|resides\\sat|moved\\sto)\\s{0,2}:?\\s{0,3}(?<v>(?:(?:${NUMBER_WORDS})[\\s-]{1,2}){1,6}(?:[A-Za-z][A-Za-z'’.-]{0,30}\\s{1,2}){0,3}(?:${STREET_SUFFIXES}))\\b`,
      'dgi',
    ),
    group: 'v',
  },
  // Facilities: capitalised words ending in a facility word ("Mercy Clinic", "Sturdy Memorial Hospital", "Tree of Life
  // Healthcare Associates", "BETH ISRAEL DEACONESS HOSPITAL-MILTON", "Mountain View Family Practice, PC").
  {
    type: 'LOCATION',
    re: new RegExp(
      `(?<![A-Za-z0-9&])(?:(?:St\\.|Mt\\.|[A-Z](?:&[A-Z](?![A-Za-z]))?[A-Za-z'’.-]{0,30})(?:[ \\t]{1,2}(?:of|the|and|&)){0,1}[ \\t]{1,2}){1,${FACILITY_MAX_WORDS}}` +
        `(?:${FACILITY_HEADS})(?![A-Za-z])(?:[ \\t]{1,2}of[ \\t]{1,2}(?:(?:St|Sta|Sto|Ste|Mt|Ft)\\.[ \\t]{1,2})?[A-Z][A-Za-z'’-]{1,30}(?:[ \\t][A-Z][A-Za-z'’-]{1,30})?)?(?:-[A-Z][A-Za-z]{1,30})?(?:,?[ \\t]{1,2}(?:PC|P\\.C\\.|LLC|PLLC|Inc\\.?|LLP))?`,
      'g',
    ),
    // "Annual Wellness Visit", "Employee Wellness program": a kind of visit or benefit, not a place.
    // "Dutch Lipid Clinic Network score 8": a scale named for a network of clinics, not a place.
    accept: (v, m, text) =>
      facilityName(v, AGENCY_LABEL_BEFORE_RE.test(text.slice(Math.max(0, m.index - 24), m.index))) &&
      !(/Wellness$/i.test(v) && WELLNESS_SERVICE_AFTER_RE.test(text.slice(m.index + v.length))) &&
      !SCALE_AFTER_FACILITY_RE.test(text.slice(m.index + v.length, m.index + v.length + 40)),
  },
  {
    type: 'LOCATION',
    re: LABELLED_FACILITY_RE,
    // An employer's field holds a company's name whatever its words are ("Employer: Cascade Timber Products LLC"): two
    // title-case words or a company's legal suffix ("Employer: Retired" stays).
    accept: (v, m, text) =>
      v.split(/[ \t]+/).some(properWord) ||
      /(?:^|[ \t])(?:Inc\.?|LLC|Ltd\.?|Corp\.?|PLLC)$/.test(v) ||
      (/\b(?:employer|workplace|company)[ \t]{0,2}[:=][ \t]{0,3}$/i.test(
        text.slice(Math.max(0, m.index - 30), m.index),
      ) &&
        v.split(/[ \t]+/).filter((w) => /^[A-Z]/.test(w)).length >= 2),
  },
  // A hospital or clinic named before its town or patron, as in Irish, British and Spanish usage ("University Hospital
  // Galway", "Clínica San Rafael"): the words after the head are no English, clinical or medical word ("Hospital Course").
  {
    type: 'LOCATION',
    re: /(?<![A-Za-z])(?:[A-Z][a-z'’]{2,30}[ \t]){0,2}(?:Hospital|Infirmary|Clinic|Polyclinic|Cl[ií]nica|Sanatorio|H[ôo]pital|Ospedale|Policl[ií]nico)[ \t]{1,2}(?:(?:Regional|General|Universitario|Central|Municipal|Provincial|Civil|Infantil)[ \t]{1,2}(?=de|del|la|San|Santa))?(?:(?:San|Santa|Santo|Saint|St\.|de|del|la)[ \t]{1,2}){0,2}(?<town>[A-Z][a-z]{2,30}(?:[ \t][A-Z][a-z]{2,30})?)(?![A-Za-z'’])/dg,
    accept: (v, m) => m.groups!.town!.split(/[ \t]/).every(pharmacyBranch) && !notAPlaceName(m.groups!.town!),
  },
  // A heading that names the institution beside the document's title ("Sunnybrook - Dermatology Consult", "Consult
  // note - CHUM", "... VISIT - Prairie Wind Home Health"): a facility phrase, a word no dictionary knows, or an acronym.
  {
    type: 'LOCATION',
    re: /(?:^(?<a>(?:[A-Z][A-Za-z'’]{1,30}[ \t]{1,2}){0,4}[A-Z][A-Za-z'’]{1,30})(?=[ \t]{1,2}[-–—][ \t]{1,2}[^\n]*\b(?:[Nn]ote|NOTE|[Cc]onsult(?:ation)?|CONSULT|[Ss]ummary|SUMMARY|[Mm]emo|MEMO|[Rr]eferral|REFERRAL|[Ll]etter|[Vv]isit|VISIT|[Rr]eport|[Hh]andover|[Tt]ransfer)\b[^\n]*$)|(?<=^[^\n]*\b(?:[Nn]ote|NOTE|[Cc]onsult(?:ation)?|CONSULT|[Ss]ummary|SUMMARY|[Mm]emo|MEMO|[Rr]eferral|REFERRAL|[Ll]etter|[Vv]isit|VISIT|[Rr]eport|[Hh]andover|[Tt]ransfer)\b[^\n]*[ \t][-–—][ \t]{1,2})(?<b>(?:[A-Z][A-Za-z'’]{1,30}[ \t]{1,2}){0,4}[A-Z][A-Za-z'’]{1,30})[ \t]*$)/dgm,
    accept: (v) => {
      const words = v.split(/[ \t]+/);
      const lower = words.map((w) => w.toLowerCase());
      if (
        lower.some(
          (w) =>
            NAME_TITLES.has(w) ||
            /^(?:note|consult|consultation|summary|memo|referral|letter|visit|report|handover|transfer)$/.test(w),
        )
      )
        return false;
      if (new RegExp(`(?:${FACILITY_HEADS})$`).test(v)) return facilityName(v, true);
      return words.some(
        (w, k) =>
          (/^[A-Z]{3,5}$/.test(w) && !clinicalWords().has(lower[k]!) && !medicalTerms().has(lower[k]!)) ||
          (pharmacyBranch(w) && !DEPARTMENT_RE.test(lower[k]!) && !abbreviatesClinicalWord(lower[k]!)),
      );
    },
  },
  // A hospital known by its own name before its emergency department or unit ("Sunnybrook ED", "Kapiolani NICU"):
  // words no dictionary knows (a town's name is a place too).
  {
    type: 'LOCATION',
    re: /(?<![A-Za-z'’-])(?<v>[A-Z][a-z][A-Za-z'’-]{2,30}(?:[ \t][A-Z][a-z][A-Za-z'’-]{2,30})?)[ \t]{1,2}(?:ED|ER|ICU|NICU|PICU|CCU|Emergency(?:[ \t](?:Department|Room|Dept))?)(?![A-Za-z])/dg,
    group: 'v',
    accept: (v) => v.split(/[ \t]/).every(pharmacyBranch) && !notAPlaceName(v),
  },
  // A pharmacy's branch, named by its town or street after the chain ("Kroger Pharmacy Westerville called", "Pharmacy:
  // Rite Aid Blackstone"): the chain alone identifies no one ("CVS Pharmacy", "Stop & Shop Pharmacy"), its branch does.
  {
    type: 'LOCATION',
    re: /(?:(?<![A-Za-z])(?:[A-Z][A-Za-z'’&.-]{1,30}[ \t]{1,2}){1,3}(?:Pharmacy|PHARMACY|Drug|Drugs)|(?<=\b[Pp]harmacy[ \t]{0,2}:[ \t]{0,3})(?:[A-Z][A-Za-z'’&.-]{0,30}[ \t]{1,2}){1,3})[ \t]{0,2}[A-Z][a-z]{3,30}(?=[ \t]{0,2}(?:[,.;:)\n]|$|[ \t][a-z]|[ \t]{2}))/g,
    accept: (v) => pharmacyBranch(v.split(/[ \t]+/).pop()!),
  },
  // A town after a facility and a comma or dash ("Emerson Hospital, Concord MA", "MetroWest Medical Center - Framingham").
  {
    type: 'CITY',
    re: new RegExp(
      // The comma or dash first, the facility behind it: the long list of facility words is tried only there.
      `(?:,|[ \\t]{1,2}[-–—])(?<=(?:${FACILITY_HEADS})(?:,|[ \\t]{1,2}[-–—]))[ \\t]{1,2}${EVENT_PLACE_WORDS}(?=[ \\t]{2}|[ \\t]{0,2}(?:[,.;:)\\n]|$|[ \\t](?:${STATE_ABBR_SAFE})\\b))`,
      'gd',
    ),
    group: 'v',
    accept: (v) =>
      !notAPlaceName(v) &&
      !/^(?:Inc|LLC|PC|PLLC|LLP|Dept|Department)$/i.test(v) &&
      !DEPARTMENT_RE.test(v.toLowerCase()),
  },
  // A town in parentheses right after a facility ("Marlborough Hospital (Marlborough)").
  {
    type: 'CITY',
    re: new RegExp(
      // The parenthesis first, the facility behind it: the long list of facility words is tried only at a "(".
      `\\((?<=(?:${FACILITY_HEADS})[ \\t]{0,2}\\()(?<v>[A-Z][A-Za-z'’-]{1,30}(?:[ \\t][A-Z][A-Za-z'’-]{1,30}){0,2})\\)`,
      'gd',
    ),
    group: 'v',
    // An acronym in the parenthesis is the facility's or a society's own ("American College of Cardiology (ACC)").
    accept: (v) => !notAPlaceName(v) && !/^[A-Z]{2,6}$/.test(v),
  },
  // "Pembroke MA 02165" (no comma), and HL7 "^^Boston^MA^02129".
  {
    type: 'CITY',
    re: new RegExp(
      `${CITY_WORDS}(?:[ \\t]{1,2}|\\^)(?:${STATE_ABBR_SAFE}|${STATE_NAMES})(?:[ \\t]{1,3}|\\^)\\d{5}(?:-\\d{4})?(?!\\d)`,
      'gd',
    ),
    group: 'v',
    accept: (v) => !notAPlaceName(v),
  },
  {
    type: 'CITY',
    re: new RegExp(`\\^${CITY_WORDS}\\^(?:${STATE_ABBR_SAFE})\\^`, 'gd'),
    group: 'v',
  },
  {
    type: 'CITY',
    re: new RegExp(
      `${CITY_WORDS},\\s{0,2}(?:(?:${STATE_NAMES})\\b|(?<abbr>${STATE_ABBR_SAFE})\\b(?<zip>\\s{0,3}\\d{5})?)`,
      'gd',
    ),
    group: 'v',
    accept: (v, m, text) => {
      const abbr = m.groups?.abbr;
      if (abbr && STATE_ABBR_CLINICAL.has(abbr) && !m.groups?.zip) return false;
      // "Dr P. Naidoo, MO": after a title the word is a surname and the letters a grade (Medical Officer), not a state.
      if (
        abbr &&
        !m.groups?.zip &&
        /\b(?:dr|mr|mrs|ms|prof)\.?\s{1,2}(?:[A-Z]\.?\s{1,2}){0,2}$/i.test(
          text.slice(Math.max(0, m.index - 16), m.index),
        )
      )
        return false;
      // "Choice Plus, ID 998877665": a label before a longer number, not Idaho and a ZIP code.
      if (m.groups?.zip && /^[\d]/.test(text.slice(m.index + m[0].length))) return false;
      // "2016 Chevy Malibu, MA plate 6LYZ45": a car model before a state's plate.
      if (
        /^\s{0,2}(?:plate|reg(?:istration)?|tag|DL)\b/i.test(
          text.slice(m.index + m[0].length, m.index + m[0].length + 16),
        )
      )
        return false;
      return !notAPlaceName(v);
    },
  },
  {
    type: 'CITY',
    re: new RegExp(
      // A sentence may open with the cue ("Lives in Pine Ridge"): its first letter in either case.
      `\\b(?:[Ll]ives?|[Ll]iving|[Rr]esides?|[Rr]esiding|resident|[Mm]oved|[Rr]elocated|[Bb]orn|[Gg]rew\\s(?:up)|home(?:town)?|from\\sthe\\stown)(?:\\s(?:alone|together|independently|nearby|with\\s(?:his|her|their)\\s\\w+|with\\s\\w+))?\\s{1,3}(?:in|at|to|of|near|outside(?:\\sof)?)\\s{1,3}(?:the\\s{1,2})?${CITY_WORDS}`,
      'gd',
    ),
    group: 'v',
    accept: (v) => !notAPlaceName(v),
  },
  // Where an event happened or where a person comes from: "MVC in Framingham", "fall at home in Hull", "pt from Acton,",
  // "visiting from Peabody", "town of Plymouth", "a Reading resident" (a town can be an English or medical word).
  {
    type: 'CITY',
    re: new RegExp(
      `\\b(?:(?:MVC|MVA|accident|crash|collision|incident|injury|injured|assault(?:ed)?|struck|fell|fall|shooting|stabbing|drowning|found\\sdown|occurred|happened)(?:\\s(?:at\\shome|at\\swork|on\\sI-?\\d{1,3}|on\\sRte\\.?\\s\\d{1,3}))?\\s{1,2}(?:in|near|outside(?:\\sof)?)|(?:pt|patient|he|she|they|family|originally|visiting|visitor|traveling|travelling|transplant(?:ed)?|commutes?|drove|driving|came|comes|moved\\shere)\\s(?:is\\s|was\\s|are\\s)?(?:(?:in|over|up|down|back)\\s)?from|(?:town|city)\\sof)\\s{1,2}${EVENT_PLACE_WORDS}`,
      'gd',
    ),
    group: 'v',
    accept: (v) => !notAPlaceName(v) && !NAME_TITLES.has(v.toLowerCase().replace(/\.$/, '')),
  },
  // Where a service is: "infusion center in Worcester", "a dialysis unit near Lowell", "the shelter in Quincy".
  {
    type: 'CITY',
    re: new RegExp(
      `\\b(?:clinic|center|centre|hospital|practice|pharmacy|office|shelter|facility|dialysis\\sunit|nursing\\shome|rehab|program|programme|ED|ER)\\s{1,2}(?:in|near|outside(?:\\sof)?)\\s{1,2}${EVENT_PLACE_WORDS}`,
      'gd',
    ),
    group: 'v',
    accept: (v) => !notAPlaceName(v) && !NAME_TITLES.has(v.toLowerCase().replace(/\.$/, '')),
  },
  {
    type: 'CITY',
    re: new RegExp(`${CITY_WORDS}\\s{1,2}(?=resident\\b|native\\b)`, 'gd'),
    group: 'v',
    accept: (v, m, text) =>
      !notAPlaceName(v) && /\\b(?:an?|the)\\s{1,2}$/i.test(text.slice(Math.max(0, m.index - 6), m.index)),
  },
  {
    type: 'ZIP',
    re: new RegExp(
      `(?:\\b(?:${STATE_NAMES})|\\b(?:${STATE_ABBR_SAFE}))\\^?\\s{0,3},?\\s{0,3}(?<v>\\d{5}(?:-?\\d{4})?)(?![\\d-])`,
      'gid',
    ),
    group: 'v',
  },
  // A study's or a laboratory's number for the person or the specimen ("screening # CHF-S-0417", "Case: S24-18832",
  // "subject no. 0231-004"): four digits or more, so "Case: 67M" stays.
  identifierRule(
    'ID',
    src(
      /\b(?:screening|enrol(?:l)?ment|subject|participant|randomi[sz]ation|study)(?:\s(?:id|number|no\.?))?\s{0,2}(?=#|:|no\.)|\bcase(?=\s{0,2}:)/i,
    ),
    (v) => digitCount(v) >= 4,
  ),
  // A chart number after a bare "Chart" label ("Chart D-11208"): letters and a hyphen before four digits or more, or five
  // digits, so "chart 2/3" or a volume stays. An ID, as the codes after "chart" below are.
  identifierRule('ID', src(/\bchart(?=\s{0,2}[:#]?\s{0,2}[A-Z]{0,3}-?\d)/i), (v) =>
    /^[A-Z]{1,3}-?\d{4,}$|^\d{5,}$/.test(v),
  ),
  // An ambulance report's number written with "#" ("PCR# 24-003318"): a test's result is never numbered so.
  identifierRule('ID', src(/\be?PCR(?=\s{0,2}#)/), (v) => digitCount(v) >= 5),
  // A professional register's number ("GMC Reg. No. 7012345", "registration number 38114"): digits only, unlike a plate.
  identifierRule('LICENSE', src(/\breg(?:istration)?\.?\s(?:no\.?|number|#)/i), (v) => /^\d{4,8}$/.test(v)),
  // Ireland's personal public service number (seven digits and one or two letters) and medical card.
  identifierRule('ID', src(/\bPPSN?(?:\s(?:no\.?|number))?/), (v) => /^\d{7}[A-Z]{1,2}$/.test(v)),
  identifierRule('HEALTH_PLAN', src(/\bmedical\scard(?:\s(?:number|no\.?|#))?/i), (v) => digitCount(v) >= 5),
  // A portal's one-time code ("activation code 7KQ2-PX9M-44TR"): it opens the person's record.
  identifierRule(
    'ID',
    src(/\b(?:activation|access|enrol(?:l)?ment|pairing|invitation|invite)\s(?:code|key)/i),
    (v) => v.length >= 6,
  ),
  // A registration plate written in groups after its label ("rego CA 12 BX", "reg: 1AB 2CD", "plate MRC 2281").
  {
    type: 'VEHICLE',
    re: /\b(?:[Rr]ego|REGO|[Rr]eg(?:istration)?|REG|[Pp]late|PLATE|[Tt]ag)\.?[ \t]{0,2}(?:#|:|no\.?)?[ \t]{0,2}(?<v>[A-Z0-9]{1,4}(?:[ -][A-Z0-9]{1,4}){1,2})(?![\w-])/dg,
    group: 'v',
    accept: (v) =>
      /\d/.test(v) && /[A-Z]/.test(v) && v.replace(/[ -]/g, '').length >= 5 && v.replace(/[ -]/g, '').length <= 8,
  },
  // A bare "ID" label before a long code ("Ins: BCBS MA  ID XYZ123456789"): whatever the card, an identifier (last, so a
  // labelled type found for the same span keeps its name).
  identifierRule('ID', src(/\bID(?=\s{0,2}[:#]?\s{0,3}[A-Z]{0,4}\d)/), (v) => (v.match(/\d/g)?.length ?? 0) >= 5),
  // A code of letter and digit groups joined by hyphens after an "ID", "chart", "badge" or "donor" label ("subject ID
  // STEP-HF-0419", "badge INT-0392", "UNOS donor ABCD-447-19",
  // "monitor ID TELE-7A-22-0381", "IHS chart CHN-00481"): letters first, four digits or more in all.
  {
    type: 'ID',
    re: /\b(?:ID|[Cc]hart|[Bb]adge|[Dd]onor)[ \t]{0,2}[:#]?[ \t]{0,3}(?<v>[A-Z]{2,6}(?:-[A-Z0-9]{1,6}){1,4})(?![\w-])/dg,
    group: 'v',
    accept: (v) => digitCount(v) >= 4,
  },
  {
    type: 'ZIP',
    re: /\b(?:zip|zip\s?code|zipcode|postal\s?code|post\s?code)\s{0,3}(?::|#|is)?\s{0,3}(?<v>\d{5}(?:-?\d{4})?)\b/dgi,
    group: 'v',
  },
  // Outside the US. International numbers in E.164 display form ("+44 20 7946 0958", "+91 98765 43210"): a plus, a
  // country code and 8-15 digits in groups. National numbers with a trunk 0 after a phone cue ("mob 0412 345 678").
  {
    type: (m, text) => (/\bfax\b/i.test(text.slice(Math.max(0, m.index - 24), m.index)) ? 'FAX' : 'PHONE'),
    re: /(?<![\w+])\+\d{1,3}(?:[\s.-]{0,2}\(?\d{1,5}\)?){2,6}(?![\d])/g,
    accept: (v) => digitCount(v) >= 8 && digitCount(v) <= 15,
  },
  {
    type: (m) => (/fax/i.test(m[0]) ? 'FAX' : 'PHONE'),
    re: /\b(?:phone|ph|tel|t[eé]l[eé]fono|telephone|cell|mobile|mob|home|work|landline|reached(?:\sat)?|contact|call)\.?\s{0,3}(?:#|:|no\.?|number)?\s{0,3}(?<v>\(?0\d{1,4}\)?(?:[\s.-]{1,2}\d{2,5}){1,4})(?!\d)/dgi,
    group: 'v',
    accept: (v) => digitCount(v) >= 8 && digitCount(v) <= 12,
  },
  // A number in groups after a phone label, written the local way without a trunk 0 ("Tel 33 5555 1290"): eight to
  // twelve digits in two to four groups, none a clinical quantity after a phone word.
  {
    type: (m) => (/fax/i.test(m[0]) ? 'FAX' : 'PHONE'),
    re: /\b(?:phone|ph|tel|t[eé]l[eé]fono|telephone|cell|mobile|mob|fax|landline)\.?\s{0,3}(?:#|:|no\.?|number)?\s{0,3}(?<v>[1-9]\d{1,3}(?:[\s.-]\d{2,5}){1,3})(?![\d.,/]?\d)/dgi,
    group: 'v',
    accept: (v) => digitCount(v) >= 8 && digitCount(v) <= 12,
  },
  // Postcodes with a shape no clinical token has: UK "SW1A 1AA", Canada "M5V 3L9", Australia "VIC 3065".
  {
    type: 'ZIP',
    re: /(?<![A-Za-z0-9])(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[ABCEGHJ-NPRSTVXY]\d[A-Z][\s-]\d[A-Z]\d)(?![A-Za-z0-9])/g,
  },
  { type: 'ZIP', re: /\b(?:NSW|VIC|QLD|TAS|ACT)\s{1,2}(?<v>\d{4})\b/dg, group: 'v' },
  // The town right before such a postcode ("London SW3 4RP", "Toronto ON M5V 3L9", "Fitzroy VIC 3065").
  {
    type: 'CITY',
    re: /(?<![\p{L}])(?<v>\p{Lu}[\p{L}'’-]{2,30}(?:\s\p{Lu}[\p{L}'’-]{2,30})?),?\s{1,2}(?:(?:(?:ON|QC|BC|AB|MB|SK|NS|NB|NL|PE)\s{1,2})?(?=(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[ABCEGHJ-NPRSTVXY]\d[A-Z][\s-]\d[A-Z]\d)(?![A-Za-z0-9]))|(?=(?:NSW|VIC|QLD|TAS|ACT)\s{1,2}\d{4}\b))/dgu,
    group: 'v',
    accept: (v) => !notAPlaceName(v),
  },
  // National health and identity numbers by their label (NHS, OHIP, RAMQ, Aadhaar, UHID, kennitala, DNI ...), whose
  // values are often printed in groups ("4567 8912 3456", "THEG 5508 1234").
  {
    // Canada's provincial health card ("HCN", "PHN") is a health plan number, with its version code ("-KT").
    type: (m) => (/^(?:medicare|hcn|phn)/i.test(m[0]) ? 'HEALTH_PLAN' : 'ID'),
    re: /\b(?:nhs(?:\s(?:number|no\.?))?|chi\s(?:number|no\.?)|ohip|ramq|health\scard(?:\s(?:number|no\.?))?|aadhaar|uhid|kt\.|kennitala|dni|nie|nir|bsn|personnummer|cpr\s(?:number|no\.?|nr\.?)|ihi|hcn|phn|medicare(?:\scard)?(?:\s(?:number|no\.?))?)\s{0,2}[:#]?\s{0,3}(?<v>[A-Z]{0,4}[\s.-]?\d[\d\s/-]{4,22}\d(?:[\s-]?[A-Z]{1,2}\b)?)/dgi,
    group: 'v',
    accept: (v) => digitCount(v) >= 6,
  },
  // National numbers with a trunk 0, printed in groups, with no cue: UK "07700 900482" and "01933 555 271", Nigeria
  // "0803 123 4567", Australia "0412 345 678". Ten or eleven digits opening with 0 are not a clinical quantity.
  {
    type: (m, text) => (/\bfax\b/i.test(text.slice(Math.max(0, m.index - 24), m.index)) ? 'FAX' : 'PHONE'),
    re: /(?<![\w+/.,-])\(?0\d{1,4}\)?[\s-]\d{3,4}[\s-]?\d{3,4}(?![\w/.,-]?\d)/g,
    // Irish and Dutch numbers have nine or ten digits ("01 808 5000", "06-12345678").
    accept: (v) => digitCount(v) >= 9 && digitCount(v) <= 11,
  },
  // Hospital and registration numbers by the labels used outside the US ("Hosp No", "Folder No", "UR", "IP No", "CRN",
  // "HSN", "DVA card"), and clinicians' registrations by their regulator ("GMC 7012345", "MDCN/R/45213").
  {
    type: 'MRN',
    re: /\b(?:hosp(?:ital)?\.?\s?(?:no\.?|number|#)|folder\s(?:no\.?|number|#)|ur(?:\s?(?:no\.?|number))?|[io]p\s(?:no\.?|number)|pt\.?\s(?:no\.?|number)|patient\s(?:no\.?)|reg(?:istration)?\s(?:no\.?|number)|file\s(?:no\.?|number)|crn|urn|hsn|phn|nhi|dva(?:\scard)?(?:\s(?:no\.?|number))?)(?![a-z])\s{0,2}[:#]?\s{0,3}(?<v>[A-Z]{0,4}[\s-]?\d[\d\s/.-]{3,16}\d(?:[\s-]?[A-Z]{1,2}\b)?)/dgi,
    group: 'v',
    accept: (v) => digitCount(v) >= 5 && !/^\d{1,3}(?:\s\d{1,3}){0,1}$/.test(v),
  },
  {
    type: 'LICENSE',
    re: /\b(?:GMC|NMC|HCPC|AHPRA|MCNZ|CPSO|MDCN|KMC|MCI|SMC|IMC|PMDC|MMC|HPCSA)(?:\s?(?:no\.?|number|#|reg(?:istration)?))?\s{0,2}[:#/]?\s{0,2}(?<v>(?:[A-Z]{1,3}\/)?[A-Z]{0,3}\d{4,8})\b/dg,
    group: 'v',
  },
  // National and institutional ID labels from outside the US ("NHI ZAC1234", "CNIC 42101-1234567-8", "PhilHealth No.
  // 12-050123456-7", "cédula V-12.345.678", "Resident number SSH-0447", "Prisoner no A1234BC").
  {
    type: 'ID',
    re: /\b(?:NHI|nhi|NRIC|nric|CNIC|cnic|CURP|[Cc]urp|[Pp]hil[Hh]ealth|PHILHEALTH|[Cc][eé]dula|[Mm]atric(?:ulation)?|(?:[Pp]risoner|[Rr]esident|[Ii]nmate|[Ss]tudent)\s(?:[Nn]o\.?|[Nn]umber|ID|id))(?![A-Za-z])(?:\s(?:[Nn]o\.?|[Nn]umber))?\s{0,2}[:#]?\s{0,3}(?<v>[A-Z]{0,4}[\s-]?[A-Z]{0,3}\d(?:[\dA-Z./-]|\s(?=\d)){2,18})/dg,
    group: 'v',
    accept: (v) => digitCount(v) >= 4 && !/^\d{1,3}(?:[.,]\d+)?$/.test(v),
  },
  // Record numbers by shape alone: an issuer's letters with a year and a serial ("KMC/2024/118273", "LUTH/22/0456",
  // "UCH-IB-2019-11342"), letters glued to six or more digits ("RGT0039128", "B-781203"), letters before two groups of
  // seven digits or more ("NHIS-0087-331920"), dotted forms ("H24.118372.K").
  {
    type: 'MRN',
    re: /(?<![\w/.-])(?:[A-Z]{2,6}(?:[/-][A-Z]{1,4})?[/-](?:19|20)?\d{2}[/-]\d{3,6}|[A-Z]{1,4}-?\d{6,10}|[A-Z]{2,6}-\d{3,6}-\d{4,8}|[A-Z]{1,3}\d{1,3}\.\d{5,8}(?:\.[A-Z0-9]{1,3})?)(?![\w/-])/g,
    // A trial's ClinicalTrials.gov registration ("NCT05544719") names a study, not a person.
    accept: (v) => !/^NCT\d{8}$/.test(v),
  },
  // A saint's name after a place preposition is a town or a hospital ("at St. Cloud til 5", "C/S at St. Joseph's Mercy",
  // "transfer to St Vincent's"); never a remedy ("to St. John's wort").
  {
    type: 'LOCATION',
    // Typed in lower case, the saint's possessive makes it a hospital ("in the ed at st. luke's").
    re: /\b(?:at|from|to|in)\s{1,2}(?<v>St\.?\s{1,2}[A-Z][a-z'’]{2,30}(?![a-z'’])(?:\s{1,2}[A-Z][a-z]{2,30}(?![a-z]))?|st\.?\s{1,2}[a-z]{3,30}['’]s(?![a-z]))(?!\s{1,2}wort\b)/dg,
    group: 'v',
    accept: (v) => !/\bwort$/i.test(v),
  },
  // A place's name right before the unit it has ("presented to Mercy West ED", "pt at Resurrection SNF", "go to Maine Med
  // ED"): after a place preposition, one to three capitalised words and an emergency or care unit; not a department
  // or clinical word alone ("to Peds ED", "to Cardiology ICU").
  {
    type: 'LOCATION',
    re: /\b(?:to|at|from|in)\s{1,2}(?<v>(?!(?:The|Dr|Mr|Mrs|Ms)\b)[A-Z][a-z'’]{1,30}(?:\s[A-Z][a-z'’]{1,30}){0,2})(?=\s{1,2}(?:ED|ER|SNF|ICU|CCU|NICU|PICU|PACU|ALF|LTACH|(?:peds|adult|main)\s(?:ED|ER))\b)/dg,
    group: 'v',
    accept: (v) =>
      v.split(/\s+/).some((w) => {
        const l = w.toLowerCase();
        return (
          !UNIT_QUALIFIERS.has(l) &&
          !clinicalWords().has(l) &&
          !DEPARTMENT_RE.test(l) &&
          !GENERIC_FACILITY_WORDS.has(l) &&
          !abbreviatesClinicalWord(l)
        );
      }),
  },
  // Typed in lower case after "at", "@" or "from", a facility whose name no dictionary knows ("@ northshore clinic").
  {
    type: 'LOCATION',
    re: /(?:\bat|@|\bfrom)\s{1,2}(?<v>[a-z][a-z'’-]{3,30}(?:\s[a-z][a-z'’-]{3,30})?\s(?:clinic|hospital|medical\scenter|health\scenter|urgent\scare|nursing\shome|care\shome|hospice|family\smed(?:icine)?|family\spractice|primary\scare|pediatrics|peds|dental|polyclinic))\b/dg,
    group: 'v',
    accept: (v) =>
      v
        .split(/\s+/)
        .slice(0, -1)
        .some(
          (w) =>
            !['clinic', 'hospital', 'medical', 'health', 'urgent', 'nursing', 'care', 'family', 'primary'].includes(
              w,
            ) &&
            !englishWords().has(w) &&
            !clinicalWords().has(w) &&
            !medicalTerms().has(w) &&
            !GENERIC_FACILITY_WORDS.has(w) &&
            !NEVER_NAME_WORDS.has(w) &&
            !DEPARTMENT_RE.test(w) &&
            !abbreviatesClinicalWord(w),
        ),
  },
  // A county, a parish or a borough: a place smaller than a state ("Lancaster Co.", "Holmes County", Irish "Co. Galway").
  {
    type: 'LOCATION',
    re: /(?<![A-Za-z])(?:(?:[A-Z][a-z'’]{2,30}[ \t]){0,2}[A-Z][a-z'’]{2,30}[ \t]{1,2}(?:County|Co\.|Parish|Borough)|Co\.[ \t]{1,2}[A-Z][a-z]{2,30})(?![A-Za-z])/g,
    accept: (v) =>
      v
        .split(/[ \t]+/)
        .filter((w) => !/^(?:County|Co\.?|Parish|Borough)$/.test(w))
        .every((w) => {
          const l = w.toLowerCase();
          return (
            !GENERIC_FACILITY_WORDS.has(l) &&
            !NEVER_NAME_WORDS.has(l) &&
            !clinicalWords().has(l) &&
            !/^(?:in|at|of|for|to|from|by|on|per|same|each)$/.test(l)
          );
        }),
  },
  // A hospital by its initials: Medical Center, General Hospital, Women's Hospital ("UMMC", "MGH", "BWH"); not a
  // regulator ("GMC", "NMC") and not a label before its number ("KMC/2024/118273" is a record number).
  {
    type: 'LOCATION',
    re: /(?<![A-Za-z0-9/-])[A-Z]{1,4}(?:MC|GH|WH)(?![A-Za-z0-9]|[/-]\d|\s{0,2}(?:[:#]|no\.?\s|\d))/g,
    accept: (v) => !/^(?:GMC|NMC|SMC|MMC)$/.test(v),
  },
  // A shop or pharmacy with its store number ("CVS Pharmacy #4417", "Walgreens #10482").
  {
    type: 'LOCATION',
    re: /(?<![A-Za-z])(?:[A-Z][A-Za-z&'’.-]{1,30}\s{1,2}){0,3}[A-Z][A-Za-z&'’.-]{1,30}\s{0,2}#\s?\d{3,6}\b/g,
    accept: (v) =>
      /\b(?:pharmacy|drugs?|drugstore|chemist|apothecary|store|walgreens|cvs|walmart|costco|kroger|safeway|boots)\b/i.test(
        v,
      ),
  },
];

const digitCount = (v: string) => v.replace(/\D/g, '').length;

let sortedClinicalWords: string[] | null = null;
/** A clipped clinical word ("anticoag", "cardio", "rheum"): the start of a word of the clinical or medical lexicon. */
function abbreviatesClinicalWord(w: string): boolean {
  sortedClinicalWords ??= [...clinicalWords()].sort();
  const words = sortedClinicalWords;
  // Binary search for the first word not below w: it starts with w when any word does.
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]! < w) lo = mid + 1;
    else hi = mid;
  }
  // The medical terms are searched in their own sorted table, not copied into this list.
  return (lo < words.length && words[lo]!.startsWith(w)) || medicalTerms().hasPrefix(w);
}

/** Words that are not a city: states and countries (not identifiers under Safe Harbor), clinical and common words. */
function notAPlaceName(v: string): boolean {
  const lower = v.toLowerCase();
  if (STATE_WORDS.has(lower) || COUNTRY_WORDS.has(lower)) return true;
  return v
    .split(/\s+/)
    .every(
      (w) =>
        NEVER_NAME_WORDS.has(w.toLowerCase()) ||
        clinicalWords().has(w.toLowerCase()) ||
        STATE_WORDS.has(w.toLowerCase()) ||
        COUNTRY_WORDS.has(w.toLowerCase()),
    );
}

// Runs of one to three capitalised words: Title Case or all capitals, each may carry a period or apostrophe ("St.").
const CAPITALISED_RUN_RE =
  /\b[A-Z][\p{Ll}'’.-]*[\p{Ll}]\.?(?:[ \t][A-Z][\p{Ll}'’.-]*[\p{Ll}]\.?){0,2}\b|\b[A-Z]{3,}(?:[ \t][A-Z]{3,}){0,2}\b/gu;

/**
 * A word that says nothing on its own about a place: common English or clinical vocabulary, a state or country. The
 * full English list is not asked: it holds Boston and Phoenix.
 */
function placeWordIsVocabulary(word: string): boolean {
  const l = word.toLowerCase().replace(/[.'’]+$/, '');
  return notAPlaceName(l) || commonEnglishWords().has(l) || EPONYMS.has(l) || SCORE_EPONYMS.has(l);
}

const PLACE_PREPOSITION_RE = /\b(?:in|at|from|to|near|outside|around|toward|towards|via)[ \t]{1,2}$/i;

/**
 * Towns and cities of the gazetteer after a place preposition ("close to her sister in Yakima", "moving to Worcester"):
 * the longest run of capitalised words that names a place of at least `placeMinPopulation` people, when some word of it
 * is no common English word (so "in Mobile", "to Reading" are left to the cued rules) and the word after it does not
 * make it an eponym ("in Wilson disease").
 */
function gazetteerPlaces(text: string): PhiEntity[] {
  const min = DEID_TUNING.placeMinPopulation;
  if (min <= 0) return [];
  const table = placeNames(min);
  const found: PhiEntity[] = [];
  for (const m of text.matchAll(CAPITALISED_RUN_RE)) {
    if (!PLACE_PREPOSITION_RE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    const words = [...m[0].matchAll(/\S+/g)];
    // The longest run from the preposition on that names a place ("in Grand Junction", "to Salt Lake City").
    for (let j = words.length; j > 0; j--) {
      const phrase = words.slice(0, j).map((w) => w[0]);
      const name = phrase.join(' ').toLowerCase().replace(/[.,]$/, '');
      if ((table.get(name) ?? 0) < min || phrase.every(placeWordIsVocabulary)) continue;
      const end = m.index + words[j - 1]!.index + words[j - 1]![0].length;
      const next = /^[\s'’s]{0,3}([A-Za-z]+)/.exec(text.slice(end, end + 20))?.[1]?.toLowerCase();
      if (!(next && EPONYM_FOLLOWERS.has(next))) found.push({ type: 'CITY', start: m.index, end });
      break;
    }
  }
  return found;
}

/** A model year right before a make ("red 2017 Subaru"), not a year of an event ("in 2017", "since 2019"). */
const VEHICLE_YEAR_BEFORE_RE =
  /(?<!\b(?:in|since|until|till|from|by|before|after|during|dob|born|year|circa|~)[ \t]{1,2})(?<![\d/.-])(?:19[5-9]\d|20\d\d)[ \t]{1,2}$/i;
const VEHICLE_CUE_RE =
  /\b(?:vehicle|car|truck|van|suv|pickup|sedan|motorcycle|plate|reg(?:istration)?|vin|driver|driving|drove|drives|entering|parked|valet|mvc|crash|collision)\b/i;
/** "2016 Chevy Malibu, MA plate 6LYZ45": a model year and a make, not a house number and a street. */
function vehicleContext(v: string, m: RegExpExecArray, text: string): boolean {
  if (!/^(?:19|20)\d\d\s/.test(v)) return false;
  const around = text.slice(Math.max(0, m.index - 40), m.index + v.length + 40);
  return /\b(?:vehicle|car|truck|van|suv|plate|reg(?:istration)?|vin|driver|driving|drove|entering|parked|valet|mvc|crash)\b/i.test(
    around,
  );
}

/** The town right after a street line ("1440 Orchard Blvd, Worcester; ...", "1044 Dickens Harbor, Marlborough."). */
function withTownsAfterStreets(text: string, found: PhiEntity[]): PhiEntity[] {
  const towns: PhiEntity[] = [];
  for (const e of found) {
    if (e.type !== 'ADDRESS') continue;
    const m =
      /^,?[ \t]{1,2}((?:St\.|Ft\.|Mt\.|[A-Z][A-Za-z'’-]{1,30})(?:[ \t][A-Z][A-Za-z'’-]{1,30}){0,2})(?:[ \t]{1,2}(\d{5}(?:-\d{4})?))?(?=[ \t]{0,2}(?:[;.,\n)("'”’]|$))/.exec(
        text.slice(e.end, e.end + 70),
      );
    // "1201 north maple street in decatur": a town after "in", in any case, that no dictionary knows.
    const inTown = /^[ \t]{1,2}in[ \t]{1,2}([A-Za-z][a-z'’-]{2,30})(?=[ \t]{0,2}(?:[;.,\n)(]|$))/.exec(
      text.slice(e.end, e.end + 40),
    );
    if (
      inTown &&
      !englishWords().has(inTown[1]!.toLowerCase()) &&
      !clinicalWords().has(inTown[1]!.toLowerCase()) &&
      !medicalTerms().has(inTown[1]!.toLowerCase()) &&
      !notAPlaceName(inTown[1]!)
    )
      towns.push({ type: 'CITY', start: e.end + inTown[0].length - inTown[1]!.length, end: e.end + inTown[0].length });
    if (!m || notAPlaceName(m[1]!)) continue;
    const townEnd = e.end + m[0].length - (m[2] ? m[0].length - m[0].indexOf(m[1]!) - m[1]!.length : 0);
    towns.push({ type: 'CITY', start: townEnd - m[1]!.length, end: townEnd });
    if (m[2]) towns.push({ type: 'ZIP', start: e.end + m[0].length - m[2].length, end: e.end + m[0].length });
  }
  return [...found, ...towns];
}

// One part of a written address: words that start with a capital or a digit ("Flat 2/1", "Ashfield Court", "Brgy. San
// Isidro", "Dublin 3", "Blk 5 Lot 12"), joined by the few lower-case words addresses use.
const ADDRESS_PART =
  /^(?:[A-Z0-9][\p{L}\d.'’/-]*)(?:[ \t]+(?:[A-Z0-9][\p{L}\d.'’/-]*|of|upon|on|de|la|le|du|del|y|the|rue|no\.?)){0,4}$/u;
// A part that is another field, not the address: a label, a document number, a clinical or contact word.
const NOT_ADDRESS_PART =
  /\b(?:tel|mob|mobile|ph|phone|cell|fax|email|dob|d\.o\.b|nhs|mrn|hosp|id|dx|rx|hx|age|sex|ward|bed|dr|mr|mrs|ms|gp|nok|pt|patient|seen|admitted|discharged|referred|allergies|meds?)\b/i;

/**
 * The rest of an address around a street or postcode already found, part by comma-separated part, as long as each part
 * reads as one: "Flat 2/1, 17 Byres Road, Glasgow G12 8TT", "Blk 5 Lot 12, Phase 2, Brgy. San Isidro, Antipolo City".
 */
function withAddressParts(text: string, found: PhiEntity[]): PhiEntity[] {
  const parts: PhiEntity[] = [];
  // States and countries are not identifiers (Safe Harbor keeps them), nor are clinical words.
  const isPart = (v: string) =>
    ADDRESS_PART.test(v.trim()) &&
    !NOT_ADDRESS_PART.test(v) &&
    v.trim().length <= 40 &&
    !notAPlaceName(v.trim()) &&
    !/^[A-Z]{2,3}$/.test(v.trim()); // a state or province code ("MA", "NSW", "QC")
  for (const e of found) {
    if (e.type !== 'ADDRESS' && e.type !== 'ZIP') continue;
    // Forward: ", part" runs up to a sentence end, a line end or a part that is not one.
    let end = e.end;
    for (let i = 0; i < ADDRESS_PART_MAX; i++) {
      const m = /^,[ \t]{0,2}([^,.;\n|]+?)(?=[ \t]{0,2}(?:[,;\n|]|\.(?:\s|$)|$))/.exec(text.slice(end, end + 60));
      if (!m) break;
      const part = { type: 'ADDRESS' as const, start: end + m[0].indexOf(m[1]!), end: end + m[0].length };
      // A part found already (a town, a postcode) keeps its own label; the run goes on past it.
      const known = found.some((f) => f.start < part.end && f.end > part.start);
      if (!known && !isPart(m[1]!)) break;
      if (!known) parts.push(part);
      end += m[0].length;
    }
    // Backward: "part, " before it, up to a line start, a sentence end or a label.
    let start = e.start;
    for (let i = 0; i < ADDRESS_PART_MAX; i++) {
      const m = /(?:^|[,;:\n|]|\.\s)[ \t]{0,2}([^,.;:\n|]+?),[ \t]{0,2}$/.exec(
        text.slice(Math.max(0, start - 60), start),
      );
      if (!m || !isPart(m[1]!) || !/\d/.test(m[1]!)) break;
      const at = start - (m[0].length - m[0].indexOf(m[1]!));
      if (found.some((f) => f.start < at + m[1]!.length && f.end > at)) break;
      parts.push({ type: 'ADDRESS', start: at, end: at + m[1]!.length });
      start = at;
    }
  }
  return [...found, ...parts];
}
const ADDRESS_PART_MAX = 4;

/** Labels of an address field in the languages of the notes ("Address:", "Addr:", "Anschrift:", "Adres:", "Domicilio:"). */
const ADDRESS_LABEL_RE =
  /(?<![A-Za-z])(?:[Hh]ome\s|HOME\s)?(?:[Aa]ddress|ADDRESS|[Aa]ddr|ADDR|[Aa]nschrift|[Aa]dres|[Aa]dresse|[Dd]omicilio|[Dd]irecci[oó]n|[Ee]ndere[cç]o|[Ii]ndirizzo)\.?[ \t]{0,2}:[ \t]{0,3}/g;
/** Where an address field's value ends on its line: a separator, a column gap, the next field's label, a sentence end. */
const ADDRESS_FIELD_END_RE =
  /[;|\t]| {2,}|,?\s+(?=(?:tel|t[eé]l[eé]fono|mob|mobile|ph|phone|cell|fax|e-?mail|dob|d\.o\.b|nhs|mrn|dx|hx|pmh|pcp|gp|nok|contact)\b)|\s(?=[A-Z][A-Za-z/.]{1,14}:)/i;
const ADDRESS_SENTENCE_END_RE = /(?<=\d|[a-z]{4})\.(?=\s)|\.\s+(?=[A-Z][a-z]+\s+[a-z])/;

/**
 * The value of an address field, to the end of its line or the next field ("Address: 88 Rue Saint-Denis, app. 5,
 * Gatineau QC J8Y 3K2", "Anschrift: Lindenstraße 12, 80331 München"), when it has a number (a house or a postcode).
 */
function withLabelledAddresses(text: string, found: PhiEntity[]): PhiEntity[] {
  const fields: PhiEntity[] = [];
  for (const m of text.matchAll(ADDRESS_LABEL_RE)) {
    const start = m.index + m[0].length;
    const line = text.slice(start, start + 120).split('\n')[0]!;
    const cuts = [ADDRESS_FIELD_END_RE.exec(line)?.index, ADDRESS_SENTENCE_END_RE.exec(line)?.index];
    let value = line.slice(0, Math.min(...cuts.map((c) => c ?? line.length)));
    // Trailing punctuation ends the field, but an abbreviation keeps its period ("44100 Guadalajara, Jal.").
    value = value.replace(/[\s,;:]+$/, '');
    if (value.endsWith('.') && !/(?:^|\s)[A-Z][a-z]{0,3}\.$/.test(value)) value = value.replace(/\.+$/, '');
    if (value.length < 6 || !/\d/.test(value)) continue;
    fields.push({ type: 'ADDRESS', start, end: start + value.length });
  }
  return [...found, ...fields];
}

/** States, provinces and territories as written inside a postal address ("TX", "Ohio", "QC", "NSW"). */
const ADDRESS_REGION = `(?:${STATE_ABBR_SAFE}|${STATE_NAMES}|ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|NT|YT|NU|NSW|VIC|QLD|TAS|ACT|SA|WA)`;
/** What joins two parts of one postal address on a line: a comma or spaces, and the state or province between them. */
const ADDRESS_JOIN_RE = new RegExp(
  `^(?:,[ \\t]{0,3}|[ \\t]{1,3})(?:${ADDRESS_REGION}\\.?(?:,[ \\t]{0,3}|[ \\t]{1,3}))?$`,
);
/**
 * A town and its state between a street line and a postcode ("2231 calle ocho apt 7, miami fl 33135", "Rd, Gain esville,
 * FL 32605"), with or without a comma before the state.
 */
const TOWN_REGION_JOIN_RE = new RegExp(
  `^,[ \\t]{0,2}(?:[A-Za-z][A-Za-z'’.-]{1,30}[ \\t]{1,2}){0,2}[A-Za-z][A-Za-z'’.-]{1,30},?[ \\t]{1,2}${ADDRESS_REGION}\\.?,?[ \\t]{1,2}$`,
  'i',
);
/** A state or province right after a town ("Bozeman, MT", "Chinle, AZ"): part of the place written. */
const REGION_AFTER_TOWN_RE = new RegExp(`^,?[ \\t]{1,2}${ADDRESS_REGION}(?![A-Za-z0-9])`);
/** A unit written before its street line ("Apt 14C, 300 Bay Pkwy", "Unit 4/22 Ocean St"). */
const UNIT_BEFORE_RE =
  /(?<![A-Za-z])(?:apt|apartment|unit|flat|suite|ste|rm|room)\.?[ \t]{0,2}#?[A-Za-z0-9-]{1,6}(?:\/|,[ \t]{0,2}|[ \t]{1,2})$/i;

/**
 * One postal address is one identifier: its street line, town, state or province and postcode with the commas between
 * them ("4410 Almeda Rd Apt 3B, Houston, TX 77004"), a unit written before the street, and the state after a town.
 */
function withWholeAddresses(text: string, found: PhiEntity[]): PhiEntity[] {
  const parts = found
    .filter((e) => e.type === 'ADDRESS' || e.type === 'CITY' || e.type === 'ZIP')
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const runs: PhiEntity[] = [];
  for (let i = 0; i < parts.length; i++) {
    let { start, end } = parts[i]!;
    let street = parts[i]!.type === 'ADDRESS';
    let last = parts[i]!;
    let j = i + 1;
    for (; j < parts.length; j++) {
      const next = parts[j]!;
      if (next.start < end) {
        end = Math.max(end, next.end);
        street ||= next.type === 'ADDRESS';
        last = next;
        continue;
      }
      const gap = text.slice(end, next.start);
      const townBetween = street && next.type === 'ZIP' && TOWN_REGION_JOIN_RE.test(gap);
      if (!ADDRESS_JOIN_RE.test(gap) && !townBetween) break;
      end = next.end;
      street ||= next.type === 'ADDRESS';
      last = next;
    }
    i = j - 1;
    if (last.type === 'CITY') {
      const region = REGION_AFTER_TOWN_RE.exec(text.slice(end, end + 24));
      if (region) end += region[0].length;
    }
    if (street) {
      const unit = UNIT_BEFORE_RE.exec(text.slice(Math.max(0, start - 24), start));
      if (unit) start -= unit[0].length;
    }
    runs.push({ type: street ? 'ADDRESS' : 'CITY', start, end });
  }
  return [...found, ...runs];
}

/** Every other mention of a town already found in the note ("lives in Winchester" ... "Winchester ED"). */
function withRepeatedPlaces(text: string, found: PhiEntity[]): PhiEntity[] {
  const towns = new Set(
    found
      .filter((e) => e.type === 'CITY')
      .map((e) => text.slice(e.start, e.end))
      .filter((v) => v.length >= 3 && /^[A-Z]/.test(v)),
  );
  if (!towns.size) return found;
  const extra: PhiEntity[] = [];
  for (const town of towns) {
    const re = new RegExp(`(?<![A-Za-z0-9])${town.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'gi');
    for (const m of text.matchAll(re)) {
      // Same case as found, or the upper-case form of a banner.
      if (m[0] === town || m[0] === town.toUpperCase())
        extra.push({ type: 'CITY', start: m.index!, end: m.index! + m[0].length });
    }
  }
  return [...found, ...extra];
}

/**
 * A clock time right after a date ("02/17/2026 9:48 PM", "[3/6 22:41]"): part of the timestamp. A time told after "at"
 * joins a whole date ("12/01/2025 at 20:00") but stays after a month and day ("Tuesday 3/5 at 14:00").
 */
const TIME_AFTER_DATE_RE =
  /^(?:,?[ \t]{1,2}(?:(?:at|@)[ \t]{1,2}(?=\d))?(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?(?:[ \t]?[AaPp]\.?[Mm]\.?(?![A-Za-z]))?/;
/** The rest of an ISO 8601 time after its minutes: seconds, fraction and UTC offset ("T09:12:00-05:00", "T09:12Z"). */
const ISO_TIME_TAIL_RE = /^(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?(?![\d:])/;
/** A clock time told before a date it belongs to ("Time of death 04:52 on 02/03/2026"). */
const TIME_BEFORE_DATE_RE = /(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?:[ \t]?[AaPp]\.?[Mm]\.?)?[ \t]{1,2}on[ \t]{1,2}$/;
/** A day of the week right before a date ("Monday, March 2, 2026"). */
const WEEKDAY_BEFORE_DATE_RE = new RegExp(`\\b${WEEKDAY}\\.?,?[ \\t]{1,2}$`);

/** Title-case words that end a line or a clause right after a facility's name: its town, when a gazetteer place. */
const FACILITY_PLACE_AFTER_RE =
  /^[ \t]([A-Z][a-z'’]{2,30}(?:[ \t][A-Z][a-z'’]{2,30}){0,2})(?=[ \t]{0,2}(?:[,.;:)\n]|$)|[ \t]{2})/;
/** A town of the gazetteer as large as a town after a place preposition, not every word of it a common word. */
function gazetteerTown(v: string): boolean {
  const min = DEID_TUNING.placeMinPopulation;
  return (
    min > 0 && (placeNames(min).get(v.toLowerCase()) ?? 0) >= min && !v.split(/[ \t]/).every(placeWordIsVocabulary)
  );
}

/** A facility's branch or laboratory inside its span. */
function withFacilityTails(text: string, found: PhiEntity[]): PhiEntity[] {
  return found.map((e) => {
    if (e.type !== 'LOCATION') return e;
    const after = text.slice(e.end, e.end + 60);
    const tail = FACILITY_TAIL_RE.exec(after);
    if (tail) return { ...e, end: e.end + tail[0].trimEnd().length };
    // Its town after a dash ("Ferncliff Outpatient Rehab – Shelburne"), a place word, not a heading's title.
    // Its town right after it when the gazetteer knows the town ("St. Joseph Mercy Ann Arbor"), as for a town after "in".
    const place = FACILITY_PLACE_AFTER_RE.exec(after);
    if (place && gazetteerTown(place[1]!)) return { ...e, end: e.end + place[0].length };
    const town = FACILITY_TOWN_AFTER_RE.exec(after);
    return town &&
      !notAPlaceName(town[1]!) &&
      !DEPARTMENT_RE.test(town[1]!.toLowerCase()) &&
      !medicalTerms().has(town[1]!.toLowerCase())
      ? { ...e, end: e.end + town[0].length }
      : e;
  });
}

/** A date's timestamp as one span: the weekday before it and the clock time after it. */
function withTimestamps(text: string, found: PhiEntity[]): PhiEntity[] {
  return found.map((e) => {
    if (e.type !== 'DATE') return e;
    let time = TIME_AFTER_DATE_RE.exec(text.slice(e.end, e.end + 20))?.[0] ?? '';
    if (/T\d{2}:\d{2}$/.test(text.slice(e.start, e.end)))
      time = ISO_TIME_TAIL_RE.exec(text.slice(e.end, e.end + 20))?.[0] ?? '';
    // A time after "at" is the timestamp's only with a whole date ("12/01/2025 at 20:00"); "Tuesday 3/5 at 14:00" keeps it.
    if (/(?:at|@)/.test(time) && !/(?:19|20)\d\d|\d[/.-]\d{1,2}[/.-]\d{2}$/.test(text.slice(e.start, e.end))) time = '';
    const before = text.slice(Math.max(0, e.start - 16), e.start);
    const weekday = WEEKDAY_BEFORE_DATE_RE.exec(before.slice(-12))?.[0] ?? TIME_BEFORE_DATE_RE.exec(before)?.[0] ?? '';
    return time || weekday ? { ...e, start: e.start - weekday.length, end: e.end + time.length } : e;
  });
}

function validNumericDate(v: string): boolean {
  const parts = v.split(/[T\s]/)[0]!.split(/[/.-]/).map(Number);
  if (parts.length !== 3) return false;
  const [a, b, c] = parts as [number, number, number];
  if (a >= 1800) return b >= 1 && b <= 12 && c >= 1 && c <= 31;
  // m/d/y or d/m/y
  const monthFirst = a >= 1 && a <= 12 && b >= 1 && b <= 31;
  const dayFirst = b >= 1 && b <= 12 && a >= 1 && a <= 31;
  if (!monthFirst && !dayFirst) return false;
  // "1.5.10" style versions and dotted doses are rare as dates without a 4-digit year
  if (v.includes('.') && String(c).length !== 4) return false;
  return true;
}

function findPatternEntities(text: string): PhiEntity[] {
  const found: PhiEntity[] = [];
  // A rule none of whose required words the text contains is not run (see required-literals.ts): no match is lost.
  const literals = new LiteralIndex(text);
  for (const rule of RULES) {
    if (!literals.mayMatch(rule.re)) continue;
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(text)) !== null) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      const spans: [number, number][] = [];
      if (!rule.group) spans.push([m.index, m.index + m[0].length]);
      else
        for (const g of typeof rule.group === 'string' ? [rule.group] : rule.group) {
          const idx = m.indices?.groups?.[g];
          if (idx) spans.push([idx[0], idx[1]]);
        }
      for (const [start, spanEnd] of spans) {
        let end = spanEnd;
        let value = text.slice(start, end);
        // Trailing sentence punctuation is not part of a URL/e-mail/identifier; an abbreviation's period is ("Lancaster Co.").
        const trimmed = /(?<![A-Za-z])Co\.$/.test(value) ? value : value.replace(/[.,;:!?)\]'"]+$/, '');
        end -= value.length - trimmed.length;
        value = trimmed;
        if (!value) continue;
        if (rule.accept && !rule.accept(value, m, text)) continue;
        const type = typeof rule.type === 'function' ? rule.type(m, text) : rule.type;
        if (type) found.push({ type, start, end });
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------------
// Names

interface Token {
  start: number;
  /** End of the word without a possessive "'s". */
  end: number;
  text: string;
  lower: string;
  titleCase: boolean;
  allCaps: boolean;
  sentenceStart: boolean;
}

const TOKEN_RE = /(?<![A-Za-z0-9])[A-Za-z][A-Za-z'’]{0,40}(?:-[A-Za-z][A-Za-z'’]{0,40}){0,3}/g;
const RELATION_CUES = new Set(
  (
    'wife husband son daughter mother father mom dad sister brother spouse partner fiance fiancee friend caregiver guardian ' +
    'niece nephew aunt uncle cousin grandson granddaughter grandmother grandfather grandma grandpa girlfriend boyfriend ' +
    'roommate neighbor neighbour employer boss coworker daughter-in-law son-in-law stepson stepdaughter stepmother stepfather ' +
    'mama mum papa nana nanna granny gran grandad granddad auntie ' +
    // Charting abbreviations of relations ("dtr Grace", "dau Mei").
    'dtr dau ' +
    'poa hcp proxy surrogate contact'
  )
    .split(' ')
    // "great-granddaughter", "great-great-grandson", "step-son", "mother-in-law": the same relation, compounded.
    .flatMap((r) =>
      /^(?:grand|son$|daughter$|mother$|father$|sister$|brother$)/.test(r)
        ? [r, `great-${r}`, `great-great-${r}`, `step-${r}`, `${r}-in-law`]
        : [r],
    ),
);
/**
 * People named by their role beside the patient ("Supervisor Dale", "Medic J. Kamau"): a name cue like a relation,
 * before a given name or a word no dictionary knows ("Interpreter Services" stays).
 */
const ROLE_CUES = new Set(
  // A witness, an insurer's adjuster and a social or case worker are named on incident and claim forms.
  'interpreter translator supervisor medic paramedic caseworker landlord landlady counselor counsellor sponsor witness adjuster worker'.split(
    ' ',
  ),
);
/**
 * Staff and patient roles written right before a person's given name ("RN Tameka Graves", "pharmacist Omar Lane",
 * "patient Terrence Major"): a word after that given name is the surname even when it is an eponym or a clinical word.
 */
const STAFF_CUES = new Set(
  (
    'rn lpn lvn np cna nurse pharmacist therapist coordinator aide chaplain dietitian dietician patient pt resident attending ' +
    // Doctors' grades, British and Commonwealth too ("Dr Chukwuemeka Eze (Registrar)").
    'registrar consultant intern fellow physician surgeon'
  ).split(' '),
);
/** A phone number after a word, perhaps labelled, in digits or dictated ("646 555 0155", "phone four one five"). */
const CONTACT_AFTER_RE =
  /^[ \t]{1,2}(?:(?:phone|ph|cell|mobile|tel|at|on|@|#)[ \t:#]{0,3})?(?:\+?\d{3}|\(\d{3}|(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[ \t,-]{1,2}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b)/i;
/** Cues for another name of the same person; `p` is an opening parenthesis, `q` an opening quote before the name. */
const NICKNAME_CUE_RE =
  /(?<p>\(?)\s{0,2}\b(?:goes\sby|known\sas|prefers(?:\sto\sbe\scalled|\sthe\sname)?|preferred\sname(?:\sis)?|legal\sname(?:\sis)?|real\sname(?:\sis)?|also\scalled|called|nicknamed?|a\.?k\.?a\.?)\s{0,2}:?\s{1,2}(?<q>["“'‘]?)/gi;
const NAME_LABEL_CUES = new Set([
  'name',
  'named',
  'called',
  'aka',
  'alias',
  'nickname',
  'nicknamed',
  'surname',
  'firstname',
  'lastname',
]);
/** Endings of medical and drug terms (procedures, diseases, drug stems): an unknown capitalised word with one is not a name. */
const MEDICAL_SUFFIX =
  /(?:graphy|scopy|itis|osis|emia|aemia|ectomy|otomy|ostomy|plasty|pathy|algia|oma|omas|ase|pril|sartan|olol|statin|mab|nib|vir|cillin|mycin|azole|afil|gliptin|gliflozin|dipine|azepam|azolam|oxacin|cycline|prazole|tidine|setron|triptan|lukast|terol|sone|olone|uria|penia|cytosis|lysis|trophy|plasia|genic|ium|ococcus|ococci|bacter|monas|ella|virus|cocci|bacilli|cystic|cystis|atory|ular|ic|oid|oids|yl|phobia|philia|plegia|paresis|esthesia|algesia|kinesia|tropin|tropic)$/;
/** Verbs that follow a person as the subject of a sentence in a case description ("Victor asks", "Hodkiewicz reports"). */
const SUBJECT_VERBS = new Set(
  (
    'is was has had reports reported says said states stated asks asked presents presented complains complained denies denied ' +
    'endorses endorsed notes noted takes took lives lived works worked wants wanted feels felt returns returned comes came went goes ' +
    'walks uses used needs needed continues continued started stopped refuses refused declined prefers preferred agrees agreed ' +
    'got gets called calls wonders wondered tells told mentions mentioned describes described admits admitted drinks smokes ' +
    'injects quit developed underwent remains family household'
  ).split(' '),
);
const MODAL_WORDS = new Set(['will', 'may', 'can', 'must', 'might']);
/** Verbs whose subject in a clinical note is a person, never a symptom, finding or test ("asks", "denies", "prefers"). */
const PERSON_VERBS = new Set(
  (
    'asks asked says said states stated reports reported denies denied complains complained endorses endorsed wants wanted ' +
    'wonders wondered tells told mentions mentioned admits admitted refuses refused declines declined prefers preferred ' +
    'agrees agreed lives lived works worked smokes smoked drinks drank injects quit'
  ).split(' '),
);
/** Person verbs that are also plural nouns ("Laboratory reports show", "Tax returns were"). */
const PLURAL_NOUN_VERBS = new Set(['reports', 'returns', 'presents', 'drinks', 'works', 'states']);
/**
 * A predicate only a patient takes in a case description ("... has a pacemaker", "... is on warfarin", "... underwent a
 * CABG", "... was admitted with pneumonia"), matched right after a sentence's first word. Lower case, as typed. "has" in a
 * perfect or passive ("has been approved", "has developed") is not possession and does not count.
 */
const PATIENT_PREDICATE_RE =
  /^\s{1,2}(?:has\s{1,2}(?:had|been\s{1,2}(?:on|taking|diagnosed\s{1,2}with|treated\s{1,2}(?:for|with)))|(?:has|had)(?!\s{1,2}(?:been|[a-z]+ed|grown|shown|seen|given|taken|done|gone|risen|fallen|become|begun|come|got|gotten|to)(?![A-Za-z]))|takes|took|underwent|developed|(?:is|was|remains|remained)\s{1,2}(?:on|taking|allergic\s{1,2}to|diagnosed\s{1,2}with|started\s{1,2}on|admitted\s{1,2}(?:for|with)|treated\s{1,2}(?:for|with)|found\s{1,2}to\s{1,2}have|s\/p|status\s{1,2}post)|presents\s{1,2}with|presented\s{1,2}with|continues\s{1,2}on)(?![A-Za-z])/;
/**
 * What a patient has, beyond the clinical lexicon: devices, history words, findings and lesions. Such a word is the object
 * of a patient predicate; as the subject ("Rash has a raised border", "Pacemaker has a low battery") it is not a person.
 */
const PATIENT_ATTRIBUTE_WORDS = new Set(
  (
    'pacemaker pacer defibrillator icd aicd crt-d stent stents implant implants port portacath picc catheter shunt valve ' +
    'prosthesis lvad pump ostomy colostomy ileostomy urostomy tracheostomy trach peg g-tube j-tube foley fistula graft ' +
    'cabg pci tavr tavi ablation transplant dialysis hemodialysis history hx pmh allergy allergies fever cough rash ' +
    'murmur wound ulcer lesion lesions tumor tumour nodule nodules cyst cysts mass effusion swelling bleeding bleed nausea ' +
    'vomiting diarrhea diarrhoea constipation seizures pneumonia anemia anaemia sepsis infection fracture fall falls ' +
    'incision drain biopsy diagnosis dx prognosis symptoms symptom complaint complaints'
  ).split(' '),
);
/**
 * Sentence subjects that have findings but are not people: body parts, specimens, devices and documents ("Abdomen has a
 * mass", "Stool has blood", "Formulary has apixaban"), and people or animals named by what they are ("Twin has asthma").
 */
const NON_PERSON_HOLDERS = new Set(
  (
    'abdomen belly tummy stomach chest thorax lung lungs heart liver kidney kidneys spleen pancreas gallbladder bladder bowel ' +
    'bowels colon rectum anus gut skin scalp face forehead cheek jaw eye eyes eyelid ear ears nose mouth lip lips tongue gum ' +
    'gums tooth teeth throat tonsil tonsils neck back spine arm arms forearm hand hands finger fingers thumb nail nails toenail ' +
    'wrist elbow shoulder hip hips leg legs thigh calf knee knees ankle ankles foot feet toe toes heel sole groin buttock ' +
    'buttocks flank pelvis breast breasts nipple penis scrotum testis testicle testicles vagina vulva cervix uterus womb ovary ' +
    'ovaries prostate brain head skull joint joints muscle muscles bone bones tendon artery vein aorta valve thyroid ' +
    'stool stools urine sputum blood serum plasma csf fluid sample specimen swab culture cultures smear film xray x-ray ' +
    'scan scans image images imaging report result results monitor holter telemetry device battery generator lead leads ' +
    'formulary protocol pathway policy regimen med meds drug drugs vaccine vaccines dose doses tablet tablets pill pills ' +
    'product brand combination order orders chart record site scar spot area region side something anything everything ' +
    'nothing morning evening night tonight week weekend month year twin twins sibling siblings fetus fetuses embryo ' +
    'pet pets dog dogs cat cats puppy kitten horse cow bird birds bat bats rat rats mouse mice tick ticks mosquito ' +
    'sample home house apartment room workplace school daycare'
  ).split(' '),
);
const HISTORY_WORDS = new Set(['history', 'hx', 'pmh']);
/** Words between a patient predicate and its object: articles, severity, time course, side ("has a long-standing left ..."). */
const OBJECT_FILLERS = new Set(
  (
    'a an the no known new old chronic acute severe mild moderate significant recurrent longstanding long-standing prior ' +
    'previous recent persistent paroxysmal permanent intermittent possible suspected presumed probable poorly well badly ' +
    'uncontrolled controlled stable unstable end-stage advanced early late metastatic dual-chamber dual single ' +
    'single-chamber biventricular left right bilateral mechanical implanted type stage grade class his her their ' +
    'history hx of pmh significant underlying'
  ).split(' '),
);
/** Verbs of a patient predicate that agree with a plural subject too ("Studies had to report", "Investigators developed"). */
const PLURAL_AGREEING_PREDICATE = /^\s{1,2}(?:had|took|underwent|developed|presented)(?![A-Za-z])/;
/** Conjunctions after which a capitalised word opens a clause of its own ("... and Stone has a pacemaker"). */
const CLAUSE_OPENERS = new Set([
  'and',
  'but',
  'because',
  'so',
  'although',
  'though',
  'while',
  'since',
  'when',
  'if',
  'now',
  'then',
]);
const REPORTING_VERBS = new Set(
  (
    'show shows showed shown reveal reveals revealed indicate indicates indicated demonstrate demonstrates demonstrated confirm ' +
    'confirms confirmed suggest suggests suggested include includes included are were have had from of on in for'
  ).split(' '),
);
/** Sentence subjects that are people or groups but not names ("Everyone asks", "Nobody smokes", "Staff reports"). */
const NOT_A_PERSON_SUBJECT = new Set(
  (
    'everyone everybody someone somebody anyone anybody nobody noone none one each neither either all both many few most ' +
    'several others other another staff nursing family household parents relatives children kids visitors caller writer ' +
    'author reporter sender resident residents student students trainee intern fellow attending consultant specialist ' +
    'pharmacist therapist physician surgeon radiologist cardiologist nephrologist neurologist oncologist psychiatrist ' +
    'hospitalist clinician clinicians provider providers team ems paramedics police school teacher employer ' +
    'also then now later today yesterday initially subsequently later finally however additionally furthermore patient ' +
    // Services, departments and roles that "want", "say" and "agree" in a note ("Surgery wants a CT", "Pharmacy says").
    'pharmacy hospice chaplain chaplaincy interpreter translator surgery ortho orthopedics medicine pulm pulmonary pulmonology ' +
    'endo endocrine endocrinology triage transport peds pediatrics derm dermatology tele telemetry micro microbiology lab ' +
    'laboratory labs security radiology urology neurology nephrology cardiology oncology hematology heme onc psych ' +
    'psychiatry psychology gi hepatology rheum rheumatology id infectious neurosurgery ent ophtho ophthalmology optometry ' +
    'gyn obgyn obstetrics anesthesia anaesthesia icu ccu micu sicu nicu picu ed er ems ambulance dispatch admissions ' +
    'registration billing insurance insurer payer medicare medicaid coding management administration leadership legal ' +
    'risk compliance ethics palliative geriatrics rehab physio pt ot slp dietitian dietician nutrition diabetes wound ' +
    'vascular ir gen genetics allergy immunology sleep pain addiction toxicology tox poison hospitalist hospitalists ' +
    'primary pcp daycare caseworker case social sw cm nurse nurses nursing charge doc docs md mds resident residents ' +
    'pathology path cytology biopsy culture cultures imaging ultrasound echo sonographer tech techs technician therapy ' +
    'respiratory rt pharmacist pharmacists front desk office clinic ward floor unit team service services everyone ' +
    // People described by what they are, not who they are ("Toddler has a fever", "Newborn has jaundice").
    'toddler toddlers newborn newborns neonate neonates preemie adolescent adolescents senior seniors gravida primigravida ' +
    'multigravida primip multip mum mums mom moms dad dads person people individual individuals smoker smokers athlete ' +
    'athletes runner inmate prisoner traveler traveller worker workers donor recipient recipients survivor survivors victim ' +
    'victims case cases subject subjects participant participants'
  ).split(' '),
);
/** Endings of abstract English nouns that head a sentence but never a name ("Nutrition is", "Compliance was"). */
const COMMON_NOUN_SUFFIX = /(?:tion|sion|ness|ment|ity|ance|ence|ism|ship|ology|ure|ics)$/;
/** Last words of named instruments, rules and institutions ("... Rating Scale", "... Inventory", "... Clinic"). */
const INSTRUMENT_WORDS = new Set(
  (
    'scale scales score inventory questionnaire index assessment criteria test tool screen screener instrument protocol rule rules ' +
    'classification guideline guidelines clinic hospital university institute center centre foundation society association ' +
    'college method equation formula algorithm trial study calculator checklist survey'
  ).split(' '),
);
/** Abbreviated field labels of forms and banners ("ID", "Rm", "Acct", "Imm"): never a name. */
const FIELD_ABBREVIATIONS = new Set(
  'id rm acct imm mbr grp ins dob fin har csn enc ssn dl reg npi dea sending receiving recv'.split(' '),
);
/** Words after which capitalised words name an organisation, not a person ("Harvard Pilgrim ID", "Fallon Health"). */
const ORGANISATION_FOLLOWERS = new Set(
  (
    'ID ID# Health Healthcare HealthCare Ambulance Pharmacy Pharmacies Insurance Plan Plans Shield Medicaid Medicare Labs ' +
    'Laboratories Laboratory Corp Corporation Inc Inc. LLC Company Co Group Foundation Bank Market Markets Supermarket Transit ' +
    'Airlines Motors'
  ).split(' '),
);
/** Field labels that introduce a name when followed by a colon ("Patient: BECKER, ARLEN"). */
const FIELD_LABELS = new Set([
  'patient',
  'pt',
  'client',
  'resident',
  'veteran',
  'member',
  'subscriber',
  'guarantor',
  'worker',
  'employee',
  // An incident report's witness ("Witness: Hemi Ngata (co-worker)").
  'witness',
  'inmate',
  'contact',
  'from',
  'to',
  'cc',
  'attn',
  're',
]);
const SIGN_OFF_CUES = new Set([
  'thanks',
  'thx',
  'regards',
  'sincerely',
  'cheers',
  'best',
  'signed',
  'cordially',
  'respectfully',
]);
const CREDENTIALS = String.raw`MD|M\.D\.|DO|D\.O\.|RN|NP|PA|PA-C|PharmD|MBBS|FNP|FNP-C|DNP|CNM|APRN|LPN|LVN|MSW|LCSW|PhD|DPM|DDS|RDH|CRNA|EMT|EMT-P|RRT|RPh|CNA`;
const CREDENTIAL_RE = new RegExp(String.raw`^,?\s{0,2}(?:${CREDENTIALS})\b`);
/** A role in parentheses right after a person ("K. Marsh (Paramedic, ...)", "Tamsin Young (Pharmacy)", "(EMT)"). */
const ROLE_IN_PARENS_RE = new RegExp(
  String.raw`^\s{0,2}\(\s{0,2}(?:${CREDENTIALS}|paramedic|hospitalist|pharmacy|pharmacist|nurse|charge\snurse|social\swork(?:er)?|case\smanager|chaplain|dietitian|interpreter|attending|resident|intern|fellow|registrar|consultant|physician|surgeon|therapist|coordinator|scribe|tech(?:nician)?)\b`,
  'i',
);
const AGE_ANCHOR_RE =
  /^(?:\s{0,2},\s{0,2}|\s{1,2}\(\s{0,2}|\s{1,2}(?:is|was)\s{1,2}an?\s{1,2}|\s{1,2})(?:(?:\d{1,3}|\[AGE[^\]]{0,20}\])\s{0,2}(?:-?\s{0,2}(?:yo|y\/o|y\.o\.|years?\sold|year-old|yr-old)\b|[MF]\b|(?:male|female|man|woman)\b|(?:años|anos|ans|anni|jahre|jaar|tuổi|tuoi)(?![A-Za-z]))|DOB\b|d\.o\.b|MRN\b|born\b|age[ds]?\s{0,2}\d)/i;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    if (/[0-9]/.test(text[m.index + m[0].length] ?? '')) continue; // "SpO2", "HbA1c": lab names, not words
    let word = m[0];
    const possessive = /['’]s$/i.exec(word);
    if (possessive) word = word.slice(0, -2);
    word = word.replace(/['’]+$/, '');
    if (!word) continue;
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    // "T. Ibekwe", "Dr A. Fraser": the period of an initial ends no sentence; "Hep B. Will ..." and "vitamin D. ..." do.
    const initialAt = /(?:^|[\s(])(?:([\p{L}'’-]+)\.?\s{1,2})?[A-Z]\.\s{1,2}$/u.exec(
      text.slice(Math.max(0, m.index - 24), m.index),
    );
    const wordBefore = initialAt?.[1]?.toLowerCase();
    const afterInitial =
      !!initialAt &&
      (!wordBefore ||
        NAME_TITLES.has(wordBefore) ||
        !(englishWords().has(wordBefore) || clinicalWords().has(wordBefore) || medicalTerms().has(wordBefore)));
    tokens.push({
      start: m.index,
      end: m.index + word.length,
      text: word,
      lower: word.toLowerCase().replace(/’/g, "'"),
      // "al-Hashimi", "el-Sayed", "bin-Laden": a particle joined to a capitalised surname is the surname, capitalised.
      titleCase:
        /^[A-Z][a-z'’]/.test(word) ||
        /^[A-Z]$/.test(word) ||
        (/^[a-z]{2,4}-[A-Z][a-z]/.test(word) && NAME_PARTICLES.has(word.slice(0, word.indexOf('-')))),
      allCaps: word.length > 1 && word === word.toUpperCase(),
      sentenceStart: m.index === 0 || (/(?:[.!?:;]\s{0,2}|\n\s{0,2}|^\s{0,2})$/.test(before) && !afterInitial),
    });
  }
  return tokens;
}

/** One name search over a text: its tokens, the names marked so far, and the predicates every step shares. */
type NameScan = ReturnType<typeof scanNames>;

/** Names, from word tokens; tokens inside an identifier already found (an address, an e-mail) are left to that identifier. */
function findNames(text: string, taken: PhiEntity[]): PhiEntity[] {
  const s = scanNames(text, taken);
  if (s.n === 0) return [];
  markTitledAndLabelled(s); // 1. "Mr. Becker", "name: ...", "his wife Mary"
  markLastFirst(s); // 1b. "OKAFOR, CHIDINMA", "Sanford, Augustus |"
  markLabelledPairs(s); // 1b'. "Patient: Eustace Pennywhistle", "partner Jordan Reyes"
  markStructuralNames(s); // 1c. HL7 components, census rows, initials, self-introductions, employers
  markKnownNames(s); // 2. Census and hand-list given names and surnames
  markUnknownCapitalised(s); // 2b. capitalised words neither English nor medical
  markSentenceSubjects(s); // 2c. "Victor asks ...", "Rath denies ..."
  markPatientPredicateSubjects(s); // 2d. "Stone is on warfarin"
  markSignaturesAndCredentials(s); // 3. "Thanks,\nJane Doe", "J. Smith, MD", "Cris Rath's daughter"
  markBeforeAgeAnchors(s); // 4. "Arlen Becker, 53M"
  propagateMentions(s); // 5. other mentions of a name found
  extendToAdjacent(s); // 6. surname after a given name, "LAST, FIRST", middle initials
  markQuotedNicknames(s); // 6b. "Dorothy 'Dot' Hargreaves", "Maximilian von Hohenberg (Max)"
  propagateMentions(s);
  return nameRuns(s);
}

/** A text's word tokens with what the name predicates read beside them. */
interface TokenView {
  text: string;
  tokens: Token[];
  n: number;
  /** 1 for a token inside an identifier already found (an address, an e-mail): left to that identifier. */
  insideTaken: Uint8Array;
  clinical: ReadonlySet<string>;
}

const capitalised = (t: Token) => t.titleCase || t.allCaps;

/** The text between token i and the next ('' after the last). */
function gapAfter({ text, tokens, n }: TokenView, i: number): string {
  return i + 1 < n ? text.slice(tokens[i]!.end, tokens[i + 1]!.start) : '';
}

/** Token i and the next are one name's words: one or two spaces on one line, a period only after an initial or a title. */
function tightAfter(v: TokenView, i: number): boolean {
  const gap = gapAfter(v, i);
  return (
    /^\s{1,2}$|^\.\s{1,2}$/.test(gap) &&
    !/\n/.test(gap) &&
    (!/\./.test(gap) || v.tokens[i]!.text.length === 1 || NAME_TITLES.has(v.tokens[i]!.lower))
  );
}

function tokensInside(tokens: Token[], taken: PhiEntity[]): Uint8Array {
  const n = tokens.length;
  const insideTaken = new Uint8Array(n);
  const spans = [...taken].sort((a, b) => a.start - b.start);
  for (let i = 0, k = 0; i < n; i++) {
    while (k < spans.length && spans[k]!.end <= tokens[i]!.start) k++;
    for (let j = k; j < spans.length && spans[j]!.start < tokens[i]!.end; j++) {
      if (spans[j]!.end > tokens[i]!.start) insideTaken[i] = 1;
    }
  }
  return insideTaken;
}

/** "Parkinson disease", "Murphy's sign", and named instruments/institutions: "Beck Depression Inventory", "Johns Hopkins protocol". */
function isEponymAt({ text, tokens, n }: TokenView, i: number): boolean {
  // A scale right before its score ("Braden 14", "Katz ADL 2/6"), not after a title ("Mr. Morse 45") nor before an age.
  if (
    SCORE_EPONYMS.has(tokens[i]!.lower) &&
    SCORE_AFTER_RE.test(text.slice(tokens[i]!.end, tokens[i]!.end + 30)) &&
    !(i > 0 && NAME_TITLES.has(tokens[i - 1]!.lower) && !unitAfterNumber(text, tokens[i - 1]!))
  )
    return true;
  // Two surnames joined by a hyphen right before a score are a scale named for its authors ("Ferriman-Gallwey 14",
  // "Kellgren-Lawrence 3"); a double-barrelled surname has a title, a cue or an age instead.
  if (
    /^[A-Z][a-z]+-[A-Z][a-z]+$/.test(tokens[i]!.text) &&
    SCORE_AFTER_RE.test(text.slice(tokens[i]!.end, tokens[i]!.end + 30)) &&
    !(i > 0 && (NAME_TITLES.has(tokens[i - 1]!.lower) || NAME_LABEL_CUES.has(tokens[i - 1]!.lower))) &&
    !(i > 0 && /:\s{0,3}$/.test(text.slice(tokens[i - 1]!.end, tokens[i]!.start))) &&
    !(i > 0 && capitalised(tokens[i - 1]!) && /^\s{1,2}$/.test(text.slice(tokens[i - 1]!.end, tokens[i]!.start)))
  )
    return true;
  // The follower may come after the edition's year: "McDonald 2017 criteria", "Vienna 2010 classification".
  if (
    i + 1 < n &&
    EPONYM_FOLLOWERS.has(tokens[i + 1]!.lower) &&
    /^(?:['’]s)?(?:[\s-]{1,2}|\s(?:19|20)\d\d\s)$/.test(text.slice(tokens[i]!.end, tokens[i + 1]!.start))
  )
    return true;
  // Two eponyms joined before the thing they name: "Hoehn and Yahr stage", "Brown & Sequard syndrome".
  const joiner = (k: number) => k >= 0 && k < n && (tokens[k]!.lower === 'and' || tokens[k]!.lower === '&');
  const follows = (k: number) =>
    // A grade or score right after the pair: "Hunt and Hess 2", "Hoehn and Yahr III" (numbers are not tokens).
    /^\s{1,2}(?:\d|[IV]{1,4}\b)/.test(text.slice(tokens[k - 1]!.end)) ||
    (k < n &&
      EPONYM_FOLLOWERS.has(tokens[k]!.lower) &&
      /^(?:['’]s)?[\s-]{1,2}$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start)));
  if (joiner(i + 1) && i + 2 < n && capitalised(tokens[i + 2]!) && follows(i + 3)) return true;
  // A coagulation factor's variant is named for the place it was found ("Factor V Leiden", "factor V Cambridge").
  if (i >= 2 && tokens[i - 2]!.lower === 'factor' && /^[IVX]{1,4}$/.test(tokens[i - 1]!.text)) return true;
  // Anatomy named "X of <person>": "circle of Willis", "loop of Henle", "pouch of Douglas", "sphincter of Oddi".
  if (i >= 2 && tokens[i - 1]!.lower === 'of' && EPONYM_ANATOMY.has(tokens[i - 2]!.lower)) return true;
  if (joiner(i - 1) && i - 2 >= 0 && capitalised(tokens[i - 2]!) && follows(i + 1)) return true;
  // A possessive before a disease word: "Bruton's agammaglobulinemia", "Graves' ophthalmopathy".
  if (
    i + 1 < n &&
    /^['’]s?\s{1,2}$/.test(text.slice(tokens[i]!.end, tokens[i + 1]!.start)) &&
    capitalised(tokens[i]!) &&
    !capitalised(tokens[i + 1]!) &&
    (MEDICAL_SUFFIX.test(tokens[i + 1]!.lower) ||
      (medicalOnly(tokens[i + 1]!.lower) && !englishWords().has(tokens[i + 1]!.lower)))
  )
    return true;
  // A possessive the medical dictionary lists as such ("Addison's", "Koch's") standing alone or before a clinical
  // word ("Koch's abdomen"); before anything else it stays a person ("Addison's mom called").
  const possessive = /^['’]s(?=\s{0,2}[,.;:)\n]|\s{0,2}$)/.exec(text.slice(tokens[i]!.end, tokens[i]!.end + 4));
  const beforeClinical =
    i + 1 < n &&
    /^['’]s\s{1,2}$/.test(text.slice(tokens[i]!.end, tokens[i + 1]!.start)) &&
    !RELATION_CUES.has(tokens[i + 1]!.lower) &&
    (clinicalWords().has(tokens[i + 1]!.lower) || medicalOnly(tokens[i + 1]!.lower));
  if (capitalised(tokens[i]!) && (possessive || beforeClinical) && medicalTerms().has(`${tokens[i]!.lower}'s`))
    return true;
  if (!capitalised(tokens[i]!)) return false;
  for (let k = i + 1; k < Math.min(n, i + 6); k++) {
    if (!/^(?:['’]s)?[ \t-]{1,2}$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start))) return false;
    if (INSTRUMENT_WORDS.has(tokens[k]!.lower)) return true;
    if (!capitalised(tokens[k]!) && !['of', 'for', 'and', 'the'].includes(tokens[k]!.lower)) return false;
  }
  return false;
}

/** A title's letters right after a number are a unit: "16 Fr." is a catheter's French gauge, not "Father". */
function unitAfterNumber(text: string, t: Token): boolean {
  return /\d[ \t]{0,2}$/.test(text.slice(Math.max(0, t.start - 3), t.start));
}

/** "Harvard Pilgrim ID# ...", "Fallon Health", "Cataldo Ambulance": an organisation named before its kind or an ID label. */
function organisationWordAt({ text, tokens, n }: TokenView, i: number): boolean {
  for (let k = i + 1; k < Math.min(n, i + 4); k++) {
    if (!/^[ \t]{1,2}$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start))) return false;
    if (ORGANISATION_FOLLOWERS.has(tokens[k]!.text)) return true;
    if (!capitalised(tokens[k]!)) return false;
  }
  return false;
}

/**
 * The capitalised words up to token i follow a person cue: a relation or role word ("interpreter Lan Tran ID ...") or a
 * person field label ("Patient: Bazza (Barry) Fitzpatrick  Medicare ..."), so what follows them is an ID label, not the
 * kind of an organisation.
 */
function personCueBefore({ text, tokens }: TokenView, i: number): boolean {
  let k = i;
  for (let steps = 0; steps < 3 && k > 0; steps++) {
    const gap = text.slice(tokens[k - 1]!.end, tokens[k]!.start);
    const prev = tokens[k - 1]!;
    if ((RELATION_CUES.has(prev.lower) || ROLE_CUES.has(prev.lower)) && /^\s{1,2}$/.test(gap)) return true;
    if (FIELD_LABELS.has(prev.lower) && /^\s{0,2}:\s{1,3}$/.test(gap)) return true;
    if (!/^[A-Z]/.test(prev.text) || !NAME_RUN_GAP.test(gap)) return false;
    k--;
  }
  return false;
}

/** A title right before ("Dr. Parkinson"), or the "LAST, FIRST" order of a banner with a known given name. */
function strongNameContextAt({ text, tokens, n }: TokenView, i: number): boolean {
  if (
    i > 0 &&
    NAME_TITLES.has(tokens[i - 1]!.lower) &&
    !unitAfterNumber(text, tokens[i - 1]!) &&
    /^\.?\s{1,2}$/.test(text.slice(tokens[i - 1]!.end, tokens[i]!.start))
  )
    return true;
  return (
    i + 1 < n &&
    /^,\s{1,3}$/.test(text.slice(tokens[i]!.end, tokens[i + 1]!.start)) &&
    capitalised(tokens[i]!) &&
    capitalised(tokens[i + 1]!) &&
    knownGiven(tokens[i + 1]!.lower)
  );
}

/** A capitalised known given name right before token i ("Lorenzo Macejkovic"), not one that is also a common word. */
function afterGivenName(v: TokenView, i: number): boolean {
  const { tokens } = v;
  return (
    i > 0 &&
    tightAfter(v, i - 1) &&
    capitalised(tokens[i - 1]!) &&
    capitalised(tokens[i]!) &&
    knownGiven(tokens[i - 1]!.lower) &&
    !ambiguousName(tokens[i - 1]!.lower)
  );
}

/** Token i cannot be a name: a cue, place, title, eponym, number, or medical vocabulary without a title or banner. */
function blockedAt(v: TokenView, i: number): boolean {
  const { text, tokens, insideTaken, clinical } = v;
  const t = tokens[i]!;
  if (insideTaken[i] || NAME_LABEL_CUES.has(t.lower) || RELATION_CUES.has(t.lower)) return true;
  if (t.lower.includes('-') && t.lower.split('-').every((p) => COUNTRY_WORDS.has(p) || NEVER_NAME_WORDS.has(p)))
    return true;
  if (t.lower.length < 2 && !t.titleCase) return true;
  // "FeNO", "BrainHQ", "MyChart": a capital after a lower-case letter, not in a name pattern (McDonald, DeShawn).
  if (/[a-z][A-Z]/.test(t.text) && !nameShaped(t.text)) return true;
  if (
    FIELD_ABBREVIATIONS.has(t.lower) ||
    (!strongNameContextAt(v, i) && !personCueBefore(v, i) && organisationWordAt(v, i))
  )
    return true;
  if (vehicleModelAt(v, i) || insurerAt(v, i)) return true;
  if (
    NEVER_NAME_WORDS.has(t.lower) ||
    STATE_WORDS.has(t.lower) ||
    COUNTRY_WORDS.has(t.lower) ||
    NAME_TITLES.has(t.lower) ||
    isEponymAt(v, i) ||
    /^\d/.test(t.text)
  )
    return true;
  // The medical-vocabulary guard: drugs, conditions and eponyms are not names unless a title or a banner says so.
  // A surname that only looks medical by its ending ("Kuhic", "Predovic") is a name beside a title or a given name.
  // A word the medical dictionary lists but English does not is a surname right after a title or a given name
  // ("Dr. Lindqvist", "Hannah Lindqvist"): eponyms are spelt the same as the people they name.
  const nameBeside = () => strongNameContextAt(v, i) || afterGivenName(v, i);
  const afterTitleOrGiven = () =>
    (i > 0 && NAME_TITLES.has(tokens[i - 1]!.lower) && /^\.?\s{1,2}$/.test(text.slice(tokens[i - 1]!.end, t.start))) ||
    afterGivenName(v, i);
  const cued = () => surnameAfterCuedGivenName(v, i);
  return (
    (medicalOnly(t.lower) &&
      !(
        (medicalBySuffixOnly(t.lower) && nameBeside()) ||
        (!englishWords().has(t.lower) && afterTitleOrGiven()) ||
        cued()
      )) ||
    drugInContext(text, t) ||
    ((EPONYMS.has(t.lower) || clinical.has(t.lower)) && !strongNameContextAt(v, i) && !cued())
  );
}

/**
 * "granddaughter Grace Parkinson", "Emergency contact: Kevin Parkinson (father)": an eponym or clinical word right after
 * a title-case given name that a relation, role or contact label introduces, or that a relation in a parenthesis
 * follows, is that person's surname ("father Parkinson", "wife with Graves disease" stay).
 */
function surnameAfterCuedGivenName(v: TokenView, i: number): boolean {
  const { text, tokens } = v;
  const t = tokens[i]!;
  if (i === 0 || !t.titleCase || !tightAfter(v, i - 1)) return false;
  const given = tokens[i - 1]!;
  if (!given.titleCase || !knownGiven(given.lower) || NEVER_NAME_WORDS.has(given.lower) || EPONYMS.has(given.lower))
    return false;
  const relationAfter = /^[ \t]{0,2}\([ \t]{0,2}([A-Za-z-]{2,20})[ \t]{0,2}\)/.exec(text.slice(t.end, t.end + 30));
  // A title ("Dr. Sarah Whipple") or a staff role ("RN Tameka Graves", "patient Terrence Major") before the given name.
  const titleOrStaff =
    i >= 2 &&
    (NAME_TITLES.has(tokens[i - 2]!.lower) || STAFF_CUES.has(tokens[i - 2]!.lower)) &&
    /^\.?\s{1,2}$/.test(text.slice(tokens[i - 2]!.end, given.start));
  return (
    titleOrStaff ||
    personCueBefore(v, i - 1) ||
    (relationAfter !== null && RELATION_CUES.has(relationAfter[1]!.toLowerCase()))
  );
}

/** A health insurer's name or a word of one ("Aetna", "Harvard Pilgrim", "Anthem Blue Cross"). */
function insurerAt({ text, tokens, n }: TokenView, i: number): boolean {
  const t = tokens[i]!;
  if (!/^[A-Z]/.test(t.text)) return false;
  if (INSURER_WORDS.has(t.lower)) return true;
  const pair = (a: number) =>
    a >= 0 &&
    a + 1 < n &&
    /^[ \t]{1,2}$/.test(text.slice(tokens[a]!.end, tokens[a + 1]!.start)) &&
    /^[A-Z]/.test(tokens[a + 1]!.text) &&
    INSURER_PHRASES.has(`${tokens[a]!.lower} ${tokens[a + 1]!.lower}`);
  return pair(i) || pair(i - 1);
}

/**
 * "2017 Subaru Outback", "(2018 Honda Civic) plate 825GR4": up to two capitalised words right after a model year, with a
 * vehicle word nearby, are a make and a model, not a person. A year after "in", "since" ... is a time ("In 2017 Maria").
 */
function vehicleModelAt({ text, tokens }: TokenView, i: number): boolean {
  for (let k = i; k >= Math.max(0, i - 1); k--) {
    if (k < i && !/^[ \t]{1,2}$/.test(text.slice(tokens[k]!.end, tokens[k + 1]!.start))) return false;
    if (!/^[A-Z]/.test(tokens[k]!.text)) return false;
    const before = text.slice(Math.max(0, tokens[k]!.start - 12), tokens[k]!.start);
    if (!VEHICLE_YEAR_BEFORE_RE.test(before)) continue;
    const around = text.slice(
      Math.max(0, tokens[k]!.start - DEID_TUNING.vehicleCueReach),
      tokens[i]!.end + DEID_TUNING.vehicleCueReach,
    );
    return VEHICLE_CUE_RE.test(around);
  }
  return false;
}

/**
 * "lemuel corwin": a lower-case given name and surname, neither an English nor a medical word; or a given name that is
 * also an English word beside a surname that is no word at all ("rich cronin", "dawn bednar").
 */
function lowerCasePairAt(v: TokenView, i: number): boolean {
  const { tokens, n, clinical } = v;
  const plainName = (t: Token) =>
    t.text.length >= 3 && !capitalised(t) && !ambiguousName(t.lower) && !medicalOnly(t.lower);
  const surnameOnly = (t: Token) =>
    !capitalised(t) &&
    t.text.length >= 4 &&
    censusSurname(t.lower) &&
    !englishWords().has(t.lower) &&
    !medicalOnly(t.lower) &&
    !knownGiven(t.lower) &&
    !clinical.has(t.lower);
  const givenWord = (t: Token) =>
    !capitalised(t) &&
    knownGiven(t.lower) &&
    !NEVER_NAME_WORDS.has(t.lower) &&
    !clinical.has(t.lower) &&
    !medicalOnly(t.lower);
  const tight = (k: number) => tightAfter(v, k);
  // A surname no list has and no dictionary knows ("delacroix"): letters only, long enough to be no typo of a short word.
  const unknownSurname = (t: Token) =>
    !capitalised(t) &&
    t.text.length >= 6 &&
    /^[a-z]+$/.test(t.text) &&
    /[aeiouy]/.test(t.text) &&
    !englishWords().has(t.lower) &&
    !clinical.has(t.lower) &&
    !medicalTerms().has(t.lower) &&
    !NEVER_NAME_WORDS.has(t.lower) &&
    !MEDICAL_SUFFIX.test(t.lower) &&
    !oneEditFromWord(t.lower);
  const givenBeforeUnknown = (k: number) =>
    givenWord(tokens[k]!) && !MODAL_WORDS.has(tokens[k]!.lower) && tokens[k]!.text.length >= 3;
  return (
    (i >= 0 && i + 1 < n && tight(i) && givenBeforeUnknown(i) && unknownSurname(tokens[i + 1]!)) ||
    (i > 0 && tight(i - 1) && givenBeforeUnknown(i - 1) && unknownSurname(tokens[i]!)) ||
    (i >= 0 &&
      i + 1 < n &&
      tight(i) &&
      plainName(tokens[i]!) &&
      plainName(tokens[i + 1]!) &&
      knownGiven(tokens[i]!.lower) &&
      knownName(tokens[i + 1]!.lower)) ||
    (i > 0 &&
      tight(i - 1) &&
      plainName(tokens[i]!) &&
      plainName(tokens[i - 1]!) &&
      knownGiven(tokens[i - 1]!.lower) &&
      knownName(tokens[i]!.lower)) ||
    (i >= 0 && i + 1 < n && tight(i) && givenWord(tokens[i]!) && surnameOnly(tokens[i + 1]!)) ||
    (i > 0 && tight(i - 1) && givenWord(tokens[i - 1]!) && surnameOnly(tokens[i]!))
  );
}

/** A typo of a dictionary word: one letter dropped, added, changed or two swapped ("tomorow", "recieve", "pharmcy"). */
function oneEditFromWord(w: string): boolean {
  const known = (x: string) => englishWords().has(x) || clinicalWords().has(x) || medicalTerms().has(x);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i <= w.length; i++) {
    if (i < w.length && known(w.slice(0, i) + w.slice(i + 1))) return true;
    if (i + 1 < w.length && known(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2))) return true;
    for (const c of letters) {
      if (known(w.slice(0, i) + c + w.slice(i))) return true;
      if (i < w.length && known(w.slice(0, i) + c + w.slice(i + 1))) return true;
    }
  }
  return false;
}

/** Tokens, the taken spans, and the predicates every marking step shares, bound to this text. */
function scanNames(text: string, taken: PhiEntity[]) {
  const tokens = tokenize(text);
  const v: TokenView = {
    text,
    tokens,
    n: tokens.length,
    insideTaken: tokensInside(tokens, taken),
    clinical: clinicalWords(),
  };
  const { n, insideTaken, clinical } = v;
  const indexOf = new Map(tokens.map((t, i) => [t, i] as const));
  // Census-only names count in lower case only as a given name + surname pair ("lemuel corwin", not "women", "min").
  const inLexicon = (t: Token) =>
    knownName(t.lower) &&
    (!t.lower.includes('-') || capitalised(t)) &&
    (capitalised(t) ||
      GIVEN_NAMES.has(t.lower) ||
      SURNAMES.has(t.lower) ||
      lowerCaseGiven(t.lower) ||
      lowerCasePairAt(v, indexOf.get(t) ?? -1));
  // 2b. Capitalised words that are neither English nor clinical vocabulary ("Hodkiewicz", "Otelia"): names, unless a
  // sentence merely starts with them and nothing else points to a name.
  const dictionary = englishWords();
  const unknownWord = (t: Token) =>
    t.titleCase &&
    t.text.length > 3 &&
    !MEDICAL_SUFFIX.test(t.lower) &&
    nameShaped(t.text) &&
    !/['’](?:m|s|re|ve|ll|d|t)$/i.test(t.text) &&
    !EPONYMS.has(t.lower) &&
    !t.lower
      .split(/[-']/)
      .some((part) => part.length > 1 && (dictionary.has(part) || clinical.has(part)) && !doubleBarrelledPart(t, part));
  // In a double-barrelled surname with a part no dictionary knows, a part that is a census surname is a surname too
  // ("Oyelowo-Bell"); both parts dictionary words ("Follow-Up") stay words.
  const doubleBarrelledPart = (t: Token, part: string) =>
    t.lower.includes('-') &&
    censusSurname(part) &&
    !clinical.has(part) &&
    t.lower.split('-').some((p) => p.length > 3 && !dictionary.has(p) && !clinical.has(p) && !medicalTerms().has(p));
  return {
    text,
    tokens,
    n,
    mark: new Uint8Array(n),
    employers: [] as PhiEntity[],
    clinical,
    insideTaken,
    // Each part of a hyphenated name in title case ("SEO-YEON" -> "Seo-Yeon").
    titled: (w: string) => w.replace(/[A-Za-z]+/g, (p) => p.charAt(0) + p.slice(1).toLowerCase()),
    gap: (i: number) => gapAfter(v, i),
    tight: (i: number) => tightAfter(v, i),
    isEponym: (i: number) => isEponymAt(v, i),
    blocked: (i: number) => blockedAt(v, i),
    inLexicon,
    lowerCasePair: (i: number) => lowerCasePairAt(v, i),
    capitalised,
    looksLikeName: (t: Token) => capitalised(t) && !/[A-Z].*[a-z].*[A-Z]{2}/.test(t.text),
    unknownWord,
    /**
     * Token k is blocked only as a word of the medical dictionary that no clinical lexicon, eponym list or drug context
     * knows ("Raman", "Bay", "Hemi"): beside a strong name cue it is the surname or given name it spells.
     */
    medicalSurname: (k: number) => {
      const w = tokens[k]!;
      return (
        w.titleCase &&
        medicalOnly(w.lower) &&
        !clinical.has(w.lower) &&
        !insideTaken[k] &&
        !isEponymAt(v, k) &&
        !EPONYMS.has(w.lower) &&
        !NEVER_NAME_WORDS.has(w.lower) &&
        !STATE_WORDS.has(w.lower) &&
        !COUNTRY_WORDS.has(w.lower) &&
        !drugInContext(text, w)
      );
    },
    patientWord: (t: Token) =>
      clinical.has(t.lower) || PATIENT_ATTRIBUTE_WORDS.has(t.lower) || MEDICAL_SUFFIX.test(t.lower),
  };
}

/** 1. Titles ("Mr. Becker", "dr smith") and label cues ("name: ...", "named ...", "his wife Mary"). */
function markTitledAndLabelled(s: NameScan): void {
  const { text, tokens, n, mark, gap, tight, blocked, inLexicon, capitalised, looksLikeName } = s;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const strongTitle =
      NAME_TITLES.has(t.lower) &&
      !unitAfterNumber(text, t) &&
      !['doctor', 'professor', 'mister', 'madam'].includes(t.lower) &&
      (t.lower !== 'miss' || (t.titleCase && i + 1 < n && capitalised(tokens[i + 1]!)));
    const weakTitle = NAME_TITLES.has(t.lower) && !strongTitle;
    const label = NAME_LABEL_CUES.has(t.lower) || (FIELD_LABELS.has(t.lower) && /^\s{0,2}:/.test(gap(i)));
    const role = ROLE_CUES.has(t.lower);
    const relation = RELATION_CUES.has(t.lower) || role;
    if (!strongTitle && !weakTitle && !label && !relation) continue;
    let j = i + 1;
    if (j < n && (tokens[j]!.lower === 'is' || tokens[j]!.lower === 'named' || tokens[j]!.lower === 'name')) j++;
    if (
      j >= n ||
      text.slice(tokens[j - 1]!.end, tokens[j]!.start).length > 4 ||
      /[.!?]/.test(
        text.slice(tokens[j - 1]!.end, tokens[j]!.start).replace(strongTitle || weakTitle ? /^\./ : /^$/, ''),
      )
    )
      continue;
    if (/\n/.test(text.slice(tokens[j - 1]!.end, tokens[j]!.start)) && !label) continue;
    const first = tokens[j]!;
    if (role && !knownGiven(first.lower) && englishWords().has(first.lower)) continue;
    // An initial after a title ("Dr A. Fraser", "Dr J Smith") although "A" alone is a word.
    const initial = /^[A-Z]$/.test(first.text) && j + 1 < n && tight(j) && capitalised(tokens[j + 1]!);
    // After a relation word ("contact Hemi") a word only the medical dictionary lists is the relative's name.
    // Not an English word either: "Partner Engagement", "HCP Exposed" are headings.
    const relativeNamedLikeATerm = relation && !role && s.medicalSurname(j) && !englishWords().has(first.lower);
    if (blocked(j) && !(strongTitle && (inLexicon(first) || initial)) && !relativeNamedLikeATerm) continue;
    // Typed all in lower case, a relation word before a given name names that relative ("daughter faith says", "wife
    // joy @ bedside"), even a given name that is also a word, but not a modal or a clinical word ("son will call").
    const relativeInLowerCase =
      relation &&
      !capitalised(t) &&
      !capitalised(first) &&
      first.text.length >= 3 &&
      knownGiven(first.lower) &&
      !NEVER_NAME_WORDS.has(first.lower) &&
      !MODAL_WORDS.has(first.lower) &&
      !s.clinical.has(first.lower) &&
      !medicalOnly(first.lower) &&
      !SUBJECT_VERBS.has(first.lower);
    // A lower-case word no dictionary knows between a relation word and a person verb ("husband seamus says"), or the
    // relative's phone number ("dtr chioma 646 555 0155", "wife ludmila phone four one five ...").
    const unknownRelativeInLowerCase =
      relation &&
      !capitalised(first) &&
      first.text.length >= DEID_TUNING.lowerCaseGivenMinLength &&
      j + 1 < n &&
      ((tight(j) && PERSON_VERBS.has(tokens[j + 1]!.lower)) ||
        CONTACT_AFTER_RE.test(text.slice(first.end, first.end + 30))) &&
      !englishWords().has(first.lower) &&
      !medicalTerms().has(first.lower) &&
      !s.clinical.has(first.lower) &&
      !NEVER_NAME_WORDS.has(first.lower);
    const firstOk =
      strongTitle ||
      (label && (capitalised(first) || !englishWords().has(first.lower))) ||
      looksLikeName(first) ||
      relativeInLowerCase ||
      unknownRelativeInLowerCase;
    if (!firstOk) continue;
    mark[j] = 1;
    // Following words of the same name: capitalised, or lower case after a lower-case first name.
    for (let k = j + 1; k < Math.min(n, j + 3); k++) {
      const surnameAfterTitle =
        strongTitle &&
        k === j + 1 &&
        capitalised(first) &&
        capitalised(tokens[k]!) &&
        (STATE_WORDS.has(tokens[k]!.lower) || medicalOnly(tokens[k]!.lower)) &&
        !s.insideTaken[k] &&
        !s.isEponym(k) &&
        !s.clinical.has(tokens[k]!.lower);
      // After a name label, a listed given name that is also a note's abbreviation ("Member name: Nguyen Thi Thu Ha").
      const givenInLabelledName =
        label &&
        tokens[k]!.titleCase &&
        knownGiven(tokens[k]!.lower) &&
        NEVER_NAME_WORDS.has(tokens[k]!.lower) &&
        !s.insideTaken[k];
      if (
        !(tight(k - 1) || (label && /^,\s{1,2}$/.test(gap(k - 1)) && capitalised(tokens[k]!))) ||
        (blocked(k) && !surnameAfterTitle && !givenInLabelledName)
      )
        break;
      if (
        capitalised(tokens[k]!) ||
        (!capitalised(first) && (strongTitle || label) && !/(?:s|ed|ing|ly)$/.test(tokens[k]!.lower))
      )
        mark[k] = 1;
      else break;
    }
  }
}

/**
 * Two or three title-case words after a person's field label and its colon ("Patient: Eustace Pennywhistle", "Caller:
 * Benedetta Russo") or after a relation word ("partner Jordan Reyes"): the person's name, even when its words are in the
 * medical dictionary (Eustace, Beatrix) or English (Pennywhistle, Dev), as long as one of them is no English word and
 * none is clinical vocabulary, an eponym's or a facility's.
 */
function markLabelledPairs(s: NameScan): void {
  const { text, tokens, n, mark, gap, tight } = s;
  const v: TokenView = { text, tokens, n, insideTaken: s.insideTaken, clinical: s.clinical };
  for (let i = 0; i + 2 < n; i++) {
    const cue = tokens[i]!.lower;
    const labelled = (FIELD_LABELS.has(cue) || cue === 'caller') && /^\s{0,2}:[ \t]{1,3}$/.test(gap(i));
    const related = RELATION_CUES.has(cue) && /^[ \t]{1,2}$/.test(gap(i));
    if (!labelled && !related) continue;
    let end = i + 1;
    while (
      end < n &&
      end <= i + 3 &&
      tokens[end]!.titleCase &&
      nameShaped(tokens[end]!.text) &&
      !NAME_TITLES.has(tokens[end]!.lower) &&
      (end === i + 1 || tight(end - 1))
    )
      end++;
    const words = tokens.slice(i + 1, end);
    if (words.length < 2 || (end < n && tight(end - 1) && capitalised(tokens[end]!))) continue;
    const fits = words.every(
      (w, k) =>
        !s.clinical.has(w.lower) &&
        !NEVER_NAME_WORDS.has(w.lower) &&
        !EPONYMS.has(w.lower) &&
        !isEponymAt(v, i + 1 + k) &&
        !organisationWordAt(v, i + 1 + k) &&
        !FACILITY_HEAD_WORDS.includes(w.text),
    );
    if (fits && words.some((w) => !englishWords().has(w.lower) && !COUNTRY_WORDS.has(w.lower)))
      for (let k = i + 1; k < end; k++) mark[k] = 1;
  }
}

/** "OKAFOR, CHIDINMA", "Sanford, Augustus", "BISHOP, D'ANDRE", "Becker, Arlen A.": a surname, a comma and a given name. */
function markLastFirst(s: NameScan): void {
  const { text, tokens, n, mark, titled, gap, blocked, capitalised } = s;
  for (let i = 0; i + 1 < n; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    // Typed all in lower case at the start of a line, sentence or list item: "kutch, raymond - 54 yo", "2) o'leary,
    // bridget | Rx ...".
    if (
      (a.sentenceStart || LIST_ITEM_BEFORE_RE.test(text.slice(Math.max(0, a.start - 8), a.start))) &&
      /^,\s{1,3}$/.test(gap(i)) &&
      !capitalised(a) &&
      !capitalised(b) &&
      !blocked(i) &&
      !blocked(i + 1) &&
      lowerCaseSurname(a.lower) &&
      !englishWords().has(a.lower) &&
      knownGiven(b.lower) &&
      !englishWords().has(b.lower)
    ) {
      mark[i] = 1;
      mark[i + 1] = 1;
      continue;
    }
    if (!/^,\s{1,3}$/.test(gap(i)) || !capitalised(a) || !capitalised(b) || a.text.length < 2 || b.text.length < 2)
      continue;
    // After a person's field label ("Patient: Chaudhry, Zainab", "Pt KIM, SEO-YEON") the pair is that person's name:
    // a surname the medical dictionary also lists is taken, and the given name need not be a listed one.
    const field = personFieldBefore(s, i);
    // "DOMINGUEZ-HART, Luis A.": a surname in capitals before a listed given name in title case, a banner's style.
    const mixedCase = a.allCaps && b.titleCase && knownGiven(b.lower);
    if (a.allCaps !== b.allCaps && !mixedCase && !field) continue;
    if ((blocked(i) && !(field && s.medicalSurname(i))) || blocked(i + 1)) continue;
    const surnameOk = knownName(a.lower) || (nameShaped(titled(a.text)) && !englishWords().has(a.lower));
    const givenOk =
      knownGiven(b.lower) ||
      (nameShaped(titled(b.text)) &&
        !englishWords().has(b.lower) &&
        ((knownName(a.lower) && (a.allCaps || !ambiguousName(a.lower))) || (field && !s.clinical.has(b.lower))));
    if (!surnameOk || !givenOk) continue;
    mark[i] = 1;
    mark[i + 1] = 1;
    // A middle initial or middle name right after ("YUNDT, CHIA C", "Becker, Arlen A.").
    const c = tokens[i + 2];
    if (
      c &&
      /^\s{1,2}$/.test(gap(i + 1)) &&
      ((c.text.length === 1 && /^[A-Z]$/.test(c.text)) ||
        (c.allCaps === b.allCaps && knownGiven(c.lower) && !blocked(i + 2)))
    )
      mark[i + 2] = 1;
  }
}

/** A list item's or table cell's start before a word ("2) ", "- ", "| "): a name typed there opens its entry. */
const LIST_ITEM_BEFORE_RE = /(?:^|\n)[ \t]{0,3}(?:\d{1,3}[.)]|[-*•])[ \t]{1,3}$|[|\t][ \t]{0,2}$/;

/** Token i opens the value of a person's field: "Patient: ...", "Worker: ...", "Pt KIM, ...". */
function personFieldBefore({ text, tokens }: NameScan, i: number): boolean {
  if (i === 0) return false;
  const prev = tokens[i - 1]!;
  const gap = text.slice(prev.end, tokens[i]!.start);
  return (
    (FIELD_LABELS.has(prev.lower) && /^\s{0,2}:\s{1,3}$/.test(gap)) ||
    ((prev.lower === 'pt' || prev.lower === 'patient') && /^\s{1,2}$/.test(gap))
  );
}

/** HL7 name components, census-list rows, initials before an age, self-introductions, care-of lines, employers. */
function markStructuralNames(s: NameScan): void {
  markMentions(s);
  markHl7Names(s);
  markListRowNames(s);
  markInitialsBeforeAge(s);
  markSelfIntroductions(s);
  markNewborns(s);
  markLowerCaseInitialNames(s);
  markLowerCasePossessives(s);
  markNicknames(s);
  findEmployers(s);
}

/**
 * What a chat says a patient has, after a possessive ("chase's chart", "grace's mom", "hunter's labs"): the chart, the
 * results, the family, the care team. A lower-case given name that is also a word is a name before one of these.
 */
const POSSESSED_RECORD_WORDS = new Set(
  (
    'chart charts labs lab results meds medications med list vitals echo ekg ecg ct mri cxr xray x-ray imaging scan ' +
    'a1c inr cbc bmp cultures culture ua biopsy path pathology note notes file record records appt appointment ' +
    'room bed pcp insurance pharmacy dispo discharge mom mum mother dad father parents parent wife husband partner ' +
    'daughter son sister brother grandma grandmother grandpa grandfather family caregiver aide guardian'
  ).split(' '),
);

/**
 * A lower-case given name in a possessive before a record or family word ("here's madison's chart", "spoke w/ grace's
 * mom"): a Census given name that is no clinical word, eponym or note vocabulary; an English word only when it is a
 * known given name (the hand list or the names that are also words: chase, hunter, grace), not "son's", "man's".
 */
function markLowerCasePossessives(s: NameScan): void {
  for (const m of s.text.matchAll(
    /(?<![A-Za-z'’-])([a-z]{3,20})['’]s(?=[ \t]{1,2}([a-z][a-z-]{1,15})(?![A-Za-z]))/dg,
  )) {
    const [given, noun] = [m[1]!, m[2]!];
    if (!POSSESSED_RECORD_WORDS.has(noun) || !plausibleLowerCaseGiven(s, given)) continue;
    markSpan(s, m.indices![1]![0], m.indices![1]![1] + 2);
  }
  // A given name and a surname before the possessive ("chase wilson's labs", "grace miller's chart").
  for (const m of s.text.matchAll(
    /(?<![A-Za-z'’-])([a-z]{3,20})[ \t]([a-z]{2,30})['’]s(?=[ \t]{1,2}([a-z][a-z-]{1,15})(?![A-Za-z]))/dg,
  )) {
    const [given, surname, noun] = [m[1]!, m[2]!, m[3]!];
    const k = s.tokens.findIndex((t) => t.start === m.indices![2]![0]);
    if (k < 0 || !POSSESSED_RECORD_WORDS.has(noun) || !plausibleLowerCaseGiven(s, given)) continue;
    const surnameOk =
      s.mark[k] === 1 ||
      ((SURNAMES.has(surname) || censusSurname(surname)) &&
        !NEVER_NAME_WORDS.has(surname) &&
        !EPONYMS.has(surname) &&
        !s.clinical.has(surname) &&
        (!englishWords().has(surname) || AMBIGUOUS_NAME_WORDS.has(surname)));
    if (surnameOk) markSpan(s, m.index!, m.indices![2]![1] + 2);
  }
}

/** A lower-case Census given name that may be a word too (chase, grace), but no note, clinical or eponym word. */
function plausibleLowerCaseGiven(s: NameScan, w: string): boolean {
  return (
    knownGiven(w) &&
    !NEVER_NAME_WORDS.has(w) &&
    !EPONYMS.has(w) &&
    !s.clinical.has(w) &&
    !RELATION_CUES.has(w) &&
    !ROLE_CUES.has(w) &&
    !MODAL_WORDS.has(w) &&
    (!englishWords().has(w) || AMBIGUOUS_NAME_WORDS.has(w) || GIVEN_NAMES.has(w))
  );
}

/** Marks the tokens inside [start, end) except label cues. */
function markSpan({ tokens, n, mark }: NameScan, start: number, end: number): void {
  for (let k = 0; k < n; k++)
    if (tokens[k]!.start >= start && tokens[k]!.end <= end && !NAME_LABEL_CUES.has(tokens[k]!.lower)) mark[k] = 1;
}

/** HL7 v2 segments: person name components (XPN/XCN: FAMILY^GIVEN, or ID^FAMILY^GIVEN). */
function markHl7Names(s: NameScan): void {
  for (const m of s.text.matchAll(/^[A-Z][A-Z0-9]{2}\|.*$/gm)) {
    for (const f of m[0].matchAll(
      /(?<=[|~])(?:[^|^~]{0,20}\^)?([A-Za-z][A-Za-z'-]{1,30})\^([A-Za-z][A-Za-z'-]{1,30})(?=[|^~]|$)/g,
    )) {
      const fam = f[1]!.toLowerCase();
      const giv = f[2]!.toLowerCase();
      if (!(knownGiven(giv) || knownName(fam))) continue;
      if (/^\d/.test(f[0]) && !/^\d+\^/.test(f[0])) continue;
      markSpan(s, m.index! + f.index!, m.index! + f.index! + f[0].length);
    }
  }
}

/**
 * A chat's @-mention is a person ("@Jordan can u look", "@Priya Nair"): the word after an "@" that no address or handle
 * part precedes (not an e-mail's domain), and a capitalised word right after it.
 */
function markMentions(s: NameScan): void {
  const { text, tokens, n, mark } = s;
  if (!text.includes('@')) return;
  // A handle joined by dots, underscores or hyphens ("@priya.s", "@dr.wolf", "@nate_osei"), or one lower-case word no
  // dictionary knows ("@jfeliciano"): a user name, the whole handle a name. Not a group of words ("@icu.team",
  // "@on-call") nor a word a chat addresses everyone by ("@here").
  for (const m of text.matchAll(
    /(?<![\w.+@-])@([A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+){0,3})(?![\w@-]|\.[A-Za-z])/g,
  )) {
    const handle = m[1]!;
    const parts = handle.toLowerCase().split(/[._-]/);
    const word = (p: string) =>
      englishWords().has(p) ||
      s.clinical.has(p) ||
      NEVER_NAME_WORDS.has(p) ||
      DEPARTMENT_RE.test(p) ||
      CHAT_GROUP_WORDS.has(p) ||
      (p.length < DEID_TUNING.unknownWordMinLength && !NAME_TITLES.has(p) && parts.length === 1);
    const personPart = (p: string) =>
      NAME_TITLES.has(p) ||
      (knownName(p) && !englishWords().has(p)) ||
      (p.length >= DEID_TUNING.unknownWordMinLength && /^[a-z]+$/.test(p) && !word(p) && !medicalTerms().has(p));
    const person =
      parts.length > 1
        ? parts.some(personPart) && !parts.every(word)
        : /^[a-z]+$/.test(handle) &&
          handle.length >= DEID_TUNING.unknownHandleMinLength &&
          !word(handle) &&
          !medicalTerms().has(handle) &&
          !abbreviatesClinicalWord(handle) &&
          !oneEditFromWord(handle);
    if (person) markSpan(s, m.index! + 1, m.index! + m[0].length);
  }
  for (let k = 0; k < n; k++) {
    const t = tokens[k]!;
    if (text[t.start - 1] !== '@' || /[\w.+-]/.test(text[t.start - 2] ?? '') || s.insideTaken[k]) continue;
    if (NEVER_NAME_WORDS.has(t.lower) || s.clinical.has(t.lower) || DEPARTMENT_RE.test(t.lower)) continue;
    // A census or hand-list name, or a capitalised word no dictionary knows; not a group ("@team", "@everyone").
    if (!(knownName(t.lower) && !englishWords().has(t.lower)) && !knownGiven(t.lower) && !s.unknownWord(t)) continue;
    mark[k] = 1;
    if (k + 1 < n && s.tight(k) && s.capitalised(t) && s.capitalised(tokens[k + 1]!) && !s.blocked(k + 1))
      mark[k + 1] = 1;
  }
}

/** Handles a chat uses for everyone or a group, never a person ("@here", "@channel", "@oncall"). */
const CHAT_GROUP_WORDS = new Set('here channel everyone all team oncall group staff nurses residents'.split(' '));

/** A numbered list row that starts with a name before a room or bed ("1. Parkinson  389A  MRN ..."). */
function markListRowNames(s: NameScan): void {
  for (const m of s.text.matchAll(
    /^\s{0,3}\d{1,2}[.)]\s{1,3}([A-Z][A-Za-z'-]{1,30}(?:,?\s[A-Z][A-Za-z'-]{0,30}\.?){0,2})(?=\s{1,3}\d{1,4}[A-Z]?\b)/gm,
  )) {
    const start = m.index! + m[0].length - m[1]!.length;
    // "1. Cefazolin 2 g IV": a plan's numbered item with a dose is a drug, not a patient list's row.
    if (DOSE_AFTER_RE.test(s.text.slice(start + m[1]!.length, start + m[1]!.length + 60))) continue;
    markSpan(s, start, start + m[1]!.length);
  }
  // A handover list's row, bed and problem either side of the patient's name between dashes ("9 - VOLKOV - ?PE"), unless
  // every word of it is a clinical one ("3 - Sepsis - on abx").
  for (const m of s.text.matchAll(
    /^[ \t]{0,3}\d{1,2}[ \t]{1,2}[-–][ \t]{1,2}([A-Z][A-Za-z'-]{1,30}(?:,?[ \t][A-Z][A-Za-z'-]{0,30}\.?){0,2})(?=[ \t]{1,2}[-–][ \t])/gm,
  )) {
    const start = m.index! + m[0].length - m[1]!.length;
    const words = m[1]!.split(/[ \t,.]+/).filter(Boolean);
    if (words.every((w) => s.clinical.has(w.toLowerCase()) || englishWords().has(w.toLowerCase()))) continue;
    if (DOSE_AFTER_RE.test(s.text.slice(start + m[1]!.length, start + m[1]!.length + 60))) continue;
    markSpan(s, start, start + m[1]!.length);
  }
}

/** Initials right before an age and sex ("CR (59 yo M)", "C.R. 7F", "AB 97M"). */
function markInitialsBeforeAge(s: NameScan): void {
  const { text, tokens, n, mark } = s;
  for (const m of text.matchAll(
    /(?<![A-Za-z0-9.])((?:[A-Z]\.){2,3}|[A-Z]{2,3})(?=\s{0,2}\(?\s{0,2}\d{1,3}\s{0,2}(?:yo|y\/o|y\.o\.|M|F)\b|,?\s{1,2}(?:DOB|MRN|MR#|D\.O\.B)\b)/g,
  )) {
    const before = text.slice(Math.max(0, m.index! - 12), m.index!);
    if (!/(?:^|\n|\b(?:pt|re|patient)\s{0,2}:?)\s{0,2}$/i.test(before)) continue;
    if (/^(?:BP|HR|RR|PT|ED|ER|MR|SP|IV|EF)$/.test(m[1]!)) continue;
    for (let k = 0; k < n; k++)
      if (tokens[k]!.start >= m.index! && tokens[k]!.end <= m.index! + m[1]!.length) mark[k] = 1;
  }
}

/** Self-introductions and care-of lines: "this is patience young", "my name is ...", "c/o Ivy Levesque". */
function markSelfIntroductions(s: NameScan): void {
  for (const m of s.text.matchAll(
    /\b(?:this\sis|my\sname\sis|c\/o)\s{1,2}([A-Za-z][A-Za-z'-]{1,30})(?:\s([A-Za-z][A-Za-z'-]{1,30}))?/gi,
  )) {
    const [first, last] = [m[1]!, m[2]];
    if (!knownGiven(first.toLowerCase()) || NEVER_NAME_WORDS.has(first.toLowerCase())) continue;
    const start = m.index! + m[0].indexOf(first, m[0].length - m[1]!.length - (last ? last.length + 1 : 0));
    const withLast =
      last &&
      knownName(last.toLowerCase()) &&
      !NEVER_NAME_WORDS.has(last.toLowerCase()) &&
      !s.clinical.has(last.toLowerCase());
    markSpan(s, start, withLast ? m.index! + m[0].length : start + first.length);
  }
}

/**
 * Typed or dictated in lower case, a given name, a middle initial and a surname ("jon k fairweather", "ada m okoro"), or
 * a given name and an initial after "pt" ("pt bill r").
 */
function markLowerCaseInitialNames(s: NameScan): void {
  // After "pt", a given name and an initial alone ("pt bill r in rm 4").
  for (const m of s.text.matchAll(/\b(?:pt|patient)\s{1,2}([a-z]{3,15}) ([b-hj-wyz])\.?(?![A-Za-z])/dgi)) {
    const given = m[1]!.toLowerCase();
    if (!knownGiven(given) || NEVER_NAME_WORDS.has(given) || MODAL_WORDS.has(given) || s.clinical.has(given)) continue;
    if (medicalOnly(given)) continue;
    markSpan(s, m.indices![1]![0], m.index! + m[0].length);
  }
  for (const m of s.text.matchAll(/(?<![A-Za-z])([a-z]{3,15}) ([b-hj-wyz])\.? ([a-z][a-z'-]{2,30})(?![A-Za-z])/g)) {
    const [given, surname] = [m[1]!, m[3]!];
    if (
      !knownGiven(given) ||
      NEVER_NAME_WORDS.has(given) ||
      MODAL_WORDS.has(given) ||
      s.clinical.has(given) ||
      medicalOnly(given) ||
      !lowerCaseSurname(surname)
    )
      continue;
    markSpan(s, m.index!, m.index! + m[0].length);
  }
}

/** Newborns registered as "Baby Boy Hale", "Baby Girl Moss", "BB Young": the surname after the label. */
function markNewborns(s: NameScan): void {
  const { text, tokens, n, mark, clinical } = s;
  for (const m of text.matchAll(
    /\b(?:[Bb]aby\s{1,2}(?:[Bb]oy|[Gg]irl)|BABY\s{1,2}(?:BOY|GIRL)|BB|BG|[Ii]nfant\s{1,2}(?:[Bb]oy|[Gg]irl)|Twin\s{1,2}[AB])\s{1,2}(?=[A-Z])/g,
  )) {
    const k = tokens.findIndex((t) => t.start === m.index! + m[0].length);
    if (
      k < 0 ||
      s.insideTaken[k] ||
      clinical.has(tokens[k]!.lower) ||
      NEVER_NAME_WORDS.has(tokens[k]!.lower) ||
      medicalOnly(tokens[k]!.lower)
    )
      continue;
    mark[k] = 1;
    if (k + 1 < n && s.tight(k) && s.capitalised(tokens[k + 1]!) && !s.blocked(k + 1)) mark[k + 1] = 1;
  }
}

/**
 * Nicknames and other names of the same person: "goes by Chip", "(prefers Bud)", "known as 'Dot'", "legal name Russell
 * Hale"; and the name right before such a parenthesis ("Frank (prefers Skip) 44 yo", "Rusty (legal name ...)").
 */
function markNicknames(s: NameScan): void {
  const { text, tokens, n, mark, clinical } = s;
  const tokenAt = new Map(tokens.map((t, k) => [t.start, k] as const));
  for (const m of text.matchAll(NICKNAME_CUE_RE)) {
    const cueEnd = m.index! + m[0].length;
    const quoted = m.groups!.q !== '';
    const k = tokenAt.get(cueEnd);
    if (k === undefined) continue;
    const t = tokens[k]!;
    const prefers = /^\(?\s{0,2}prefers\b/i.test(m[0].trimStart()) && !/\bto\sbe\scalled\b/i.test(m[0]);
    const inParens = m.groups!.p === '(';
    // "prefers" alone is a name cue only in a parenthesis, in quotes, or before a given name ("prefers Spanish", "prefers Ensure" stay).
    if (prefers && !inParens && !quoted && !knownGiven(t.lower)) continue;
    // After such a cue a word the medical dictionary also lists is still the name ("goes by Chip", "(prefers Dot)"),
    // unless it is a clinical word, note vocabulary or a drug by its context.
    // Only cues that speak of a person ("known as", "called" also name diseases and molecules: "known as HgbS").
    const personCue = /\b(?:goes|prefer|nickname|legal|real)/i.test(m[0]);
    const cueOverrides =
      personCue &&
      nameShaped(t.text) &&
      !s.isEponym(k) &&
      !s.insideTaken[k] &&
      !clinical.has(t.lower) &&
      // A month or another word that is also a given name ("(prefers April)", "goes by 'June'") is the name only inside
      // the parenthesis or quotes that hold the cue: "prefers May appointments" stays.
      (!NEVER_NAME_WORDS.has(t.lower) || ((inParens || quoted) && AMBIGUOUS_NAME_WORDS.has(t.lower))) &&
      !drugInContext(text, t);
    if ((s.blocked(k) && !cueOverrides) || (!s.capitalised(t) && !quoted && !lowerCaseGiven(t.lower))) continue;
    mark[k] = 1;
    if (k + 1 < n && s.tight(k) && s.capitalised(tokens[k + 1]!) && s.capitalised(t) && !s.blocked(k + 1))
      mark[k + 1] = 1;
    if (inParens) {
      // The name the parenthesis explains: up to two capitalised words right before it.
      for (let b = tokenAt.get(m.index!) === undefined ? k - 1 : k; b >= 0 && b >= k - 3; b--) {
        if (tokens[b]!.end > m.index! + m[0].indexOf('(')) continue;
        if (!/^\s{0,2}$/.test(text.slice(tokens[b]!.end, m.index! + m[0].indexOf('('))) && !(mark[b + 1] && s.tight(b)))
          break;
        if (!s.capitalised(tokens[b]!) || s.blocked(b)) break;
        mark[b] = 1;
      }
    }
  }
}

/**
 * Employers: "works at Stop & Shop", "employed by CVS distribution", "job at Amazon fulfillment in Fall River", "works as
 * barista at Ritual Coffee".
 */
function findEmployers({ text, employers }: NameScan): void {
  for (const m of text.matchAll(
    // Up to three lower-case words of the job between ("works night shift stocking at ...", "works as barista at ...").
    /\b(?:[Ww]orks?|[Ww]orking|[Ww]orked|[Ee]mployed|employee|job|shifts?)(?:\s(?:as\s(?:an?\s)?)?[a-z][a-z-]{1,20}){0,3}?\s(?:at|for|by)\s{1,2}([A-Z](?:(?![ \t][-–—][ \t])[^.;,\n()]){1,60})/g,
  )) {
    const start = m.index! + m[0].length - m[1]!.length;
    employers.push({ type: 'NAME', start, end: start + m[1]!.trimEnd().length });
  }
}

const QUANTIFIERS = new Set(['some', 'any', 'more', 'much', 'less', 'little', 'lots', 'enough', 'no']);

/** 2. Known given names and surnames (Census lists and the hand list of short forms). */
function markKnownNames(s: NameScan): void {
  const { tokens, n, mark, tight, blocked, inLexicon, lowerCasePair, capitalised } = s;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (mark[i] || !inLexicon(t) || blocked(i) || (t.allCaps && t.text.length <= 4)) continue;
    // A lower-case word from the Census lists alone ("min", "ng") is a name only as a given name + surname pair, or as a
    // given name no dictionary knows ("jaquelyn", "shemika").
    if (
      !capitalised(t) &&
      !GIVEN_NAMES.has(t.lower) &&
      !SURNAMES.has(t.lower) &&
      !lowerCaseGiven(t.lower) &&
      !lowerCasePair(i)
    )
      continue;
    // "took some molly", "any more xanny": a quantity word before a lower-case word makes it a substance, not a person.
    if (!capitalised(t) && i > 0 && QUANTIFIERS.has(tokens[i - 1]!.lower)) continue;
    if (ambiguousName(t.lower)) {
      // A lower-case given name + surname pair decides ("rich cronin").
      if (!capitalised(t) && lowerCasePair(i)) {
        mark[i] = 1;
        continue;
      }
      if (!capitalised(t) || t.sentenceStart) continue;
      const neighbour = (j: number) =>
        j >= 0 &&
        j < n &&
        capitalised(tokens[j]!) &&
        !blocked(j) &&
        (inLexicon(tokens[j]!) || !ambiguousName(tokens[j]!.lower));
      if (!((i + 1 < n && tight(i) && neighbour(i + 1)) || (i > 0 && tight(i - 1) && neighbour(i - 1)))) continue;
    }
    mark[i] = 1;
  }
}

/** 2b. Capitalised words that are neither English nor clinical vocabulary ("Hodkiewicz", "Otelia"): names, unless a sentence merely starts with them and nothing else points to a name. */
function markUnknownCapitalised(s: NameScan): void {
  const { tokens, n, mark, gap, tight, blocked, inLexicon, capitalised, unknownWord } = s;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (mark[i] || blocked(i) || !unknownWord(t)) continue;
    if (!t.sentenceStart) {
      mark[i] = 1;
      continue;
    }
    const next = tokens[i + 1];
    const nextIsName =
      next && tight(i) && capitalised(next) && !blocked(i + 1) && (unknownWord(next) || inLexicon(next));
    const nextIsVerb =
      next && /^\s{1,2}$/.test(gap(i)) && SUBJECT_VERBS.has(next.text) && !NOT_A_PERSON_SUBJECT.has(t.lower);
    if (nextIsName || nextIsVerb) mark[i] = 1;
  }
}

/** A sentence that starts with a known given name or surname followed by a verb ("Victor asks ...", "Becker has ..."), or with ... */
function markSentenceSubjects(s: NameScan): void {
  const { tokens, n, mark, gap, blocked, inLexicon } = s;
  // A sentence that starts with a known given name or surname followed by a verb ("Victor asks ...", "Becker has ..."), or with
  // any other capitalised word that is also an English word ("Kris", "Les", "Chia") followed by a verb only a person
  // does ("Kris asks ...", "Rath denies ...").
  for (let i = 0; i < n - 1; i++) {
    const t = tokens[i]!;
    if (
      mark[i] ||
      !t.sentenceStart ||
      !t.titleCase ||
      MODAL_WORDS.has(t.lower) ||
      NOT_A_PERSON_SUBJECT.has(t.lower) ||
      blocked(i)
    )
      continue;
    if (!/^\s{1,2}$/.test(gap(i))) continue;
    const verb = tokens[i + 1]!.text;
    if (inLexicon(t)) {
      // "Dawn was quiet", "Hope is low": a name-word that is also an English word needs a verb only a person does.
      if (PERSON_VERBS.has(verb) || (SUBJECT_VERBS.has(verb) && !ambiguousName(t.lower))) mark[i] = 1;
      continue;
    }
    // "Laboratory reports show ...": the verb is a plural noun when a verb follows it.
    const nounUse = PLURAL_NOUN_VERBS.has(verb) && i + 2 < n && REPORTING_VERBS.has(tokens[i + 2]!.lower);
    if (PERSON_VERBS.has(verb) && !nounUse && t.text.length >= 3 && !COMMON_NOUN_SUFFIX.test(t.lower)) mark[i] = 1;
  }
}

/** A capitalised word that opens a sentence or clause and takes a predicate only a patient takes ("Rath has a pacemaker"). */
function markPatientPredicateSubjects(s: NameScan): void {
  const { text, tokens, n, mark, gap, blocked, inLexicon, patientWord } = s;
  // A capitalised word that opens a sentence or clause and takes a predicate only a patient takes ("Rath has a pacemaker",
  // "Stone is on warfarin", "and Keeling underwent a CABG"), when the word is not itself clinical, a group or a finding.
  for (let i = 0; i < n - 1; i++) {
    const t = tokens[i]!;
    if (mark[i] || !t.titleCase || t.text.length < 3 || blocked(i)) continue;
    if (!t.sentenceStart && !(i > 0 && CLAUSE_OPENERS.has(tokens[i - 1]!.text) && /^,?\s{1,2}$/.test(gap(i - 1))))
      continue;
    if (MODAL_WORDS.has(t.lower) || NOT_A_PERSON_SUBJECT.has(t.lower) || NON_PERSON_HOLDERS.has(t.lower)) continue;
    if (COMMON_NOUN_SUFFIX.test(t.lower) || patientWord(t)) continue;
    const predicate = PATIENT_PREDICATE_RE.exec(text.slice(t.end, t.end + 60));
    if (!predicate) continue;
    // A plural-looking word ("Studies", "Menses") is a name ("Mills", "Banks") only from the lexicon or with a singular verb.
    const pluralLooking = /[^su]s$/.test(t.lower) && !inLexicon(t);
    if (pluralLooking && PLURAL_AGREEING_PREDICATE.test(predicate[0])) continue;
    // The object: the first word after the fillers, in the same sentence ("has a risk of syncope" has the object "risk").
    const objectEnd = t.end + predicate[0].length;
    let k = i + 1;
    while (k < n && tokens[k]!.start < objectEnd) k++;
    for (const last = Math.min(n, k + 5); k < last; k++) {
      if (/[.!?;:\n]/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start))) break;
      // "history of ..." is the object itself; "no history" is only a filler before one.
      const historyOf =
        HISTORY_WORDS.has(tokens[k]!.lower) && /^\s{1,2}of\s/.test(text.slice(tokens[k]!.end, tokens[k]!.end + 5));
      if (historyOf || (patientWord(tokens[k]!) && !HISTORY_WORDS.has(tokens[k]!.lower))) {
        mark[i] = 1;
        break;
      }
      if (!OBJECT_FILLERS.has(tokens[k]!.lower)) break;
    }
  }
}

/** 3. Signatures and credentials: "Thanks,\nJane Doe", "J. Smith, MD"; possessives of relations: "Cris Rath's daughter". */
function markSignaturesAndCredentials(s: NameScan): void {
  const { text, tokens, n, mark, gap, tight, blocked, capitalised } = s;
  // Before a credential, after a given name ("Priya Raman, MD"), a word the medical dictionary lists but no clinical
  // lexicon does is the surname it spells: the credential is a name cue as strong as a title. Alone it stays a word
  // ("Philadelphia, PA": a credential is also a state's code).
  const credentialed = (k: number) => {
    const w = tokens[k]!;
    if (!capitalised(w)) return false;
    if (!blocked(k)) return true;
    const given = tokens[k - 1];
    return (
      given !== undefined &&
      tight(k - 1) &&
      given.titleCase &&
      !blocked(k - 1) &&
      (knownGiven(given.lower) || !englishWords().has(given.lower)) &&
      s.medicalSurname(k)
    );
  };
  // A writer's initials after a dash that close a message or a line after its last sentence ("no answer. - JT"); not a
  // unit or clinical abbreviation ("- ED", "- ICU").
  for (const m of text.matchAll(/(?:[.!?]|^)[ \t]{0,2}[-–—~][ \t]{0,2}([A-Z]{2,3})[ \t]*$/dgm)) {
    const k = tokens.findIndex((t) => t.start === m.indices![1]![0]);
    if (k < 0 || s.clinical.has(tokens[k]!.lower) || NEVER_NAME_WORDS.has(tokens[k]!.lower) || s.insideTaken[k])
      continue;
    mark[k] = 1;
  }
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (
      i + 1 < n &&
      RELATION_CUES.has(tokens[i + 1]!.lower) &&
      /^['’]s\s{1,2}$/.test(text.slice(t.end, tokens[i + 1]!.start))
    ) {
      for (let k = i; k >= Math.max(0, i - 2); k--) {
        if (!capitalised(tokens[k]!) || blocked(k) || (k < i && !tight(k))) break;
        mark[k] = 1;
      }
    }
    if (SIGN_OFF_CUES.has(t.lower) && i + 1 < n && /^[,!.]?\s{0,2}(?:\n|,|-)\s{0,3}[-—]?\s{0,2}$/.test(gap(i))) {
      for (let k = i + 1; k < Math.min(n, i + 4); k++) {
        if (!capitalised(tokens[k]!) || blocked(k)) break;
        mark[k] = 1;
        if (!tight(k)) break;
      }
    }
    const after = text.slice(t.end, t.end + 24);
    if ((CREDENTIAL_RE.test(after) || ROLE_IN_PARENS_RE.test(after)) && credentialed(i) && !t.allCaps) {
      for (let k = i; k >= Math.max(0, i - 2); k--) {
        if (!credentialed(k)) break;
        mark[k] = 1;
        if (k > 0 && !tight(k - 1)) break;
      }
    }
  }
}

/** 4. The words right before an age, sex or DOB ("Arlen Becker, 53M", "Jo Dooley (24 F)", "Kris is a 48-year-old"). */
function markBeforeAgeAnchors(s: NameScan): void {
  const { text, tokens, n, mark, tight, blocked, inLexicon, capitalised } = s;
  for (let i = 0; i < n; i++) {
    if (!AGE_ANCHOR_RE.test(text.slice(tokens[i]!.end, tokens[i]!.end + 40))) continue;
    const run: number[] = [];
    // "Hale, T 13 y/o": a surname, a comma and an initial.
    if (
      /^[A-Z]$/.test(tokens[i]!.text) &&
      i > 0 &&
      /^,\s{1,2}$/.test(s.gap(i - 1)) &&
      capitalised(tokens[i - 1]!) &&
      !blocked(i - 1) &&
      !tokens[i - 1]!.allCaps &&
      tokens[i - 1]!.text.length > 1
    ) {
      mark[i] = 1;
      mark[i - 1] = 1;
      continue;
    }
    for (let k = i; k >= 0 && run.length < 3; k--) {
      // Right before the age, after another name word ("Nguyen Van Bay, 90"), a word only the medical dictionary lists.
      const surnameBeforeAge =
        k === i &&
        k > 0 &&
        tight(k - 1) &&
        capitalised(tokens[k - 1]!) &&
        !blocked(k - 1) &&
        (s.medicalSurname(k) || givenAndSurnameBeforeAge(s, k));
      if ((blocked(k) && !surnameBeforeAge) || tokens[k]!.allCaps || (k === i && tokens[k]!.text.length < 2)) break;
      run.push(k);
      if (k === 0 || !tight(k - 1)) break;
    }
    if (run.length === 0) continue;
    const allCapitalised = run.every((k) => capitalised(tokens[k]!));
    const anyKnown = run.some((k) => inLexicon(tokens[k]!) || mark[k]);
    const startsClause =
      tokens[run[run.length - 1]!]!.sentenceStart ||
      /\b(?:pt|patient|saw|seeing|re|regarding|about|for|is|:)\s{0,2}$/i.test(
        text.slice(Math.max(0, tokens[run[run.length - 1]!]!.start - 12), tokens[run[run.length - 1]!]!.start),
      );
    if (allCapitalised || (startsClause && run.length >= 2) || anyKnown) {
      for (const k of run) mark[k] = 1;
    }
  }
}

/**
 * "Ivy Graves (10 yo F)", "Holly Parkinson, 8M": a title-case Census given name and a title-case Census surname right
 * before an age are a person even when the surname is also an eponym or a clinical word; a disease's name is no
 * surname ("Bell palsy (10 yo)", "Graves disease (45 F)").
 */
function givenAndSurnameBeforeAge(s: NameScan, k: number): boolean {
  const [given, surname] = [s.tokens[k - 1]!, s.tokens[k]!];
  return (
    given.titleCase &&
    surname.titleCase &&
    !surname.allCaps &&
    knownGiven(given.lower) &&
    !NEVER_NAME_WORDS.has(given.lower) &&
    !EPONYMS.has(given.lower) &&
    !s.insideTaken[k] &&
    !NEVER_NAME_WORDS.has(surname.lower) &&
    censusSurname(surname.lower) &&
    !drugInContext(s.text, surname)
  );
}

/** 5. Every other mention of a name already found ("mr becker ... becker's wife ... BECKER"). */
function propagateMentions(s: NameScan): void {
  const { tokens, n, mark, clinical, gap, isEponym, inLexicon, capitalised } = s;
  const found = new Set<string>();
  for (let i = 0; i < n; i++) if (mark[i] && tokens[i]!.lower.length > 1) found.add(tokens[i]!.lower);
  if (found.size) {
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      if (mark[i] || !found.has(t.lower) || isEponym(i)) continue;
      // "-Will Bishop, RN" does not make "Will f/u in 2 weeks" a name: an ambiguous word opening a sentence stays.
      // ("Rath is anxious" after "Cris Rath" is still the name: a verb a person takes as subject follows.)
      if (
        ambiguousName(t.lower) &&
        t.sentenceStart &&
        i + 1 < n &&
        /^ {1,2}$/.test(gap(i)) &&
        /^[a-z]/.test(tokens[i + 1]!.text) &&
        !SUBJECT_VERBS.has(tokens[i + 1]!.text)
      )
        continue;
      if (
        (ambiguousName(t.lower) ||
          NEVER_NAME_WORDS.has(t.lower) ||
          clinical.has(t.lower) ||
          (englishWords().has(t.lower) && !inLexicon(t))) &&
        !capitalised(t)
      )
        continue;
      mark[i] = 1;
    }
  }
}

/**
 * A capitalised word before a surname found, framed as a name by a title before it ("Dr. Amadou Diallo") or a
 * credential after the surname ("Dev Patel, PA-C", "Lindqvist, Annika MD"), is a name word even when a dictionary lists
 * it ("amadou", "dev"): the frame is as strong a cue as a title. Not a label, role, relation or department word.
 */
function givenNameInFrame(s: NameScan, j: number, i: number): boolean {
  const { text, tokens, tight } = s;
  const t = tokens[j]!;
  if (s.insideTaken[j] || !t.titleCase || !tokens[i]!.titleCase) return false;
  if (
    [NAME_LABEL_CUES, RELATION_CUES, ROLE_CUES, STAFF_CUES, NAME_TITLES, FIELD_LABELS].some((set) =>
      set.has(t.lower),
    ) ||
    NEVER_NAME_WORDS.has(t.lower) ||
    DEPARTMENT_RE.test(t.lower) ||
    SPECIALTY_HEAD_RE.test(t.text)
  )
    return false;
  const titled =
    tight(j) &&
    j > 0 &&
    NAME_TITLES.has(tokens[j - 1]!.lower) &&
    /^\.?\s{1,2}$/.test(text.slice(tokens[j - 1]!.end, t.start));
  const credentialled =
    (tight(j) || /^\s?,\s{1,2}$/.test(text.slice(t.end, tokens[i]!.start))) &&
    CREDENTIAL_RE.test(text.slice(tokens[i]!.end, tokens[i]!.end + 12));
  return titled || credentialled;
}

/** 6. Extend marked names to adjacent capitalised words (surname after a given name, "LAST, FIRST", middle initials). */
function extendToAdjacent(s: NameScan): void {
  const { tokens, n, mark, gap, tight, blocked, inLexicon, capitalised } = s;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      if (!mark[i]) continue;
      for (const j of [i - 1, i + 1]) {
        if (j < 0 || j >= n || mark[j]) continue;
        const a = Math.min(i, j);
        const t = tokens[j]!;
        if (blocked(j)) {
          if (
            j === i - 1 &&
            /^[A-Z]$/.test(t.text) &&
            /^\.\s{1,2}$/.test(gap(j)) &&
            capitalised(tokens[i]!) &&
            !s.insideTaken[j]
          )
            mark[j] = 1; // "K. Bell", "L. Moss"
          else if (j === i - 1 && givenNameInFrame(s, j, i)) mark[j] = 1; // "Dr. Amadou Diallo", "Dev Patel, PA-C"
          continue;
        }
        if (tight(a) && capitalised(t) && capitalised(tokens[i]!)) {
          if (ambiguousName(t.lower) && !inLexicon(t) && t.sentenceStart) continue;
          // "AMHP T. Ibekwe", "RN J. Ortiz": a short capitals acronym is a role beside a name in mixed case.
          if (t.allCaps && !tokens[i]!.allCaps && t.text.length <= 5 && !inLexicon(t)) continue;
          mark[j] = 1;
        } else if (j === i - 1 && /^[A-Z]$/.test(t.text) && /^\.\s{1,2}$/.test(gap(j)) && capitalised(tokens[i]!)) {
          mark[j] = 1; // an initial before a surname ("P. Grant")
        } else if (
          j === i - 1 &&
          /^\s?,\s{1,2}$/.test(gap(a)) &&
          capitalised(t) &&
          capitalised(tokens[i]!) &&
          (t.sentenceStart || t.allCaps) &&
          (GIVEN_NAMES.has(tokens[i]!.lower) || (!englishWords().has(t.lower) && !inLexicon(t)))
        ) {
          mark[j] = 1; // "BECKER, ARLEN" / "Becker, Arlen"; "Obuya, Wanjiru": a surname no list holds before a name found"
        } else if (
          j === i + 1 &&
          tight(i) &&
          !capitalised(t) &&
          !capitalised(tokens[i]!) &&
          (GIVEN_NAMES.has(tokens[i]!.lower) || lowerCaseGiven(tokens[i]!.lower)) &&
          lowerCaseSurname(t.lower)
        ) {
          mark[j] = 1; // "jane doe", "john hodkiewicz", "lavina reichert"
        } else if (
          j === i + 1 &&
          /^\s?,\s{1,2}$/.test(gap(i)) &&
          tokens[i]!.allCaps &&
          t.allCaps &&
          tokens[i]!.sentenceStart
        ) {
          mark[j] = 1; // "BECKER, ARLEN" found from the surname
        }
      }
    }
  }
  // Surname particles between or before name words: "Marcus van der Berg", "Mr de la Cruz", "Anna dos Santos".
  const particle = (k: number) => k >= 0 && k < n && NAME_PARTICLES.has(tokens[k]!.text) && tight(k);
  for (let i = 0; i < n; i++) {
    if (!particle(i) || (mark[i] && (i === 0 || !NAME_TITLES.has(tokens[i - 1]!.lower)))) continue;
    let end = i;
    while (particle(end + 1)) end++;
    const after = end + 1;
    if (after >= n || !tight(end)) continue;
    const before = i - 1;
    const opened = before >= 0 && tight(before) && (mark[before] || NAME_TITLES.has(tokens[before]!.lower));
    // Typed in lower case, the particles still join: between two name words found ("maria de los angeles rivera"), or
    // after a title before a word no clinical list holds ("dr. van den berg").
    const lowerCaseSurname =
      !capitalised(tokens[after]!) &&
      ((mark[before] === 1 && mark[after] === 1) ||
        (before >= 0 &&
          NAME_TITLES.has(tokens[before]!.lower) &&
          tokens[after]!.text.length >= 3 &&
          !s.clinical.has(tokens[after]!.lower) &&
          !NEVER_NAME_WORDS.has(tokens[after]!.lower) &&
          !s.insideTaken[after]));
    if (!capitalised(tokens[after]!) && !lowerCaseSurname) continue;
    if (!mark[after] && !opened) continue;
    for (let k = i; k <= after; k++) mark[k] = 1;
  }
}

const NICKNAME_QUOTES: Record<string, string> = { "'": "'", '‘': '’', '"': '"', '“': '”', '(': ')' };

/**
 * A single capitalised word in quotes or a parenthesis right beside a name found is that person's nickname. Between a
 * given name and a surname ('Jordan "Jojo" Ashby', "Reginald 'Reg' Hale") the quotes decide: the nickname is taken even
 * when it is also a word or a label ("Reg"), and so is a known given name before it that is also a place ("Jordan").
 */
function markQuotedNicknames(s: NameScan): void {
  const { text, tokens, n, mark, blocked, capitalised, insideTaken } = s;
  for (let k = 0; k < n; k++) {
    const t = tokens[k]!;
    const open = text[t.start - 1] ?? '';
    const close = NICKNAME_QUOTES[open];
    if (!close || text[t.end] !== close || !capitalised(t) || t.allCaps || insideTaken[k]) continue;
    const tightBeside = (j: number) =>
      j >= 0 &&
      j < n &&
      /^\s{1,2}$/.test(j < k ? text.slice(tokens[j]!.end, t.start - 1) : text.slice(t.end + 1, tokens[j]!.start));
    const beside = (j: number) => tightBeside(j) && mark[j] === 1;
    const between =
      open !== '(' &&
      tightBeside(k - 1) &&
      tightBeside(k + 1) &&
      capitalised(tokens[k - 1]!) &&
      capitalised(tokens[k + 1]!) &&
      !tokens[k - 1]!.allCaps &&
      (mark[k - 1] === 1 || mark[k + 1] === 1);
    if (between) {
      mark[k] = 1;
      const before = tokens[k - 1]!;
      if (!insideTaken[k - 1] && !NAME_TITLES.has(before.lower) && (!blocked(k - 1) || knownGiven(before.lower)))
        mark[k - 1] = 1;
      // The surname after a quoted nickname, even one an eponym spells ('Eugenia "Genie" Parkinson').
      const after = tokens[k + 1]!;
      const surname = after.titleCase && censusSurname(after.lower) && !NEVER_NAME_WORDS.has(after.lower);
      if (!insideTaken[k + 1] && (!blocked(k + 1) || surname)) mark[k + 1] = 1;
      continue;
    }
    if (!mark[k] && !blocked(k) && (beside(k - 1) || beside(k + 1))) mark[k] = 1;
  }
}

/** Lower-case particles of surnames (Dutch, German, Romance, Arabic, Welsh, Scots), joined to the name around them. */
const NAME_PARTICLES = new Set([
  'van',
  'der',
  'den',
  'de',
  'la',
  'le',
  'du',
  'von',
  'di',
  'da',
  'del',
  'dela',
  'della',
  'dos',
  'das',
  'los',
  'las',
  'bin',
  'binti',
  'al',
  'el',
  'ter',
  'ten',
  'ap',
  'zu',
]);

/**
 * What may stand between two words of one name: a space, an initial's dot, a comma, a hyphen, or the quotes or
 * parentheses around a nickname ('Constance "Connie" Albright', "Bazza (Barry) Fitzpatrick"), so no quote is left behind.
 */
const NAME_RUN_GAP = /^(?:\s{1,2}|\.\s{0,2}|,\s{1,2}|\s{0,2}-\s{0,2}|\s{1,2}["'“‘(]|["'”’)]\s{1,2})$/;

/** Runs of marked tokens become one entity; employers found by their cue are added as they are. */
function nameRuns(s: NameScan): PhiEntity[] {
  const { tokens, n, mark, gap, employers } = s;
  const entities: PhiEntity[] = [...employers];
  for (let i = 0; i < n; i++) {
    if (!mark[i]) continue;
    let j = i;
    while (j + 1 < n && mark[j + 1] && NAME_RUN_GAP.test(gap(j))) j++;
    // A run that opened a nickname's parenthesis or quote and ends inside it takes the closing mark too.
    const closer = { '(': ')', '"': '"', "'": "'", '“': '”', '‘': '’' }[gap(j - 1 >= i ? j - 1 : i).trim()];
    let end = tokens[j]!.end + (j > i && closer && s.text[tokens[j]!.end] === closer ? 1 : 0);
    // A middle initial that ends the name takes its period ("BECKER, ARLEN J.", "Becker, Arlen A.").
    if (j > i && /^[A-Z]$/.test(tokens[j]!.text) && s.text[end] === '.') end++;
    // So does a generational suffix written with one ("Sione Jr.", "Ray Sr.").
    if (j > i && /^(?:Jr|Sr|JR|SR)$/.test(tokens[j]!.text) && s.text[end] === '.') end++;
    entities.push({ type: 'NAME', start: tokens[i]!.start, end });
    i = j;
  }
  return entities;
}

// ---------------------------------------------------------------------------------------------------------------------
// Name lexicon (hand list of short forms + US Census given names and surnames) and the medical-vocabulary guard.

// The Census lists spell names without apostrophes ("Obrien", "Dandre"); a contraction is no name ("I'm", "we'll").
const censusKey = (w: string) => (/['’](?:m|s|re|ve|ll|d|t)$/.test(w) ? w : w.replace(/['’]/g, ''));
const censusSurname = (w: string) =>
  (censusNames().surnameRank.get(censusKey(w)) ?? Infinity) < DEID_TUNING.surnameRankLimit;
/** A given name: the hand list (short forms: Vic, Betsy) or the Census given-name lists. */
function knownGiven(w: string): boolean {
  return GIVEN_NAMES.has(w) || censusNames().given.has(censusKey(w));
}
/**
 * A Census given name that is a name even in lower case: no English, medical or clinical word and no note vocabulary
 * ("jaquelyn", "shemika", "lavina"; not "min", "tia", "ok"). Over the MedQA vignettes, the case dev questions and the
 * markdown guidelines, the only such word in lower case is "min" (too short).
 */
function lowerCaseGiven(w: string): boolean {
  return (
    w.length >= DEID_TUNING.lowerCaseGivenMinLength &&
    censusNames().given.has(w) &&
    !ambiguousName(w) &&
    !clinicalWords().has(w) &&
    !NEVER_NAME_WORDS.has(w) &&
    !MEDICAL_SUFFIX.test(w)
  );
}
/**
 * A lower-case word after a lower-case given name that reads as its surname: a listed surname, or a word no English,
 * clinical or note vocabulary knows that is long enough and has a vowel ("bode", "kuhic"; not "pls", "abx", "chf").
 */
function lowerCaseSurname(w: string): boolean {
  if (SURNAMES.has(w)) return true;
  if (englishWords().has(w) || clinicalWords().has(w) || NEVER_NAME_WORDS.has(w) || !/[aeiouy]/.test(w)) return false;
  return censusSurname(w) || (w.length >= DEID_TUNING.lowerCaseGivenMinLength && !medicalTerms().has(w));
}
/** A known given name or surname, in any part of a hyphenated name ("nguyen-hart"). */
function knownName(w: string): boolean {
  if (GIVEN_NAMES.has(w) || SURNAMES.has(w) || knownGiven(w) || censusSurname(w)) return true;
  if (!w.includes('-')) return false;
  const parts = w.split('-');
  return (
    parts.every((p) => p.length > 1 && (knownGiven(p) || SURNAMES.has(p) || censusSurname(p))) &&
    parts.some((p) => !ambiguousName(p))
  );
}
/**
 * A name that is also an ordinary or medical word ("Will", "Hope", "Young", "Bell"): a name only when capitalised and
 * next to another name or a name cue. The hand list, plus every Census name that is an English or medical word.
 */
function ambiguousName(w: string): boolean {
  if (AMBIGUOUS_NAME_WORDS.has(w)) return true;
  if (GIVEN_NAMES.has(w) || SURNAMES.has(w)) return false;
  return englishWords().has(w) || medicalTerms().has(w);
}
/** A word taken for medical only by its ending (-ic, -ella, -oma, ...), not by the medical dictionary. */
function medicalBySuffixOnly(w: string): boolean {
  return !medicalTerms().has(w) && !(w.endsWith('s') && medicalTerms().has(w.slice(0, -1)));
}
/**
 * A word of the medical dictionary that is not also a common name: drugs (Procrit, Aranesp, Amitiza), conditions,
 * eponyms of rare surnames (Hodgkin, Babinski), clinical words (Healthy, Ortho). Never a name.
 */
function medicalOnly(w: string): boolean {
  if (w.length > 4 && w.endsWith('s') && medicalTerms().has(w.slice(0, -1)) && !knownName(w))
    return medicalOnly(w.slice(0, -1)); // "Apgars"
  if (!medicalTerms().has(w) && !MEDICAL_SUFFIX.test(w)) return false;
  if (GIVEN_NAMES.has(w) || SURNAMES.has(w) || censusNames().given.has(censusKey(w))) return false;
  return (censusNames().surnameRank.get(censusKey(w)) ?? Infinity) >= DEID_TUNING.medicalSurnameRank;
}
/** A dose, strength or product form right after a word ("Kerendia 10 mg", "Stiolto Respimat 2 puffs", "Focalin XR"). */
const DOSE_AFTER_RE = new RegExp(
  '^(?:\\s{1,2}[A-Z][A-Za-z-]{1,20}){0,' +
    DEID_TUNING.doseLookahead +
    '}\\s{0,2}(?:\\d[\\d.,/]*\\s{0,2}(?:mg|mcg|µg|ug|g|gm|mL|ml|L|units?|u|IU|meq|mEq|mmol|puffs?|inh(?:alations?)?|tabs?|tablets?|caps?(?:ules?)?|drops?|sprays?|patch(?:es)?|%|mg\\/kg)(?![A-Za-z])|\\d[\\d.,/]*\\s{0,2}(?:OD|BD|TDS|QDS|QD|BID|TID|QID|QHS|HS|PRN)\\b|[qQ]\\d{1,2}\\s?(?:h|hrs?|d|days?|wks?|w|weeks?|mos?|months?)\\b|(?:XR|ER|SR|XL|CR|LA|DR|ODT|HFA|ES-\\d+|otic|ophthalmic|gel|cream|ointment|inhaler|respimat|ellipta|diskus|pen|flexpen|kwikpen|injection|infusion|vaccine|dose|doses|shot|tablets?|syrup|suspension|solution|patch)(?![A-Za-z])|[A-Z]\\d{1,2}(?![A-Za-z0-9])|\\d{1,4}\\s[A-Z]{1,3}-[A-Z](?![A-Za-z]))',
);
/** Verbs and phrases after which a capitalised word is a drug or product ("started Kerendia", "PA for Qsymia"). */
const DRUG_CUE_BEFORE_RE =
  /(?:(?:^|[.;:,—–-]\s{0,2}|\n)on\s{1,2}$|\b(?:(?:immuno|chemo)?therapy\swith|treat(?:ed|ment)\swith|received|receiving|takes|taking|took|started|starting|start|restarted|restart|stopped|stop|prescribed|prescribe|refill(?:ed)?|switch(?:ed)?\s(?:to|from)|trial\sof|(?:pa|prior\sauth(?:orization)?|coverage|approval|denial|copay)\sfor|dose\sof|dosing\sof|on\sa\scourse\sof|rx(?:\sfor)?|give|given|giving|administer(?:ed)?|inject(?:ed)?|vaccinated\swith|got|get|(?:is|was|are|were|been|be|stay|stays|remain|remains|continue|continues|kept|keep|still|already|currently|now)\son|candidate\sfor|data\s(?:on|for)|evidence\s(?:on|for)|response\sto|allergic\sto|allergy\sto|intolerant\sof|intolerance\sto|failed|side\seffects?\s(?:of|from)|dosing\s(?:for|of)|interaction\s(?:with|between)|titrate|taper|hold|held|resume|resumed|add|added)\s{1,2})$/i;

/** Words that name a product or procedure next to a word: "Medrol dosepak", "Leqembi infusions", "Bioness L300". */
const PRODUCT_FOLLOWER_RE =
  /^(?:\s[A-Z][A-Za-z0-9]?(?=\s(?:system|device|stimulator|app|program)\b))?\s{1,2}(?:(?:dosepak|dose\s?pack|infusions?|injections?|shots?|vaccines?|tabs?|pills?|gummies|drops|spray|device|app|program|system|stimulator|brace|boots?|[Bb]order|dressings?|eligibility|or\ssimilar|side[\s-]effects?)(?![A-Za-z])|\d{2,4}\s{0,2}\+|[A-Z]{1,3}-?\d{1,4}(?![A-Za-z]))/;
/** Verbs after which a capitalised word is a thing used or proposed, not a person ("mentioned Viberzi", "use Lumosity"). */
const PRODUCT_CUE_BEFORE_RE =
  /\b(?:mentioned|brought\sup|suggested|suggests|recommended|recommends|recommend|requested|requests|(?:asking|asked)\sfor|due\sfor|considering|consider|add|added|adding|use|uses|using|used|try|tried|trying|want(?:s|ed)?\sto\s(?:use|try|start)|an?|vs\.?|versus|or)\s{1,2}$/i;

/** The start of a medication, allergy or vaccine list on the same line. */
const MED_LIST_BEFORE_RE =
  /\b(?:meds|medications?|med\slist|medication\slist|current\smeds|home\smeds|rx|allergies|vaccines?|immuni[sz]ations?)\s{0,2}:[^.;\n]*$/i;

/** A capitalised word that is a drug or product by its context: a dose or form after it, a prescribing verb before it. */
function drugInContext(text: string, t: Token): boolean {
  if (!/^[A-Z]/.test(t.text) || knownGiven(t.lower)) return false;
  // A person's title decides: "Mr. Hodkiewicz A1" is a man, whatever code follows (found by the property test).
  // So does a title before the given name ("Dr. Pita Fonoti (neurosurg)").
  if (
    /\b(?:mr|mrs|ms|miss|mx|dr|sgt|prof)\.?\s{1,2}(?:[A-Z][a-z'’-]{1,20}\s{1,2})?$/i.test(
      text.slice(Math.max(0, t.start - 30), t.start),
    )
  )
    return false;
  const after = text.slice(t.end, t.end + 60);
  if (DOSE_AFTER_RE.test(after) || PRODUCT_FOLLOWER_RE.test(after)) return true;
  if (/^['’]s\b/.test(after)) return false; // "On Hodkiewicz's advice": a possessive is a person's
  // "Mucomyst (NAC)", "crizanlizumab (Adakveo)", "Sunosi vs Wakix": paired with a drug or another product.
  // A generic name (lower case), an abbreviation (NAC, RFA) or a medical word beside it in parentheses.
  const drugWord = (w: string) =>
    /^[a-z][a-z-]{3,30}$/.test(w) ||
    /^[A-Z]{2,6}$/.test(w) ||
    medicalOnly(w.toLowerCase()) ||
    clinicalWords().has(w.toLowerCase());
  // In the parenthesis after the word, an English word no medical list holds is a role, not its generic ("Jolene
  // Yellowhorse (coordinator)"; "Xarelto (rivaroxaban)" stays a brand).
  const genericAfter = (w: string) =>
    drugWord(w) && !(/^[a-z]/.test(w) && englishWords().has(w) && !medicalTerms().has(w) && !clinicalWords().has(w));
  const paren = /^\s{0,2}\(\s{0,2}([A-Za-z][A-Za-z-]{1,30})\s{0,2}\)/.exec(after);
  // "Mary Smith (RN)", "Jones (daughter)": a credential or a relation in the parenthesis is a person's.
  const personParen =
    paren &&
    (CREDENTIAL_RE.test(paren[1]!) ||
      RELATION_CUES.has(paren[1]!.toLowerCase()) ||
      STAFF_CUES.has(paren[1]!.toLowerCase()) ||
      ROLE_CUES.has(paren[1]!.toLowerCase()));
  if (paren && !personParen && genericAfter(paren[1]!)) return true;
  const before = text.slice(Math.max(0, t.start - 40), t.start);
  const parenBefore = /([A-Za-z][A-Za-z-]{1,30})\s{0,2}\(\s{0,2}$/.exec(before);
  if (parenBefore && drugWord(parenBefore[1]!)) return true;
  if (/^\s{1,2}(?:vs\.?|versus)\s/i.test(after)) return true;
  // Joined by "+" to a drug or a product ("Santyl + Mepilex Border"): a regimen's items, not people.
  const plusBefore = /([A-Za-z][A-Za-z-]{1,30})\s{0,2}\+\s{0,2}$/.exec(before);
  const plusAfter = /^\s{0,2}\+\s{0,2}([A-Za-z][A-Za-z-]{1,30})/.exec(after);
  if ((plusBefore && drugWord(plusBefore[1]!)) || (plusAfter && drugWord(plusAfter[1]!))) return true;
  // Listed with a drug the medical dictionary knows: "Lucentis and Vabysmo", "Ozempic or Wegovy".
  const joinedBefore = /([A-Z][A-Za-z-]{2,30}),?\s{1,2}(?:and|or|&)\s{1,2}$/.exec(before);
  const joinedAfter = /^,?\s{1,2}(?:and|or|&)\s{1,2}([A-Z][A-Za-z-]{2,30})/.exec(after);
  const knownDrug = (w: string) => medicalOnly(w.toLowerCase()) && !knownName(w.toLowerCase());
  if ((joinedBefore && knownDrug(joinedBefore[1]!)) || (joinedAfter && knownDrug(joinedAfter[1]!))) return true;
  if (censusSurname(t.lower)) return false;
  // "the Arexvy VIS", "this Skyrizi PA": a determiner before a word that is no name ("the Hodkiewicz family" still is).
  if (
    /\b(?:the|this|that|these|those)\s{1,2}$/i.test(before) &&
    !/^\s{1,2}(?:family|household|kids|children|twins|residence|home|house)\b/i.test(after)
  )
    return true;
  // An item of a medication, allergy or vaccine list ("Med list: Procrit, Aranesp, Arexvy"), until a name cue ("by", "Dr").
  if (
    MED_LIST_BEFORE_RE.test(before) &&
    !/\b(?:by|per|with|from|dr|mr|mrs|ms|pharmd|rn|np|pa)\b[^:]*$/i.test(before.slice(before.lastIndexOf(':')))
  )
    return true;
  // A condition treated with it: "DM on Glycomet", "HBV on Vemlidy" (an abbreviation or a clinical word before "on").
  const condition = /(?:^|[\s(])([A-Za-z][A-Za-z'’]{1,20})\s{1,2}on\s{1,2}$/.exec(before);
  if (
    condition &&
    (/^[A-Z]{2,5}$/.test(condition[1]!) ||
      /^(?:pt|patient)$/i.test(condition[1]!) ||
      clinicalWords().has(condition[1]!.toLowerCase().replace(/['’]s$/, ''))) &&
    !NAME_TITLES.has(condition[1]!.toLowerCase()) &&
    !RELATION_CUES.has(condition[1]!.toLowerCase())
  )
    return true;
  return DRUG_CUE_BEFORE_RE.test(before) || PRODUCT_CUE_BEFORE_RE.test(before);
}

/** "Becker", "McDonald", "O'Connell", "Smith-Jones"; not "IgM", "Anti-HAV", "Lys-tRNA". */
function nameShaped(word: string): boolean {
  return word
    .split('-')
    .every((part) =>
      /^(?:[A-Z][a-z'’]+|(?:Mc|Mac|De|Di|Da|Du|Del|Della|Dos|La|Le|Lo|Van|Vande|Vander|Von|Ver|Fitz|O['’]|D['’])[A-Z][a-z'’]+)$/.test(
        part,
      ),
    );
}

// ---------------------------------------------------------------------------------------------------------------------

const PRIORITY: Record<PhiType, number> = {
  EMAIL: 10,
  URL: 9,
  SSN: 9,
  PHONE: 8,
  FAX: 8,
  IP: 8,
  MRN: 7,
  HEALTH_PLAN: 7,
  ACCOUNT: 7,
  LICENSE: 7,
  DEVICE: 7,
  VEHICLE: 7,
  ID: 7,
  ADDRESS: 6,
  DATE: 6,
  ZIP: 5,
  LOCATION: 5,
  CITY: 4,
  AGE: 4,
  NAME: 3,
};

/** Sorted, non-overlapping entities: a span inside a longer one is dropped; partial overlaps merge into their union. */
function resolveOverlaps(spans: PhiEntity[]): PhiEntity[] {
  const sorted = spans
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY[b.type] - PRIORITY[a.type]);
  const out: PhiEntity[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    if (!prev || s.start >= prev.end) {
      out.push({ ...s });
      continue;
    }
    if (s.end <= prev.end) continue;
    const keep =
      PRIORITY[s.type] > PRIORITY[prev.type] ||
      (PRIORITY[s.type] === PRIORITY[prev.type] && s.end - s.start > prev.end - prev.start)
        ? s.type
        : prev.type;
    prev.end = s.end;
    prev.type = keep;
  }
  return out;
}
