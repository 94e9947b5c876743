/**
 * Every chart drawn from fixed data and compared with its stored SVG under __snapshots__/. A
 * changed drawing fails here until the files are updated (`npx vitest run --project unit -u`)
 * and the change is reviewed in the diff.
 */
import { createElement, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { RiskCoverageChart } from '../../src/charts/riskCoverage/RiskCoverageChart';
import { ConfidenceHistogramsChart } from '../../src/charts/confidenceHistograms/ConfidenceHistogramsChart';
import { AlphaSweepChart } from '../../src/charts/alphaSweep/AlphaSweepChart';
import { TrainingCurvesChart } from '../../src/charts/trainingCurves/TrainingCurvesChart';
import { ExpectedGradientChart } from '../../src/charts/gradients/ExpectedGradientChart';
import { VMaxGivenPMaxChart } from '../../src/charts/gradients/VMaxGivenPMaxChart';
import { LsTermOverTrainingChart } from '../../src/charts/gradients/LsTermOverTrainingChart';
import { DecisionRegionsChart } from '../../src/charts/decisionRegions/DecisionRegionsChart';
import { WorkedExampleChart } from '../../src/charts/workedExample/WorkedExampleChart';
import { makePair, SWEEP_POINTS } from './fixtures';
import { syntheticGrid, syntheticPair } from './gradientsFixtures';
import { chartSvgs } from './svgSnapshot';

const pair = makePair();
const gradPair = syntheticPair(0.2, 4);
const { grid, pointCe, pointLs } = syntheticGrid();
// The worked example needs both models on the same labels: the LS model takes the CE model's.
const workedPair = { ...gradPair, ls: { ...gradPair.ls!, testLabels: gradPair.ce!.testLabels } };

const CASES: [name: string, element: ReactElement][] = [
  ['risk-coverage', createElement(RiskCoverageChart, { pair })],
  [
    'risk-coverage-zoom-msp',
    createElement(RiskCoverageChart, { pair: makePair({ normalise: false }), defaultZoom: true }),
  ],
  // What the chart opens with: linear π_max, and the normalised row with a normalised pair.
  ['confidence-histograms', createElement(ConfidenceHistogramsChart, { pair })],
  [
    'confidence-histograms-stretched',
    createElement(ConfidenceHistogramsChart, { pair, defaultLogScale: true }),
  ],
  [
    'confidence-histograms-linear-msp',
    createElement(ConfidenceHistogramsChart, {
      pair: makePair({ normalise: false }),
      defaultLogScale: false,
    }),
  ],
  ['alpha-sweep', createElement(AlphaSweepChart, { points: SWEEP_POINTS, selectedAlpha: 0.2 })],
  ['training-curves', createElement(TrainingCurvesChart, { pair })],
  [
    'expected-gradient',
    createElement(ExpectedGradientChart, { pair: gradPair, alpha: 0.3, initialPMax: 0.8 }),
  ],
  ['vmax-given-pmax', createElement(VMaxGivenPMaxChart, { pair: gradPair })],
  ['ls-term-training', createElement(LsTermOverTrainingChart, { pair: gradPair })],
  ['worked-example', createElement(WorkedExampleChart, { pair: workedPair, chosen: null })],
  [
    'decision-regions',
    createElement(DecisionRegionsChart, {
      grid,
      pointCeLogits: pointCe,
      pointLsLogits: pointLs,
      classNames: ['a', 'b', 'c'],
      alpha: 0.2,
    }),
  ],
];

describe('chart SVG snapshots', () => {
  for (const [name, element] of CASES) {
    it(name, async () => {
      const svgs = chartSvgs(element);
      expect(svgs.length).toBeGreaterThan(0);
      for (const [i, svg] of svgs.entries()) {
        const file = svgs.length === 1 ? name : `${name}-${i + 1}`;
        await expect(svg).toMatchFileSnapshot(`./__snapshots__/${file}.svg`);
      }
    });
  }
});
