/**
 * PairFacts: everything the words beside the charts and in the story say about the CE/LS pair on
 * screen, computed from the numbers the page shows (the metrics table's evaluation, the drawn
 * risk–coverage curves), with what the data cannot tell (a live preview, an early checkpoint, one
 * seed) made explicit. Every sentence builder reads these facts and nothing else.
 */
import type { PairedAurcIntervals } from '../../analysis/bootstrap';
import type { DataKind, ModelView, PairView, SweepPoint } from '../../model/views';
import { cachedFor } from '../../model/viewCache';
import { LOW_BAND, modelFacts, type ModelFacts } from './modelFacts';
import {
  aurcNoiseFloor,
  aurocStdError,
  compare,
  compareByInterval,
  errorNoiseFloor,
  seedSpread,
  type Comparison,
  type SeedSpread,
} from './noise';

/** The data a pair describes: trained images, trained 2-D points, or models loaded from files. */
export type WordsKind = DataKind | 'loaded';

/**
 * How the LS curve lies against the CE curve from 5% coverage up, on a 1% grid: the sign of
 * R_LS − R_CE at the first grid point where they differ, and the largest coverage up to which the
 * curves never cross against that sign (they may touch: `strict` is false then). sign 0: the curves
 * are level at every grid point up to `to` = 100%.
 */
export interface CurveRun {
  sign: 1 | 0 | -1;
  from: number;
  to: number;
  /** No grid point of the run has the two curves level. */
  strict: boolean;
  /** Selective risks at `from`. */
  ls: number;
  ce: number;
}

export interface PairComparisons {
  /** LS against CE: error rate, MSP AURC, MSP AUROC (all LS − CE). */
  error: Comparison;
  msp: Comparison;
  auroc: Comparison;
  /** LS's normalised AURC against its own MSP AURC, and against CE's MSP AURC. */
  lsNorm: Comparison;
  normVsCe: Comparison;
  /** CE's normalised AURC against its MSP AURC. */
  ceNorm: Comparison;
  /** LS's normalised-score AUROC against its MSP AUROC. */
  lsNormAuroc: Comparison;
  /** Low coverage (mean risk over 5–30%): LS against CE with MSP, and normalised LS against CE's MSP. */
  lowMsp: Comparison;
  lowNorm: Comparison;
  /** Where the curves lie from 5% coverage up: MSP, and normalised LS against CE's MSP. */
  runMsp: CurveRun;
  runNorm: CurveRun;
}

export interface PairFacts {
  kind: WordsKind | null;
  normalise: boolean;
  ce: ModelFacts | null;
  ls: ModelFacts | null;
  /** Present when both models have test data. */
  cmp: PairComparisons | null;
  /**
   * AURC noise: the floor for this N, the seeds' differences when the sweep has them, and the paired
   * bootstrap's intervals (reference CE, compared LS) once computed.
   */
  noise: { n: number; floor: number; seeds: SeedSpread | null; intervals: PairedAurcIntervals | null };
  /** Either model a live preview / not at its last step. */
  preview: boolean;
  early: boolean;
  /** The textbook effect is shown: LS's MSP AURC clearly above CE's. */
  lsHurts: boolean;
}

/** Coverages the curve run is read at: 5%, 6%, …, 100%. */
const GRID = Array.from({ length: 96 }, (_, i) => (i + 5) / 100);

function riskAt(curve: { risk: Float64Array }, c: number): number {
  const n = curve.risk.length - 1;
  return curve.risk[Math.max(1, Math.min(n, Math.round(c * n)))];
}

const TINY = 1e-12;
const signOf = (d: number): 1 | 0 | -1 => (d > TINY ? 1 : d < -TINY ? -1 : 0);

/** The run of the sign of R_ls − R_ce from 5% coverage up (see CurveRun). */
export function curveRun(ls: { risk: Float64Array }, ce: { risk: Float64Array }): CurveRun {
  const signs = GRID.map((c) => signOf(riskAt(ls, c) - riskAt(ce, c)));
  const sign = signs.find((x) => x !== 0) ?? 0;
  let to = GRID[0];
  let strict = true;
  for (let i = 0; i < GRID.length; i++) {
    if (signs[i] !== 0 && signs[i] !== sign) break;
    if (signs[i] === 0) strict = false;
    to = GRID[i];
  }
  return { sign, from: GRID[0], to, strict, ls: riskAt(ls, GRID[0]), ce: riskAt(ce, GRID[0]) };
}

