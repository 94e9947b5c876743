/**
 * The same engine on the page's own thread, for browsers whose workers cannot get WebGL while the
 * page can (e.g. no OffscreenCanvas WebGL). Behaves like a Worker towards client.ts: messages are
 * delivered asynchronously and in order. Loaded with a dynamic import, only when needed.
 */
import { createBrowserEngine } from './browserEngine';
import type { EngineEndpoint } from '../protocol/endpoint';
import type { ClientMessage, EngineMessage } from '../protocol/messages';

export function createMainThreadHost(): EngineEndpoint {
  let listener: ((msg: EngineMessage) => void) | null = null;
  let closed = false;
  const engine = createBrowserEngine((msg) => {
    // Same thread: nothing to transfer; deliver on a microtask so the engine never re-enters the client.
    queueMicrotask(() => {
      if (!closed) listener?.(msg);
    });
  });
  return {
    where: 'main-thread',
    post(msg: ClientMessage): void {
      if (!closed) void engine.handle(msg);
    },
    listen(onMessage: (msg: EngineMessage) => void): void {
      listener = onMessage;
    },
    terminate(): void {
      if (closed) return;
      void engine.handle({ type: 'dispose' });
      closed = true;
    },
  };
}
