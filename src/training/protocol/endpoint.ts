/** The transport between the client and an engine host: a Worker, or the in-page host. */
import type { ClientMessage, EngineMessage } from './messages';

export type EngineLocation = 'worker' | 'main-thread';

/** What the client talks to: a Worker, or the in-page host. */
export interface EngineEndpoint {
  readonly where: EngineLocation;
  post(msg: ClientMessage): void;
  /** `onFatal`: the endpoint itself broke (e.g. the worker script failed to load). */
  listen(onMessage: (msg: EngineMessage) => void, onFatal?: (message: string) => void): void;
  terminate(): void;
}
