/**
 * The main-thread fallback: the same engine, hosted in the page instead of a worker (what the client
 * does when only the page can get WebGL), forced here with ?engine=main. It must load the data, train
 * a pair and report checkpoints exactly like the worker does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('main-thread engine', () => {
  it('trains on the main thread with the same protocol and reports where it runs', async () => {
    const { page, log } = await openPage(browser, '/?engine=main&backend=wasm');
    await expect
      .poll(() => page.getByTestId('backend').textContent(), { timeout: 60_000 })
      .toMatch(/wasm( \([^)]*\))? in the main thread/);
    const result = await page.evaluate(async () => {
      const client = window.lssc!.client();
      const loaded = new Promise<void>((resolve) =>
        client.onDatasetLoaded((m) => m.meta.nTrain === 500 && resolve()),
      );
      client.load({ id: 'fashion-mnist', trainSize: 500 });
      await loaded;
      const steps: number[] = [];
      client.onCheckpoint((runId, c) => runId === 'main' && steps.push(c.step));
      const done = new Promise<number>((resolve) =>
        client.onDone((m) => m.runId === 'main' && resolve(m.step)),
      );
      client.train(
        'main',
        { kind: 'mlp', hidden: [32] },
        {
          alphas: [0, 0.2],
          seed: 1,
          epochs: 2,
          batchSize: 50,
          learningRate: 1e-3,
          checkpointEvery: 5,
        },
      );
      return { last: await done, steps, info: client.info };
    });
    expect(result.info?.where).toBe('main-thread');
    expect(result.last).toBe(20); // 500 / 50 × 2 epochs
    expect(result.steps).toEqual([5, 10, 15, 20]);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
