/**
 * The bootstrap worker: the paired bootstrap of a pair's AURCs (analysis/bootstrap.ts, B draws over
 * N test samples) off the page's thread, so that the page keeps answering input meanwhile.
 */
import { workerSide } from '../../browser/channel';
import { pairedAurcBootstrap } from '../../analysis/bootstrap';
import { bootstrapTransferables, type BootstrapReply, type BootstrapRequest } from './protocol';

const side = workerSide<BootstrapRequest, BootstrapReply>(bootstrapTransferables);

side.onMessage(({ requestId, reference, compared, resamples, seed }) => {
  const t0 = performance.now();
  try {
    const result = pairedAurcBootstrap(reference, compared, { resamples, seed });
    side.post({ type: 'done', requestId, result, seconds: (performance.now() - t0) / 1000 });
  } catch (e) {
    side.post({ type: 'error', requestId, message: e instanceof Error ? e.message : String(e) });
  }
});
