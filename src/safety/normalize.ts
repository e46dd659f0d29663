// Text normalisation before identifier detection, with a map back to the original offsets.
//
// Attackers (and copy-paste) hide identifiers from pattern matching: full-width or Arabic-Indic digits in an MRN, zero-width
// spaces inside a phone number, an SSN wrapped in right-to-left marks, a Cyrillic letter in a name. Detection runs on a
// normalised copy: NFKC (full-width and compatibility forms), invisible format characters removed (zero-width, bidi
// controls, soft hyphen, word joiner, BOM), every Unicode decimal digit folded to ASCII, accents stripped, and letters
// that look Latin but are Cyrillic or Greek folded to the Latin letter. Each character of the copy knows the original
// character it came from, so spans found in the copy are mapped back and redacted in the original text.

/** Zero-width characters, bidirectional controls, soft hyphen, word joiner and invisible operators, BOM, Mongolian vowel separator. */
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/u;

/**
 * Cyrillic, Greek and other letters that render like Latin ones (Unicode's confusables for Latin letters, restricted to the
 * common single-letter look-alikes). Only letters are folded, so a word in Cyrillic script becomes Latin-looking gibberish,
 * which is harmless to redact or keep; a Latin name with one Cyrillic letter becomes the Latin name.
 */
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  '\u0430': 'a',
  '\u0410': 'A',
  '\u0412': 'B',
  '\u0435': 'e',
  '\u0415': 'E',
  '\u041A': 'K',
  '\u043A': 'k',
  '\u041C': 'M',
  '\u041D': 'H',
  '\u043E': 'o',
  '\u041E': 'O',
  '\u0440': 'p',
  '\u0420': 'P',
  '\u0441': 'c',
  '\u0421': 'C',
  '\u0422': 'T',
  '\u0443': 'y',
  '\u0423': 'Y',
  '\u0445': 'x',
  '\u0425': 'X',
  '\u0456': 'i',
  '\u0406': 'I',
  '\u0458': 'j',
  '\u0408': 'J',
  '\u0455': 's',
  '\u0405': 'S',
  '\u04BB': 'h',
  '\u0501': 'd',
  '\u051B': 'q',
  '\u051D': 'w',
  '\u0461': 'w',
  '\u0475': 'v',
  '\u0457': 'i',
  '\u0407': 'I',
  '\u0451': 'e',
  '\u0401': 'E',
  '\u04CF': 'l',
  '\u0432': 'b',
  '\u043D': 'h',
  '\u0442': 't',
  '\u043C': 'm',
  '\u0433': 'r',
  '\u0491': 'r',
  // Greek
  '\u0391': 'A',
  '\u0392': 'B',
  '\u0395': 'E',
  '\u0396': 'Z',
  '\u0397': 'H',
  '\u0399': 'I',
  '\u039A': 'K',
  '\u039C': 'M',
  '\u039D': 'N',
  '\u039F': 'O',
  '\u03A1': 'P',
  '\u03A4': 'T',
  '\u03A5': 'Y',
  '\u03A7': 'X',
  '\u03BF': 'o',
  '\u03B1': 'a',
  '\u03B9': 'i',
  '\u03BA': 'k',
  '\u03BD': 'v',
  '\u03C1': 'p',
  '\u03C5': 'u',
  '\u03C7': 'x',
  '\u03F2': 'c',
  '\u03F3': 'j',
  // Latin letters with no decomposition to strip an accent from (Sørensen, Łukasz, Đorđević, Strauß, Ægir)
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ß: 's',
  æ: 'a',
  Æ: 'A',
  œ: 'o',
  Œ: 'O',
  þ: 't',
  Þ: 'T',
  ð: 'd',
  ħ: 'h',
  // Latin letters of other blocks
  '\u0131': 'i',
  '\u0261': 'g',
  '\u026A': 'I',
  '\u0280': 'R',
  '\u028F': 'Y',
  '\u1D00': 'A',
  '\u1D04': 'C',
  '\u1D05': 'D',
  '\u1D07': 'E',
  '\u1D0A': 'J',
  '\u1D0B': 'K',
  '\u1D0D': 'M',
  '\u1D0F': 'O',
  '\u1D18': 'P',
  '\u1D1B': 'T',
  '\u1D1C': 'U',
  '\u1D20': 'V',
  '\u1D21': 'W',
  '\u1D22': 'Z',
};

/** Dashes, minus signs and hyphens of other blocks; spaces of other widths (after NFKC most spaces are already ' '). */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\u2043\u02D7]/u;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/u;
const DIGIT = /\p{Nd}/u;
const COMBINING = /\p{M}/gu;

export interface Normalised {
  /** The normalised copy that detection runs on. */
  text: string;
  /** For each UTF-16 unit of `text` (and one past the end), the offset in the original text it starts at. */
  from: Int32Array;
  /** For each UTF-16 unit of `text`, the offset in the original text just after the character it came from. */
  to: Int32Array;
  /** True when the copy differs from the original (mapping needed). */
  changed: boolean;
}

