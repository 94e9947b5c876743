/**
 * npm run soak — reset-and-retrain cycles for 10 minutes (--minutes N to change) in headless
 * Chromium against the production build (dist/, served here with `vite preview`), reporting the
 * training engine's tensor count and the page's and worker's JS heaps. Exits 1 if the tensor count
 * of a phase ever changes, the heap grows by more than HEAP_GROWTH_LIMIT, or anything went wrong
 * (console error, uncaught exception, request to another origin). Writes the samples to --out
 * (default test-results/soak.json).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runMain, withBuildInBrowser } from './browserRun';
import { SOAK_CHROMIUM_ARGS, heapSummary, soak } from './soakDriver';

/** Allowed heap growth from the first to the last round of cycles (page and worker each). */
export const HEAP_GROWTH_LIMIT = 1.5;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const mb = (b: number): string => (b / 1e6).toFixed(1);

async function main(): Promise<number> {
  const minutes = Number(arg('minutes', '10'));
  const out = arg('out', 'test-results/soak.json');
  if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, got ${arg('minutes', '')}`);
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first');
  return withBuildInBrowser(SOAK_CHROMIUM_ARGS, async (browser, baseUrl) => {
    console.log(`soak: ${minutes} min against ${baseUrl}`);
    console.log(
      'cycle  time(s)  phase                     tensors  tensorMB  pageHeapMB  workerHeapMB  records',
    );
    const result = await soak({
      browser,
      baseUrl,
      durationMs: minutes * 60_000,
      onSample: (s) =>
        console.log(
          `${String(s.cycle).padStart(5)}  ${s.seconds.toFixed(0).padStart(7)}  ${s.phase.padEnd(24)}  ` +
            `${String(s.tensors).padStart(7)}  ${mb(s.tensorBytes).padStart(8)}  ${mb(s.pageHeapBytes).padStart(10)}  ` +
            `${mb(s.workerHeapBytes).padStart(12)}  ${String(s.records).padStart(7)}`,
        ),
    });
    const heap = heapSummary(result.samples);
    const flat = Object.values(result.tensorsByPhase).every((v) => v.length === 1);
    const bounded =
      heap.end.page <= heap.start.page * HEAP_GROWTH_LIMIT &&
      heap.end.worker <= heap.start.worker * HEAP_GROWTH_LIMIT;
    const summary = {
      minutes,
      cycles: result.samples.length,
      tensorsByPhase: result.tensorsByPhase,
      heapStartMB: { page: mb(heap.start.page), worker: mb(heap.start.worker) },
      heapEndMB: { page: mb(heap.end.page), worker: mb(heap.end.worker) },
      flat,
      bounded,
      problems: result.problems,
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ summary, samples: result.samples }, null, 2));
    console.log(JSON.stringify(summary, null, 2));
    console.log(`samples written to ${out}`);
    return flat && bounded && result.problems.length === 0 ? 0 : 1;
  });
}

runMain(main);
