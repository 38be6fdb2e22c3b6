/**
 * Fixed-effects design matrices with treatment contrasts, named and ordered as R's
 * `model.matrix(~ a * b)` (lme4 term names: `(Intercept)`, `armhigh_calcium`, `time6`,
 * `armhigh_calcium:time6`). X is row-major n × p: element (i, j) at i·p + j.
 */
import { type3Contrasts } from './type3.js';
import type { DesignError, DesignTerm, Factor, FactorOptions, FixedDesign, TermHypothesis } from './types.js';

export type { DesignError, DesignTerm, Factor, FactorOptions, FixedDesign } from './types.js';

export function factor(
  name: string,
  values: readonly (string | null)[],
  options: FactorOptions = {},
): Factor | DesignError {
  let levels = options.levels ? [...options.levels] : defaultLevels(values);
  if (new Set(levels).size !== levels.length) return designError('duplicate-level', `factor ${name}: levels repeat`);
  if (options.reference !== undefined) {
    if (!levels.includes(options.reference))
      return designError('unknown-level', `factor ${name}: reference level '${options.reference}' does not occur`);
    levels = [options.reference, ...levels.filter((l) => l !== options.reference)];
  }
  const index = new Map(levels.map((l, k) => [l, k]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') {
      codes[i] = -1;
      continue;
    }
    const k = index.get(v);
    if (k === undefined)
      return designError(
        'unknown-level',
        `factor ${name}: value '${v}' of sample ${i} is not one of the levels ${levels.join(', ')}`,
      );
    codes[i] = k;
  }
  return { name, levels, codes };
}

