import { useMemo } from 'react';
import { ChartFrame } from '../common/ChartFrame';
import type { DecisionGrid } from '../../state/views';
import { classColor, errorCount, mostConfidentErrors, pointLogits } from './data';
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
      Each panel shows one model on the 2-D data (axes: the two input features). The background colour is the
      class the model predicts at that spot; it fades out where the model is unsure (its top softmax
      probability π_max close to chance, 1/K), so pale bands are the decision boundaries and strong colour
      means high confidence. Dots are test points coloured by their true class: a dot whose colour differs
      from the background is a mistake. The thick black-and-white rings mark the {topErrors} mistakes made
      with the highest confidence (hover one, or open the list below): a selective classifier that abstains on
      low confidence cannot remove these, so the fewer and less confident they are, the better. The LS panel
      is often paler overall because label smoothing keeps confidences away from 1; only the ranking of
      confidence matters for abstaining.
    </p>
  );

  return (
    <ChartFrame
      title="Decision regions and the most confident errors, CE vs LS"
      chartId="decision-regions"
      explanation={explanation}
      empty={grid ? null : 'Decision regions appear for 2-D datasets once a CE/LS pair is trained.'}
    >
      {grid && ce && ls ? (
        <>
          <div className="dr-panels">
            <RegionPanel role="ce" alpha={0} grid={grid} classNames={classNames} {...ce} />
            <RegionPanel role="ls" alpha={alpha} grid={grid} classNames={classNames} {...ls} />
          </div>
          <ul className="dr-legend" aria-label="Class colours">
            {Array.from({ length: k }, (_, c) => (
              <li key={c}>
                <span className="dr-swatch" style={{ background: classColor(c) }} />
                {classNames[c] ?? `class ${c}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </ChartFrame>
  );
}