function comparisons(
  ce: ModelFacts,
  ls: ModelFacts,
  seeds: SeedSpread | null,
  byHand: boolean,
  iv: PairedAurcIntervals | null,
) {
  const floor = aurcNoiseFloor(Math.min(ce.n, ls.n));
  // AURC directions: by the paired bootstrap's interval once it is in, by the floor until then.
  const aurcCmp = (a: number, b: number, ci: { lo: number; hi: number } | undefined, perSeed?: number[]) =>
    ci ? compareByInterval(a, b, ci, perSeed) : compare(a, b, floor, perSeed);
  const auroc = (a: ModelFacts, sa: number, b: ModelFacts, sb: number) =>
    2 *
    Math.hypot(aurocStdError(sa, a.n - a.nErrors, a.nErrors), aurocStdError(sb, b.n - b.nErrors, b.nErrors));
  // Low-coverage risks: a mean of R_m over 5–30% coverage, compared like two error rates of the
  // 30% most confident predictions (the band's last point sums all of its mistakes).
  const lowFloor = (a: number, b: number) =>
    errorNoiseFloor(a, Math.floor(ls.n * LOW_BAND.to), b, Math.floor(ce.n * LOW_BAND.to));
  return {
    error: compare(ls.error, ce.error, errorNoiseFloor(ls.error, ls.n, ce.error, ce.n)),
    msp: aurcCmp(ls.msp.aurc, ce.msp.aurc, iv?.difference.msp, seeds?.mspDiffs),
    auroc: compare(ls.msp.auroc, ce.msp.auroc, auroc(ls, ls.msp.auroc, ce, ce.msp.auroc)),
    lsNorm: aurcCmp(ls.norm.aurc, ls.msp.aurc, iv?.comparedNormVsMsp),
    // The sweep's normalised AURC uses the validation p: its seeds say nothing about a p set by hand.
    normVsCe: aurcCmp(ls.norm.aurc, ce.msp.aurc, iv?.normVsReferenceMsp, byHand ? [] : seeds?.normDiffs),
    ceNorm: aurcCmp(ce.norm.aurc, ce.msp.aurc, iv?.referenceNormVsMsp),
    lsNormAuroc: compare(ls.norm.auroc, ls.msp.auroc, auroc(ls, ls.norm.auroc, ls, ls.msp.auroc)),
    lowMsp: compare(ls.msp.lowRisk, ce.msp.lowRisk, lowFloor(ls.msp.lowRisk, ce.msp.lowRisk)),
    lowNorm: compare(ls.norm.lowRisk, ce.msp.lowRisk, lowFloor(ls.norm.lowRisk, ce.msp.lowRisk)),
    runMsp: curveRun(ls.msp.curve, ce.msp.curve),
    runNorm: curveRun(ls.norm.curve, ce.msp.curve),
  };
}

/** Both models' facts, remembered on the CE view per LS view (each is cached on its own view too). */
function pairPart(ce: ModelView, ls: ModelView) {
  const byLs = cachedFor(
    ce,
    'words:pairs',
    () => new WeakMap<ModelView, { ce: ModelFacts; ls: ModelFacts } | null>(),
  );
  if (!byLs.has(ls)) {
    const c = modelFacts(ce);
    const l = modelFacts(ls);
    byLs.set(ls, c && l ? { ce: c, ls: l } : null);
  }
  return byLs.get(ls) ?? null;
}

export interface WordsContext {
  /** Every finished model of the configuration (all seeds), for the spread over seeds. */
  sweep?: SweepPoint[];
  /** The kind of data, when the pair does not say (PairView.dataKind). */
  kind?: WordsKind;
  /**
   * The pair's paired-bootstrap AURC intervals (CE reference, LS compared), when computed for these
   * two views; ignored when they are for other views or sample counts.
   */
  intervals?: PairedAurcIntervals | null;
}

/** The facts of a pair; models with no test data count as absent. */
export function pairFacts(pair: PairView, ctx: WordsContext = {}): PairFacts {
  const both = pair.ce && pair.ls ? pairPart(pair.ce, pair.ls) : null;
  const ce = both?.ce ?? modelFacts(pair.ce);
  const ls = both?.ls ?? modelFacts(pair.ls);
  const loaded = [pair.ce, pair.ls].some((m) => m?.samples);
  const kind = ctx.kind ?? (loaded ? 'loaded' : (pair.dataKind ?? null));
  // Seeds of a trained pair: only when the pair shown is itself a finished model of the sweep.
  const seeds =
    ce && ls && !loaded && ctx.sweep && !ls.preview && !ls.early ? seedSpread(ctx.sweep, ls.alpha) : null;
  const byHand = !!(pair.ls && !pair.ls.pAuto);
  const n = Math.min(ce?.n ?? Infinity, ls?.n ?? Infinity);
  const iv =
    ctx.intervals &&
    ce &&
    ls &&
    ctx.intervals.n === ce.n &&
    ctx.intervals.n === ls.n &&
    !ce.preview &&
    !ls.preview
      ? ctx.intervals
      : null;
  const cmp = ce && ls ? comparisons(ce, ls, seeds, byHand, iv) : null;
  return {
    kind,
    normalise: pair.normalise,
    ce,
    ls,
    cmp,
    noise: { n: Number.isFinite(n) ? n : 0, floor: aurcNoiseFloor(n), seeds, intervals: iv },
    preview: !!(ce?.preview || ls?.preview),
    early: !!(ce?.early || ls?.early),
    lsHurts: cmp?.msp.verdict === 'higher',
  };
}