/** Distinct non-missing values, sorted numerically when every one is a number, else by code point. */
function defaultLevels(values: readonly (string | null)[]): string[] {
  const distinct = [...new Set(values.filter((v): v is string => v !== null && v !== undefined && v !== ''))];
  const numeric = distinct.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return numeric
    ? distinct.sort((a, b) => Number(a) - Number(b))
    : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** All terms of the full factorial `f1 * f2 * …` in R's order: by degree, then by factor position (a, b, c, a:b, a:c, b:c, a:b:c). */
export function fullFactorialTerms(nFactors: number): number[][] {
  const terms: number[][] = [];
  const choose = (start: number, size: number, acc: number[]) => {
    if (acc.length === size) {
      terms.push([...acc]);
      return;
    }
    for (let f = start; f < nFactors; f++) choose(f + 1, size, [...acc, f]);
  };
  for (let size = 1; size <= nFactors; size++) choose(0, size, []);
  return terms;
}

/** Options of `factorialDesign`. */
export interface FactorialDesignOptions {
  /** the terms as lists of factor indices, each hierarchical (every sub-term present); default the full factorial */
  terms?: number[][];
}

/**
 * X for `~ f1 * f2 * …` with treatment contrasts (R `contr.treatment`, lme4 `lmer` default) and an intercept:
 * then per term the products of the non-reference level indicators, first factor varying fastest;
 * column names as R (`armhigh_calcium:time6`). Also the per-term type-III hypotheses.
 */
export function factorialDesign(
  factors: readonly Factor[],
  options: FactorialDesignOptions = {},
): FixedDesign | DesignError {
  const n = factors[0]?.codes.length ?? 0;
  for (const f of factors) {
    if (f.codes.length !== n)
      return designError(
        'shape-mismatch',
        `factor ${f.name} has ${f.codes.length} values, ${factors[0]!.name} has ${n}`,
      );
    if (f.levels.length < 2)
      return designError(
        'too-few-levels',
        `factor ${f.name} has ${f.levels.length} level(s); a factor needs at least 2`,
      );
  }
  const termFactors = options.terms ?? fullFactorialTerms(factors.length);
  const bad = checkTerms(termFactors, factors.length);
  if (bad) return designError('bad-term', bad);
  if (factors.length === 0) return designError('no-columns', 'a factorial design needs at least one factor');
  const columnNames: string[] = ['(Intercept)'];
  const columnCells: number[][] = [[]];
  const terms: DesignTerm[] = [];
  for (const tf of termFactors) {
    const cells = contrastCells(tf.map((f) => factors[f]!.levels.length));
    const columns: number[] = [];
    for (const cell of cells) {
      columns.push(columnNames.length);
      columnNames.push(tf.map((f, k) => `${factors[f]!.name}${factors[f]!.levels[cell[k]!]}`).join(':'));
      columnCells.push(cell);
    }
    terms.push({ name: tf.map((f) => factors[f]!.name).join(':'), factors: [...tf], columns });
  }
  const p = columnNames.length;
  const x = new Float64Array(n * p);
  const termOfColumn = [-1, ...terms.flatMap((t, k) => t.columns.map(() => k))];
  for (let i = 0; i < n; i++) {
    const missing = factors.some((f) => f.codes[i]! < 0);
    for (let j = 0; j < p; j++) {
      if (missing) {
        x[i * p + j] = Number.NaN;
        continue;
      }
      const t = termOfColumn[j]!;
      x[i * p + j] = t < 0 ? 1 : terms[t]!.factors.every((f, k) => factors[f]!.codes[i] === columnCells[j]![k]) ? 1 : 0;
    }
  }
  const design: FixedDesign = {
    nObs: n,
    p,
    x,
    columnNames,
    terms,
    interceptColumn: 0,
    factors: [...factors],
    hypotheses: [],
  };
  design.hypotheses = type3Contrasts(design);
  return design;
}

/** The non-reference level combinations of a term's factors, first factor varying fastest (R's column order). */
function contrastCells(nLevels: number[]): number[][] {
  let cells: number[][] = [[]];
  for (const L of nLevels) {
    const next: number[][] = [];
    for (let l = 1; l < L; l++) for (const c of cells) next.push([...c, l]);
    cells = next;
  }
  return cells;
}

/** Null when every term is a non-empty, sorted, duplicate-free set of valid factor indices with all its sub-terms present; else the problem. */
function checkTerms(terms: number[][], nFactors: number): string | null {
  const keys = new Set(terms.map((t) => t.join(',')));
  if (keys.size !== terms.length) return 'a term is listed twice';
  for (const t of terms) {
    if (t.length === 0 || t.some((f, k) => !Number.isInteger(f) || f < 0 || f >= nFactors || (k > 0 && f <= t[k - 1]!)))
      return `term [${t.join(',')}] must list increasing factor indices below ${nFactors}`;
    if (t.length > 1)
      for (let drop = 0; drop < t.length; drop++) {
        const sub = t.filter((_, k) => k !== drop).join(',');
        if (!keys.has(sub))
          return `term [${t.join(',')}] needs its marginal term [${sub}] (treatment coding assumes a hierarchical model)`;
      }
  }
  return null;
}

/**
 * A design from a user matrix (row-major n × p) and named column groups as terms. The hypothesis
 * of each term is the joint test of its columns (identity rows): lmerTest's type-III tests
 * coincide with these only for designs without interactions of factors.
 */
export function designFromMatrix(
  x: Float64Array,
  nObs: number,
  columnNames: readonly string[],
  terms: readonly { name: string; columns: number[] }[] = [],
  interceptColumn = -1,
): FixedDesign | DesignError {
  const p = columnNames.length;
  if (p === 0) return designError('no-columns', 'the design has no columns');
  if (x.length !== nObs * p) return designError('shape-mismatch', `X has ${x.length} values, expected ${nObs} × ${p}`);
  for (const t of terms)
    if (t.columns.length === 0 || t.columns.some((c) => !Number.isInteger(c) || c < 0 || c >= p))
      return designError('bad-term', `term ${t.name} has bad columns`);
  const hypotheses: TermHypothesis[] = terms.map((t) => {
    const l = new Float64Array(t.columns.length * p);
    t.columns.forEach((c, r) => (l[r * p + c] = 1));
    return { term: t.name, rows: t.columns.length, l };
  });
  return {
    nObs,
    p,
    x,
    columnNames: [...columnNames],
    terms: terms.map((t) => ({ name: t.name, factors: [], columns: [...t.columns] })),
    interceptColumn,
    factors: [],
    hypotheses,
  };
}

/** A DesignError value. */
function designError(reason: DesignError['reason'], message: string): DesignError {
  return { ok: false, reason, message };
}

/** True for a DesignError (as opposed to a factor or a design). */
export function isDesignError<T extends object>(d: T | DesignError): d is DesignError {
  return 'ok' in d && (d as DesignError).ok === false;
}
