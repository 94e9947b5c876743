/**
 * Chart export in real Chromium (issue 4): a reduced default preset is trained, then every chart is
 * downloaded through its own buttons as SVG, PNG and CSV. The SVG must be a well-formed standalone
 * document carrying the title, the axis labels and the legend shown on screen; the PNG must be twice
 * the chart's CSS width; the CSV must equal what is plotted, recomputed here from the downloaded
 * results JSON (test logits and labels) or from the stores' training history — not through the
 * charts' code. The 2-D preset checks that canvas-drawn decision regions are embedded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, type PageLog } from './helpers';
import { horizontalOverflow, tabThrough } from './a11y';
import {
  csvRecords,
  currentTrainingKey,
  downloadResults,
  downloadVia,
  num,
  pngColourCounts,
  pngSize,
  referenceRc,
  rgbOf,
  rowStats,
  runOf,
  svgInfo,
  testSplit,
  until,
  type TestSplit,
} from './exportChecks';
import { maxLogitPNorm } from '../../src/analysis/scores';
import type { ResultsFile } from '../../src/model/results';

const CHARTS = [
  { id: 'risk-coverage', name: 'risk–coverage', colours: ['--c-ce', '--c-ls'] },
  { id: 'confidence-histograms', name: 'confidence histograms', colours: ['--c-correct', '--c-incorrect'] },
  { id: 'expected-gradient', name: 'expected gradient', colours: ['--c-ls-term'] },
  { id: 'vmax-given-pmax', name: 'max logit given confidence', colours: ['--c-correct'] },
  { id: 'ls-term-training', name: 'LS term over training', colours: ['--c-correct', '--c-incorrect'] },
  { id: 'alpha-sweep', name: 'α-sweep', colours: ['--c-pnorm'] },
  { id: 'training-curves', name: 'training curves', colours: ['--c-ce', '--c-ls'] },
] as const;
type ChartId = (typeof CHARTS)[number]['id'];

const ALPHA = 0.2;
const K = 10;

let browser: Browser;
let page: Page;
let log: PageLog;
let json: ResultsFile;
/** Training key of the trained pair (the store and the results file may hold other models too). */
let key: string;

const text = (p: Page, testId: string) => async () => (await p.getByTestId(testId).textContent()) ?? '';

/** Waits for the data, presses Train and waits until the pair is trained. */
async function trainPair(p: Page): Promise<void> {
  await until(text(p, 'dataset'), (t) => /train ·/.test(t), 60_000, 'the dataset');
  await p.getByRole('button', { name: 'Train live', exact: true }).click();
  await until(text(p, 'training'), (t) => t.startsWith('Training'), 30_000, 'training to start');
  await until(text(p, 'training'), (t) => t === 'Idle', 300_000, 'training to finish');
}

async function chartReady(p: Page, id: string): Promise<void> {
  const state = async () => (await p.locator(`[data-chart="${id}"]`).getAttribute('data-state')) ?? '';
  await until(state, (s) => s === 'ready', 20_000, `chart ${id}`);
}

/** The chart's drawing box on screen: what the export's width is. */
async function plotWidth(p: Page, id: string): Promise<number> {
  return p
    .locator(`[data-chart="${id}"] .chart-plot`)
    .evaluate((el) => Math.round(el.getBoundingClientRect().width));
}

/** The texts of the axis labels and legends on screen (what must survive the export). */
async function labelTexts(p: Page, id: string): Promise<string[]> {
  const texts = await p
    .locator(`[data-chart="${id}"] .chart-plot :is(text.axis-label, .legend text, .dr-legend li)`)
    .allTextContents();
  return texts.map((t) => t.trim()).filter((t) => t !== '');
}

