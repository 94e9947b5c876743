/**
 * The words beside the risk–coverage chart, the histograms and the metrics table say what the pair's
 * numbers show, and never the opposite: every number in a sentence is checked against a brute-force
 * evaluation of the same logits (wordsFixtures.ts), and every direction word against the sign of the
 * difference it describes.
 */
import { describe, expect, it } from 'vitest';
import { pairFacts } from '../../src/chartData/words/pairFacts';
import { riskCoverageWords } from '../../src/chartData/words/riskCoverageWords';
import { histogramWords } from '../../src/chartData/words/histogramWords';
import { metricsWords } from '../../src/chartData/words/metricsWords';
import { introWords } from '../../src/chartData/words/introWords';
import { plainText } from '../../src/chartData/words/pieces';
import { evaluateView } from '../../src/model/metricsRows';
import { aurcOf, bandMean, brute, makeLogits, pairOf, pct2, riskCurve, viewOf } from './wordsFixtures';

const sharp = makeLogits('sharp');
const shrunk = makeLogits('shrunk');
const anti = makeLogits('antiNorm');
const text = (ps: string[]): string => ps.map(plainText).join('\n');

const WORSE = /LS α=0\.2 ranks its predictions worse|(?<!Normalised, )LS α=0\.2 makes more mistakes/;
const BETTER = /LS α=0\.2 ranks its predictions better|LS α=0\.2 makes fewer mistakes/;

describe('a textbook pair: LS shrinks its correct predictions’ logits', () => {
  const ce = viewOf(sharp, { role: 'ce', p: null });
  const ls = viewOf(shrunk, { role: 'ls', p: 2 });
  const f = pairFacts(pairOf(ce, ls));
  const words = text(riskCoverageWords(f));
  const b = { ce: brute(sharp, null), ls: brute(shrunk, 2) };
  const aurc = {
    ce: aurcOf(b.ce.logMsp, b.ce.err),
    ls: aurcOf(b.ls.logMsp, b.ls.err),
    lsNorm: aurcOf(b.ls.norm, b.ls.err),
  };

  it('caches the facts per model view: a second call computes nothing new', () => {
    const again = pairFacts(pairOf(ce, ls));
    expect(again.ce).toBe(f.ce);
    expect(again.ls).toBe(f.ls);
    // A new view of the same logits is a new object: its facts are computed afresh, and equal.
    const fresh = pairFacts(pairOf(ce, viewOf(shrunk, { role: 'ls', p: 2 })));
    expect(fresh.ls).not.toBe(f.ls);
    expect(fresh.ls?.msp.aurc).toBe(f.ls?.msp.aurc);
  });

  it('the fixture is what it claims (independent numbers)', () => {
    expect(aurc.ls).toBeGreaterThan(aurc.ce + 0.01);
    expect(aurc.lsNorm).toBeLessThan(aurc.ls - 0.01);
    expect(aurc.lsNorm).toBeGreaterThan(aurc.ce + 0.003);
  });

  it('says LS ranks worse, with the AURCs, their difference and the relative change computed independently', () => {
    expect(words).toContain(
      `LS α=0.2 ranks its predictions worse than CE: MSP AURC ${pct2(aurc.ls)} against ${pct2(aurc.ce)} ` +
        `(${pct2(aurc.ls - aurc.ce)} points, ${Math.round(((aurc.ls - aurc.ce) / aurc.ce) * 100)}% higher)`,
    );
    expect(words).not.toMatch(BETTER);
    expect(words).not.toContain('does not show that');
    // The table prints the same digits.
    expect(pct2(evaluateView(ls).msp.aurc)).toBe(pct2(aurc.ls));
  });

  it('gives the mean risk at 5–30% coverage and the coverage where the curves stop being ordered', () => {
    const low = { ls: bandMean(b.ls.logMsp, b.ls.err), ce: bandMean(b.ce.logMsp, b.ce.err) };
    expect(words).toContain(
      `LS α=0.2 makes more mistakes among its most confident predictions: ${(low.ls * 100).toFixed(2)}% on average at 5–30% coverage against ${(low.ce * 100).toFixed(2)}% for CE`,
    );
    // Brute force: from 5% up, how far LS's curve stays on the side it first leaves CE's for.
    const r = { ls: riskCurve(b.ls.logMsp, b.ls.err), ce: riskCurve(b.ce.logMsp, b.ce.err) };
    const d = (pc: number) => {
      const at = (c: number[]) => c[Math.round((pc / 100) * (c.length - 1))];
      return at(r.ls) - at(r.ce);
    };
    let first = 5;
    while (first < 100 && d(first) === 0) first++;
    expect(d(first)).toBeGreaterThan(0);
    let to = 5;
    while (to < 100 && d(to + 1) >= 0) to++;
    const touch = first > 5 || [...Array(to - 4).keys()].some((i) => d(5 + i) === 0) ? 'at or ' : '';
    expect(words).toContain(
      to === 100
        ? `its curve is ${touch}above CE’s at every coverage from 5% on`
        : `its curve is ${touch}above CE’s from 5% to ${to}% coverage`,
    );
  });

  it('says normalisation lowers LS’s AURC but leaves it above CE, and that CE kept MSP', () => {
    expect(words).toContain(
      `Normalising lowers LS α=0.2’s AURC from ${pct2(aurc.ls)} to ${pct2(aurc.lsNorm)} (p = 2)`,
    );
    expect(words).toContain(`still above CE’s ${pct2(aurc.ce)}`);
    expect(words).not.toMatch(/below CE’s|hurts LS/);
    expect(words).toContain('For CE no p beat MSP on the validation split, so it keeps MSP');
  });

  it('the histograms: LS’s right and wrong overlap more with MSP, less once normalised', () => {
    const h = text(histogramWords(f));
    const ev = { ce: evaluateView(ce), ls: evaluateView(ls) };
    expect(h).toContain(
      `it is ${(ev.ce.msp.auroc * 100).toFixed(1)} for CE and ${(ev.ls.msp.auroc * 100).toFixed(1)} for LS α=0.2`,
    );
    expect(ev.ls.msp.auroc).toBeLessThan(ev.ce.msp.auroc);
    expect(h).toContain('LS α=0.2’s right and wrong answers overlap more');
    expect(ev.ls.pNorm.auroc).toBeGreaterThan(ev.ls.msp.auroc);
    expect(h).toContain('normalisation pulls its right and wrong answers further apart');
  });

  it('with one seed, says the noise is unknown and gives the rule of thumb for this N', () => {
    // 0.3 points at N = 5,000, scaled by √(5000/N): about 0.5 at N = 2,000.
    expect(words).toContain(
      'With one seed the size of the noise between training runs is unknown; at N = 2,000 test samples, AURC differences below about 0.5 points are often noise.',
    );
    expect(text(metricsWords(f))).toContain('With one seed');
    expect(text(metricsWords(f))).not.toMatch(/Preview|still training|not finished/);
  });
});

