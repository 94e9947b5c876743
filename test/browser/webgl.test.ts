/**
 * Acceptance: the WebGL backend trains in a Web Worker in headless Chromium, and the logits it
 * computes agree with the cpu backend's on the same weights (read back from the WebGL variables and
 * re-uploaded on cpu inside the worker, crossCheck in protocol/diagnostics.ts).
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

describe('WebGL in a worker', () => {
  it('trains an MLP bank on WebGL in a Web Worker and agrees with the cpu backend on the same weights', async () => {
    const { page, log } = await openPage(browser, '/?backend=webgl');
    const result = await page.evaluate(async () => {
      const lssc = window.lssc;
      if (!lssc) throw new Error('window.lssc missing');
      const client = lssc.client();
      const ready = await client.ready;
      // A small training set of its own (the page itself loads the preset's 10,000 images first).
      const loaded = new Promise<void>((resolve) =>
        client.onDatasetLoaded((m) => m.meta.nTrain === 2000 && resolve()),
      );
      client.load({ id: 'fashion-mnist', trainSize: 2000 });
      await loaded;
      const checkpoints: number[] = [];
      client.onCheckpoint((runId, c) => runId === 'xcheck' && checkpoints.push(c.step));
      const done = new Promise<number>((resolve) =>
        client.onDone((m) => m.runId === 'xcheck' && resolve(m.step)),
      );
      client.train(
        'xcheck',
        { kind: 'mlp', hidden: [64] },
        {
          alphas: [0, 0.2],
          seed: 3,
          epochs: 1,
          batchSize: 64,
          learningRate: 1e-3,
          checkpointEvery: 10,
        },
      );
      const steps = await done;
      const x = await client.diagnostics.crossCheck('xcheck', 'cpu');
      let maxDiff = 0;
      let maxAbs = 0;
      let count = 0;
      for (let m = 0; m < x.here.length; m++) {
        for (let i = 0; i < x.here[m].length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(x.here[m][i] - x.there[m][i]));
          maxAbs = Math.max(maxAbs, Math.abs(x.there[m][i]));
          count++;
        }
      }
      return {
        ready,
        steps,
        checkpoints,
        backend: x.backend,
        reference: x.reference,
        maxDiff,
        maxAbs,
        count,
      };
    });
    console.log(
      `WebGL vs cpu on the same weights: max |Δlogit| ${result.maxDiff.toExponential(2)} over ${result.count} logits (max |logit| ${result.maxAbs.toFixed(2)})`,
    );
    expect(result.ready.backend).toBe('webgl');
    expect(result.ready.where).toBe('worker');
    expect(result.backend).toBe('webgl');
    expect(result.reference).toBe('cpu');
    expect(result.steps).toBe(31); // 2,000 images / batch 64, last partial batch dropped
    expect(result.checkpoints.length).toBeGreaterThanOrEqual(3);
    expect(result.count).toBe(2 * 5000 * 10);
    expect(result.maxAbs).toBeGreaterThan(0.5); // trained logits, not zeros
    // float32 on two different backends: agreement to ~1e-4 relative.
    expect(result.maxDiff).toBeLessThan(1e-4);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
