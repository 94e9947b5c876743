/** Public API of the analysis layer: pure float64 functions over typed arrays (no tfjs, no DOM). */
export * from './types';
export * from './softmax';
export * from './scores';
export * from './sort';
export * from './riskCoverage';
export * from './calibration';
export * from './metrics';
export * from './pSearch';
export * from './gradients';
export * from './histogram';
export * from './sampleScores';
export * from './seedStats';
export * from './bootstrap';
