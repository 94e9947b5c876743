/**
 * Loaded models as an α sweep: every loaded model with an α (from its file, its name or the user)
 * whose labels are those of the sweep's first model — the same test set, sample for sample — becomes
 * one point of the α-sweep chart (chartData/alphaSweep.ts), as a trained (α, seed) does. Two files
 * of the same α count as two seeds of it. %error is on every test sample. The normalised AURC is
 * on the samples its p was not chosen on (importedPair.ts: the file's test split when it has a
 * validation split, else the evaluation half), and the chart's MSP AURC is on those same samples, so
 * that its two AURC lines (and its sentences, which compare them) are like for like; the table gives
 * MSP's AURC on every test sample too.
 */
import { evaluateFromScores } from '../analysis/metrics';
import { pNormOf, sampleErrors, type SampleScores } from '../analysis/sampleScores';
import { cachedFor } from '../model/viewCache';
import type { SweepPoint } from '../model/views';
import type { LoadedModel, PMode } from './imported';
import { evaluateLoaded } from './importedPair';

export interface LoadedSweepRow {
  model: LoadedModel;
  alpha: number;
  n: number;
  /** Fractions; MSP on every test sample. */
  error: number;
  aurcMsp: number;
  /** MSP and MaxLogit-pNorm on the samples pNorm is evaluated on (nPnorm of them): the chart's AURCs. */
  aurcMspSame: number;
  aurcPnorm: number;
  nPnorm: number;
  /** pNorm evaluated on a held-out half (no validation split). */
  half: boolean;
  p: number | null;
}

export interface LoadedSweep {
  /** The models in the sweep, ascending α (file order within an α). */
  rows: LoadedSweepRow[];
  points: SweepPoint[];
  /** Models left out, and why ("α unknown", "labels differ"). */
  left: { model: LoadedModel; why: string }[];
  /** The model whose labels the sweep's models share. */
  labelsOf: LoadedModel | null;
}

function sameLabels(a: SampleScores, b: SampleScores): boolean {
  if (a.n !== b.n || a.k !== b.k) return false;
  for (let i = 0; i < a.n; i++) if (a.labels[i] !== b.labels[i]) return false;
  return true;
}

const fmt = (n: number) => n.toLocaleString('en');

function metricsOf(s: SampleScores, p: number | null, centred: boolean) {
  return cachedFor(s, `sweep-metrics:${p}:${centred}`, () =>
    evaluateFromScores(sampleErrors(s), s.logMsp, p === null ? null : pNormOf(s, p, centred), {
      p,
      centred,
    }),
  );
}

/**
 * The α sweep of the loaded models. The labels every point must share are those of `firstId`'s model
 * when it has an α (the reference), else of the first model with an α.
 */
export function buildLoadedSweep(
  models: LoadedModel[],
  opts: { pMode: PMode; pHand: number; centred: boolean; firstId?: string | null },
): LoadedSweep {
  const withAlpha = models.filter((m) => m.alpha !== null && Number.isFinite(m.alpha));
  const left: LoadedSweep['left'] = models
    .filter((m) => !withAlpha.includes(m))
    .map((m) => ({ model: m, why: 'its α is unknown: enter it to add it to the sweep' }));
  const labelsOf = withAlpha.find((m) => m.id === opts.firstId) ?? withAlpha[0] ?? null;
  const rows: LoadedSweepRow[] = [];
  for (const m of withAlpha) {
    if (labelsOf && m !== labelsOf && !sameLabels(m.test, labelsOf.test)) {
      left.push({
        model: m,
        why:
          m.test.n !== labelsOf.test.n || m.test.k !== labelsOf.test.k
            ? `its test set differs from that of ${labelsOf.name} (N = ${fmt(m.test.n)}, K = ${m.test.k} against N = ${fmt(labelsOf.test.n)}, K = ${labelsOf.test.k}): a sweep compares models on the same samples`
            : `its labels differ from those of ${labelsOf.name} (same N, another order or test set): a sweep compares models on the same samples`,
      });
      continue;
    }
    const ev = evaluateLoaded(m, opts);
    const all = metricsOf(m.test, null, opts.centred);
    const on = metricsOf(ev.pNormOn, ev.p, opts.centred);
    rows.push({
      model: m,
      alpha: m.alpha!,
      n: m.test.n,
      error: all.error,
      aurcMsp: all.msp.aurc,
      aurcMspSame: on.msp.aurc,
      aurcPnorm: on.pNorm.aurc,
      nPnorm: ev.pNormOn.n,
      half: ev.half,
      p: ev.p,
    });
  }
  rows.sort((a, b) => a.alpha - b.alpha);
  // Two files of one α are its seeds 0, 1, …, in file order.
  const seen = new Map<number, number>();
  const points = rows.map((r): SweepPoint => {
    const seed = seen.get(r.alpha) ?? 0;
    seen.set(r.alpha, seed + 1);
    return {
      alpha: r.alpha,
      seed,
      error: r.error,
      aurcMsp: r.aurcMspSame,
      aurcPnorm: r.aurcPnorm,
      p: r.p,
      // The AURCs (and so the noise floor the sentences quote) are on nPnorm samples.
      n: r.nPnorm,
    };
  });
  return { rows, points, left, labelsOf };
}
