// The HTML report (`--format html`, `notelint demo`): the writer's escaping and evidence marks without a browser,
// then the demo report as a reviewer gets it, opened in Debian's headless chromium through playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistories } from '../../corpora/histories/generate.js';
import { htmlWriter, markedText, type MarkSpan } from '../../examples/cli/outputs/html.js';
import type { PatientResult } from '../../examples/cli/outputs/index.js';
import lib from '../lib.js';
import { fixture, leakedText, noteTexts, runCli } from './helpers.js';

const { analyzeHistory } = lib;
const tmp = () => mkdtempSync(join(tmpdir(), 'notelint-html-'));
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');

/**
 * Reads markedText's output back: the plain text, each span's text (its pieces joined in order), and the
 * span ids open around each span's first piece. Throws on a closing tag without an opening one.
 */
function readMarks(html: string) {
  const pieces = new Map<string, string>();
  const openAround = new Map<string, string[]>();
  const stack: string[] = [];
  let text = '';
  for (const m of html.matchAll(/<mark\b[^>]{0,400}?\bdata-ev="([^"]*)"[^>]{0,400}>|<\/mark>|[^<]+/g)) {
    if (m[0] === '</mark>') {
      if (stack.pop() === undefined) throw new Error(`unbalanced </mark> in ${html}`);
    } else if (m[1] !== undefined) {
      if (!openAround.has(m[1])) openAround.set(m[1], [...stack]);
      stack.push(m[1]);
    } else {
      const t = unescape(m[0]);
      text += t;
      for (const id of new Set(stack)) pieces.set(id, (pieces.get(id) ?? '') + t);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <mark> in ${html}`);
  return { text, pieces, openAround };
}

const span = (id: string, start: number, end: number): MarkSpan => ({ id, start, end, ruleId: 'test/rule', severity: 'warning' });

describe('markedText (evidence offsets → <mark> elements)', () => {
  it('nests a span inside one that holds it and cuts one that crosses its end, each reading its own slice', () => {
    const text = 'Pain 8/10 after the lumbar injection.';
    const spans = [span('outer', 0, 20), span('inner', 5, 9), span('cross', 15, 30)];
    const { text: plain, pieces, openAround } = readMarks(markedText(text, spans));
    expect(plain, text).toBe(text);
    for (const s of spans) expect(pieces.get(s.id), `${s.id} in ${JSON.stringify(text)}`).toBe(text.slice(s.start, s.end));
    expect(openAround.get('inner'), text).toEqual(['outer']);
    expect(openAround.get('cross'), text).toEqual(['outer']);
    // The crossing span reopens after 'outer' closes: two pieces with one data-ev, the first with the id.
    const html = markedText(text, spans);
    expect(html.match(/data-ev="cross"/g), html).toHaveLength(2);
    expect(html.match(/id="cross"/g), html).toHaveLength(1);
  });

  it('keeps adjacent spans side by side, neither inside the other', () => {
    const text = 'lumbar facet injection';
    const { pieces, openAround } = readMarks(markedText(text, [span('b', 7, 12), span('a', 0, 6), span('c', 12, 22)]));
    expect([pieces.get('a'), pieces.get('b'), pieces.get('c')], text).toEqual(['lumbar', 'facet', ' injection']);
    expect([openAround.get('a'), openAround.get('b'), openAround.get('c')], text).toEqual([[], [], []]);
  });

  it('counts offsets in UTF-16 code units, so emoji before a span do not shift it', () => {
    const text = '🩺💉 Pre-procedure pain 8/10; 😣 post 2/10.';
    const start = text.indexOf('post 2/10');
    const html = markedText(text, [span('ev', start, start + 'post 2/10'.length)]);
    expect(readMarks(html).pieces.get('ev'), text).toBe('post 2/10');
  });

  it('escapes markup in the text and drops empty and out-of-range spans', () => {
    const text = '<script>alert("x")</script> & <b>';
    const html = markedText(text, [span('empty', 3, 3), span('past', 40, 50), span('clamped', 30, 99)]);
    expect(html, text).not.toMatch(/<script|<b>/);
    expect(html, text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
    const { text: plain, pieces } = readMarks(html);
    expect(plain, text).toBe(text);
    expect([...pieces.keys()], text).toEqual(['clamped']);
    expect(pieces.get('clamped'), text).toBe(text.slice(30));
  });

  it('reads back the text and every span, for any text (markup, astral characters) and any spans', () => {
    const chars = fc.constantFrom('a', 'b', ' ', '\n', '<', '>', '&', '"', "'", 'é', '😀', '💉');
    const input = fc.array(chars, { maxLength: 40 }).chain((cs) => {
      const text = cs.join('');
      const spanArb = fc.record({ start: fc.integer({ min: 0, max: text.length + 2 }), end: fc.integer({ min: 0, max: text.length + 2 }) });
      return fc.tuple(fc.constant(text), fc.array(spanArb, { maxLength: 8 }));
    });
    fc.assert(
      fc.property(input, ([text, raw]) => {
        const spans = raw.map((s, i) => span(`s${i}`, s.start, s.end));
        const { text: plain, pieces } = readMarks(markedText(text, spans));
        expect(plain, JSON.stringify(text)).toBe(text);
        for (const s of spans) {
          const start = Math.max(0, s.start);
          const end = Math.min(text.length, s.end);
          expect(pieces.get(s.id), `${JSON.stringify(s)} in ${JSON.stringify(text)}`).toBe(start < end ? text.slice(start, end) : undefined);
        }
      }),
      { numRuns: 300 },
    );
  });
});

// A note whose text is hostile HTML, with enough of a procedure note that rules fire and mark evidence in it.
const HOSTILE = [
  'PROCEDURE: Right L4-5 transforaminal epidural steroid injection <script>alert("x")</script>.',
  'HPI: low back pain & leg pain <img src=x onerror=alert(1)> for 8 months, 😣 doing better.',
  'PLAN: repeat injection as needed.',
].join('\n');

async function renderHtml(results: PatientResult[]): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const writer = htmlWriter(stream);
  for (const r of results) await writer.writePatient(r);
  await writer.end();
  return Buffer.concat(chunks).toString('utf8');
}

function hostileResult(): PatientResult {
  const notes = [
    { id: 'h1', patientId: 'P<1>&"', date: '2025-01-10', text: HOSTILE, procedure: 'transforaminal-esi' as const },
    { id: 'h2', patientId: 'P<1>&"', date: '2025-03-10', text: HOSTILE, procedure: 'transforaminal-esi' as const },
  ];
  const report = analyzeHistory(notes);
  return { patientId: notes[0]!.patientId, report, positions: new Map(), texts: new Map(notes.map((n) => [n.id, n.text])) };
}

describe('htmlWriter', () => {
  it('renders a note holding <script> and & as text, with its findings marked in it', async () => {
    const result = hostileResult();
    expect(result.report.findings.some((f) => (f.evidence ?? []).length > 0), 'the hostile note must draw a finding with evidence').toBe(true);
    const html = await renderHtml([result]);
    expect(html.match(/<script/g), 'only the report script').toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Patient P&lt;1&gt;&amp;&quot;');
    const pres = [...html.matchAll(/<pre class="text">([\s\S]*?)<\/pre>/g)].map((m) => readMarks(m[1]!).text);
    expect(pres, HOSTILE).toEqual([HOSTILE, HOSTILE]);
    expect(html).toMatch(/<mark id="ev-1-\d+-\d+" tabindex="-1" data-ev="[^"]+" data-rule="[a-z/-]+"/);
  });

  it('is `analyze --format html`: the page on stdout holds every note read, stderr none of their text', async () => {
    const file = fixture('notes.jsonl');
    const { code, stdout, stderr } = await runCli(['analyze', file, '--format', 'html']);
    expect(code, stderr).toBe(0);
    const texts = noteTexts(file);
    const pres = [...stdout.matchAll(/<pre class="text">([\s\S]*?)<\/pre>/g)].map((m) => readMarks(m[1]!).text);
    expect(stderr).toContain(`${texts.length} notes read = ${texts.length} reported`);
    expect(pres.sort()).toEqual(texts.sort());
    expect(leakedText(stderr, texts), stderr).toBeUndefined();
  });

  it('writes a valid empty report when no patient arrives', async () => {
    const html = await renderHtml([]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('0 patients · 0 notes');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('lists the worst patients by findings and by cloned notes, linking their sections', async () => {
    const demo = generateHistories({ seed: 1, patients: 6 }).map((h): PatientResult => {
      const notes = h.notes.map(({ id, patientId, date, text, procedure }) => ({ id, patientId, date, text, procedure }));
      return { patientId: h.notes[0]!.patientId, report: analyzeHistory(notes), positions: new Map(), texts: new Map(notes.map((n) => [n.id, n.text])) };
    });
    const html = await renderHtml(demo);
    const worst = html.match(/<caption>Worst patients by findings<\/caption>[\s\S]*?<\/table>/)?.[0] ?? '';
    const listed = [...worst.matchAll(/<a href="#p(\d+)">([^<]+)<\/a><\/td><td>\d+<\/td><td>(\d+)<\/td>/g)].map((m) => ({ n: Number(m[1]), id: m[2], findings: Number(m[3]) }));
    const expected = demo.map((d, i) => ({ n: i + 1, id: d.patientId, findings: d.report.findings.length })).filter((d) => d.findings > 0);
    expected.sort((a, b) => b.findings - a.findings);
    expect(listed.map((l) => l.findings)).toEqual(expected.map((e) => e.findings));
    for (const l of listed) expect(html, l.id).toContain(`<section class="patient" id="p${l.n}" aria-labelledby="p${l.n}-h" data-patient="${l.id}">`);
  });
});

// The page functions below run in the browser; the project's tsconfig has no DOM lib (src/ must not use one),
// so these are the few browser types they touch, declared for this module only.
interface El {
  id: string;
  tagName: string;
  className: string;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  matches(selector: string): boolean;
  getAttribute(name: string): string | null;
  closest(selector: string): (El & { open?: boolean }) | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): El[] & { length: number };
  getBoundingClientRect(): { width: number };
}
declare const document: { activeElement: El | null; documentElement: { scrollWidth: number }; scripts: { length: number }; images: { length: number }; querySelector(selector: string): El | null; querySelectorAll(selector: string): El[] };
declare const location: { hash: string };
declare function getComputedStyle(element: El): { outlineStyle: string };

// The browser test: Debian's chromium, never a downloaded one.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const PATIENTS = 12;
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && process.env.CI) {
  it('opens the HTML report in headless chromium', () => {
    throw new Error(`${CHROMIUM} is required for the HTML report test in CI: apt-get install chromium (.ci/run does)`);
  });
}

describe.skipIf(!hasChromium)(`the demo report in headless chromium (${hasChromium ? CHROMIUM : `skipped: ${CHROMIUM} is missing; apt-get install chromium`})`, () => {
  const dir = tmp();
  const file = join(dir, 'notelint-report.html');
  const shots = tmp();
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  let stderr = '';

  beforeAll(async () => {
    // `notelint demo` in a fresh directory writes notelint-report.html there: the built bin under NOTELINT_DIST.
    const bin = process.env.NOTELINT_DIST ? [resolve('dist/cli.js')] : ['--import', pathToFileURL(resolve('node_modules/tsx/dist/esm/index.mjs')).href, resolve('examples/cli/main.ts')];
    const child = spawnSync(process.execPath, [...bin, 'demo', '--patients', String(PATIENTS)], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    stderr = child.stderr;
    expect(child.status, child.stderr).toBe(0);
    context = await chromium.launchPersistentContext(tmp(), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  }, 180_000);

  afterAll(async () => {
    await context.close();
  });

  const demo = () => generateHistories({ seed: 1, patients: PATIENTS }).map((h) => h.notes.map(({ id, patientId, date, text, procedure }) => ({ id, patientId, date, text, procedure })));

  it('was written by `notelint demo` to notelint-report.html, with a summary on stderr that holds no note text', () => {
    expect(statSync(file).size).toBeGreaterThan(1000);
    expect(stderr).toContain('report written to notelint-report.html');
    expect(leakedText(stderr, demo().flat().map((n) => n.text)), stderr).toBeUndefined();
  });

  it('draws each patient\'s timeline chart with a point per visit', async () => {
    const histories = demo();
    const charts = await page.$$eval('svg.chart', (svgs: El[]) => svgs.map((s) => ({ sim: s.querySelectorAll('.pt.sim').length, spec: s.querySelectorAll('.pt.spec').length, box: s.getBoundingClientRect().width })));
    expect(charts.map((c) => c.spec)).toEqual(histories.map((notes) => notes.length));
    expect(charts.map((c) => c.sim)).toEqual(histories.map((notes) => notes.length - 1));
    expect(charts[0]!.box).toBeGreaterThan(300);
    expect(await page.locator('svg.chart rect.run').count(), 'the demo histories hold clone runs').toBeGreaterThan(0);
  });

  it('highlights every finding\'s evidence in the note text, each mark reading the evidence slice', async () => {
    const histories = demo();
    const texts = new Map(histories.flat().map((n) => [n.id, n.text]));
    const expected = histories.flatMap((notes) => analyzeHistory(notes).findings.flatMap((f) => (f.evidence ?? []).filter((e) => e.end > e.start)));
    const marks = await page.$$eval('mark[data-ev]', (ms: El[]) =>
      ms.map((m) => ({ ev: m.dataset.ev ?? '', note: m.dataset.note, start: m.dataset.start, end: m.dataset.end, rule: m.dataset.rule, text: m.textContent ?? '' })),
    );
    const byEv = new Map<string, { note?: string; start?: string; end?: string; rule?: string; text: string }>();
    for (const m of marks) {
      const seen = byEv.get(m.ev);
      if (seen) seen.text += m.text;
      else byEv.set(m.ev, { ...m });
    }
    expect(byEv.size).toBe(expected.length);
    expect(byEv.size).toBeGreaterThan(0);
    for (const [ev, m] of byEv) {
      const text = texts.get(m.note ?? '');
      expect(m.rule, ev).toMatch(/^[a-z-]+\/[a-z-]+$/);
      expect(m.text, `${ev} in note ${m.note} at ${m.start}-${m.end}`).toBe(text?.slice(Number(m.start), Number(m.end)));
    }
  });

  it('is readable at 1280x800: no sideways scrolling, the overview first', async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    const firstHeading = await page.evaluate(() => document.querySelector('main h2')?.textContent);
    expect(firstHeading).toBe('Overview');
    const shot = join(shots, 'notelint-report.png');
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(0);
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('reaches a finding with Tab from the skip link, and Enter opens the note at its evidence', async () => {
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ cls: document.activeElement?.className, outline: document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : 'none' }));
    expect(first.cls).toBe('skip');
    expect(first.outline, 'the focus is visible').not.toBe('none');
    let presses = 1;
    while (presses < 200 && !(await page.evaluate(() => document.activeElement?.matches('a.finding') ?? false))) {
      await page.keyboard.press('Tab');
      presses++;
    }
    const href = await page.evaluate(() => (document.activeElement?.matches('a.finding') ? document.activeElement.getAttribute('href') : null));
    expect(href, `a finding link after ${presses} presses of Tab`).toMatch(/^#/);
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => location.hash === h, href);
    const target = await page.evaluate(() => ({ tag: document.activeElement?.tagName, open: document.activeElement?.closest('details')?.open ?? true, id: document.activeElement?.id }));
    expect(target.tag, `focus after Enter on ${href}`).toMatch(/^(MARK|LI)$/);
    expect(target.open, `the note text around ${href} is open`).toBe(true);
    await page.screenshot({ path: join(shots, 'notelint-report-finding.png') });
  });

  it('made no request but the report file itself', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((u) => u === pathToFileURL(file).href), requests.join('\n')).toBe(true);
  });

  it('shows hostile note text as text: no script of the note runs, no element of it is created', async () => {
    const hostile = join(dir, 'hostile.html');
    writeFileSync(hostile, await renderHtml([hostileResult()]));
    const other = await context.newPage();
    const dialogs: string[] = [];
    other.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await other.goto(pathToFileURL(hostile).href);
    const seen = await other.evaluate(() => ({ scripts: document.scripts.length, imgs: document.images.length, texts: [...document.querySelectorAll('pre.text')].map((p) => p.textContent) }));
    await other.close();
    expect(seen).toEqual({ scripts: 1, imgs: 0, texts: [HOSTILE, HOSTILE] });
    expect(dialogs).toEqual([]);
  });
});
