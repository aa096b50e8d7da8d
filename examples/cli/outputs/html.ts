// The HTML report: one self-contained file a revenue-cycle reviewer opens in a browser. Each patient's section
// is written as the patient arrives, so memory holds one patient plus a bounded summary; the overview is written
// last and moved to the top (CSS order without scripts, a DOM move with them, so tab order follows the eye).
// The note text is untrusted: every character of it goes through escapeHtml, and a Content-Security-Policy
// forbids any request, so a hostile note can neither run script nor call out.
import type { Writable } from 'node:stream';
import { listRules, SEVERITIES, type Finding, type Severity } from '../../../src/index.js';
import packageJson from '../../../package.json';
import { write } from '../io.js';
import type { PatientResult, ReportWriter } from './index.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<b>"8/10" & worse</b>'); // '&lt;b&gt;&quot;8/10&quot; &amp; worse&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** One evidence span to highlight: UTF-16 offsets into the note text, as the library reports them. */
export interface MarkSpan {
  start: number;
  end: number;
  /** Unique in the report: every piece of the span's highlight carries it as data-ev, the first piece as its id. */
  id: string;
  ruleId: string;
  severity: Severity;
  /** Extra attributes (already escaped names, raw values) for the first piece, e.g. data-note. */
  attributes?: Record<string, string | number>;
}

/**
 * The note text as escaped HTML with each span in <mark> elements. Spans that nest become nested marks; a span
 * that crosses the end of another is cut at that end into pieces with the same data-ev, so the pieces of a span
 * read, in order, exactly `text.slice(start, end)`. Offsets are UTF-16 code units (String#slice), so astral
 * characters (emoji, some CJK) before a span do not shift it. Empty and out-of-range spans are dropped.
 *
 * @example
 * markedText('a <b> c', [{ start: 2, end: 5, id: 'ev-1', ruleId: 'r', severity: 'info' }]);
 * // 'a <mark id="ev-1" tabindex="-1" data-ev="ev-1" data-rule="r" data-severity="info">&lt;b&gt;</mark> c'
 */