describe('a pair in which LS ranks BETTER than CE', () => {
  // The roles swapped: the "LS" model has the sharp logits.
  const ce = viewOf(shrunk, { role: 'ce', p: 2 });
  const ls = viewOf(sharp, { role: 'ls', p: 2 });
  const f = pairFacts(pairOf(ce, ls, true, 'images'));
  const words = text(riskCoverageWords(f));

  it('says LS ranks better, never that it ranks worse, and says this is not the usual picture', () => {
    const b = { ce: brute(shrunk, 2), ls: brute(sharp, 2) };
    const a = { ce: aurcOf(b.ce.logMsp, b.ce.err), ls: aurcOf(b.ls.logMsp, b.ls.err) };
    expect(a.ls).toBeLessThan(a.ce);
    expect(words).toContain(
      `LS α=0.2 ranks its predictions better than CE: MSP AURC ${pct2(a.ls)} against ${pct2(a.ce)}`,
    );
    expect(words).toMatch(BETTER);
    expect(words).not.toMatch(WORSE);
    expect(words).toContain(
      'The paper reports label-smoothed models ranking worse than CE; this pair does not show that.',
    );
    expect(words).toContain('single runs vary');
    expect(introWords(f)).toMatch(/makes fewer mistakes than CE .* ranks better overall/);
    expect(introWords(f)).not.toMatch(/more mistakes|ranks worse/);
  });
});

describe('a pair in which normalisation HURTS LS', () => {
  const ce = viewOf(sharp, { role: 'ce', p: null });
  const ls = viewOf(anti, { role: 'ls', p: 2 });
  const f = pairFacts(pairOf(ce, ls));
  const words = text(riskCoverageWords(f));

  it('says it raises LS’s AURC, with the numbers, and never that it lowers it', () => {
    const b = brute(anti, 2);
    const a = { msp: aurcOf(b.logMsp, b.err), norm: aurcOf(b.norm, b.err) };
    expect(a.norm).toBeGreaterThan(a.msp + 0.05);
    expect(words).toContain(
      `Normalising raises LS α=0.2’s AURC from ${pct2(a.msp)} to ${pct2(a.norm)} (p = 2): here it hurts LS α=0.2`,
    );
    expect(words).not.toMatch(/Normalising lowers|further apart/);
    expect(text(histogramWords(f))).toContain('here normalisation makes them overlap more');
    // And LS ranks better than CE with MSP here: no textbook claim either.
    expect(words).not.toMatch(WORSE);
  });

  it('a p set by hand is said to be set by hand', () => {
    const byHand = pairFacts(pairOf(ce, viewOf(anti, { role: 'ls', p: 3, pAuto: false })));
    expect(text(riskCoverageWords(byHand))).toContain('(p = 3, set by hand)');
  });
});

