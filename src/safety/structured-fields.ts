// Identifiers by their place in a structured record pasted into a message: HL7 v2 segments and FHIR JSON. There the
// field, not the wording, says what a value is ("PHAM^QUOC ANH" in PID-5 is a name however unfamiliar; "postalCode":
// "87532" is a ZIP code with no address around it). Only fields that hold a person's or a place's identifiers are read.
/** The identifier types a field can hold (a subset of the de-identifier's types). */
type FieldType =
  'NAME' | 'DATE' | 'ADDRESS' | 'CITY' | 'LOCATION' | 'ZIP' | 'PHONE' | 'SSN' | 'MRN' | 'ACCOUNT' | 'ID' | 'AGE';
interface FieldEntity {
  type: FieldType;
  start: number;
  end: number;
}

/** What each component of an HL7 address (XAD) is: street, other designation, city, state (kept), ZIP, country (kept). */
const XAD: (FieldType | null)[] = ['ADDRESS', 'ADDRESS', 'CITY', null, 'ZIP', null];
/**
 * Components of a person's name that are redacted as one span, with the carets between them: XPN (family, given,
 * middle) and XCN, a staff member's name, which opens with the person's ID (family, given, middle after it). The
 * suffix, prefix and type-code components after them stay ("^^^^^L").
 */
const NAME_COMPONENTS = { XPN: [0, 2], XCN: [1, 3] } as const;
/** XAD's street line and other designation ("1180 Larkspur Cir^Unit 6") are one address span. */
const XAD_STREET_COMPONENTS = 2;

/**
 * HL7 v2 fields holding a person's identifiers, by segment and field number. Not MSH's sending and receiving
 * facilities: an interface's codes for the systems exchanging the message.
 */
const HL7_FIELDS: Record<string, Record<number, FieldType | 'XAD' | 'XCN'>> = {
  PID: {
    3: 'MRN',
    5: 'NAME',
    6: 'NAME',
    7: 'DATE',
    9: 'NAME',
    11: 'XAD',
    13: 'PHONE',
    14: 'PHONE',
    18: 'ACCOUNT',
    19: 'SSN',
  },
  NK1: { 2: 'NAME', 4: 'XAD', 5: 'PHONE', 6: 'PHONE' },
  GT1: { 3: 'NAME', 5: 'XAD', 6: 'PHONE', 7: 'PHONE', 8: 'DATE', 12: 'SSN' },
  IN1: { 16: 'NAME', 18: 'DATE', 19: 'XAD' },
  // Care providers (XCN): the attending, referring, consulting and admitting doctors of a visit, the primary care
  // provider, and whoever ordered a test.
  PV1: { 7: 'XCN', 8: 'XCN', 9: 'XCN', 17: 'XCN' },
  PD1: { 4: 'XCN' },
  // The placer's and filler's order numbers (ORC-2/3, OBR-2/3) name one person's order or accession.
  ORC: { 2: 'ID', 3: 'ID', 10: 'XCN', 11: 'XCN', 12: 'XCN' },
  OBR: { 2: 'ID', 3: 'ID', 16: 'XCN', 28: 'XCN', 32: 'XCN' },
};

const HL7_SEGMENT = /^(PID|NK1|GT1|IN1|PV1|PD1|ORC|OBR)\|.*$/gm;

