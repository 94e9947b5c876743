/**
 * The CE-twin chart data (chartData/twin.ts, twinSwap.ts): which pairs can be compared, the shrink
 * bins and the swaps recomputed here from the logits with plain loops, loaded models (scores only)
 * giving the same numbers, and sentences that follow the data, textbook or not.
 */
import { describe, expect, it } from 'vitest';
import { shrinkSentences, shrinkSpec, shrinkTable, twinPair } from '../../src/chartData/twin';
import { rankRankSentences, rankRankSpec, rankRankTable, swapSamples } from '../../src/chartData/twinSwap';
import type { PairView } from '../../src/model/views';
import { makePair } from './fixtures';
import { asLoaded, makeTwinPair } from './twinFixtures';

/** Per sample: CE's log π_max, u_max of both models and each model's correctness, by plain loops. */
function brute(pair: PairView) {
  const k = pair.ce!.numClasses;
  const n = pair.ce!.testLabels.length;
  const per = (logits: Float32Array, i: number) => {
    const v = Array.from(logits.subarray(i * k, (i + 1) * k));
    const max = Math.max(...v);
    const mean = v.reduce((a, b) => a + b, 0) / k;
    const rest = v.reduce((a, x, j) => a + (j === v.indexOf(max) ? 0 : Math.exp(x - max)), 0);
    return { logP: -Math.log1p(rest), uMax: max - mean, right: v.indexOf(max) === pair.ce!.testLabels[i] };
  };
  return Array.from({ length: n }, (_, i) => ({
    ce: per(pair.ce!.testLogits, i),
    ls: per(pair.ls!.testLogits, i),
  }));
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('which pairs the twin views compare', () => {
  it('says why a pair cannot be compared', () => {
    const t = makeTwinPair();
    expect(twinPair({ ...t, ce: null })).toMatchObject({ ok: false, reason: /no CE model/ });
    expect(twinPair({ ...t, ls: null })).toMatchObject({ ok: false, reason: /no LS model/ });
    // The generic fixture draws CE's and LS's labels independently: not the same samples.
    expect(twinPair(makePair())).toMatchObject({ ok: false, reason: /test labels differ/ });
    const short = {
      ...t.ls!,
      testLabels: t.ls!.testLabels.slice(0, 10),
      testLogits: t.ls!.testLogits.slice(0, 40),
    };
    expect(twinPair({ ...t, ls: short })).toMatchObject({ ok: false, reason: /400 vs 10 test samples/ });
    expect(shrinkSpec.build(makePair(), { bins: 10 })).toBeNull();
    expect(rankRankSpec.build(makePair(), { coverage: 0.2, lsScore: 'msp' })).toBeNull();
    expect(twinPair(t).ok).toBe(true);
  });
});

describe('shrink by CE confidence', () => {
  const pair = makeTwinPair();
  const b = brute(pair);
  it('bins and summaries equal a recomputation from the logits', () => {
    const d = shrinkSpec.build(pair, { bins: 10 })!;
    const order = b.map((_, i) => i).sort((i, j) => b[i].ce.logP - b[j].ce.logP || i - j);
    const r = b.map((s) => s.ls.uMax / s.ce.uMax);
    expect(d.bins).toHaveLength(10);
    d.bins.forEach((bin, j) => {
      const idx = order.slice(j * 40, (j + 1) * 40);
      expect(bin.median).toBeCloseTo(median(idx.map((i) => r[i])), 6);
      expect(Math.exp(bin.confLo)).toBeCloseTo(Math.exp(b[idx[0]].ce.logP), 9);
    });
    expect(d.fifth.median).toBeCloseTo(median(order.slice(0, 80).map((i) => r[i])), 6);
    expect(d.tenth.median).toBeCloseTo(median(order.slice(360).map((i) => r[i])), 6);
    expect(d.all.median).toBeCloseTo(median(r), 6);
    // The fixture shrinks harder where CE is surer, but with its noise bin 9 shrinks more than bin 10:
    // the sentence says "stronger", not "strongest", with these numbers.
    expect(d.bins[8].median).toBeLessThan(d.bins[9].median);
    const text = shrinkSentences(d).join(' ');
    expect(text).toMatch(/stronger where CE is surer/);
    expect(text).toContain(
      `r = ${d.tenth.median.toFixed(2)} in CE’s most confident tenth vs ${d.fifth.median.toFixed(2)}`,
    );
    expect(text).toMatch(/Whole vectors: ‖u\(LS\)‖₂ \/ ‖u\(CE\)‖₂ is/);
    const table = shrinkTable(d);
    expect(table.rows.filter((row) => row[0] === 'bin')).toHaveLength(10);
    expect(table.rows.find((row) => row[0] === 'cosine')).toBeTruthy();
  });

  it('says "strongest where CE is surest" only when no bin shrinks more than the top tenth', () => {
    const clean = shrinkSpec.build(makeTwinPair({ noise: 0 }), { bins: 10 })!;
    for (const x of clean.bins) expect(x.median).toBeGreaterThanOrEqual(clean.tenth.median);
    expect(shrinkSentences(clean).join(' ')).toMatch(/strongest where CE is surest/);
  });

  it('says so when the data do not show the textbook shrink', () => {
    const uniform = shrinkSpec.build(makeTwinPair({ shrink: () => 0.5, noise: 0 }), { bins: 10 })!;
    expect(shrinkSentences(uniform).join(' ')).toMatch(/r barely depends on CE’s confidence/);
    const rising = shrinkSpec.build(makeTwinPair({ shrink: (p) => 0.2 + 0.5 * p, noise: 0 }), { bins: 5 })!;
    expect(shrinkSentences(rising).join(' ')).toMatch(/not strongest where CE is surest/);
    const growing = shrinkSpec.build(makeTwinPair({ shrink: () => 1.3, noise: 0 }), { bins: 10 })!;
    expect(shrinkSentences(growing).join(' ')).toMatch(/does not shrink the max logit/);
  });

  it('loaded models give the same ratios; the whole-vector measures are unavailable, with why', () => {
    const loaded: PairView = { ...pair, ce: asLoaded(pair.ce!, 'ce.npz'), ls: asLoaded(pair.ls!, 'ls.npz') };
    const a = shrinkSpec.build(pair, { bins: 10 })!;
    const c = shrinkSpec.build(loaded, { bins: 10 })!;
    expect(c.bins).toEqual(a.bins);
    expect(c.normRatio).toBeNull();
    expect(c.cosine).toBeNull();
    expect(shrinkSentences(c).join(' ')).toMatch(/need both models’ full logits.*not available/);
    expect(c.lsName).toBe('ls.npz');
  });
});

describe('who gets into the confident set', () => {
  const pair = makeTwinPair();
  const b = brute(pair);
  const rankBy = (key: number[]) => {
    const order = key.map((_, i) => i).sort((i, j) => key[j] - key[i] || i - j);
    const rank: number[] = [];
    order.forEach((i, r) => (rank[i] = r));
    return rank;
  };
  it('counts and error rates at 20 % equal a recomputation', () => {
    const d = rankRankSpec.build(pair, { coverage: 0.2, lsScore: 'msp' })!;
    const rc = rankBy(b.map((s) => s.ce.logP));
    const rl = rankBy(b.map((s) => s.ls.logP));
    const admitted = b.map((_, i) => i).filter((i) => rl[i] < 80 && rc[i] >= 80);
    const pushed = b.map((_, i) => i).filter((i) => rc[i] < 80 && rl[i] >= 80);
    expect(admitted.length).toBeGreaterThan(0);
    expect(Array.from(d.swap.admitted.indices)).toEqual(admitted);
    expect(Array.from(d.swap.pushedOut.indices)).toEqual(pushed);
    const lsWrong = admitted.filter((i) => !b[i].ls.right).length;
    expect(d.swap.admitted.lsErrors).toBe(lsWrong);
    expect(Array.from(d.ceRank)).toEqual(rc);
    const text = rankRankSentences(d).join(' ');
    expect(text).toContain(
      `LS admits ${admitted.length} samples CE did not keep and gets ${lsWrong} of them wrong`,
    );
    // The CSV's groups are the same sets.
    const t = rankRankTable(d);
    expect(t.rows.filter((row) => row[5] === 'admitted').map((row) => row[0])).toEqual(admitted);
    expect(t.rows.filter((row) => row[5] === 'pushed-out').map((row) => row[0])).toEqual(pushed);
  });

  it('Look closer lists LS’s mistakes first, then the most LS-confident', () => {
    const d = rankRankSpec.build(pair, { coverage: 0.2, lsScore: 'msp' })!;
    const list = swapSamples(pair, { kind: 'swap', coverage: 0.2, group: 'admitted', lsScore: 'msp' })!;
    expect([...list].sort((x, y) => x - y)).toEqual(Array.from(d.swap.admitted.indices));
    const wrong = list.filter((i) => d.lsErrors[i] === 1);
    expect(list.slice(0, wrong.length)).toEqual(wrong);
    for (let j = 1; j < list.length; j++)
      if (d.lsErrors[list[j]] === d.lsErrors[list[j - 1]])
        expect(d.lsRank[list[j]]).toBeGreaterThan(d.lsRank[list[j - 1]]);
    expect(
      swapSamples(makePair(), { kind: 'swap', coverage: 0.2, group: 'admitted', lsScore: 'msp' }),
    ).toBeNull();
  });

  it('ranks LS by the normalised score, or says the MSP fallback fired', () => {
    const norm = rankRankSpec.build(pair, { coverage: 0.2, lsScore: 'pnorm' })!;
    expect(norm.lsScore).toBe('pnorm');
    expect(norm.other?.lsScore).toBe('msp');
    expect(rankRankSentences(norm).join(' ')).toMatch(/MaxLogit-pNorm with p = 2/);
    const noP = makeTwinPair({ lsP: null });
    const fb = rankRankSpec.build(noP, { coverage: 0.2, lsScore: 'pnorm' })!;
    expect([fb.lsScore, fb.fallback, fb.other]).toEqual(['msp', true, null]);
    expect(rankRankSentences(fb).join(' ')).toMatch(/the MSP fallback fired/);
  });

  it('loaded models give the same swaps from their scores', () => {
    const loaded: PairView = { ...pair, ce: asLoaded(pair.ce!, 'ce.npz'), ls: asLoaded(pair.ls!, 'ls.npz') };
    for (const lsScore of ['msp', 'pnorm'] as const) {
      const a = rankRankSpec.build(pair, { coverage: 0.3, lsScore })!;
      const c = rankRankSpec.build(loaded, { coverage: 0.3, lsScore })!;
      expect(c.swap).toEqual(a.swap);
      expect(c.lsRank).toEqual(a.lsRank);
    }
  });
});
