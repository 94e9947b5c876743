/** Gradient-mechanism charts (science.md §2): components and their pure data builders. */
export { ExpectedGradientChart, type ExpectedGradientChartProps } from './ExpectedGradientChart';
export { VMaxGivenPMaxChart, type VMaxGivenPMaxChartProps } from './VMaxGivenPMaxChart';
export { LsTermOverTrainingChart, type LsTermOverTrainingChartProps } from './LsTermOverTrainingChart';
export * from '../../chartData/gradients';
