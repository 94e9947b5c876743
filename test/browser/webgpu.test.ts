/**
 * ?backend=webgpu (issue 16): with --enable-unsafe-webgpu, headless Chromium gives its workers a
 * WebGPU adapter (SwiftShader, on the CPU); the engine trains on tfjs-backend-webgpu there, and the
 * logits it computes agree with the cpu backend's from the same weights (crossCheck). Without an
 * adapter, ?backend=webgpu falls back (to wasm here: the software WebGL is not a fallback) and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchBrowser, openPage } from './helpers';

let gpuBrowser: Browser;
let plainBrowser: Browser;
beforeAll(async () => {
  gpuBrowser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'],
    headless: true,
  });
  plainBrowser = await launchBrowser();
});
afterAll(async () => {
  await gpuBrowser?.close();
  await plainBrowser?.close();
});

describe('WebGPU backend', () => {
  it('trains a bank on WebGPU in a Web Worker and agrees with cpu on the same weights', async () => {
    const { page, log } = await openPage(gpuBrowser, '/?dataset=blobs&model=mlp&backend=webgpu');
    await page.waitForFunction(() => window.lssc?.engine.getState().dataset != null, null, {
      timeout: 60_000,
    });
    const result = await page.evaluate(async () => {
      const client = window.lssc!.client();
      const ready = await client.ready;
      const nTrain = window.lssc!.engine.getState().dataset!.meta.nTrain;
      const done = new Promise<number>((resolve) =>
        client.onDone((m) => m.runId === 'gpu' && resolve(m.step)),
      );
      client.train(
        'gpu',
        { kind: 'mlp', hidden: [16] },
        { alphas: [0, 0.2], seed: 3, epochs: 1, batchSize: 32, learningRate: 1e-2, checkpointEvery: 8 },
      );
      const steps = await done;
      const x = await client.diagnostics.crossCheck('gpu', 'cpu');
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
      const memory = await client.diagnostics.memory();
      return { ready, nTrain, steps, backend: x.backend, maxDiff, maxAbs, count, tensors: memory.numTensors };
    });
    console.log(
      `WebGPU vs cpu on the same weights: max |Δlogit| ${result.maxDiff.toExponential(2)} over ${result.count} logits (max |logit| ${result.maxAbs.toFixed(2)})`,
    );
    expect(result.ready).toMatchObject({ backend: 'webgpu', where: 'worker' });
    expect(result.ready.reason).toBeUndefined();
    expect(result.backend).toBe('webgpu');
    expect(result.steps).toBe(Math.floor(result.nTrain / 32));
    expect(result.count).toBeGreaterThan(0);
    expect(result.maxAbs).toBeGreaterThan(0.1); // trained logits, not zeros
    // float32 on two backends (WebGPU's shaders against cpu's loops): to ~1e-4 of logits of order 1.
    expect(result.maxDiff).toBeLessThan(1e-4 * Math.max(1, result.maxAbs));
    expect(await page.getByTestId('backend').innerText()).toMatch(/^webgpu in a Web Worker/);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('without an adapter, ?backend=webgpu falls back to wasm and says why', async () => {
    const { page, log } = await openPage(plainBrowser, '/?dataset=blobs&model=mlp&backend=webgpu');
    const ready = await page.evaluate(() => window.lssc!.client().ready);
    expect(ready.backend).toBe('wasm');
    expect(ready.reason).toMatch(
      /^using wasm: webgpu: the browser offers no WebGPU device; webgl: software renderer/,
    );
    await expect
      .poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 })
      .toMatch(
        /wasm( \([^)]*\))? in a Web Worker( \+ a helper)? — using wasm: webgpu: the browser offers no WebGPU device/,
      );
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
