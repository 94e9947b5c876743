import { useId, useState } from 'react';
import { PRESETS, type PresetId } from '../model/presets';
import { formatAlpha, pChoiceLabel } from '../model/format';
import { useSettings } from '../state/settingsStore';
import {
  ALPHA_MAX,
  ALPHA_MIN,
  ALPHA_STEP,
  SETTING_PROPS,
  trainingKey,
  validateSetting,
} from '../model/settings';
import { useRuns } from '../state/runsStore';
import { useChartDataset, usePairView } from '../state/chartInputs';
import { useController } from '../state/controllerContext';
import type { ModelView } from '../model/views';
import { BankControls, OriginNote } from './BankControls';
import { useShown } from '../state/viewStore';
import { ClassroomLink, HiddenNote } from './ClassroomLink';

function chosenP(m: ModelView | null): string {
  if (!m) return '—';
  const label = pChoiceLabel(m);
  return m.p === null ? `${label} (no p beat MSP on validation)` : `p = ${label}`;
}

/** What the p setting resolved to for the pair on screen. */
function ChosenP() {
  const pair = usePairView();
  if (!pair.ce && !pair.ls) return null;
  return (
    <p className="hint" data-testid="chosen-p">
      CE: {chosenP(pair.ce)}
      <br />
      LS: {chosenP(pair.ls)}
    </p>
  );
}

type NumberSetting = 'epochs' | 'learningRate' | 'batchSize' | 'trainSize' | 'seed';

/** A number setting's range, from the settings schema (the same bounds validation applies). */
function rangeOf(k: NumberSetting): { min: number; max: number } {
  const prop = SETTING_PROPS[k];
  if (prop.kind !== 'number') throw new Error(`${k} is not a number setting`);
  return prop;
}

function NumberField({ k, label, step: inc }: { k: NumberSetting; label: string; step: number }) {
  const value = useSettings((s) => s[k]);
  const { setSetting: set } = useController();
  const { min, max } = rangeOf(k);
  const id = useId();
  // What the user is typing: it may be empty or out of range on the way to a valid value, so it is
  // kept here; valid values apply at once, and leaving the field shows the value in force.
  const [draft, setDraft] = useState<string | null>(null);
  const invalid = draft !== null && validateSetting(k, draft) === null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={draft ?? String(value)}
        step={inc}
        min={min}
        max={max}
        aria-invalid={invalid}
        onChange={(e) => {
          setDraft(e.target.value);
          const clean = validateSetting(k, e.target.value);
          if (clean !== null) set(k, clean);
        }}
        onBlur={() => setDraft(null)}
      />
      {invalid ? (
        <span className="hint error">
          Between {min} and {max}; {value} is in force.
        </span>
      ) : null}
    </div>
  );
}

function TrainingButtons() {
  const active = useRuns((s) => s.active);
  const datasetReady = !!useChartDataset();
  const { pause, train, step, reset, sweep } = useController();
  const running = !!active && !active.paused;
  const showTraining = useShown('training');
  const showSweep = useShown('sweep');
  if (!showTraining && !showSweep) return null;
  return (
    <div className="buttons" role="group" aria-label="Training">
      {showTraining ? (
        <>
          <button
            type="button"
            onClick={running ? pause : train}
            disabled={!datasetReady}
            className="primary"
          >
            {running ? 'Pause' : active?.paused ? 'Resume' : 'Train live'}
          </button>
          <button
            type="button"
            onClick={() => step(10)}
            disabled={!datasetReady}
            title="Run 10 optimisation steps, then update the plots"
          >
            Step
          </button>
          <button
            type="button"
            onClick={reset}
            title="Stop and forget the models of this configuration and seed"
          >
            Reset
          </button>
        </>
      ) : null}
      {showSweep ? (
        <>
          <button
            type="button"
            onClick={() => sweep(1)}
            disabled={!datasetReady}
            title="Train the whole α grid 0, 0.05, …, 0.5 as one matched bank (same seed, initial weights and batches)"
          >
            Sweep α
          </button>
          <button
            type="button"
            onClick={() => sweep(3)}
            disabled={!datasetReady}
            title="The α grid for 3 seeds: shows how robust the effect is"
          >
            Sweep α × 3 seeds
          </button>
        </>
      ) : null}
    </div>
  );
}

