/**
 * The data of "Compare confidence scores" and the reliability diagram, checked against independent
 * computations: each score recomputed naively per row, AURC by the analysis layer's plain `aurc`, the
 * temperatures against the validation NLL, the bins against ECE; and the words against the numbers.
 */
import { describe, expect, it } from 'vitest';
import {
  buildScoreCompare,
  DEFAULT_SHOWN,
  modelScoreSet,
  NEEDS_LOGITS,
  scoreSetPieces,
  scoreSetReady,
  reliabilityTable,
  SCORE_IDS,
  scoreCompareTable,
  scoreCurves,
  scoreEntry,
  type ModelScoreSet,
  type ScoreCompareData,
} from '../../src/chartData/confidenceScores';
import {
  calibrationWords,
  ciText,
  confidenceGap,
  rankedScores,
  rankingSentence,
  scoreCompareWords,
} from '../../src/chartData/words/scoresWords';
import { aurc, errorsOf } from '../../src/analysis/riskCoverage';
import { scoreSetBootstrap, withinKey } from '../../src/analysis/bootstrap';
import { scoreSetModels } from '../../src/state/intervals/useScoreIntervals';
import { ece } from '../../src/analysis/calibration';
import { nllAtTemperature } from '../../src/analysis/confidenceScores';
import { predictions } from '../../src/analysis/scores';
import { naiveSoftmax, row } from '../analysis/naive';
import { twinPair, N, K } from './normalisationFixtures';
import { asLoaded } from './twinFixtures';

const pair = twinPair();
const data = buildScoreCompare(pair)!;

/** Each score of one row, straight from its definition (science.md §3). */
function naiveScores(v: number[]): Record<string, number> {
  const sorted = [...v].sort((a, b) => b - a);
  const pi = naiveSoftmax(v);
  return {
    maxLogit: sorted[0],
    margin: sorted[0] - sorted[1],
    negEntropy: pi.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0),
    energy: Math.log(v.reduce((s, x) => s + Math.exp(x), 0)),
    msp: Math.log(Math.max(...pi)),
  };
}

