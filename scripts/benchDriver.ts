/**
 * The benchmark's measurements, driven in headless Chromium against the production build: used by
 * `npm run bench` (scripts/bench.ts, full size) and by the smoke test in the browser suite
 * (test/browser/bench.test.ts, tiny sizes) so the benchmark cannot rot.
 *
 * Each function opens its own page, so one measurement never inherits another's state.
 *  - throughput: the engine's 'bench' message (src/training/stepBench.ts) times training steps of
 *    the default preset's model in the app's own worker, for each requested backend (?backend=),
 *    with M = 1 model and an α-bank of M models;
 *  - comparison: wall time from pressing Train (Train live) until both models are trained and
 *    every chart shows them, with the main thread's long tasks (PerformanceObserver 'longtask');
 *  - slider: moving the α slider between already-trained α's: time until every chart re-rendered;
 *  - initialJs: the JavaScript loaded before the first contentful paint, gzip-compressed;
 *  - memory: the engine's tensor count and the JS heaps after N1 and N2 training steps.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { SOAK_CHROMIUM_ARGS, measureHeaps } from './soakDriver';
import { median, quantile } from '../src/analysis/quantile';
import type { ProbeReport } from '../src/training/protocol/backendProbe';

/**
 * Chromium flags: gc() in page and worker, and immediate heap measurements (as the soak); WebGPU
 * (headless Chromium offers its workers a SwiftShader adapter only with --enable-unsafe-webgpu), so
 * that ?backend=webgpu can be timed and the backend probe sees every backend a browser may have.
 */
export const BENCH_CHROMIUM_ARGS = [...SOAK_CHROMIUM_ARGS, '--enable-unsafe-webgpu'];

const LONG = { timeout: 900_000, polling: 100 } as const;

export interface LongTaskSummary {
  count: number;
  /** Longest task, ms (0 when none). */
  maxMs: number;
  totalMs: number;
  /** Each long task: when it started (ms after the window opened) and how long it took. */
  tasks: { atMs: number; ms: number }[];
}

export interface ThroughputRow {
  requested: string;
  /** The preset whose model was timed (its own batch size). */
  preset: string;
  /** The backend the engine really used (a requested one can be unavailable). */
  backend: string;
  where: string;
  models: number;
  msPerStep: number;
  /** model-samples per second: batch × models / (s per step). */
  modelSamplesPerSec: number;
  blocks: number[];
  /** tfjs kernels one training step runs, where the engine reports it. */
  opsPerStep?: number;
  wasm?: { simd: boolean; threads: boolean; threadsCount: number; isolated: boolean; workers?: number };
}

export interface ComparisonRun {
  seconds: number;
  longTasks: LongTaskSummary;
  backend: string;
  steps: number;
  /** Checkpoints the page received (live previews and the final one): each redraws the charts. */
  checkpoints: number;
  /** Time between two checkpoints reaching the page: median and 90th percentile, ms. */
  refreshMedianMs: number;
  refreshP90Ms: number;
  /** The backend probe's decision before this run (the page runs under auto): null if none ran. */
  probe: ProbeReport | null;
}

export interface SliderResult {
  moves: number;
  /** Script (React render, commit, effects: canvas drawing) and layout, per move: ms. */
  renderMs: number[];
  /** Until the next animation frame after the move: ms. */
  frameMs: number[];
  /** Every chart's content was final when the move's synchronous work ended. */
  settledSynchronously: boolean;
  /** The metrics table differed between different α's and matched for the same α. */
  tableFollowsAlpha: boolean;
  longTasks: LongTaskSummary;
}

export interface InitialJs {
  /** Scripts the page loaded before its first contentful paint. */
  beforePaint: { file: string; gzipBytes: number }[];
  beforePaintGzipBytes: number;
  /** The training worker's script (tfjs inside), loaded by the worker. */
  worker: { file: string; gzipBytes: number } | null;
  firstContentfulPaintMs: number;
  /** tfjs was not among the scripts loaded before the first paint. */
  tfjsBeforePaint: boolean;
}

