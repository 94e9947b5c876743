/**
 * The engine as the browser runs it (worker or main-thread fallback): wasm binaries located for
 * Vite, Fashion-MNIST fetched over HTTP from the app's data/ folder. Browser-only (imports `?url`).
 */
import {
  configureWasmPaths,
  configureWasmThreads,
  loadWebGPUWhereAvailable,
} from '../trainer/backend.browser';
import { createEngine, type Engine, type EngineDeps } from './engine';
import { probeBackends } from './backendProbe';
import { httpByteSource, loadDataset } from '../../data/index';
import { workerEndpoint } from '../../browser/channel';
import { shardRequestTransferables, type ShardAnswer, type ShardRequest } from '../protocol/shard';

/** The app's data/ folder, resolved against `base` (the page, or the worker's origin). */
export function defaultDataBaseUrl(base: string): string {
  return new URL(`${import.meta.env.BASE_URL}data/`, base).href;
}

function inWorker(): boolean {
  // The page's global has a document; a worker's has importScripts and none.
  return (
    typeof document === 'undefined' &&
    typeof (globalThis as { importScripts?: unknown }).importScripts === 'function'
  );
}

export function createBrowserEngine(post: EngineDeps['post']): Engine {
  configureWasmPaths();
  const engine = createEngine({
    post,
    probe: probeBackends,
    // The helper a bank is split with on wasm (splitBank.ts): a worker of the engine's worker. On
    // the page (the main-thread fallback) there is none.
    ...(inWorker()
      ? {
          startHelper: () =>
            workerEndpoint<ShardRequest, ShardAnswer>(
              new Worker(new URL('./shardWorker.ts', import.meta.url), {
                type: 'module',
                name: 'LS-SC training helper',
              }),
              'The training helper worker',
              shardRequestTransferables,
            ),
        }
      : {}),
    loadDataset: (spec, { dataBaseUrl }, onProgress) => {
      const root = dataBaseUrl ?? defaultDataBaseUrl(globalThis.location.href);
      const source = httpByteSource(new URL('fashion-mnist/', root).href);
      return loadDataset(spec, source, (p) => onProgress(p.loaded, p.total));
    },
  });
  // Messages wait (in order) for the WebGPU backend's chunk, where one is loaded, so that init's
  // backend choice and the probe see it; pings do not wait.
  let gate: Promise<unknown> = Promise.resolve();
  return {
    handle(msg) {
      // The threads must be set before wasm starts, which the init message's backend choice does.
      // On the page (the main-thread fallback) wasm keeps one thread: the calling thread waits for
      // XNNPACK's pool, and the page's thread may not block (Emscripten would spin there).
      if (msg.type === 'init') {
        configureWasmThreads(inWorker() ? msg.wasmThreads : 1);
        gate = loadWebGPUWhereAvailable();
      }
      if (msg.type === 'ping') return engine.handle(msg);
      return gate.then(() => engine.handle(msg));
    },
  };
}
