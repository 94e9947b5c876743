/**
 * The engine's answers to the diagnostics requests (protocol/diagnostics.ts): memory, bench,
 * cross-check, predict and faults. Kept apart from the page's flow (engine.ts), which they only
 * look at through DiagnosedEngine.
 */
import { wasmThreads } from './wasmThreads';
import type { BankRunner } from '../trainer/bankRunner';
import type { DeviceWatch } from '../trainer/deviceLoss';
import { tf } from '../trainer/tf';
import type {
  DiagnosticKind,
  DiagnosticReply,
  DiagnosticReplyBodies,
  DiagnosticRequest,
  EngineMemory,
  Fault,
} from '../protocol/diagnostics';
import type { Dataset } from '../../data/types';
import type { BackendName, ModelSpec, TrainSettings } from '../../model/training';
import { measureStepTime } from './stepBench';

/** What the diagnostics see of the engine. */
export interface DiagnosedEngine {
  backend(): BackendName | null;
  dataset(): Dataset | null;
  /** The running or last finished run (its trainer is kept until the next train or dispose). */
  run(): { runId: string; trainer: BankRunner; finished: Promise<void>; looping: boolean } | null;
  watch(): DeviceWatch | null;
  /** Stops the current run (if any) and frees its trainer. */
  endRun(): Promise<void>;
  /** Races a device read-back against the loss of the device. */
  onDevice<T>(p: Promise<T>): Promise<T>;
  /** Builds a bank as a run would (split between threads where the engine splits runs). */
  openBank(model: ModelSpec, settings: TrainSettings): Promise<BankRunner>;
  /** Training workers a bank of `models` is split across on the backend in use (1: not split). */
  workersFor(models: number): number;
  /** The helper worker's tensors, where there is one. */
  helperMemory(): Promise<{ numTensors: number; numBytes: number } | null>;
}

export interface DiagnosticsDeps {
  /** tfjs's tensor count and bytes; default tf.memory (tests inject a failing one). */
  tensorMemory?: () => { numTensors: number; numBytes: number };
}

type DiagnosticHandlers = {
  [K in DiagnosticKind]: (msg: Extract<DiagnosticRequest, { type: K }>) => Promise<DiagnosticReplyBodies[K]>;
};

function trainedRun(engine: DiagnosedEngine, runId: string) {
  const run = engine.run();
  if (!run || run.runId !== runId) throw new Error(`no trained models for run ${runId}`);
  return run;
}

async function provoke(engine: DiagnosedEngine, fault: Fault): Promise<void> {
  switch (fault.kind) {
    case 'nan': {
      const run = engine.run();
      if (!run?.looping) throw new Error('fault nan: no bank is training');
      await run.trainer.poisonModel(fault.model);
      return;
    }
    case 'loseContext':
      if (!engine.watch()?.loseContext()) throw new Error('fault loseContext: the engine is not on WebGL');
      return;
    default:
      // worker.ts provokes these itself, before the engine sees them.
      throw new Error(`fault ${fault.kind}: only a worker host can do that`);
  }
}

export function diagnosticHandlers(engine: DiagnosedEngine, deps: DiagnosticsDeps = {}): DiagnosticHandlers {
  return {
    async memory(): Promise<EngineMemory> {
      // gc() exists where the host exposes it (Chromium with --js-flags=--expose-gc): the soak script.
      (globalThis as { gc?: () => void }).gc?.();
      const mem = (deps.tensorMemory ?? (() => tf.memory()))();
      const heap = (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
      const helper = await engine.helperMemory();
      return {
        numTensors: mem.numTensors + (helper?.numTensors ?? 0),
        numBytes: mem.numBytes + (helper?.numBytes ?? 0),
        jsHeapBytes: heap ?? null,
        ...(helper ? { helper } : {}),
      };
    },
    async bench(msg) {
      const backend = engine.backend();
      const dataset = engine.dataset();
      if (!backend) throw new Error('bench before init: the backend is not initialised');
      if (!dataset) throw new Error('bench before load: no dataset loaded');
      await engine.endRun();
      const result = await measureStepTime(dataset, msg.model, {
        models: msg.models,
        batchSize: msg.batchSize,
        ...(msg.repeats !== undefined ? { repeats: msg.repeats } : {}),
        ...(msg.targetBlockMs !== undefined ? { targetBlockMs: msg.targetBlockMs } : {}),
        ...(msg.warmupSteps !== undefined ? { warmupSteps: msg.warmupSteps } : {}),
        open: (settings) => engine.openBank(msg.model, settings),
      });
      if (backend !== 'wasm') return { backend, ...result };
      const pool = wasmThreads();
      const wasm = {
        simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
        threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
        threadsCount: pool?.count ?? 1,
        isolated: pool?.isolated ?? false,
        workers: engine.workersFor(msg.models),
      };
      return { backend, ...result, wasm };
    },
    async crossCheck(msg) {
      // Waits for the run to finish: the check switches tfjs's backend, which no step may see.
      const run = trainedRun(engine, msg.runId);
      await run.finished;
      const backend = engine.backend();
      if (!backend) throw new Error('crossCheck before init');
      const { here, there } = await engine.onDevice(run.trainer.crossCheckTestLogits(msg.reference));
      return { runId: msg.runId, backend, reference: msg.reference, here, there };
    },
    async predict(msg) {
      const run = trainedRun(engine, msg.runId);
      const logits = await engine.onDevice(run.trainer.predictLogits(msg.x, msg.n));
      return { runId: msg.runId, logits };
    },
    async fault(msg) {
      await provoke(engine, msg.fault);
      return { fault: msg.fault.kind };
    },
  };
}

/** Answers one diagnostics request with its reply (the caller turns a rejection into an error). */
export async function answerDiagnostic(
  handlers: DiagnosticHandlers,
  msg: DiagnosticRequest,
): Promise<DiagnosticReply> {
  // Each kind's handler takes that kind's request and gives that kind's reply body; TypeScript
  // cannot follow the pairing through msg.type.
  const handler = handlers[msg.type] as (m: DiagnosticRequest) => Promise<object>;
  const body = await handler(msg);
  return { ...body, type: msg.type, requestId: msg.requestId } as DiagnosticReply;
}