describe('the MSP fallback', () => {
  it('says the search kept MSP for LS, and claims no change from normalising', () => {
    const f = pairFacts(pairOf(viewOf(sharp, { role: 'ce', p: 2 }), viewOf(shrunk, { role: 'ls', p: null })));
    const words = text(riskCoverageWords(f));
    expect(words).toContain('For LS α=0.2 no p beat MSP on the validation split, so the search kept MSP');
    expect(words).not.toMatch(/Normalising (lowers|raises|leaves)/);
    expect(text(histogramWords(f))).toContain('LS α=0.2 keeps MSP');
  });

  it('says when normalisation hurts CE (p forced on the CE model)', () => {
    const ce = viewOf(sharp, { role: 'ce', p: 2, pAuto: false });
    const f = pairFacts(pairOf(ce, viewOf(shrunk, { role: 'ls', p: 2 })));
    const b = brute(sharp, 2);
    const a = { msp: aurcOf(b.logMsp, b.err), norm: aurcOf(b.norm, b.err) };
    expect(a.norm).toBeGreaterThan(a.msp + 0.005);
    expect(text(riskCoverageWords(f))).toContain(
      `For CE it raises the AURC from ${pct2(a.msp)} to ${pct2(a.norm)} (p = 2, set by hand): normalisation hurts CE here.`,
    );
  });
});

describe('early checkpoints and live previews', () => {
  const cut = (l: ReturnType<typeof makeLogits>, n: number) => ({
    logits: l.logits.slice(0, n * 10),
    labels: l.labels.slice(0, n),
    n,
  });

  it('an unfinished model: the words say so first, and give the early-training reason when LS does not rank worse', () => {
    const ce = viewOf(shrunk, { role: 'ce', step: 300, totalSteps: 1000 });
    const ls = viewOf(sharp, { role: 'ls', step: 300, totalSteps: 1000 });
    const f = pairFacts(pairOf(ce, ls));
    const words = riskCoverageWords(f)[1];
    expect(plainText(words)).toMatch(/^The models have not finished training \(step 300 of 1,000\)/);
    expect(words).toContain('early in training the LS term may not yet have separated the confidences');
    expect(text(metricsWords(f))).toContain('not finished training (step 300 of 1,000)');
  });

  it('a 500-sample preview: says the numbers are a rough estimate of the first 500 samples', () => {
    const ce = viewOf(cut(shrunk, 500), { role: 'ce', step: 575, totalSteps: 1560, preview: true });
    const ls = viewOf(cut(sharp, 500), { role: 'ls', step: 575, totalSteps: 1560, preview: true });
    const f = pairFacts(pairOf(ce, ls));
    const note = text(metricsWords(f));
    expect(note).toContain(
      'Preview: the models are still training (step 575 of 1,560) and these numbers come from only the first 500 test samples',
    );
    expect(note).toContain('even in which model is ahead');
    expect(note).toContain('The whole test split is evaluated when training ends');
    expect(text(riskCoverageWords(f))).toContain(
      'a 500-sample preview of models still training is too noisy',
    );
    expect(introWords(f)).toMatch(/^Right now \(a rough preview/);
  });
});

describe('a difference smaller than the noise', () => {
  it('a model against a slightly cooled copy of itself: about equal, with no direction word', () => {
    // The same logits × 0.9: a temperature reorders MSP a little, so the AURC moves by a hair.
    const c = makeLogits('sharp', 5000, 7);
    const a = { ...c, logits: c.logits.map((v) => v * 0.9) };
    const ba = brute(a, null);
    const bc = brute(c, null);
    const d = aurcOf(ba.logMsp, ba.err) - aurcOf(bc.logMsp, bc.err);
    expect(d).not.toBe(0);
    expect(Math.abs(d)).toBeLessThan(0.003);
    const f = pairFacts(pairOf(viewOf(c, { role: 'ce', p: null }), viewOf(a, { role: 'ls', p: null })));
    const words = text(riskCoverageWords(f));
    expect(words).toContain(
      `LS α=0.2 and CE rank their predictions about equally well: MSP AURC ${pct2(aurcOf(ba.logMsp, ba.err))} against ${pct2(aurcOf(bc.logMsp, bc.err))}`,
    );
    expect(words).toContain('too small to tell from noise');
    expect(words).not.toMatch(/ranks its predictions (worse|better)/);
    expect(words).toContain(
      'at N = 5,000 test samples, AURC differences below about 0.3 points are often noise',
    );
  });
});
