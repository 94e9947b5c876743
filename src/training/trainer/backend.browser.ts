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
  // The page is cross-origin isolated, so tfjs would pick the multi-threaded binary; its pthread
  // workers are started from the factory function's source text, which a bundled (minified) build
  // breaks ("Uncaught [object ErrorEvent]" in the worker, seen in Chromium). Single-threaded SIMD.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
  });
}
