/** "Download results": the same JSON as the runner's --out file, with test labels and logits. */
import { saveBlob } from '../browser/saveBlob';
import { PRESETS } from '../model/presets';
import { RESULTS_FORMAT, RESULTS_VERSION, runResultFromCheckpoint, type ResultsFile } from '../model/results';
import { useEngine } from './engineStore';
import { useRuns } from './runs';
import { checkpointLabels } from '../model/records';
import { useSettings } from './settings';

export function buildResultsFile(): ResultsFile | null {
  const dataset = useEngine.getState().dataset;
  if (!dataset) return null;
  const s = useSettings.getState();
  const k = dataset.meta.numClasses;
  const labels = { val: dataset.valLabels, test: dataset.testLabels };
  const runs = Object.values(useRuns.getState().records)
    .filter((r) => r.checkpoint)
    .sort((a, b) => a.key.localeCompare(b.key) || a.alpha - b.alpha)
    .map((r) => ({
      // A live preview's logits (a model still training) are for the first samples only.
      ...runResultFromCheckpoint(r.checkpoint!, checkpointLabels(r.checkpoint!, dataset, k) ?? labels, k, {
        centred: s.centred,
        saveLogits: true,
      }),
      status: r.status,
      step: r.step,
      training_key: r.key,
    }));
  const { set: _set, applyPreset: _apply, ...settings } = s;
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    config: {
      ...settings,
      dataset: dataset.meta.id,
      model: PRESETS[s.preset].model,
      datasetSettings: dataset.meta.settings,
      backend: useEngine.getState().ready?.backend ?? null,
      created: new Date().toISOString(),
    },
    runs,
  };
}

export function downloadResults(): void {
  const file = buildResultsFile();
  if (!file) return;
  const blob = new Blob([JSON.stringify(file)], { type: 'application/json' });
  saveBlob(blob, `ls-sc-results-${file.config.preset as string}.json`);
}