function hl7Fields(text: string): FieldEntity[] {
  const out: FieldEntity[] = [];
  for (const m of text.matchAll(HL7_SEGMENT)) {
    const fields = HL7_FIELDS[m[1]!]!;
    let at = m.index;
    m[0].split('|').forEach((field, i) => {
      const kind = fields[i];
      // Each repetition of a field ("~") is read on its own.
      let r = at;
      if (kind)
        for (const rep of field.split('~')) {
          const parts: { value: string; start: number }[] = [];
          let c = r;
          for (const component of rep.split('^')) {
            parts.push({ value: component, start: c });
            c += component.length + 1;
          }
          // One span over the given components that hold a value (the carets between them inside it).
          const spanOver = (type: FieldType, from: number, to: number) => {
            const held = parts.slice(from, to + 1).filter((p) => /[A-Za-z0-9]/.test(p.value));
            if (held.length)
              out.push({ type, start: held[0]!.start, end: held.at(-1)!.start + held.at(-1)!.value.length });
          };
          if (kind === 'NAME' || kind === 'XCN') {
            const [from, to] = NAME_COMPONENTS[kind === 'NAME' ? 'XPN' : 'XCN'];
            // A name's one-letter components alone are type codes or initials: not identifying on their own.
            if (parts.slice(from, to + 1).some((p) => p.value.trim().length >= 2)) spanOver('NAME', from, to);
          } else if (kind === 'XAD') {
            spanOver('ADDRESS', 0, XAD_STREET_COMPONENTS - 1);
            parts.forEach((p, k) => {
              const type = XAD[k];
              if (k >= XAD_STREET_COMPONENTS && type && /[A-Za-z0-9]/.test(p.value))
                out.push({ type, start: p.start, end: p.start + p.value.length });
            });
          } else if (/[A-Za-z0-9]/.test(parts[0]!.value) && (kind !== 'ID' || /\d/.test(parts[0]!.value)))
            out.push({ type: kind, start: parts[0]!.start, end: parts[0]!.start + parts[0]!.value.length });
          r += rep.length + 1;
        }
      at += field.length + 1;
    });
  }
  return out;
}

/** FHIR elements holding identifiers (Patient, RelatedPerson, Practitioner): names, address parts, birth date. */
const FHIR_KEYS: Record<string, FieldType> = {
  family: 'NAME',
  given: 'NAME',
  line: 'ADDRESS',
  city: 'CITY',
  district: 'LOCATION',
  postalCode: 'ZIP',
  birthDate: 'DATE',
  deceasedDateTime: 'DATE',
};
const FHIR_ELEMENT =
  /"(family|given|line|city|district|postalCode|birthDate|deceasedDateTime)"\s{0,2}:\s{0,2}(\[[^\]]{0,300}\]|"[^"\n]{1,120}")/g;

/** A person resource's logical id ("resourceType": "Patient", "id": "pt-55813"): the server's key for that person. */
const FHIR_PERSON_ID =
  /"resourceType"\s{0,2}:\s{0,2}"(?:Patient|RelatedPerson|Person)"\s{0,2},\s{0,12}"id"\s{0,2}:\s{0,2}"([^"\n]{1,64})"/g;

function fhirElements(text: string): FieldEntity[] {
  const out: FieldEntity[] = [];
  for (const m of text.matchAll(FHIR_PERSON_ID))
    out.push({ type: 'ID', start: m.index + m[0].length - m[1]!.length - 1, end: m.index + m[0].length - 1 });
  for (const m of text.matchAll(FHIR_ELEMENT)) {
    const type = FHIR_KEYS[m[1]!]!;
    const valueAt = m.index + m[0].length - m[2]!.length;
    for (const s of m[2]!.matchAll(/"([^"\n]{1,120})"/g))
      out.push({ type, start: valueAt + s.index + 1, end: valueAt + s.index + 1 + s[1]!.length });
  }
  return out;
}

// Tables pasted from a board or a list (pipe- or tab-separated rows under a header row): the header says what a column
// holds, so a cell under "Patient" or "Surgeon" is a name whatever it looks like ("WELLS, J", "VANG, PAO"), and the
// header's own cells are column labels, not names ("Aldrete", "Proc").

/** Thresholds of the table reader. */
export const TABLE_SETTINGS = {
  /** A header row has at least this many cells that are column labels any clinical table uses. */
  minKnownLabels: 2,
  /** Cells per row, at least: two pipes make a table, one is a separator in a sentence. */
  minCells: 3,
};

