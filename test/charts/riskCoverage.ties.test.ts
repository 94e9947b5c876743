/**
 * Tied blocks on the risk–coverage chart (science.md §3): the series expose them, the curve runs
 * straight through each (the cumulative error count grows by m/b per sample), and the p = 1
 * saturation note counts the samples whose centred logits have a single positive entry.
 */
import { describe, expect, it } from 'vitest';
import { buildRiskCoverage, tieMarks, tieNotes, MAX_TIE_MARKS } from '../../src/chartData/riskCoverage';
import { K, makeLogits, pairOf, viewOf } from '../chartData/wordsFixtures';

/** Rows whose centred logits have exactly one positive entry, counted from the definition. */
function singlePositive(logits: Float32Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(logits.subarray(i * K, i * K + K));
    const mean = row.reduce((a, b) => a + b, 0) / K;
    if (row.filter((v) => v - mean > 0).length === 1) out.push(i);
  }
  return out;
}

describe('tied blocks of the p = 1 normalised score', () => {
  const l = makeLogits('sharp', 2000, 4);
  const ce = viewOf(makeLogits('sharp', 2000, 5), { role: 'ce', p: 2 });
  const ls = viewOf(l, { role: 'ls', p: 1 });
  const data = buildRiskCoverage(pairOf(ce, ls))!;
  const s = data.series.find((x) => x.id === 'ls-pnorm')!;
  const single = singlePositive(l.logits, l.n);

  it('the top block is every sample with one positive centred logit (score ½)', () => {
    expect(single.length).toBeGreaterThan(0.02 * l.n);
    const top = s.ties[0];
    expect(top.from).toBe(0);
    expect(top.size).toBe(single.length);
    expect(s.largestTie).toBe(single.length);
    expect(top.score).toBeCloseTo(0.5, 12);
    const errs = single.filter((i) => {
      const row = Array.from(l.logits.subarray(i * K, i * K + K));
      return row.indexOf(Math.max(...row)) !== l.labels[i];
    }).length;
    expect(top.errors).toBe(errs);
  });

  it('the curve runs straight through the block: cumulative errors j·m/b, one threshold', () => {
    const t = s.ties[0];
    for (const j of [1, Math.floor(t.size / 2), t.size]) {
      expect(s.curve.risk[j] * j).toBeCloseTo((j * t.errors) / t.size, 9);
      expect(s.curve.thresholds[j]).toBe(t.score);
    }
  });

  it('says how many samples tie, the coverage they span and why p = 1 saturates', () => {
    const notes = tieNotes(data);
    expect(notes).toHaveLength(1);
    const pc = (100 * (single.length / l.n)).toFixed(1);
    expect(notes[0]).toContain(`${single.length.toLocaleString('en-US')} of its 2,000 test samples (${pc}%)`);
    expect(notes[0]).toContain(`coverage 0.0% to ${pc}%`);
    expect(notes[0]).toContain('single positive entry');
  });

  it('is silent when no block reaches 2% of the samples, and MSP has no ties', () => {
    const p2 = buildRiskCoverage(pairOf(ce, viewOf(l, { role: 'ls', p: 2 })))!;
    expect(tieNotes(p2)).toEqual([]);
    expect(p2.series.find((x) => x.id === 'ls-msp')!.largestTie).toBe(1);
    expect(tieMarks(s).length).toBeLessThanOrEqual(MAX_TIE_MARKS);
    expect(tieMarks(s)[0]).toBe(s.ties[0]);
  });
});
