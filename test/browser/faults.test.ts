/**
 * Faults during training, forced in real Chromium through the engine's test hook (protocol/diagnostics.ts,
 * Fault): a model that blows up, a lost WebGL context, a crashed and a silently exited worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';
import {
  alerts,
  clickTrain,
  datasetLoaded,
  firstCheckpoint,
  idle,
  nonFiniteOnPage,
  records,
} from './faultHelpers';
import type { Fault } from '../../src/training/protocol/diagnostics';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** 2-D blobs, 400 points, batch 32: 12 steps per epoch. */
const BLOBS = '/?dataset=blobs&model=mlp&alpha=0.2&seed=0';

function provoke(page: Page, fault: Fault): Promise<void> {
  return page.evaluate((f) => window.lssc!.client().diagnostics.simulateFault(f), fault);
}

/** Step: a paused bank with a checkpoint after 10 steps (the fault then hits a run in progress). */
async function tenStepsPaused(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await firstCheckpoint(page);
}

async function resume(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
}

/** The CE model's final test logits, as numbers. */
function ceLogits(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const r = Object.values(window.lssc!.runs.getState().records).find((x) => x.alpha === 0);
    return Array.from(r?.checkpoint?.testLogits ?? []);
  });
}

describe('faults during training', () => {
  it('a diverged model is stopped with a message; the other model is bit-identical to a clean run', async () => {
    const url = `${BLOBS}&epochs=10`;
    const { page, log } = await openPage(browser, url);
    await datasetLoaded(page, /blobs/i);
    await tenStepsPaused(page);
    await provoke(page, { kind: 'nan', model: 1 }); // the bank is [0, 0.2]
    await resume(page);
    await idle(page);
    const [ce, ls] = await records(page);
    expect(ce).toMatchObject({ alpha: 0, status: 'done', step: 120, totalSteps: 120 });
    expect(ls).toMatchObject({ alpha: 0.2, status: 'diverged', hasCheckpoint: true });
    expect(ls.step).toBeLessThan(120);
    // Only finite numbers reach the records, hence the charts and the table.
    expect(ce.allFinite && ls.allFinite).toBe(true);
    expect(await nonFiniteOnPage(page)).toEqual([]);
    const notice = (await alerts(page)).find((t) => /diverged/.test(t));
    expect(notice).toMatch(/α = 0\.2 \(seed 0\) diverged at step \d+.*Lower the learning rate \(now 0\.001/);
    await screenshot(page, 'fault-diverged');
    const faulty = await ceLogits(page);
    expect(log.errors).toEqual([]);
    await page.context().close();

    // The same link trained without the fault: the CE model ends with exactly the same logits.
    const clean = await openPage(browser, url);
    await datasetLoaded(clean.page, /blobs/i);
    await clickTrain(clean.page);
    await idle(clean.page);
    expect((await records(clean.page)).map((r) => r.status)).toEqual(['done', 'done']);
    const reference = await ceLogits(clean.page);
    expect(reference.length).toBe(faulty.length);
    expect(reference.length).toBeGreaterThan(0);
    expect(faulty.every((v, i) => Object.is(v, reference[i]))).toBe(true);
    await clean.page.context().close();
  });

  it('a lost WebGL context: training continues on wasm from its last checkpoint, with a notice', async () => {
    const { page, log } = await openPage(browser, `${BLOBS}&epochs=10&backend=webgl`);
    await expect
      .poll(() => page.getByTestId('backend').textContent(), { timeout: 90_000 })
      .toMatch(/webgl in a Web Worker/);
    await datasetLoaded(page, /blobs/i);
    await tenStepsPaused(page);
    await provoke(page, { kind: 'loseContext' });
    await resume(page);
    await expect
      .poll(async () => (await alerts(page)).join('\n'), { timeout: 60_000 })
      .toMatch(/WebGL\) context was lost during training\. Training continues on wasm from step [1-9]/);
    // The page stays usable meanwhile: the notice can be dismissed at once.
    await page.getByRole('button', { name: 'Dismiss notice' }).first().click();
    await idle(page);
    expect(await page.getByTestId('backend').textContent()).toMatch(
      /wasm( \([^)]*\))? in a Web Worker.*WebGL context was lost/,
    );
    const recs = await records(page);
    expect(recs.map((r) => [r.alpha, r.status, r.step])).toEqual([
      [0, 'done', 120],
      [0.2, 'done', 120],
    ]);
    for (const r of recs) {
      // One history point per checkpoint, in order: the points after the resume step were replaced.
      expect(r.historySteps.every((s, i) => i === 0 || s > r.historySteps[i - 1])).toBe(true);
      expect(r.historySteps.at(-1)).toBe(120);
      expect(r.allFinite).toBe(true);
    }
    expect(await nonFiniteOnPage(page)).toEqual([]);
    expect(log.errors.filter((e) => !/WebGL|context lost|CONTEXT_LOST/i.test(e))).toEqual([]);
    await page.context().close();
  });

  it('a crashed or silently exited worker is reported; training restarts without a reload', async () => {
    // ?watchdog=8: the silent exit is reported after 8 s of silence instead of the default 30 s.
    const { page, log } = await openPage(browser, `${BLOBS}&epochs=5&watchdog=8`);
    await datasetLoaded(page, /blobs/i);
    // A mark on the page's global object: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { mark?: number }).mark = 42));

    // 1. An uncaught exception in the worker (its error event).
    await tenStepsPaused(page);
    await provoke(page, { kind: 'crash' });
    const failure = page.getByTestId('engine-failure');
    await expect
      .poll(() => failure.textContent(), { timeout: 30_000 })
      .toMatch(/stopped working.*simulated crash/);
    expect(await page.getByTestId('training').textContent()).toBe('Idle');
    expect((await records(page)).map((r) => r.status)).toEqual(['stopped', 'stopped']);
    await screenshot(page, 'fault-worker-crash');
    await failure.getByRole('button', { name: 'Restart the engine' }).click();
    await datasetLoaded(page, /blobs/i);
    expect(await failure.count()).toBe(0);
    await clickTrain(page);
    await idle(page);
    expect((await records(page)).map((r) => [r.status, r.step])).toEqual([
      ['done', 60],
      ['done', 60],
    ]);

    // 2. A worker that ends without a word (no event at all): its silence is reported, with a restart.
    await page.evaluate(() => window.lssc!.settings.getState().set('seed', 1));
    await tenStepsPaused(page);
    await provoke(page, { kind: 'exit' });
    await expect
      .poll(() => failure.textContent(), { timeout: 60_000, interval: 500 })
      .toMatch(/not responding \(the training engine has not responded for 8 s\)/);
    await failure.getByRole('button', { name: 'Restart the engine' }).click();
    await expect.poll(() => failure.count(), { timeout: 30_000 }).toBe(0);
    expect((await records(page)).filter((r) => r.seed === 1).map((r) => r.status)).toEqual([
      'stopped',
      'stopped',
    ]);
    await datasetLoaded(page, /blobs/i);
    await clickTrain(page);
    await idle(page);
    const seed1 = (await records(page)).filter((r) => r.seed === 1);
    expect(seed1.map((r) => [r.status, r.step])).toEqual([
      ['done', 60],
      ['done', 60],
    ]);
    expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark)).toBe(42); // never reloaded
    expect(log.errors.filter((e) => !/simulated crash/.test(e))).toEqual([]);
    await page.context().close();
  });
});
