/** "Download results": the same JSON as the runner's --out file, with test labels and logits. */
import { PRESETS } from '../model/presets';
import { RESULTS_FORMAT, RESULTS_VERSION, runResultFromCheckpoint, type ResultsFile } from '../model/results';
import { checkpointLabels, type ModelRecord } from '../model/records';
import type { Settings } from '../model/settings';
import type { DatasetLabels } from './engineStore';

export function buildResultsFile(
  records: Record<string, ModelRecord>,
  settings: Settings,
  dataset: DatasetLabels,
  backend: string | null,
  created: Date,
): ResultsFile {
  const k = dataset.meta.numClasses;
  const labels = { val: dataset.valLabels, test: dataset.testLabels };
  const runs = Object.values(records)
    .filter((r) => r.checkpoint)
    .sort((a, b) => a.key.localeCompare(b.key) || a.alpha - b.alpha)
    .map((r) => ({
      // A live preview's logits (a model still training) are for the first samples only.
      ...runResultFromCheckpoint(r.checkpoint!, checkpointLabels(r.checkpoint!, dataset, k) ?? labels, k, {
        centred: settings.centred,
        saveLogits: true,
      }),
      status: r.status,
      step: r.step,
      training_key: r.key,
    }));
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    config: {
      ...settings,
      dataset: dataset.meta.id,
      model: PRESETS[settings.preset].model,
      datasetSettings: dataset.meta.settings,
      backend,
      created: created.toISOString(),
    },
    runs,
  };
}
