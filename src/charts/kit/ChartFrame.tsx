import { useId, type ReactNode } from 'react';
import { ExportButtons } from './export/ExportButtons';
import type { ExportTable } from '../../chartData/table';
import type { ChartFrameHandle } from './frame';

export interface ChartFrameProps {
  /** Chart title; also the accessible name of the figure and the exported file's title. */
  title: string;
  /** Short name for the export buttons' accessible names ("Download <name> chart as SVG"). */
  name: string;
  /** The one-paragraph "what am I looking at" text shown beside the chart. */
  explanation: ReactNode;
  /** Stable id used by tests, exports and the guided story (data-chart attribute, file names). */
  chartId: string;
  /** Optional controls shown above the plot (toggles, zoom). */
  controls?: ReactNode;
  /** Shown instead of the plot while there is no data yet (e.g. "Train to see…"). */
  empty?: string | null;
  /** The plotted data as a table, for "Download CSV"; computed only when asked. */
  exportTable?: () => ExportTable | null;
  /** α in the exported file names (ls-sc-<chartId>-<α>.svg); null leaves it out. */
  exportAlpha?: number | null;
  /** The chart's frame (useChartFrame): its plot box is measured for the width and exported. */
  frame: Pick<ChartFrameHandle, 'attachPlot' | 'plot'>;
  children: ReactNode;
}

/**
 * The frame every chart sits in: a <figure> named by its title, the plot, and the explanation.
 * When `empty` is set the plot is replaced by that message, with data-state="empty", so tests and
 * users can tell a placeholder from a chart with real data (data-state="ready"). A ready chart has
 * export buttons (SVG, PNG at 2×, CSV of its plotted data); the export draws what is inside
 * .chart-plot.
 */
export function ChartFrame({
  title,
  name,
  explanation,
  chartId,
  controls,
  empty,
  exportTable,
  exportAlpha = null,
  frame: { attachPlot, plot },
  children,
}: ChartFrameProps) {
  const titleId = useId();
  return (
    <figure
      className="chart"
      data-chart={chartId}
      data-state={empty ? 'empty' : 'ready'}
      aria-labelledby={titleId}
    >
      <div className="chart-main">
        <div className="chart-head">
          <figcaption id={titleId} className="chart-title">
            {title}
          </figcaption>
          {empty ? null : (
            <ExportButtons
              plot={plot}
              title={title}
              name={name}
              chartId={chartId}
              alpha={exportAlpha}
              table={exportTable}
            />
          )}
        </div>
        {controls ? <div className="chart-controls">{controls}</div> : null}
        {empty ? (
          <p className="chart-empty">{empty}</p>
        ) : (
          <div className="chart-plot" ref={attachPlot}>
            {children}
          </div>
        )}
      </div>
      <div className="chart-explanation">{explanation}</div>
    </figure>
  );
}
