/**
 * Web Worker entry: the training engine off the main thread. In a worker, tfjs's WebGL backend
 * draws on an OffscreenCanvas; where that is unavailable the engine reports `webglFailed` and the
 * client may move to the main thread (client.ts).
 */
import { createBrowserEngine } from './browserEngine';
import type { ClientMessage, EngineMessage } from '../protocol/messages';

// The project's lib is DOM, not WebWorker: describe the members of the worker scope we use.
const scope = self as unknown as {
  postMessage(msg: EngineMessage, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ClientMessage>) => void) | null;
  close(): void;
};

const engine = createBrowserEngine((msg, transfer) => scope.postMessage(msg, transfer));

scope.onmessage = (event) => {
  const msg = event.data;
  // Faults only a worker can have (test hooks): the page must notice them by itself (client.ts).
  if (msg.type === 'fault' && msg.fault.kind === 'crash') {
    setTimeout(() => {
      throw new Error('simulated crash of the training worker');
    });
    return;
  }
  if (msg.type === 'fault' && msg.fault.kind === 'exit') {
    scope.close();
    return;
  }
  void engine.handle(msg);
};
