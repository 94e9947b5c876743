/**
 * An engine on the page's own thread, behaving like a Worker towards client.ts: messages are
 * delivered asynchronously and in order, and nothing is transferred (same thread). The main-thread
 * fallback (mainThreadHost.ts) and the client's Node tests host their engines this way.
 */
import type { Engine, EngineDeps } from './engine';
import type { EngineEndpoint } from '../protocol/endpoint';
import type { FromEngine, ToEngine } from '../protocol/messages';

export function inPageEndpoint(makeEngine: (post: EngineDeps['post']) => Engine): EngineEndpoint {
  let listener: ((msg: FromEngine) => void) | null = null;
  let closed = false;
  const engine = makeEngine((msg) => {
    // A microtask, so that the engine never re-enters the client.
    queueMicrotask(() => {
      if (!closed) listener?.(msg);
    });
  });
  return {
    where: 'main-thread',
    post(msg: ToEngine): void {
      if (!closed) void engine.handle(msg);
    },
    listen(onMessage: (msg: FromEngine) => void): void {
      listener = onMessage;
    },
    terminate(): void {
      if (closed) return;
      void engine.handle({ type: 'dispose' });
      closed = true;
    },
  };
}
