/**
 * The benchmark's smoke run (`npm run bench -- --quick` does the same): every measurement of
 * scripts/benchRun.ts at tiny sizes against the production build, so `npm run bench` cannot rot.
 * Checks that each figure is really measured (finite, positive, consistent with the others), not
 * how fast anything is: timings on this machine are too noisy to assert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, baseUrl } from './helpers';
import { BENCH_CHROMIUM_ARGS } from '../../scripts/benchDriver';
import { QUICK, formatReport, runBench } from '../../scripts/benchRun';
import { median } from '../../src/analysis/quantile';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...BENCH_CHROMIUM_ARGS],
    headless: true,
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('npm run bench (smoke)', () => {
  it('measures throughput, time to comparison, slider, initial JS and memory, and reports them', async () => {
    const report = await runBench(browser, baseUrl(), 'dist', QUICK);
    const table = formatReport(report);
    console.log(table);
    expect(report.problems).toEqual([]);

    // Throughput: one row per backend × bank size, each from real timed blocks.
    expect(report.throughput).toHaveLength(QUICK.throughput.backends.length * QUICK.throughput.models.length);
    for (const row of report.throughput) {
      expect(row.backend).toBe('wasm');
      expect(row.wasm?.simd).toBe(true);
      expect(row.blocks).toHaveLength(QUICK.throughput.repeats);
      for (const b of row.blocks) expect(b).toBeGreaterThan(0);
      expect(row.modelSamplesPerSec).toBeCloseTo((64 * row.models * 1000) / row.msPerStep, 6);
      expect(row.preset).toBe('fmnist-mlp');
      // XNNPACK's thread pool as the engine reports it, and whether the engine thread is isolated.
      expect(row.wasm?.threadsCount).toBeGreaterThanOrEqual(1);
      expect(row.wasm?.isolated).toBe(true);
    }
    // The CNN preset's model, one model and a bank, timed in the same worker.
    expect(report.cnn.map((r) => [r.preset, r.models])).toEqual(
      QUICK.cnn!.models.map((m) => ['fmnist-cnn', m]),
    );
    for (const row of report.cnn) for (const b of row.blocks) expect(b).toBeGreaterThan(0);
    // The native baseline ran where numpy is installed; otherwise it says why it was skipped.
    if (Array.isArray(report.native)) {
      for (const n of report.native) {
        expect(n.modelSamplesPerSec).toBeGreaterThan(0);
        // Both thread settings ran, and the baseline is the faster median of the two.
        expect(n.runs.length).toBeGreaterThan(0);
        expect(n.runsOneThread.length).toBe(n.runs.length);
        const [all, one] = [median(n.runs), median(n.runsOneThread)];
        expect(n.modelSamplesPerSec).toBe(Math.max(all, one));
        expect(n.threads).toBe(one > all ? 'one' : 'all');
      }
      expect(table).toContain('Native (numpy) is the faster median');
    } else {
      expect(report.native.skipped).toMatch(/\S/);
    }

    // Train → comparison: the pair trained here, to the last step.
    expect(report.comparison).toHaveLength(1);
    const run = report.comparison[0];
    expect(run.seconds).toBeGreaterThan(0);
    expect(run.steps).toBe(Math.floor(300 / 64)); // 1 epoch of 300 images, batch 64
    expect(run.longTasks.tasks).toHaveLength(run.longTasks.count);
    // At least the final checkpoint reached the page (a short run may have no live one).
    expect(run.checkpoints).toBeGreaterThanOrEqual(1);
    // The backend probe chose the comparison's backend (the page runs under auto): wasm timed,
    // the SwiftShader WebGL and WebGPU (--enable-unsafe-webgpu) left out as software, and the table
    // shows the choice, each backend's figures and the time the probe took.
    const probe = run.probe;
    expect(probe?.backend).toBe(run.backend);
    expect(probe?.entries.map((e) => [e.backend, e.status])).toEqual([
      ['wasm', 'timed'],
      ['webgl', 'skipped'],
      ['webgpu', 'skipped'],
    ]);
    expect(probe?.entries[2]).toMatchObject({ why: expect.stringMatching(/^software adapter/) });
    expect(probe?.msPerStep).toBeGreaterThan(0);
    expect(probe?.durationMs).toBeGreaterThan(0);
    expect(probe?.models).toBe(2);
    expect(table).toContain(
      `Backend probe (auto, before the first Train): **wasm** — ${probe?.reason}. It took `,
    );
    expect(table).toMatch(/\| wasm \| timed, \*\*chosen\*\* \| [\d.]+ \| [\d., ]+ \| \d+ ms \|/);
    expect(table).toContain('| webgl | skipped: software renderer (SwiftShader) | — | — | — |');

    // Slider: every move timed, charts final after each move's synchronous work, table follows α.
    expect(report.slider.renderMs).toHaveLength(QUICK.sliderMoves);
    expect(report.slider.settledSynchronously).toBe(true);
    expect(report.slider.tableFollowsAlpha).toBe(true);

    // Initial JS: the page's own bundle before the first paint, without tfjs; the worker has it.
    expect(report.initialJs.beforePaint.length).toBeGreaterThan(0);
    expect(report.initialJs.beforePaintGzipBytes).toBeGreaterThan(10_000);
    expect(report.initialJs.tfjsBeforePaint).toBe(false);
    expect(report.initialJs.worker?.gzipBytes).toBeGreaterThan(report.initialJs.beforePaintGzipBytes);

    // Memory: sampled at (or just after) each requested step; the tensor count is flat.
    expect(report.memory).toHaveLength(2);
    expect(report.memory[0].step).toBeGreaterThanOrEqual(QUICK.memory.at[0]);
    expect(report.memory[1].step).toBeGreaterThanOrEqual(QUICK.memory.at[1]);
    expect(report.memory[0].tensors).toBeGreaterThan(0);
    expect(report.memory[1].tensors).toBe(report.memory[0].tensors);
    for (const m of report.memory) {
      expect(m.workerHeapBytes).toBeGreaterThan(1e6);
      expect(m.pageHeapBytes).toBeGreaterThan(1e6);
    }

    // The report carries every target, met or not, and the table shows each.
    expect(report.targets.map((t) => t.name)).toHaveLength(8);
    expect(table).toContain('| CNN | wasm → wasm');
    for (const t of report.targets) expect(table).toContain(t.name);
  });
});
