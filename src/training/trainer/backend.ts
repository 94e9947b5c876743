/**
 * Backend selection: webgl → wasm → cpu, or a forced one (webgpu too) with fallback down that list.
 * Works in Node (webgl is not registered there / fails; wasm finds its .wasm next to itself) and in
 * the browser (call configureWasmPaths() from backend.browser.ts first so wasm can load).
 */
import { tf } from './tf';
import {
  BACKEND_ORDER,
  probeWebGL2,
  probeWebGPU,
  type BackendPreference,
} from '../protocol/backendPreference';
import type { BackendName } from '../../model/training';

export interface BackendChoice {
  /** The backend actually in use (tf.getBackend()). */
  backend: BackendName;
  /** Why it is not the preferred one (or not webgl under 'auto'); absent when it is. */
  reason?: string;
  /** One line per backend tried and failed. */
  failures: string[];
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function tryBackend(name: BackendName, auto: boolean): Promise<string | null> {
  if (name === 'webgpu') {
    // Asked first: without an adapter, tfjs's factory throws and setBackend logs a warning (and the
    // browser host registers the backend only where there is one).
    const gpu = await probeWebGPU();
    if (!gpu.available) return `webgpu: ${gpu.adapter}`;
  }
  if (tf.findBackendFactory(name) === null) return `${name}: not available in this environment`;
  if (name === 'webgl' && auto) {
    // Under 'auto', a software-rendered WebGL is skipped: wasm is several times faster than it.
    const probe = probeWebGL2();
    if (probe.software) return `webgl: software renderer (${probe.renderer}), slower than wasm`;
  }
  try {
    // setBackend resolves false (and logs a warning) when the backend's initialisation fails.
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return `${name}: initialisation failed`;
    return null;
  } catch (e) {
    return `${name}: ${message(e)}`;
  }
}

/**
 * Initialises tfjs on the preferred backend, or the first of webgl → wasm → cpu that works
 * (a forced one first, then the others in that order). Under 'auto', and for the fallbacks from a
 * forced backend, a software-rendered WebGL (SwiftShader, llvmpipe) counts as not working. Returns what is really in use and why.
 * `exclude` skips backends altogether (e.g. webgl after its context was lost).
 */
export async function initBackendWithReport(
  preferred: BackendPreference = 'auto',
  options: { exclude?: readonly BackendName[] } = {},
): Promise<BackendChoice> {
  const candidates = (
    preferred === 'auto' ? [...BACKEND_ORDER] : [preferred, ...BACKEND_ORDER.filter((n) => n !== preferred)]
  ).filter((n) => !options.exclude?.includes(n));
  const failures: string[] = [];
  for (const name of candidates) {
    // The fallbacks from a forced backend follow auto's rule (no software-rendered WebGL).
    const failure = await tryBackend(name, preferred === 'auto' || name !== preferred);
    if (failure === null) {
      const wanted = preferred === 'auto' ? 'webgl' : preferred;
      const choice: BackendChoice = { backend: name, failures };
      if (name !== wanted) choice.reason = `using ${name}: ${failures.join('; ')}`;
      return choice;
    }
    failures.push(failure);
  }
  throw new Error(`no TensorFlow.js backend could be initialised (${failures.join('; ')})`);
}
