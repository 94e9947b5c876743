/**
 * The worked example and the derivation in real Chromium, on the default page (the shipped bank's
 * CE vs LS α = 0.2 pair, seed 0). Every number the worked example shows is read from its cells and
 * recomputed here from the bank's logits: the logits themselves, π, the LS gradient per logit by
 * central finite differences of the LS loss, its CE part and LS extra, and each sample's rank by
 * brute-force counting under MSP and MaxLogit-pNorm. The default samples follow the stated rules;
 * another sample picked with the index box, with "Next confident mistake" and from Look closer is
 * checked the same way. The derivation, opened, is typeset by KaTeX (no error), and nothing is
 * requested from another origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot } from './helpers';
import { decodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { searchP } from '../../src/analysis/pSearch';
import { csvRecords, downloadVia } from './exportChecks';

const K = 10;
const ALPHA = 0.2;

let browser: Browser;
let bank: Bank;
let ce: Float32Array;
let ls: Float32Array;
let labels: Int32Array;
let n: number;
beforeAll(async () => {
  browser = await launchBrowser();
  const res = await fetch(new URL('data/banks/fmnist-mlp.json', baseUrl()));
  bank = decodeBank(await res.text(), PRESETS);
  const model = (alpha: number) => bank.models.find((m) => m.alpha === alpha && m.seed === 0)!;
  ce = model(0).testLogits;
  ls = model(ALPHA).testLogits;
  labels = bank.dataset.testLabels;
  n = labels.length;
});
afterAll(async () => {
  await browser?.close();
});

const row = (logits: Float32Array, i: number): number[] => Array.from(logits.subarray(i * K, (i + 1) * K));
const argmax = (v: number[]): number => v.reduce((b, x, j) => (x > v[b] ? j : b), 0);
const softmax = (v: number[]): number[] => {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
};
const logMsp = (v: number[]): number => {
  const m = Math.max(...v);
  return -Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
};
const pNorm = (v: number[], p: number): number => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const u = v.map((x) => x - mean);
  return (
    Math.max(...u) /
    Math.pow(
      u.reduce((s, x) => s + Math.abs(x) ** p, 0),
      1 / p,
    )
  );
};
/** L_LS(v) = −Σ_k ((1 − α)y_k + α/K) log softmax(v)_k, float64. */
const lsLoss = (v: number[], y: number): number => {
  const m = Math.max(...v);
  const lse = m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
  return v.reduce((acc, x, j) => acc - ((j === y ? 1 - ALPHA : 0) + ALPHA / K) * (x - lse), 0);
};
const fd = (v: number[], y: number, j: number, h = 1e-5): number => {
  const up = v.slice();
  const down = v.slice();
  up[j] += h;
  down[j] -= h;
  return (lsLoss(up, y) - lsLoss(down, y)) / (2 * h);
};
/** 1 + the samples with a higher score, or an equal one and a lower index. */
const rankBy = (scores: number[], i: number): number =>
  1 + scores.reduce((c, s, j) => c + (s > scores[i] || (s === scores[i] && j < i) ? 1 : 0), 0);

/** Every data-testid cell of the worked example with its data-value. */
async function cells(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of document.querySelectorAll('[data-chart="worked-example"] [data-testid]'))
      out[el.getAttribute('data-testid')!] = el.getAttribute('data-value') ?? '';
    return out;
  });
}

async function shownIndex(page: Page, slot: 'a' | 'b'): Promise<number> {
  return Number(await page.getByTestId(`we-sample-${slot}`).getAttribute('data-index'));
}

interface Scores {
  msp: { ce: number[]; ls: number[] };
  pnorm: { ce: number[] | null; ls: number[] | null };
  p: { ce: number | null; ls: number | null };
}

/** Checks one shown sample's every number against this file's computation. */
async function checkSample(page: Page, slot: 'a' | 'b', sc: Scores): Promise<void> {
  const i = await shownIndex(page, slot);
  const c = await cells(page);
  const y = labels[i];
  const vCe = row(ce, i);
  const vLs = row(ls, i);
  const piCe = softmax(vCe);
  const piLs = softmax(vLs);
  for (let k = 0; k < K; k++) {
    const val = (id: string): number => Number(c[`we-${slot}-${id}-${k}`]);
    expect(val('logit-ce')).toBe(vCe[k]);
    expect(val('logit-ls')).toBe(vLs[k]);
    expect(val('pi-ce')).toBeCloseTo(piCe[k], 12);
    expect(val('pi-ls')).toBeCloseTo(piLs[k], 12);
    expect(Math.abs(val('grad') - fd(vLs, y, k))).toBeLessThan(1e-6);
    expect(val('cepart')).toBeCloseTo(piLs[k] - (k === y ? 1 : 0), 12);
    expect(val('lsextra')).toBeCloseTo(ALPHA * ((k === y ? 1 : 0) - 1 / K), 12);
  }
  for (const role of ['ce', 'ls'] as const) {
    expect(Number(c[`we-${slot}-${role}-pred`])).toBe(argmax(role === 'ce' ? vCe : vLs));
    expect(Number(c[`we-${slot}-${role}-rank-msp`])).toBe(rankBy(sc.msp[role], i));
    const pn = sc.pnorm[role];
    const cell = page.getByTestId(`we-${slot}-${role}-rank-pnorm`);
    if (pn === null) {
      expect(c[`we-${slot}-${role}-rank-pnorm`]).toBe('');
      await expect.poll(() => cell.textContent()).toMatch(/MSP fallback/);
    } else {
      expect(Number(c[`we-${slot}-${role}-rank-pnorm`])).toBe(rankBy(pn, i));
      await expect.poll(() => cell.textContent()).toContain(`(p = ${sc.p[role]})`);
    }
  }
}

