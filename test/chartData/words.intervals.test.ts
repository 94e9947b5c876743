/**
 * Comparison sentences follow the paired bootstrap (science.md §3): a direction only when the 95%
 * interval of the difference excludes 0, "within noise" when it contains 0; the interval's numbers
 * are those of the bootstrap run on the same views.
 */
import { describe, expect, it } from 'vitest';
import { pairedAurcBootstrap } from '../../src/analysis/bootstrap';
import { pairFacts } from '../../src/chartData/words/pairFacts';
import { metricsWords } from '../../src/chartData/words/metricsWords';
import { riskCoverageWords } from '../../src/chartData/words/riskCoverageWords';
import { plainText } from '../../src/chartData/words/pieces';
import { brute, makeLogits, pairOf, viewOf } from './wordsFixtures';

const text = (ps: string[]): string => ps.map(plainText).join('\n');
const sharp = makeLogits('sharp');
const shrunk = makeLogits('shrunk');

function intervalsOf(
  a: ReturnType<typeof brute>,
  b: ReturnType<typeof brute>,
  normA: boolean,
  normB: boolean,
) {
  return pairedAurcBootstrap(
    { errors: a.err, msp: a.logMsp, pNorm: normA ? a.norm : null },
    { errors: b.err, msp: b.logMsp, pNorm: normB ? b.norm : null },
    { resamples: 1000, seed: 3 },
  );
}

describe('sentences with the paired-bootstrap intervals', () => {
  const ce = viewOf(sharp, { role: 'ce', p: null });
  const ls = viewOf(shrunk, { role: 'ls', p: 2 });
  const iv = intervalsOf(brute(sharp, null), brute(shrunk, 2), false, true);

  it('a difference whose interval excludes 0 keeps its direction and quotes the interval', () => {
    const f = pairFacts(pairOf(ce, ls), { intervals: iv });
    const d = iv.difference.msp;
    expect(d.lo > 0 || d.hi < 0).toBe(true);
    expect(f.cmp!.msp.verdict).toBe(d.lo > 0 ? 'higher' : 'lower');
    expect(f.cmp!.msp.ci).toEqual({ lo: d.lo, hi: d.hi });
    const words = text(metricsWords(f));
    expect(words).toContain('Paired bootstrap over the 2,000 test samples (1,000 draws');
    const sig = (x: number) => (x > 0 ? `+${(100 * x).toFixed(2)}` : (100 * x).toFixed(2).replace('-', '−'));
    expect(words).toContain(`${sig(d.value)} points (95% interval ${sig(d.lo)} to ${sig(d.hi)} points)`);
    expect(text(riskCoverageWords(f))).toContain('95% interval');
  });

  it('a model against itself: the interval is [0, 0], "within noise", no direction', () => {
    const twin = viewOf(sharp, { role: 'ls', p: null, alpha: 0.2 });
    const self = intervalsOf(brute(sharp, null), brute(sharp, null), false, false);
    const f = pairFacts(pairOf(ce, twin), { intervals: self });
    expect(f.cmp!.msp.verdict).toBe('same');
    expect(f.cmp!.msp.why).toBe('interval');
    expect(f.lsHurts).toBe(false);
    const words = text(riskCoverageWords(f));
    expect(words).not.toMatch(/ranks its predictions (worse|better)/);
    expect(words).toMatch(/within noise/);
  });

  it('an interval that contains 0 overrides a difference above the old floor', () => {
    const f0 = pairFacts(pairOf(ce, ls));
    expect(f0.cmp!.msp.verdict).not.toBe('same');
    // The same pair, with an interval (made wide here) that contains 0.
    const wide = {
      ...iv,
      difference: { ...iv.difference, msp: { ...iv.difference.msp, lo: -0.05, hi: 0.05 } },
    };
    const f = pairFacts(pairOf(ce, ls), { intervals: wide });
    expect(f.cmp!.msp.verdict).toBe('same');
    expect(text(riskCoverageWords(f))).toContain(
      'within noise: its 95% bootstrap interval, −5.00 to +5.00 points, contains 0',
    );
  });

  it('intervals for another sample count are ignored', () => {
    const f = pairFacts(pairOf(ce, ls), { intervals: { ...iv, n: 10 } });
    expect(f.noise.intervals).toBeNull();
    expect(f.cmp!.msp.ci).toBeUndefined();
  });
});