export function markedText(text: string, spans: readonly MarkSpan[]): string {
  const valid = spans
    .map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(text.length, s.end) }))
    .filter((s) => s.start < s.end)
    // Outer spans first (earlier start, then longer), so a span that holds another opens before it.
    .sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bounds = [...new Set([0, text.length, ...valid.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const opened = new Set<string>();
  let stack: typeof valid = [];
  let out = '';
  let next = 0;
  let active: typeof valid = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] as number;
    const to = bounds[i + 1] as number;
    active = active.filter((s) => s.end > from);
    while (next < valid.length && (valid[next] as MarkSpan).start === from) active.push(valid[next++] as (typeof valid)[number]);
    // `active` keeps the sort order; the open marks that are its prefix stay open, the rest close and reopen.
    let keep = 0;
    while (keep < stack.length && keep < active.length && stack[keep] === active[keep]) keep++;
    out += '</mark>'.repeat(stack.length - keep);
    for (const s of active.slice(keep)) {
      const first = !opened.has(s.id);
      opened.add(s.id);
      const extra = first && s.attributes ? Object.entries(s.attributes).map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`).join('') : '';
      out += `<mark${first ? ` id="${escapeHtml(s.id)}" tabindex="-1"` : ''} data-ev="${escapeHtml(s.id)}" data-rule="${escapeHtml(s.ruleId)}" data-severity="${s.severity}"${extra}>`;
    }
    stack = active.slice();
    out += escapeHtml(text.slice(from, to));
  }
  return out + '</mark>'.repeat(stack.length);
}

const CLONED_NOTE = 'history/cloned-note';
const CLONE_RUN = 'history/clone-run';

/** A finding's place in the report: the anchor of its first highlighted evidence in this patient's notes. */
const evidenceId = (patient: number, finding: number, evidence: number) => `ev-${patient}-${finding}-${evidence}`;

const fmt = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));

/** Visits of each clone run (history/clone-run: the flagged last visit and `relatedNoteIds`), as note indexes. */
function cloneRuns(result: PatientResult): { from: number; to: number }[] {
  const index = new Map(result.report.notes.map((n, i) => [n.id, i]));
  return result.report.findings
    .filter((f) => f.ruleId === CLONE_RUN)
    .map((f) => [f.noteId, ...(f.relatedNoteIds ?? [])].map((id) => index.get(id)).filter((i) => i !== undefined))
    .filter((is) => is.length > 0)
    .map((is) => ({ from: Math.min(...is), to: Math.max(...is) }));
}

/**
 * The visit timeline as an SVG line chart: similarity to the previous note and specificity (both 0..1) per
 * visit, visits evenly spaced (the dates are labels: a reviewer reads the sequence, and uneven gaps would bunch
 * the points), clone runs as shaded bands. Each point has a <title>, so hovering reads its values.
 */
function chartSvg(result: PatientResult, n: number, runs: readonly { from: number; to: number }[]): string {
  const notes = result.report.notes;
  const W = 720;
  const H = 190;
  const left = 34;
  const right = 12;
  const top = 12;
  const bottom = 30;
  const step = notes.length > 1 ? (W - left - right) / (notes.length - 1) : 0;
  const x = (i: number) => Math.round((notes.length > 1 ? left + i * step : (left + W - right) / 2) * 10) / 10;
  const y = (v: number) => Math.round((top + (1 - v) * (H - top - bottom)) * 10) / 10;
  const half = Math.max(step / 2, 6);
  let svg = `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="p${n}-chart-t" data-points="${notes.length}"><title id="p${n}-chart-t">Similarity to previous note and specificity score per visit${runs.length > 0 ? `; ${runs.length} clone run${runs.length > 1 ? 's' : ''} shaded` : ''}</title>`;
  for (const r of runs) {
    // Inset and outlined, so two runs that meet (a rewrite, then a new run cloned from it) read as two.
    const x0 = Math.max(left - 6, x(r.from) - half + 3);
    const x1 = Math.min(W - right + 6, x(r.to) + half - 3);
    svg += `<rect class="run" x="${x0.toFixed(1)}" y="${top}" width="${Math.max(x1 - x0, 8).toFixed(1)}" height="${H - top - bottom}" rx="3"><title>Clone run: visits ${r.from + 1} to ${r.to + 1}</title></rect>`;
  }
  for (const v of [0, 0.5, 1]) svg += `<line class="grid" x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}"/><text class="axis" x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`;
  // The first and last dates anchor inward, so neither is cut at the chart's edge.
  const label = (i: number) => `<text class="axis" x="${x(i)}" y="${H - 10}" text-anchor="${i === 0 && notes.length > 1 ? 'start' : i > 0 ? 'end' : 'middle'}">${escapeHtml(notes[i]?.date.slice(0, 10) ?? '')}</text>`;
  svg += label(0);
  if (notes.length > 1) svg += label(notes.length - 1);
  const line = (cls: string, values: (number | null)[]) => {
    const pts = values.map((v, i) => (v === null ? null : `${x(i)},${y(v)}`)).filter((p) => p !== null);
    return pts.length > 1 ? `<polyline class="${cls}" points="${pts.join(' ')}"/>` : '';
  };
  svg += line('sim', notes.map((e) => e.similarityToPrevious));
  svg += line('spec', notes.map((e) => e.specificity.score));
  notes.forEach((e, i) => {
    const what = `Visit ${i + 1}, ${escapeHtml(e.date)}`;
    if (e.similarityToPrevious !== null) svg += `<circle class="pt sim" cx="${x(i)}" cy="${y(e.similarityToPrevious)}" r="4"><title>${what}: similarity to previous ${fmt(e.similarityToPrevious)}</title></circle>`;
    svg += `<rect class="pt spec" x="${x(i) - 3.5}" y="${y(e.specificity.score) - 3.5}" width="7" height="7"><title>${what}: specificity ${fmt(e.specificity.score)}</title></rect>`;
  });
  return `${svg}</svg>`;
}

function findingItem(f: Finding, href: string): string {
  return `<li class="sev-${f.severity}"><a class="finding" href="#${href}" data-rule="${escapeHtml(f.ruleId)}"><span class="badge">${f.severity}</span> <code>${escapeHtml(f.ruleId)}</code></a> ${escapeHtml(f.message)}</li>`;
}

/** One patient's section: heading, chart, visit table, then every note with its findings and highlighted text. */
export function patientSection(result: PatientResult, n: number): string {
  const { report } = result;
  const runs = cloneRuns(result);
  const inRun = (i: number) => runs.some((r) => i >= r.from && i <= r.to);
  const noteIndex = new Map(report.notes.map((e, i) => [e.id, i]));
  const anchor = (i: number) => `p${n}-n${i + 1}`;
  // Evidence may point into another note of the patient (a clone's source): it is marked where it lies.
  const spans = new Map<string, MarkSpan[]>();
  const firstTarget: string[] = [];
  report.findings.forEach((f, fi) => {
    let target: string | undefined;
    (f.evidence ?? []).forEach((ev, ei) => {
      const text = result.texts.get(ev.noteId);
      if (text === undefined || ev.end <= ev.start || ev.start >= text.length) return;
      const id = evidenceId(n, fi, ei);
      target ??= id;
      const list = spans.get(ev.noteId) ?? [];
      list.push({ start: ev.start, end: ev.end, id, ruleId: f.ruleId, severity: f.severity, attributes: { 'data-note': ev.noteId, 'data-start': ev.start, 'data-end': ev.end } });
      spans.set(ev.noteId, list);
    });
    firstTarget[fi] = target ?? anchor(noteIndex.get(f.noteId) ?? 0);
  });
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const cloned = new Set(report.findings.filter((f) => f.ruleId === CLONED_NOTE).map((f) => f.noteId));
  let html = `<section class="patient" id="p${n}" aria-labelledby="p${n}-h" data-patient="${escapeHtml(result.patientId)}">`;
  html += `<h2 id="p${n}-h">Patient ${escapeHtml(result.patientId)}</h2>`;
  html += `<p class="meta">${report.notes.length} note${report.notes.length === 1 ? '' : 's'} · ${SEVERITIES.map((s) => `<span class="sev-${s}">${count(s)} ${s}${count(s) === 1 ? '' : 's'}</span>`).join(' · ')} · ${cloned.size} cloned · ${runs.length} clone run${runs.length === 1 ? '' : 's'}</p>`;
  html += `<figure class="timeline">${chartSvg(result, n, runs)}<figcaption><span class="key sim"></span> similarity to previous note <span class="key spec"></span> specificity score${runs.length > 0 ? ' <span class="key run"></span> clone run' : ''}</figcaption></figure>`;
  html += `<table class="visits"><caption>Visits of patient ${escapeHtml(result.patientId)}</caption><thead><tr><th scope="col">#</th><th scope="col">Date</th><th scope="col">Note</th><th scope="col">Similarity to previous</th><th scope="col">Copied</th><th scope="col">Specificity</th><th scope="col">Completeness</th><th scope="col">Findings</th></tr></thead><tbody>`;
  report.notes.forEach((e, i) => {
    const flags = [inRun(i) ? 'clone-run' : '', cloned.has(e.id) ? 'cloned' : ''].filter(Boolean).join(' ');
    html += `<tr${flags ? ` class="${flags}"` : ''}><td>${i + 1}</td><td>${escapeHtml(e.date)}</td><td><a href="#${anchor(i)}">${escapeHtml(e.id)}</a>${inRun(i) ? ' <span class="tag">clone run</span>' : ''}</td><td>${fmt(e.similarityToPrevious)}</td><td>${fmt(e.copiedFraction)}</td><td>${fmt(e.specificity.score)}</td><td>${e.report.completeness}</td><td>${e.report.findings.length}</td></tr>`;
  });
  html += '</tbody></table><ol class="notes">';
  report.notes.forEach((e, i) => {
    const text = result.texts.get(e.id);
    html += `<li class="note${inRun(i) ? ' clone-run' : ''}" id="${anchor(i)}"><h3>Visit ${i + 1} · ${escapeHtml(e.date)} · ${escapeHtml(e.id)}</h3>`;
    const own = report.findings.map((f, fi) => ({ f, fi })).filter(({ f }) => f.noteId === e.id);
    html += own.length === 0 ? '<p class="none">No findings.</p>' : `<ul class="findings">${own.map(({ f, fi }) => findingItem(f, firstTarget[fi] as string)).join('')}</ul>`;
    html += text === undefined
      ? '<p class="none">Note text not available.</p>'
      : `<details><summary>Note text (${text.length.toLocaleString('en-US')} characters, ${spans.get(e.id)?.length ?? 0} highlighted)</summary><pre class="text">${markedText(text, spans.get(e.id) ?? [])}</pre></details>`;
    html += '</li>';
  });
  return `${html}</ol></section>\n`;
}

interface PatientSummary {
  n: number;
  patientId: string;
  notes: number;
  findings: number;
  errors: number;
  cloned: number;
}

/** The N worst patients by one measure, holding at most 2N summaries at a time, however many patients there are. */
class TopN {
  private items: PatientSummary[] = [];
  constructor(private readonly size: number, private readonly by: (p: PatientSummary) => number) {}
  private order = (a: PatientSummary, b: PatientSummary) => this.by(b) - this.by(a) || b.errors - a.errors || a.n - b.n;
  add(p: PatientSummary): void {
    if (this.by(p) <= 0) return;
    this.items.push(p);
    if (this.items.length > 2 * this.size) this.items = this.items.sort(this.order).slice(0, this.size);
  }
  list(): PatientSummary[] {
    return this.items.sort(this.order).slice(0, this.size);
  }
}

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--line:#d0d7de;--focus:#0b57d0;--error:#b3261e;--warning:#8a5300;--info:#1f5f99;--run:#fde2e1;--sim:#c2410c;--spec:#1d4ed8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
a{color:#0a4fa8}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:2px}
.skip{position:absolute;left:8px;top:-60px;background:#fff;padding:8px 12px;border:2px solid var(--focus);z-index:10}
.skip:focus{top:8px}
header{padding:12px 24px;border-bottom:1px solid var(--line);display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}
header h1{font-size:20px;margin:0}
header nav a{margin-right:16px}
main{max-width:1180px;margin:0 auto;padding:0 24px 48px}
main:focus{outline:none}
.layout{display:flex;flex-direction:column}
#overview{order:-1}
h2{font-size:19px;margin:28px 0 4px}
h3{font-size:16px;margin:18px 0 6px}
.meta{color:var(--muted);margin:0 0 8px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:14px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 10px;text-align:right}
th:first-child,td:first-child,td:nth-child(3),th:nth-child(3){text-align:left}
.rules td:first-child,.rules th:first-child{text-align:left}
.rules code{white-space:nowrap}
.grid2{display:flex;flex-wrap:wrap;gap:16px 40px;align-items:flex-start}
.grid2>*{flex:0 1 auto;max-width:100%}
.rules td:last-child{white-space:nowrap}
.bar{display:inline-block;height:10px;background:#8c959f;vertical-align:middle;margin-left:6px}
.sev-error .badge,.badge.error{background:var(--error)}
.sev-warning .badge{background:var(--warning)}
.sev-info .badge{background:var(--info)}
.badge{color:#fff;border-radius:3px;padding:0 5px;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
span.sev-error{color:var(--error)}span.sev-warning{color:var(--warning)}span.sev-info{color:var(--info)}
.patient{border-top:2px solid var(--line);margin-top:24px}
figure.timeline{margin:8px 0}
svg.chart{width:100%;max-width:760px;height:auto;display:block}
svg .grid{stroke:#e5e7eb}
svg .axis{font-size:11px;fill:var(--muted)}
svg .run{fill:var(--run);stroke:#e8a09b}
svg polyline{fill:none;stroke-width:2}
svg polyline.sim{stroke:var(--sim)}svg polyline.spec{stroke:var(--spec);stroke-dasharray:5 3}
svg circle.sim{fill:var(--sim)}svg rect.spec{fill:var(--spec)}
figcaption{font-size:13px;color:var(--muted)}
.key{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
.key.sim{background:var(--sim)}.key.spec{background:var(--spec)}.key.run{background:var(--run);border:1px solid #f4b4b0}
tr.clone-run td{background:var(--run)}
.tag{font-size:12px;background:var(--run);border:1px solid #f4b4b0;border-radius:3px;padding:0 4px}
ol.notes{list-style:none;padding:0;margin:0}
li.note{border-left:4px solid transparent;padding-left:10px}
li.note.clone-run{border-left-color:#f4b4b0}
ul.findings{margin:0 0 6px;padding-left:18px}
ul.findings li{margin:2px 0}
.none{color:var(--muted);margin:0 0 6px}
details{margin:4px 0 8px}
summary{cursor:pointer;color:#0a4fa8}
pre.text{white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.55 ui-monospace,"DejaVu Sans Mono",monospace;background:#f6f8fa;border:1px solid var(--line);padding:10px 12px;max-width:100%}
mark{background:#fff0a8;color:inherit;border-bottom:2px solid #d4a72c}
mark[data-severity=error]{background:#ffd8d3;border-bottom-color:var(--error)}
mark[data-rule^="history/"]{background:#eef1ff;border-bottom:0}
mark mark{background:#ffe58a}
mark:target,mark.current{outline:3px solid var(--focus)}
`;

// Runs in the report only: moves the overview first in the DOM (tab order follows what is seen), and opens the
// note text a finding link points into before the browser scrolls there.
const SCRIPT = `
(function(){
  var o=document.getElementById('overview'),l=document.getElementById('layout');
  if(o&&l&&l.firstElementChild!==o)l.insertBefore(o,l.firstElementChild);
  function reveal(id,focus){
    var t=id&&document.getElementById(id);if(!t)return;
    for(var d=t.closest('details');d;d=d.parentElement&&d.parentElement.closest('details'))d.open=true;
    if(focus){t.focus();t.scrollIntoView({block:'center'});}
  }
  document.addEventListener('click',function(e){
    var a=e.target&&e.target.closest&&e.target.closest('a[href^="#"]');
    if(a)reveal(decodeURIComponent(a.getAttribute('href').slice(1)),false);
  });
  window.addEventListener('hashchange',function(){reveal(decodeURIComponent(location.hash.slice(1)),true);});
  if(location.hash)reveal(decodeURIComponent(location.hash.slice(1)),true);
})();
`;

export interface HtmlWriterOptions {
  /** Shown in the title and header; escaped. */
  title?: string;
  /** How many patients each "worst patients" list shows (default 10). */
  worst?: number;
  /** Up to this many patients, the overview links every patient (default 500); beyond, only the worst lists. */
  indexLimit?: number;
}

/**
 * The self-contained HTML report (inline CSS, JS and SVG; a CSP that allows no request): per patient a visit
 * timeline chart, clone runs, every note's findings and its text with the evidence in <mark data-rule> elements;
 * an overview of findings by rule and severity and the worst patients. Patients are written as they arrive; the
 * writer keeps only counts, bounded top lists and (up to `indexLimit`) patient ids.
 *
 * @example
 * const writer = htmlWriter(createWriteStream('report.html'));
 * await writer.writePatient({ patientId: 'P1', report, positions, texts });
 * await writer.end();
 */
export function htmlWriter(stream: Writable, options: HtmlWriterOptions = {}): ReportWriter {
  const title = options.title ?? 'notelint report';
  const worst = options.worst ?? 10;
  const indexLimit = options.indexLimit ?? 500;
  const rules = listRules();
  const byRule = new Map<string, Record<Severity, number>>();
  const totals = { patients: 0, notes: 0, cloned: 0, runs: 0, error: 0, warning: 0, info: 0 };
  const byFindings = new TopN(worst, (p) => p.findings);
  const byCloned = new TopN(worst, (p) => p.cloned);
  const index: { n: number; patientId: string }[] = [];
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    await write(
      stream,
      `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
        `<meta name="generator" content="notelint ${escapeHtml(packageJson.version)}"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>\n<body>` +
        `<a class="skip" href="#main">Skip to the report</a><header><h1>${escapeHtml(title)}</h1><nav aria-label="Report"><a href="#overview">Overview</a><a href="#patients">Patients</a></nav></header>` +
        `<main id="main" tabindex="-1"><div class="layout" id="layout"><div id="patients">\n`,
    );
  };
  return {
    async writePatient(result) {
      await start();
      const n = ++totals.patients;
      await write(stream, patientSection(result, n));
      const report = result.report;
      const cloned = new Set(report.findings.filter((f) => f.ruleId === CLONED_NOTE).map((f) => f.noteId)).size;
      totals.notes += report.notes.length;
      totals.cloned += cloned;
      totals.runs += report.findings.filter((f) => f.ruleId === CLONE_RUN).length;
      for (const f of report.findings) {
        totals[f.severity]++;
        const counts = byRule.get(f.ruleId) ?? { error: 0, warning: 0, info: 0 };
        counts[f.severity]++;
        byRule.set(f.ruleId, counts);
      }
      const summary = { n, patientId: result.patientId, notes: report.notes.length, findings: report.findings.length, errors: report.findings.filter((f) => f.severity === 'error').length, cloned };
      byFindings.add(summary);
      byCloned.add(summary);
      if (index.length <= indexLimit) index.push({ n, patientId: result.patientId });
    },
    async end() {
      await start();
      const total = (c: Record<Severity, number>) => c.error + c.warning + c.info;
      const ruleRows = [...byRule].sort((a, b) => total(b[1]) - total(a[1]) || (a[0] < b[0] ? -1 : 1));
      const max = Math.max(1, ...ruleRows.map(([, c]) => total(c)));
      const describe = new Map(rules.map((r) => [r.id, r.description]));
      let html = `</div>\n<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>`;
      html += `<p class="meta">${totals.patients} patients · ${totals.notes} notes · ${SEVERITIES.map((s) => `<span class="sev-${s}">${totals[s]} ${s}${totals[s] === 1 ? '' : 's'}</span>`).join(' · ')} · ${totals.cloned} cloned notes in ${totals.runs} clone runs</p>`;
      html += `<div class="grid2"><table class="rules"><caption>Findings by rule and severity</caption><thead><tr><th scope="col">Rule</th><th scope="col">Error</th><th scope="col">Warning</th><th scope="col">Info</th><th scope="col">Total</th></tr></thead><tbody>`;
      for (const [id, c] of ruleRows) {
        html += `<tr><td><code title="${escapeHtml(describe.get(id) ?? '')}">${escapeHtml(id)}</code></td><td>${c.error}</td><td>${c.warning}</td><td>${c.info}</td><td>${total(c)}<span class="bar" style="width:${Math.round((total(c) / max) * 80)}px" aria-hidden="true"></span></td></tr>`;
      }
      if (ruleRows.length === 0) html += '<tr><td colspan="5">No findings.</td></tr>';
      html += '</tbody></table><div>';
      const list = (caption: string, rows: PatientSummary[]) =>
        `<table class="worst"><caption>${caption}</caption><thead><tr><th scope="col">Patient</th><th scope="col">Notes</th><th scope="col">Findings</th><th scope="col">Errors</th><th scope="col">Cloned notes</th></tr></thead><tbody>${
          rows.map((p) => `<tr><td><a href="#p${p.n}">${escapeHtml(p.patientId)}</a></td><td>${p.notes}</td><td>${p.findings}</td><td>${p.errors}</td><td>${p.cloned}</td></tr>`).join('') || '<tr><td colspan="5">None.</td></tr>'
        }</tbody></table>`;
      html += list('Worst patients by findings', byFindings.list()) + list('Worst patients by cloned notes', byCloned.list());
      html += '</div></div>';
      if (index.length > 0 && index.length <= indexLimit) {
        html += `<nav aria-label="Patients" class="index"><h3>All patients</h3><p>${index.map((p) => `<a href="#p${p.n}">${escapeHtml(p.patientId)}</a>`).join(' · ')}</p></nav>`;
      }
      html += `</section></div></main><script>${SCRIPT}</script></body></html>\n`;
      await write(stream, html);
    },
  };
}
