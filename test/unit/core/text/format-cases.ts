/**
 * One small, valid input per format `parseInput` recognises, written as a
 * template with placeholders: `{v}` one count or intensity, `{f}` one feature
 * id, `{s}` one sample id (where the format has them). `fill` substitutes
 * them and says where each landed (1-based line and column), so the value
 * and id rules can be checked format by format at the exact cell.
 */

/** What a placeholder holds in a format: a count, an intensity, a metadata number or a branch length. */
export type ValueKind = 'count' | 'intensity' | 'number' | 'branch';

export interface FormatCase {
  name: string;
  fileName: string;
  template: string;
  /** what `{v}` is, when the template has one */
  value?: ValueKind;
  /** ids are JSON strings: placeholders are filled JSON-escaped and errors point at the opening quote */
  json?: boolean;
  /** the error for a bad `{s}` is reported at another place (mzTab-M: the SMH column of the assay) */
  sampleElsewhere?: boolean;
  /** the error for a bad `{s}` is at the start of its header cell, this many columns before it (MZmine 3: `datafile:`) */
  sampleShift?: number;
}

const BIOM_JSON = `{"id": null, "format": "Biological Observation Matrix 1.0.0", "type": "OTU table", "matrix_type": "sparse", "shape": [2, 2],
"rows": [{"id": "{f}", "metadata": null}, {"id": "F2", "metadata": null}],
"columns": [{"id": "{s}", "metadata": null}, {"id": "S2", "metadata": null}],
"data": [[0, 0, {v}], [1, 1, 2]]}
`;

const MZTAB = `MTD\tmzTab-version\t2.0.0-M
MTD\tassay[1]\t{s}
MTD\tassay[2]\tB
SMH\tSML_ID\tchemical_name\tabundance_assay[1]\tabundance_assay[2]
SML\t{f}\tx\t{v}\t5
SML\t2\ty\t3\t4
`;