async function themeColour(p: Page, variable: string): Promise<[number, number, number]> {
  const hex = await p.evaluate(
    (v) => getComputedStyle(document.documentElement).getPropertyValue(v).trim(),
    variable,
  );
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`${variable} is not a #rrggbb colour: ${hex}`);
  const v = parseInt(m[1], 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

async function checkSvgExport(p: Page, id: string, name: string, alpha: number): Promise<void> {
  const fig = p.locator(`[data-chart="${id}"]`);
  const title = (await fig.locator('.chart-title').textContent()) ?? '';
  const { file, bytes } = await downloadVia(p, `Download ${name} chart as SVG`);
  expect(file).toBe(`ls-sc-${id}-${alpha}.svg`);
  const text = bytes.toString('utf8');
  const info = await svgInfo(p, text);
  expect(info.parseError).toBeNull();
  expect(info.root).toBe('svg');
  expect(info.namespace).toBe('http://www.w3.org/2000/svg');
  const w = await plotWidth(p, id);
  expect(info.width).toBe(w);
  expect(info.viewBox).toBe(`0 0 ${w} ${info.height}`);
  // Standalone: every colour resolved, nothing fetched (the only URLs are the two namespaces).
  expect(text).not.toMatch(/var\(--/);
  expect(text.match(/https?:\/\/[^"]*/g)?.sort()).toEqual([
    'http://www.w3.org/1999/xlink',
    'http://www.w3.org/2000/svg',
  ]);
  expect(info.texts).toContain(title);
  const labels = await labelTexts(p, id);
  expect(labels.length).toBeGreaterThan(0);
  for (const l of labels) expect(info.texts).toContain(l);
  // The marks: every data-series element on screen, with the same geometry, and real coordinates.
  const live = await fig.locator('.chart-plot svg [data-series]').evaluateAll((ms) =>
    ms.map((m) => {
      const geometry = ['d', 'x', 'y', 'width', 'height', 'cx', 'cy', 'r', 'x1', 'y1', 'x2', 'y2']
        .map((a) => m.getAttribute(a) ?? '')
        .join(' ');
      return `${m.localName} ${m.getAttribute('data-series')} ${geometry}`;
    }),
  );
  expect(info.marks).toEqual(live);
  expect(info.marks.length).toBeGreaterThan(0);
  for (const d of info.pathData) expect(d).toMatch(/^M-?\d[-\d.,eMLHVCZ ]*$/);
  const numbers = info.marks.join(' ').match(/-?\d+(\.\d+)?/g)?.length ?? 0;
  if (id !== 'decision-regions') expect(numbers).toBeGreaterThanOrEqual(20);
  expect(info.circles).toBe(await fig.locator('.chart-plot svg circle').count());
}

async function checkPngExport(p: Page, id: string, name: string, alpha: number, colours: readonly string[]) {
  const { file, bytes } = await downloadVia(p, `Download ${name} chart as PNG`);
  expect(file).toBe(`ls-sc-${id}-${alpha}.png`);
  const size = pngSize(bytes);
  expect(size.width).toBe(2 * (await plotWidth(p, id)));
  const rgb = await Promise.all(colours.map((c) => themeColour(p, c)));
  const decoded = await pngColourCounts(p, bytes, rgb, 10);
  expect(decoded.width).toBe(size.width);
  expect(decoded.distinct).toBeGreaterThan(50);
  // The series' theme colours are really drawn.
  for (const c of decoded.counts) expect(c).toBeGreaterThan(20);
  return { bytes, size };
}

async function csvOf(p: Page, id: string, name: string, alpha: number) {
  const { file, bytes } = await downloadVia(p, `Download ${name} chart as CSV`);
  expect(file).toBe(`ls-sc-${id}-${alpha}.csv`);
  // ASCII only: opens the same in any spreadsheet, with no byte-order mark.
  expect(/^[\x20-\x7e\r\n]*$/.test(bytes.toString('latin1'))).toBe(true);
  return csvRecords(bytes);
}

function flat(split: TestSplit): Float64Array {
  const out = new Float64Array(split.n * split.k);
  split.logits.forEach((row, i) => row.forEach((v, j) => (out[i * split.k + j] = v)));
  return out;
}

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The store's training history of the α model in the current configuration. */
async function historyOf(p: Page, alpha: number) {
  return p.evaluate(
    ({ a, k }) => {
      const recs = Object.values(window.lssc!.runs.getState().records).filter(
        (r) => r.key === k && Math.abs(r.alpha - a) < 1e-9,
      );
      if (recs.length !== 1) throw new Error(`expected one record with α = ${a}, found ${recs.length}`);
      return recs[0].history.map((h) => ({ ...h }));
    },
    { a: alpha, k: key },
  );
}

/** The downloaded run of α (this page's key), its test split, per-row statistics and error flags. */
function testStats(alpha: number) {
  const run = runOf(json, alpha, key);
  const split = testSplit(run);
  const stats = split.logits.map(rowStats);
  const errors = stats.map((s, i) => (s.pred === split.labels[i] ? 0 : 1));
  return { run, split, stats, errors };
}

const CSV_CHECKS: Record<ChartId, (rows: Record<string, string>[]) => Promise<void>> = {
  'risk-coverage': async (rows) => {
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', ALPHA],
    ] as const) {
      const { run, split, stats, errors } = testStats(alpha);
      const pick = (series: string) => rows.filter((r) => r.series === series);
      // MSP ranks by log π_max.
      const msp = pick(`${role}-msp`);
      const want = referenceRc(
        stats.map((s) => s.logPMax),
        errors,
      );
      expect(msp.every((r) => r.model === role && num(r.alpha) === alpha && r.score === 'msp')).toBe(true);
      expect(
        maxAbsDiff(
          msp.map((r) => num(r.coverage)),
          want.coverage,
        ),
      ).toBe(0);
      expect(
        maxAbsDiff(
          msp.map((r) => num(r.selective_risk)),
          want.risk,
        ),
      ).toBeLessThan(1e-12);
      // The normalised score with the p the validation search chose (in the JSON), or MSP's fallback.
      const pn = pick(`${role}-pnorm`);
      const p = run.metrics.p;
      const scores =
        p === null ? stats.map((s) => s.logPMax) : maxLogitPNorm(flat(split), split.n, split.k, p, true);
      const wantPn = referenceRc(scores, errors);
      expect(pn.every((r) => (p === null ? r.p === '' && r.msp_fallback === 'true' : num(r.p) === p))).toBe(
        true,
      );
      expect(
        maxAbsDiff(
          pn.map((r) => num(r.selective_risk)),
          wantPn.risk,
        ),
      ).toBeLessThan(1e-12);
      // Oracle: all correct predictions first.
      const nCorrect = errors.filter((e) => e === 0).length;
      const oracle = pick(`oracle-${role}`).map((r) => num(r.selective_risk));
      const wantOracle = wantPn.coverage.map((_, m) => (m > nCorrect ? (m - nCorrect) / m : 0));
      expect(maxAbsDiff(oracle, wantOracle)).toBeLessThan(1e-15);
    }
    expect(rows.length).toBe(6 * 5001);
  },

  'confidence-histograms': async (rows) => {
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', ALPHA],
    ] as const) {
      const { run, split, stats, errors } = testStats(alpha);
      const p = run.metrics.p;
      const pnorm = p === null ? null : maxLogitPNorm(flat(split), split.n, split.k, p, true);
      for (const row of ['msp', 'pnorm'] as const) {
        const bins = rows.filter((r) => r.row === row && r.model === role);
        if (row === 'pnorm' && pnorm === null) {
          expect(bins).toEqual([]); // MSP fallback: no bars
          continue;
        }
        expect(bins.length).toBe(30);
        // The default view plots π_max itself, on a linear axis.
        const x = stats.map((s, i) => (row === 'pnorm' ? pnorm![i] : Math.exp(s.logPMax)));
        expect(bins.every((b) => b.scale === (row === 'pnorm' ? 'pnorm' : 'linear'))).toBe(true);
        const correct = new Array<number>(30).fill(0);
        const incorrect = new Array<number>(30).fill(0);
        const lo = bins.map((b) => num(b.x_lo));
        const hi = bins.map((b) => num(b.x_hi));
        for (let i = 0; i < split.n; i++) {
          // [lo, hi), the last bin closed.
          const b = lo.findIndex((l, j) => x[i] >= l && (x[i] < hi[j] || (j === 29 && x[i] === hi[j])));
          expect(b).toBeGreaterThanOrEqual(0);
          (errors[i] ? incorrect : correct)[b]++;
        }
        bins.forEach((bin, b) => {
          expect(num(bin.correct_fraction)).toBe(correct[b] / split.n);
          expect(num(bin.incorrect_fraction)).toBe(incorrect[b] / split.n);
          // On the linear axis the bin edges are π_max themselves.
          if (row === 'msp') expect(num(bin.pmax_hi)).toBe(hi[b]);
        });
      }
    }
  },

  'expected-gradient': async (rows) => {
    const theory = rows.filter((r) => r.series === 'expected-ls-term');
    expect(theory.length).toBe(101);
    for (const r of theory) expect(num(r.value)).toBeCloseTo(ALPHA * ((K - 1) / K - num(r.p_e)), 14);
    // The default CE part is the calibrated one: zero everywhere.
    const ce = rows.filter((r) => r.series === 'expected-ce-part');
    expect(ce.length).toBe(101);
    expect(ce.every((r) => num(r.value) === 0 && r.fixed_pmax === '')).toBe(true);
    // The LS model's test samples binned by π_max, right-closed bins (the first one closed).
    const split = testSplit(runOf(json, ALPHA, key));
    const stats = split.logits.map(rowStats);
    const bins = rows.filter((r) => r.series === 'empirical-ls-term');
    expect(bins.length).toBeGreaterThan(0);
    let total = 0;
    for (const b of bins) {
      const [lo, hi] = [num(b.pmax_lo), num(b.pmax_hi)];
      const inBin = stats
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => (s.pMax > lo || (lo === 0 && s.pMax === 0)) && s.pMax <= hi);
      expect(num(b.count)).toBe(inBin.length);
      const wrong = inBin.filter(({ s, i }) => s.pred !== split.labels[i]).length;
      expect(num(b.p_e)).toBeCloseTo(wrong / inBin.length, 14);
      expect(num(b.value)).toBeCloseTo(ALPHA * (1 - wrong / inBin.length - 1 / K), 14);
      total += inBin.length;
    }
    expect(total).toBe(split.n);
  },

  'vmax-given-pmax': async (rows) => {
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', ALPHA],
    ] as const) {
      const split = testSplit(runOf(json, alpha, key));
      const stats = split.logits.map(rowStats);
      const mine = rows.filter((r) => r.model === role);
      expect(mine.length).toBeGreaterThan(0);
      for (const r of mine) {
        // Window j covers [0.005 j, 0.005 j + 0.05); the last one (j = 190) everything above 0.95.
        const j = Math.round((num(r.pmax_centre) - 0.025) / 0.005);
        const start = j * 0.005;
        const end = j === 190 ? Infinity : start + 0.05;
        const v = stats
          .filter((s, i) => (s.pred === split.labels[i]) === (r.group === 'correct'))
          .filter((s) => s.pMax >= start && s.pMax < end)
          .map((s) => s.vMax);
        expect(num(r.count)).toBe(v.length);
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
        expect(num(r.mean_vmax)).toBeCloseTo(mean, 9);
        expect(num(r.std_vmax)).toBeCloseTo(std, 9);
        expect(r.band_drawn).toBe(v.length >= 5 ? 'true' : 'false');
      }
    }
  },

  'ls-term-training': async (rows) => {
    const history = await historyOf(page, ALPHA);
    expect(rows.map((r) => num(r.step))).toEqual(history.map((h) => h.step));
    rows.forEach((r, i) => {
      const h = history[i];
      expect(num(r.ls_term_correct)).toBe(h.lsTermCorrect);
      expect(num(r.ls_term_incorrect)).toBe(h.lsTermIncorrect);
      expect(num(r.ls_term_overall)).toBeCloseTo(
        h.valAcc * h.lsTermCorrect + (1 - h.valAcc) * h.lsTermIncorrect,
        14,
      );
    });
  },

  'alpha-sweep': async (rows) => {
    const metric = { error: 'error', aurc_msp: 'aurc_msp', aurc_pnorm: 'aurc_pnorm' } as const;
    for (const alpha of [0, ALPHA]) {
      const m = runOf(json, alpha, key).metrics;
      for (const name of Object.keys(metric) as (keyof typeof metric)[]) {
        const run = rows.find((r) => r.metric === name && r.stat === 'run' && num(r.alpha) === alpha);
        expect(num(run!.value)).toBe(m[name]);
        expect(run!.seed).toBe('0');
        // One seed: the mean, min and max are that run, the spread 0.
        for (const stat of ['mean', 'min', 'max'])
          expect(
            num(rows.find((r) => r.metric === name && r.stat === stat && num(r.alpha) === alpha)!.value),
          ).toBe(m[name]);
      }
    }
  },

  'training-curves': async (rows) => {
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', ALPHA],
    ] as const) {
      const history = await historyOf(page, alpha);
      for (const [metric, key] of [
        ['train_loss', 'trainLoss'],
        ['train_accuracy', 'trainAcc'],
        ['val_accuracy', 'valAcc'],
      ] as const) {
        const pts = rows.filter((r) => r.model === role && r.metric === metric);
        expect(pts.map((r) => num(r.step))).toEqual(history.map((h) => h.step));
        expect(pts.map((r) => num(r.value))).toEqual(history.map((h) => h[key]));
      }
    }
    // The LS loss floor: the entropy of the smoothed target (science.md §1).
    const on = 1 - ALPHA + ALPHA / K;
    const off = ALPHA / K;
    const floor = rows.find((r) => r.series === 'ls-loss-floor');
    expect(num(floor!.value)).toBeCloseTo(-on * Math.log(on) - (K - 1) * off * Math.log(off), 14);
  },
};

