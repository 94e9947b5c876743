/**
 * The app's own wasm SIMD kernels (the .wat files beside this one), run on tfjs-backend-wasm's heap.
 *
 * A kernel module imports the backend's own WebAssembly.Memory, so it reads the input tensors and
 * writes the output tensors where they live (byte offsets from the backend's dataIdMap): nothing is
 * copied. tfjs's one-thread build exports its memory (the emscripten module's `asm.memory`); the
 * threaded build creates a shared one (`wasmMemory`), and the kernel is then instantiated from the
 * binary declared shared. Where neither is reachable, or the browser cannot compile wasm SIMD (tfjs
 * then runs its build without SIMD too), `simdKernelsFor` answers null and the caller keeps its
 * JS path. One instance per memory, made on first use (the module is under 1 kB: compiled
 * synchronously, which workers and Node allow).
 */
import { ADAM_WASM } from './kernels.gen';

/** Adam's update of one variable (adam.wat): byte offsets, n entries, then the float32 constants. */
export type AdamKernel = (
  w: number,
  m: number,
  v: number,
  g: number,
  outW: number,
  outM: number,
  outV: number,
  n: number,
  beta1: number,
  oneMinusBeta1: number,
  beta2: number,
  oneMinusBeta2: number,
  oneMinusAccBeta1: number,
  oneMinusAccBeta2: number,
  epsilon: number,
  negLearningRate: number,
) => void;

export interface SimdKernels {
  adam: AdamKernel;
}

/** The parts of tfjs-backend-wasm's emscripten module this file reads. */
interface EmscriptenModuleLike {
  asm?: { memory?: unknown };
  wasmMemory?: unknown;
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();
let disabled = false;

/** Tests: false makes simdKernelsFor answer null (the JS path), true restores it. */
export function setSimdKernelsEnabled(enabled: boolean): void {
  disabled = !enabled;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const s = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** tfjs-backend-wasm's memory, from the backend's `wasm` (its emscripten module), or null. */
export function backendMemory(wasmModule: unknown): WebAssembly.Memory | null {
  const mod = wasmModule as EmscriptenModuleLike | undefined;
  for (const m of [mod?.asm?.memory, mod?.wasmMemory]) if (m instanceof WebAssembly.Memory) return m;
  return null;
}

function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/** The kernels on this memory, or null where they cannot run (see file comment). */
export function simdKernelsFor(memory: WebAssembly.Memory | null): SimdKernels | null {
  if (disabled || memory === null) return null;
  const known = instances.get(memory);
  if (known !== undefined) return known;
  let made: SimdKernels | null;
  try {
    const bytes = decode(isShared(memory) ? ADAM_WASM.shared : ADAM_WASM.plain);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    made = { adam: instance.exports.adam as AdamKernel };
  } catch {
    made = null; // no wasm SIMD here (CompileError), or a memory of another type (LinkError)
  }
  instances.set(memory, made);
  return made;
}
