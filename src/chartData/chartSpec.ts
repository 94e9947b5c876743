/**
 * The shape of a chart family's spec: the options a chart opens with, the data it draws and the
 * table its CSV export writes. Components, prewarm (specs.ts warmPieces) and the export all go
 * through a family's spec, so they hit the same cache entries and never disagree about a default.
 */
import type { ExportTable } from './table';

export interface ChartSpec<Input, Options, Data> {
  /** The chart's id: its data-chart attribute and the stem of its exported files. */
  id: string;
  /** The options the chart opens with for this input (before the user changes any). */
  initial: (input: Input) => Options;
  /** What the chart draws; null when there is nothing to draw yet. */
  build: (input: Input, options: Options) => Data | null;
  /** The plotted data as one table, for "Download CSV". */
  table: (data: Data, options: Options) => ExportTable;
}

/** Builds a chart's data with the options it opens with: exactly what the chart computes at first. */
export function buildInitial<I, O, D>(spec: ChartSpec<I, O, D>, input: I): D | null {
  return spec.build(input, spec.initial(input));
}
