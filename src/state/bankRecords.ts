/**
 * Banks and the model records (the bank file format itself is model/bankFile.ts): a bank's models
 * as records, the settings a bank was trained with, and the trained models of a configuration as a
 * bank. Pure functions; the controller loads, applies and saves.
 */
import type { Bank, BankModel } from '../model/bankFile';
import { PRESETS, type PresetId } from '../model/presets';
import { configKey, configOfKey, type Settings } from '../model/settings';
import { recordId, type ModelRecord } from '../model/records';
import type { DatasetLabels } from './engineStore';

/**
 * The bank each preset ships (public/data/banks/<preset>.json, made by `npm run bank`,
 * `npm run bank:cnn` and `npm run bank:blobs`), fetched when the preset is chosen at its defaults.
 */
export const BUNDLED_BANKS: Record<PresetId, string> = {
  'fmnist-mlp': 'data/banks/fmnist-mlp.json',
  'fmnist-cnn': 'data/banks/fmnist-cnn.json',
  'blobs-mlp': 'data/banks/blobs-mlp.json',
};

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a bank was made from this copy of the data (same dataset, same evaluated labels). */
export function bankMatchesData(bank: Bank, data: DatasetLabels): boolean {
  return (
    data.meta.id === bank.dataset.meta.id &&
    sameLabels(data.valLabels, bank.dataset.valLabels) &&
    sameLabels(data.testLabels, bank.dataset.testLabels)
  );
}

/** The settings a bank was trained with, on top of the current post-hoc choices and α. */
export function settingsOfBank(bank: Bank, current: Settings): Settings {
  const c = bank.config;
  const seeds = [...new Set(bank.models.map((m) => m.seed))];
  return {
    ...current,
    preset: c.preset,
    trainSize: c.trainSize,
    epochs: c.epochs,
    learningRate: c.learningRate,
    batchSize: c.batchSize,
    seed: seeds.includes(current.seed) || !seeds.length ? current.seed : seeds[0],
  };
}

/** A bank's model as a record: status as saved, marked with where it came from. */
export function recordOfBankModel(m: BankModel, key: string, origin: string): ModelRecord {
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

/** The trained models of the configuration of `s` (every seed), as a bank; null if none. */
export function bankOfConfig(
  records: Record<string, ModelRecord>,
  s: Settings,
  data: DatasetLabels,
  backend: string | null,
  created: Date,
): Bank | null {
  const config = configKey(s);
  const models: BankModel[] = Object.values(records)
    .filter(
      // A bank holds every sample's logits: a live preview (a model mid-training) cannot go in.
      (r) => configOfKey(r.key) === config && r.checkpoint && !r.checkpoint.diverged && !r.checkpoint.preview,
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
    producer: `LS-SC Explorer in the browser (${backend ?? 'unknown backend'})`,
    created: created.toISOString(),
    models,
  };
}
