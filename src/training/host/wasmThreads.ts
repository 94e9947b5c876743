/** What the wasm backend runs on: XNNPACK's threads and the engine thread's isolation. */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../trainer/tf';
import type { WasmThreads } from '../protocol/messages';
import { logicalCores } from '../protocol/backendPreference';

/** The wasm backend's threads, where it is the backend in use (else undefined). */
export function wasmThreads(): WasmThreads | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  return {
    count: getThreadsCount(),
    isolated: Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated),
    cores: logicalCores(),
  };
}