/** Decimal value of a Unicode digit (Arabic-Indic, Devanagari, Bengali, full-width ...), by scanning its block's zero. */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  let run = 0;
  while (run < 64 && DIGIT.test(String.fromCodePoint(cp - run - 1))) run++;
  return run % 10;
}

const MODIFIER_APOSTROPHES = /^[\u02BB\u02BC\u02BD]$/;

function foldOne(ch: string): string {
  if (INVISIBLE.test(ch)) return '';
  if (DASHES.test(ch)) return '-';
  if (SPACES.test(ch)) return ' ';
  // A modifier-letter apostrophe or the Hawaiian ʻokina inside a name ("Kaʻiliwai", "Kaʼahumanu") reads as an apostrophe.
  if (MODIFIER_APOSTROPHES.test(ch)) return "'";
  let s = ch.normalize('NFKC');
  let out = '';
  for (const c of s) {
    if (c >= '0' && c <= '9') out += c;
    else if (DIGIT.test(c)) out += String(digitValue(c));
    else out += HOMOGLYPHS[c] ?? c;
  }
  s = out.normalize('NFD').replace(COMBINING, '');
  // Stripping marks must not leave nothing from a visible character (a lone combining mark becomes nothing, fine).
  return s;
}

/** Normalises `input` for detection; `from`/`to` map every unit of the result back to the input. */
export function normaliseForDetection(input: string): Normalised {
  return repairScannedNumbers(foldCharacters(input));
}

// Scanned and faxed text damages numbers: spaces inside a date or phone number ("03 / 14 / 2024", "( 413 ) 555- 0192"),
// a bullet for a hyphen ("413•555•0166") and the letter O for a zero ("O7-O2-1931", "MRN OO48 1177"). Detection reads
// the repaired number; the redaction covers the damaged original. Only whole date and phone shapes are repaired, so a
// dash between phrases ("4/1/2023 — 48 hours") or a neighbouring number ("9-  555-867-5309") is never joined to one.
const SPACED_DATE = /(?<![\d/])\d{1,2}( {0,3})\/( {0,3})\d{1,2}( {0,3})\/( {0,3})(?:\d{4}|\d{2})(?![\d/])/dg;
const SPACED_PHONE =
  /(?<![\d-])(?:\(( {0,3})\d{3}( {0,3})\)|\d{3}( {0,3})[-•·.])( {0,3})\d{3}( {0,3})[-•·.]( {0,3})\d{4}(?![\d-])/dg;
/**
 * A token of digits, separators and the letters O or l with at least two digits: an O in it is a zero, an l a one (not
 * "O2", "CO2"): "555-0l38", "ll/23/l948".
 */
const DIGITS_WITH_O = /(?<![\w/-])[0-9Ool][0-9Ool/-]{2,20}(?![\w/-])/g;

/** Thresholds of the scanning repairs. */
export const SCAN_REPAIR_SETTINGS = {
  /**
   * A letter-spaced run ("M a r i a", "0 3 / 1 7 / 1 9 4 5") has at least this many single characters, each one space
   * from the next; shorter runs are initials or option lists ("A B C").
   */
  letterSpacedMinChars: 5,
};
// Letter-spaced text (a fax header typed with a space after every character, words three spaces apart): on a line with
// one long letter-spaced run, every run is read with the spaces inside it dropped ("J o h n") and the gap between two
// runs cut to one space.
const LETTER_SPACED = new RegExp(`(?<!\\S)\\S(?: \\S){${SCAN_REPAIR_SETTINGS.letterSpacedMinChars - 1},}(?!\\S)`, 'g');
const SPACED_RUN = /(?<!\S)\S(?: \S)+(?!\S)/g;
const LETTER_SPACED_GAP = /(?<=\S) {2,3}(?=\S)/y;
/** OCR's space before punctuation ("Dr .  Hashimoto ,  Kenji"): read without it. */
const SPACE_BEFORE_PUNCTUATION = /(?<=[A-Za-z0-9)]) {1,2}(?=[,.:;](?:\s|$))/g;
/**
 * A one or a zero between lower-case letters of a word with no other digit is OCR's l or o ("Wi11iam", "Ro0ney"); not
 * inside codes ("9e0d-2a7f", "T1DM").
 */
const WORD_WITH_DIGIT_LETTERS = /(?<![\w-])[A-Za-z]*[a-z](?:[01]{1,2}[a-z]+)+(?![\w-])/g;
/**
 * A zero among capitals of a word with no other digit ("J0NATHAN BISH0P"), or opening a lower-case word ("0rthopedics"),
 * is OCR's O; at least four letters, so codes ("AB0", "E0382V00") stay.
 */
const CAPITALS_WITH_ZERO = /(?<![\w-])[A-Z]+(?:0[A-Z]+)+(?![\w-])|(?<![\w-])0(?=[a-z]{4,}(?![\w-]))/g;

