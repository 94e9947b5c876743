/**
 * Browser-only: tells the wasm backend where Vite serves its .wasm binaries. Node cannot import
 * `?url` modules, so this lives apart from backend.ts; the worker and the main-thread host import it.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let configured = false;

/** Idempotent; must run before the wasm backend is first initialised. */
export function configureWasmPaths(): void {
  if (configured) return;
  configured = true;
  // Threads stay off. build/wasmThreads.ts makes the threaded binary load under the CSP (its pthread
  // scripts are files of the build, no blob:), and it does: 8 pthread workers start and training
  // runs. But XNNPACK's pool reports one thread (getThreadsCount() = 1 with setThreadsCount(2) or
  // (4), in a worker and on the page), so the threaded build only adds workers and a shared,
  // growable heap. Measured and left for the next step: README "What bounds the targets missed".
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
}
