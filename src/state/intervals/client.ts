/**
 * The page's side of a bootstrap: one worker per computation (it ends when done), and where no
 * Worker exists (Node tests) the same computation after a macrotask, so that callers see one
 * asynchronous interface.
 */
import { PendingRequests, workerEndpoint } from '../../browser/channel';
import {
  pairedAurcBootstrap,
  scoreSetBootstrap,
  type BootstrapModel,
  type BootstrapOptions,
  type PairedAurcIntervals,
  type ScoreSetIntervals,
  type ScoreSetModel,
} from '../../analysis/bootstrap';
import { bootstrapTransferables, type BootstrapReply, type BootstrapRequest } from './protocol';

export interface Job<T> {
  readonly done: Promise<T>;
  cancel(): void;
}

export type BootstrapJob = Job<PairedAurcIntervals>;
export type ScoreBootstrapJob = Job<ScoreSetIntervals>;

/** `compute` after a macrotask (no Worker: Node tests). */
function later<T>(compute: () => T): Job<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(compute());
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }, 0);
  });
  return { done, cancel: () => clearTimeout(timer) };
}

type Request = BootstrapRequest extends infer R
  ? R extends BootstrapRequest
    ? Omit<R, 'requestId'>
    : never
  : never;

/** One request to a fresh worker, answered by `expect`; the worker ends with the answer. */
function inWorker<T>(request: Request, expect: 'done' | 'scores-done'): Job<T> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bootstrap' });
  const endpoint = workerEndpoint<BootstrapRequest, BootstrapReply>(
    worker,
    'The bootstrap worker',
    bootstrapTransferables,
  );
  const requests = new PendingRequests<BootstrapReply>();
  const { requestId, answer } = requests.start(request.type, expect);
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
  endpoint.post({ ...request, requestId });
  return {
    // The reply of type `expect` carries the result of this request's kind.
    done: answer.then((m) => m.result as T),
    cancel() {
      endpoint.terminate();
      requests.rejectAll(new Error('cancelled'));
    },
  };
}

export function startBootstrap(
  reference: BootstrapModel,
  compared: BootstrapModel,
  opts: BootstrapOptions,
): BootstrapJob {
  if (typeof Worker === 'undefined') return later(() => pairedAurcBootstrap(reference, compared, opts));
  return inWorker<PairedAurcIntervals>({ type: 'bootstrap', reference, compared, ...opts }, 'done');
}

/** Every score of one or two models (reference first): scoreSetBootstrap in the worker. */
export function startScoreBootstrap(models: ScoreSetModel[], opts: BootstrapOptions): ScoreBootstrapJob {
  if (typeof Worker === 'undefined') return later(() => scoreSetBootstrap(models, opts));
  return inWorker<ScoreSetIntervals>({ type: 'score-bootstrap', models, ...opts }, 'scores-done');
}
