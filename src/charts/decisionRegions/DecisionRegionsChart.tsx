import { useMemo } from 'react';
import { ChartFrame } from '../common/ChartFrame';
import type { DecisionGrid } from '../../model/views';
import {
  classColor,
  decisionRegionsTable,
  errorCount,
  mostConfidentErrors,
  pointLogits,
} from '../../chartData/decisionRegions';
import { RegionPanel } from './RegionPanel';
import '../gradients.css';

export interface DecisionRegionsChartProps {
  grid: DecisionGrid | null;
  /** Exact logits of the test points (n × K) for each model; without them, the nearest grid cell's. */
  pointCeLogits?: Float32Array | null;
  pointLsLogits?: Float32Array | null;
  classNames?: string[];
  /** α of the LS model, for the panel title. */
  alpha?: number;
  /** How many of the most confident errors to ring (default 10). */
  topErrors?: number;
}

function usePanel(
  grid: DecisionGrid | null,
  role: 'ce' | 'ls',
  exact: Float32Array | null | undefined,
  top: number,
) {
  return useMemo(() => {
    if (!grid) return null;
    const k = grid.numClasses;
    const n = grid.labels.length;
    const pts = pointLogits(grid, role, exact);
    return {
      logits: role === 'ce' ? grid.ceLogits : grid.lsLogits,
      pointLogits: pts.logits,
      source: pts.source,
      errors: mostConfidentErrors(pts.logits, grid.labels, n, k, top),
      nErrors: errorCount(pts.logits, grid.labels, n, k),
    };
  }, [grid, role, exact, top]);
}

export function DecisionRegionsChart({
  grid,
  pointCeLogits,
  pointLsLogits,
  classNames = [],
  alpha = 0,
  topErrors = 10,
}: DecisionRegionsChartProps) {
  const ce = usePanel(grid, 'ce', pointCeLogits, topErrors);
  const ls = usePanel(grid, 'ls', pointLsLogits, topErrors);
  const k = grid?.numClasses ?? 0;

  const explanation = (
    <p>
      Each panel shows one model on the 2-D data (axes: the two input features). The background is the class
      the model predicts there, faded where it is unsure (π_max, its top softmax probability, near chance
      1/K), so pale bands are decision boundaries. Dots are test points coloured by their true class: a dot on
      a background of another colour is a mistake. Black-and-white rings mark the {topErrors} mistakes made
      with the highest confidence (hover one, or open the list): abstaining on low confidence cannot remove
      them, so a good selective classifier has few, less confident than its correct predictions. The LS panel
      is often paler overall because label smoothing keeps confidence away from 1; for abstaining, only the
      ranking matters.
    </p>
  );

  return (
    <ChartFrame
      title="Decision regions and the most confident errors, CE vs LS"
      name="decision regions"
      chartId="decision-regions"
      exportAlpha={alpha}
      exportTable={
        grid && ce && ls
          ? () =>
              decisionRegionsTable(grid, [
                { role: 'ce', alpha: 0, pointLogits: ce.pointLogits, errors: ce.errors },
                { role: 'ls', alpha, pointLogits: ls.pointLogits, errors: ls.errors },
              ])
          : undefined
      }
      explanation={explanation}
      empty={grid ? null : 'Decision regions appear for 2-D datasets once a CE/LS pair is trained.'}
    >
      {grid && ce && ls ? (
        <>
          <div className="dr-panels">
            <RegionPanel role="ce" alpha={0} grid={grid} classNames={classNames} {...ce} />
            <RegionPanel role="ls" alpha={alpha} grid={grid} classNames={classNames} {...ls} />
          </div>
          <ul className="dr-legend" aria-label="Class colours" data-export="legend">
            {Array.from({ length: k }, (_, c) => (
              <li key={c}>
                <span className="dr-swatch" data-export-swatch="" style={{ background: classColor(c) }} />
                {classNames[c] ?? `class ${c}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </ChartFrame>
  );
}
