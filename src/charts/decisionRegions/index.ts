/** Decision regions of a CE/LS pair on 2-D data: the component and its pure data builders. */
export { DecisionRegionsChart, type DecisionRegionsChartProps } from './DecisionRegionsChart';
export { RegionPanel, type RegionPanelProps } from './RegionPanel';
export * from '../../chartData/decisionRegions';