/** Column headings for a person. */
const PERSON_COLUMNS =
  /^(?:patient(?:\s?name)?|pt(?:\s?name)?|name|full\s?name|surname|last\s?name|first\s?name|given\s?names?|(?:subject|patient|pt)?\s?initials|coordinator|surgeon|anes(?:th(?:esia|esiologist)?)?|anaes(?:th(?:esia|etist)?)?|crna|nurse|rn|attending|provider|physician|doctor|md|resident|intern|fellow|pcp|gp|consultant|referr(?:ing|er)|prescriber|clinician|caregiver|carer|contact|nok|next\s?of\s?kin|guardian|family|assigned(?:\s?to)?|staff)$/i;
/** Other column headings a clinical table uses (beds, times, procedures, notes). */
const OTHER_COLUMNS =
  /^(?:bay|bed|room|rm|unit|ward|loc(?:ation)?|slot|#|no\.?|time|date|dob|age|sex|mrn|proc(?:edure)?|case|dx|diagnosis|problem|issues?|notes?|comments?|plan|status|dispo(?:sition)?|meds?|allergies|vitals|labs?|score|los|admit(?:ted)?|service|team|to\s?do|tasks?|code|acuity|isolation|diet|pain|phone|ext)$/i;
/** Columns of a table of things (results, drugs): there a bare "Name" column names the test or the drug. */
const THING_COLUMNS =
  /^(?:values?|results?|units?|range|reference(?:\s?range)?|ref|dose|level|tests?|lab|drug|medications?|meds?|code|description|item|product)$/i;
/** Columns of a record's own numbers: a study subject's, a screening's, a member's, an order's. */
const ID_COLUMNS =
  /^(?:(?:patient|pt|subject|screen(?:ing)?|member|participant|enrol?ment|accession|specimen|order|encounter|claim|policy|insurance)\s?(?:id|no|num|number|#))$/i;
/** Columns naming a place of care: the clinic or facility a row happened at. */
const PLACE_COLUMNS = /^(?:clinic|facility|practice|hospital|pharmacy|clinic\s?name|facility\s?name)$/i;
/** Columns of a date or a day ("Last taken", "Date given"): a month/day in them is a date, not a dose or a score. */
const DATE_COLUMNS =
  /^(?:(?:date|day)(?:\s?(?:given|taken|started|stopped|filled|of\sservice|collected|due))?|last\s?(?:taken|dose|given|fill(?:ed)?|seen)|(?:start|stop|fill|due|admit|discharge)\s?date|dos)$/i;
/** A column of ages: only an age over 89 is an identifier. */
const AGE_COLUMNS = /^(?:age|age\s?(?:yrs?|years))$/i;
const HL7_LINE = /^[A-Z][A-Z0-9]{2}\|/;
/** A CSV header cell: a label in words or snake_case, no digits ("patient_id", "last_name", "dx primary"). */
const CSV_LABEL = /^[A-Za-z][A-Za-z_ /#]{0,30}$/;
/** A heading as the table reader matches it: snake_case read as words. */
const heading = (c: { text: string }) => c.text.replace(/_/g, ' ');

/** A line's fields: split on the separator, outside double quotes for CSV ("methimazole 10 mg; x, y" is one cell). */
function fields(line: string, sep: string): string[] {
  if (sep !== ',') return line.split(sep);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function splitCells(line: string, at: number, sep: string): { text: string; start: number }[] {
  const cells: { text: string; start: number }[] = [];
  let c = at;
  for (const raw of fields(line, sep)) {
    const lead = raw.length - raw.trimStart().length;
    cells.push({ text: raw.trim(), start: c + lead });
    c += raw.length + 1;
  }
  // Markdown's outer pipes leave empty first and last cells.
  if (cells.length && cells[0]!.text === '') cells.shift();
  if (cells.length && cells[cells.length - 1]!.text === '') cells.pop();
  return cells;
}

/**
 * Names in the person columns of a table with a header row, the header's cells (labels, never names), and the other
 * identifiers a column's heading names (a subject's or member's number, the clinic, an age over 89). Pipe- and
 * tab-separated rows, and CSV rows under a header of labels with as many cells.
 */
export function tableColumns(text: string): { names: FieldEntity[]; labels: FieldEntity[]; cells: FieldEntity[] } {
  const names: FieldEntity[] = [];
  const labels: FieldEntity[] = [];
  const cells: FieldEntity[] = [];
  if (!text.includes('|') && !text.includes('\t') && !text.includes(',')) return { names, labels, cells };
  const lines: { line: string; at: number }[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    lines.push({ line, at });
    at += line.length + 1;
  }
  for (let i = 0; i + 1 < lines.length; i++) {
    const { line, at: headAt } = lines[i]!;
    const sep = line.includes('|') ? '|' : line.includes('\t') ? '\t' : line.includes(',') ? ',' : null;
    if (!sep || HL7_LINE.test(line)) continue;
    const header = splitCells(line, headAt, sep);
    if (header.length < TABLE_SETTINGS.minCells || header.some((c) => /\d/.test(c.text))) continue;
    // A comma separates words in a sentence too: a CSV header is labels only, and the next row has as many cells.
    if (
      sep === ',' &&
      (!header.every((c) => CSV_LABEL.test(c.text)) || splitCells(lines[i + 1]!.line, 0, sep).length !== header.length)
    )
      continue;
    const known = header.filter((c) =>
      [PERSON_COLUMNS, OTHER_COLUMNS, THING_COLUMNS, DATE_COLUMNS].some((re) => re.test(heading(c))),
    ).length;
    if (known < TABLE_SETTINGS.minKnownLabels) continue;
    for (const c of header) if (c.text) labels.push({ type: 'NAME', start: c.start, end: c.start + c.text.length });
    const things = header.some((c) => THING_COLUMNS.test(heading(c)));
    const columns = (re: RegExp) => header.flatMap((c, k) => (re.test(heading(c)) ? [k] : []));
    const personColumns = columns(PERSON_COLUMNS).filter((k) => !(things && /^name$/i.test(header[k]!.text)));
    const typed: [FieldType, number[], (v: string) => boolean][] = [
      ['ID', columns(ID_COLUMNS), (v) => /\d/.test(v)],
      ['LOCATION', columns(PLACE_COLUMNS), (v) => /^[A-Z][A-Za-z'’.&-]+(?:\s[A-Za-z'’.&-]+){0,5}$/.test(v)],
      ['AGE', columns(AGE_COLUMNS), (v) => /^\d{2,3}$/.test(v) && Number(v) > 89],
      [
        'DATE',
        columns(DATE_COLUMNS),
        (v) => /^(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])(?:\/\d{2,4})?(?:\s?(?:AM|PM|am|pm))?$/.test(v),
      ],
    ];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const row = lines[j]!;
      if (/^[\s|:+-]*$/.test(row.line) && row.line.includes('-')) continue; // a Markdown rule under the header
      if (!row.line.includes(sep)) break;
      const rowCells = splitCells(row.line, row.at, sep);
      for (const k of personColumns) {
        const cell = rowCells[k];
        if (cell && /[A-Za-z].*[A-Za-z]/.test(cell.text) && !/^(?:n\/?a|none|tbd|unknown|pending|-+)$/i.test(cell.text))
          names.push({ type: 'NAME', start: cell.start, end: cell.start + cell.text.length });
      }
      for (const [type, ks, accept] of typed)
        for (const k of ks) {
          const cell = rowCells[k];
          if (cell && accept(cell.text)) cells.push({ type, start: cell.start, end: cell.start + cell.text.length });
        }
    }
    i = j - 1;
  }
  return { names, labels, cells };
}

/** Identifiers found by their field in HL7 v2 segments and FHIR JSON (a table's columns: `tableColumns`). */
export function structuredFieldEntities(text: string): FieldEntity[] {
  const hl7 = text.includes('|') ? hl7Fields(text) : [];
  const fhir = text.includes('"') ? fhirElements(text) : [];
  return [...hl7, ...fhir];
}
