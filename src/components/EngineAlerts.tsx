import { useEngine } from '../state/engineStore';
import { useController } from '../state/controllerContext';

/**
 * Faults that need an action: the training engine broke or stopped answering (restart it, no
 * reload needed), or the dataset could not be loaded (the message names the file; the synthetic
 * data needs no download). Text only, never HTML.
 */
export function EngineAlerts() {
  const dataError = useEngine((s) => s.dataError);
  const failure = useEngine((s) => s.failure);
  const stalled = useEngine((s) => s.stalled);
  const { restartEngine, retryDataset, useSyntheticData } = useController();
  if (!dataError && !failure && !stalled) return null;
  return (
    <div className="notices">
      {failure || stalled ? (
        <div role="alert" className="notice" data-testid="engine-failure">
          <span>
            {failure
              ? `The training engine stopped working (${failure}). Models keep their last checkpoint; restart the engine to train again — no reload needed.`
              : `The training engine is not responding (${stalled}): it may have stopped, or be busy with a long computation. Restarting it stops the training under way; models keep their last checkpoint.`}
          </span>
          <button type="button" onClick={restartEngine}>
            Restart the engine
          </button>
        </div>
      ) : null}
      {dataError ? (
        <div role="alert" className="notice" data-testid="data-error">
          <span>Could not load the dataset: {dataError}.</span>
          <span className="notice-actions">
            <button type="button" className="secondary" onClick={retryDataset}>
              Try again
            </button>
            <button type="button" onClick={useSyntheticData}>
              Use the synthetic 2-D dataset instead
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
