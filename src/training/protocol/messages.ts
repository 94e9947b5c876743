/**
 * Messages between the page (client.ts) and the training engine (engine.ts), which runs in a Web
 * Worker (worker.ts) or, as a fallback, on the main thread (mainThreadHost.ts). Plain data only:
 * typed arrays travel in the transfer list (see transferablesOf), no tensor ever crosses.
 */
import type { DatasetSpec } from '../../data/index';
import type { BackendPreference } from './backendPreference';
import type {
  BackendName,
  BankCheckpoint,
  DatasetMeta,
  ModelSpec,
  SplitData,
  TrainSettings,
} from '../../model/training';
import type { InputGrid } from '../../model/grid';

export type { DatasetMeta, SplitData } from '../../model/training';

/** Page → engine. */
export type ClientMessage =
  | {
      type: 'init';
      backend?: BackendPreference;
      /** Absolute URL of the app's data/ folder (Fashion-MNIST lives in data/fashion-mnist/). */
      dataBaseUrl?: string;
    }
  | { type: 'load'; datasetSpec: DatasetSpec }
  | {
      type: 'train';
      runId: string;
      model: ModelSpec;
      settings: TrainSettings;
      /** Steps per slice between yields; default 'auto' (about 40 ms of work per slice). */
      stepsPerSlice?: number | 'auto';
      /** Also checkpoint when this many ms have passed (loop.ts, checkpointIntervalMs). Default off. */
      checkpointIntervalMs?: number;
      /** Also checkpoint the untrained models at step 0. Default false. */
      checkpointAtStart?: boolean;
      /** Live checkpoints evaluate the first previewRows samples of each split (loop.ts). Default all. */
      previewRows?: number;
      /** Start paused (then `step` or `resume`). Default false. */
      paused?: boolean;
    }
  | { type: 'pause' }
  | { type: 'resume' }
  /** While paused: run n steps, then checkpoint. */
  | { type: 'step'; n: number }
  | { type: 'stop' }
  /** Logits of the current (or last finished) run's models for n inputs, e.g. a 2-D grid. */
  | { type: 'predict'; requestId: number; runId: string; x: Float32Array; n: number }
  /**
   * After run `runId` has finished: its test logits here and recomputed from the same weights on
   * the `reference` backend (a check of this backend's arithmetic; tests and diagnostics).
   */
  | { type: 'crossCheck'; requestId: number; runId: string; reference: BackendName }
  /** Stop training and free every tensor. */
  | { type: 'dispose' }
  /** Liveness check, answered at once with 'pong' (outside the message queue). */
  | { type: 'ping' }
  /** Tensor count and heap of the engine (leak checks: tests and the soak script). */
  | { type: 'memory'; requestId: number }
  /**
   * Time training steps of an M-model bank on the loaded dataset (`npm run bench`, stepBench.ts).
   * Stops the current run first.
   */
  | {
      type: 'bench';
      requestId: number;
      model: ModelSpec;
      batchSize: number;
      models: number;
      repeats?: number;
      targetBlockMs?: number;
    }
  /** Test and diagnostics hook: provoke a fault to check that it is survived. */
  | { type: 'fault'; fault: Fault };

/**
 * Faults the engine can provoke in itself: 'nan' makes model `model` of the running bank blow up
 * (NaN weights); 'loseContext' loses the WebGL context (WEBGL_lose_context); 'crash' throws an
 * uncaught error in the worker; 'exit' ends the worker silently (self.close()).
 */
export type Fault =
  { kind: 'nan'; model: number } | { kind: 'loseContext' } | { kind: 'crash' } | { kind: 'exit' };

export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  /** Used JS heap of the engine's thread where the browser tells it (Chromium), else null. */
  jsHeapBytes: number | null;
}

/** Engine → page. */
export type EngineMessage =
  | {
      type: 'ready';
      backend: BackendName;
      /** Why this backend and not the preferred one (webgl under 'auto'); absent when it is. */
      reason?: string;
      /** True when WebGL was tried here and failed (the client may then try the main thread). */
      webglFailed: boolean;
    }
  | { type: 'datasetProgress'; loaded: number; total: number }
  | {
      type: 'datasetLoaded';
      meta: DatasetMeta;
      valLabels: Int32Array;
      testLabels: Int32Array;
      /** datasetSpecKey of the loaded data: checkpoints of runs on it carry the same key. */
      datasetKey: string;
      points?: { train: SplitData; val: SplitData; test: SplitData };
      /** For 2-D data: the decision grid every checkpoint's gridLogits are computed on. */
      grid?: InputGrid;
    }
  | { type: 'progress'; runId: string; step: number; totalSteps: number }
  | { type: 'checkpoint'; runId: string; checkpoint: BankCheckpoint }
  | { type: 'done'; runId: string; stopped: boolean; step: number; totalSteps: number; seconds: number }
  | { type: 'prediction'; requestId: number; runId: string; logits: Float32Array[] }
  | {
      type: 'crossCheck';
      requestId: number;
      runId: string;
      backend: BackendName;
      reference: BackendName;
      here: Float32Array[];
      there: Float32Array[];
    }
  | {
      type: 'bench';
      requestId: number;
      backend: BackendName;
      /** ms per step of each timed block. */
      msPerStep: number[];
      stepsPerBlock: number;
      /** tfjs's wasm flags where the backend is wasm. */
      wasm?: { simd: boolean; threads: boolean };
    }
  | { type: 'pong' }
  | ({ type: 'memory'; requestId: number } & EngineMemory)
  /** The backend changed under the engine (the WebGL context was lost): `reason` says why. */
  | { type: 'backendChanged'; backend: BackendName; reason: string }
  /**
   * Run `runId` lost its device and continues on `backend` from step `step` (its last snapshot,
   * 0 if none): checkpoints after that step that were reported before are superseded.
   */
  | { type: 'resumed'; runId: string; step: number; backend: BackendName }
  | {
      type: 'error';
      message: string;
      /** The request that failed. */
      during: ClientMessage['type'];
      runId?: string;
      requestId?: number;
    };

export type EngineMessageOf<T extends EngineMessage['type']> = Extract<EngineMessage, { type: T }>;

/** Buffers to move (not copy) with a message. Every array listed owns its whole, distinct buffer. */
export function transferablesOf(msg: EngineMessage | ClientMessage): ArrayBuffer[] {
  const buffers: ArrayBufferLike[] = [];
  switch (msg.type) {
    case 'checkpoint':
      for (const m of msg.checkpoint.models) {
        buffers.push(m.valLogits.buffer, m.testLogits.buffer);
        if (m.gridLogits) buffers.push(m.gridLogits.buffer);
      }
      break;
    case 'datasetLoaded':
      buffers.push(msg.valLabels.buffer, msg.testLabels.buffer);
      if (msg.grid) buffers.push(msg.grid.x.buffer);
      if (msg.points) {
        for (const s of [msg.points.train, msg.points.val, msg.points.test])
          buffers.push(s.x.buffer, s.y.buffer);
      }
      break;
    case 'prediction':
      for (const l of msg.logits) buffers.push(l.buffer);
      break;
    case 'predict':
      buffers.push(msg.x.buffer);
      break;
    case 'crossCheck':
      if ('here' in msg) for (const l of [...msg.here, ...msg.there]) buffers.push(l.buffer);
      break;
    default:
      break;
  }
  // A buffer may be listed once only; SharedArrayBuffers cannot be transferred.
  return [...new Set(buffers)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
