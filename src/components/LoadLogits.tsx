/**
 * "Load logits": a file input and a drop zone for a model trained elsewhere. Files are read by the
 * import worker (src/import), never uploaded; a progress bar follows the read, and a bad file gives
 * one message naming it and the problem — with nothing loaded.
 */
import { useId, useState, type DragEvent } from 'react';
import { useImported } from '../state/imported';
import './import.css';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;

export function LoadLogits() {
  const loading = useImported((s) => s.loading);
  const error = useImported((s) => s.error);
  const last = useImported((s) => s.last);
  const load = useImported((s) => s.load);
  const cancel = useImported((s) => s.cancel);
  const dismissError = useImported((s) => s.dismissError);
  const [over, setOver] = useState(false);
  const inputId = useId();
  const helpId = useId();

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (!loading) void load(Array.from(e.dataTransfer.files));
  };
  const fraction = loading && loading.total > 0 ? loading.done / loading.total : 0;

  return (
    <div className="load-logits">
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId} className="load-label">
          Load logits
        </label>
        <input
          id={inputId}
          type="file"
          multiple
          accept=".npy,.npz,.csv,.json"
          aria-describedby={helpId}
          disabled={!!loading}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void load(files);
          }}
        />
        <p className="hint" id={helpId}>
          Choose or drop files: NumPy <code>.npy</code> (logits [N, K] and labels [N] — select both),{' '}
          <code>.npz</code> (<code>logits</code>, <code>labels</code>, optionally <code>val_logits</code>,{' '}
          <code>val_labels</code>), CSV (per row: the label, then K logits; header optional), or this app’s
          results <code>.json</code>. Several files at once are several models — e.g. an α sweep, α read from
          names like <code>resnet_ls0.1_logits.npy</code> or <code>alpha=0.2.npz</code>, or typed in. Files
          are read here, in your browser; nothing is uploaded.
        </p>
      </div>
      {loading ? (
        <div
          className="load-progress"
          data-testid="load-progress"
          data-done={loading.done}
          data-total={loading.total}
        >
          <progress aria-label="Loading logits" value={loading.done} max={loading.total || 1} />
          <span>
            Reading {loading.label}: {(fraction * 100).toFixed(0)}% of {mb(loading.total)}
          </span>
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
        </div>
      ) : null}
      {error ? (
        <div role="alert" className="notice" data-testid="load-error">
          <span>
            {error} <strong>Nothing was loaded.</strong>
          </span>
          <button type="button" className="secondary" onClick={dismissError} aria-label="Dismiss error">
            ×
          </button>
        </div>
      ) : null}
      {last && !loading ? (
        <p className="hint" data-testid="load-summary" data-seconds={last.seconds}>
          Loaded {last.models} model{last.models === 1 ? '' : 's'} from {last.label} ({mb(last.bytes)}) in{' '}
          {last.seconds.toFixed(1)} s.
        </p>
      ) : null}
    </div>
  );
}
