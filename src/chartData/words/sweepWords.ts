/**
 * The α sweep in words: how the MSP AURC moves with α (rises with every step, mostly, zig-zags,
 * falls), where the MSP and normalised AURC sit against the CE level, what happens to the error,
 * and how far apart the seeds are. From the chart's own aggregation (chartData/alphaSweep.ts).
 */
import type { SweepPoint } from '../../model/views';
import { formatAlpha } from '../../model/format';
import { buildAlphaSweep, type SweepStat } from '../alphaSweep';
import { aurcNoiseFloor, EPS, errorNoiseFloor } from './noise';
import { aurcText, countText, listText, pctText, pointsText } from './numbers';

export type Trend = 'rises' | 'mostly rises' | 'zig-zags' | 'mostly falls' | 'falls' | 'flat';
export type Level = 'below' | 'near' | 'above';

export interface LevelAt {
  alpha: number;
  value: number;
  level: Level;
}

export interface SweepFacts {
  /** Mean MSP AURC per α (α = 0 included when trained), ascending α. */
  msp: SweepStat[];
  norm: SweepStat[];
  error: SweepStat[];
  /** CE's mean MSP AURC and error; null without α = 0. */
  ceLevel: number | null;
  ceError: number | null;
  /** Did the CE model(s) keep MSP (the normalised search's fallback)? */
  ceFallback: boolean;
  trend: Trend;
  /** For α > 0: MSP and normalised AURC against the CE level, error against CE's error. */
  mspVsCe: LevelAt[];
  normVsCe: LevelAt[];
  errorVsCe: LevelAt[];
  maxSeeds: number;
  /** Largest max − min of the MSP AURC over seeds at one α (0 with one seed each). */
  seedSpread: number;
  /** Test samples per model (smallest), and the AURC noise floor used for "near". */
  n: number | null;
  floor: number;
}

/** The shape of a sequence: see Trend. `floor`: a total range below it is 'flat'. */
export function trendOf(values: number[], floor: number): Trend {
  if (values.length < 2) return 'flat';
  if (Math.max(...values) - Math.min(...values) < floor) return 'flat';
  let ups = 0;
  let downs = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] > values[i - 1]) ups++;
    else if (values[i] < values[i - 1]) downs++;
  }
  const first = values[0];
  const last = values[values.length - 1];
  if (downs === 0) return 'rises';
  if (ups === 0) return 'falls';
  if (ups > downs && last > first) return 'mostly rises';
  if (downs > ups && last < first) return 'mostly falls';
  return 'zig-zags';
}

const levelOf = (v: number, ref: number, floor: number): Level =>
  Math.abs(v - ref) < floor - EPS ? 'near' : v < ref ? 'below' : 'above';

/** The facts of the sweep; null with no finished model. */
export function sweepFacts(points: SweepPoint[]): SweepFacts | null {
  const data = buildAlphaSweep(points);
  if (!data) return null;
  const ns = points.map((p) => p.n).filter((n): n is number => n !== undefined && n > 0);
  const n = ns.length ? Math.min(...ns) : null;
  const floor = aurcNoiseFloor(n ?? 5000);
  const { aurcMsp, aurcPnorm, error } = data.series;
  const ceErr = error.stats.find((s) => s.alpha === 0) ?? null;
  const ce = aurcMsp.stats.find((s) => s.alpha === 0) ?? null;
  const lsOnly = (s: SweepStat[]) => s.filter((x) => x.alpha !== 0);
  const vs = (s: SweepStat[], ref: number | null, fl: (v: number) => number): LevelAt[] =>
    ref === null
      ? []
      : lsOnly(s).map((x) => ({ alpha: x.alpha, value: x.mean, level: levelOf(x.mean, ref, fl(x.mean)) }));
  const errFloor = (e: number) => (ceErr && n ? errorNoiseFloor(e, n, ceErr.mean, n) : 0.01);
  let seedSpread = 0;
  for (const s of aurcMsp.stats) seedSpread = Math.max(seedSpread, s.max - s.min);
  return {
    msp: aurcMsp.stats,
    norm: aurcPnorm.stats,
    error: error.stats,
    ceLevel: ce?.mean ?? null,
    ceError: ceErr?.mean ?? null,
    ceFallback: aurcPnorm.points.some((p) => p.alpha === 0 && p.fallback),
    trend: trendOf(
      aurcMsp.stats.map((s) => s.mean),
      floor,
    ),
    mspVsCe: vs(aurcMsp.stats, data.ceMspLevel, () => floor),
    normVsCe: vs(aurcPnorm.stats, data.ceMspLevel, () => floor),
    errorVsCe: vs(error.stats, ceErr?.mean ?? null, errFloor),
    maxSeeds: data.maxSeeds,
    seedSpread,
    n,
    floor,
  };
}

const alphas = (xs: LevelAt[]): string => listText(xs.map((x) => formatAlpha(x.alpha)));
const range = (xs: LevelAt[], fmt: (v: number) => string): string => {
  const v = xs.map((x) => x.value);
  const lo = fmt(Math.min(...v));
  const hi = fmt(Math.max(...v));
  return lo === hi ? lo : `${lo}–${hi}`;
};

