/**
 * The guided story's titles and paragraphs, the decision regions' and the training curves' words:
 * computed from the pair, and never claiming the paper's effect where the data do not show it.
 */
import { describe, expect, it } from 'vitest';
import { STORY } from '../../src/story/steps';
import { storyFacts, type StoryFacts } from '../../src/chartData/words/storyFacts';
import { plainText } from '../../src/chartData/words/pieces';
import { regionFacts, regionsWords } from '../../src/chartData/words/regionsWords';
import { trainingFacts, trainingWords } from '../../src/chartData/words/trainingWords';
import { decisionRegionsSpec } from '../../src/chartData/decisionRegions';
import { buildTrainingCurves } from '../../src/chartData/trainingCurves';
import { sampleScoresFromLogits } from '../../src/analysis/sampleScores';
import type { DecisionGrid, ModelView, TrainingPoint } from '../../src/model/views';
import { brute, K, makeLogits, pairOf, sweepPoint, viewOf } from './wordsFixtures';
import { EMPTY_PAIR } from '../charts/fixtures';

const sharp = makeLogits('sharp');
const shrunk = makeLogits('shrunk');
const anti = makeLogits('antiNorm');

/** Every title and paragraph of the story for these facts, as one plain text per step. */
function story(f: StoryFacts): Record<string, { title: string; text: string }> {
  return Object.fromEntries(
    STORY.map((s) => [s.id, { title: s.title(f), text: s.text(f).map(plainText).join('\n') }]),
  );
}

const TEXTBOOK_CLAIMS =
  /worse at knowing when it is wrong|LS α=0\.2 ranks its predictions worse|(?<!Normalised, )LS α=0\.2 makes more mistakes|overlaps more under LS|Where it happens/;

describe('the story for a textbook pair', () => {
  const pair = pairOf(
    viewOf(sharp, { role: 'ce', p: null }),
    viewOf(shrunk, { role: 'ls', p: 2 }),
    false,
    'images',
  );
  const sweep = [0, 0.1, 0.2, 0.3].map((a, i) => sweepPoint(a, 0, 0.036 + 0.01 * i, 0.04));
  const s = story(storyFacts(pair, sweep));

  it('claims the effect, with the pair’s numbers', () => {
    expect(s.effect.title).toBe(
      'Label smoothing (α = 0.2): about as accurate, worse at knowing when it is wrong',
    );
    expect(s.effect.text).toContain(
      'LS α=0.2 ranks its predictions worse than CE: MSP AURC 7.24 against 3.64',
    );
    expect(s.effect.text).toContain(
      'the MSP AURC rises with every step of α, from 3.60 (α = 0) to 6.60 (α = 0.3)',
    );
    expect(s.where.title).toBe('Where it happens: among the most confident predictions');
    expect(s.histograms.title).toBe('Confidence of right and wrong answers overlaps more under LS');
    expect(s.fix.title).toBe(
      'Logit normalisation helps LS, with no retraining, but not all the way back to CE',
    );
  });

  it('the CE-twin step quotes the shrink computed sample by sample (brute force)', () => {
    // The fixture shrinks the surest correct predictions most: the ratio is lower on CE's surest tenth.
    const n = sharp.n;
    const um = (l: typeof sharp, i: number) => {
      const row = Array.from(l.logits.subarray(i * K, i * K + K));
      return Math.max(...row) - row.reduce((a, b) => a + b, 0) / K;
    };
    const ce = brute(sharp, null);
    // Least confident first, as the shrink chart bins them.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ce.logMsp[a] - ce.logMsp[b] || a - b);
    const median = (idx: number[]) => {
      const r = idx.map((i) => um(shrunk, i) / um(sharp, i)).sort((a, b) => a - b);
      const m = r.length;
      return m % 2 ? r[(m - 1) / 2] : (r[m / 2 - 1] + r[m / 2]) / 2;
    };
    const surest = median(order.slice(n - n / 10));
    const least = median(order.slice(0, n / 5));
    expect(surest).toBeLessThan(least);
    expect(s.twin.title).toBe('The evidence: LS shrinks the max logit most where its CE twin is surest');
    expect(s.twin.text).toContain(
      `r = ${surest.toFixed(2)} in CE’s most confident tenth vs ${least.toFixed(2)} in its least confident fifth`,
    );
    expect(s.twin.text).toMatch(/LS admits \d+ samples CE did not keep/);
  });

  it('the smoothed target and the share above it', () => {
    const ls = brute(shrunk, 2);
    const t = 1 - 0.2 + 0.2 / K;
    const above = ls.logMsp.filter((v) => v > Math.log(t)).length / shrunk.n;
    expect(s.histograms.text).toContain(
      `1 − α + α/K = ${t.toFixed(3)} on the true class; ${(above * 100).toFixed(1)}% of LS α=0.2’s predictions are more confident than that`,
    );
  });
});

