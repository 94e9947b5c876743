/**
 * The soak: reset-and-retrain cycles in one page for a given time, sampling the training engine's
 * tensor count and the JS heaps of the page and of the worker after every cycle (after a forced
 * garbage collection in both). Used by `npm run soak` (scripts/soak.ts, 10 minutes) and by the
 * browser test suite (test/browser/soak.test.ts, about one minute).
 *
 * The cycles rotate through three phases so that data loading, a pair and a whole α-bank are all
 * exercised: a 2-D blobs pair, a Fashion-MNIST pair (500 images), and a blobs α-sweep (11 models).
 * A finished run's trainer stays in the engine until the next one, so the tensor count after a
 * cycle depends on its phase: "flat" means every cycle of a phase ends with the same count.
 */
import type { Browser, Page } from 'playwright-core';

/** Chromium flags the soak needs: gc() in page and worker, and an immediate memory measurement. */
export const SOAK_CHROMIUM_ARGS = [
  '--js-flags=--expose-gc',
  '--enable-blink-features=ForceEagerMeasureMemory',
];

export interface SoakSample {
  cycle: number;
  phase: string;
  /** Seconds since the soak started. */
  seconds: number;
  tensors: number;
  tensorBytes: number;
  pageHeapBytes: number;
  workerHeapBytes: number;
  /** Trained model records in the page's store (bounded: Reset forgets them); precomputed ones left out. */
  records: number;
}

export interface SoakResult {
  samples: SoakSample[];
  /** Console errors, uncaught exceptions and requests to another origin. */
  problems: string[];
  /** Per phase: the distinct tensor counts seen (one value = flat). */
  tensorsByPhase: Record<string, number[]>;
}

export interface SoakOptions {
  browser: Browser;
  baseUrl: string;
  durationMs: number;
  /** Called with each sample as it is taken. */
  onSample?: (s: SoakSample) => void;
  /** 'full' (default): the three phases below; 'quick': the two pairs, smaller (the test suite). */
  phases?: 'full' | 'quick';
}

interface Phase {
  name: string;
  preset: 'blobs-mlp' | 'fmnist-mlp';
  epochs: number;
  trainSize: number;
  action: 'train' | 'sweep';
}

const PHASES: Record<'full' | 'quick', Phase[]> = {
  full: [
    { name: 'blobs pair', preset: 'blobs-mlp', epochs: 2, trainSize: 400, action: 'train' },
    { name: 'fashion-mnist pair', preset: 'fmnist-mlp', epochs: 1, trainSize: 500, action: 'train' },
    { name: 'blobs sweep (11 models)', preset: 'blobs-mlp', epochs: 1, trainSize: 400, action: 'sweep' },
  ],
  quick: [
    { name: 'blobs pair', preset: 'blobs-mlp', epochs: 1, trainSize: 200, action: 'train' },
    { name: 'fashion-mnist pair', preset: 'fmnist-mlp', epochs: 1, trainSize: 200, action: 'train' },
  ],
};

const LONG = { timeout: 300_000, polling: 100 } as const;

async function configure(page: Page, phase: Phase): Promise<void> {
  await page.evaluate((p) => {
    const s = window.lssc!.settings.getState();
    if (s.preset !== p.preset) s.applyPreset(p.preset);
    window.lssc!.settings.getState().set('epochs', p.epochs);
    window.lssc!.settings.getState().set('trainSize', p.trainSize);
  }, phase);
  await page.waitForFunction(() => window.lssc?.engine.getState().dataset != null, null, LONG);
}

async function trainAndWait(page: Page, phase: Phase): Promise<void> {
  const name = phase.action === 'train' ? 'Train live' : 'Sweep α';
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForFunction(
    () => {
      const r = window.lssc!.runs.getState();
      return r.active === null && r.queue.length === 0;
    },
    null,
    LONG,
  );
}

/**
 * Runs IN THE PAGE (page.evaluate(measureHeaps)): gc() in the worker (through the engine's memory
 * message) and the page, then the JS heaps of the page and of its workers from
 * measureUserAgentSpecificMemory (cross-origin isolated pages; immediate with
 * ForceEagerMeasureMemory). Also returns the engine's tensor count. Used by the soak and the bench.
 */
