/**
 * The study report as one self-contained HTML file: every chart spec is
 * compiled by vega-lite and rendered to SVG by vega's headless View
 * (renderer 'none', `toSVG()`), then inlined with ids made unique per chart
 * and coordinates rounded to 0.01 px. No network, no external files.
 */
import { type LoggerInterface, parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { ReportChart } from './charts.js';
import { pageHtml } from './html.js';
import { reportSections } from './sections.js';
import type { ReportData } from './types.js';

export interface RenderOptions {
  /** receives vega-lite and vega warnings (default: dropped) */
  onWarning?: (message: string) => void;
}

/** The rendered SVG of one chart, or the error that stopped it (the report then says so under the chart's title). */
export interface RenderedChart {
  svg: string | null;
  error: string | null;
}

/** Renders the whole report of a study to HTML. */
export async function renderStudyReport(data: ReportData, options: RenderOptions = {}): Promise<string> {
  const sections = reportSections(data);
  const rendered = new Map<string, RenderedChart>();
  for (const s of sections)
    for (const b of s.blocks) if (b.kind === 'chart') rendered.set(b.chart.id, await renderChart(b.chart, options));
  const a = data.analysis;
  const subtitle = `Generated ${data.generatedAt}${a ? ` · analysis run ${a.runId}` : ' · no analysis yet'} · ${data.datasets.length} datasets`;
  return pageHtml(
    { title: `Study report: ${data.studyId}`, subtitle },
    sections,
    (c) => rendered.get(c.id) ?? { svg: null, error: 'not rendered' },
  );
}

/** Compiles one chart and renders it to SVG; a failure is returned, not thrown. */
export async function renderChart(chart: ReportChart, options: RenderOptions = {}): Promise<RenderedChart> {
  const warn = (...args: readonly unknown[]) => options.onWarning?.(`${chart.id}: ${args.map(String).join(' ')}`);
  try {
    const vg = compile(chart.spec, { logger: quietLogger(warn) }).spec;
    const view = new View(parse(vg), { renderer: 'none', logger: quietLogger(warn) });
    try {
      const svg = await view.toSVG();
      return { svg: inlineSvg(svg, chart.id, chart.spec.description ?? chart.title), error: null };
    } finally {
      view.finalize();
    }
  } catch (e) {
    return { svg: null, error: (e as Error).message };
  }
}

/** A vega / vega-lite logger that forwards warnings and errors and drops the rest. */
function quietLogger(warn: (...args: readonly unknown[]) => void): LoggerInterface {
  let level = 2;
  const logger: LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level as never;
      level = l;
      return logger as never;
    },
    error: (...a: readonly unknown[]) => (warn('error:', ...a), logger),
    warn: (...a: readonly unknown[]) => (warn(...a), logger),
    info: () => logger,
    debug: () => logger,
  } as LoggerInterface;
  return logger;
}

/** Geometry attributes whose numbers are rounded. */
const GEOMETRY = /\b(transform|d|x|y|x1|x2|y1|y2|width|height|points|viewBox)="([^"]*)"/g;

/** Prepares a vega SVG for inlining: ids prefixed by the chart id, coordinates to 2 decimals, an accessible name. */
export function inlineSvg(svg: string, prefix: string, label: string): string {
  const ids = new Set([...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!));
  let out = svg;
  if (ids.size) {
    out = out.replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`);
    out = out.replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${prefix}-${id})` : m));
    out = out.replace(/href="#([^"]+)"/g, (m, id: string) => (ids.has(id) ? `href="#${prefix}-${id}"` : m));
  }
  out = out.replace(
    GEOMETRY,
    (_, name: string, value: string) => `${name}="${value.replace(/-?\d+\.\d{3,}/g, roundNumber)}"`,
  );
  const escaped = label.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return out.replace(/^<svg\b/, `<svg role="img" aria-label="${escaped}"`);
}

/** A decimal rounded to 2 places, trailing zeros dropped ('12.3456' → '12.35', '-0.001' → '0'). */
function roundNumber(s: string): string {
  const r = Math.round(Number(s) * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}
