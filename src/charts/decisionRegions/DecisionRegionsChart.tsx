import { useMemo } from 'react';
import { ChartFrame } from '../kit/ChartFrame';
import { useChartFrame } from '../kit/frame';
import type { DecisionGrid, PairView } from '../../model/views';
import type { PointSelection } from '../../model/selection';
import { classColor, decisionRegionsSpec } from '../../chartData/decisionRegions';
import { PANEL_FRAME, RegionPanel } from './RegionPanel';
import '../gradients.css';
import { Prose } from '../kit/Prose';
import { pairFacts } from '../../chartData/words/pairFacts';
import { regionFacts, regionsWords } from '../../chartData/words/regionsWords';

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
  /** The pair the grid belongs to: its words then say when it is a live preview or unfinished. */
  pair?: PairView;
}

export function DecisionRegionsChart({
  grid,
  pointCeLogits,
  pointLsLogits,
  classNames = [],
  alpha = 0,
  topErrors,
  onSelect,
  pair,
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

  const words = useMemo(
    () =>
      regionsWords(data ? regionFacts(data) : null, options.topErrors, pair ? pairFacts(pair) : undefined),
    [data, options.topErrors, pair],
  );

  return (
    <ChartFrame
      title="Decision regions and the most confident errors, CE vs LS"
      name="decision regions"
      chartId={decisionRegionsSpec.id}
      frame={frame}
      exportAlpha={alpha}
      exportTable={data ? () => decisionRegionsSpec.table(data, options) : undefined}
      explanation={<Prose name="decision-regions" paragraphs={words} />}
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
