/**
 * The import worker: reads the chosen files in chunks and turns logit rows into per-sample scores
 * (load.ts), so that neither the parsing nor the O(N·K) arithmetic ever runs on the page's thread.
 * Only the scores (25 numbers per sample) are posted back, their buffers transferred.
 */
import { workerSide } from '../browser/channel';
import { ImportError } from './errors';
import { loadFiles } from './load';
import { importTransferables, type ImportReply, type ImportRequest } from './protocol';

/** Progress is posted at most every 100 ms: a smooth enough bar, and little for the page to redraw. */
const PROGRESS_MS = 100;

const side = workerSide<ImportRequest, ImportReply>(importTransferables);

side.onMessage(({ requestId, files }) => {
  const t0 = performance.now();
  let last = 0;
  loadFiles(files, {
    onProgress: ({ done, total }) => {
      const now = performance.now();
      if (now - last < PROGRESS_MS && done < total) return;
      last = now;
      side.post({ type: 'progress', done, total });
    },
  }).then(
    (models) => side.post({ type: 'loaded', requestId, models, seconds: (performance.now() - t0) / 1000 }),
    (e: unknown) => {
      const message =
        e instanceof ImportError
          ? e.message
          : `${files.map((f) => f.name).join(', ')}: could not be loaded (${e instanceof Error ? e.message : String(e)})`;
      side.post({ type: 'error', requestId, message });
    },
  );
});
