import { useId, useRef } from 'react';
import { useRuns } from '../state/runsStore';
import { recordId } from '../model/records';
import { useSettings } from '../state/settingsStore';
import { trainingKey } from '../model/settings';
import { useController } from '../state/controllerContext';

/** Where the pair on screen came from, when it was not trained in this page. */
export function usePairOrigin(): string | null {
  const settings = useSettings();
  const key = trainingKey(settings);
  return useRuns(
    (s) => s.records[recordId(key, 0)]?.origin ?? s.records[recordId(key, settings.alpha)]?.origin ?? null,
  );
}

/** A line under the training buttons saying the charts show models trained elsewhere (or none). */
export function OriginNote() {
  const origin = usePairOrigin();
  if (!origin) return null;
  return (
    <p className="hint origin-note" data-testid="origin-note">
      {origin === 'precomputed'
        ? 'Showing models trained in advance by this project’s runner (same settings, same engine), so every chart is full at once. Press Train live to train this pair here and watch it learn.'
        : `Showing models loaded from ${origin}. Press Train live to train this pair here.`}
    </p>
  );
}

/** Save the trained models of this configuration to a file, or load such a file back. */
export function BankControls() {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const { saveBank, loadBankFile } = useController();
  return (
    <div className="buttons bank" role="group" aria-label="Bank of trained models">
      <button
        type="button"
        className="secondary"
        onClick={saveBank}
        title="Save every trained model of this configuration (all α and seeds) to a file"
      >
        Save bank
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => input.current?.click()}
        title="Load models saved with Save bank (or made by npm run experiment -- --bank)"
      >
        Load bank…
      </button>
      <input
        id={id}
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label="Bank file to load"
        className="visually-hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void loadBankFile(file);
        }}
      />
    </div>
  );
}
