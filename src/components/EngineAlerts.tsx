import { loadDatasetInEngine, restartEngine, useEngine } from '../state/engine';
import { datasetSpecFor, ensureDataset } from '../state/orchestrator';
import { useSettings } from '../state/settings';

/** The synthetic preset offered when the Fashion-MNIST files cannot be used. */
const SYNTHETIC_PRESET = 'blobs-mlp';

/**
 * Faults that need an action: the dataset could not be loaded (the message names the file; the
 * synthetic data needs no download), or the training engine broke (restart it, no reload needed).
 * Text only, never HTML.
 */
export function EngineAlerts() {
  const dataError = useEngine((s) => s.dataError);
  const failure = useEngine((s) => s.failure);
  if (!dataError && !failure) return null;
  return (
    <div className="notices">
      {failure ? (
        <div role="alert" className="notice" data-testid="engine-failure">
          <span>
            The training engine stopped working ({failure}). Models keep their last checkpoint; restart the
            engine to train again — no reload needed.
          </span>
          <button
            type="button"
            onClick={() => {
              restartEngine();
              ensureDataset();
            }}
          >
            Restart the engine
          </button>
        </div>
      ) : null}
      {dataError ? (
        <div role="alert" className="notice" data-testid="data-error">
          <span>Could not load the dataset: {dataError}.</span>
          <span className="notice-actions">
            <button
              type="button"
              className="secondary"
              onClick={() => loadDatasetInEngine(datasetSpecFor(useSettings.getState()))}
            >
              Try again
            </button>
            <button type="button" onClick={() => useSettings.getState().applyPreset(SYNTHETIC_PRESET)}>
              Use the synthetic 2-D dataset instead
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
