/**
 * The page's side of a load: one import worker per load (a fresh worker frees all of its memory
 * when it ends), progress as it reads, the models or the error at the end. Cancelling terminates
 * the worker: nothing it had read reaches the page.
 */
import type { ImportReply, ImportRequest } from './protocol';
import type { LoadedModelData, LoadProgress } from './types';

export interface ImportJob {
  /** Resolves with the models (and the worker's seconds), rejects with an Error whose message names the file. */
  readonly done: Promise<{ models: LoadedModelData[]; seconds: number }>;
  cancel(): void;
}

export class LoadCancelled extends Error {
  override name = 'LoadCancelled';
}

export function startImport(files: File[], onProgress: (p: LoadProgress) => void): ImportJob {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'import' });
  let settle: { reject: (e: Error) => void } | null = null;
  const done = new Promise<{ models: LoadedModelData[]; seconds: number }>((resolve, reject) => {
    settle = { reject };
    worker.onmessage = (event: MessageEvent<ImportReply>) => {
      const msg = event.data;
      if (msg.type === 'progress') {
        onProgress({ done: msg.done, total: msg.total });
        return;
      }
      worker.terminate();
      if (msg.type === 'loaded') resolve({ models: msg.models, seconds: msg.seconds });
      else reject(new Error(msg.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`The import worker failed: ${e.message || 'it could not start'}`));
    };
  });
  const request: ImportRequest = { type: 'load', files };
  worker.postMessage(request);
  return {
    done,
    cancel() {
      worker.terminate();
      settle?.reject(new LoadCancelled('cancelled'));
    },
  };
}
