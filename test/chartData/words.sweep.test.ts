/**
 * The α sweep and the spread over seeds in words: the trend over α is computed (rises at every step,
 * mostly, zig-zags), the MSP and normalised AURC are placed against the CE level with their numbers,
 * and the noise sentence uses the seeds when there are several, the rule of thumb when there is one.
 */
import { describe, expect, it } from 'vitest';
import { sweepFacts, sweepWords, trendOf } from '../../src/chartData/words/sweepWords';
import { pairFacts } from '../../src/chartData/words/pairFacts';
import { riskCoverageWords } from '../../src/chartData/words/riskCoverageWords';
import { plainText } from '../../src/chartData/words/pieces';
import { evaluateView } from '../../src/model/metricsRows';
import { makeLogits, pairOf, pct2, sweepPoint, viewOf } from './wordsFixtures';

const text = (ps: string[]): string => ps.map(plainText).join('\n');

describe('trendOf', () => {
  it('classifies sequences, with a total range under the floor counted as level', () => {
    expect(trendOf([1, 2, 3, 4], 0.1)).toBe('rises');
    expect(trendOf([1, 2, 1.9, 3], 0.1)).toBe('mostly rises');
    expect(trendOf([1, 3, 2, 3.1, 1.5], 0.1)).toBe('zig-zags');
    expect(trendOf([4, 3, 2], 0.1)).toBe('falls');
    expect(trendOf([1, 1.01, 0.99], 0.1)).toBe('flat');
  });
});

describe('the sweep’s words', () => {
  it('a zig-zag over α is not called a rise, and the CE level comparison has the numbers (the tester’s case)', () => {
    // The shipped bank's numbers at seed 0 (%AURC): MSP 4.20, 4.76, 4.62, 4.72, 4.63, 4.27, 4.50.
    const msp = [4.2, 4.76, 4.62, 4.72, 4.63, 4.27, 4.5];
    const norm = [4.2, 3.89, 3.67, 3.58, 3.36, 3.23, 3.3];
    const pts = msp.map((m, i) => ({ ...sweepPoint(i / 10, 0, m / 100, norm[i] / 100), n: 5000 }));
    const words = text(sweepWords(sweepFacts(pts)));
    expect(words).toContain(
      'The MSP AURC does not rise steadily with α but zig-zags: 4.20 at α = 0, 4.76 at α = 0.1',
    );
    expect(words).not.toMatch(/MSP AURC (rises|mostly rises)/);
    // 0.3-point floor at N = 5,000: 4.27 is near 4.20, 4.50 is 0.30 above (not under the floor).
    expect(words).toContain('the MSP AURC is near it at α = 0.5 (4.27)');
    expect(words).toContain('above it at α = 0.1, 0.2, 0.3, 0.4 and 0.6 (4.50–4.76)');
    expect(words).toContain('The normalised AURC is below the CE level at every α above 0 (3.23–3.89).');
    expect(words).not.toMatch(/near the CE level/);
    expect(words).toContain('For CE (α = 0) no p beat MSP on validation');
    expect(words).toContain('Each α has one seed, so the noise between runs is unknown');
  });

  it('a steady rise is called one; a normalised AURC above the CE level is said to be above', () => {
    const pts = [0, 0.1, 0.2, 0.3].map((a, i) => sweepPoint(a, 0, 0.04 + 0.005 * i, 0.05 + 0.004 * i));
    const words = text(sweepWords(sweepFacts(pts)));
    expect(words).toContain('The MSP AURC rises with every step of α');
    expect(words).toContain('The normalised AURC is above the CE level at every α above 0 (5.40–6.20).');
    expect(words).not.toMatch(/below the CE level/);
  });

  it('two α: a rise from one to the other, not "with every step"', () => {
    const words = text(
      sweepWords(sweepFacts([sweepPoint(0, 0, 0.027, 0.027), sweepPoint(0.2, 0, 0.0323, 0.0323)])),
    );
    expect(words).toContain('The MSP AURC rises from 2.70 (α = 0) to 3.23 (α = 0.2).');
    expect(words).not.toContain('every step');
  });

  it('several seeds: the spread between seeds is given, computed from the points', () => {
    const pts = [
      ...[0, 1, 2].map((s) => sweepPoint(0, s, 0.04 + 0.001 * s, 0.04)),
      ...[0, 1, 2].map((s) => sweepPoint(0.2, s, 0.045 + 0.004 * s, 0.038)),
    ];
    const words = text(sweepWords(sweepFacts(pts)));
    // α = 0.2: 4.50, 4.90, 5.30 → a spread of 0.80 points.
    expect(words).toContain(
      'With up to 3 seeds per α, the MSP AURC of one α varies by up to 0.80 points between seeds',
    );
    expect(words).not.toContain('Each α has one seed');
  });
});

describe('the pair’s noise sentence with seeds', () => {
  const ce = viewOf(makeLogits('sharp'), { role: 'ce', p: null });
  const ls = viewOf(makeLogits('shrunk'), { role: 'ls', p: 2 });
  const pair = pairOf(ce, ls);
  const shown = evaluateView(ls).msp.aurc - evaluateView(ce).msp.aurc;

  it('three seeds that agree: "in all 3 seeds", with the range of the differences', () => {
    const pts = [0, 1, 2].flatMap((s) => [
      sweepPoint(0, s, 0.04, 0.04),
      sweepPoint(0.2, s, 0.046 + 0.002 * s, 0.041),
    ]);
    const f = pairFacts(pair, { sweep: pts });
    const words = text(riskCoverageWords(f));
    expect(words).toContain(
      'In all 3 seeds trained at α = 0.2, LS’s MSP AURC is above CE’s, by 0.60 to 1.00 points.',
    );
    expect(words).toContain('LS α=0.2 ranks its predictions worse than CE');
  });

  it('three seeds that disagree: the pair’s difference is called noise, with no direction', () => {
    expect(shown).toBeGreaterThan(0.01);
    const pts = [0, 1, 2].flatMap((s) => [
      sweepPoint(0, s, 0.04, 0.04),
      sweepPoint(0.2, s, [0.035, 0.05, 0.042][s], 0.041),
    ]);
    const f = pairFacts(pair, { sweep: pts });
    expect(f.cmp?.msp.verdict).toBe('same');
    const words = text(riskCoverageWords(f));
    expect(words).toContain(
      `LS α=0.2 and CE rank their predictions about equally well: MSP AURC ${pct2(evaluateView(ls).msp.aurc)} against ${pct2(evaluateView(ce).msp.aurc)}`,
    );
    expect(words).toContain('the seeds disagree on its sign');
    expect(words).toContain(
      'LS’s MSP AURC minus CE’s runs from −0.50 to +1.00 points: the seeds disagree on the sign',
    );
    expect(words).not.toMatch(/ranks its predictions worse/);
  });

  it('seeds of an unfinished model are not used (the sweep holds finished models only)', () => {
    const early = pairOf(ce, viewOf(makeLogits('shrunk'), { role: 'ls', p: 2, step: 10, totalSteps: 100 }));
    const pts = [0, 1].flatMap((s) => [sweepPoint(0, s, 0.04, 0.04), sweepPoint(0.2, s, 0.05, 0.04)]);
    expect(pairFacts(early, { sweep: pts }).noise.seeds).toBeNull();
  });
});
