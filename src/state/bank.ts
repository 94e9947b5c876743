/**
 * Banks in the page: the precomputed bank that fills the charts the moment the page opens (for the
 * default preset), "Save bank" (the trained models of the current configuration to a file) and
 * "Load bank" (a file back into the records). See src/bank.ts for the format.
 */
import { saveBlob } from '../browser/saveBlob';
import { BankFormatError, decodeBank, encodeBank, type Bank, type BankModel } from '../model/bankFile';
import { PRESETS, type PresetId } from '../model/presets';
import { datasetSpecKey } from '../data/spec';
import { useEngine } from './engineStore';
import { useSettings } from './settings';
import { configKey, presetDefaults, trainingKey, type Settings } from '../model/settings';
import { useRuns } from './runs';
import { recordId, type ModelRecord } from '../model/records';
import { datasetSpecFor, stopAll } from './orchestrator';
import { useUi } from './ui';

/** Presets the app ships a bank for (public/data/banks/<preset>.json, made by `npm run bank`). */
export const BUNDLED_BANKS: Partial<Record<PresetId, string>> = {
  'fmnist-mlp': 'data/banks/fmnist-mlp.json',
};

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The settings a bank was trained with, on top of the current post-hoc choices. */
function settingsOfBank(bank: Bank, current: Settings): Settings {
  const c = bank.config;
  return {
    ...current,
    preset: c.preset,
    trainSize: c.trainSize,
    epochs: c.epochs,
    learningRate: c.learningRate,
    batchSize: c.batchSize,
  };
}

/**
 * Puts a bank's models into the records (status as saved, marked with where they came from) and,
 * if the page's data is not loaded yet, the bank's labels so the charts can draw at once. The
 * settings switch to the bank's configuration; α and the post-hoc controls stay as they are.
 */
export function applyBank(bank: Bank, origin: string): void {
  const current = useSettings.getState();
  const target = settingsOfBank(bank, current);
  const seeds = [...new Set(bank.models.map((m) => m.seed))];
  if (!seeds.includes(target.seed)) target.seed = seeds[0];
  // The labels must be those of the data this configuration trains on.
  const loaded = useEngine.getState().dataset;
  const sameSpec =
    useEngine.getState().datasetSpec &&
    datasetSpecKey(useEngine.getState().datasetSpec!) === datasetSpecKey(datasetSpecFor(target));
  if (loaded && sameSpec) {
    if (
      !sameLabels(loaded.valLabels, bank.dataset.valLabels) ||
      !sameLabels(loaded.testLabels, bank.dataset.testLabels)
    ) {
      throw new BankFormatError(
        "its labels differ from this app's copy of the dataset (it was made from other data)",
      );
    }
  }
  if (configKey(target) !== configKey(current)) stopAll();
  const { set: _s, applyPreset: _a, ...plain } = useSettings.getState();
  if (JSON.stringify(plain) !== JSON.stringify(target)) useSettings.setState(target);
  const records: Record<string, ModelRecord> = {};
  for (const m of bank.models) {
    const key = trainingKey(target, m.seed);
    records[recordId(key, m.alpha)] = recordOf(m, key, origin);
  }
  useRuns.setState((s) => ({ records: { ...s.records, ...records } }));
  if (!useEngine.getState().dataset) {
    useEngine.setState({ dataset: bank.dataset });
    pendingCheck = bank;
  }
}

/** A bank applied before the data loaded: its labels are checked against the data once it does. */
let pendingCheck: Bank | null = null;

function recordOf(m: BankModel, key: string, origin: string): ModelRecord {
  return {
    id: recordId(key, m.alpha),
    key,
    alpha: m.alpha,
    seed: m.seed,
    status: m.status,
    step: m.step,
    totalSteps: m.totalSteps,
    checkpoint: {
      alpha: m.alpha,
      seed: m.seed,
      trainLoss: m.trainLoss,
      trainAcc: m.trainAcc,
      valLogits: m.valLogits,
      testLogits: m.testLogits,
      diverged: false,
    },
    history: m.history,
    gridLogits: m.gridLogits,
    origin,
  };
}

