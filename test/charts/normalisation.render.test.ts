/**
 * SVG snapshots of the "why normalisation works" charts (the pattern of snapshots.test.ts, in a file
 * of their own): drawn from the twin fixture, compared with the files in __snapshots__/. The
 * scatter's dots are on a canvas (empty without a browser): its snapshot holds axes, rays, wedge
 * and legend. Update on purpose with `npx vitest run --project unit <this file> -u`.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ScaleInvarianceChart } from '../../src/charts/normalisation/ScaleInvarianceChart';
import { RankAgreementChart } from '../../src/charts/normalisation/RankAgreementChart';
import { PEffectChart } from '../../src/charts/normalisation/PEffectChart';
import { chartSvgs } from './svgSnapshot';
import { twinPair } from './normalisationFixtures';
import { sampleScoresFromLogits } from '../../src/analysis/sampleScores';
import type { ModelView } from '../../src/model/views';

const pair = twinPair();

/** A model's per-sample scores, as a loaded file gives them. */
function scoresOf(m: ModelView) {
  return sampleScoresFromLogits(m.testLogits, m.testLabels, m.testLabels.length, m.numClasses);
}
const CASES: [string, ReactElement][] = [
  ['scale-invariance', createElement(ScaleInvarianceChart, { pair })],
  ['rank-agreement', createElement(RankAgreementChart, { pair })],
  ['p-effect', createElement(PEffectChart, { pair })],
  ['rank-agreement-no-ce', createElement(RankAgreementChart, { pair: { ...pair, ce: null } })],
];

describe('normalisation chart SVG snapshots', () => {
  for (const [name, element] of CASES) {
    it(name, async () => {
      const svgs = chartSvgs(element);
      expect(svgs.length).toBe(1);
      await expect(svgs[0]).toMatchFileSnapshot(`./__snapshots__/${name}.svg`);
    });
  }
});

describe('what the charts say and draw', () => {
  const html = (e: ReactElement) => renderToStaticMarkup(e);
  it('the scatter: a canvas for the dots, two rays, the wedge, and its sentences', () => {
    const h = html(createElement(ScaleInvarianceChart, { pair }));
    expect(h).toContain('data-state="ready"');
    expect(h).toMatch(/<canvas[^>]*class="ni-canvas"/);
    expect(h.match(/data-series="pnorm-ray-\d+"/g)).toEqual([
      'data-series="pnorm-ray-20"',
      'data-series="pnorm-ray-50"',
    ]);
    expect(h).toContain('data-series="pnorm-wedge"');
    expect(h).toContain(
      'Each dot is one of the 300 test samples of LS α=0.2 (p = 1, chosen on the validation split',
    );
  });
  it('the scatter of a loaded model (scores only, no logits) draws from its u_max', () => {
    const ls = pair.ls!;
    const loaded = { ...ls, testLogits: new Float32Array(0), samples: { test: scoresOf(ls), val: null } };
    const h = html(createElement(ScaleInvarianceChart, { pair: { ...pair, ls: loaded } }));
    expect(h).toContain('data-state="ready"');
    expect(h).toContain(`for ${ls.testLabels.length} test samples`);
  });
  it('the rank agreement and p charts: sentences from their numbers', () => {
    expect(html(createElement(RankAgreementChart, { pair }))).toMatch(
      /Normalising \(p = 1, chosen on the validation split\) (raises|lowers|leaves)/,
    );
    expect(html(createElement(PEffectChart, { pair }))).toMatch(/For CE, .*For LS α=0.2, /s);
    expect(html(createElement(PEffectChart, { pair: { ...pair, ce: null, ls: null } }))).toContain(
      'data-state="empty"',
    );
  });
});
