import { useMemo } from 'react';
import { ChartFrame } from '../kit/ChartFrame';
import { useChartFrame } from '../kit/frame';
import type { DecisionGrid } from '../../model/views';
import type { PointSelection } from '../../model/selection';
import { classColor, decisionRegionsSpec } from '../../chartData/decisionRegions';
import { PANEL_FRAME, RegionPanel } from './RegionPanel';
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
  /** A click on a test point (or on its ring). */
  onSelect?: (selection: PointSelection) => void;
}

export function DecisionRegionsChart({
  grid,
  pointCeLogits,
  pointLsLogits,
  classNames = [],
  alpha = 0,
  topErrors,
  onSelect,
}: DecisionRegionsChartProps) {
  const input = useMemo(
    () => ({ grid, pointCeLogits, pointLsLogits, alpha }),
    [grid, pointCeLogits, pointLsLogits, alpha],
  );
  const options = useMemo(
    () => ({ topErrors: topErrors ?? decisionRegionsSpec.initial(input).topErrors }),
    [input, topErrors],
  );
  const data = useMemo(() => decisionRegionsSpec.build(input, options), [input, options]);
  const frame = useChartFrame(PANEL_FRAME);
  const k = grid?.numClasses ?? 0;

  const explanation = (
    <p>
      Each panel shows one model on the 2-D data (axes: the two input features). The background is the class
      the model predicts there, faded where it is unsure (π_max, its top softmax probability, near chance
      1/K), so pale bands are decision boundaries. Dots are test points coloured by their true class: a dot on
      a background of another colour is a mistake. Black-and-white rings mark the {options.topErrors} mistakes
      made with the highest confidence (hover one, or open the list): abstaining on low confidence cannot
      remove them, so a good selective classifier has few, less confident than its correct predictions. The LS
      panel is often paler overall because label smoothing keeps confidence away from 1; for abstaining, only
      the ranking matters.
    </p>
  );

  return (
    <ChartFrame
      title="Decision regions and the most confident errors, CE vs LS"
      name="decision regions"
      chartId={decisionRegionsSpec.id}
      frame={frame}
      exportAlpha={alpha}
      exportTable={data ? () => decisionRegionsSpec.table(data, options) : undefined}
      explanation={explanation}
      empty={grid ? null : 'Decision regions appear for 2-D datasets once a CE/LS pair is trained.'}
    >
      {data ? (
        <>
          <div className="dr-panels">
            {[data.ce, data.ls].map((panel) => (
              <RegionPanel
                key={panel.role}
                frame={frame}
                grid={data.grid}
                panel={panel}
                classNames={classNames}
                onSelect={onSelect}
              />
            ))}
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
