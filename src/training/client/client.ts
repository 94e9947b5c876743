/**
 * The page's handle on the training engine. Starts the engine in a module Web Worker; if the worker
 * cannot get WebGL but the page can (a WebGL2 context on a canvas, with tfjs's own attributes), it
 * moves the SAME engine onto the main thread (mainThreadHost.ts, dynamically imported); otherwise it
 * keeps the worker with whatever backend it got (wasm, then cpu). A forced backend (`?backend=`) is
 * honoured first; WebGL-moves only happen under 'auto' or 'webgl'.
 *
 * Messages sent before the engine is settled are queued and delivered, in order, to the engine
 * finally chosen. The API is identical wherever the engine runs. The page's flow is fire-and-forget
 * messages and events; the diagnostics (client.diagnostics) are requests, each settled by its reply
 * or its error (src/browser/channel.ts), never reported to onError.
 *
 * Once settled, a broken engine is FATAL for this client (onFatal): the worker's error event (an
 * uncaught exception) or an undecodable message. The client then terminates the worker and rejects
 * what was pending; the page makes a new client. Silence is reported, not judged (onStall): a ping
 * goes out every HEARTBEAT_MS, and one unanswered for heartbeatTimeoutMs means the worker has exited
 * or hangs — or is deep in a long computation, which a ping cannot tell apart, so the page offers a
 * restart rather than forcing one, and the stall clears if the engine speaks again.
 */
import type { BackendPreference } from '../protocol/backendPreference';

import { probeWebGL2 } from '../protocol/backendPreference';

import type {
  EngineMessage,
  EngineMessageOf,
  FromEngine,
  ToEngine,
  TrainMessage,
  WasmThreads,
} from '../protocol/messages';
import type { ProbeReport } from '../protocol/backendProbe';
import { transferablesOf } from '../protocol/messages';
import {
  isDiagnosticReply,
  type BenchOptions,
  type DiagnosticKind,
  type DiagnosticReplyOf,
  type DiagnosticRequest,
  type EngineMemory,
  type Fault,
} from '../protocol/diagnostics';
import type { EngineEndpoint, EngineLocation } from '../protocol/endpoint';
import { PendingRequests, workerEndpoint as channelToWorker } from '../../browser/channel';
import type { DatasetSpec } from '../../data/index';
import type { BackendName, EngineCheckpoint, ModelSpec, TrainSettings } from '../../model/training';

export interface ReadyInfo {
  backend: BackendName;
  where: EngineLocation;
  /** Why this backend / location and not the first choice; absent when it is the first choice. */
  reason?: string;
  /** The wasm backend's threads, where it is the backend. */
  wasm?: WasmThreads;
  /** Under `auto`: the backend probe's figures, once it has chosen (before the first run). */
  probe?: ProbeReport;
}

export interface TrainingClientOptions {
  /** 'auto' (default): webgl → wasm → cpu. A name forces that backend first. */
  backend?: BackendPreference;
  /** The wasm backend's threads (`?threads=`); default: the engine's (messages.ts, init). */
  wasmThreads?: number;
  /** Threads a bank may be split across on wasm (`?workers=`; 1 = never); default the engine's. */
  workers?: number;
  /** Absolute URL of the app's data/ folder; default `${BASE_URL}data/` against the page URL. */
  dataBaseUrl?: string;
  /** Move to the main thread when only the page has WebGL. Default true. */
  allowMainThread?: boolean;
  /** Skip the worker and run on the main thread from the start (tests, debugging). Default false. */
  forceMainThread?: boolean;
  /**
   * Talk to this endpoint instead of starting a worker (no move to the main thread): Node tests
   * drive the page's controller against an in-process engine this way.
   */
  endpoint?: () => EngineEndpoint;
  /** A worker that leaves a ping unanswered this long is reported as stalled. Default 30 s. */
  heartbeatTimeoutMs?: number;
}

/** How often a worker engine is pinged once settled. */
export const HEARTBEAT_MS = 2000;
export const HEARTBEAT_TIMEOUT_MS = 30_000;

/** The train message's options (all but what `train` takes as arguments). */
export type TrainOptions = Omit<TrainMessage, 'type' | 'runId' | 'model' | 'settings'>;

/**
 * The engine's diagnostics (tests, the soak and the bench scripts; protocol/diagnostics.ts). Each
 * settles: it resolves with the engine's reply, or rejects with the engine's error, an unexpected
 * reply, or the end of the client (dispose, a fatal engine).
 */
