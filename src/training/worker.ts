/**
 * Web Worker entry: the training engine off the main thread. In a worker, tfjs's WebGL backend
 * draws on an OffscreenCanvas; where that is unavailable the engine reports `webglFailed` and the
 * client may move to the main thread (client.ts).
 */
import { createBrowserEngine } from './browserEngine';
import type { ClientMessage, EngineMessage } from './protocol';

// The project's lib is DOM, not WebWorker: describe the two members of the worker scope we use.
const scope = self as unknown as {
  postMessage(msg: EngineMessage, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ClientMessage>) => void) | null;
};

const engine = createBrowserEngine((msg, transfer) => scope.postMessage(msg, transfer));

scope.onmessage = (event) => {
  void engine.handle(event.data);
};
