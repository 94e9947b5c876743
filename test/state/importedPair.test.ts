/**
 * The loaded-model pair the charts and the table see: which samples are evaluated and which p is
 * used under each choice (the file's validation split, a held-out half, or p by hand), and the
 * sentence the page shows about it.
 */
import { describe, expect, it } from 'vitest';
import { sampleScoresFromLogits, subsetSamples, type SampleScores } from '../../src/analysis/sampleScores';
import { searchP } from '../../src/analysis/pSearch';
import { evaluateModel } from '../../src/analysis/metrics';
import { holdoutSplit } from '../../src/import/holdout';
import { pSearchOf } from '../../src/import/pChoice';
import { buildImportedPair } from '../../src/state/importedPair';
import { buildRiskCoverage } from '../../src/chartData/riskCoverage';
import type { LoadedModel } from '../../src/state/imported';
import { randomLabels, randomLogits } from '../analysis/naive';

const K = 6;
function model(
  id: string,
  n: number,
  nVal: number,
  seed: number,
): {
  m: LoadedModel;
  logits: Float64Array;
  labels: Int32Array;
  val: { logits: Float64Array; labels: Int32Array } | null;
} {
  const logits = randomLogits(seed, n, K, 3);
  const labels = randomLabels(seed, n, K);
  const test = sampleScoresFromLogits(logits, labels, n, K);
  let val: SampleScores | null = null;
  let valData = null;
  if (nVal > 0) {
    valData = { logits: randomLogits(seed + 50, nVal, K, 3), labels: randomLabels(seed + 50, nVal, K) };
    val = sampleScoresFromLogits(valData.logits, valData.labels, nVal, K);
  }
  const m: LoadedModel = {
    id,
    name: `${id}.npz`,
    files: [`${id}.npz`],
    format: 'npz',
    test,
    val,
    alpha: null,
    alphaFrom: null,
    pSearch: pSearchOf(test, val),
  };
  return { m, logits, labels, val: valData };
}

const base = { referenceId: 'a', comparedId: 'b', pHand: 4, centred: true, normalise: true, alpha: 0.3 };

