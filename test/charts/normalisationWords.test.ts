/**
 * The sentences of the "why normalisation works" charts (chartData/normalisationWords.ts): the
 * textbook case (the shipped bank's numbers, science.md §4) and the cases that go the other way.
 */
import { describe, expect, it } from 'vitest';
import {
  changeWords,
  distinct,
  pEffectSentence,
  pEffectWords,
  rankAgreementWords,
  scatterWords,
  type ScatterWordsInput,
} from '../../src/chartData/normalisationWords';
import type { PEffectSeries, RankAgreementData, ScoreRow } from '../../src/chartData/normalisation';

const row = (id: ScoreRow['id'], spearman: number | null, auroc: number, aurc: number): ScoreRow => ({
  id,
  role: id === 'ce-msp' ? 'ce' : 'ls',
  score: id === 'ls-pnorm' ? 'pnorm' : 'msp',
  label: id === 'ce-msp' ? 'CE · MSP' : id === 'ls-msp' ? 'LS α=0.2 · MSP' : 'LS α=0.2 · pNorm (p = 1)',
  spearman,
  auroc,
  aurc,
});

const textbook: RankAgreementData = {
  lsName: 'LS α=0.2',
  ceName: 'CE',
  p: { p: 1, source: 'validation' },
  rows: [
    row('ce-msp', 1, 0.8581, 0.04202),
    row('ls-msp', 0.8134, 0.82749, 0.04623),
    row('ls-pnorm', 0.8502, 0.8631, 0.03667),
  ],
  twinNote: null,
};

describe('number helpers', () => {
  it('adds decimals until two values read differently, and says when they never do', () => {
    expect(distinct(0.8134, 0.8502, 2)).toEqual({ a: '0.81', b: '0.85', same: false });
    expect(distinct(0.8134, 0.8139, 2)).toEqual({ a: '0.813', b: '0.814', same: false });
    expect(distinct(0.81341, 0.81348, 2)).toEqual({ a: '0.8134', b: '0.8135', same: false });
    expect(distinct(0.81341, 0.81342, 2).same).toBe(true);
    expect(changeWords('it', 0.5, 0.6, 1)).toBe('raises it from 0.5 to 0.6');
    expect(changeWords('it', 0.6, 0.5, 1)).toBe('lowers it from 0.6 to 0.5');
    expect(changeWords('it', 0.5, 0.5, 1)).toBe('leaves it at 0.5');
  });
});

describe('rankAgreementWords', () => {
  it('the textbook case: agreement and AUROC up, AURC down below CE’s', () => {
    const w = rankAgreementWords(textbook);
    expect(w[0]).toBe(
      "Normalising (p = 1, chosen on the validation split) raises the agreement of LS α=0.2 with its CE twin's MSP ranking from 0.81 to 0.85, and raises its AUROC from 0.827 to 0.863 (CE · MSP: 0.858).",
    );
    expect(w[1]).toBe(
      'Its AURC falls from 4.62 % to 3.67 %, below the 4.20 % of CE · MSP (lower is better).',
    );
    expect(w).toHaveLength(2);
  });
  it('normalisation hurting LS: says the ranking moved away from CE’s and the AUROC fell', () => {
    const d: RankAgreementData = {
      ...textbook,
      p: { p: 4, source: 'hand' },
      rows: [
        row('ce-msp', 1, 0.858, 0.042),
        row('ls-msp', 0.81, 0.83, 0.046),
        row('ls-pnorm', 0.74, 0.8, 0.055),
      ],
    };
    const w = rankAgreementWords(d).join(' ');
    expect(w).toContain('(p = 4, set by hand) lowers the agreement');
    expect(w).toContain('from 0.81 to 0.74');
    expect(w).toContain('lowers its AUROC from 0.830 to 0.800');
    expect(w).toContain('less like the CE model');
    expect(w).toContain('separates correct from wrong predictions worse');
    expect(w).toContain('Its AURC rises from 4.60 % to 5.50 %, above the 4.20 % of CE · MSP');
  });
  it('no CE twin: no agreement, says why, still reports AUROC and AURC', () => {
    const d: RankAgreementData = {
      ...textbook,
      ceName: null,
      p: { p: 2, source: 'fallback' },
      rows: [row('ls-msp', null, 0.8275, 0.046), row('ls-pnorm', null, 0.8275, 0.046)],
      twinNote: 'There is no CE model to compare with.',
    };
    const w = rankAgreementWords(d);
    expect(w[0]).toBe(
      'There is no CE model to compare with. Normalising (p = 2 for this comparison; the validation search kept MSP for this model) leaves its AUROC at 0.828.',
    );
    expect(w[1]).toBe('Its AURC stays at 4.60 % (lower is better).');
  });
});