describe('chart export (reduced Fashion-MNIST preset)', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page, log } = await openPage(browser, `/?trainSize=1000&epochs=3&alpha=${ALPHA}&ln=1`));
    await trainPair(page);
    for (const c of CHARTS) await chartReady(page, c.id);
    key = await currentTrainingKey(page);
    json = await downloadResults(page);
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('gives every chart named SVG, PNG and CSV buttons', async () => {
    for (const c of CHARTS) {
      const group = page.getByRole('group', { name: `Download the ${c.name} chart` });
      for (const f of ['SVG', 'PNG', 'CSV'])
        expect(
          await group.getByRole('button', { name: `Download ${c.name} chart as ${f}`, exact: true }).count(),
        ).toBe(1);
    }
  });

  it('exports each chart as a standalone SVG with its title, axis labels, legend and marks', async () => {
    for (const c of CHARTS) await checkSvgExport(page, c.id, c.name, ALPHA);
  });

  it('exports each chart as a PNG twice its CSS width, with the series colours drawn', async () => {
    for (const c of CHARTS) await checkPngExport(page, c.id, c.name, ALPHA, c.colours);
  });

  it("exports each chart's plotted data as CSV, equal to the results JSON and the training history", async () => {
    for (const c of CHARTS) {
      const { rows } = await csvOf(page, c.id, c.name, ALPHA);
      expect(rows.length).toBeGreaterThan(0);
      await CSV_CHECKS[c.id](rows);
    }
  });

  it('lays the trained charts out on a 1024 × 768 projector without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const o = await horizontalOverflow(page);
    expect(o.scrollWidth).toBeLessThanOrEqual(1024);
    // The explanation goes under the plot there, so the plot keeps the content's width.
    expect(await plotWidth(page, 'risk-coverage')).toBeGreaterThan(600);
    await screenshot(page, 'export-trained-1024x768');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('reaches every control of the trained page by Tab, each named and with a focus ring', async () => {
    const stops = await tabThrough(page);
    for (const s of stops) {
      expect(s.name, `${s.element} (${s.role}) has no accessible name`).not.toBe('');
      expect(s.outline.style, `${s.element} "${s.name}" shows no focus ring`).not.toBe('none');
      expect(s.outline.width).toBeGreaterThanOrEqual(2);
    }
    const names = stops.map((s) => s.name);
    for (const c of CHARTS)
      for (const f of ['SVG', 'PNG', 'CSV']) expect(names).toContain(`Download ${c.name} chart as ${f}`);
    expect(names).toContain('CE · MSP');
    expect(names).toContain('Zoom on low coverage');
  });

  it('exports in the theme on screen', async () => {
    const theme = page.getByLabel('Theme');
    for (const [choice, label] of [
      ['dark', 'Dark'],
      ['contrast', 'High contrast'],
      ['light', 'Light'],
    ] as const) {
      await theme.selectOption(label);
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(choice);
      const { bytes } = await downloadVia(page, 'Download risk–coverage chart as SVG');
      const info = await svgInfo(page, bytes.toString('utf8'));
      const panel = await page
        .locator('[data-chart="risk-coverage"]')
        .evaluate((el) => getComputedStyle(el.closest('.story-section')!).backgroundColor);
      expect(info.backgroundFill).toBe(panel);
      expect(rgbOf(info.strokes['ce-msp'])).toEqual(await themeColour(page, '--c-ce'));
      expect(rgbOf(info.strokes['ls-msp'])).toEqual(await themeColour(page, '--c-ls'));
      await screenshot(page, `export-trained-${choice}`);
    }
    expect(log.errors).toEqual([]);
    const origin = new URL(page.url()).origin;
    expect(log.requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u))).toEqual([]);
  });
});

