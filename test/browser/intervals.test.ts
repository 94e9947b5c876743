/**
 * Ties and intervals on the page (science.md §3), on the shipped Fashion-MNIST bank (seed 0, α = 0.2):
 * the metrics section's intervals-and-ties table: its largest-tie column (415 for LS · MaxLogit-pNorm with p = 1), the 95% interval
 * column and the LS − CE rows equal to a paired bootstrap computed here from the bank's logits, the
 * tied block marked on the risk–coverage chart, and the p = 1 note beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, openPage } from './helpers';
import { decodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { DEFAULT_BOOTSTRAP, pairedAurcBootstrap } from '../../src/analysis/bootstrap';
import { errorsOf, maxLogitPNorm, mspLog, predictions, searchP } from '../../src/analysis';

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

const pct = (x: number): string => (100 * x).toFixed(2);
const sig = (x: number): string => (x > 0 ? `+${pct(x)}` : pct(x).replace('-', '−'));

function inputs(alpha: number) {
  const m = bank.models.find((x) => x.alpha === alpha && x.seed === 0)!;
  const k = bank.dataset.meta.numClasses;
  const { valLabels, testLabels } = bank.dataset;
  const p = searchP(m.valLogits, valLabels, valLabels.length, k).p;
  const n = testLabels.length;
  return {
    p,
    model: {
      errors: errorsOf(predictions(m.testLogits, n, k), testLabels),
      msp: mspLog(m.testLogits, n, k),
      pNorm: p === null ? null : maxLogitPNorm(m.testLogits, n, k, p, true),
    },
  };
}

describe('ties and intervals on the shipped bank', () => {
  it('table: largest tie, 95% intervals and LS − CE rows; chart: the tied block and its note', async () => {
    const { page, log } = await openPage(browser, '/');
    const table = page.getByRole('table', { name: 'Metrics: intervals and ties' });
    const cell = (row: string, col: string) =>
      table.locator(`tr[data-iv-row="${row}"] td[data-col="${col}"]`);
    await expect.poll(() => cell('ls-pnorm', 'tie').textContent(), { timeout: 60_000 }).toBe('415');
    expect(await cell('ls-msp', 'tie').textContent()).toBe('1');

    const ce = inputs(0);
    const ls = inputs(0.2);
    expect(ls.p).toBe(1);
    const iv = pairedAurcBootstrap(ce.model, ls.model, DEFAULT_BOOTSTRAP);
    await expect
      .poll(() => cell('ls-pnorm', 'aurcCi').textContent(), { timeout: 60_000 })
      .toBe(`[${pct(iv.compared.pNorm.lo)}, ${pct(iv.compared.pNorm.hi)}]`);
    expect(await cell('ls-pnorm', 'aurc').textContent()).toBe(pct(iv.compared.pNorm.value));
    expect(await cell('ce-msp', 'aurcCi').textContent()).toBe(
      `[${pct(iv.reference.msp.lo)}, ${pct(iv.reference.msp.hi)}]`,
    );
    const d = iv.difference.msp;
    expect(await cell('diff-msp', 'aurc').textContent()).toBe(sig(d.value));
    expect(await cell('diff-msp', 'aurcCi').textContent()).toBe(
      `[${sig(d.lo)}, ${sig(d.hi)}]${d.lo <= 0 && d.hi >= 0 ? ' within noise' : ''}`,
    );
    const note = await page.getByTestId('metrics-note').textContent();
    expect(note).toContain(
      `LS − CE AURC is ${sig(d.value)} points (95% interval ${sig(d.lo)} to ${sig(d.hi)} points`,
    );

    const rc = page.locator('[data-chart="risk-coverage"]');
    const marks = rc.locator('rect[data-tie="ls-pnorm"]');
    // The normalised curves are shown once normalisation is on.
    if ((await marks.count()) === 0) {
      await rc.getByLabel(/LS.*normalised/).check();
    }
    await expect.poll(() => marks.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await marks.first().locator('title').textContent()).toContain('415 samples tie');
    const text = await rc.textContent();
    expect(text).toContain('415 of its 5,000 test samples (8.3%) share one score');
    expect(text).toContain('single positive entry');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
