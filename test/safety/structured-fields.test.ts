// Identifiers read by their field in pasted HL7 v2 segments and FHIR JSON, whatever the value looks like.
import { describe, expect, it } from 'vitest';
import { deidentify } from '../../src/safety/deid.js';

describe('structured records pasted into a message', () => {
  it('redacts an HL7 PID segment by field: identifier, name components, birth date, address parts', () => {
    const out = deidentify(
      'PID|1||8844120^^^MWH^MR||PHAM^QUOC ANH^^^^^L||19480312|M|||44 Elm St^^Holyoke^MA^01040',
    ).text;
    for (const id of ['8844120', 'PHAM', 'QUOC ANH', '19480312', '44 Elm St', 'Holyoke', '01040'])
      expect(out).not.toContain(id);
    // The name-type code, the sex and the state stay.
    expect(out).toContain('^L|');
    expect(out).toContain('|M|');
    expect(out).toContain('^MA^');
  });

  it('redacts FHIR names, address parts and birth date, and keeps codes', () => {
    const out = deidentify(
      '{"resourceType":"Patient","gender":"female","birthDate":"1931-07-02","name":[{"family":"Nguyen","given":["Thi","Lan"]}],"address":[{"line":["9 Camino del Sol"],"city":"Taos","state":"NM","postalCode":"87532"}]}',
    ).text;
    for (const id of ['1931-07-02', 'Nguyen', 'Thi', 'Lan', 'Camino del Sol', 'Taos', '87532'])
      expect(out).not.toContain(id);
    expect(out).toContain('"gender":"female"');
    expect(out).toContain('"state":"NM"');
  });

  it('leaves a pipe table of results alone', () => {
    const table = 'CBC | WBC 12 | Hgb 9.1 | Plt 240';
    expect(deidentify(table).text).toBe(table);
  });
});
