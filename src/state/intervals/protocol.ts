/**
 * Messages between the page and the bootstrap worker (one worker per computation), in the
 * conventions of src/browser/channel.ts: 'bootstrap' (the pair's MSP and pNorm AURCs) is answered
 * by 'done', 'score-bootstrap' (every confidence score of the score comparison) by 'scores-done';
 * either by 'error'.
 */
import type {
  BootstrapModel,
  PairedAurcIntervals,
  ScoreSetIntervals,
  ScoreSetModel,
} from '../../analysis/bootstrap';

export type BootstrapRequest =
  | {
      type: 'bootstrap';
      requestId: number;
      reference: BootstrapModel;
      compared: BootstrapModel;
      resamples: number;
      seed: number;
    }
  | {
      type: 'score-bootstrap';
      requestId: number;
      /** One model, or the reference then the compared model. */
      models: ScoreSetModel[];
      resamples: number;
      seed: number;
    };

export type BootstrapReply =
  | { type: 'done'; requestId: number; result: PairedAurcIntervals; seconds: number }
  | { type: 'scores-done'; requestId: number; result: ScoreSetIntervals; seconds: number }
  | { type: 'error'; requestId?: number; message: string };

/** Nothing is transferred: the page keeps its score arrays (they are cached on the views). */
export function bootstrapTransferables(): ArrayBuffer[] {
  return [];
}