describe('decision-region export (2-D blobs)', () => {
  let blobsBrowser: Browser;
  let blobs: { page: Page; log: PageLog };
  beforeAll(async () => {
    blobsBrowser = await launchBrowser();
    blobs = await openPage(blobsBrowser, '/?dataset=blobs&model=mlp&epochs=20&alpha=0.2');
    await trainPair(blobs.page);
    await chartReady(blobs.page, 'decision-regions');
  }, 400_000);
  afterAll(async () => {
    await blobsBrowser?.close();
  });

  it('embeds both canvas heatmaps in the SVG and the PNG, and exports points and grid as CSV', async () => {
    const p = blobs.page;
    const id = 'decision-regions';
    const name = 'decision regions';
    await checkSvgExport(p, id, name, 0.2);
    const { bytes } = await downloadVia(p, `Download ${name} chart as SVG`);
    const info = await svgInfo(p, bytes.toString('utf8'));
    expect(info.imageHrefs).toEqual(['data:image/png;base64,', 'data:image/png;base64,']);
    expect(info.texts).toEqual(expect.arrayContaining(['x₁', 'x₂']));
    expect(info.texts.some((t) => t.startsWith('CE (α = 0)'))).toBe(true);
    expect(info.texts.some((t) => t.startsWith('LS (α = 0.2)'))).toBe(true);

    // The PNG carries the heatmaps: most of it is tinted by class colours, not just the dots.
    const png = await downloadVia(p, `Download ${name} chart as PNG`);
    expect(pngSize(png.bytes).width).toBe(2 * (await plotWidth(p, id)));
    const saturated = await p.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 12) n++;
      return n / (d.length / 4);
    }, png.bytes.toString('base64'));
    expect(saturated).toBeGreaterThan(0.3);

    // CSV: test points against the engine's data and the JSON's logits; grid cells against the stores.
    const resultsJson = await downloadResults(p);
    const blobsKey = await currentTrainingKey(p);
    const { rows } = await csvOf(p, id, name, 0.2);
    const truth = await p.evaluate(() => {
      const s = window.lssc!;
      const pts = s.engine.getState().points!.test;
      const grids = Object.values(s.runs.getState().records).map((r) => ({
        key: r.key,
        alpha: r.alpha,
        grid: Array.from(r.gridLogits ?? []),
      }));
      return { x: Array.from(pts.x), y: Array.from(pts.y), grids };
    });
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', 0.2],
    ] as const) {
      const split = testSplit(runOf(resultsJson, alpha, blobsKey));
      const pts = rows.filter((r) => r.kind === 'test-point' && r.model === role);
      expect(pts.length).toBe(split.n);
      const errors: { i: number; pMax: number; rank: number | null }[] = [];
      pts.forEach((r, i) => {
        const s = rowStats(split.logits[i]);
        expect(num(r.index)).toBe(i);
        expect(num(r.x1)).toBe(truth.x[2 * i]);
        expect(num(r.x2)).toBe(truth.x[2 * i + 1]);
        expect(num(r.label)).toBe(split.labels[i]);
        expect(num(r.predicted)).toBe(s.pred);
        expect(num(r.pmax)).toBeCloseTo(s.pMax, 12);
        if (s.pred !== split.labels[i])
          errors.push({ i, pMax: s.pMax, rank: r.error_rank ? num(r.error_rank) : null });
        else expect(r.error_rank).toBe('');
      });
      // The ringed points are the most confident errors, ranked by π_max.
      const byConfidence = [...errors].sort((a, b) => b.pMax - a.pMax || a.i - b.i);
      const ranked = byConfidence.slice(0, 10);
      ranked.forEach((e, r) => expect(e.rank).toBe(r + 1));
      expect(byConfidence.slice(10).every((e) => e.rank === null)).toBe(true);

      const cells = rows.filter((r) => r.kind === 'grid-cell' && r.model === role);
      const grid = truth.grids.find((g) => g.key === blobsKey && Math.abs(g.alpha - alpha) < 1e-9)!.grid;
      const k = split.k;
      expect(cells.length * k).toBe(grid.length);
      cells.forEach((r, c) => {
        const s = rowStats(grid.slice(c * k, c * k + k));
        expect(num(r.predicted)).toBe(s.pred);
        expect(num(r.pmax)).toBeCloseTo(s.pMax, 12);
      });
    }
    await screenshot(p, 'export-decision-regions');
    expect(blobs.log.errors).toEqual([]);
  });
});
