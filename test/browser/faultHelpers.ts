/** Shared steps of the fault tests: train from a link, wait, read the model records. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export interface RecordSummary {
  alpha: number;
  seed: number;
  status: string;
  step: number;
  totalSteps: number;
  historySteps: number[];
  /**
   * The record's logits, losses and accuracies are finite (the LS-term means may be NaN by design
   * when a group is empty, e.g. no wrong predictions; charts skip those).
   */
  allFinite: boolean;
  hasCheckpoint: boolean;
}

export async function records(page: Page): Promise<RecordSummary[]> {
  return page.evaluate(() => {
    const finite = (a: ArrayLike<number>): boolean =>
      Array.prototype.every.call(a, Number.isFinite) as boolean;
    return Object.values(window.lssc!.runs.getState().records)
      .map((r) => ({
        alpha: r.alpha,
        seed: r.seed,
        status: r.status,
        step: r.step,
        totalSteps: r.totalSteps,
        historySteps: r.history.map((h) => h.step),
        allFinite:
          r.history.every((h) => finite([h.step, h.trainLoss, h.trainAcc, h.valAcc])) &&
          (!r.checkpoint ||
            (finite(r.checkpoint.testLogits) &&
              finite(r.checkpoint.valLogits) &&
              Number.isFinite(r.checkpoint.trainLoss))) &&
          (!r.gridLogits || finite(r.gridLogits)),
        hasCheckpoint: r.checkpoint !== null,
      }))
      .sort((a, b) => a.seed - b.seed || a.alpha - b.alpha);
  });
}

/** Waits until the dataset is loaded (the status line names it). */
export async function datasetLoaded(page: Page, name: RegExp): Promise<void> {
  await expect.poll(() => page.getByTestId('dataset').textContent(), { timeout: 90_000 }).toMatch(name);
}

export async function clickTrain(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Train live', exact: true }).click();
}

/** Waits until some model of the running bank has a checkpoint past step 0. */
export async function firstCheckpoint(page: Page): Promise<void> {
  await expect
    .poll(async () => (await records(page)).some((r) => r.status === 'training' && r.step > 0), {
      timeout: 120_000,
      interval: 100,
    })
    .toBe(true);
}

export async function idle(page: Page, timeout = 300_000): Promise<void> {
  await expect
    .poll(() => page.getByTestId('training').textContent(), { timeout, interval: 250 })
    .toBe('Idle');
}

/** Text of every notice (role="alert") on the page. */
export async function alerts(page: Page): Promise<string[]> {
  return page.getByRole('alert').allTextContents();
}

/** NaN or Infinity anywhere a user could see it: text, SVG geometry, attributes. */
export async function nonFiniteOnPage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const pattern = /\bNaN\b|Infinity/;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (pattern.test(n.textContent ?? '')) bad.push(`text: ${n.textContent}`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      for (const a of el.attributes)
        if (pattern.test(a.value)) bad.push(`${el.tagName}[${a.name}]=${a.value.slice(0, 80)}`);
    }
    return bad;
  });
}