const series = (o: Partial<PEffectSeries> & Pick<PEffectSeries, 'role' | 'name'>): PEffectSeries => ({
  centred: true,
  aurc: new Float64Array(10),
  mspAurc: 0.04,
  valAurc: null,
  valMspAurc: null,
  chosen: { kind: 'fallback' },
  ...o,
});
const PS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** The shipped bank's test AURCs (fractions). */
const CE_AURC = Float64Array.from(
  [5.119, 5.048, 5.029, 5.031, 5.046, 5.062, 5.076, 5.089, 5.1, 5.11],
  (v) => v / 100,
);
const LS_AURC = Float64Array.from(
  [3.667, 3.601, 3.655, 3.711, 3.757, 3.792, 3.816, 3.836, 3.851, 3.863],
  (v) => v / 100,
);

describe('pEffectWords', () => {
  it('the textbook case: every forced p worse for CE (search keeps MSP), every p better for LS', () => {
    const w = pEffectWords({
      ps: PS,
      series: [
        series({ role: 'ce', name: 'CE', aurc: CE_AURC, mspAurc: 0.04202 }),
        series({
          role: 'ls',
          name: 'LS α=0.2',
          aurc: LS_AURC,
          mspAurc: 0.04623,
          chosen: { kind: 'validation', p: 1 },
        }),
      ],
    });
    expect(w).toEqual([
      'For CE, every forced p is worse than MSP (4.20 % → 5.03–5.12 %), so the search keeps MSP.',
      "For LS α=0.2, every p beats MSP (4.62 % → 3.60–3.86 %); the validation search chose p = 1 (3.67 % on test), not the test's best p = 2.",
    ]);
  });
  it('normalisation helping CE on test although the search kept MSP', () => {
    const aurc = Float64Array.from(PS, (p) => (p <= 3 ? 0.039 + p * 0.0001 : 0.045));
    const s = pEffectSentence(series({ role: 'ce', name: 'CE', aurc, mspAurc: 0.04 }), PS);
    expect(s).toBe(
      'For CE, 3 of 10 values of p beat MSP (4.00 %); the best, p = 1, gives 3.91 %; the validation search kept MSP all the same: on the validation split no p beat it.',
    );
  });
  it('a validation choice that is worse than MSP on test, and a p set by hand', () => {
    const aurc = Float64Array.from(PS, () => 0.05);
    aurc[1] = 0.049;
    const v = pEffectSentence(
      series({ role: 'ls', name: 'LS', aurc, chosen: { kind: 'validation', p: 3 } }),
      PS,
    );
    expect(v).toBe(
      'For LS, every forced p is worse than MSP (4.00 % → 4.90–5.00 %); the validation search chose p = 3 (5.00 % on test), which is worse than MSP on test.',
    );
    const h = pEffectSentence(
      series({ role: 'ls', name: 'LS', aurc, chosen: { kind: 'hand', p: 2, search: null } }),
      PS,
    );
    expect(h).toContain('; p = 2 (4.90 % on test) is set by hand (the validation search would keep MSP).');
    const h2 = pEffectSentence(
      series({ role: 'ls', name: 'LS', aurc, chosen: { kind: 'hand', p: 2, search: 4 } }),
      PS,
    );
    expect(h2).toContain('(the validation search would choose p = 4).');
  });
  it('says when a model is missing', () => {
    expect(pEffectWords({ ps: PS, series: [series({ role: 'ls', name: 'LS', aurc: LS_AURC })] })).toContain(
      'There is no CE model to compare with.',
    );
  });
});

