/**
 * The page's side of a bootstrap: one worker per computation (it ends when done), and where no
 * Worker exists (Node tests) the same computation after a macrotask, so that callers see one
 * asynchronous interface.
 */
import { PendingRequests, workerEndpoint } from '../../browser/channel';
import { pairedAurcBootstrap, type BootstrapModel, type PairedAurcIntervals } from '../../analysis/bootstrap';
import { bootstrapTransferables, type BootstrapReply, type BootstrapRequest } from './protocol';

export interface BootstrapJob {
  readonly done: Promise<PairedAurcIntervals>;
  cancel(): void;
}

export function startBootstrap(
  reference: BootstrapModel,
  compared: BootstrapModel,
  opts: { resamples: number; seed: number },
): BootstrapJob {
  if (typeof Worker === 'undefined') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = new Promise<PairedAurcIntervals>((resolve, reject) => {
      timer = setTimeout(() => {
        try {
          resolve(pairedAurcBootstrap(reference, compared, opts));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }, 0);
    });
    return { done, cancel: () => clearTimeout(timer) };
  }
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bootstrap' });
  const endpoint = workerEndpoint<BootstrapRequest, BootstrapReply>(
    worker,
    'The bootstrap worker',
    bootstrapTransferables,
  );
  const requests = new PendingRequests<BootstrapReply>();
  const { requestId, answer } = requests.start('bootstrap', 'done');
  endpoint.listen(
    (msg) => {
      endpoint.terminate();
      if (requests.settle(msg) || msg.type !== 'error') return;
      requests.rejectAll(new Error(msg.message));
    },
    (message) => {
      endpoint.terminate();
      requests.rejectAll(new Error(message));
    },
  );
  endpoint.post({ type: 'bootstrap', requestId, reference, compared, ...opts });
  return {
    done: answer.then((m) => m.result),
    cancel() {
      endpoint.terminate();
      requests.rejectAll(new Error('cancelled'));
    },
  };
}