function repairScannedNumbers(n: Normalised): Normalised {
  const { text } = n;
  const drop = new Set<number>();
  const replace = new Map<number, string>();
  repairScannedText(text, drop, replace);
  if (!/\d/.test(text) && drop.size === 0 && replace.size === 0) return n;
  // Every capturing group of a match is a run of spaces to drop.
  const dropGroups = (re: RegExp) => {
    for (const m of text.matchAll(re))
      for (const span of m.indices!.slice(1)) if (span) for (let k = span[0]; k < span[1]; k++) drop.add(k);
  };
  dropGroups(SPACED_DATE);
  dropGroups(SPACED_PHONE);
  for (const m of text.matchAll(SPACED_PHONE))
    for (let k = m.index; k < m.index + m[0].length; k++) if (text[k] === '•' || text[k] === '·') replace.set(k, '-');
  for (const m of text.matchAll(DIGITS_WITH_O)) {
    if (!/[Ool]/.test(m[0]) || (m[0].match(/\d/g)?.length ?? 0) < 2) continue;
    for (let k = m.index; k < m.index + m[0].length; k++)
      if (/[Oo]/.test(text[k]!)) replace.set(k, '0');
      else if (text[k] === 'l') replace.set(k, '1');
  }
  if (drop.size === 0 && replace.size === 0) return n;
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let k = 0; k < text.length; k++) {
    if (drop.has(k)) continue;
    parts.push(replace.get(k) ?? text[k]!);
    from.push(n.from[k]!);
    to.push(n.to[k]!);
  }
  from.push(n.from[text.length]!);
  to.push(n.to[text.length]!);
  return { text: parts.join(''), from: Int32Array.from(from), to: Int32Array.from(to), changed: true };
}

/** Letter-spaced words, OCR's space before punctuation and digits read for letters inside a word. */
function repairScannedText(text: string, drop: Set<number>, replace: Map<number, string>): void {
  if (/\S \S \S/.test(text)) {
    let lineDone = -1;
    for (const long of text.matchAll(LETTER_SPACED)) {
      if (long.index < lineDone) continue;
      const lineStart = text.lastIndexOf('\n', long.index) + 1;
      const lineEnd = text.indexOf('\n', long.index) < 0 ? text.length : text.indexOf('\n', long.index);
      lineDone = lineEnd;
      const line = text.slice(lineStart, lineEnd);
      for (const m of line.matchAll(SPACED_RUN)) {
        const at = lineStart + m.index;
        for (let k = at + 1; k < at + m[0].length; k += 2) drop.add(k);
        // The gap to the next letter-spaced word keeps one space.
        LETTER_SPACED_GAP.lastIndex = at + m[0].length;
        const gap = LETTER_SPACED_GAP.exec(text);
        if (
          gap &&
          gap.index < lineEnd &&
          /^\S \S/.test(text.slice(gap.index + gap[0].length, gap.index + gap[0].length + 3))
        )
          for (let k = gap.index + 1; k < gap.index + gap[0].length; k++) drop.add(k);
      }
    }
  }
  if (/\w {1,2}[,.:;]/.test(text))
    for (const m of text.matchAll(SPACE_BEFORE_PUNCTUATION))
      for (let k = m.index; k < m.index + m[0].length; k++) drop.add(k);
  if (/[a-z][01]{1,2}[a-z]/.test(text))
    for (const m of text.matchAll(WORD_WITH_DIGIT_LETTERS))
      for (let k = m.index; k < m.index + m[0].length; k++)
        if (text[k] === '0' || text[k] === '1') replace.set(k, text[k] === '0' ? 'o' : 'l');
  if (/[A-Z]0[A-Z]|(?<![\w-])0[a-z]/.test(text))
    for (const m of text.matchAll(CAPITALS_WITH_ZERO)) {
      if (m[0].length > 1 && m[0].replace(/0/g, '').length < 4) continue;
      for (let k = m.index; k < m.index + m[0].length; k++) if (text[k] === '0') replace.set(k, 'O');
    }
}

function foldCharacters(input: string): Normalised {
  // Fast path: plain ASCII needs no mapping.
  if (/^[\x00-\x7F]*$/.test(input)) {
    const from = new Int32Array(input.length + 1);
    const to = new Int32Array(input.length + 1);
    for (let i = 0; i <= input.length; i++) {
      from[i] = i;
      to[i] = Math.min(i + 1, input.length);
    }
    return { text: input, from, to, changed: false };
  }
  const parts: string[] = [];
  const fromList: number[] = [];
  const toList: number[] = [];
  let i = 0;
  for (const ch of input) {
    const folded = /[\x00-\x7F]/.test(ch) ? ch : foldOne(ch);
    for (let k = 0; k < folded.length; k++) {
      fromList.push(i);
      toList.push(i + ch.length);
    }
    parts.push(folded);
    i += ch.length;
  }
  fromList.push(input.length);
  toList.push(input.length);
  const text = parts.join('');
  return { text, from: Int32Array.from(fromList), to: Int32Array.from(toList), changed: text !== input };
}

/** Maps a [start, end) span of the normalised copy to the original text. */
export function mapSpan(n: Normalised, start: number, end: number): { start: number; end: number } {
  if (!n.changed) return { start, end };
  // Offsets within the normalised copy: from and to hold one entry per character of it.
  if (end <= start) return { start: n.from[start]!, end: n.from[start]! };
  return { start: n.from[start]!, end: n.to[end - 1]! };
}