describe('the story where the data do not show the effect', () => {
  it('LS ranks better: no step claims the effect, and the effect step says why it may not show', () => {
    const pair = pairOf(
      viewOf(shrunk, { role: 'ce', p: 2 }),
      viewOf(sharp, { role: 'ls', p: 2 }),
      false,
      'images',
    );
    const s = story(storyFacts(pair));
    for (const [id, step] of Object.entries(s)) {
      expect(step.title, id).not.toMatch(TEXTBOOK_CLAIMS);
      expect(step.text, id).not.toMatch(TEXTBOOK_CLAIMS);
    }
    expect(s.effect.title).toContain('better at knowing when it is wrong');
    expect(s.where.title).toBe('Among its most confident predictions, LS makes fewer mistakes here');
    expect(s.where.text).toContain('So here LS does not make its confident predictions less trustworthy.');
    expect(s.effect.text).toContain('this pair does not show that');
  });

  it('normalisation hurts LS: the fix steps say so', () => {
    const pair = pairOf(viewOf(sharp, { role: 'ce', p: null }), viewOf(anti, { role: 'ls', p: 2 }), true);
    const s = story(storyFacts(pair));
    expect(s.fix.title).toBe('Logit normalisation does not help this LS model');
    expect(s.fix.text).toMatch(/Normalising raises LS α=0\.2’s AURC/);
    expect(s['why-fix'].title).toBe('Why normalisation can work, and what it does here');
    expect(s['why-fix'].text).toMatch(/lowers its AUROC from [\d.]+ to [\d.]+/);
    expect(s['why-fix'].text).not.toMatch(/normalisation swaps in the safer samples|raises its AUROC/);
    expect(s.ce.text).toMatch(/For LS α=0\.2, every forced p is worse than MSP/);
  });

  it('the MSP fallback for LS: the fix title says the search kept MSP', () => {
    const pair = pairOf(viewOf(sharp, { role: 'ce', p: null }), viewOf(shrunk, { role: 'ls', p: null }));
    expect(story(storyFacts(pair)).fix.title).toBe(
      'Logit normalisation: for this LS model the search kept MSP',
    );
  });

  it('2-D blobs and loaded models get their own reason', () => {
    const points = pairOf(viewOf(shrunk, { role: 'ce' }), viewOf(sharp, { role: 'ls' }), false, 'points');
    expect(story(storyFacts(points)).effect.text).toContain(
      'with 2-D blobs and a small model LS often barely changes the ranking',
    );
    const loaded = (l: typeof sharp, role: 'ce' | 'ls'): ModelView => {
      const samples = sampleScoresFromLogits(l.logits, l.labels, l.n, K);
      return {
        ...viewOf(l, { role }),
        testLogits: new Float32Array(0),
        samples: { test: samples, val: null },
        name: `${role}.npy`,
      };
    };
    const s = story(storyFacts(pairOf(loaded(shrunk, 'ce'), loaded(sharp, 'ls'))));
    expect(s.effect.text).toContain('models trained elsewhere need not show it');
    expect(s.effect.text).toContain('ls.npy ranks its predictions better than ce.npy');
    // The twin step compares the two files by their scores, and claims nothing it cannot compute.
    expect(s.twin.text).not.toMatch(/(?<!not )strongest where CE is surest/);
    expect(s.twin.text).toContain('the opposite of what the LS term predicts');
    expect(s.twin.title).toBe(
      'Against its CE twin, LS does not shrink the max logit most where CE is surest here',
    );
  });

  it('an empty page: every step still has a title and says there is nothing to describe yet', () => {
    const s = story(storyFacts(EMPTY_PAIR));
    for (const step of Object.values(s)) expect(step.title.length).toBeGreaterThan(10);
    expect(s.effect.text).toContain('There is no trained CE/LS pair to show yet');
  });
});

