/**
 * The training worker of the production build, in real Chromium: backend selection in a worker, wasm
 * binaries located through Vite (?url + setWasmPaths), Fashion-MNIST over HTTP, training, and
 * checkpoints arriving as transferred Float32Arrays. Speaks the protocol (src/training/protocol/messages.ts)
 * to the built worker directly, so it needs nothing from the app's UI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './helpers';

interface RunSummary {
  ready: { backend: string; reason?: string; webglFailed: boolean };
  errors: string[];
  datasetLoaded: {
    nTrain: number;
    nVal: number;
    nTest: number;
    numClasses: number;
    valLabels: number;
  } | null;
  checkpoints: {
    step: number;
    models: { alpha: number; val: number; test: number; finite: boolean; diverged: boolean }[];
  }[];
  done: { stopped: boolean; step: number; totalSteps: number } | null;
  progressCount: number;
}

/** Drives one built worker through init → load → train → done inside the page; returns what it saw. */
async function runWorker(
  page: Page,
  workerUrl: string,
  backend: string,
  model: unknown,
  checkpointEvery: number,
): Promise<RunSummary> {
  return page.evaluate(
    async ({ workerUrl, backend, model, checkpointEvery }) => {
      const worker = new Worker(workerUrl, { type: 'module' });
      const summary: RunSummary = {
        ready: { backend: '', webglFailed: false },
        errors: [],
        datasetLoaded: null,
        checkpoints: [],
        done: null,
        progressCount: 0,
      };
      const finished = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          summary.errors.push('timed out');
          resolve();
        }, 150_000);
        worker.onerror = (e) => {
          summary.errors.push(`worker error: ${e.message} (${e.filename}:${e.lineno})`);
          clearTimeout(timer);
          resolve();
        };
        worker.onmessage = (e: MessageEvent) => {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- plain protocol data, checked below
          const m = e.data as any;
          if (m.type === 'ready') {
            summary.ready = { backend: m.backend, reason: m.reason, webglFailed: m.webglFailed };
            worker.postMessage({ type: 'load', datasetSpec: { id: 'fashion-mnist', trainSize: 300 } });
          } else if (m.type === 'datasetLoaded') {
            summary.datasetLoaded = { ...m.meta, valLabels: m.valLabels.length };
            worker.postMessage({
              type: 'train',
              runId: 'browser-test',
              model,
              settings: {
                alphas: [0, 0.2],
                seed: 1,
                epochs: 1,
                batchSize: 32,
                learningRate: 1e-3,
                checkpointEvery,
              },
            });
          } else if (m.type === 'progress') {
            summary.progressCount++;
          } else if (m.type === 'checkpoint') {
            summary.checkpoints.push({
              step: m.checkpoint.step,
              models: m.checkpoint.models.map(
                (x: {
                  alpha: number;
                  valLogits: Float32Array;
                  testLogits: Float32Array;
                  diverged: boolean;
                }) => ({
                  alpha: x.alpha,
                  val: x.valLogits instanceof Float32Array ? x.valLogits.length : -1,
                  test: x.testLogits instanceof Float32Array ? x.testLogits.length : -1,
                  finite: x.valLogits.every(Number.isFinite),
                  diverged: x.diverged,
                }),
              ),
            });
          } else if (m.type === 'done') {
            summary.done = { stopped: m.stopped, step: m.step, totalSteps: m.totalSteps };
            clearTimeout(timer);
            resolve();
          } else if (m.type === 'error') {
            summary.errors.push(`${m.during}: ${m.message}`);
            clearTimeout(timer);
            resolve();
          }
        };
      });
      worker.postMessage({ type: 'init', backend, dataBaseUrl: new URL('/data/', location.href).href });
      await finished;
      worker.terminate();
      return summary;
    },
    { workerUrl, backend, model, checkpointEvery },
  );
}

describe('training worker (production build, Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let workerUrl: string;

  beforeAll(async () => {
    // The training worker is the largest worker-*.js (the logits-import worker is another, small one).
    const name = readdirSync('dist/assets')
      .filter((f) => /^worker-.*\.js$/.test(f))
      .sort((a, b) => statSync(`dist/assets/${b}`).size - statSync(`dist/assets/${a}`).size)[0];
    if (!name) throw new Error('no worker-*.js in dist/assets: is the build current?');
    workerUrl = `/assets/${name}`;
    browser = await launchBrowser();
    // Any same-origin document will do; a small static file keeps the app's own UI out of the way.
    ({ page } = await openPage(browser, '/data/fashion-mnist/manifest.json'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('auto: picks a backend, loads Fashion-MNIST, trains an MLP bank, transfers checkpoints', async () => {
    const s = await runWorker(page, workerUrl, 'auto', { kind: 'mlp', hidden: [32] }, 5);
    expect(s.errors).toEqual([]);
    expect(['webgl', 'wasm', 'cpu']).toContain(s.ready.backend);
    if (s.ready.backend !== 'webgl') expect(s.ready.reason).toMatch(/webgl/);
    console.log(`auto backend in this browser: ${s.ready.backend} (${s.ready.reason ?? 'first choice'})`);
    expect(s.datasetLoaded).toMatchObject({ nTrain: 300, numClasses: 10 });
    const nVal = s.datasetLoaded?.nVal ?? 0;
    expect(s.datasetLoaded?.valLabels).toBe(nVal);
    expect(s.done).toEqual({ stopped: false, step: 9, totalSteps: 9 }); // floor(300 / 32) = 9 steps
    expect(s.checkpoints.map((c) => c.step)).toEqual([5, 9]);
    for (const m of s.checkpoints[1].models) {
      expect(m).toMatchObject({ val: nVal * 10, finite: true, diverged: false });
      expect(m.test).toBe((s.datasetLoaded?.nTest ?? 0) * 10);
    }
    expect(s.progressCount).toBeGreaterThan(0);
  });

  it('wasm (forced): the .wasm binaries load in the worker; a CNN bank trains', async () => {
    // One checkpoint only: evaluating 7,000 val + test images with a CNN on wasm takes a while.
    const s = await runWorker(page, workerUrl, 'wasm', { kind: 'cnn', filters: [4, 8], dense: 16 }, 100);
    expect(s.errors).toEqual([]);
    expect(s.ready).toMatchObject({ backend: 'wasm' });
    expect(s.ready.reason).toBeUndefined();
    expect(s.done).toMatchObject({ stopped: false, step: 9 });
    expect(s.checkpoints.at(-1)?.models.every((m) => m.finite && !m.diverged)).toBe(true);
  });

  // An MLP only: on a software WebGL (headless Chromium's SwiftShader) a CNN checkpoint takes minutes.
  it('webgl (forced, even software-rendered): an MLP bank trains in the worker', async () => {
    const s = await runWorker(page, workerUrl, 'webgl', { kind: 'mlp', hidden: [32] }, 100);
    expect(s.errors).toEqual([]);
    if (s.ready.backend !== 'webgl') return; // no WebGL in this browser: covered by the fallback above
    expect(s.done).toMatchObject({ stopped: false, step: 9 });
    expect(s.checkpoints.at(-1)?.models.every((m) => m.finite && !m.diverged)).toBe(true);
  });

  it('cpu (forced) works too', async () => {
    const s = await runWorker(page, workerUrl, 'cpu', { kind: 'mlp', hidden: [16] }, 100);
    expect(s.errors).toEqual([]);
    expect(s.ready.backend).toBe('cpu');
    expect(s.done?.step).toBe(9);
  });
});
