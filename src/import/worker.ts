/**
 * The import worker: reads the chosen files in chunks and turns logit rows into per-sample scores
 * (load.ts), so that neither the parsing nor the O(N·K) arithmetic ever runs on the page's thread.
 * Only the scores (25 numbers per sample) are posted back, their buffers transferred.
 */
import { sampleBuffers } from '../analysis/sampleScores';
import { ImportError } from './errors';
import { loadFiles } from './load';
import type { ImportReply, ImportRequest } from './protocol';

// The project's lib is DOM, not WebWorker: describe the two members of the worker scope we use.
const scope = self as unknown as {
  postMessage(msg: ImportReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
};

/** Progress is posted at most every 100 ms: a smooth enough bar, and little for the page to redraw. */
const PROGRESS_MS = 100;

scope.onmessage = (event) => {
  const { files } = event.data;
  const t0 = performance.now();
  let last = 0;
  loadFiles(files, {
    onProgress: ({ done, total }) => {
      const now = performance.now();
      if (now - last < PROGRESS_MS && done < total) return;
      last = now;
      scope.postMessage({ type: 'progress', done, total });
    },
  }).then(
    (models) => {
      const transfer = models.flatMap((m) => [
        ...sampleBuffers(m.test),
        ...(m.val ? sampleBuffers(m.val) : []),
      ]);
      scope.postMessage({ type: 'loaded', models, seconds: (performance.now() - t0) / 1000 }, transfer);
    },
    (e: unknown) => {
      const message =
        e instanceof ImportError
          ? e.message
          : `${files.map((f) => f.name).join(', ')}: could not be loaded (${e instanceof Error ? e.message : String(e)})`;
      scope.postMessage({ type: 'failed', message });
    },
  );
};