function AlphaSlider() {
  const shown = useShown('alpha');
  const alpha = useSettings((s) => s.alpha);
  const settings = useSettings();
  const key = trainingKey(settings);
  const records = useRuns((s) => s.records);
  const { selectAlpha } = useController();
  const trained = Object.values(records)
    .filter((r) => r.key === key && r.checkpoint)
    .map((r) => r.alpha);
  const id = useId();
  if (!shown) return null;
  return (
    <div className="field alpha">
      <label htmlFor={id}>
        Label smoothing α <output htmlFor={id}>{formatAlpha(alpha)}</output>
      </label>
      <input
        id={id}
        type="range"
        aria-label="Label smoothing α"
        min={ALPHA_MIN}
        max={ALPHA_MAX}
        step={ALPHA_STEP}
        value={alpha}
        list={`${id}-trained`}
        onChange={(e) => selectAlpha(Number(e.target.value))}
      />
      <datalist id={`${id}-trained`}>
        {trained.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <p className="hint">
        α = 0 is plain cross-entropy (CE). The CE model and the selected α are trained as a matched pair.
        {trained.length
          ? ` Trained: ${trained
              .sort((a, b) => a - b)
              .map(formatAlpha)
              .join(', ')}.`
          : ''}
      </p>
    </div>
  );
}

function NormalisationControls() {
  const shown = useShown('normalisation');
  const normalise = useSettings((s) => s.normalise);
  const centred = useSettings((s) => s.centred);
  const p = useSettings((s) => s.p);
  const { setSetting: set } = useController();
  const id = useId();
  if (!shown) return null;
  return (
    <fieldset className="normalisation">
      <legend>Logit normalisation (post-hoc: never retrains)</legend>
      <label>
        <input type="checkbox" checked={normalise} onChange={(e) => set('normalise', e.target.checked)} />{' '}
        Show MaxLogit-pNorm
      </label>
      <label>
        <input type="checkbox" checked={centred} onChange={(e) => set('centred', e.target.checked)} /> Centre
        the logits
      </label>
      <label htmlFor={id}>p </label>
      <select
        id={id}
        value={String(p)}
        onChange={(e) => set('p', e.target.value === 'auto' ? 'auto' : Number(e.target.value))}
      >
        <option value="auto">auto (validation)</option>
        {Array.from({ length: 10 }, (_, i) => i + 1).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <ChosenP />
    </fieldset>
  );
}

/** Copies the page's URL, which holds every setting (state/url.ts), to the clipboard. */
function CopyLink() {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const { flushUrl } = useController();
  const copy = (): void => {
    flushUrl();
    navigator.clipboard.writeText(location.href).then(
      () => setCopied('done'),
      () => setCopied('failed'),
    );
    setTimeout(() => setCopied('idle'), 2500);
  };
  return (
    <>
      <button
        type="button"
        onClick={copy}
        className="secondary"
        title="Copy a link that reopens the page with these settings"
      >
        Copy link
      </button>
      <span role="status" className="hint">
        {copied === 'done'
          ? 'Link copied.'
          : copied === 'failed'
            ? 'Could not copy: copy the address bar instead.'
            : ''}
      </span>
    </>
  );
}

/** The presets by dataset: "Fashion-MNIST · small CNN" is model "small CNN" in group "Fashion-MNIST". */
function presetGroups(): [string, { id: PresetId; model: string }[]][] {
  const groups = new Map<string, { id: PresetId; model: string }[]>();
  for (const p of Object.values(PRESETS)) {
    const cut = p.label.indexOf(' · ');
    const dataset = cut < 0 ? p.label : p.label.slice(0, cut);
    const model = cut < 0 ? p.label : p.label.slice(cut + 3);
    groups.set(dataset, [...(groups.get(dataset) ?? []), { id: p.id, model }]);
  }
  return [...groups];
}

export function Controls() {
  const preset = useSettings((s) => s.preset);
  const { applyPreset, downloadResults } = useController();
  const id = useId();
  const showPreset = useShown('preset');
  const showAdvanced = useShown('advanced');
  const showFiles = useShown('files');
  return (
    <section className="panel controls" aria-label="Controls">
      <HiddenNote />
      <div className="field" hidden={!showPreset}>
        <label htmlFor={id}>Dataset and model</label>
        {/* Grouped by dataset, so the closed select shows the model's short name in full. */}
        <select id={id} value={preset} onChange={(e) => applyPreset(e.target.value as PresetId)}>
          {presetGroups().map(([dataset, presets]) => (
            <optgroup key={dataset} label={dataset}>
              {presets.map(({ id: value, model }) => (
                <option key={value} value={value}>
                  {model}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <AlphaSlider />
      <TrainingButtons />
      <OriginNote />
      <NormalisationControls />
      <details className="advanced" hidden={!showAdvanced}>
        <summary>Advanced training settings</summary>
        <NumberField k="learningRate" label="Learning rate" step={0.0001} />
        <NumberField k="epochs" label="Epochs" step={1} />
        <NumberField k="batchSize" label="Batch size" step={8} />
        <NumberField k="trainSize" label="Training-set size" step={100} />
        <NumberField k="seed" label="Seed" step={1} />
      </details>
      {showFiles ? (
        <>
          <div className="buttons">
            <button type="button" onClick={downloadResults} className="secondary">
              Download results
            </button>
            <CopyLink />
          </div>
          <BankControls />
          <ClassroomLink />
        </>
      ) : null}
    </section>
  );
}
