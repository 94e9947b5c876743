/**
 * Messages between the page (client.ts) and the training engine (engine.ts), which runs in a Web
 * Worker (worker.ts) or, as a fallback, on the main thread (mainThreadHost.ts). Plain data only:
 * typed arrays travel in the transfer list (see transferablesOf), no tensor ever crosses.
 */
import type { DatasetSpec } from '../../data/index';
import type { BackendPreference } from './backendPreference';
import type {
  BackendName,
  EngineCheckpoint,
  DatasetMeta,
  ModelSpec,
  SplitData,
  TrainSettings,
} from '../../model/training';
import type { InputGrid } from '../../model/grid';
import type { ProbeReport } from './backendProbe';
import { bufferList } from '../../browser/channel';
import {
  diagnosticTransferables,
  isDiagnosticReply,
  isDiagnosticRequest,
  type DiagnosticKind,
  type DiagnosticReply,
  type DiagnosticRequest,
} from './diagnostics';

/** Starts a run: the options after `settings` have defaults. */
export interface TrainMessage {
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

/**
 * The wasm backend's threads as it runs (XNNPACK's pool, getThreadsCount()) and whether the engine's
 * thread is cross-origin isolated (threads need SharedArrayBuffer, which needs isolation).
 */
export interface WasmThreads {
  count: number;
  isolated: boolean;
  /** Logical cores the engine's thread sees (navigator.hardwareConcurrency), for the badge's why. */
  cores: number;
  /**
   * Threads a bank of two or more models is split across (the engine's and its helper worker's:
   * host/splitBank.ts); 1 where it is not split, `workersReason` then says why. Absent: 1.
   */
  workers?: number;
  workersReason?: string;
}

/** Page → engine: what the page's own flow sends (diagnostics.ts has the test and script hooks). */
export type ClientMessage =
  | {
      type: 'init';
      backend?: BackendPreference;
      /**
       * Threads for the wasm backend (`?threads=`; 1 = the single-threaded build). Default: one per
       * logical core but one, at most 4 (backend.browser.ts defaultWasmThreads). Takes effect only
       * before wasm first starts in the engine's thread.
       */
      wasmThreads?: number;
      /**
       * Threads a bank of models may be split across on wasm (`?workers=`; 1 = never split).
       * Default 2 where the engine's thread sees two or more logical cores.
       */
      workers?: number;
      /** Absolute URL of the app's data/ folder (Fashion-MNIST lives in data/fashion-mnist/). */
      dataBaseUrl?: string;
    }
  | { type: 'load'; datasetSpec: DatasetSpec }
  | TrainMessage
  | { type: 'pause' }
  | { type: 'resume' }
  /** While paused: run n steps, then checkpoint. */
  | { type: 'step'; n: number }
  | { type: 'stop' }
  /** Stop training and free every tensor. */
  | { type: 'dispose' }
  /** Liveness check, answered at once with 'pong' (outside the message queue). */
  | { type: 'ping' };

/** Engine → page. */
export type EngineMessage =
  | {
      type: 'ready';
      backend: BackendName;
      /** Why this backend and not the preferred one (webgl under 'auto'); absent when it is. */
      reason?: string;
      /** True when WebGL was tried here and failed (the client may then try the main thread). */
      webglFailed: boolean;
      /** Where the backend is wasm. */
      wasm?: WasmThreads;
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
  | { type: 'checkpoint'; runId: string; checkpoint: EngineCheckpoint }
  | { type: 'done'; runId: string; stopped: boolean; step: number; totalSteps: number; seconds: number }
  | { type: 'pong' }
  /**
   * Under `auto`: the backend probe chose `backend` for the run about to start (the fastest of a
   * short test, `probe` has every timing), or kept it (the probe failed: `reason` says so, no probe).
   */
  | { type: 'backendProbed'; backend: BackendName; reason: string; probe?: ProbeReport; wasm?: WasmThreads }
  /** The backend changed under the engine (the WebGL context was lost): `reason` says why. */
  | { type: 'backendChanged'; backend: BackendName; reason: string; wasm?: WasmThreads }
  /**
   * Run `runId` lost its device and continues on `backend` from step `step` (its last snapshot,
   * 0 if none): checkpoints after that step that were reported before are superseded.
   */
  | { type: 'resumed'; runId: string; step: number; backend: BackendName }
  | {
      type: 'error';
      message: string;
      /** The message that failed. */
      during: Exclude<ClientMessage['type'], 'ping'> | DiagnosticKind;
      runId?: string;
      /** Set when a request failed: its answer. */
      requestId?: number;
    };

export type EngineMessageOf<T extends EngineMessage['type']> = Extract<EngineMessage, { type: T }>;

/** Everything that travels to the engine, and back. */
export type ToEngine = ClientMessage | DiagnosticRequest;
export type FromEngine = EngineMessage | DiagnosticReply;

/** Buffers to move (not copy) with a message. Every array listed owns its whole, distinct buffer. */
export function transferablesOf(msg: ToEngine | FromEngine): ArrayBuffer[] {
  if (isDiagnosticRequest(msg) || isDiagnosticReply(msg)) return diagnosticTransferables(msg);
  switch (msg.type) {
    case 'checkpoint':
      return bufferList(
        msg.checkpoint.models.flatMap((m) => [
          m.valLogits,
          m.testLogits,
          ...(m.gridLogits ? [m.gridLogits] : []),
        ]),
      );
    case 'datasetLoaded': {
      const splits = msg.points ? [msg.points.train, msg.points.val, msg.points.test] : [];
      return bufferList([
        msg.valLabels,
        msg.testLabels,
        ...(msg.grid ? [msg.grid.x] : []),
        ...splits.flatMap((s) => [s.x, s.y]),
      ]);
    }
    default:
      return [];
  }
}
