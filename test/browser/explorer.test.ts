/**
 * The explorer in real Chromium on the production build (issue 3's acceptance 1): train the default
 * preset at a reduced size on WebGL, check every chart shows real data, that the Metrics table equals
 * the analysis functions applied to the downloaded JSON, that a trained α re-renders without
 * retraining, and that the console stays clean. Saves screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';
import { evaluateModel } from '../../src/analysis/metrics';
import type { ResultsFile, RunResult } from '../../src/model/results';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function setNumber(page: Page, label: string, value: number): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(String(value));
}

async function waitIdle(page: Page, timeout: number): Promise<void> {
  await expect
    .poll(() => page.getByTestId('training').textContent(), { timeout, interval: 500 })
    .toBe('Idle');
}

async function downloadJson(page: Page): Promise<ResultsFile> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download results' }).click(),
  ]);
  const path = await download.path();
  return JSON.parse(await readFile(path, 'utf8')) as ResultsFile;
}

function pct(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : (v * 100).toFixed(2);
}

/** The table's cells for one run, recomputed from the JSON's test logits and labels. */
function expectedRows(run: RunResult, k: number): { msp: string[]; pnorm: string[] } {
  const test = run.test!;
  const n = test.labels.length;
  const logits = new Float64Array(n * k);
  test.logits.forEach((row, i) => row.forEach((v, j) => (logits[i * k + j] = v)));
  const ev = evaluateModel(logits, test.labels, n, k, { p: run.metrics.p, centred: run.metrics.centred });
  const cells = (s: typeof ev.msp): string[] => [
    pct(ev.error),
    pct(s.aurc),
    pct(s.eAurc),
    pct(s.augrc),
    pct(s.riskAt80),
    pct(s.covAt5),
    pct(s.auroc),
  ];
  return { msp: [...cells(ev.msp), pct(ev.ece)], pnorm: [...cells(ev.pNorm), '—'] };
}

describe('the explorer', () => {
  it('trains a reduced default preset on WebGL, renders every chart, and its table matches the JSON', async () => {
    const { page, log } = await openPage(browser, '/?backend=webgl');
    await expect
      .poll(() => page.getByTestId('backend').textContent(), { timeout: 60_000 })
      .toMatch(/webgl in a Web Worker/);

    // A reduced size, set through the advanced fold like a user would.
    await page.getByText('Advanced training settings').click();
    await setNumber(page, 'Training-set size', 1000);
    await setNumber(page, 'Epochs', 4);
    await expect
      .poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 })
      .toMatch(/1,000 train/);

    await page.getByRole('button', { name: 'Train live', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('training').textContent(), { timeout: 30_000 })
      .toMatch(/Training α = 0, 0.2/);
    await waitIdle(page, 300_000);
    await screenshot(page, 'explorer-trained');

    // Every chart has real data, not its placeholder.
    const charts = [
      'risk-coverage',
      'confidence-histograms',
      'expected-gradient',
      'vmax-given-pmax',
      'ls-term-training',
      'alpha-sweep',
      'training-curves',
      'metrics',
    ];
    for (const id of charts) {
      await expect
        .poll(() => page.locator(`[data-chart="${id}"]`).getAttribute('data-state'), { timeout: 10_000 })
        .toBe('ready');
    }
    const rcPaths = page.locator('[data-chart="risk-coverage"] path[data-series]');
    expect(await rcPaths.count()).toBeGreaterThanOrEqual(2);
    for (const d of await rcPaths.evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? '')))
      expect(d.length).toBeGreaterThan(100);

    // The Metrics table equals the analysis functions applied to the downloaded JSON.
    const json = await downloadJson(page);
    expect(json.format).toBe('ls-sc-explorer/results');
    const k = 10;
    const byAlpha = (a: number): RunResult => json.runs.find((r) => r.alpha === a)!;
    for (const [role, alpha] of [
      ['ce', 0],
      ['ls', 0.2],
    ] as const) {
      const run = byAlpha(alpha);
      expect(run.test!.labels.length).toBe(5000);
      const want = expectedRows(run, k);
      const msp = await page
        .locator(`table[aria-label="Metrics"] tr[data-row="${role}-msp"] td`)
        .allTextContents();
      const pn = await page
        .locator(`table[aria-label="Metrics"] tr[data-row="${role}-pnorm"] td`)
        .allTextContents();
      expect(msp.slice(0, 8)).toEqual(want.msp);
      expect(pn.slice(0, 8)).toEqual(want.pnorm);
    }

    // The controls say what the p setting resolved to, as the JSON does.
    const chosen = await page.getByTestId('chosen-p').textContent();
    const pText = (p: number | null): string => (p === null ? 'MSP fallback' : `p = ${p} (validation)`);
    expect(chosen).toContain(`CE: ${pText(byAlpha(0).metrics.p)}`);
    expect(chosen).toContain(`LS: ${pText(byAlpha(0.2).metrics.p)}`);

    // An untrained α trains on the spot (paired with the same CE model: only α = 0.3 is trained).
    const slider = page.getByRole('slider', { name: 'Label smoothing α' });
    await slider.focus();
    await page.keyboard.press('ArrowRight'); // 0.2 → 0.25
    await page.keyboard.press('ArrowRight'); // → 0.3
    await expect
      .poll(() => page.getByTestId('training').textContent(), { timeout: 30_000 })
      .toMatch(/α = 0.3 \(seed 0\)/);
    await waitIdle(page, 300_000);
    await expect
      .poll(() => page.locator('[data-chart="risk-coverage"]').textContent())
      .toMatch(/LS α ?= ?0\.3/);

    // A trained α re-renders at once, with no training.
    const before = await page.evaluate(() => Object.keys(window.lssc!.runs.getState().records).length);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft'); // back to 0.2
    await expect
      .poll(() => page.locator('[data-chart="risk-coverage"]').textContent(), { timeout: 2000 })
      .toMatch(/LS α ?= ?0\.2 /);
    // Past the slider's settle delay (SLIDER_SETTLE_MS = 350 ms in state/controller/settings.ts), when an untrained
    // α would start training: nothing must have started.
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('training').textContent()).toBe('Idle');
    expect(await page.evaluate(() => window.lssc!.runs.getState().active)).toBeNull();
    expect(await page.evaluate(() => Object.keys(window.lssc!.runs.getState().records).length)).toBe(before);
    await screenshot(page, 'explorer-alpha-0.2-again');

    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