export async function measureHeaps(): Promise<{
  tensors: number;
  tensorBytes: number;
  pageHeapBytes: number;
  workerHeapBytes: number;
}> {
  const engine = await window.lssc!.client().diagnostics.memory(); // runs gc() in the worker first
  (globalThis as { gc?: () => void }).gc?.();
  const perf = performance as Performance & {
    measureUserAgentSpecificMemory?: () => Promise<{
      breakdown: { bytes: number; attribution: { scope: string }[] }[];
    }>;
  };
  let pageHeapBytes = 0;
  let workerHeapBytes = 0;
  const m = await perf.measureUserAgentSpecificMemory?.();
  for (const b of m?.breakdown ?? []) {
    const scope = b.attribution[0]?.scope;
    if (scope === 'Window') pageHeapBytes += b.bytes;
    if (scope === 'DedicatedWorkerGlobalScope') workerHeapBytes += b.bytes;
  }
  return { tensors: engine.numTensors, tensorBytes: engine.numBytes, pageHeapBytes, workerHeapBytes };
}

async function sample(page: Page, cycle: number, phase: string, t0: number): Promise<SoakSample> {
  const heaps = await page.evaluate(measureHeaps);
  return page.evaluate(
    ({ cycle, phase, t0, heaps }) => {
      const { tensors, tensorBytes, pageHeapBytes, workerHeapBytes } = heaps;
      return {
        cycle,
        phase,
        seconds: (Date.now() - t0) / 1000,
        tensors,
        tensorBytes,
        pageHeapBytes,
        workerHeapBytes,
        // Trained records only: the bundled bank's precomputed models are the page's own.
        records: Object.values(window.lssc!.runs.getState().records).filter((r) => r.origin !== 'precomputed')
          .length,
      };
    },
    { cycle, phase, t0, heaps },
  );
}

/** Runs cycles until durationMs has passed (the cycle under way is finished). */
export async function soak(options: SoakOptions): Promise<SoakResult> {
  const context = await options.browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(options.baseUrl).origin;
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(`${origin}/`) && !u.startsWith('data:')) problems.push(`foreign request: ${u}`);
  });
  await page.goto(new URL('/?dataset=blobs&model=mlp', options.baseUrl).toString());
  await page.waitForFunction(() => window.lssc?.engine.getState().dataset != null, null, LONG);
  const samples: SoakSample[] = [];
  const phases = PHASES[options.phases ?? 'full'];
  const t0 = Date.now();
  try {
    // At least two rounds, so that every phase is seen twice.
    for (let cycle = 0; Date.now() - t0 < options.durationMs || cycle < phases.length * 2; cycle++) {
      const phase = phases[cycle % phases.length];
      await configure(page, phase);
      await trainAndWait(page, phase);
      await page.getByRole('button', { name: 'Reset', exact: true }).click();
      const s = await sample(page, cycle, phase.name, t0);
      samples.push(s);
      options.onSample?.(s);
    }
  } finally {
    await context.close();
  }
  const tensorsByPhase: Record<string, number[]> = {};
  for (const s of samples) {
    const seen = (tensorsByPhase[s.phase] ??= []);
    if (!seen.includes(s.tensors)) seen.push(s.tensors);
  }
  return { samples, problems, tensorsByPhase };
}

/**
 * Heap at the start and at the end: means over one round of phases. The start is the SECOND round
 * when there are at least three: the first round runs while one-time caches fill (the first
 * Fashion-MNIST load brings its labels and Look closer's test images, about 8 MB; a page opened on
 * 2-D data has none of it yet), so growth from it would measure that warm-up, not a leak. Growth
 * from the warm state is what a leak shows as.
 */
export function heapSummary(
  samples: SoakSample[],
  phases: 'full' | 'quick' = 'full',
): {
  start: { page: number; worker: number };
  end: { page: number; worker: number };
} {
  const round = (xs: SoakSample[]) => ({
    page: xs.reduce((a, s) => a + s.pageHeapBytes, 0) / xs.length,
    worker: xs.reduce((a, s) => a + s.workerHeapBytes, 0) / xs.length,
  });
  const n = PHASES[phases].length;
  const from = samples.length >= 3 * n ? n : 0;
  return { start: round(samples.slice(from, from + n)), end: round(samples.slice(-n)) };
}
