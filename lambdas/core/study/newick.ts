/**
 * Newick trees (Felsenstein's format as written by ape, FastTree, IQ-TREE,
 * QIIME 2): nested parentheses, unquoted or quoted labels ('…' with '' for a
 * quote; "…" accepted alike), branch lengths in decimal or scientific
 * notation, internal labels (names or support values), [comments] anywhere
 * between tokens, any whitespace. Parsed by one loop with an explicit current
 * node (no recursion), into typed arrays in preorder.
 */
import { fail } from '../errors.js';
import { checkId, type IdNormalization, normalizationsField } from '../text/ids.js';
import { type ParseLimits, resolveLimits } from '../text/limits.js';
import { bytesToText, cellTooLong, lineColumnAt } from '../text/text.js';

/** A rooted tree in preorder: node 0 is the root and parent[i] < i for i > 0. */
export interface PhyloTree {
  /** parent node index; -1 for the root */
  parent: Int32Array;
  /** length of the edge above each node; 0 where the Newick gives none (the root's is the root edge) */
  branchLength: Float64Array;
  /** 1 for a tip (a node without children) */
  isTip: Uint8Array;
  /** label as written after unquoting (tip names; internal names or support values); '' when none */
  labels: string[];
  /** named tip → node index */
  tipIndex: Map<string, number>;
  nTips: number;
  /** tip labels whose spelling NFC changed (present only when some did) */
  idNormalizations?: IdNormalization[];
}

const LPAREN = 40,
  RPAREN = 41,
  COMMA = 44,
  COLON = 58,
  SEMICOLON = 59;
const LBRACKET = 91,
  RBRACKET = 93,
  SINGLE_QUOTE = 39,
  DOUBLE_QUOTE = 34;
const SPACE = 32,
  TAB = 9,
  LF = 10,
  CR = 13;
const BRANCH_LENGTH = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const AFTER_NODE = "',', ')', ':' or ';'";

/** Growable typed-array node storage. */
class NodeStore {
  parent = new Int32Array(1024);
  length = new Float64Array(1024);
  tip = new Uint8Array(1024);
  labels: string[] = [];
  size = 0;

  /** Appends a node under `parent` and returns its index. */
  add(parent: number, isTip: boolean): number {
    if (this.size === this.parent.length) this.grow();
    const k = this.size++;
    this.parent[k] = parent;
    this.tip[k] = isTip ? 1 : 0;
    this.labels.push('');
    return k;
  }

  /** Doubles the capacity of every array. */
  private grow(): void {
    const cap = this.parent.length * 2;
    const p = new Int32Array(cap);
    p.set(this.parent);
    const l = new Float64Array(cap);
    l.set(this.length);
    const t = new Uint8Array(cap);
    t.set(this.tip);
    this.parent = p;
    this.length = l;
    this.tip = t;
  }
}

/** True for the characters that end an unquoted label or a branch length. */
function isDelimiter(c: number): boolean {
  return (
    c === LPAREN || c === RPAREN || c === COMMA || c === COLON || c === SEMICOLON || c === LBRACKET || c === RBRACKET
  );
}

/** True for space, tab, LF and CR. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** Character-level reader with error positions. */
class Scanner {
  readonly normalizations: IdNormalization[] = [];

  constructor(
    readonly text: string,
    readonly limits: ParseLimits,
  ) {}

  /** Fails INVALID_TREE at a character offset. */
  fail(offset: number, message: string, expected?: string): never {
    const { line, column } = lineColumnAt(this.text, offset);
    return fail('INVALID_TREE', message, expected !== undefined ? { line, column, expected } : { line, column });
  }

  /** Offset of the next character that is neither whitespace nor inside a [comment]. */
  skip(i: number): number {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(i);
      if (isBlank(c)) i++;
      else if (c === LBRACKET) {
        const end = text.indexOf(']', i + 1);
        if (end === -1) this.fail(i, 'comment opened with [ is never closed', "']'");
        i = end + 1;
      } else return i;
    }
  }

  /** A label at `i` (quoted, unquoted or empty) and the offset after it; longer than maxCellLength fails CELL_TOO_LONG. */
  label(i: number): { label: string; next: number } {
    const c = this.text.charCodeAt(i);
    const found = c === SINGLE_QUOTE || c === DOUBLE_QUOTE ? this.quoted(i, c) : this.unquoted(i);
    if (found.label.length > this.limits.maxCellLength) {
      const { line, column } = lineColumnAt(this.text, i);
      cellTooLong(line, column, found.label.length, this.limits);
    }
    return found;
  }

  /** An unquoted label at `i`, trimmed. */
  private unquoted(i: number): { label: string; next: number } {
    let j = i;
    while (j < this.text.length && !isDelimiter(this.text.charCodeAt(j))) j++;
    return { label: this.text.slice(i, j).trim(), next: j };
  }

  /** A tip label as a feature id (the id rule, NFC), located at offset `i`. */
  tipId(label: string, i: number): string {
    return checkId(label, 'feature', () => lineColumnAt(this.text, i), this.normalizations, this.limits);
  }

  /** A label in quotes opened at `i`; a doubled quote inside stands for one quote. */
  private quoted(i: number, quote: number): { label: string; next: number } {
    const q = String.fromCharCode(quote);
    let out = '';
    let j = i + 1;
    for (;;) {
      const end = this.text.indexOf(q, j);
      if (end === -1) this.fail(i, 'quoted label is never closed', q);
      if (this.text.charCodeAt(end + 1) === quote) {
        out += this.text.slice(j, end + 1);
        j = end + 2;
      } else {
        out += this.text.slice(j, end);
        return { label: out, next: this.afterQuoted(end + 1) };
      }
    }
  }

  /** The offset after a closing quote, which must be followed by a delimiter. */
  private afterQuoted(i: number): number {
    const k = this.skip(i);
    if (k < this.text.length && !isDelimiter(this.text.charCodeAt(k)))
      this.fail(k, 'unexpected text after a quoted label', AFTER_NODE);
    return k;
  }

  /** A branch length starting after ':' at `i`, and the offset after it. */
  branchLength(i: number): { value: number; next: number } {
    const start = this.skip(i);
    let j = start;
    while (j < this.text.length && !isDelimiter(this.text.charCodeAt(j)) && !isBlank(this.text.charCodeAt(j))) j++;
    const token = this.text.slice(start, j);
    if (!BRANCH_LENGTH.test(token)) {
      const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
      this.fail(
        start,
        token === '' ? "':' is not followed by a branch length" : `branch length '${shown}' is not a number`,
        'a number such as 0.0123 or 1.5e-3',
      );
    }
    const value = Number(token);
    if (!Number.isFinite(value)) {
      fail('NON_FINITE_VALUE', `branch length '${token.slice(0, 40)}' overflows a double (beyond ±1.8e308)`, {
        ...lineColumnAt(this.text, start),
        expected: 'a finite branch length',
      });
    }
    return { value, next: j };
  }
}

