import type { ReactNode } from 'react';
import type { ScaleLinear } from 'd3';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from './axes';
import { PlotSvg } from './frame';
import type { Layout } from './layout';

/** What stays the same for a stacked chart: its CSS class, accessible name and axis labels. */
export interface StackedLabels {
  className: string;
  ariaLabel: string;
  xLabel: string;
  /** One per panel, top to bottom. */
  yLabels: readonly string[];
}

/**
 * Panels stacked over one shared x axis, the legend on top: each panel gets its y axis with grid
 * lines and an x axis line at its bottom; only the last one labels the x ticks. The marks go in
 * `children`, drawn over the axes.
 */
export function StackedPlot({
  frame,
  labels,
  x,
  ys,
  legend,
  children,
}: {
  frame: Layout & { clipId: string };
  labels: StackedLabels;
  x: ScaleLinear<number, number>;
  /** One y scale per panel, its range the panel's [bottom, top]. */
  ys: ScaleLinear<number, number>[];
  legend: LegendItem[];
  children: ReactNode;
}) {
  return (
    <PlotSvg frame={frame} className={labels.className} role="img" aria-label={labels.ariaLabel}>
      <Legend items={legend} x={8} y={12} width={frame.width - 16} />
      {ys.map((y, i) => {
        const last = i === ys.length - 1;
        return (
          <g key={labels.yLabels[i]}>
            <AxisLeft scale={y} at={frame.x0} grid={frame.innerWidth} ticks={4} label={labels.yLabels[i]} />
            <AxisBottom
              scale={x}
              at={y.range()[0]}
              label={last ? labels.xLabel : ''}
              format={last ? undefined : () => ''}
            />
          </g>
        );
      })}
      {children}
    </PlotSvg>
  );
}
