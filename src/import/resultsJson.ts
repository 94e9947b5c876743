/**
 * The app's own results file (src/results.ts, the runner's --out): every run saved with its test
 * labels and logits becomes one loaded model, named by the file and the run's α and seed.
 */
import { allocSampleScores, type SampleScores } from '../analysis/sampleScores';
import { RESULTS_FORMAT, type ResultsFile } from '../model/results';
import { ImportError, quote } from './errors';
import { scoreChecked, setLabels } from './samples';

export interface JsonRunModel {
  name: string;
  alpha: number;
  test: SampleScores;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseResultsJson(text: string, file: string): JsonRunModel[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ImportError(file, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(data) || data.format !== RESULTS_FORMAT || !Array.isArray(data.runs)) {
    throw new ImportError(
      file,
      `not an LS-SC Explorer results file (expected "format": "${RESULTS_FORMAT}" and a "runs" list)`,
    );
  }
  const runs = (data as unknown as ResultsFile).runs;
  const withLogits = runs.filter((r) => isRecord(r) && isRecord(r.test));
  if (withLogits.length === 0) {
    throw new ImportError(
      file,
      'no run has test logits: save results with logits (the app’s Download, or the runner’s --save-logits)',
    );
  }
  const seeds = new Set(withLogits.map((r) => r.seed));
  return withLogits.map((run) => {
    const where = `run ${runs.indexOf(run)} (α = ${run.alpha}, seed ${run.seed})`;
    const { labels, logits } = run.test ?? { labels: [], logits: [] };
    if (!Array.isArray(labels) || !Array.isArray(logits) || logits.length === 0) {
      throw new ImportError(file, `${where}: "test" needs "labels" and "logits" lists`);
    }
    const n = logits.length;
    const k = Array.isArray(logits[0]) ? logits[0].length : 0;
    if (k < 2) throw new ImportError(file, `${where}: wrong shape: each logits row needs K ≥ 2 values`);
    if (labels.length !== n) {
      throw new ImportError(file, `${where}: mismatched N: ${labels.length} labels but ${n} rows of logits`);
    }
    const flat = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const row = logits[i];
      if (!Array.isArray(row) || row.length !== k) {
        throw new ImportError(
          file,
          `${where}: wrong shape: logits row ${i} has ${Array.isArray(row) ? row.length : 0} values, expected K = ${k}`,
        );
      }
      for (let j = 0; j < k; j++) {
        const v = row[j];
        // JSON has no NaN: JSON.stringify writes it as null.
        if (typeof v !== 'number')
          throw new ImportError(
            file,
            `${where}: the logits hold NaN or a non-number (${quote(String(JSON.stringify(v)))}): sample ${i}, class ${j}`,
          );
        flat[i * k + j] = v;
      }
    }
    const out = allocSampleScores(n, k);
    setLabels(
      labels.map((y) => (typeof y === 'number' ? y : NaN)),
      out,
      `${file} ${where}`,
    );
    scoreChecked(flat, n, out, 0, `${file} ${where}`, new Float64Array(k));
    const name =
      seeds.size > 1 || withLogits.length === 1
        ? `${file} · α=${run.alpha} · seed ${run.seed}`
        : `${file} · α=${run.alpha}`;
    return { name, alpha: typeof run.alpha === 'number' ? run.alpha : NaN, test: out };
  });
}
