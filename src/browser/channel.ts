/**
 * The conventions both of the app's workers speak (the training engine and the logits import), and
 * the small typed layer that keeps them:
 * - a message is a plain object with a string `type`; typed arrays travel in the transfer list,
 *   which each protocol derives from its messages (see bufferList);
 * - a request carries a `requestId`; exactly one answer settles it — a reply with the same id, or an
 *   `error` with the same id and a readable `message` — and anything else answering it is a bug
 *   that rejects the request rather than being taken for a result;
 * - events (progress and the like) carry no `requestId`;
 * - a broken endpoint (an uncaught error in the worker, an undecodable message) is fatal: what is
 *   still pending is rejected with its message.
 * Plain TypeScript on the postMessage API: the engine's Node tests drive the same code in-process.
 */

export interface Message {
  type: string;
}

/** Any answer or event of a protocol: an answer names the request it settles. */
export interface Answer extends Message {
  requestId?: number;
}

/** The failure of a request (with its id) or of something the other side did by itself. */
export interface ErrorMessage extends Answer {
  type: 'error';
  message: string;
}

/** One side's view of the other: a Worker, or an in-page host that behaves like one. */
export interface Endpoint<Out, In> {
  post(msg: Out): void;
  /** `onFatal`: the endpoint itself broke (e.g. the worker script failed to load or threw). */
  listen(onMessage: (msg: In) => void, onFatal?: (message: string) => void): void;
  terminate(): void;
}

/** The distinct ArrayBuffers under these arrays, ready for a transfer list. */
export function bufferList(arrays: Iterable<ArrayBufferView>): ArrayBuffer[] {
  const buffers = new Set<ArrayBufferLike>();
  for (const a of arrays) buffers.add(a.buffer);
  // A buffer may be listed once only; SharedArrayBuffers cannot be transferred.
  return [...buffers].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/**
 * A module Worker as an endpoint: every message posted with its transfer list, the worker's error
 * and messageerror events as fatal (`name` starts their message, e.g. 'The import worker').
 */
export function workerEndpoint<Out, In>(
  worker: Worker,
  name: string,
  transferables: (msg: Out) => ArrayBuffer[],
): Endpoint<Out, In> {
  return {
    post(msg: Out): void {
      worker.postMessage(msg, transferables(msg));
    },
    listen(onMessage, onFatal): void {
      worker.onmessage = (e: MessageEvent<In>) => onMessage(e.data);
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        onFatal?.(`${name} failed: ${e.message || 'it could not start'}`);
      };
      worker.onmessageerror = () => onFatal?.(`${name}: a message could not be decoded`);
    },
    terminate(): void {
      worker.terminate();
    },
  };
}

/** The inside of a worker: what it receives, and posting with transfer lists. */
export interface WorkerSide<In, Out> {
  post(msg: Out): void;
  onMessage(handler: (msg: In) => void): void;
  /** Ends the worker (self.close()). */
  close(): void;
}

export function workerSide<In, Out>(transferables: (msg: Out) => ArrayBuffer[]): WorkerSide<In, Out> {
  // The project's lib is DOM, not WebWorker: describe the members of the worker scope we use.
  const scope = self as unknown as {
    postMessage(msg: Out, transfer: Transferable[]): void;
    onmessage: ((event: MessageEvent<In>) => void) | null;
    close(): void;
  };
  return {
    post: (msg) => scope.postMessage(msg, transferables(msg)),
    onMessage(handler): void {
      scope.onmessage = (event) => handler(event.data);
    },
    close: () => scope.close(),
  };
}

/** The reply of type T among a protocol's answers. */
export type ReplyOf<A extends Message, T extends A['type']> = Extract<A, { type: T }>;

interface Open<A> {
  expect: string;
  what: string;
  resolve(msg: A): void;
  reject(e: Error): void;
}

/** The requests a side has sent and not yet seen answered, by id. */
export class PendingRequests<A extends Answer> {
  private nextId = 1;
  private readonly open = new Map<number, Open<A>>();

  /**
   * Opens a request `what` that a reply of type `expect` answers: its id (to put in the request)
   * and the promise the answer settles.
   */
  start<T extends A['type']>(what: string, expect: T): { requestId: number; answer: Promise<ReplyOf<A, T>> } {
    const requestId = this.nextId++;
    const answer = new Promise<ReplyOf<A, T>>((resolve, reject) => {
      this.open.set(requestId, { expect, what, resolve: resolve as (msg: A) => void, reject });
    });
    return { requestId, answer };
  }

  /**
   * Settles the request `msg` answers. False when it answers none (an event, or an error of
   * something that was not a request); true when it carried a request id, even an unknown one (an
   * answer after the request was given up).
   */
  settle(msg: A | ErrorMessage): boolean {
    if (msg.requestId === undefined) return false;
    const r = this.open.get(msg.requestId);
    if (!r) return true;
    this.open.delete(msg.requestId);
    if (msg.type === 'error') r.reject(new Error((msg as ErrorMessage).message));
    else if (msg.type !== r.expect) r.reject(new Error(`unexpected reply ${msg.type} to ${r.what}`));
    else r.resolve(msg as A);
    return true;
  }

  /** Rejects every open request (the other side is gone). */
  rejectAll(error: Error): void {
    const open = [...this.open.values()];
    this.open.clear();
    for (const r of open) r.reject(error);
  }

  get size(): number {
    return this.open.size;
  }
}

/** One handler per message kind: a kind without one is a compile error. */
export type Handlers<M extends Message, R = void> = {
  [K in M['type']]: (msg: Extract<M, { type: K }>) => R;
};

/** Calls the handler of msg's kind. */
export function dispatch<M extends Message, R>(handlers: Handlers<M, R>, msg: M): R {
  // The mapped type pairs each kind with its handler; TypeScript cannot follow that through msg.type.
  const handler = handlers[msg.type as M['type']] as (m: M) => R;
  return handler(msg);
}
