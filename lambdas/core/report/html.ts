/**
 * HTML of the study report: escaping, the page shell (inline CSS with an A4
 * print layout, table of contents), figures, tables and lists. No network, no
 * external resources; an optional few-line script shows point labels on hover.
 */
import type { ReportChart } from './charts.js';
import type { ReportBlock, ReportSection, ReportTable } from './sections.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
:root{--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0;--accent:#0072B2}
*{box-sizing:border-box}
body{font:14px/1.45 Helvetica,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:980px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:2px solid var(--accent);padding-bottom:3px}
h3{font-size:15px;margin:0 0 6px}
header .meta{color:var(--muted);margin:0}
nav#toc{border:1px solid var(--rule);padding:8px 16px;margin:16px 0;columns:2;column-gap:32px}
nav#toc h2{border:0;margin:4px 0;font-size:16px;column-span:all}
nav#toc ol{margin:0;padding-left:20px}nav#toc li{break-inside:avoid}nav#toc ol ol{font-size:12px;color:var(--muted)}
a{color:var(--accent)}
figure.chart{margin:18px 0;padding:10px 0;border-top:1px solid var(--rule);break-inside:avoid}
figure.chart .svg svg{max-width:100%;height:auto;display:block}
figcaption{font-size:12.5px;color:var(--ink);margin-top:6px}
figcaption ul{margin:4px 0 0;padding-left:18px;color:var(--muted)}
figcaption .limits{color:#8a4b00;margin:4px 0 0}
figure.chart.failed .svg{color:#a00;font-style:italic}
table{border-collapse:collapse;margin:10px 0 4px;font-size:12px;width:100%}
caption{caption-side:top;text-align:left;font-size:12.5px;margin-bottom:4px}
th,td{border-bottom:1px solid var(--rule);padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td{overflow-wrap:anywhere}
td.num{text-align:right;font-variant-numeric:tabular-nums}
p.limits{font-size:12px;color:#8a4b00;margin:0 0 8px}
.notes{font-size:12.5px;color:var(--muted)}
#tip{position:absolute;pointer-events:none;background:#fff;border:1px solid #999;padding:2px 6px;font-size:12px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
@page{size:A4;margin:14mm 12mm}
@media print{
  body{max-width:none;padding:0;font-size:10.5pt}
  nav#toc{columns:2}
  h2{break-after:avoid}
  section{break-before:auto}
  figure.chart,table,tr{break-inside:avoid}
  #tip{display:none}
  a{color:inherit;text-decoration:none}
}
`.trim();

/** Shows the ARIA label of the mark under the pointer; the report reads fully without it. */
const HOVER_SCRIPT = `(function(){var t=document.getElementById('tip');if(!t)return;document.addEventListener('mouseover',function(e){var n=e.target&&e.target.closest?e.target.closest('.svg [aria-label]'):null;if(n&&n.tagName!=='svg'){t.textContent=n.getAttribute('aria-label');t.hidden=false}else t.hidden=true});document.addEventListener('mousemove',function(e){t.style.left=e.pageX+12+'px';t.style.top=e.pageY+12+'px'})})();`;

/** The table of contents: sections and their charts. */
function toc(sections: ReportSection[]): string {
  const items = sections.map((s, i) => {
    const charts = s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : []));
    const sub = charts.length
      ? `<ol>${charts.map((c) => `<li><a href="#${c.id}">${escapeHtml(c.title)}</a></li>`).join('')}</ol>`
      : '';
    return `<li><a href="#${s.id}">${i + 1}. ${escapeHtml(s.title)}</a>${sub}</li>`;
  });
  return `<nav id="toc" aria-label="Contents"><h2>Contents</h2><ol>${items.join('')}</ol></nav>`;
}

/** A figure: title, the inline SVG (or why it could not be drawn) and the caption with its numbers and limits. */
export function figureHtml(c: ReportChart, svg: string | null, error: string | null): string {
  const body = svg ?? `<p>This chart could not be drawn: ${escapeHtml(error ?? 'unknown error')}</p>`;
  const details = c.details.length ? `<ul>${c.details.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>` : '';
  const limits = c.limits ? `<p class="limits">Limited: ${escapeHtml(c.limits)}</p>` : '';
  return `<figure id="${c.id}" class="chart chart-${c.type}${svg ? '' : ' failed'}" data-chart="${c.type}"><h3>${escapeHtml(c.title)}</h3><div class="svg">${body}</div><figcaption><p>${escapeHtml(c.caption)}</p>${details}${limits}</figcaption></figure>`;
}

/** Cells that hold a number are right-aligned. */
const NUMERIC = /^[−+-]?(\d[\d,]*\.?\d*|\.\d+)(e[+-]?\d+)?( \(.*\))?$|^NA$/i;

export function tableHtml(t: ReportTable): string {
  const head = `<tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`;
  const rows = t.rows
    .map(
      (r) => `<tr>${r.map((v) => `<td${NUMERIC.test(v) ? ' class="num"' : ''}>${escapeHtml(v)}</td>`).join('')}</tr>`,
    )
    .join('');
  const limits = t.limits ? `<p class="limits">Limited: ${escapeHtml(t.limits)}</p>` : '';
  return `<table id="${t.id}"><caption>${escapeHtml(t.caption)}</caption><thead>${head}</thead><tbody>${rows}</tbody></table>${limits}`;
}

function blockHtml(b: ReportBlock, svgOf: (c: ReportChart) => { svg: string | null; error: string | null }): string {
  switch (b.kind) {
    case 'chart': {
      const r = svgOf(b.chart);
      return figureHtml(b.chart, r.svg, r.error);
    }
    case 'table':
      return tableHtml(b.table);
    case 'text':
      return b.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
    case 'list':
      return `<div class="notes"><h3>${escapeHtml(b.title)}</h3><ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul></div>`;
  }
}

/** The whole page. `svgOf` gives each chart's rendered SVG (or the error that stopped it). */
export function pageHtml(
  head: { title: string; subtitle: string },
  sections: ReportSection[],
  svgOf: (c: ReportChart) => { svg: string | null; error: string | null },
): string {
  const body = sections
    .map(
      (s, i) =>
        `<section id="${s.id}"><h2>${i + 1}. ${escapeHtml(s.title)}</h2>${s.blocks.map((b) => blockHtml(b, svgOf)).join('\n')}</section>`,
    )
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(head.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<header><h1>${escapeHtml(head.title)}</h1><p class="meta">${escapeHtml(head.subtitle)}</p></header>`,
    toc(sections),
    `<main>${body}</main>`,
    '<div id="tip" hidden></div>',
    `<script>${HOVER_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
