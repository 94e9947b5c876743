/**
 * "Why the fix works" on the default page (science.md §4): the three charts' CSV exports hold the
 * numbers of the shipped bank's CE (α = 0) and LS (α = 0.2) seed-0 models, recomputed here from the
 * bank's logits with code of this file only — log-sum-exp MSP, the textbook p-norm, Spearman with
 * average ranks, Mann–Whitney AUROC, the trapezoid AURC (ties in split order, as the analysis layer
 * ranks them) and the validation search over p = 1…10 with the MSP fallback. The sentences under
 * the charts quote those numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot, type PageLog } from './helpers';
import { csvRecords, downloadVia, num, pngSize, svgInfo, until } from './exportChecks';
import { decodeBank, type Bank, type BankModel } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';

const K = 10;
const ALPHA = 0.2;
const PS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

// ---------------------------------------------------------------------------------------------
// The reference computations (nothing from src/analysis).

interface Split {
  n: number;
  logits: Float32Array;
  labels: Int32Array;
}

function rowOf(s: Split, i: number): number[] {
  return Array.from(s.logits.subarray(i * K, i * K + K));
}

/** ŷ (first index on ties), log π_max = −log Σ exp(v − v_max), u_max and ‖u‖_p of the centred row. */
function perSample(s: Split, p: number) {
  const errors: number[] = [];
  const logMsp: number[] = [];
  const uMax: number[] = [];
  const norm: number[] = [];
  for (let i = 0; i < s.n; i++) {
    const v = rowOf(s, i);
    let arg = 0;
    for (let j = 1; j < K; j++) if (v[j] > v[arg]) arg = j;
    errors.push(arg === s.labels[i] ? 0 : 1);
    logMsp.push(-Math.log(v.reduce((a, x) => a + Math.exp(x - v[arg]), 0)));
    const mean = v.reduce((a, x) => a + x, 0) / K;
    const u = v.map((x) => x - mean);
    uMax.push(Math.max(...u));
    norm.push(
      Math.pow(
        u.reduce((a, x) => a + Math.abs(x) ** p, 0),
        1 / p,
      ),
    );
  }
  const pNorm = uMax.map((m, i) => m / norm[i]);
  return { errors, logMsp, uMax, norm, pNorm };
}

/** Spearman's ties: scores equal to 12 significant digits (science.md §3). */
const tie = (v: number) => Number(v.toPrecision(12));

/** Indices by score descending, equal scores by index (the kept sets of a coverage cut). */
function order(scores: number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * Tie-aware AURC (science.md §3): samples ranked by their 12-digit key (NaN never occurs here); in
 * each block of b equal keys holding m errors every position carries m/b errors — the expectation
 * over the orders within the block — then the trapezoid rule from (0, 0).
 */
function aurc(scores: number[], errors: number[]): number {
  const keys = scores.map(tie);
  const idx = scores.map((_, i) => i).sort((a, b) => keys[b] - keys[a]);
  let cum = 0;
  let prev = 0;
  let area = 0;
  let pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && keys[idx[j]] === keys[idx[i]]) j++;
    let m = 0;
    for (let t = i; t < j; t++) m += errors[idx[t]];
    for (let t = i; t < j; t++) {
      cum += m / (j - i);
      pos++;
      const r = cum / pos;
      area += (prev + r) / 2;
      prev = r;
    }
    i = j;
  }
  return area / scores.length;
}

