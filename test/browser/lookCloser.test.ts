/**
 * Look closer (issue 4): clicking a histogram bar lists the test samples behind it — images, true and
 * predicted class, CE vs LS — and the count equals an independent count from the shipped logits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot } from './helpers';
import { decodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';

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

/** π_max and correctness of every test sample, computed here from the bank's logits. */
function pMax(alpha: number): { p: number[]; correct: boolean[] } {
  const m = bank.models.find((x) => x.alpha === alpha && x.seed === 0)!;
  const k = bank.dataset.meta.numClasses;
  const y = bank.dataset.testLabels;
  const p: number[] = [];
  const correct: boolean[] = [];
  for (let i = 0; i < y.length; i++) {
    const row = Array.from(m.testLogits.subarray(i * k, (i + 1) * k));
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const s = e.reduce((a, b) => a + b, 0);
    p.push(1 / s);
    correct.push(row.indexOf(max) === y[i]);
  }
  return { p, correct };
}

describe('look closer', () => {
  it('shows the samples behind a clicked histogram bar, with images and CE vs LS predictions', async () => {
    const { page, log } = await openPage(browser, '/?ln=0');
    const panel = page.getByTestId('look-closer');
    await expect.poll(() => panel.locator('figure.sample').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // By default: the LS model's most confident mistakes — every card is a mistake of LS.
    await expect
      .poll(() => page.getByTestId('look-closer-what').textContent())
      .toMatch(/most confident mistakes/);
    const ls = pMax(0.2);
    const indices = await panel
      .locator('figure.sample')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
    for (const i of indices) expect(ls.correct[i]).toBe(false);
    // Most confident first.
    for (let j = 1; j < indices.length; j++)
      expect(ls.p[indices[j]]).toBeLessThanOrEqual(ls.p[indices[j - 1]]);
    // The images are drawn (not blank).
    await expect
      .poll(() =>
        panel
          .locator('canvas.sample-image')
          .first()
          .evaluate((c) => {
            const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data;
            let dark = 0;
            for (let q = 0; q < d.length; q += 4) if (d[q] < 200) dark++;
            return dark;
          }),
      )
      .toBeGreaterThan(20);

    // Click the LS · MSP panel's rightmost "incorrect" bar.
    const bars = page.locator(
      '[data-chart="confidence-histograms"] [data-panel="ls-msp"] rect[data-series="incorrect"]',
    );
    const n = await bars.count();
    expect(n).toBeGreaterThan(0);
    const bar = bars.nth(n - 1);
    const lo = Number(await bar.getAttribute('data-lo'));
    const hi = Number(await bar.getAttribute('data-hi'));
    await bar.dispatchEvent('click');
    await expect
      .poll(() => page.getByTestId('look-closer-what').textContent())
      .toMatch(/incorrect predictions/);
    let want = 0;
    for (let i = 0; i < ls.p.length; i++)
      if (!ls.correct[i] && ls.p[i] >= lo - 1e-9 && ls.p[i] <= hi + 1e-9) want++;
    expect(want).toBeGreaterThan(0);
    const text = (await page.getByTestId('look-closer-what').textContent())!;
    expect(text).toContain(`— ${want.toLocaleString('en-US')} sample`);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'look-closer');

    // A click on the risk–coverage plot: LS's mistakes among the fraction kept at that coverage.
    const plot = page.locator('[data-chart="risk-coverage"] svg').first();
    await plot.scrollIntoViewIfNeeded();
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.5);
    const coverage = Number(
      await page.locator('[data-chart="risk-coverage"] [data-readout]').getAttribute('data-readout'),
    );
    expect(coverage).toBeGreaterThan(0);
    await page.mouse.click(box.x + box.width * 0.35, box.y + box.height * 0.5);
    await expect
      .poll(() => page.getByTestId('look-closer-what').textContent())
      .toMatch(/most confident predictions/);
    const order = ls.p.map((_, i) => i).sort((a, b) => ls.p[b] - ls.p[a] || a - b);
    const keep = Math.round(coverage * order.length);
    const mistakes = order.slice(0, keep).filter((i) => !ls.correct[i]).length;
    expect(await page.getByTestId('look-closer-what').textContent()).toContain(
      `— ${mistakes.toLocaleString('en-US')} sample`,
    );
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
