import { useId, type ReactNode } from 'react';

export interface ChartFrameProps {
  /** Chart title; also the accessible name of the figure. */
  title: string;
  /** The one-paragraph "what am I looking at" text shown beside the chart. */
  explanation: ReactNode;
  /** Stable id used by tests, exports and the guided story (data-chart attribute). */
  chartId: string;
  /** Optional controls shown above the plot (toggles, zoom). */
  controls?: ReactNode;
  /** Shown instead of the plot while there is no data yet (e.g. "Train to see…"). */
  empty?: string | null;
  children: ReactNode;
}

/**
 * The frame every chart sits in: a <figure> named by its title, the plot, and the explanation.
 * When `empty` is set the plot is replaced by that message, with data-state="empty", so tests and
 * users can tell a placeholder from a chart with real data (data-state="ready").
 */
export function ChartFrame({ title, explanation, chartId, controls, empty, children }: ChartFrameProps) {
  const titleId = useId();
  return (
    <figure
      className="chart"
      data-chart={chartId}
      data-state={empty ? 'empty' : 'ready'}
      aria-labelledby={titleId}
    >
      <div className="chart-main">
        <figcaption id={titleId} className="chart-title">
          {title}
        </figcaption>
        {controls ? <div className="chart-controls">{controls}</div> : null}
        {empty ? <p className="chart-empty">{empty}</p> : children}
      </div>
      <div className="chart-explanation">{explanation}</div>
    </figure>
  );
}
