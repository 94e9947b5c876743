/**
 * The bootstrap worker: the paired bootstrap of a pair's AURCs (analysis/bootstrap.ts, B draws over
 * N test samples) off the page's thread, so that the page keeps answering input meanwhile.
 */
import { dispatch, workerSide } from '../../browser/channel';
import { pairedAurcBootstrap, scoreSetBootstrap } from '../../analysis/bootstrap';
import { bootstrapTransferables, type BootstrapReply, type BootstrapRequest } from './protocol';

const side = workerSide<BootstrapRequest, BootstrapReply>(bootstrapTransferables);

side.onMessage((msg) => {
  const t0 = performance.now();
  const seconds = (): number => (performance.now() - t0) / 1000;
  try {
    dispatch(
      {
        bootstrap: ({ requestId, reference, compared, resamples, seed }) => {
          const result = pairedAurcBootstrap(reference, compared, { resamples, seed });
          side.post({ type: 'done', requestId, result, seconds: seconds() });
        },
        'score-bootstrap': ({ requestId, models, resamples, seed }) => {
          const result = scoreSetBootstrap(models, { resamples, seed });
          side.post({ type: 'scores-done', requestId, result, seconds: seconds() });
        },
      },
      msg,
    );
  } catch (e) {
    side.post({
      type: 'error',
      requestId: msg.requestId,
      message: e instanceof Error ? e.message : String(e),
    });
  }
});
