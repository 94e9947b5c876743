import { useEffect, useMemo } from 'react';
import { engineClient, loadDatasetInEngine, useEngine } from './state/engine';
import { PRESETS, DEFAULT_PRESET } from './presets';
import { runResultFromCheckpoint, type RunResult } from './results';

const preset = PRESETS[DEFAULT_PRESET];
/** A quick, reduced version of the default preset: enough to see the engine work in seconds. */
const QUICK = { trainSize: 2000, epochs: 5, alphas: [0, preset.alpha] };
const QUICK_RUN = 'quick';

function formatBytes(n: number): string {
  return n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`;
}

function EngineStatus() {
  const ready = useEngine((s) => s.ready);
  const error = useEngine((s) => s.error);
  const progress = useEngine((s) => s.datasetProgress);
  const dataset = useEngine((s) => s.dataset);
  return (
    <section aria-labelledby="engine-h" className="panel">
      <h2 id="engine-h">Engine</h2>
      <dl className="facts">
        <dt>Backend</dt>
        <dd data-testid="backend">
          {ready ? (
            <>
              <strong>{ready.backend}</strong> in{' '}
              {ready.where === 'worker' ? 'a Web Worker' : 'the main thread'}
              {ready.reason ? <span className="muted"> — {ready.reason}</span> : null}
            </>
          ) : (
            'starting…'
          )}
        </dd>
        <dt>Dataset</dt>
        <dd data-testid="dataset">
          {dataset ? (
            <>
              <strong>{dataset.meta.name}</strong>: {dataset.meta.nTrain.toLocaleString('en')} train ·{' '}
              {dataset.meta.nVal.toLocaleString('en')} validation · {dataset.meta.nTest.toLocaleString('en')}{' '}
              test · {dataset.meta.numClasses} classes
            </>
          ) : progress ? (
            <>
              loading {formatBytes(progress.loaded)}
              {progress.total > 0 ? ` of ${formatBytes(progress.total)}` : ''}{' '}
              <progress
                max={progress.total || undefined}
                value={progress.loaded}
                aria-label="Dataset download"
              />
            </>
          ) : (
            'waiting for the engine…'
          )}
        </dd>
      </dl>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function fmtPct(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : (v * 100).toFixed(2);
}

function QuickCompare() {
  const dataset = useEngine((s) => s.dataset);
  const run = useEngine((s) => s.runs[QUICK_RUN]);
  const checkpoint = run?.checkpoint ?? null;
  const rows: RunResult[] = useMemo(() => {
    if (!checkpoint || !dataset) return [];
    const labels = { val: dataset.valLabels, test: dataset.testLabels };
    return checkpoint.models
      .filter((m) => !m.diverged)
      .map((m) =>
        runResultFromCheckpoint(m, labels, dataset.meta.numClasses, { centred: true, saveLogits: false }),
      );
  }, [checkpoint, dataset]);
  const training = run && !run.done;
  const start = (): void => {
    const settings = {
      ...preset.training,
      alphas: QUICK.alphas,
      seed: 0,
      epochs: QUICK.epochs,
      checkpointEvery: 100,
    };
    useEngine.setState((s) => ({
      runs: {
        ...s.runs,
        [QUICK_RUN]: {
          runId: QUICK_RUN,
          step: 0,
          totalSteps: 0,
          checkpoint: null,
          done: false,
          seconds: null,
        },
      },
    }));
    engineClient().train(QUICK_RUN, preset.model, settings);
  };
  return (
    <section aria-labelledby="quick-h" className="panel">
      <h2 id="quick-h">Quick check: cross-entropy vs label smoothing</h2>
      <p>
        Trains a matched pair — α = 0 (cross-entropy) and α = {preset.alpha} — on{' '}
        {QUICK.trainSize.toLocaleString('en')} training images for {QUICK.epochs} epochs: same seed, same
        initial weights, same batches. The table updates at every checkpoint.
      </p>
      <button type="button" onClick={start} disabled={!dataset || !!training}>
        {training ? 'Training…' : run?.done ? 'Train again' : 'Train CE vs LS'}
      </button>{' '}
      {run ? (
        <span data-testid="quick-progress">
          step {run.step} / {run.totalSteps}
          {run.done && run.seconds !== null ? ` — done in ${run.seconds.toFixed(1)} s` : ''}
        </span>
      ) : null}
      {rows.length ? (
        <table aria-label="Quick metrics">
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">%error</th>
              <th scope="col">%AURC (MSP)</th>
              <th scope="col">%AURC (MaxLogit-pNorm)</th>
              <th scope="col">p</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.alpha}>
                <th scope="row">{r.alpha === 0 ? 'CE (α = 0)' : `LS (α = ${r.alpha})`}</th>
                <td>{fmtPct(r.metrics.error)}</td>
                <td>{fmtPct(r.metrics.aurc_msp)}</td>
                <td>{fmtPct(r.metrics.aurc_pnorm)}</td>
                <td>{r.metrics.p ?? 'MSP (fallback)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

declare global {
  interface Window {
    /** Automation hook for the browser tests: the engine store and client. Plain data only. */
    lssc?: { engine: typeof useEngine; client: typeof engineClient };
  }
}

export function App() {
  useEffect(() => {
    window.lssc = { engine: useEngine, client: engineClient };
    if (!useEngine.getState().datasetSpec)
      loadDatasetInEngine({ id: 'fashion-mnist', trainSize: QUICK.trainSize });
  }, []);
  return (
    <main>
      <header>
        <h1>LS-SC Explorer</h1>
        <p className="lede">
          Label smoothing (LS) often makes a classifier slightly more accurate — and at the same time worse at
          knowing when it is wrong. This app trains small models right here in your browser to show why LS
          hurts <em>selective classification</em> (abstaining on the least confident inputs), and how logit
          normalisation repairs it.
        </p>
      </header>
      <EngineStatus />
      <QuickCompare />
    </main>
  );
}