export interface MemoryPoint {
  step: number;
  tensors: number;
  tensorBytes: number;
  workerHeapBytes: number | null;
  pageHeapBytes: number | null;
}

declare global {
  interface Window {
    __benchLongTasks?: { start: number; duration: number }[];
    __benchCheckpoints?: number[];
  }
}

/** Opens a page that records long tasks from the start, console errors and foreign requests. */
async function open(browser: Browser, baseUrl: string, path: string, problems: string[]): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    serviceWorkers: 'block',
  });
  // tsx (esbuild, keepNames) wraps named functions inside the evaluated code in __name(…).
  await context.addInitScript('globalThis.__name = (f) => f;');
  await context.addInitScript(() => {
    window.__benchLongTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__benchLongTasks!.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // No long-task timing in this browser: the summary stays empty.
    }
  });
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  page.on('console', (m) => m.type() === 'error' && problems.push(`console (${path}): ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror (${path}): ${e.message}`));
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))
      problems.push(`foreign request: ${u}`);
  });
  await page.goto(new URL(path, baseUrl).toString());
  await page.waitForFunction(() => window.lssc?.engine.getState().dataset != null, null, LONG);
  return page;
}

async function close(page: Page): Promise<void> {
  await page.context().close();
}

/** Long tasks that started in [from, to] (page time, ms). */
async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTaskSummary> {
  return page.evaluate(
    ({ from, to }) => {
      const tasks = (window.__benchLongTasks ?? []).filter((t) => t.start >= from && t.start <= to);
      return {
        count: tasks.length,
        maxMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
        totalMs: tasks.reduce((s, t) => s + t.duration, 0),
        tasks: tasks.map((t) => ({ atMs: Math.round(t.start - from), ms: Math.round(t.duration) })),
      };
    },
    { from, to },
  );
}

export interface ThroughputOptions {
  backends: string[];
  models: number[];
  /** Timed blocks per figure (the median is reported). */
  repeats: number;
  targetBlockMs: number;
  /** The preset whose model is timed; default: the page's (the default preset). */
  preset?: string;
}

/** Training throughput of the default preset's model, per backend and bank size. */
export async function measureThroughput(
  browser: Browser,
  baseUrl: string,
  options: ThroughputOptions,
  problems: string[],
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const requested of options.backends) {
    const page = await open(browser, baseUrl, `/?backend=${requested}`, problems);
    try {
      for (const models of options.models) {
        const r = await page.evaluate(
          async ({ models, repeats, targetBlockMs, presetId }) => {
            const l = window.lssc!;
            const preset = l.presets[(presetId ?? l.settings.getState().preset) as keyof typeof l.presets];
            const client = l.client();
            const info = await client.ready;
            const reply = await client.diagnostics.bench({
              model: preset.model,
              batchSize: preset.training.batchSize,
              models,
              repeats,
              targetBlockMs,
            });
            return { reply, where: info.where, batchSize: preset.training.batchSize, preset: preset.id };
          },
          {
            models,
            repeats: options.repeats,
            targetBlockMs: options.targetBlockMs,
            presetId: options.preset ?? null,
          },
        );
        const ms = median(r.reply.msPerStep);
        const row: ThroughputRow = {
          requested,
          preset: r.preset,
          backend: r.reply.backend,
          where: r.where,
          models,
          msPerStep: ms,
          modelSamplesPerSec: (r.batchSize * models * 1000) / ms,
          blocks: r.reply.msPerStep,
        };
        if (r.reply.wasm) row.wasm = r.reply.wasm;
        const ops = (r.reply as { opsPerStep?: unknown }).opsPerStep;
        if (typeof ops === 'number') row.opsPerStep = ops;
        rows.push(row);
      }
    } finally {
      await close(page);
    }
  }
  return rows;
}

