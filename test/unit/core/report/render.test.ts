/**
 * renderStudyReport on the small ReportData: one self-contained HTML page (no external resource),
 * every chart rendered to inline SVG with the expected number of marks, unique ids, working contents links.
 */

import { escapeHtml } from '../../../../lambdas/core/report/html.js';
import { inlineSvg, renderStudyReport } from '../../../../lambdas/core/report/render.js';
import { META_SAMPLES, smallReportData } from '../../../helpers/report-data.js';

/** The HTML of one figure (by id). */
function figure(html: string, id: string): string {
  const start = html.indexOf(`<figure id="${id}"`);
  if (start < 0) throw new Error(`no figure ${id}`);
  return html.slice(start, html.indexOf('</figure>', start));
}

/** Number of marks (paths, lines or texts) in the vega mark group named `name` inside `svg`. */
function marks(svg: string, name: string): number {
  const start = svg.search(new RegExp(`class="mark-[a-z]+ role-mark ${name}"`));
  if (start < 0) return 0;
  const end = svg.indexOf('</g>', start);
  return (svg.slice(start, end).match(/<(path|line|text)\b/g) ?? []).length;
}

describe('renderStudyReport', () => {
  let html: string;
  const warnings: string[] = [];
  beforeAll(async () => {
    html = await renderStudyReport(smallReportData(), { onWarning: (w) => warnings.push(w) });
  });

  it('is one self-contained page: no external script, style, image or font', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(link|img|iframe)\b/);
    expect(html).not.toMatch(/\bsrc=/);
    expect(html).not.toMatch(/url\((?!#)/);
    // the only URLs are SVG namespaces
    expect([...new Set(html.match(/https?:\/\/[^"'\s)]+/g))].sort()).toEqual([
      'http://www.w3.org/1999/xlink',
      'http://www.w3.org/2000/svg',
    ]);
    expect(html).toMatch(/@media print/);
    expect(html).toMatch(/@page\{size:A4/);
  });

  it('renders every chart to SVG (none failed) and the contents link to existing ids, all ids unique', () => {
    const figures = html.match(/<figure id="[^"]+" class="chart [^"]*"/g)!;
    expect(figures).toHaveLength(12);
    expect(html).not.toMatch(/class="chart [^"]* failed"/);
    expect((html.match(/<svg role="img"/g) ?? []).length).toBe(12);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, target] of html.matchAll(/<a href="#([^"]+)"/g)) expect(ids).toContain(target);
  });

  it('draws one point per sample in the PCoA, one box per arm × month, one bar per sample in the quality panel', () => {
    const pcoa = figure(html, 'ordination-16s-table-biom-bray-curtis');
    expect(marks(pcoa, 'points_marks')).toBe(META_SAMPLES.length);
    // vega draws each subject's line as its own mark group
    expect(pcoa.match(/class="mark-line role-mark trajectories_marks"/g)).toHaveLength(5);
    const alpha = figure(html, 'alpha-16s-table-biom-shannon-entropy');
    expect(marks(alpha, 'alpha_layer_1_layer_0_marks')).toBe(4);
    expect(marks(figure(html, 'quality-16s-table-biom'), 'quality_marks')).toBe(META_SAMPLES.length + 1);
    const volcano = figure(html, 'volcano-arm-high-vs-regular-month-6-metabolomics-features-csv-metabolite');
    expect(marks(volcano, 'points_marks')).toBe(30);
    expect(marks(volcano, 'labels_marks')).toBe(8);
  });

  it('puts the numbers under each chart and names what was limited', () => {
    const pcoa = figure(html, 'ordination-16s-table-biom-bray-curtis');
    expect(pcoa).toContain(escapeHtml('PERMANOVA pseudo-F = 2.5, R² = 0.4, p = 0.03'));
    expect(figure(html, 'genera-16s-table-biom')).toContain(
      '<p class="limits">Limited: Each sample stores its 10 most abundant genera',
    );
    expect(html).toContain('<th scope="col">month 6</th>');
    expect(html).toContain('2 (2 subj., 1 missing)');
    expect(html).toContain('NEGATIVE_VALUE at line 2, column 6: a count is negative');
    expect(html).toContain('ab'.repeat(32));
  });

  it('reports no vega or vega-lite error', () => {
    expect(warnings.filter((w) => /error/i.test(w))).toEqual([]);
  });
});

describe('inlineSvg', () => {
  it('prefixes ids and their references, rounds coordinates, names the image', () => {
    const svg =
      '<svg width="10.123456" height="5"><defs><clipPath id="clip1"><rect x="0.333333" y="1.5"/></clipPath></defs><g clip-path="url(#clip1)" transform="translate(3.14159,-0.0001)"><text>1.23456</text></g></svg>';
    expect(inlineSvg(svg, 'c1', 'a <chart>')).toBe(
      '<svg role="img" aria-label="a &lt;chart&gt;" width="10.12" height="5"><defs><clipPath id="c1-clip1"><rect x="0.33" y="1.5"/></clipPath></defs><g clip-path="url(#c1-clip1)" transform="translate(3.14,0)"><text>1.23456</text></g></svg>',
    );
  });
});
