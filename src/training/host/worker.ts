/**
 * Web Worker entry: the training engine off the main thread. In a worker, tfjs's WebGL backend
 * draws on an OffscreenCanvas; where that is unavailable the engine reports `webglFailed` and the
 * client may move to the main thread (client.ts).
 */
import { createBrowserEngine } from './browserEngine';
import { workerSide } from '../../browser/channel';
import { transferablesOf, type FromEngine, type ToEngine } from '../protocol/messages';

const side = workerSide<ToEngine, FromEngine>(transferablesOf);
const engine = createBrowserEngine((msg) => side.post(msg));

side.onMessage((msg) => {
  // Faults only a worker can have (diagnostics): acknowledged first, so the request settles, then
  // provoked in a later task; the page must notice them by itself (client.ts).
  if (msg.type === 'fault' && (msg.fault.kind === 'crash' || msg.fault.kind === 'exit')) {
    const { kind } = msg.fault;
    side.post({ type: 'fault', requestId: msg.requestId, fault: kind });
    setTimeout(() => {
      if (kind === 'exit') side.close();
      else throw new Error('simulated crash of the training worker');
    });
    return;
  }
  void engine.handle(msg);
});
