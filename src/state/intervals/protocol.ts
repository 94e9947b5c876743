/**
 * Messages between the page and the bootstrap worker (one worker per computation), in the
 * conventions of src/browser/channel.ts: one request, 'bootstrap', answered by 'done' or 'error'.
 */
import type { BootstrapModel, PairedAurcIntervals } from '../../analysis/bootstrap';

export interface BootstrapRequest {
  type: 'bootstrap';
  requestId: number;
  reference: BootstrapModel;
  compared: BootstrapModel;
  resamples: number;
  seed: number;
}

export type BootstrapReply =
  | { type: 'done'; requestId: number; result: PairedAurcIntervals; seconds: number }
  | { type: 'error'; requestId?: number; message: string };

/** Nothing is transferred: the page keeps its score arrays (they are cached on the views). */
export function bootstrapTransferables(): ArrayBuffer[] {
  return [];
}
