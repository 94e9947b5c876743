/**
 * The engine's diagnostics: messages that tests, the soak and the bench scripts send, never the
 * page's own flow (messages.ts). Every one is a request: exactly one reply of the same type, or an
 * 'error' with its requestId, answers it (src/browser/channel.ts).
 */
import type { BackendName, ModelSpec } from '../../model/training';
import { bufferList } from '../../browser/channel';

/**
 * Faults the engine can provoke in itself: 'nan' makes model `model` of the running bank blow up
 * (NaN weights); 'loseContext' loses the WebGL context (WEBGL_lose_context); 'crash' throws an
 * uncaught error in the worker; 'exit' ends the worker silently (self.close()). The last two exist
 * in a worker only, and are acknowledged just before they happen.
 */
export type Fault =
  { kind: 'nan'; model: number } | { kind: 'loseContext' } | { kind: 'crash' } | { kind: 'exit' };

export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  /** Used JS heap of the engine's thread where the browser tells it (Chromium), else null. */
  jsHeapBytes: number | null;
  /**
   * The helper worker's share where the engine has one (host/splitBank.ts): numTensors and
   * numBytes above are the totals of both threads, so a leak in either shows.
   */
  helper?: { numTensors: number; numBytes: number };
}

export interface BenchOptions {
  model: ModelSpec;
  batchSize: number;
  models: number;
  repeats?: number;
  targetBlockMs?: number;
  /** Untimed steps before the blocks (default 5); the reply's warmupMs is their time. */
  warmupSteps?: number;
}

/** Page (tests, scripts) → engine. */
export type DiagnosticRequest = { requestId: number } &
  /** Tensor count and heap of the engine (leak checks: tests and the soak script). */
  (
    | { type: 'memory' }
    /** Time training steps of an M-model bank on the loaded dataset (stepBench.ts). Stops the current run first. */
    | ({ type: 'bench' } & BenchOptions)
    /**
     * After run `runId` has finished: its test logits here and recomputed from the same weights on
     * the `reference` backend (a check of this backend's arithmetic).
     */
    | { type: 'crossCheck'; runId: string; reference: BackendName }
    /** Logits of the current (or last finished) run's models for n inputs. */
    | { type: 'predict'; runId: string; x: Float32Array; n: number }
    /** Provoke a fault to check that it is survived. */
    | { type: 'fault'; fault: Fault }
  );

export type DiagnosticKind = DiagnosticRequest['type'];

/** Engine → page: the reply to each kind, without the requestId the engine adds. */
export interface DiagnosticReplyBodies {
  memory: EngineMemory;
  bench: {
    backend: BackendName;
    /** ms per step of each timed block. */
    msPerStep: number[];
    stepsPerBlock: number;
    /** The warm-up steps' time in all (with warmupSteps: 1, the first step: kernel compilation). */
    warmupMs: number;
    /**
     * tfjs's wasm flags where the backend is wasm; threadsCount is XNNPACK's thread pool (1 when
     * threads are off); isolated is the engine thread's crossOriginIsolated (threads need it);
     * workers is how many threads the bank was split across (splitBank.ts; 1: not split).
     */
    wasm?: { simd: boolean; threads: boolean; threadsCount: number; isolated: boolean; workers: number };
  };
  crossCheck: {
    runId: string;
    backend: BackendName;
    reference: BackendName;
    here: Float32Array[];
    there: Float32Array[];
  };
  predict: { runId: string; logits: Float32Array[] };
  fault: { fault: Fault['kind'] };
}

export type DiagnosticReplyOf<K extends DiagnosticKind> = {
  type: K;
  requestId: number;
} & DiagnosticReplyBodies[K];

export type DiagnosticReply = { [K in DiagnosticKind]: DiagnosticReplyOf<K> }[DiagnosticKind];

const DIAGNOSTIC_KINDS: Record<DiagnosticKind, true> = {
  memory: true,
  bench: true,
  crossCheck: true,
  predict: true,
  fault: true,
};

/** Tells the diagnostics apart from the production messages they share a channel with. */
export function isDiagnosticRequest<M extends { type: string }>(
  msg: M | DiagnosticRequest,
): msg is DiagnosticRequest {
  return Object.hasOwn(DIAGNOSTIC_KINDS, msg.type);
}

/** The same for what comes back (a reply carries its request's type). */
export function isDiagnosticReply<M extends { type: string }>(
  msg: M | DiagnosticReply,
): msg is DiagnosticReply {
  return Object.hasOwn(DIAGNOSTIC_KINDS, msg.type);
}

/** Buffers to move (not copy) with a diagnostics message. */
export function diagnosticTransferables(msg: DiagnosticRequest | DiagnosticReply): ArrayBuffer[] {
  if (msg.type === 'predict') return bufferList('x' in msg ? [msg.x] : msg.logits);
  if (msg.type === 'crossCheck' && 'here' in msg) return bufferList([...msg.here, ...msg.there]);
  return [];
}
