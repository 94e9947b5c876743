/**
 * Browser-only: tells the wasm backend where Vite serves its .wasm binaries and how many threads to
 * use. Node cannot import `?url` modules, so this lives apart from backend.ts; the worker and the
 * main-thread host import it.
 */
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf';
import { probeWebGPU } from '../protocol/backendPreference';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let configured = false;
let threadsSet = false;

/** The wasm backend's default threads: one per logical core, at most 4. */
export function defaultWasmThreads(): number {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(4, cores));
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