describe('buildScoreCompare', () => {
  it('has both models with all eight scores, in table order', () => {
    expect(data.models.map((m) => m.role)).toEqual(['ce', 'ls']);
    for (const m of data.models) expect(m.scores.map((s) => s.id)).toEqual([...SCORE_IDS]);
    expect(SCORE_IDS.length).toBe(8);
  });
  it('each plain score equals its naive definition, and its AURC the plain AURC of those values', () => {
    for (const m of data.models) {
      const logits = m.role === 'ce' ? pair.ce!.testLogits : pair.ls!.testLogits;
      const errors = errorsOf(predictions(logits, N, K), pair.ce!.testLabels);
      expect(Array.from(m.errors)).toEqual(Array.from(errors));
      for (const id of ['msp', 'maxLogit', 'margin', 'negEntropy', 'energy'] as const) {
        const e = scoreEntry(m, id);
        const naive = Float64Array.from({ length: N }, (_, i) => naiveScores(row(logits, i, K))[id]);
        for (let i = 0; i < N; i++) expect(e.values![i]).toBeCloseTo(naive[i], 9);
        expect(e.metrics!.aurc).toBeCloseTo(aurc(e.values!, errors), 12);
        expect(e.metrics!.n).toBe(N);
      }
    }
  });
  it('fits T on the validation split: no worse than T = 1 there, and T-scaled MSP is MSP of v/T', () => {
    for (const m of data.models) {
      const view = m.role === 'ce' ? pair.ce! : pair.ls!;
      const fit = m.tempFit!;
      expect(fit.n).toBe(view.valLabels.length);
      expect(fit.nll).toBeLessThanOrEqual(
        nllAtTemperature(view.valLogits, view.valLabels, fit.n, K, 1) + 1e-15,
      );
      const e = scoreEntry(m, 'tempMsp');
      expect(e.note).toContain(`T = ${fit.t.toPrecision(3)}`);
      for (const i of [0, 7, 150]) {
        const pi = naiveSoftmax(row(view.testLogits, i, K).map((x) => x / fit.t));
        expect(e.values![i]).toBeCloseTo(Math.log(Math.max(...pi)), 10);
      }
    }
  });
  it('MaxLogit-pNorm uses the model’s p, or MSP on the fallback; pNormSoftmax the p (2 on the fallback)', () => {
    const [ce, ls] = data.models;
    expect(scoreEntry(ce, 'pNorm').metrics).toEqual(scoreEntry(ce, 'msp').metrics);
    expect(scoreEntry(ce, 'pNorm').note).toContain('MSP fallback');
    expect(scoreEntry(ce, 'pNorm').sameAs).toBe('msp');
    expect(scoreEntry(ls, 'pNorm').sameAs).toBeUndefined();
    expect(scoreEntry(ls, 'pNorm').note).toBe('p = 1');
    expect(ce.softmaxP).toBe(2);
    expect(ls.softmaxP).toBe(1);
    // pNormSoftmax of LS, p = 1, row 5: softmax(u / (‖u‖_1 · T)).
    const v = row(pair.ls!.testLogits, 5, K);
    const mean = v.reduce((a, b) => a + b, 0) / K;
    const u = v.map((x) => x - mean);
    const norm = u.reduce((a, b) => a + Math.abs(b), 0);
    const pi = naiveSoftmax(u.map((x) => x / (norm * ls.pNormSoftmaxFit!.t)));
    expect(scoreEntry(ls, 'pNormSoftmax').values![5]).toBeCloseTo(Math.log(Math.max(...pi)), 10);
    expect(scoreEntry(ls, 'pNormSoftmax').note).toContain('p = 1');
  });
  it('reliability bins count every test sample, and the ECE is that of π_max', () => {
    for (const m of data.models) {
      expect(m.reliability.count.reduce((a, b) => a + b, 0)).toBe(N);
      expect(m.reliability.count.length).toBe(15);
      const conf = Float64Array.from(scoreEntry(m, 'msp').values!, Math.exp);
      expect(m.ece).toBeCloseTo(ece(conf, m.errors, 15), 15);
    }
    const t = reliabilityTable(data);
    expect(t.rows.length).toBe(30);
    expect(t.rows.filter((r) => r[0] === 'ls').reduce((s, r) => s + (r[4] as number), 0)).toBe(N);
  });
  it('a loaded model (per-sample scores only) gets MSP, MaxLogit and MaxLogit-pNorm, the rest marked', () => {
    const loaded = modelScoreSet(asLoaded(pair.ls!, 'model.npz'))!;
    const available = loaded.scores.filter((s) => s.metrics).map((s) => s.id);
    expect(available).toEqual(['msp', 'maxLogit', 'pNorm']);
    for (const s of loaded.scores) if (!s.metrics) expect(s.unavailable).toBe(NEEDS_LOGITS);
    expect(scoreEntry(loaded, 'maxLogit').metrics).toEqual(scoreEntry(data.models[1], 'maxLogit').metrics);
    const words = scoreCompareWords({ models: [loaded] });
    expect(words.join(' ')).toContain('need the logits');
  });
  it('draws the ticked scores only, and exports one CSV row per model and score', () => {
    const { curves } = scoreCurves(pair, data, { shown: DEFAULT_SHOWN, maxPoints: 600 });
    expect(curves.map((c) => c.id)).toEqual(['ce-msp', 'ce-pNorm', 'ls-msp', 'ls-pNorm']);
    for (const c of curves) expect(c.curve.coverage.length).toBe(N + 1);
    const t = scoreCompareTable(data);
    expect(t.rows.length).toBe(16);
    expect(t.columns).toContain('aurc');
  });
});

describe('scoreSetPieces (idle-time work)', () => {
  it('fills the cache piece by piece; afterwards the set is ready and equals a direct computation', () => {
    const fresh = twinPair();
    const ls = fresh.ls!;
    expect(scoreSetReady(ls)).toBe(false);
    const pieces = scoreSetPieces(ls);
    expect(pieces.length).toBe(12); // base, two fits, eight scores, assembly
    for (const piece of pieces.slice(0, -1)) piece();
    expect(scoreSetReady(ls)).toBe(false);
    pieces[pieces.length - 1]();
    expect(scoreSetReady(ls)).toBe(true);
    expect(scoreSetPieces(ls)).toEqual([]);
    const direct = modelScoreSet(twinPair().ls)!;
    const warmed = modelScoreSet(ls)!;
    expect(warmed.scores.map((e) => e.metrics)).toEqual(direct.scores.map((e) => e.metrics));
    expect(warmed.tempFit).toEqual(direct.tempFit);
    expect(scoreSetReady(null)).toBe(true);
  });
});

