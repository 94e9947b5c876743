/**
 * "Compare confidence scores" and the reliability diagram on the default page (the shipped MLP bank's
 * CE vs LS α = 0.2, seed 0): the table lists all eight scores, its AURCs for three of them match a
 * recomputation here from the bank's logits (plain loops, no app code but the bank decoder), a tick
 * box draws curves, and the reliability diagram bins every test sample with the ECE computed here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot } from './helpers';
import { decodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { DEFAULT_BOOTSTRAP, scoreSetBootstrap } from '../../src/analysis/bootstrap';

let browser: Browser;
let bank: Bank;
beforeAll(async () => {
  browser = await launchBrowser();
  const res = await fetch(new URL('data/banks/fmnist-mlp.json', baseUrl()));
  bank = decodeBank(await res.text(), PRESETS);
});
afterAll(async () => {
  await browser?.close();
});

/** Per test sample of the seed-0 model of α: MSP (log π_max), MaxLogit, logit margin, π_max, wrong. */
function rows(alpha: number) {
  const m = bank.models.find((x) => x.alpha === alpha && x.seed === 0)!;
  const k = bank.dataset.meta.numClasses;
  const y = bank.dataset.testLabels;
  return Array.from({ length: y.length }, (_, i) => {
    const v = Array.from(m.testLogits.subarray(i * k, (i + 1) * k));
    const sorted = [...v].sort((a, b) => b - a);
    const arg = v.indexOf(sorted[0]);
    let z = 0;
    for (const x of v) z += Math.exp(x - sorted[0]);
    return {
      msp: -Math.log(z),
      maxLogit: sorted[0],
      margin: sorted[0] - sorted[1],
      pMax: 1 / z,
      wrong: arg !== y[i],
    };
  });
}