export const FORMAT_CASES: FormatCase[] = [
  { name: 'BIOM TSV', fileName: 'table.tsv', template: '#OTU ID\t{s}\tS2\n{f}\t{v}\t1\nF2\t0\t2\n', value: 'count' },
  { name: 'BIOM JSON', fileName: 'table.biom', template: BIOM_JSON, value: 'count', json: true },
  {
    name: 'count matrix (CSV)',
    fileName: '16s/genus.csv',
    template: 'sample,{s},S2\n{f},{v},3\nF2,1,2\nF3,4,0\n',
    value: 'count',
  },
  {
    name: 'mothur shared',
    fileName: 'final.shared',
    template: 'label\tGroup\tnumOtus\t{f}\tOtu2\n0.03\t{s}\t2\t{v}\t1\n0.03\tB\t2\t0\t2\n',
    value: 'count',
  },
  {
    name: 'QIIME 2 metadata',
    fileName: 'metadata.tsv',
    template: 'sample-id\tph\tsite\n{s}\t{v}\tgut\nS2\t7\ttongue\n',
    value: 'number',
  },
  {
    name: 'CSV metadata',
    fileName: 'samples.csv',
    template: 'sample,site,ph\n{s},gut,{v}\nS2,tongue,7\n',
    value: 'number',
  },
  {
    name: 'mothur design',
    fileName: 'mouse.design',
    template: '{s}\tearly\nB\tlate\nC\tlate\nD\tearly\nE\tearly\nG\tlate\n',
  },
  { name: 'QIIME 2 taxonomy', fileName: 'taxonomy.tsv', template: 'Feature ID\tTaxon\n{f}\tk__A; p__B\nF2\tk__A\n' },
  {
    name: 'mothur taxonomy',
    fileName: 'final.cons.taxonomy',
    template: 'OTU\tSize\tTaxonomy\n{f}\t5\tBacteria(100);\nOtu2\t3\tBacteria(100);\n',
  },
  {
    name: 'DADA2 taxonomy',
    fileName: 'taxa.csv',
    template:
      ',Kingdom,Phylum,Class,Order,Family,Genus\n{f},Bacteria,Firmicutes,Clostridia,C,L,B\nF2,Bacteria,NA,NA,NA,NA,NA\n',
  },
  {
    name: 'Newick',
    fileName: 'tree.nwk',
    template: '({f}:0.1,B:{v},C:0.2,D:0.3,(E:0.4,G:0.5):0.6,H:0.7);',
    value: 'branch',
  },
  { name: 'pathway map', fileName: 'pathways.tsv', template: 'featureId\tpathway\n{f}\tGlycolysis\nm2\tTCA\n' },
  {
    name: 'MZmine 2 (legacy)',
    fileName: 'quant.csv',
    template: 'row ID,row m/z,row retention time,{s} Peak area,b.mzML Peak area\n{f},100,1,{v},6\n2,101,2,7,8\n',
    value: 'intensity',
  },
  {
    name: 'MZmine 3',
    fileName: 'mzmine3.csv',
    template: 'id,mz,rt,datafile:{s}:area,datafile:b.mzML:area\n{f},100,1,{v},6\n2,101,2,7,8\n',
    value: 'intensity',
    sampleShift: 9,
  },
  {
    name: 'MS-DIAL',
    fileName: 'Height_0.txt',
    template:
      'Alignment ID\tAverage Rt(min)\tAverage Mz\tMetabolite name\tMS/MS spectrum\t{s}\tS2\n{f}\t1.0\t100.1\tUnknown\t\t{v}\t6\n2\t2.0\t200.2\tUnknown\t\t7\t8\n',
    value: 'intensity',
  },
  {
    name: 'xcms (diffreport)',
    fileName: 'xcms.csv',
    template: 'name,mzmed,rtmed,{s},S2\n{f},100,10,{v},6\nM2T3,101,11,7,8\n',
    value: 'intensity',
  },
  {
    name: 'MetaboAnalyst',
    fileName: 'cachexia.csv',
    template: 'Sample,Label,{f},Glucose\n{s},A,{v},2\nS2,A,3,4\nS3,B,5,6\n',
    value: 'intensity',
  },
  {
    name: 'W4M dataMatrix',
    fileName: 'dataMatrix.tsv',
    template: 'dataMatrix\t{s}\tS2\n{f}\t{v}\t2\nv2\t3\t4\n',
    value: 'intensity',
  },
  { name: 'mzTab-M', fileName: 'study.mztab', template: MZTAB, value: 'intensity', sampleElsewhere: true },
  {
    name: 'metabolomics plain matrix',
    fileName: 'metabolomics/x.csv',
    template: 'id,{s},S2\n{f},{v},2\nm2,3,4\n',
    value: 'intensity',
  },
  {
    name: 'W4M sampleMetadata',
    fileName: 'sampleMetadata.tsv',
    template: 'sampleMetadata\tsampleType\n{s}\tsample\nS2\tpool\n',
  },
  {
    name: 'W4M variableMetadata',
    fileName: 'variableMetadata.tsv',
    template: 'variableMetadata\tmz\n{f}\t100\nv2\t101\n',
  },
];

/** Defaults that make every template valid. */
export const DEFAULT_FILL = { f: 'F1', s: 'S1', v: '5' } as const;

/** Where a placeholder landed. */
export interface Place {
  line: number;
  column: number;
}

/** The template with `{f}`, `{s}`, `{v}` replaced (JSON-escaped for JSON ids), and where each replacement starts. */
export function fill(
  c: FormatCase,
  values: Partial<Record<'f' | 's' | 'v', string>> = {},
): { text: string; at: Partial<Record<'f' | 's' | 'v', Place>> } {
  const all = { ...DEFAULT_FILL, ...values };
  let text = '';
  const at: Partial<Record<'f' | 's' | 'v', Place>> = {};
  const parts = c.template.split(/(\{[fsv]\})/);
  for (const part of parts) {
    const key = /^\{([fsv])\}$/.exec(part)?.[1] as 'f' | 's' | 'v' | undefined;
    if (!key) {
      text += part;
      continue;
    }
    const line = text.split('\n').length;
    const column = text.length - text.lastIndexOf('\n');
    const shift = (c.json && key !== 'v' ? 1 : 0) + (key === 's' ? (c.sampleShift ?? 0) : 0);
    at[key] = { line, column: column - shift };
    text += c.json && key !== 'v' ? JSON.stringify(all[key]).slice(1, -1) : all[key];
  }
  return { text, at };
}

/** True when the template has the placeholder. */
export function has(c: FormatCase, key: 'f' | 's' | 'v'): boolean {
  return c.template.includes(`{${key}}`);
}
