/**
 * The backend probe (issue 16): under `auto`, before the first run of a model shape, a few training
 * steps of a throwaway bank of that shape are timed on each backend this thread has (wasm always;
 * WebGL where a WebGL2 context exists; WebGPU where navigator.gpu gives an adapter), with
 * stepBench.ts's measureStepTime: two warm-up steps, then short blocks each ended by a read-back.
 * A backend is dropped once its first block is clearly slower than the best so far, or when the
 * budget is spent. protocol/backendProbe.ts decides (the fastest) and words the reason; this module
 * measures, and leaves tfjs on the winner. The throwaway bank is disposed: the tensor count is back
 * to what it was (checked, a leak is an error).
 *
 * A software-rendered GPU (SwiftShader, llvmpipe, the browser's fallback WebGPU adapter) is left
 * out, with the reason on the badge: one step alone would blow the budget. Measured here (headless
 * Chromium 156, SwiftShader, 2 shared cores at a load average of about 6, bench diagnostic with one
 * warm-up step, 2 models × batch 64): the first step of the Fashion-MNIST MLP took 11.4 s on WebGL
 * and 19.6 s on WebGPU against 0.13 s on wasm, later steps 0.4–1.1 s and 2.1 s against 0.04 s; the
 * CNN's first step 16.8 s (WebGL) and 32.8 s (WebGPU). An idle machine divides these by a few, not
 * by the 20 or more that would bring them under the budget.
 */
import { tf } from '../trainer/tf';
import { measureStepTime } from './stepBench';
import {
  CLEARLY_SLOWER,
  PROBE_BACKENDS,
  PROBE_BUDGET_MS,
  bestMsPerStep,
  clearlySlower,
  decideBackend,
  type ProbeEntry,
  type ProbeReport,
} from '../protocol/backendProbe';
import { probeWebGL2, probeWebGPU } from '../protocol/backendPreference';
import type { Dataset, Split } from '../../data/types';
import type { BackendName, ModelSpec } from '../../model/training';

export interface ProbeOptions {
  /** Backends never to race (e.g. WebGL after its context was lost). */
  exclude?: readonly BackendName[];
  /** Default PROBE_BUDGET_MS. */
  budgetMs?: number;
  /** Race a software-rendered GPU too (tests). Default false: see the module's comment. */
  includeSoftwareGpu?: boolean;
  /** The backends to race, in order. Default PROBE_BACKENDS. */
  backends?: readonly BackendName[];
}

export type BackendProber = (
  dataset: Dataset,
  model: ModelSpec,
  bank: { models: number; batchSize: number },
  options?: ProbeOptions,
) => Promise<ProbeReport>;

function firstRows(s: Split, n: number, featureSize: number): Split {
  const k = Math.max(1, Math.min(s.n, n));
  return { n: k, x: s.x.slice(0, k * featureSize), y: s.y.slice(0, k) };
}

/** A small copy of the data with the same shapes: the probe times steps, not uploads of a big split. */
export function probeDataset(d: Dataset, batchSize: number): Dataset {
  return {
    ...d,
    train: firstRows(d.train, batchSize * 4, d.featureSize),
    val: firstRows(d.val, 8, d.featureSize),
    test: firstRows(d.test, 8, d.featureSize),
  };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Why `name` cannot race here (null: it can), before any tfjs backend is started. */
async function exclusion(
  name: BackendName,
  options: ProbeOptions,
): Promise<{ status: 'unavailable' | 'skipped'; why: string; more?: string } | null> {
  if (options.exclude?.includes(name)) return { status: 'skipped', why: 'its device was lost earlier' };
  const gpu = name === 'webgpu' ? await probeWebGPU() : null;
  if (gpu && !gpu.available) return { status: 'unavailable', why: gpu.adapter };
  if (tf.findBackendFactory(name) === null) return { status: 'unavailable', why: 'not in this build' };
  if (name === 'webgl') {
    const gl = probeWebGL2();
    if (!gl.available) return { status: 'unavailable', why: 'no WebGL2 context here' };
    if (gl.software && !options.includeSoftwareGpu)
      return {
        status: 'skipped',
        why: `software renderer (${shortRenderer(gl.renderer)})`,
        more: `${gl.renderer}: the GPU is emulated on the CPU, and its first step alone takes seconds`,
      };
  }
  if (gpu) {
    if (gpu.software && !options.includeSoftwareGpu)
      return {
        status: 'skipped',
        why: `software adapter (${gpu.adapter})`,
        more: 'the GPU is emulated on the CPU, and its first step alone takes seconds',
      };
  }
  return null;
}

/** "SwiftShader" out of "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)…)…)". */
function shortRenderer(renderer: string): string {
  const m = /swiftshader|llvmpipe|softpipe|basic render|mesa offscreen/i.exec(renderer);
  return m ? m[0] : renderer.slice(0, 40);
}

/** Times each backend, picks the fastest, and leaves tfjs on it. Rejects if none could be timed. */
export const probeBackends: BackendProber = async (dataset, model, bank, options = {}) => {
  const home = tf.getBackend();
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  const budget = options.budgetMs ?? PROBE_BUDGET_MS;
  const deadline = t0 + budget;
  const data = probeDataset(dataset, bank.batchSize);
  const entries: ProbeEntry[] = [];
  let best = Infinity;
  for (const backend of options.backends ?? PROBE_BACKENDS) {
    const out = await exclusion(backend, options);
    if (out) {
      entries.push({ backend, ...out });
      continue;
    }
    if (performance.now() > deadline) {
      entries.push({ backend, status: 'dropped', why: 'no time left in the test' });
      continue;
    }
    try {
      if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
        entries.push({ backend, status: 'failed', why: 'it did not start' });
        continue;
      }
      const ended: { why: string | null } = { why: null };
      const result = await measureStepTime(data, model, {
        models: bank.models,
        batchSize: bank.batchSize,
        warmupSteps: 2,
        repeats: 3,
        // Blocks of about 40 ms: enough steps to average a few, short enough for three backends.
        targetBlockMs: 40,
        maxBlockSteps: 50,
        countKernels: false,
        keepGoing: ({ msPerStep, stepsPerBlock }) => {
          // Every backend that got this far times one block; a further one must fit the budget.
          const last = msPerStep[msPerStep.length - 1];
          if (clearlySlower(msPerStep, best)) ended.why = `over ${CLEARLY_SLOWER}× slower than the best`;
          else if (last !== undefined && performance.now() + last * stepsPerBlock > deadline)
            ended.why = 'no time left in the test';
          return ended.why === null;
        },
      });
      const timing = { blocksMsPerStep: result.msPerStep, warmupMs: result.warmupMs };
      if (ended.why !== null && (result.msPerStep.length === 0 || clearlySlower(result.msPerStep, best))) {
        entries.push({ backend, status: 'dropped', why: ended.why, ...timing });
      } else {
        entries.push({ backend, status: 'timed', ...timing });
        best = Math.min(best, bestMsPerStep(result.msPerStep));
      }
    } catch (e) {
      entries.push({ backend, status: 'failed', why: message(e) });
    }
  }
  const durationMs = performance.now() - t0;
  let report: ProbeReport;
  try {
    report = decideBackend(entries, { durationMs, ...bank });
  } catch (e) {
    await tf.setBackend(home);
    throw e;
  }
  if (!(await tf.setBackend(report.backend))) {
    await tf.setBackend(home);
    throw new Error(`the backend probe chose ${report.backend}, which then failed to start`);
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) {
    await tf.setBackend(home);
    throw new Error(`the backend probe left ${leaked} tensors behind`);
  }
  return report;
};