export interface EngineDiagnostics {
  /** Tensor count and heap of the engine (after a gc() where the engine's thread has one). */
  memory(): Promise<EngineMemory>;
  /** Times training steps of an M-model bank on the loaded dataset (stops any run first). */
  bench(options: BenchOptions): Promise<DiagnosticReplyOf<'bench'>>;
  /** Once run `runId` has finished: its test logits here and recomputed on `reference` from the same weights. */
  crossCheck(runId: string, reference: BackendName): Promise<DiagnosticReplyOf<'crossCheck'>>;
  /** Logits (n × K per model) of run `runId`'s models for n inputs (row-major). */
  predict(runId: string, x: Float32Array, n: number): Promise<Float32Array[]>;
  /** Provokes a fault in the engine (Fault); resolves once the engine has provoked it. */
  simulateFault(fault: Fault): Promise<void>;
}

export interface TrainingClient {
  /** Resolves once the engine has its backend (after any move to the main thread); rejects if none. */
  readonly ready: Promise<ReadyInfo>;
  /** null until ready. */
  readonly info: ReadyInfo | null;
  load(datasetSpec: DatasetSpec): void;
  train(runId: string, model: ModelSpec, settings: TrainSettings, options?: TrainOptions): void;
  pause(): void;
  resume(): void;
  /** While paused: run n steps, then checkpoint. */
  step(n: number): void;
  stop(): void;
  /** Subscribes to one message type; returns an unsubscribe function. */
  on<T extends EngineMessage['type']>(type: T, listener: (msg: EngineMessageOf<T>) => void): () => void;
  onReady(listener: (info: ReadyInfo) => void): () => void;
  onDatasetLoaded(listener: (msg: EngineMessageOf<'datasetLoaded'>) => void): () => void;
  onProgress(listener: (msg: EngineMessageOf<'progress'>) => void): () => void;
  onCheckpoint(listener: (runId: string, checkpoint: EngineCheckpoint) => void): () => void;
  onDone(listener: (msg: EngineMessageOf<'done'>) => void): () => void;
  onError(listener: (msg: EngineMessageOf<'error'>) => void): () => void;
  /** The engine broke for good (crash, exit, hang); this client is then dead. */
  onFatal(listener: (message: string) => void): () => void;
  /** Why the engine broke, once it has; null while it works. */
  readonly failure: string | null;
  /** The engine stopped answering (a message), or answers again (null). */
  onStall(listener: (message: string | null) => void): () => void;
  readonly diagnostics: EngineDiagnostics;
  dispose(): void;
}

/**
 * Can the page itself get a hardware WebGL2 context as tfjs would ask for it (see probeWebGL2)?
 * Only then is moving the engine to the main thread worth it.
 */
export function pageHasWebGL2(): boolean {
  const probe = probeWebGL2();
  return probe.available && !probe.software;
}

function workerEndpoint(): EngineEndpoint {
  const worker = new Worker(new URL('../host/worker.ts', import.meta.url), {
    type: 'module',
    name: 'ls-sc-trainer',
  });
  return {
    where: 'worker',
    ...channelToWorker<ToEngine, FromEngine>(worker, 'training worker', transferablesOf),
  };
}

async function mainThreadEndpoint(): Promise<EngineEndpoint> {
  const { createMainThreadHost } = await import('../host/mainThreadHost');
  return createMainThreadHost();
}