export interface ComparisonOptions {
  runs: number;
  /** Settings changed before pressing Train (the smoke test trains a small pair). */
  settings?: { epochs?: number; trainSize?: number };
}

/**
 * Press Train on the default page (which opens showing the bundled precomputed bank: the button
 * reads "Train live") and wait until both models of the pair are trained here and every chart has
 * drawn them: the pair's records are done, nothing is queued, and two animation frames have passed.
 */
export async function measureComparison(
  browser: Browser,
  baseUrl: string,
  options: ComparisonOptions,
  problems: string[],
): Promise<ComparisonRun[]> {
  const runs: ComparisonRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    const page = await open(browser, baseUrl, '/', problems);
    try {
      if (options.settings) {
        await page.evaluate((s) => {
          const st = window.lssc!.settings.getState();
          if (s.epochs !== undefined) st.set('epochs', s.epochs);
          if (s.trainSize !== undefined) window.lssc!.settings.getState().set('trainSize', s.trainSize);
        }, options.settings);
        await page.waitForFunction(() => window.lssc?.engine.getState().dataset != null, null, LONG);
      } else {
        // The default page: wait for the precomputed bank, so pressing the button retrains the pair.
        await page.waitForFunction(
          () => Object.values(window.lssc!.runs.getState().records).some((r) => r.origin),
          null,
          LONG,
        );
      }
      await page.getByRole('button', { name: /^(Train|Train live)$/ }).waitFor();
      // The click is dispatched in the page, as a user's would be: Playwright's own click runs its
      // selector engine and actionability checks on the page's main thread, which would show up as
      // the page's long tasks.
      const t0 = await page.evaluate(() => {
        const at: number[] = [];
        window.__benchCheckpoints = at;
        window.lssc!.client().onCheckpoint(() => at.push(performance.now()));
        const button = [...document.querySelectorAll('button')].find((b) =>
          /^(Train|Train live)$/.test(b.textContent?.trim() ?? ''),
        );
        if (!button) throw new Error('bench: no Train button');
        const t = performance.now();
        button.click();
        return t;
      });
      const done = await page.evaluate(async () => {
        const finished = (): boolean => {
          const r = window.lssc!.runs.getState();
          const live = Object.values(r.records).filter((x) => !x.origin);
          return (
            r.active === null &&
            r.queue.length === 0 &&
            live.length >= 2 &&
            live.every((x) => x.status === 'done')
          );
        };
        const frame = (): Promise<number> =>
          new Promise((res) => requestAnimationFrame(() => res(performance.now())));
        while (!finished()) await frame();
        await frame();
        const t = await frame();
        const live = Object.values(window.lssc!.runs.getState().records).filter((x) => !x.origin);
        return { t, steps: Math.max(...live.map((x) => x.step)) };
      });
      const backend = await page.evaluate(() => window.lssc!.client().info?.backend ?? '?');
      const probe = await page.evaluate(() => window.lssc!.client().info?.probe ?? null);
      const at = await page.evaluate(() => window.__benchCheckpoints ?? []);
      const gaps = at.slice(1).map((t, i) => t - at[i]);
      runs.push({
        seconds: (done.t - t0) / 1000,
        longTasks: await longTasksBetween(page, t0, done.t),
        backend,
        steps: done.steps,
        checkpoints: at.length,
        refreshMedianMs: median(gaps),
        refreshP90Ms: quantile(gaps, 0.9),
        probe,
      });
    } finally {
      await close(page);
    }
  }
  return runs;
}

/**
 * Moves the α slider between α's the bundled bank has trained (the default page), `moves` times.
 * Per move: the synchronous work (React renders and commits, effects draw the canvases) plus a
 * forced layout, and the time to the next animation frame. A fingerprint of every chart taken
 * right after the synchronous work and again two frames later tells whether anything was still
 * drawing afterwards.
 */