/** "at every α above 0 (3.23–3.89)" or "at α = 0.1 and 0.2 (…), near it at 0.5 (…)". */
function levels(xs: LevelAt[], words: Record<Level, string>, fmt: (v: number) => string): string {
  const parts: string[] = [];
  for (const l of ['below', 'near', 'above'] as const) {
    const at = xs.filter((x) => x.level === l);
    if (!at.length) continue;
    const where = at.length === xs.length && xs.length > 1 ? 'at every α above 0' : `at α = ${alphas(at)}`;
    parts.push(`${words[l]} ${where} (${range(at, fmt)})`);
  }
  return listText(parts);
}

const TREND: Record<Trend, string> = {
  rises: 'rises with every step of α',
  'mostly rises': 'mostly rises with α, but not at every step',
  'zig-zags': 'does not rise steadily with α but zig-zags',
  'mostly falls': 'mostly falls with α',
  falls: 'falls with every step of α',
  flat: 'stays about level across α',
};

/** How to read the chart; the band is mentioned only when some α has several seeds (it is drawn then). */
function reading(maxSeeds: number): string {
  const seeds =
    maxSeeds >= 2
      ? 'every dot is one trained model (one seed), the line joins the means over seeds and the shaded band spans the lowest to the highest seed (min–max)'
      : 'every dot is one trained model';
  return `Each position on the x axis is a label-smoothing strength α (α = 0 is plain cross-entropy); ${seeds}. The top panel shows the test error, the bottom one the %AURC of selective classification (lower is better), solid when ranking by MSP and dashed with the normalised score; the dotted grey line is the CE model’s MSP level. The vertical line marks the α shown in the other charts; the y axes start at the data, not at zero.`;
}

const aurcWords = { below: 'below the CE level', near: 'near the CE level', above: 'above the CE level' };

/** The sweep's computed sentences (without the reading guide). */
/** `brief`: the extremes instead of every α's value (the story's short form). */
export function sweepSentences(f: SweepFacts, brief = false): string[] {
  const out: string[] = [];
  const list = f.msp.length <= 8 && !brief;
  const listed = f.msp.map((s) => `${aurcText(s.mean)} at α = ${formatAlpha(s.alpha)}`);
  if (f.msp.length >= 2) {
    const ls = f.msp.filter((s) => s.alpha !== 0);
    const lo = ls.reduce((a, b) => (b.mean < a.mean ? b : a), ls[0]);
    const hi = ls.reduce((a, b) => (b.mean > a.mean ? b : a), ls[0]);
    const first = f.msp[0];
    const last = f.msp[f.msp.length - 1];
    const at = (x: SweepStat) => `${aurcText(x.mean)} (α = ${formatAlpha(x.alpha)})`;
    const extremes =
      list || f.trend === 'flat' || ls.length < 2
        ? ''
        : f.trend === 'rises' || f.trend === 'falls'
          ? `, from ${at(first)} to ${at(last)}`
          : ` between ${at(lo)} and ${at(hi)}`;
    if (f.msp.length === 2)
      out.push(
        f.trend === 'flat'
          ? `The MSP AURC stays about level: ${at(first)} and ${at(last)}.`
          : `The MSP AURC ${last.mean > first.mean ? 'rises' : 'falls'} from ${at(first)} to ${at(last)}.`,
      );
    else out.push(`The MSP AURC ${TREND[f.trend]}${extremes}` + (list ? `: ${listText(listed)}.` : '.'));
  }
  if (f.ceLevel !== null && f.mspVsCe.length) {
    out.push(
      `Against the CE level (${aurcText(f.ceLevel)}), the MSP AURC is ${levels(f.mspVsCe, { below: 'below it', near: 'near it', above: 'above it' }, aurcText)}.`,
    );
    out.push(`The normalised AURC is ${levels(f.normVsCe, aurcWords, aurcText)}.`);
    if ([...f.mspVsCe, ...f.normVsCe].some((x) => x.level === 'near'))
      out.push(
        `“Near” means within ${pointsText(f.floor)} of it: a rough noise floor for ${countText(f.n ?? 5000)} test samples, as the sweep has no bootstrap intervals (the metrics table gives them for the pair shown).`,
      );
    if (f.ceFallback)
      out.push('For CE (α = 0) no p beat MSP on validation, so its normalised AURC is its MSP AURC.');
  }
  if (f.ceError !== null && f.errorVsCe.length) {
    out.push(
      `The test error is ${levels(f.errorVsCe, { below: 'lower than CE’s', near: 'about CE’s', above: 'higher than CE’s' }, (v) => pctText(v))}, against ${pctText(f.ceError)} for CE.`,
    );
  }
  if (f.maxSeeds >= 2)
    out.push(
      `With up to ${f.maxSeeds} seeds per α, the MSP AURC of one α varies by up to ${pointsText(f.seedSpread)} between seeds: differences between α smaller than that are not reliable.`,
    );
  else
    out.push(
      `Each α has one seed, so the noise between runs is unknown; on ${countText(f.n ?? 5000)} test samples, AURC differences below about ${(f.floor * 100).toFixed(1)} points are often noise.`,
    );
  return out;
}

/** Paragraphs for the α-sweep chart. */
export function sweepWords(f: SweepFacts | null): string[] {
  return f ? [reading(f.maxSeeds), sweepSentences(f).join(' ')] : [reading(2)];
}
