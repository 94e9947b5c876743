/**
 * The soak: reset-and-retrain cycles in one page for a given time, sampling the training engine's
 * tensor count and the JS heaps of the page and of the worker after every cycle (after a forced
 * garbage collection in both). Used by `npm run soak` (scripts/soak.ts, 10 minutes) and by the
 * browser test suite (test/browser/soak.test.ts, half a minute).
 *
 * The cycles rotate through three phases so that data loading, a pair and a whole α-bank are all
 * exercised: a 2-D blobs pair, a Fashion-MNIST pair (500 images), and a blobs α-sweep (11 models).
 * A finished run's trainer stays in the engine until the next one, so the tensor count after a
 * cycle depends on its phase: "flat" means every cycle of a phase ends with the same count.
 */
import type { Browser, Page } from 'playwright-core';

/** Chromium flags the soak needs: gc() in the page and the worker. */
export const SOAK_CHROMIUM_ARGS = ['--js-flags=--expose-gc'];

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

/** V8's heap figures for one JS context (CDP Runtime.getHeapUsage). */
interface HeapUsage {
  usedSize: number;
}

/**
 * The engine's tensor count, and the JS heaps of the page and of its training worker, after a
 * garbage collection in both (the engine's memory message runs gc() in the worker; --expose-gc).
 * Used by the soak and the bench.
 *
 * The heaps come from the DevTools protocol (Runtime.getHeapUsage in the page, and in its dedicated
 * worker through Target.setAutoAttach / sendMessageToTarget), in about 0.1 s. The page's own
 * performance.measureUserAgentSpecificMemory is not used: with wasm threads on, XNNPACK's pthread
 * workers sit in Atomics.wait and never answer the browser's measurement request, so each call
 * waited for its 60 s timeout (measured: 60.0 s a sample with threads, 0.1 s with ?threads=1).
 * The engine worker is the attached target whose script is the bundle's worker-*.js; the service
 * worker is left out.
 *
 * The figure is V8's used heap (live JS objects). ArrayBuffer contents are not in it: after gc()
 * their release is lazy, and in a one-minute soak the worker's "used + backing store" jumped between
 * 5 and 138 MB from one cycle to the next with no trend, while the used heap went 2.8 → 3.3 MB
 * (page 7.4 → 9.3 MB, levelling off) over 48 cycles. What lives in the wasm heap is counted by
 * tensorBytes.
 */
export async function measureHeaps(page: Page): Promise<{
  tensors: number;
  tensorBytes: number;
  pageHeapBytes: number;
  workerHeapBytes: number;
}> {
  const engine = await page.evaluate(async () => {
    const m = await window.lssc!.client().diagnostics.memory(); // runs gc() in the worker first
    (globalThis as { gc?: () => void }).gc?.();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  });
  const cdp = await page.context().newCDPSession(page);
  try {
    const attached: { sessionId: string; url: string }[] = [];
    cdp.on('Target.attachedToTarget', (e) =>
      attached.push({ sessionId: e.sessionId, url: e.targetInfo.url }),
    );
    await cdp.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    const pageHeap = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
    const replies = new Map<number, (u: HeapUsage) => void>();
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const reply = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
      if (reply.id !== undefined && reply.result) replies.get(reply.id)?.(reply.result);
    });
    let workerHeapBytes = 0;
    const engineWorkers = attached.filter((w) => /\/worker-[\w-]+\.js$/.test(new URL(w.url).pathname));
    for (const [i, w] of engineWorkers.entries()) {
      const usage = new Promise<HeapUsage>((resolve) => replies.set(i + 1, resolve));
      const message = JSON.stringify({ id: i + 1, method: 'Runtime.getHeapUsage' });
      await cdp.send('Target.sendMessageToTarget', { sessionId: w.sessionId, message });
      workerHeapBytes += (await usage).usedSize;
    }
    return {
      tensors: engine.numTensors,
      tensorBytes: engine.numBytes,
      pageHeapBytes: pageHeap.usedSize,
      workerHeapBytes,
    };
  } finally {
    await cdp.detach();
  }
}

async function sample(page: Page, cycle: number, phase: string, t0: number): Promise<SoakSample> {
  const heaps = await measureHeaps(page);
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