export async function measureSlider(
  browser: Browser,
  baseUrl: string,
  moves: number,
  problems: string[],
): Promise<SliderResult> {
  const page = await open(browser, baseUrl, '/', problems);
  try {
    await page.waitForFunction(
      () => Object.values(window.lssc!.runs.getState().records).filter((r) => r.origin).length >= 3,
      null,
      LONG,
    );
    // Let the first full render settle and the idle-time chart data of every trained α finish
    // (state/prewarm.ts): the measurement is of moving to an α the page has ready.
    await page.waitForTimeout(500);
    await page.waitForFunction(() => window.lssc!.prewarmPending() === 0, null, LONG);
    const measured = await page.evaluate(async (moves) => {
      const slider = document.querySelector<HTMLInputElement>(
        'input[type="range"][aria-label="Label smoothing α"]',
      );
      if (!slider) throw new Error('bench: no α slider');
      const trained = [
        ...new Set(
          Object.values(window.lssc!.runs.getState().records)
            .filter((r) => r.origin && r.status === 'done' && r.alpha > 0)
            .map((r) => r.alpha),
        ),
      ].sort((a, b) => a - b);
      if (trained.length < 2) throw new Error('bench: fewer than two trained α’s to move between');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const frame = (): Promise<number> =>
        new Promise((res) => requestAnimationFrame(() => res(performance.now())));
      const fingerprint = (): string => {
        const parts: string[] = [];
        for (const el of document.querySelectorAll('svg path, svg text, table, canvas')) {
          if (el instanceof HTMLCanvasElement) {
            // FNV-1a of the pixels' PNG: the canvas's content, not just its size.
            const url = el.toDataURL();
            let h = 0x811c9dc5;
            for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193);
            parts.push(String(el.width), String(el.height), String(h >>> 0));
          } else if (el.tagName === 'path') parts.push(el.getAttribute('d') ?? '');
          else parts.push(el.textContent ?? '');
        }
        return parts.join('|');
      };
      const table = (): string =>
        document.querySelector('table[aria-label="Metrics"], [aria-label="Metrics"]')?.textContent ?? '';
      const renderMs: number[] = [];
      const frameMs: number[] = [];
      const tableBy = new Map<number, string>();
      let settled = true;
      let follows = true;
      const move = (alpha: number): void => {
        setValue.call(slider, String(alpha));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        void document.body.offsetHeight; // forces style and layout
      };
      // Untimed first pass over every trained α (first renders, JIT): check that each move's
      // synchronous work leaves every chart final (nothing still drawing two frames later) and
      // that the metrics table follows α.
      for (const alpha of trained) {
        move(alpha);
        const fp = fingerprint();
        tableBy.set(alpha, table());
        await frame();
        await frame();
        await frame();
        if (fingerprint() !== fp) settled = false;
      }
      const start = performance.now();
      for (let i = 0; i < moves; i++) {
        const alpha = trained[(i + 1) % trained.length];
        const t0 = performance.now();
        move(alpha);
        const t1 = performance.now();
        const text = table();
        const t2 = await frame();
        renderMs.push(t1 - t0);
        frameMs.push(t2 - t0);
        if (tableBy.get(alpha) !== text) follows = false;
      }
      if (new Set(tableBy.values()).size !== tableBy.size) follows = false;
      return {
        moves,
        renderMs,
        frameMs,
        settledSynchronously: settled,
        tableFollowsAlpha: follows,
        start,
        end: performance.now(),
      };
    }, moves);
    const { start, end, ...result } = measured;
    return { ...result, longTasks: await longTasksBetween(page, start, end) };
  } finally {
    await close(page);
  }
}

/** gzip size of a file of dist/ (level 9, as a static host would precompress it). */
function gzipBytes(distDir: string, file: string): number {
  return gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
}

