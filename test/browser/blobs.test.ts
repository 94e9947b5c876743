/**
 * The 2-D preset in the explorer: Gaussian blobs load in the worker, a reduced pair trains, and the
 * decision regions of CE and LS are drawn (canvas heatmaps over the grid, test points, the most
 * confident errors marked).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('2-D blobs in the explorer', () => {
  it('trains a pair and draws the decision regions with the test points and confident errors', async () => {
    const { page, log } = await openPage(browser, '/');
    await page.getByLabel('Dataset and model').selectOption('blobs-mlp');
    await expect.poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 }).toMatch(/blobs/i);
    await page.getByText('Advanced training settings').click();
    await page.getByLabel('Epochs', { exact: true }).fill('40');
    await page.getByRole('button', { name: 'Train live', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('training').textContent(), { timeout: 30_000 })
      .toMatch(/Training/);
    await expect
      .poll(() => page.getByTestId('training').textContent(), { timeout: 300_000, interval: 500 })
      .toBe('Idle');

    const regions = page.locator('[data-chart="decision-regions"]');
    await expect.poll(() => regions.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    const canvases = regions.locator('canvas[role="img"]');
    expect(await canvases.count()).toBe(2);
    // The heatmaps really are drawn: some pixels of each canvas are not transparent.
    const painted = await canvases.evaluateAll((cs) =>
      cs.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n / (data.length / 4);
      }),
    );
    for (const f of painted) expect(f).toBeGreaterThan(0.5);
    const points = regions.locator('g[data-series="test-points"]').first();
    expect(Number(await points.getAttribute('data-points'))).toBeGreaterThan(100);
    expect(
      Number(
        await regions.locator('g[data-series="confident-errors"]').first().getAttribute('data-errors-marked'),
      ),
    ).toBeGreaterThan(0);
    await screenshot(page, 'explorer-blobs');
    // Look closer: a click on a confident-error marker shows that test point, CE vs LS.
    const marker = regions.locator('g.dr-error').first();
    const index = await marker.getAttribute('data-index');
    await marker.dispatchEvent('click');
    await expect
      .poll(() => page.getByTestId('look-closer-what').textContent())
      .toContain(`Test point #${index}`);
    expect(await page.locator(`[data-testid="look-closer"] figure[data-index="${index}"]`).count()).toBe(1);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
