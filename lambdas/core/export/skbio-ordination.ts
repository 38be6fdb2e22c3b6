/**
 * scikit-bio's OrdinationResults text format (`skbio.io` format
 * `ordination`), as its writer lays it out and as `OrdinationResults.read`
 * and Emperor read it: six sections in fixed order, Eigvals, Proportion
 * explained, Species, Site, Biplot, Site constraints. Each section is a
 * header line (name, tab, its dimensions) followed by its tab-separated
 * values (Species, Site and Site constraints rows start with their id); an
 * absent section declares 0 (vectors) or 0 0 (arrays). A blank line follows
 * every section except the last. Numbers are written as numpy writes a
 * float64 (Python `repr`: shortest round-trip digits, exponent form below
 * 1e-4 and from 1e16, e.g. `0.36`, `1e-05`, `1.0`).
 */

/** A row-major n × k block of coordinates with optional row ids. */
export interface OrdinationBlock {
  /** row ids (required for Species, Site, Site constraints; ignored for Biplot) */
  ids?: string[];
  /** row-major values: values[r * cols + k] */
  values: ArrayLike<number>;
  cols: number;
}

/** What one OrdinationResults file holds; every section but `eigvals` is optional. */
export interface OrdinationResultsInput {
  eigvals: ArrayLike<number>;
  proportionExplained?: ArrayLike<number> | null;
  /** feature (species) scores */
  species?: OrdinationBlock | null;
  /** sample (site) coordinates */
  site?: OrdinationBlock | null;
  biplot?: OrdinationBlock | null;
  /** sample constraints; rows are named by the site ids */
  siteConstraints?: OrdinationBlock | null;
}

/** A float64 as Python's `repr` (and numpy's `str`) writes it: `nan`, `inf`, `-0.0`, `1.0`, `0.0001`, `1e-05`, `1e+16`. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const e = Number(exp);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const intLen = e + 1;
  if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

/** The OrdinationResults file text of `o`. */
export function toSkbioOrdination(o: OrdinationResultsInput): string {
  const out: string[] = [];
  vectorSection(out, 'Eigvals', o.eigvals);
  vectorSection(out, 'Proportion explained', o.proportionExplained ?? null);
  arraySection(out, 'Species', o.species ?? null, o.species?.ids, true);
  arraySection(out, 'Site', o.site ?? null, o.site?.ids, true);
  arraySection(out, 'Biplot', o.biplot ?? null, undefined, true);
  arraySection(out, 'Site constraints', o.siteConstraints ?? null, o.siteConstraints?.ids ?? o.site?.ids, false);
  return out.join('');
}

/** `name<TAB>n`, the values on one line, then the blank separator line. */
function vectorSection(out: string[], name: string, v: ArrayLike<number> | null): void {
  out.push(`${name}\t${v ? v.length : 0}\n`);
  if (v?.length) out.push(`${formatRow(v, 0, v.length)}\n`);
  out.push('\n');
}

/** `name<TAB>rows<TAB>cols`, one line per row (id first when `ids`), then a blank line unless it is the last section. */
function arraySection(
  out: string[],
  name: string,
  block: OrdinationBlock | null,
  ids: string[] | undefined,
  separator: boolean,
): void {
  const rows = block && block.cols > 0 ? block.values.length / block.cols : 0;
  out.push(`${name}\t${rows}\t${rows ? block!.cols : 0}\n`);
  for (let r = 0; r < rows; r++) {
    const line = formatRow(block!.values, r * block!.cols, block!.cols);
    out.push(ids && name !== 'Biplot' ? `${ids[r]}\t${line}\n` : `${line}\n`);
  }
  if (separator) out.push('\n');
}

function formatRow(v: ArrayLike<number>, start: number, n: number): string {
  const cells = new Array<string>(n);
  for (let j = 0; j < n; j++) cells[j] = pythonFloat(v[start + j]!);
  return cells.join('\t');
}