/** A copy of a set with its scores' AURCs replaced (to test the words on chosen numbers). */
function withAurcs(m: ModelScoreSet, aurcs: Record<string, number>): ModelScoreSet {
  return {
    ...m,
    scores: m.scores.map((s) =>
      s.metrics && aurcs[s.id] !== undefined ? { ...s, metrics: { ...s.metrics, aurc: aurcs[s.id] } } : s,
    ),
  };
}

describe('the words', () => {
  it('rank each distinct ranking once: MaxLogit-pNorm on its MSP fallback is MSP', () => {
    const [ce, ls] = data.models;
    expect(rankedScores(ce).map((e) => e.id)).not.toContain('pNorm');
    expect(rankedScores(ce)).toHaveLength(7);
    expect(rankedScores(ls)).toHaveLength(8);
  });
  it('the confidence gap is mean π_max minus accuracy over all test samples', () => {
    for (const m of data.models) {
      const conf = Array.from(scoreEntry(m, 'msp').values!, Math.exp);
      const meanConf = conf.reduce((a, b) => a + b, 0) / m.n;
      const acc = 1 - m.errors.reduce((a, b) => a + b, 0) / m.n;
      expect(confidenceGap(m)).toBeCloseTo(meanConf - acc, 12);
      const side = meanConf > acc ? 'over-confident' : 'under-confident';
      expect(calibrationWords(data)[1]).toContain(`${m.name} is ${side} on average`);
    }
  });
  it('name the score with the lowest AURC for each model', () => {
    for (const m of data.models) {
      const best = m.scores.filter((s) => s.metrics).sort((a, b) => a.metrics!.aurc - b.metrics!.aurc)[0];
      const label = {
        msp: 'MSP',
        maxLogit: 'MaxLogit',
        margin: 'Logit margin',
        negEntropy: 'Neg. entropy',
        energy: 'Energy',
        tempMsp: 'MSP (T-scaled)',
        pNorm: 'MaxLogit-pNorm',
        pNormSoftmax: 'pNormSoftmax',
      }[best.id];
      expect(rankingSentence(m)).toContain(
        `For ${m.name}, ${label} ranks best (AURC ${(best.metrics!.aurc * 100).toFixed(2)})`,
      );
    }
  });
  it('say when the lead is tiny, and give it when it is not', () => {
    const ls = data.models[1];
    // The AURC noise floor at N = 300 is 0.003·√(5000/300) ≈ 0.0122 (1.22 points): steps of 1 point
    // between consecutive scores are within it ("tiny"), steps of 2 points are not.
    const all = Object.fromEntries(SCORE_IDS.map((id, i) => [id, 0.05 + i * 0.01]));
    const wide = Object.fromEntries(SCORE_IDS.map((id, i) => [id, 0.05 + i * 0.02]));
    expect(rankingSentence(withAurcs(ls, wide))).toMatch(
      /MSP ranks best \(AURC 5\.00\), 2\.00 points ahead of the next best, MaxLogit \(7\.00\)/,
    );
    expect(rankingSentence(withAurcs(ls, all))).toMatch(
      /but the difference is tiny: MaxLogit is only 1\.00 point behind/,
    );
  });
  it('with bootstrap intervals: a lead counts only when the interval of the difference excludes 0', () => {
    const ls = data.models[1];
    const wide = withAurcs(ls, Object.fromEntries(SCORE_IDS.map((id, i) => [id, 0.05 + i * 0.02])));
    const iv = (lo: number, hi: number, value = 0.02) => ({
      models: [{}, {}],
      within: [{}, { [withinKey('maxLogit', 'msp')]: { value, lo, hi } }],
      index: 1,
    });
    // The same 2-point lead: real when its interval excludes 0, within noise when it holds 0.
    expect(rankingSentence(wide, iv(0.004, 0.035))).toMatch(
      /MSP ranks best \(AURC 5\.00\), 2\.00 points ahead of the next best, MaxLogit \(7\.00; 95% interval of the difference \+0\.40 to \+3\.50 points\)\./,
    );
    const noisy = rankingSentence(wide, iv(-0.003, 0.041))!;
    expect(noisy).toMatch(/but the lead is within noise: MaxLogit is only 2\.00 points behind/);
    expect(noisy).toContain('the 95% interval of the difference, −0.30 to +4.10 points, includes 0');
    expect(noisy).not.toContain('rough rule');
    // Until the intervals are in, the floor decides, and the sentence says it is that rough rule.
    expect(rankingSentence(wide)).toContain('a rough rule used until the bootstrap intervals are computed');
  });
  it('interval text: a bound that is not 0 never prints as 0', () => {
    expect(ciText({ lo: 0.004, hi: 0.035 })).toBe('+0.40 to +3.50 points');
    expect(ciText({ lo: 0.00004, hi: 0.0003 })).toBe('+0.004 to +0.030 points');
    expect(ciText({ lo: -0.000004, hi: 0 })).toBe('−0.0004 to 0.0000 points');
  });
  it('with the real bootstrap of the pair: the verdict follows the interval of each model’s lead', () => {
    const iv = scoreSetBootstrap(scoreSetModels(data), { resamples: 300, seed: 5 });
    const words = scoreCompareWords(data, iv);
    data.models.forEach((m, i) => {
      const [best, next] = rankedScores(m);
      const d = iv.within[i][withinKey(next.id, best.id)];
      const s = words.find((w) => w.startsWith(`For ${m.name},`))!;
      expect(s.includes('within noise')).toBe(d.lo <= 0 && d.hi >= 0);
      expect(s).not.toContain('rough rule');
    });
  });
  it('calibration: says whether "LS calibrates better while it ranks worse" holds', () => {
    const [ce, ls] = data.models;
    const set = (m: ModelScoreSet, e: number, a: number): ModelScoreSet => ({
      ...withAurcs(m, { msp: a }),
      ece: e,
    });
    const d = (c: ModelScoreSet, l: ModelScoreSet): ScoreCompareData => ({ models: [c, l] });
    const holds = calibrationWords(d(set(ce, 0.2, 0.04), set(ls, 0.02, 0.08)));
    expect(holds[0]).toContain('is better calibrated');
    expect(holds[0]).toContain('it ranks worse');
    expect(holds[2]).toContain('the usual contrast holds here');
    const not = calibrationWords(d(set(ce, 0.02, 0.08), set(ls, 0.2, 0.04)));
    expect(not[0]).toContain('is worse calibrated');
    expect(not[0]).toContain('it ranks better');
    expect(not[2]).toContain('does not fully hold');
    const half = calibrationWords(d(set(ce, 0.2, 0.05), set(ls, 0.02, 0.0501)));
    expect(half[0]).toContain('ranks about as well');
    expect(half[2]).toContain('the calibration part does, the ranking part does not');
    // The real fixture: the sentence follows its own numbers.
    // With the bootstrap interval of LS − CE MSP AURC: it decides the ranking part.
    const c = d(set(ce, 0.2, 0.04), set(ls, 0.02, 0.08));
    expect(calibrationWords(c, { value: 0.04, lo: -0.002, hi: 0.07 })[0]).toContain(
      'it ranks about as well (MSP AURC 8.00 against 4.00; 95% interval of the difference −0.20 to +7.00 points, which includes 0: within noise)',
    );
    expect(calibrationWords(c, { value: 0.04, lo: 0.01, hi: 0.07 })[0]).toContain('it ranks worse');
    expect(calibrationWords(c)[0]).toContain(
      'judged by a rough rule used until the bootstrap intervals are computed',
    );
    const real = calibrationWords(data).join(' ');
    expect(real).toContain(
      `ECE ${(ls.ece * 100).toFixed(2)}% for ${ls.name} against ${(ce.ece * 100).toFixed(2)}%`,
    );
  });
});