/** %AURC of a ranking: trapezoids over n = 0..N from (0, 0), ties by index. */
function aurcPct(score: number[], wrong: boolean[]): string {
  const n = score.length;
  const order = score.map((_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  let errs = 0;
  let prev = 0;
  let area = 0;
  order.forEach((i, j) => {
    if (wrong[i]) errs++;
    const r = errs / (j + 1);
    area += (prev + r) / 2 / n;
    prev = r;
  });
  return (area * 100).toFixed(2);
}

function ecePct(conf: number[], wrong: boolean[]): string {
  const nb = 15;
  const cnt = new Array(nb).fill(0);
  const acc = new Array(nb).fill(0);
  const sum = new Array(nb).fill(0);
  conf.forEach((c, i) => {
    const b = Math.max(0, Math.min(nb - 1, Math.ceil(c * nb) - 1));
    cnt[b]++;
    acc[b] += wrong[i] ? 0 : 1;
    sum[b] += c;
  });
  let e = 0;
  for (let b = 0; b < nb; b++) if (cnt[b]) e += Math.abs(acc[b] - sum[b]) / conf.length;
  return (e * 100).toFixed(2);
}

describe('compare confidence scores', () => {
  it('shows all eight scores for CE and LS, and the reliability diagram with its ECE', async () => {
    const { page, log } = await openPage(browser, '/');
    for (const id of ['compare-scores', 'reliability'])
      await expect
        .poll(() => page.locator(`[data-chart="${id}"]`).getAttribute('data-state'), { timeout: 90_000 })
        .toBe('ready');
    const table = page.getByTestId('score-compare-table');
    // The chart is ready before its table's rows land (one render later): poll them.
    await expect
      .poll(() =>
        table.locator('tbody[data-score]').evaluateAll((tbs) => tbs.map((t) => t.getAttribute('data-score'))),
      )
      .toEqual(['msp', 'maxLogit', 'margin', 'negEntropy', 'energy', 'tempMsp', 'pNorm', 'pNormSoftmax']);
    const ids = await table
      .locator('tbody[data-score]')
      .evaluateAll((tbs) => tbs.map((t) => t.getAttribute('data-score')));
    // The AURC itself (the cell's first text), without the interval under it.
    const cell = (score: string, role: string) =>
      table
        .locator(`tbody[data-score="${score}"] td[data-model="${role}"][data-metric="aurc"]`)
        .evaluate((td) => td.firstChild?.textContent ?? '');
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', 0.2],
    ] as const) {
      const r = rows(alpha);
      const wrong = r.map((x) => x.wrong);
      for (const s of ['msp', 'maxLogit', 'margin'] as const)
        expect((await cell(s, role))?.trim()).toBe(
          aurcPct(
            r.map((x) => x[s]),
            wrong,
          ),
        );
      // Every score has a number for a trained model (no "—" for AURC).
      for (const s of ids) expect(await cell(s!, role)).toMatch(/^\d+\.\d\d/);
      const panel = page.locator(`[data-chart="reliability"] g[data-model="${role}"]`);
      const counts = await panel
        .locator('[data-count]')
        .evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-count'))));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(r.length);
      expect(await panel.locator('.sc-panel-title').textContent()).toContain(
        `ECE ${ecePct(
          r.map((x) => x.pMax),
          wrong,
        )}%`,
      );
    }
    // The default curves (MSP and MaxLogit-pNorm for both), then one more score ticked.
    const paths = () =>
      page
        .locator('[data-chart="compare-scores"] path[data-series]')
        .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')));
    expect(await paths()).toEqual(['ce-msp', 'ce-pNorm', 'ls-msp', 'ls-pNorm']);
    await page.getByRole('checkbox', { name: 'Draw the risk–coverage curves of Energy' }).check();
    await expect.poll(paths).toContain('ls-energy');
    expect(await page.locator('[data-words="compare-scores"]').first().textContent()).toMatch(/ranks best/);
    expect(await page.locator('[data-words="reliability"]').first().textContent()).toMatch(
      /On these data .*calibrated/,
    );
    // The paired-bootstrap intervals (worker, DEFAULT_BOOTSTRAP): each AURC's and each LS − CE
    // difference's, equal to the bootstrap of the scores recomputed here (the draws depend only on the
    // seed and N, so the three scores alone give the page's intervals of those three).
    const own = (alpha: number) => {
      const r = rows(alpha);
      return {
        errors: Uint8Array.from(r, (x) => (x.wrong ? 1 : 0)),
        scores: {
          msp: Float64Array.from(r, (x) => x.msp),
          maxLogit: Float64Array.from(r, (x) => x.maxLogit),
          margin: Float64Array.from(r, (x) => x.margin),
        },
      };
    };
    const iv = scoreSetBootstrap([own(0), own(0.2)], DEFAULT_BOOTSTRAP);
    const under = (score: string, role: string) =>
      table
        .locator(`tbody[data-score="${score}"] td[data-model="${role}"][data-metric="aurc"] .sc-interval`)
        .textContent();
    await expect.poll(() => under('msp', 'ls'), { timeout: 90_000 }).not.toBe('[…]');
    const signed = (x: number) => {
      const v = (x * 100).toFixed(2);
      return Number(v) === 0 ? '0.00' : x > 0 ? `+${v}` : v.replace('-', '−');
    };
    for (const s of ['msp', 'maxLogit', 'margin'] as const) {
      for (const [i, role] of ['ce', 'ls'].entries()) {
        const want = iv.models[i][s];
        expect(await under(s, role)).toBe(`[${(want.lo * 100).toFixed(2)}, ${(want.hi * 100).toFixed(2)}]`);
      }
      const d = iv.difference[s];
      const diff = table.locator(`tbody[data-score="${s}"] td[data-metric="aurcDiff"]`);
      expect(await diff.textContent()).toBe(
        `${signed(d.value)}[${signed(d.lo)}, ${signed(d.hi)}]${d.lo <= 0 && d.hi >= 0 ? 'within noise' : ''}`,
      );
    }
    expect(await page.getByTestId('score-intervals-note').textContent()).toContain(
      '1,000 resamples of the 5,000 test samples',
    );
    // The sentences judge each lead by its interval, not the rough floor.
    const words = (await page.locator('[data-words="compare-scores"]').first().textContent()) ?? '';
    expect(words).toContain('95% interval of the difference');
    expect(words).not.toContain('rough rule');
    await page.locator('[data-chart="compare-scores"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-scores');
    expect(log.errors).toEqual([]);
  });
});
