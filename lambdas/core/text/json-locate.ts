/**
 * Finds places in JSON text by character offset. Used only on error paths,
 * after `JSON.parse` has failed or a parsed value was rejected: engines'
 * JSON.parse messages do not always carry a position, and a parsed value no
 * longer knows where it came from. Iterative, so deep nesting cannot overflow
 * the stack.
 */

/** A step into a JSON document: an object key or an array index. */
export type JsonPathStep = string | number;

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Offset of the first non-whitespace character at or after `i`. */
function skipWhitespace(text: string, i: number): number {
  while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i++;
  return i;
}

/** Offset just past the string starting at `i`, or the offset of the first invalid character (text.length when unterminated). */
function scanString(text: string, i: number): { end: number; ok: boolean } {
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return { end: i + 1, ok: true };
    if (c < 0x20) return { end: i, ok: false };
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === undefined) return { end: text.length, ok: false };
      if (e === 'u') {
        for (let k = 2; k <= 5; k++) {
          if (i + k >= text.length) return { end: text.length, ok: false };
          if (!/[0-9a-fA-F]/.test(text[i + k]!)) return { end: i + k, ok: false };
        }
        i += 5;
      } else if ('"\\/bfnrt'.includes(e)) i++;
      else return { end: i + 1, ok: false };
    }
  }
  return { end: text.length, ok: false };
}

/** Offset just past the number starting at `i` (JSON grammar), or the offset where it went wrong. */
function scanNumber(text: string, i: number): { end: number; ok: boolean } {
  const digitsFrom = (k: number): number => {
    while (k < text.length && text.charCodeAt(k) >= 0x30 && text.charCodeAt(k) <= 0x39) k++;
    return k;
  };
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else {
    const j = digitsFrom(i);
    if (j === i) return { end: i, ok: false };
    i = j;
  }
  if (text[i] === '.') {
    const j = digitsFrom(i + 1);
    if (j === i + 1) return { end: j, ok: false };
    i = j;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    const j = digitsFrom(i);
    if (j === i) return { end: j, ok: false };
    i = j;
  }
  return { end: i, ok: true };
}

/** Offset just past the literal (true/false/null) at `i`, or the offset of its first wrong character. */
function scanLiteral(text: string, i: number): { end: number; ok: boolean } {
  const word = text[i] === 't' ? 'true' : text[i] === 'f' ? 'false' : 'null';
  for (let k = 0; k < word.length; k++)
    if (text[i + k] !== word[k]) return { end: Math.min(i + k, text.length), ok: false };
  return { end: i + word.length, ok: true };
}

/** Offset just past the scalar at `i`, or where it went wrong. */
function scanScalar(text: string, i: number): { end: number; ok: boolean } {
  const c = text[i];
  if (c === '"') return scanString(text, i);
  if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return scanNumber(text, i);
  if (c === 't' || c === 'f' || c === 'n') return scanLiteral(text, i);
  return { end: i, ok: false };
}

/** Offset of the first JSON syntax error in `text`; -1 when the text is valid JSON. An error at text.length means the text ended early. */
export function jsonSyntaxErrorOffset(text: string): number {
  const stack: ('{' | '[')[] = [];
  let i = skipWhitespace(text, 0);
  let expectValue = true;
  for (;;) {
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i = skipWhitespace(text, i + 1);
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expectValue = false;
        } else if (c === '{') {
          const k = scanMemberKey(text, i);
          if (!k.ok) return k.end;
          i = k.end;
        }
        continue;
      }
      const s = scanScalar(text, i);
      if (!s.ok) return s.end;
      i = s.end;
      expectValue = false;
      continue;
    }
    i = skipWhitespace(text, i);
    const top = stack[stack.length - 1];
    if (top === undefined) return i === text.length ? -1 : i;
    const c = text[i];
    if (c === ',') {
      i = skipWhitespace(text, i + 1);
      if (top === '{') {
        const k = scanMemberKey(text, i);
        if (!k.ok) return k.end;
        i = k.end;
      }
      expectValue = true;
    } else if (c === (top === '{' ? '}' : ']')) {
      stack.pop();
      i++;
    } else return i;
  }
}

/** Scans `"key" :` at `i` and returns the offset of the value that follows. */
function scanMemberKey(text: string, i: number): { end: number; ok: boolean } {
  if (text[i] !== '"') return { end: i, ok: false };
  const s = scanString(text, i);
  if (!s.ok) return s;
  const colon = skipWhitespace(text, s.end);
  if (text[colon] !== ':') return { end: colon, ok: false };
  return { end: skipWhitespace(text, colon + 1), ok: true };
}

/** Offset just past the (valid) value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c !== '{' && c !== '[') return scanScalar(text, i).end;
  let depth = 0;
  for (; i < text.length; i++) {
    const d = text[i];
    if (d === '"') i = scanString(text, i).end - 1;
    else if (d === '{' || d === '[') depth++;
    else if (d === '}' || d === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * Offset where the value at `path` starts in valid JSON `text`; when a step
 * cannot be followed, the offset of the deepest value reached (so a missing
 * key points at the object that lacks it).
 */
export function locateJsonPath(text: string, path: readonly JsonPathStep[]): number {
  let at = skipWhitespace(text, 0);
  for (const step of path) {
    const next = typeof step === 'number' ? arrayElementOffset(text, at, step) : objectMemberOffset(text, at, step);
    if (next === -1) return at;
    at = next;
  }
  return at;
}

/** Offset of element `index` of the array at `at`, or -1. */
function arrayElementOffset(text: string, at: number, index: number): number {
  if (text[at] !== '[') return -1;
  let i = skipWhitespace(text, at + 1);
  if (text[i] === ']') return -1;
  for (let k = 0; ; k++) {
    if (k === index) return i;
    i = skipWhitespace(text, skipValue(text, i));
    if (text[i] !== ',') return -1;
    i = skipWhitespace(text, i + 1);
  }
}

/** Offset of the value of member `key` of the object at `at`, or -1. */
function objectMemberOffset(text: string, at: number, key: string): number {
  if (text[at] !== '{') return -1;
  let i = skipWhitespace(text, at + 1);
  while (text[i] === '"') {
    const s = scanString(text, i);
    const name = JSON.parse(text.slice(i, s.end)) as string;
    const valueAt = scanMemberKey(text, i).end;
    if (name === key) return valueAt;
    i = skipWhitespace(text, skipValue(text, valueAt));
    if (text[i] !== ',') return -1;
    i = skipWhitespace(text, i + 1);
  }
  return -1;
}