/** The JavaScript loaded before the first contentful paint, and the worker's script. */
export async function measureInitialJs(
  browser: Browser,
  baseUrl: string,
  distDir: string,
  problems: string[],
): Promise<InitialJs> {
  const page = await open(browser, baseUrl, '/', problems);
  try {
    await page.waitForFunction(
      () => performance.getEntriesByName('first-contentful-paint').length > 0,
      null,
      LONG,
    );
    const entries = await page.evaluate(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0].startTime;
      const scripts = performance
        .getEntriesByType('resource')
        .filter((e) => /\.js(\?|$)/.test(e.name))
        .map((e) => ({ name: e.name, start: e.startTime }));
      return { fcp, scripts };
    });
    const assets = new Set(readdirSync(join(distDir, 'assets')));
    const fileOf = (url: string): string | null => {
      const name = new URL(url).pathname.split('/').pop() ?? '';
      return assets.has(name) ? `assets/${name}` : null;
    };
    const beforePaint = entries.scripts
      .filter((s) => s.start <= entries.fcp)
      .map((s) => fileOf(s.name))
      .filter((f): f is string => f !== null && !/worker-/.test(f))
      .map((file) => ({ file, gzipBytes: gzipBytes(distDir, file) }));
    // The training worker is the largest worker-*.js (the logits-import worker is a small second one).
    const workers = [...assets].filter((f) => /^worker-.*\.js$/.test(f));
    const sizes = workers.map((f) => ({ file: `assets/${f}`, gzipBytes: gzipBytes(distDir, `assets/${f}`) }));
    sizes.sort((a, b) => b.gzipBytes - a.gzipBytes);
    // tfjs-core's flag registry message survives minification: a chunk that has it has tfjs.
    const tfjsBeforePaint = beforePaint.some((s) =>
      readFileSync(join(distDir, s.file), 'utf8').includes('Cannot evaluate flag'),
    );
    return {
      beforePaint,
      beforePaintGzipBytes: beforePaint.reduce((a, s) => a + s.gzipBytes, 0),
      worker: sizes[0] ?? null,
      firstContentfulPaintMs: entries.fcp,
      tfjsBeforePaint,
    };
  } finally {
    await close(page);
  }
}

export interface MemoryOptions {
  /** Step counts at which to sample, ascending (e.g. 1000 and 5000). */
  at: number[];
  /** Training-set size (default the preset's); epochs are set so the run lasts past the last sample. */
  trainSize?: number;
}

/** Trains the default pair long enough and samples tensors and heaps at the given steps. */
export async function measureMemory(
  browser: Browser,
  baseUrl: string,
  options: MemoryOptions,
  problems: string[],
): Promise<MemoryPoint[]> {
  const page = await open(browser, baseUrl, '/', problems);
  try {
    await page.evaluate(
      (o) => {
        const l = window.lssc!;
        const s = l.settings.getState();
        const preset = l.presets[s.preset];
        const n = o.trainSize ?? preset.dataset.trainSize;
        if (o.trainSize !== undefined) s.set('trainSize', o.trainSize);
        const perEpoch = Math.floor(n / preset.training.batchSize);
        l.settings.getState().set('epochs', Math.ceil((o.last + 50) / perEpoch));
      },
      { trainSize: options.trainSize, last: options.at[options.at.length - 1] },
    );
    await page.waitForFunction(() => window.lssc?.engine.getState().dataset != null, null, LONG);
    await page.getByRole('button', { name: /^(Train|Train live)$/ }).click();
    const points: MemoryPoint[] = [];
    for (const at of options.at) {
      await page.waitForFunction(
        (at) => Object.values(window.lssc!.runs.getState().records).some((r) => !r.origin && r.step >= at),
        at,
        LONG,
      );
      const heaps = await measureHeaps(page);
      const step = await page.evaluate(() =>
        Math.max(
          ...Object.values(window.lssc!.runs.getState().records)
            .filter((r) => !r.origin)
            .map((r) => r.step),
        ),
      );
      points.push({
        step,
        tensors: heaps.tensors,
        tensorBytes: heaps.tensorBytes,
        workerHeapBytes: heaps.workerHeapBytes || null,
        pageHeapBytes: heaps.pageHeapBytes || null,
      });
    }
    return points;
  } finally {
    await close(page);
  }
}