const swap = (o: Partial<ScatterWordsInput['swap']>): ScatterWordsInput['swap'] => ({
  coverage: 0.2,
  kept: 1000,
  both: 499,
  onlyMsp: 501,
  onlyMspErrors: 13,
  onlyPNorm: 501,
  onlyPNormErrors: 7,
  mspErrors: 16,
  pNormErrors: 10,
  onlyMspMedianNorm: 9.42,
  onlyPNormMedianNorm: 6.66,
  ...o,
});
const scatter = (o: Partial<ScatterWordsInput>): ScatterWordsInput => ({
  name: 'LS α=0.2',
  n: 5000,
  p: { p: 1, source: 'validation' },
  centred: true,
  swap: swap({}),
  topTies: 1,
  undrawn: 0,
  score: Float64Array.from([0.5, 0.3]),
  rays: [],
  ...o,
});

describe('scatterWords', () => {
  it('the textbook case: MSP keeps riskier, larger-scale samples; the tied top at 1/2', () => {
    const w = scatterWords(scatter({ topTies: 415 }));
    expect(w[0]).toBe(
      'Each dot is one of the 5,000 test samples of LS α=0.2 (p = 1, chosen on the validation split; centred logits).',
    );
    expect(w[1]).toBe(
      "At 20 % coverage each score keeps 1,000 samples and they share 499: the 501 only MSP keeps (ringed, on or below the ray) are 2.6 % wrong, the 501 only MaxLogit-pNorm keeps 1.4 %: normalisation swaps in the safer samples. In all, MaxLogit-pNorm's top 20 % holds 10 errors, MSP's 16.",
    );
    expect(w[2]).toBe(
      "MSP's own picks sit further from the origin (median ‖u‖_1 9.42 vs 6.66): MSP rewards a large scale, the ray ignores it.",
    );
    expect(w[3]).toContain('415 samples share the highest score 1/2 (centred p = 1');
  });
  it('the other way: MSP’s picks safer (a CE model), no rings, uncentred, undrawn samples', () => {
    const w = scatterWords(
      scatter({
        name: 'CE',
        p: { p: 2, source: 'fallback' },
        centred: false,
        swap: swap({
          onlyMspErrors: 2,
          onlyPNormErrors: 5,
          onlyMspMedianNorm: 23.4,
          onlyPNormMedianNorm: 12,
        }),
        undrawn: 3,
      }),
      false,
    ).join(' ');
    expect(w).toContain(
      '(p = 2 for this comparison; the validation search kept MSP for this model; raw (uncentred) logits)',
    );
    expect(w).not.toContain('ringed');
    expect(w).toContain(
      "here MSP's own picks are the safer ones: normalisation does not help at this coverage",
    );
    expect(w).toContain('for this model the scale was worth keeping');
    expect(w).toContain('3 samples with all logits equal have no dot.');
    expect(w).not.toContain('share the highest score');
  });
  it('the same kept set, and picks closer to the origin', () => {
    expect(scatterWords(scatter({ swap: swap({ onlyMsp: 0, onlyPNorm: 0, both: 1000 }) }))[1]).toBe(
      'At 20 % coverage MSP and MaxLogit-pNorm keep the same 1,000 samples.',
    );
    const w = scatterWords(scatter({ swap: swap({ onlyMspMedianNorm: 3, onlyPNormMedianNorm: 5 }) }));
    expect(w[2]).toBe("MSP's own picks sit closer to the origin (median ‖u‖_1 3.00 vs 5.00).");
    // Ties at a top score other than 1/2 are reported without the p = 1 explanation.
    const t = scatterWords(
      scatter({ topTies: 4, p: { p: 3, source: 'hand' }, score: Float64Array.from([0.7]) }),
    );
    expect(t[3]).toBe('4 samples share the highest score: they lie on one ray and are tied.');
  });
});