describe('decision regions', () => {
  function grid(ce: typeof sharp): DecisionGrid {
    // A 3 × 3 grid: CE's cells confident, LS's less so; the test points' exact logits are given.
    const cell = (m: number) => Float32Array.from({ length: 9 * K }, (_, i) => (i % K === 0 ? m : 0));
    return {
      nx: 3,
      ny: 3,
      x0: 0,
      x1: 1,
      y0: 0,
      y1: 1,
      ceLogits: cell(9),
      lsLogits: cell(2),
      numClasses: K,
      points: new Float32Array(ce.n * 2),
      labels: ce.labels,
    };
  }

  it('counts the mistakes among the 30% most confident points and compares the backgrounds', () => {
    const g = grid(sharp);
    const data = decisionRegionsSpec.build(
      { grid: g, pointCeLogits: sharp.logits, pointLsLogits: shrunk.logits, alpha: 0.2 },
      { topErrors: 10 },
    )!;
    const r = regionFacts(data);
    const count = (l: typeof sharp) => {
      const b = brute(l, null);
      const idx = Array.from({ length: l.n }, (_, i) => i).sort((a, c) => b.logMsp[c] - b.logMsp[a] || a - c);
      return idx.slice(0, Math.floor(0.3 * l.n)).reduce((s, i) => s + b.err[i], 0);
    };
    expect(r.confidentErrors).toEqual({ ce: count(sharp), ls: count(shrunk) });
    const words = regionsWords(r, 10).map(plainText).join('\n');
    expect(words).toContain(`CE makes ${count(sharp)} mistake`);
    expect(words).toContain('so the LS panel is paler');
    // The other way round: LS's background the more saturated one, and never called paler.
    const swapped = regionFacts({ ...data, ce: data.ls, ls: data.ce });
    expect(regionsWords(swapped, 10).join('\n')).toContain('here the LS panel is the more saturated one');
    expect(regionsWords(swapped, 10).join('\n')).not.toContain('paler');
  });
});

describe('training curves', () => {
  const hist = (gap: number): TrainingPoint[] =>
    [0, 1, 2].map((e) => ({
      step: 100 * e,
      epoch: e,
      trainLoss: 1 / (1 + e),
      trainAcc: 0.8 + 0.05 * e,
      valAcc: 0.8 + 0.05 * e - gap,
      lsTermCorrect: 0,
      lsTermIncorrect: 0,
    }));
  const model = (role: 'ce' | 'ls', gap: number, step: number): ModelView => ({
    ...viewOf(sharp, { role, step, totalSteps: 400 }),
    history: hist(gap),
  });

  it('says over-fitting only when training accuracy is clearly above validation, with the gaps', () => {
    const over = buildTrainingCurves(pairOf(model('ce', 0.1, 200), model('ls', 0.08, 200)))!;
    const w = trainingWords(trainingFacts(over, 400, 200))
      .map(plainText)
      .join('\n');
    expect(w).toContain('At step 200 of 400 (not finished)');
    expect(w).toContain('by 10.0 points for CE and 8.0 points for LS α=0.2');
    expect(w).toContain('they have begun to over-fit');
    const close = buildTrainingCurves(pairOf(model('ce', 0.01, 400), model('ls', 0.005, 400)))!;
    const w2 = trainingWords(trainingFacts(close, 400, 400))
      .map(plainText)
      .join('\n');
    expect(w2).toContain('At the last step (400)');
    expect(w2).toContain('Training and validation accuracy are close');
    expect(w2).not.toContain('over-fit,');
  });
});
