import { describe, expect, it } from 'vitest';
import * as analysis from '../../src/analysis';
import { naiveSoftmax, randomLogits, row } from './naive';

describe('src/analysis public API', () => {
  it('re-exports the contracted functions', () => {
    const names = [
      'predictions',
      'mspLog',
      'msp',
      'maxLogit',
      'maxLogitPNorm',
      'negEntropy',
      'margin',
      'computeScore',
      'errorsOf',
      'riskCoverage',
      'aurc',
      'oracleAurc',
      'eAurc',
      'augrc',
      'riskAtCoverage',
      'coverageAtRisk',
      'aurocMisclassification',
      'ece',
      'errorRate',
      'selectiveMetrics',
      'evaluateModel',
      'argsortDescendingStable',
      'searchP',
      'lsGradient',
      'lsGradientParts',
      'maxLogitGradient',
      'expectedMaxLogitGradient',
      'expectedLsTermCurve',
      'binnedLsTermEstimate',
      'vMaxGivenPMax',
      'sharedBins',
      'histogram',
      'confidenceHistograms',
      'softmax',
    ];
    const exported = analysis as unknown as Record<string, unknown>;
    for (const name of names) expect(typeof exported[name], name).toBe('function');
  });

  it('softmax matches a naive softmax row by row', () => {
    const logits = randomLogits(30, 20, 6);
    const p = analysis.softmax(logits, 20, 6);
    for (let i = 0; i < 20; i++) {
      const ref = naiveSoftmax(row(logits, i, 6));
      for (let j = 0; j < 6; j++) expect(p[i * 6 + j]).toBeCloseTo(ref[j], 15);
    }
  });
});
