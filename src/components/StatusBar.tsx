import { useState } from 'react';
import { formatAlpha } from '../model/format';
import { useEngine, type EngineState } from '../state/engineStore';
import { useRuns } from '../state/runsStore';
import { useChartDataset } from '../state/chartInputs';
import { recordId } from '../model/records';

function formatBytes(n: number): string {
  return n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
}

/** Why wasm runs on as many threads as it does (the badge's title, and its details when one). */
function threadsWhy(w: NonNullable<NonNullable<EngineState['ready']>['wasm']>): string {
  if (w.count > 1)
    return `XNNPACK runs on ${w.count} threads on this ${w.cores}-core device (?threads=1 for one)`;
  if (!w.isolated)
    return (
      'one thread: this page is not cross-origin isolated (its server sends no COOP/COEP headers), ' +
      'so wasm cannot share memory between threads; the offline copy adds them, so reloading once ' +
      'it is installed uses every core'
    );
  if (w.cores <= 2 && (w.workers ?? 1) > 1)
    return (
      'one thread: this device has two cores, and a bank of models is split between this worker ' +
      "and a helper, one core each (XNNPACK's second thread measured slower here); " +
      '?threads=2 asks for two'
    );
  if (w.cores <= 2)
    return (
      `one thread: this device has ${w.cores === 1 ? 'one core' : 'two cores'}, and one is left to ` +
      'the page, which draws the charts (on two cores one thread measured faster than two); ' +
      '?threads=2 asks for two'
    );
  return 'one thread: asked for with ?threads=1';
}

/**
 * Engine state as a compact badge — backend and where it runs, the dataset, the training job — with the
 * details (why this backend, the dataset's sizes) behind a "Details" button. The hidden details stay in
 * each part's text (data-testid), so a reader of the badge's text gets the whole story.
 */
export function StatusBar() {
  const [open, setOpen] = useState(false);
  const ready = useEngine((s) => s.ready);
  const error = useEngine((s) => s.error);
  const progress = useEngine((s) => s.datasetProgress);
  const dataset = useChartDataset();
  const active = useRuns((s) => s.active);
  const queued = useRuns((s) => s.queue.length);
  const rec = useRuns((s) => (s.active ? s.records[recordId(s.active.key, s.active.alphas[0])] : undefined));
  // Per-slice progress of the running bank; the records only move at checkpoints.
  const live = useEngine((s) => (active && s.progress?.runId === active.runId ? s.progress : null));
  const step = live?.step ?? rec?.step ?? 0;
  // Live checkpoints cover the first samples only (state/controller/training.ts LIVE_PREVIEW_ROWS): say so.
  const previewRows =
    rec?.checkpoint?.preview && dataset ? rec.checkpoint.testLogits.length / dataset.meta.numClasses : null;
  const total = live?.totalSteps ?? rec?.totalSteps;
  return (
    <section className="statusbar" aria-label="Engine status" id="engine-status">
      <span
        data-testid="backend"
        title="The TensorFlow.js backend training the models (force one with ?backend=webgl|webgpu|wasm|cpu)"
      >
        {ready ? (
          <>
            <strong>{ready.backend}</strong>
            {ready.wasm ? (
              <span data-testid="wasm-threads" title={threadsWhy(ready.wasm)}>
                {' '}
                ({ready.wasm.count === 1 ? 'one thread' : `${ready.wasm.count} threads`})
              </span>
            ) : null}{' '}
            in {ready.where === 'worker' ? 'a Web Worker' : 'the main thread'}
            {ready.wasm && (ready.wasm.workers ?? 1) > 1 ? (
              <span
                data-testid="wasm-workers"
                title={
                  "A bank of two or more models (the CE/LS pair, an α-bank) is split between the engine's " +
                  'worker and a helper worker, each on a core of its own (?workers=1 keeps it in one)'
                }
              >
                {' '}
                + a helper
              </span>
            ) : null}
            {ready.probe ? (
              <span data-testid="backend-probe" title={ready.probe.details.join('\n')}>
                {' '}
                — {ready.probe.reason}
                <span className="muted status-more" hidden={!open}>
                  {' '}
                  ({ready.probe.details.join(' ')})
                </span>
              </span>
            ) : ready.reason ? (
              <span className="muted status-more" hidden={!open}>
                {' '}
                — {ready.reason}
              </span>
            ) : null}
            {ready.wasm?.workersReason ? (
              <span className="muted status-more" hidden={!open} data-testid="wasm-workers-why">
                {' '}
                — one worker: {ready.wasm.workersReason}
              </span>
            ) : null}
            {ready.wasm && ready.wasm.count === 1 ? (
              <span className="muted status-more" hidden={!open} data-testid="wasm-threads-why">
                {' '}
                — {threadsWhy(ready.wasm)}
              </span>
            ) : null}
          </>
        ) : (
          'starting the engine…'
        )}
      </span>
      <span data-testid="dataset">
        {dataset ? (
          <>
            <strong>{dataset.meta.name}</strong>
            <span className="status-more" hidden={!open}>
              : {dataset.meta.nTrain.toLocaleString('en')} train · {dataset.meta.nVal.toLocaleString('en')}{' '}
              validation · {dataset.meta.nTest.toLocaleString('en')} test · {dataset.meta.numClasses} classes
            </span>
          </>
        ) : progress ? (
          <>
            loading data {formatBytes(progress.loaded)}
            {progress.total > 0 ? ` of ${formatBytes(progress.total)}` : ''}{' '}
            <progress
              max={progress.total || undefined}
              value={progress.loaded}
              aria-label="Dataset download"
            />
          </>
        ) : (
          'loading data…'
        )}
      </span>
      <span data-testid="training" aria-live="polite">
        {active ? (
          <>
            {active.paused ? 'Paused' : 'Training'} α = {active.alphas.map(formatAlpha).join(', ')} (seed{' '}
            {active.seed}): step {rec?.step ?? 0} / {rec?.totalSteps ?? '…'}
            {queued ? ` · ${queued} more queued` : ''}{' '}
            <progress max={total || 1} value={step} aria-label="Training progress" />
            {previewRows !== null ? (
              <span className="muted" data-testid="preview-note">
                {' '}
                · live preview on the first {previewRows.toLocaleString('en')} test samples (all{' '}
                {dataset?.meta.nTest.toLocaleString('en')} when it stops)
              </span>
            ) : null}
          </>
        ) : (
          'Idle'
        )}
      </span>
      <button
        type="button"
        className="secondary status-toggle"
        aria-expanded={open}
        aria-controls="engine-status"
        onClick={() => setOpen(!open)}
      >
        {open ? 'Fewer details' : 'Details'}
      </button>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