describe('buildImportedPair', () => {
  const a = model('a', 101, 0, 1);
  const b = model('b', 80, 40, 2);

  it('search: the file’s validation split when there is one, else a held-out half, never the evaluated samples', () => {
    const { pair, reference, compared } = buildImportedPair([a.m, b.m], { ...base, pMode: 'search' });
    // a: no validation split. p is searched on the held-out half; the other half is evaluated.
    const h = holdoutSplit(101);
    expect(h.search.length + h.evaluate.length).toBe(101);
    expect(new Set([...h.search, ...h.evaluate]).size).toBe(101);
    const pick = (idx: Int32Array) => {
      const l = new Float64Array(idx.length * K);
      idx.forEach((i, r) => l.set(a.logits.subarray(i * K, i * K + K), r * K));
      return { l, y: Array.from(idx, (i) => a.labels[i]) };
    };
    const s = pick(h.search);
    const wantA = searchP(s.l, s.y, h.search.length, K, { centred: true }).p;
    expect(pair.ce?.p).toBe(wantA);
    // Every p-free number and chart: all samples. The pNorm row: the half not held out.
    expect(pair.ce?.samples?.test).toBe(a.m.test);
    expect(reference?.evaluation.half).toBe(true);
    expect(reference?.evaluation.pNormOn).toEqual(subsetSamples(a.m.test, h.evaluate));
    expect(reference?.evaluation.note).toMatch(
      /random half of its samples \(50 of 101, seed 0\)\. The MaxLogit-pNorm row is evaluated on the other 51, beside MSP on the same 51; %error, the other MSP row and the charts use all 101 samples/,
    );
    // b: its validation split; all its samples evaluated.
    const wantB = searchP(b.val!.logits, b.val!.labels, 40, K, { centred: true }).p;
    expect(pair.ls?.p).toBe(wantB);
    expect(pair.ls?.samples?.test).toBe(b.m.test);
    expect(compared?.evaluation.half).toBe(false);
    expect(compared?.evaluation.pNormOn).toBe(b.m.test);
    expect(compared?.evaluation.note).toMatch(
      /on the file’s validation split \(40 samples\); all 80 test samples evaluated\./,
    );
    // Names, roles, the α of the LS-term estimate.
    expect([pair.ce?.name, pair.ls?.name]).toEqual(['a.npz', 'b.npz']);
    expect([pair.ce?.alpha, pair.ls?.alpha]).toEqual([0, 0.3]);
  });

  it('risk–coverage chart: MSP curves on all samples, the normalised curve of a held-out-half model on its evaluation half', () => {
    const { pair } = buildImportedPair([a.m, b.m], { ...base, pMode: 'search' });
    const rc = buildRiskCoverage(pair)!;
    const h = holdoutSplit(101);
    const pick = (idx: ArrayLike<number>) => {
      const l = new Float64Array(idx.length * K);
      Array.from(idx).forEach((i, r) => l.set(a.logits.subarray(i * K, i * K + K), r * K));
      return { l, y: Int32Array.from(idx, (i) => a.labels[i]) };
    };
    const ev = pick(h.evaluate);
    const p = pair.ce!.p;
    const half = evaluateModel(ev.l, ev.y, h.evaluate.length, K, { p: p ?? 2, centred: true });
    const ceNorm = rc.series.find((x) => x.id === 'ce-pnorm')!;
    expect(ceNorm.n).toBe(51);
    const what = p === null ? 'pNorm (MSP fallback)' : `pNorm p=${p}`;
    expect(ceNorm.name).toBe(`a.npz · ${what} (evaluation half, 51 samples)`);
    expect(ceNorm.aurc).toBeCloseTo(p === null ? half.msp.aurc : half.pNorm.aurc, 12);
    // By hand (p = 4, no held-out half): every sample, p = 4 on the whole split.
    const byHand = buildRiskCoverage(buildImportedPair([a.m, b.m], { ...base, pMode: 'hand' }).pair)!;
    expect(byHand.series.find((x) => x.id === 'ce-pnorm')!.n).toBe(101);
    // MSP on every sample; the model with a validation split keeps all its samples for pNorm too.
    expect(rc.series.find((x) => x.id === 'ce-msp')!.n).toBe(101);
    expect(rc.series.find((x) => x.id === 'ls-pnorm')!.n).toBe(80);
    expect(rc.series.find((x) => x.id === 'ls-pnorm')!.name).not.toContain('half');
  });

  it('table rows: MSP on all samples; with a held-out half, MSP and pNorm on the same evaluation half', () => {
    const { rows, evalPair } = buildImportedPair([a.m, b.m], { ...base, pMode: 'search' });
    expect(rows.map((r) => r.id)).toEqual(['ce-msp', 'ce-msp-half', 'ce-pnorm', 'ls-msp', 'ls-pnorm']);
    expect(rows.map((r) => r.label)).toEqual([
      'a.npz · MSP (all 101 samples)',
      'a.npz · MSP (same half as pNorm, 51 samples)',
      'a.npz · MaxLogit-pNorm (evaluation half, 51 samples)',
      'b.npz · MSP',
      'b.npz · MaxLogit-pNorm',
    ]);
    const pct = (v: number | null) => (v === null ? '—' : (v * 100).toFixed(2));
    const h = holdoutSplit(101);
    const pick = (idx: ArrayLike<number>) => {
      const l = new Float64Array(idx.length * K);
      Array.from(idx).forEach((i, r) => l.set(a.logits.subarray(i * K, i * K + K), r * K));
      return { l, y: Array.from(idx, (i) => a.labels[i]) };
    };
    const s = pick(h.search);
    const p = searchP(s.l, s.y, h.search.length, K, { centred: true }).p;
    const all = evaluateModel(a.logits, a.labels, 101, K, { p, centred: true });
    const e = pick(h.evaluate);
    const half = evaluateModel(e.l, e.y, h.evaluate.length, K, { p, centred: true });
    const row = (id: string) => rows.find((r) => r.id === id)!.cells;
    expect(row('ce-msp').slice(0, 3)).toEqual([pct(all.error), pct(all.msp.aurc), pct(all.msp.eAurc)]);
    expect(row('ce-msp-half').slice(0, 3)).toEqual([
      pct(half.error),
      pct(half.msp.aurc),
      pct(half.msp.eAurc),
    ]);
    expect(row('ce-pnorm').at(-1)).toBe(p === null ? 'MSP fallback' : `${p} (held-out half)`);
    expect(row('ls-pnorm').at(-1)).toMatch(/\(validation\)$|^MSP fallback$/);
    expect(row('ce-pnorm').slice(0, 3)).toEqual([
      pct(half.error),
      pct(half.pNorm.aurc),
      pct(half.pNorm.eAurc),
    ]);
    // The table's sentences compare on the samples the pNorm row is on.
    expect(evalPair.ce?.samples?.test.n).toBe(51);
    expect(evalPair.ls?.samples?.test).toBe(b.m.test);
  });

  it('uncentred search uses the uncentred results', () => {
    const { pair } = buildImportedPair([a.m, b.m], { ...base, pMode: 'search', centred: false });
    expect(pair.ls?.p).toBe(searchP(b.val!.logits, b.val!.labels, 40, K, { centred: false }).p);
    expect(pair.ls?.centred).toBe(false);
  });

  it('by hand: that p on all samples', () => {
    const { pair, reference } = buildImportedPair([a.m, b.m], { ...base, pMode: 'hand' });
    expect(pair.ce?.p).toBe(4);
    expect(pair.ce?.pAuto).toBe(false);
    expect(pair.ce?.samples?.test).toBe(a.m.test);
    expect(reference?.evaluation.note).toBe('p = 4, set by hand; all 101 samples evaluated.');
  });

  it('the same model as reference and compared is shown once; no reference gives an empty pair', () => {
    expect(buildImportedPair([a.m], { ...base, comparedId: 'a', pMode: 'hand' }).pair.ls).toBeNull();
    const empty = buildImportedPair([a.m], { ...base, referenceId: null, comparedId: null, pMode: 'hand' });
    expect([empty.pair.ce, empty.pair.ls]).toEqual([null, null]);
  });
});