/** Watches the engine's data load and drops a bank whose labels turn out not to match. */
export function watchBankLabels(): () => void {
  return useEngine.subscribe((s, prev) => {
    const bank = pendingCheck;
    if (!bank || !s.dataset || s.dataset === prev.dataset || s.dataset === bank.dataset) return;
    pendingCheck = null;
    if (
      s.dataset.meta.id === bank.dataset.meta.id &&
      sameLabels(s.dataset.valLabels, bank.dataset.valLabels) &&
      sameLabels(s.dataset.testLabels, bank.dataset.testLabels)
    ) {
      return;
    }
    const key = configKey(settingsOfBank(bank, useSettings.getState()));
    useRuns.setState((st) => ({
      records: Object.fromEntries(
        Object.entries(st.records).filter(([, r]) => !(r.origin && r.key.startsWith(key))),
      ),
    }));
    useUi
      .getState()
      .notify("The bank's labels differ from this app's copy of the dataset, so it was unloaded.");
  });
}

const bundled = new Map<string, Promise<Bank>>();

async function fetchBank(path: string): Promise<Bank> {
  const res = await fetch(new URL(path, document.baseURI));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return decodeBank(await res.text(), PRESETS);
}

/** Loads the bank shipped for the current preset, if the settings are that preset's defaults. */
export async function loadBundledBank(): Promise<void> {
  const s = useSettings.getState();
  const path = BUNDLED_BANKS[s.preset];
  if (!path || configKey(s) !== configKey(presetDefaults(s.preset))) return;
  try {
    let pending = bundled.get(path);
    if (!pending) {
      pending = fetchBank(path);
      bundled.set(path, pending);
      pending.catch(() => bundled.delete(path));
    }
    const bank = await pending;
    // The user may have changed the configuration while it loaded: then it is not wanted.
    if (configKey(useSettings.getState()) !== configKey(settingsOfBank(bank, useSettings.getState()))) return;
    applyBank(bank, 'precomputed');
  } catch (e) {
    useUi
      .getState()
      .notify(
        `The precomputed models could not be loaded (${(e as Error).message}); press Train to train them here.`,
      );
  }
}

/** The trained models of the current configuration (every seed), as a bank; null if none. */
export function bankOfCurrentConfig(): Bank | null {
  const s = useSettings.getState();
  const data = useEngine.getState().dataset;
  if (!data) return null;
  const config = configKey(s);
  const models: BankModel[] = Object.values(useRuns.getState().records)
    .filter(
      // A bank holds every sample's logits: a live preview (a model mid-training) cannot go in.
      (r) =>
        r.key.slice(0, r.key.lastIndexOf('#')) === config &&
        r.checkpoint &&
        !r.checkpoint.diverged &&
        !r.checkpoint.preview,
    )
    .filter((r) => r.status === 'done' || r.status === 'stopped' || r.status === 'paused')
    .sort((a, b) => a.seed - b.seed || a.alpha - b.alpha)
    .map((r) => ({
      alpha: r.alpha,
      seed: r.seed,
      step: r.step,
      totalSteps: r.totalSteps,
      status: r.status === 'done' ? ('done' as const) : ('stopped' as const),
      trainLoss: r.checkpoint!.trainLoss,
      trainAcc: r.checkpoint!.trainAcc,
      history: r.history,
      valLogits: r.checkpoint!.valLogits,
      testLogits: r.checkpoint!.testLogits,
      gridLogits: r.gridLogits,
    }));
  if (!models.length) return null;
  return {
    config: {
      preset: s.preset,
      model: PRESETS[s.preset].model,
      trainSize: s.trainSize,
      epochs: s.epochs,
      learningRate: s.learningRate,
      batchSize: s.batchSize,
    },
    dataset: data,
    producer: `LS-SC Explorer in the browser (${useEngine.getState().ready?.backend ?? 'unknown backend'})`,
    created: new Date().toISOString(),
    models,
  };
}

export function saveBank(): void {
  const bank = bankOfCurrentConfig();
  if (!bank) {
    useUi.getState().notify('Nothing to save yet: train at least one model of this configuration first.');
    return;
  }
  saveBlob(
    new Blob([encodeBank(bank)], { type: 'application/json' }),
    `ls-sc-bank-${bank.config.preset}.json`,
  );
}

/** "Load bank": all or nothing; a bad file leaves the page as it was, with a notice. */
export async function loadBankFile(file: File): Promise<boolean> {
  try {
    if (file.size > 200 * 1024 * 1024) throw new BankFormatError('the file is larger than 200 MB');
    const bank = decodeBank(await file.text(), PRESETS);
    applyBank(bank, file.name);
    useUi
      .getState()
      .notify(`Loaded ${bank.models.length} model${bank.models.length === 1 ? '' : 's'} from ${file.name}.`);
    return true;
  } catch (e) {
    const why = e instanceof BankFormatError ? e.message : `it could not be read (${(e as Error).message})`;
    useUi.getState().notify(`${file.name} was not loaded: ${why}. Nothing changed.`);
    return false;
  }
}
