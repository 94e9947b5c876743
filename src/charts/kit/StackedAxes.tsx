import type { ScaleLinear } from 'd3';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from './axes';
import type { Layout } from './layout';

export interface StackedPanel {
  y: ScaleLinear<number, number>;
  /** The panel's y axis label. */
  label: string;
}

/**
 * The legend and axes of panels stacked over one shared x axis: each panel gets its y axis with
 * grid lines and an x axis line at its bottom; only the last one labels the x ticks.
 */
export function StackedAxes({
  frame,
  x,
  xLabel,
  panels,
  legend,
}: {
  frame: Layout;
  x: ScaleLinear<number, number>;
  xLabel: string;
  panels: StackedPanel[];
  legend: LegendItem[];
}) {
  return (
    <>
      <Legend items={legend} x={8} y={12} width={frame.width - 16} />
      {panels.map((p, i) => {
        const last = i === panels.length - 1;
        return (
          <g key={p.label}>
            <AxisLeft scale={p.y} at={frame.x0} grid={frame.innerWidth} ticks={4} label={p.label} />
            <AxisBottom
              scale={x}
              at={p.y.range()[0]}
              label={last ? xLabel : ''}
              format={last ? undefined : () => ''}
            />
          </g>
        );
      })}
    </>
  );
}
