// Identifiers by their place in a structured record pasted into a message: HL7 v2 segments and FHIR JSON. There the
// field, not the wording, says what a value is ("PHAM^QUOC ANH" in PID-5 is a name however unfamiliar; "postalCode":
// "87532" is a ZIP code with no address around it). Only fields that hold a person's or a place's identifiers are read.
/** The identifier types a field can hold (a subset of the de-identifier's types). */
type FieldType = 'NAME' | 'DATE' | 'ADDRESS' | 'CITY' | 'LOCATION' | 'ZIP' | 'PHONE' | 'SSN' | 'MRN' | 'ACCOUNT';
interface FieldEntity {
  type: FieldType;
  start: number;
  end: number;
}

/** What each component of an HL7 address (XAD) is: street, other designation, city, state (kept), ZIP, country (kept). */
const XAD: (FieldType | null)[] = ['ADDRESS', 'ADDRESS', 'CITY', null, 'ZIP', null];

/**
 * HL7 v2 fields holding a person's identifiers, by segment and field number. Not MSH's sending and receiving
 * facilities: an interface's codes for the systems exchanging the message.
 */
const HL7_FIELDS: Record<string, Record<number, FieldType | 'XAD'>> = {
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
};

const HL7_SEGMENT = /^(PID|NK1|GT1|IN1)\|.*$/gm;

function hl7Fields(text: string): FieldEntity[] {
  const out: FieldEntity[] = [];
  for (const m of text.matchAll(HL7_SEGMENT)) {
    const fields = HL7_FIELDS[m[1]!]!;
    let at = m.index;
    m[0].split('|').forEach((field, i) => {
      const kind = fields[i];
      let c = at;
      if (kind)
        field.split('^').forEach((component, k) => {
          const type = kind === 'XAD' ? XAD[k] : k === 0 || kind === 'NAME' ? kind : null;
          // A name's one-letter components are type codes ("L") or initials: not identifying on their own.
          const value = /[A-Za-z0-9]/.test(component) && !(kind === 'NAME' && component.trim().length < 2);
          if (type && value) out.push({ type, start: c, end: c + component.length });
          c += component.length + 1;
        });
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

function fhirElements(text: string): FieldEntity[] {
  const out: FieldEntity[] = [];
  for (const m of text.matchAll(FHIR_ELEMENT)) {
    const type = FHIR_KEYS[m[1]!]!;
    const valueAt = m.index + m[0].length - m[2]!.length;
    for (const s of m[2]!.matchAll(/"([^"\n]{1,120})"/g))
      out.push({ type, start: valueAt + s.index + 1, end: valueAt + s.index + 1 + s[1]!.length });
  }
  return out;
}

/** Identifiers found by their field in HL7 v2 segments and FHIR JSON. */
export function structuredFieldEntities(text: string): FieldEntity[] {
  const hl7 = text.includes('|') ? hl7Fields(text) : [];
  const fhir = text.includes('"') ? fhirElements(text) : [];
  return [...hl7, ...fhir];
}