export function createTrainingClient(options: TrainingClientOptions = {}): TrainingClient {
  const preference = options.backend ?? 'auto';
  const dataBaseUrl =
    options.dataBaseUrl ?? new URL(`${import.meta.env.BASE_URL}data/`, globalThis.location.href).href;
  const listeners = new Map<EngineMessage['type'], Set<(msg: EngineMessage) => void>>();
  const pending: ToEngine[] = [];
  /** The diagnostics requests awaiting their answer. */
  const requests = new PendingRequests<FromEngine>();
  let endpoint: EngineEndpoint | null = null;
  let settled = false;
  let disposed = false;
  let info: ReadyInfo | null = null;
  let failure: string | null = null;
  const fatalListeners = new Set<(message: string) => void>();
  const stallListeners = new Set<(message: string | null) => void>();
  let stalled = false;
  /** When the oldest unanswered ping was sent (null: every ping answered). */
  let pingSince: number | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;

  /** A request's answer settles it (only); anything else goes to the listeners of its type. */
  const emit = (msg: FromEngine): void => {
    if (isDiagnosticReply(msg)) {
      requests.settle(msg);
      return;
    }
    if (requests.settle(msg)) return; // an error that answers a request
    if (msg.type === 'backendChanged' && info) {
      const { wasm: _old, ...rest } = info;
      info = { ...rest, backend: msg.backend, reason: msg.reason, ...(msg.wasm ? { wasm: msg.wasm } : {}) };
    }
    if (msg.type === 'backendProbed' && info) {
      const { wasm: _old, probe: _was, ...rest } = info;
      info = {
        ...rest,
        backend: msg.backend,
        reason: msg.reason,
        ...(msg.wasm ? { wasm: msg.wasm } : {}),
        ...(msg.probe ? { probe: msg.probe } : {}),
      };
    }
    for (const l of listeners.get(msg.type) ?? []) l(msg);
  };

  const send = (msg: ToEngine): void => {
    if (disposed || failure !== null) return;
    if (settled && endpoint) endpoint.post(msg);
    else pending.push(msg);
  };

  let resolveReady!: (i: ReadyInfo) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<ReadyInfo>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // Reported through onError too; avoid an unhandled rejection.

  const fail = (message: string): void => {
    if (!settled) rejectReady(new Error(message));
    emit({ type: 'error', during: 'init', message });
  };

  /** The settled engine is gone: stop everything and tell the page, once. */
  const die = (message: string): void => {
    if (failure !== null || disposed) return;
    failure = message;
    if (heartbeat) clearInterval(heartbeat);
    endpoint?.terminate();
    requests.rejectAll(new Error(message));
    for (const l of fatalListeners) l(message);
  };

  const startHeartbeat = (ep: EngineEndpoint): void => {
    if (ep.where !== 'worker') return; // The main-thread engine lives and dies with the page.
    const timeout = options.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
    heartbeat = setInterval(() => {
      const now = performance.now();
      if (pingSince === null) {
        pingSince = now;
        ep.post({ type: 'ping' });
      } else if (!stalled && now - pingSince > timeout) {
        stalled = true;
        const message = `the training engine has not responded for ${Math.round(timeout / 1000)} s`;
        for (const l of stallListeners) l(message);
      }
    }, HEARTBEAT_MS);
  };

  /** Starts an endpoint and sends init; `onReady` decides what to do with its ready reply. */
  const start = (
    ep: EngineEndpoint,
    onReady: (msg: EngineMessageOf<'ready'>) => void,
    onBroken: (m: string) => void,
  ) => {
    endpoint = ep;
    ep.listen(
      (msg) => {
        if (disposed || failure !== null) return;
        pingSince = null; // Any message shows the engine alive.
        if (stalled) {
          stalled = false;
          for (const l of stallListeners) l(null);
        }
        if (msg.type === 'pong') return;
        if (!settled && msg.type === 'ready') onReady(msg);
        else if (!settled && msg.type === 'error' && msg.during === 'init') onBroken(msg.message);
        else emit(msg);
      },
      (message) => (settled ? die(message) : onBroken(message)),
    );
    ep.post({
      type: 'init',
      backend: preference,
      wasmThreads: options.wasmThreads,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      dataBaseUrl,
    });
  };

  const settle = (ep: EngineEndpoint, msg: EngineMessageOf<'ready'>, extraReason?: string): void => {
    settled = true;
    const reason = [extraReason, msg.reason].filter(Boolean).join('; ');
    info = {
      backend: msg.backend,
      where: ep.where,
      ...(reason ? { reason } : {}),
      ...(msg.wasm ? { wasm: msg.wasm } : {}),
    };
    for (const m of pending.splice(0)) ep.post(m);
    startHeartbeat(ep);
    resolveReady(info);
    emit({
      type: 'ready',
      backend: msg.backend,
      webglFailed: msg.webglFailed,
      ...(reason ? { reason } : {}),
      ...(msg.wasm ? { wasm: msg.wasm } : {}),
    });
  };

  const startMainThread = (why: string): void => {
    mainThreadEndpoint().then(
      (ep) => {
        if (disposed) return ep.terminate();
        start(
          ep,
          (msg) => settle(ep, msg, why),
          (m) => fail(`${why}; on the main thread: ${m}`),
        );
      },
      (e: unknown) => fail(`${why}; the main-thread engine could not be loaded (${String(e)})`),
    );
  };

  const wantsWebGL = preference === 'auto' || preference === 'webgl';
  if (options.endpoint) {
    const ep = options.endpoint();
    start(
      ep,
      (msg) => settle(ep, msg),
      (m) => fail(m),
    );
  } else if (options.forceMainThread) {
    startMainThread('running on the main thread (requested)');
  } else {
    let worker: EngineEndpoint | null = null;
    try {
      worker = workerEndpoint();
    } catch (e) {
      startMainThread(`no module worker (${String(e)})`);
    }
    if (worker) {
      const w = worker;
      start(
        w,
        (msg) => {
          if (msg.backend !== 'webgl' && wantsWebGL && (options.allowMainThread ?? true) && pageHasWebGL2()) {
            w.terminate();
            startMainThread(
              `WebGL is unavailable in a worker here (${msg.reason ?? 'unknown'}) but works in the page`,
            );
          } else {
            settle(w, msg);
          }
        },
        (m) => {
          w.terminate();
          if (options.allowMainThread ?? true) startMainThread(m);
          else fail(m);
        },
      );
    }
  }

  /** Sends diagnostics request `type`; its answer settles the promise (see emit). */
  const request = <K extends DiagnosticKind>(
    type: K,
    body: Omit<Extract<DiagnosticRequest, { type: K }>, 'type' | 'requestId'>,
  ): Promise<DiagnosticReplyOf<K>> => {
    if (disposed) return Promise.reject(new Error('training client disposed'));
    if (failure !== null) return Promise.reject(new Error(failure));
    const { requestId, answer } = requests.start(type, type);
    send({ ...body, type, requestId } as DiagnosticRequest);
    // Every reply of kind K is a DiagnosticReplyOf<K> (the only answer of that type).
    return answer as Promise<DiagnosticReplyOf<K>>;
  };

  const diagnostics: EngineDiagnostics = {
    memory: () =>
      request('memory', {}).then((m) => ({
        numTensors: m.numTensors,
        numBytes: m.numBytes,
        jsHeapBytes: m.jsHeapBytes,
      })),
    bench: (options) => request('bench', options),
    crossCheck: (runId, reference) => request('crossCheck', { runId, reference }),
    // A copy of x: its buffer is transferred to the worker.
    predict: (runId, x, n) => request('predict', { runId, x: x.slice(), n }).then((m) => m.logits),
    simulateFault: (fault) => request('fault', { fault }).then(() => undefined),
  };

  const on = <T extends EngineMessage['type']>(
    type: T,
    listener: (msg: EngineMessageOf<T>) => void,
  ): (() => void) => {
    const set = listeners.get(type) ?? new Set();
    listeners.set(type, set);
    const l = listener as (msg: EngineMessage) => void;
    set.add(l);
    return () => set.delete(l);
  };

  return {
    ready,
    get info() {
      return info;
    },
    load: (datasetSpec) => send({ type: 'load', datasetSpec }),
    train: (runId, model, settings, opts = {}) => send({ type: 'train', runId, model, settings, ...opts }),
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    step: (n) => send({ type: 'step', n }),
    stop: () => send({ type: 'stop' }),
    on,
    onReady: (listener) => on('ready', () => info && listener(info)),
    onDatasetLoaded: (listener) => on('datasetLoaded', listener),
    onProgress: (listener) => on('progress', listener),
    onCheckpoint: (listener) => on('checkpoint', (msg) => listener(msg.runId, msg.checkpoint)),
    onDone: (listener) => on('done', listener),
    onError: (listener) => on('error', listener),
    onFatal(listener) {
      fatalListeners.add(listener);
      return () => fatalListeners.delete(listener);
    },
    get failure() {
      return failure;
    },
    onStall(listener) {
      stallListeners.add(listener);
      return () => stallListeners.delete(listener);
    },
    diagnostics,
    dispose(): void {
      if (disposed) return;
      if (heartbeat) clearInterval(heartbeat);
      fatalListeners.clear();
      stallListeners.clear();
      // Terminating a worker frees everything it held; the main-thread host disposes its engine.
      endpoint?.terminate();
      disposed = true;
      requests.rejectAll(new Error('training client disposed'));
      listeners.clear();
      if (!settled) rejectReady(new Error('training client disposed'));
    },
  };
}
