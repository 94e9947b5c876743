/**
 * Browser-only: tells the wasm backend where Vite serves its .wasm binaries and how many threads to
 * use. Node cannot import `?url` modules, so this lives apart from backend.ts; the worker and the
 * main-thread host import it.
 */
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf';
import { logicalCores, probeWebGPU } from '../protocol/backendPreference';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let configured = false;
let threadsSet = false;

/**
 * The wasm backend's default threads: one per logical core but one, which is left to the page (it
 * draws the charts while the engine trains), and at most 4 — so one thread, the single-threaded
 * build, on a device with one or two cores. Measured on two cores (headless Chromium 156, the bench's
 * interleaved A/B, 2026-12-03): one thread 6.5–6.9 ms a step for the MLP and 46–47 ms for the CNN
 * against 9.8–10.2 ms and 75–79 ms with two, and the same within noise for banks of six; with two,
 * the blocks also varied twice as much. More cores were not measured.
 */
export function defaultWasmThreads(cores = logicalCores()): number {
  return Math.max(1, Math.min(4, cores - 1));
}

let webgpu: Promise<boolean> | null = null;

/**
 * Registers tfjs's WebGPU backend (?backend=webgpu, the backend probe) where the browser offers a
 * WebGPU adapter, and only there: tfjs-backend-webgpu is 69 kB of the worker's 362 kB (gzip), a
 * separate chunk loaded on demand. Resolves whether it is registered; never rejects. Idempotent.
 */
export function loadWebGPUWhereAvailable(): Promise<boolean> {
  webgpu ??= probeWebGPU()
    .then(async (gpu) => {
      if (!gpu.available) return false;
      await import('@tensorflow/tfjs-backend-webgpu');
      return tf.findBackendFactory('webgpu') !== null;
    })
    .catch(() => false);
  return webgpu;
}

/** Idempotent; must run before the wasm backend is first initialised. */
export function configureWasmPaths(): void {
  if (configured) return;
  configured = true;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
}

/**
 * The threads XNNPACK gets (default defaultWasmThreads()). tfjs loads the threaded binary only where
 * this thread is cross-origin isolated (SharedArrayBuffer) and runs on one thread otherwise; the
 * engine reports what it got (getThreadsCount). build/wasmThreads.ts makes the threaded binary load
 * under the CSP and lifts the factory's cap at half the logical cores. 1 asks for the
 * single-threaded build. Only the first call counts: the backend reads it once, when it starts.
 */
export function configureWasmThreads(threads?: number): void {
  if (threadsSet) return;
  threadsSet = true;
  const n = threads ?? defaultWasmThreads();
  if (n <= 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setThreadsCount(n);
}
