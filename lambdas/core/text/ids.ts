/**
 * The one rule for sample and feature ids, in every format: an id may not
 * hold control characters (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F)
 * or bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069), which would be stored and displayed raw or reorder the
 * text around them (INVALID_ID); it is at most maxIdBytes UTF-8 bytes
 * (ID_TOO_LONG); it is kept in Unicode NFC, so two spellings of one name
 * (a precomposed `é` and `e` + U+0301) are one id, and a parser's duplicate
 * check sees them as duplicates. Each id whose spelling NFC changed is
 * recorded (`IdNormalization`) for the caller to report.
 */
import { fail } from '../errors.js';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.js';

/** Which axis an id names. */
export type IdAxis = 'sample' | 'feature';

/** An id whose spelling changed under NFC: the original as written and where. */
export interface IdNormalization {
  axis: IdAxis;
  /** the id as the file spells it */
  original: string;
  /** the NFC form the parser uses */
  normalized: string;
  line: number;
  column: number;
}

/** Parser results that may carry id normalizations (the field is present only when some id changed). */
export interface IdNormalized {
  idNormalizations?: IdNormalization[];
}

/** Code points below this are NFC whatever follows them (the first composing marks start at U+0300). */
const NFC_SAFE_BELOW = 0x300;

/** True for a code unit an id may not contain: C0, DEL, C1 controls and the bidi controls. */
export function isForbiddenIdChar(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x061c ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

/** UTF-8 length of a string (a lone surrogate counts 3, as the encoder writes U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** `U+200E`-style name of a code unit. */
function codePointName(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** An id for messages: at most 40 characters, controls escaped by JSON. */
export function shownId(id: string): string {
  return JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id);
}

/** Where an id is: its line and column, or a function that finds them (called only for an error or a normalization). */
export type IdLocation = { line: number; column: number } | (() => { line: number; column: number });

/**
 * Checks one id and returns its NFC form: INVALID_ID for a forbidden
 * character (located at the id, with the character's position inside it),
 * ID_TOO_LONG beyond maxIdBytes. A changed spelling is appended to `out`.
 */
export function checkId(
  raw: string,
  axis: IdAxis,
  where: IdLocation,
  out: IdNormalization[] | null,
  limits: Pick<ParseLimits, 'maxIdBytes'> = DEFAULT_LIMITS,
): string {
  const locate = () => (typeof where === 'function' ? where() : where);
  let needsNfc = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= NFC_SAFE_BELOW) needsNfc = true;
    if (isForbiddenIdChar(c)) {
      const kind = c < 0x20 || (c >= 0x7f && c <= 0x9f) ? 'a control character' : 'a bidirectional control';
      fail('INVALID_ID', `${axis} id ${shownId(raw)} contains ${codePointName(c)} (${kind}) at character ${i + 1}`, {
        ...locate(),
        expected: `a ${axis} id without control or bidirectional-control characters`,
      });
    }
  }
  const id = needsNfc ? raw.normalize('NFC') : raw;
  if (id.length * 3 > limits.maxIdBytes) {
    const bytes = utf8Length(id);
    if (bytes > limits.maxIdBytes) {
      fail(
        'ID_TOO_LONG',
        `${axis} id ${shownId(raw)} is ${bytes} UTF-8 bytes; ids are limited to ${limits.maxIdBytes}`,
        {
          ...locate(),
          expected: `a ${axis} id of at most ${limits.maxIdBytes} UTF-8 bytes (limit maxIdBytes)`,
        },
      );
    }
  }
  if (id !== raw && out) out.push({ axis, original: raw, normalized: id, ...locate() });
  return id;
}

/** `{ idNormalizations }` (each axis and original spelling once, at its first place) when any id changed, else `{}`: spread into a parser's result. */
export function normalizationsField(list: IdNormalization[]): IdNormalized {
  if (list.length === 0) return {};
  const seen = new Set<string>();
  const unique = list.filter((n) => {
    const key = `${n.axis}\u0000${n.original}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { idNormalizations: unique };
}
