/**
 * The engine as the browser runs it (worker or main-thread fallback): wasm binaries located for
 * Vite, Fashion-MNIST fetched over HTTP from the app's data/ folder. Browser-only (imports `?url`).
 */
import { configureWasmPaths } from '../trainer/backend.browser';
import { createEngine, type Engine, type EngineDeps } from './engine';
import { httpByteSource, loadDataset } from '../../data/index';

/** The app's data/ folder, resolved against `base` (the page, or the worker's origin). */
export function defaultDataBaseUrl(base: string): string {
  return new URL(`${import.meta.env.BASE_URL}data/`, base).href;
}

export function createBrowserEngine(post: EngineDeps['post']): Engine {
  configureWasmPaths();
  return createEngine({
    post,
    loadDataset: (spec, { dataBaseUrl }, onProgress) => {
      const root = dataBaseUrl ?? defaultDataBaseUrl(globalThis.location.href);
      const source = httpByteSource(new URL('fashion-mnist/', root).href);
      return loadDataset(spec, source, (p) => onProgress(p.loaded, p.total));
    },
  });
}