/** Parses Newick file bytes (gzip and a UTF-8 BOM accepted) with `parseNewick`. */
export function parseNewickBytes(bytes: Uint8Array, limits: Partial<ParseLimits> = {}): PhyloTree {
  const lim = resolveLimits(limits);
  return parseNewick(bytesToText(bytes, lim), lim);
}

/** Parses one Newick tree; fails INVALID_TREE (EMPTY_FILE for blank text), CELL_TOO_LONG, NON_FINITE_VALUE or the id rule's codes (tip labels) with line and column. */
export function parseNewick(text: string, limits: Partial<ParseLimits> = {}): PhyloTree {
  const s = new Scanner(text, resolveLimits(limits));
  const nodes = new NodeStore();
  const tipIndex = new Map<string, number>();
  const tipOffset = new Map<number, number>();
  let i = s.skip(0);
  if (i >= text.length) fail('EMPTY_FILE', 'tree file is empty', { expected: 'a Newick tree ending in ;' });
  let current = -1;
  let depth = 0;
  for (;;) {
    i = s.skip(i);
    let node: number;
    if (text.charCodeAt(i) === LPAREN) {
      current = nodes.add(current, false);
      depth++;
      i++;
      continue;
    }
    if (i >= text.length) s.fail(i, `tree ends inside ${depth} unclosed '('`, "a label or '('");
    node = nodes.add(current, true);
    i = readTipLabel(s, nodes, node, i, tipIndex, tipOffset);
    for (;;) {
      i = s.skip(i);
      if (text.charCodeAt(i) === COLON) {
        const bl = s.branchLength(i + 1);
        nodes.length[node] = bl.value;
        i = s.skip(bl.next);
      }
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        if (current < 0) s.fail(i, "',' outside parentheses", "';'");
        i++;
        break;
      }
      if (c === RPAREN) {
        if (current < 0) s.fail(i, "unbalanced parentheses: ')' without a matching '('", "';'");
        node = current;
        current = nodes.parent[current]!;
        depth--;
        i = s.skip(i + 1);
        const { label, next } = s.label(i);
        nodes.labels[node] = label;
        i = next;
        continue;
      }
      if (c === SEMICOLON) {
        if (current >= 0) s.fail(i, `unbalanced parentheses: ${depth} '(' not closed before ';'`, "')'");
        return finish(s, nodes, tipIndex, i + 1);
      }
      if (i >= text.length) {
        if (current >= 0) s.fail(i, `unbalanced parentheses: tree ends with ${depth} '(' not closed`, "')'");
        s.fail(i, "tree does not end with ';'", "';'");
      }
      s.fail(i, `unexpected '${text[i]}'`, current >= 0 ? AFTER_NODE : "':' or ';'");
    }
  }
}

/** Reads a tip's label into `nodes`, registering named tips; fails on a repeated name. */
function readTipLabel(
  s: Scanner,
  nodes: NodeStore,
  node: number,
  i: number,
  tipIndex: Map<string, number>,
  tipOffset: Map<number, number>,
): number {
  const c = s.text.charCodeAt(i);
  if (c === RBRACKET) s.fail(i, "']' without a matching '['", "a label or '('");
  const read = s.label(i);
  const label = read.label === '' ? '' : s.tipId(read.label, i);
  const next = read.next;
  nodes.labels[node] = label;
  if (label !== '') {
    const first = tipIndex.get(label);
    if (first !== undefined) {
      const at = lineColumnAt(s.text, tipOffset.get(first)!);
      s.fail(i, `duplicate tip name '${label}' (first at line ${at.line}, column ${at.column})`, 'unique tip names');
    }
    tipIndex.set(label, node);
    tipOffset.set(node, i);
  }
  return next;
}

/** Checks nothing but blanks and comments follow the ';' and trims the node arrays. */
function finish(s: Scanner, nodes: NodeStore, tipIndex: Map<string, number>, i: number): PhyloTree {
  const k = s.skip(i);
  if (k < s.text.length) s.fail(k, "text after the tree's closing ';' (one tree per file)", 'end of file');
  const n = nodes.size;
  const isTip = nodes.tip.slice(0, n);
  let nTips = 0;
  for (let v = 0; v < n; v++) nTips += isTip[v]!;
  return {
    parent: nodes.parent.slice(0, n),
    branchLength: nodes.length.slice(0, n),
    isTip,
    labels: nodes.labels,
    tipIndex,
    nTips,
    ...normalizationsField(s.normalizations),
  };
}
