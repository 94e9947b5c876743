/**
 * The page's side of a load: one import worker per load (a fresh worker frees all of its memory
 * when it ends), progress as it reads, the models or the error at the end. Cancelling terminates
 * the worker: nothing it had read reaches the page.
 */
import { PendingRequests, workerEndpoint } from '../browser/channel';
import { importTransferables, type ImportReply, type ImportRequest } from './protocol';
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
  const endpoint = workerEndpoint<ImportRequest, ImportReply>(
    worker,
    'The import worker',
    importTransferables,
  );
  const requests = new PendingRequests<ImportReply>();
  const { requestId, answer } = requests.start('load', 'loaded');
  endpoint.listen(
    (msg) => {
      if (msg.type === 'progress') {
        onProgress({ done: msg.done, total: msg.total });
        return;
      }
      endpoint.terminate();
      if (requests.settle(msg) || msg.type !== 'error') return;
      // An error without a requestId is the worker's own: it ends this load all the same.
      requests.rejectAll(new Error(msg.message));
    },
    (message) => {
      endpoint.terminate();
      requests.rejectAll(new Error(message));
    },
  );
  endpoint.post({ type: 'load', requestId, files });
  return {
    done: answer.then(({ models, seconds }) => ({ models, seconds })),
    cancel() {
      endpoint.terminate();
      requests.rejectAll(new LoadCancelled('cancelled'));
    },
  };
}
