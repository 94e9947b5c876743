/**
 * Backend set-up for Node (headless runner, benchmarks): wasm (default; its .wasm files are found
 * next to the package) or cpu. WebGL does not exist in Node.
 */
import { initBackendWithReport } from './backend';
import { tf } from './tf';
import type { BackendName } from '../../model/training';

/** Initialises `preferred` (falling back to the other one with a warning); returns the backend in use. */
export async function initNodeBackend(preferred: 'wasm' | 'cpu' = 'wasm'): Promise<BackendName> {
  // Production mode: no debug checks, and no "install tfjs-node" banner (it needs a native binary
  // download, which this project avoids on purpose).
  tf.enableProdMode();
  const choice = await initBackendWithReport(preferred);
  if (choice.reason) console.warn(`tfjs backend: ${choice.reason}`);
  return choice.backend;
}
