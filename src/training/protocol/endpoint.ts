/** The transport between the client and an engine host: a Worker, or the in-page host. */
import type { Endpoint } from '../../browser/channel';
import type { FromEngine, ToEngine } from './messages';

export type EngineLocation = 'worker' | 'main-thread';

/** What the client talks to: a Worker, or the in-page host. */
export interface EngineEndpoint extends Endpoint<ToEngine, FromEngine> {
  readonly where: EngineLocation;
}
