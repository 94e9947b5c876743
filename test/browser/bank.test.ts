/**
 * The precomputed bank (issue 4): the default page opens with every chart full and nothing trained;
 * the numbers on screen are the analysis of the shipped logits; Save bank / Load bank round-trip,
 * and a malformed bank file is refused with a notice, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot } from './helpers';
import { decodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { runResultFromCheckpoint } from '../../src/model/results';

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

const CHARTS = [
  'risk-coverage',
  'confidence-histograms',
  'expected-gradient',
  'vmax-given-pmax',
  'ls-term-training',
  'alpha-sweep',
  'training-curves',
  'metrics',
];

async function chartsReady(page: Page): Promise<void> {
  for (const id of CHARTS) {
    await expect
      .poll(() => page.locator(`[data-chart="${id}"]`).getAttribute('data-state'), { timeout: 60_000 })
      .toBe('ready');
  }
}

const pct = (v: number | null): string => (v === null || !Number.isFinite(v) ? '—' : (v * 100).toFixed(2));

async function tableAurc(page: Page, row: string): Promise<string[]> {
  return page.locator(`table[aria-label="Metrics"] tr[data-row="${row}"] td`).allTextContents();
}

describe('the precomputed bank', () => {
  it('fills every chart at once with no training, with the numbers of the shipped logits', async () => {
    const { page, log } = await openPage(browser, '/');
    await chartsReady(page);
    // Nothing trained: no job ran, no progress was reported, the models say where they came from.
    const state = await page.evaluate(() => {
      const r = window.lssc!.runs.getState();
      return {
        active: r.active,
        origins: Object.values(r.records).map((m) => m.origin),
        progress: window.lssc!.engine.getState().progress,
      };
    });
    expect(state.active).toBeNull();
    expect(state.progress).toBeNull();
    expect(state.origins.length).toBe(bank.models.length);
    expect(new Set(state.origins)).toEqual(new Set(['precomputed']));
    await expect.poll(() => page.getByTestId('origin-note').textContent()).toMatch(/trained in advance/);
    expect(await page.getByRole('button', { name: 'Train live' }).count()).toBe(1);

    // The table is the analysis of the bank's own logits (α = 0.2, the preset's default).
    const labels = { val: bank.dataset.valLabels, test: bank.dataset.testLabels };
    for (const [row, alpha] of [
      ['ce', 0],
      ['ls', 0.2],
    ] as const) {
      const m = bank.models.find((x) => x.alpha === alpha && x.seed === 0)!;
      const r = runResultFromCheckpoint({ ...m, gridLogits: undefined, diverged: false }, labels, 10, {
        centred: true,
        saveLogits: false,
      });
      const msp = await tableAurc(page, `${row}-msp`);
      const pn = await tableAurc(page, `${row}-pnorm`);
      expect(msp[0]).toBe(pct(r.metrics.error));
      expect(msp[1]).toBe(pct(r.metrics.aurc_msp));
      expect(pn[1]).toBe(pct(r.metrics.aurc_pnorm));
    }
    // Every α of the bank is on the sweep chart: one dot per model and metric.
    const dots = await page.locator('[data-chart="alpha-sweep"] circle').count();
    expect(dots).toBeGreaterThanOrEqual(bank.models.length * 3);
    await screenshot(page, 'bank-precomputed');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the bank’s charts on Train live until the first live checkpoint, never emptying them', async () => {
    const { page, log } = await openPage(browser, '/');
    await chartsReady(page);
    // Every state the pair's charts pass through, from the click to the first live checkpoint.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __states: string[] }).__states = seen;
      const note = (): void => {
        for (const el of document.querySelectorAll(
          '[data-chart="risk-coverage"], [data-chart="confidence-histograms"]',
        ))
          seen.push(`${el.getAttribute('data-chart')}:${el.getAttribute('data-state')}`);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: 'Train live', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-chart="risk-coverage"]').textContent(), { timeout: 60_000 })
      .toMatch(/Preview: the models are still training \(step \d/);
    const states = await page.evaluate(() => (window as unknown as { __states: string[] }).__states);
    expect(states.length).toBeGreaterThan(0);
    expect(states.filter((s) => s.endsWith(':empty'))).toEqual([]);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    expect(log.errors).toEqual([]);
    await page.close();
  });

  it('saves the bank to a file and loads it back; a malformed file is refused and changes nothing', async () => {
    const { page, log } = await openPage(browser, '/');
    await chartsReady(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save bank' }).click(),
    ]);
    const saved = decodeBank(await readFile((await download.path())!, 'utf8'), PRESETS);
    expect(saved.models.length).toBe(bank.models.length);
    for (const m of bank.models) {
      const s = saved.models.find((x) => x.alpha === m.alpha && x.seed === m.seed)!;
      expect(Array.from(s.testLogits)).toEqual(Array.from(m.testLogits));
    }
    const before = await tableAurc(page, 'ls-msp');

    // Reset forgets the pair's models; the saved file brings them back.
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect
      .poll(() => page.locator('[data-chart="metrics"]').getAttribute('data-state'))
      .not.toBe('ready');
    const dir = await mkdtemp(join(tmpdir(), 'lssc-bank-'));
    const good = join(dir, 'my-bank.json');
    await writeFile(good, await readFile((await download.path())!));
    await page.getByLabel('Bank file to load').setInputFiles(good);
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/Loaded \d+ models from my-bank\.json/));
    await expect.poll(() => tableAurc(page, 'ls-msp')).toEqual(before);
    await expect
      .poll(() => page.getByTestId('origin-note').textContent())
      .toMatch(/loaded from my-bank\.json/);

    // Malformed: truncated, and from another version. Each refused with a notice, nothing changed.
    const text = await readFile(good, 'utf8');
    const cases: [string, string, RegExp][] = [
      [
        'truncated.json',
        text.slice(0, text.length / 2),
        /truncated\.json was not loaded: the file is not valid JSON/,
      ],
      [
        'future.json',
        text.replace('"version":1', '"version":99'),
        /future\.json was not loaded: bank format version 99/,
      ],
    ];
    const records = await page.evaluate(() =>
      JSON.stringify(Object.keys(window.lssc!.runs.getState().records)),
    );
    for (const [name, body, message] of cases) {
      const f = join(dir, name);
      await writeFile(f, body);
      await page.getByLabel('Bank file to load').setInputFiles(f);
      await expect
        .poll(() => page.getByRole('alert').allTextContents())
        .toContainEqual(expect.stringMatching(message));
      expect(
        await page.evaluate(() => JSON.stringify(Object.keys(window.lssc!.runs.getState().records))),
      ).toBe(records);
      expect(await tableAurc(page, 'ls-msp')).toEqual(before);
    }
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