describe('the worked example and the derivation', () => {
  it('shows numbers recomputed here from the bank, for the default and picked samples', async () => {
    const { page, log } = await openPage(browser, '/');
    const figure = page.locator('[data-chart="worked-example"]');
    await expect.poll(() => figure.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');

    const valLabels = bank.dataset.valLabels;
    const pOf = (alpha: number): number | null => {
      const m = bank.models.find((x) => x.alpha === alpha && x.seed === 0)!;
      return searchP(m.valLogits, valLabels, valLabels.length, K, { centred: true }).p;
    };
    const p = { ce: pOf(0), ls: pOf(ALPHA) };
    const all = Array.from({ length: n }, (_, i) => i);
    const sc: Scores = {
      msp: { ce: all.map((i) => logMsp(row(ce, i))), ls: all.map((i) => logMsp(row(ls, i))) },
      pnorm: {
        ce: p.ce === null ? null : all.map((i) => pNorm(row(ce, i), p.ce!)),
        ls: p.ls === null ? null : all.map((i) => pNorm(row(ls, i), p.ls!)),
      },
      p,
    };

    // The defaults: the CE model's surest sample both get right; the LS model's surest mistake.
    const right = (v: Float32Array, i: number): boolean => argmax(row(v, i)) === labels[i];
    const byDesc = (s: number[]) => (a: number, b: number) => s[b] - s[a] || a - b;
    const correct = all.filter((i) => right(ce, i) && right(ls, i)).sort(byDesc(sc.msp.ce));
    const mistakes = all.filter((i) => !right(ls, i)).sort(byDesc(sc.msp.ls));
    expect(await shownIndex(page, 'a')).toBe(correct[0]);
    expect(await shownIndex(page, 'b')).toBe(mistakes[0]);
    await checkSample(page, 'a', sc);
    await checkSample(page, 'b', sc);
    await figure.scrollIntoViewIfNeeded();
    await screenshot(page, 'worked-example-default', { fullPage: false });

    // Its CSV holds the same numbers: one row per sample and class, the gradient by finite differences.
    const csv = csvRecords((await downloadVia(page, 'Download worked example chart as CSV')).bytes);
    expect(csv.rows.length).toBe(2 * K);
    for (const r of csv.rows) {
      const i = Number(r.test_index);
      const k = Number(r.class);
      expect(i).toBe(r.slot === 'a' ? correct[0] : mistakes[0]);
      expect(Number(r.logit_ls)).toBe(ls[i * K + k]);
      expect(Math.abs(Number(r.grad_ls_total) - fd(row(ls, i), labels[i], k))).toBeLessThan(1e-6);
    }
    // The SVG export (images and bars) is made without an error message.
    await downloadVia(page, 'Download worked example chart as SVG');
    expect(await figure.locator('.chart-export [role="status"]').textContent()).toBe('');

    // Another sample typed into the index box.
    await page.getByTestId('we-index-a').fill('123');
    await expect.poll(() => shownIndex(page, 'a')).toBe(123);
    await checkSample(page, 'a', sc);
    // Bad input is refused with a message, and the sample on screen stays.
    await page.getByTestId('we-index-a').fill('5000');
    await expect.poll(() => figure.getByRole('alert').textContent()).toMatch(/There are 5,000 test samples/);
    expect(await shownIndex(page, 'a')).toBe(123);
    // The next confident mistake.
    await page.getByRole('button', { name: 'Next confident mistake' }).click();
    await expect.poll(() => shownIndex(page, 'b')).toBe(mistakes[1]);
    await checkSample(page, 'b', sc);

    // From Look closer: a card's button puts its sample in the slot of its kind.
    const card = page.locator('[data-testid="look-closer"] figure.sample').first();
    const picked = Number(await card.getAttribute('data-index'));
    await card.getByRole('button', { name: /as worked example/ }).click();
    const slot = right(ls, picked) ? 'a' : 'b';
    await expect.poll(() => shownIndex(page, slot)).toBe(picked);
    await checkSample(page, slot, sc);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('typesets the derivation with KaTeX when opened, from the app’s own origin', async () => {
    const { page, log } = await openPage(browser, '/');
    const fold = page.getByTestId('derivation');
    await expect.poll(() => fold.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await fold.locator('.katex').count()).toBe(0);
    await fold.getByText('The derivation:').click();
    await expect.poll(() => fold.locator('.katex').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
    expect(await fold.locator('.katex-error').count()).toBe(0);
    // HTML for the eye and MathML for screen readers, for every formula.
    expect(await fold.locator('.katex math').count()).toBe(await fold.locator('.katex').count());
    // KaTeX's own fonts are in use (loaded from the build, not a fallback).
    await expect
      .poll(() => page.evaluate(() => document.fonts.check('16px KaTeX_Main')), { timeout: 10_000 })
      .toBe(true);
    await fold.scrollIntoViewIfNeeded();
    await screenshot(page, 'derivation-open', { fullPage: false });
    const origin = new URL(baseUrl()).origin;
    const foreign = log.requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u));
    expect(foreign).toEqual([]);
    expect(log.requests.some((u) => /KaTeX_Main-Regular.*\.woff2$/.test(u))).toBe(true);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