/** Ascending ranks, tied blocks (by `key`) get their mean rank. */
function avgRanks(scores: number[], key: (v: number) => number = tie): number[] {
  const keys = scores.map(key);
  const idx = scores.map((_, i) => i).sort((a, b) => keys[a] - keys[b]);
  const r = new Array<number>(scores.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && keys[idx[j + 1]] === keys[idx[i]]) j++;
    for (let t = i; t <= j; t++) r[idx[t]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function spearman(a: number[], b: number[]): number {
  const x = avgRanks(a);
  const y = avgRanks(b);
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Mann–Whitney: P(s_correct > s_wrong) + ½ P(equal at 12 digits), from the average ranks. */
function auroc(scores: number[], errors: number[]): number {
  const r = avgRanks(scores);
  let sum = 0;
  let nPos = 0;
  errors.forEach((e, i) => {
    if (!e) {
      sum += r[i];
      nPos++;
    }
  });
  const nNeg = errors.length - nPos;
  return (sum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Validation search: the smallest p with the lowest AURC, MSP kept unless strictly beaten. */
function search(val: Split): number | null {
  const msp = perSample(val, 1);
  const mspAurc = aurc(msp.logMsp, msp.errors);
  let best: number | null = null;
  let bestAurc = Infinity;
  for (const p of PS) {
    const s = perSample(val, p);
    const a = aurc(s.pNorm, s.errors);
    if (a < bestAurc) [best, bestAurc] = [p, a];
  }
  return bestAurc < mspAurc ? best : null;
}

// ---------------------------------------------------------------------------------------------

let browser: Browser;
let bank: Bank;
let page: Page;
let log: PageLog;
const splits = (m: BankModel) => ({
  test: { n: bank.dataset.testLabels.length, logits: m.testLogits, labels: bank.dataset.testLabels },
  val: { n: bank.dataset.valLabels.length, logits: m.valLogits, labels: bank.dataset.valLabels },
});

beforeAll(async () => {
  browser = await launchBrowser();
  const res = await fetch(new URL('data/banks/fmnist-mlp.json', baseUrl()));
  bank = decodeBank(await res.text(), PRESETS);
  ({ page, log } = await openPage(browser, '/', { context: { viewport: { width: 1280, height: 720 } } }));
  for (const id of ['scale-invariance', 'rank-agreement', 'p-effect']) {
    const state = async () => (await page.locator(`[data-chart="${id}"]`).getAttribute('data-state')) ?? '';
    await until(state, (s) => s === 'ready', 60_000, `chart ${id}`);
  }
});
afterAll(async () => {
  await browser?.close();
});

async function csv(name: string, id: string) {
  const { file, bytes } = await downloadVia(page, `Download ${name} chart as CSV`);
  expect(file).toBe(`ls-sc-${id}-${ALPHA}.csv`);
  return csvRecords(bytes).rows;
}

const words = async (id: string) => (await page.getByTestId(`${id}-words`).allTextContents()).join(' ');

describe('why normalisation works, on the shipped bank', () => {
  const model = (alpha: number) => bank.models.find((m) => m.alpha === alpha && m.seed === 0)!;

  it('the p each model uses is the validation search’s: MSP for CE, a p for LS', async () => {
    const rows = await csv('AURC for every p', 'p-effect');
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', ALPHA],
    ] as const) {
      const p = search(splits(model(alpha)).val);
      const inUse = rows.filter((r) => r.model === role && r.in_use === 'true');
      expect(inUse.length).toBe(1);
      if (p === null) expect([inUse[0].score, inUse[0].p_choice]).toEqual(['msp', 'fallback']);
      else expect([inUse[0].score, num(inUse[0].p), inUse[0].p_choice]).toEqual(['pnorm', p, 'validation']);
    }
  });

  it('AURC for every p and for MSP, CE and LS, test split', async () => {
    const rows = await csv('AURC for every p', 'p-effect');
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', ALPHA],
    ] as const) {
      const { test } = splits(model(alpha));
      const msp = perSample(test, 1);
      const got = rows.filter((r) => r.model === role);
      expect(got.length).toBe(11);
      expect(num(got.find((r) => r.score === 'msp')!.test_aurc)).toBeCloseTo(
        aurc(msp.logMsp, msp.errors),
        12,
      );
      for (const p of PS) {
        const s = perSample(test, p);
        const r = got.find((x) => x.score === 'pnorm' && num(x.p) === p)!;
        expect(num(r.test_aurc)).toBeCloseTo(aurc(s.pNorm, s.errors), 12);
        expect(r.centred).toBe('true');
      }
    }
    // The sentence quotes the CE range against its MSP.
    const ce = rows.filter((r) => r.model === 'ce' && r.score === 'pnorm').map((r) => num(r.test_aurc) * 100);
    const ceMsp = num(rows.find((r) => r.model === 'ce' && r.score === 'msp')!.test_aurc) * 100;
    if (ce.every((v) => v > ceMsp)) {
      expect(await words('p-effect')).toContain(
        `For CE, every forced p is worse than MSP (${ceMsp.toFixed(2)} % → ${Math.min(...ce).toFixed(2)}–${Math.max(...ce).toFixed(2)} %)`,
      );
    }
  });

  it('Spearman with the CE twin’s MSP, AUROC and AURC before and after normalising LS', async () => {
    const rows = await csv('rank agreement', 'rank-agreement');
    expect(rows.map((r) => r.row)).toEqual(['ce-msp', 'ls-msp', 'ls-pnorm']);
    const ce = perSample(splits(model(0)).test, 1);
    const p = search(splits(model(ALPHA)).val) ?? 2;
    const ls = perSample(splits(model(ALPHA)).test, p);
    expect(num(rows[2].p)).toBe(p);
    const want = [
      { rho: 1, s: ce.logMsp, e: ce.errors },
      { rho: spearman(ls.logMsp, ce.logMsp), s: ls.logMsp, e: ls.errors },
      { rho: spearman(ls.pNorm, ce.logMsp), s: ls.pNorm, e: ls.errors },
    ];
    rows.forEach((r, i) => {
      expect(num(r.spearman_vs_ce_msp)).toBeCloseTo(want[i].rho, 10);
      expect(num(r.auroc)).toBeCloseTo(auroc(want[i].s, want[i].e), 10);
      expect(num(r.aurc)).toBeCloseTo(aurc(want[i].s, want[i].e), 12);
    });
    const w = await words('rank-agreement');
    const rho = [want[1].rho, want[2].rho].map((v) => v.toFixed(2));
    const roc = [want[1], want[2]].map((x) => auroc(x.s, x.e).toFixed(3));
    expect(w).toMatch(new RegExp(`(raises|lowers) the agreement .* from ${rho[0]} to ${rho[1]}`));
    expect(w).toMatch(new RegExp(`(raises|lowers) its AUROC from ${roc[0]} to ${roc[1]}`));
  });

  it('the scatter: every LS test sample at (‖u‖_p, u_max), and the kept sets', async () => {
    const rows = await csv('scale invariance', 'scale-invariance');
    const p = search(splits(model(ALPHA)).val) ?? 2;
    const test = splits(model(ALPHA)).test;
    const ls = perSample(test, p);
    expect(rows.length).toBe(test.n);
    const top = (scores: number[], c: number) => new Set(order(scores).slice(0, Math.ceil(c * test.n)));
    const pn20 = top(ls.pNorm, 0.2);
    const msp20 = top(ls.logMsp, 0.2);
    rows.forEach((r, i) => {
      expect(num(r.sample)).toBe(i);
      expect(Math.abs(num(r.norm_p) - ls.norm[i])).toBeLessThan(1e-9 * ls.norm[i]);
      expect(num(r.u_max)).toBeCloseTo(ls.uMax[i], 9);
      expect(r.correct).toBe(ls.errors[i] ? 'false' : 'true');
      expect(r.pnorm_top_20pct).toBe(String(pn20.has(i)));
      expect(r.msp_top_20pct).toBe(String(msp20.has(i)));
    });
    // The ringed dots are drawn: the canvas is not blank.
    const inked = await page
      .locator('[data-chart="scale-invariance"] canvas')
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
      });
    expect(inked).toBeGreaterThan(5000);
    const onlyMsp = [...msp20].filter((i) => !pn20.has(i));
    expect(await words('scale-invariance')).toContain(
      `the ${onlyMsp.length.toLocaleString('en')} only MSP keeps`,
    );

    // The CE model's scatter, one click away, is drawn with p = 2 when CE keeps MSP.
    await page.locator('[data-chart="scale-invariance"]').getByLabel('CE model').check();
    const ceP = search(splits(model(0)).val);
    await expect
      .poll(() => words('scale-invariance'))
      .toContain(ceP === null ? 'the validation search kept MSP' : `p = ${ceP}`);
    await page
      .locator('[data-chart="scale-invariance"]')
      .getByLabel(/LS model/)
      .check();

    // SVG export: the dots come along as the canvas's image, under the rays and axes.
    const svg = await downloadVia(page, 'Download scale invariance chart as SVG');
    expect(svg.file).toBe(`ls-sc-scale-invariance-${ALPHA}.svg`);
    const info = await svgInfo(page, svg.bytes.toString('utf8'));
    expect(info.parseError).toBeNull();
    expect(info.imageHrefs).toEqual(['data:image/png;base64,']);
    expect(info.marks.filter((m) => m.startsWith('line pnorm-ray-')).length).toBe(2);
    expect(info.texts).toContain('Scale invariance: the normalised score is a slope');
    const plotWidth = await page
      .locator('[data-chart="scale-invariance"] .chart-plot')
      .evaluate((el) => Math.round(el.getBoundingClientRect().width));
    expect(info.width).toBe(plotWidth);
    const png = await downloadVia(page, 'Download scale invariance chart as PNG');
    expect(pngSize(png.bytes).width).toBe(2 * plotWidth);

    await page.locator('[data-chart="scale-invariance"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'normalisation-1280x720', { fullPage: false });
    for (const id of ['scale-invariance', 'rank-agreement', 'p-effect'])
      await page
        .locator(`[data-chart="${id}"]`)
        .screenshot({ path: `test-results/screenshots/normalisation-${id}.png` });
    expect(log.errors).toEqual([]);
  });
});
