import { line, max, min, scaleLinear, type ScaleLinear } from 'd3';
import { useMemo } from 'react';
import type { PairView } from '../../model/views';
import { AxisBottom, AxisLeft, Legend, r3, type LegendItem } from '../common/axes';
import { ChartFrame } from '../common/ChartFrame';
import { COLORS, DASH } from '../../chartData/palette';
import { formatAlpha } from '../../model/format';
import { modelShortName } from '../../chartData/riskCoverage';
import {
  buildTrainingCurves,
  trainingCurvesTable,
  type TrainingSeries,
} from '../../chartData/trainingCurves';

const W = 600;
const H = 384;
const M = { left: 56, right: 16 };
const LOSS = { top: 70, bottom: 188 };
const ACC = { top: 216, bottom: 340 };
const VAL_DASH = '6 3';

export interface TrainingCurvesChartProps {
  pair: PairView;
}

const explanation = (
  <p>
    Loss and accuracy of the CE model (blue) and the label-smoothed model (orange) as training goes on (x
    axis: optimisation steps); both start from the same weights and see the same batches. Top: the training
    loss each model minimises. LS’s loss can never reach zero: its best value is the entropy of its smoothed
    targets (dotted line), so compare the shapes, not the levels. Bottom: accuracy on the training batches
    (solid) and on the held-out validation split (dashed). When training accuracy keeps climbing while
    validation accuracy stalls, the models are over-fitting: that is the regime where label smoothing harms
    selective classification the most.
  </p>
);

function Series({
  s,
  x,
  y,
  scale,
}: {
  s: TrainingSeries;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  scale: number;
}) {
  const d = line<number>()
    .x((i) => x(s.steps[i]))
    .y((i) => y(s.values[i] * scale))
    .digits(2)(s.steps.map((_, i) => i));
  const last = s.steps.length - 1;
  const color = COLORS[s.role];
  return (
    <g>
      <path
        data-series={s.id}
        data-points={s.steps.length}
        d={d ?? ''}
        fill="none"
        stroke={color}
        strokeWidth={2}
        strokeDasharray={s.metric === 'valAcc' ? VAL_DASH : undefined}
      />
      {last >= 0 ? (
        <circle
          data-latest={s.id}
          cx={r3(x(s.steps[last]))}
          cy={r3(y(s.values[last] * scale))}
          r={3}
          fill={color}
        >
          <title>{`${modelShortName(s.role, s.alpha)}, step ${s.steps[last]}: ${(s.values[last] * scale).toFixed(s.metric === 'trainLoss' ? 3 : 1)}${s.metric === 'trainLoss' ? '' : '%'}`}</title>
        </circle>
      ) : null}
    </g>
  );
}

/** Train loss, train accuracy and validation accuracy of the CE/LS pair against the step. */
export function TrainingCurvesChart({ pair }: TrainingCurvesChartProps) {
  const data = useMemo(() => buildTrainingCurves(pair), [pair]);
  const scales = useMemo(() => {
    if (!data) return null;
    const x = scaleLinear()
      .domain([0, Math.max(1, data.maxStep)])
      .range([M.left, W - M.right]);
    const lossMax = max(data.loss.flatMap((s) => s.values)) ?? 1;
    const yLoss = scaleLinear()
      .domain([0, Math.max(lossMax, data.lsLossFloor?.value ?? 0, 1e-3) * 1.05])
      .nice()
      .range([LOSS.bottom, LOSS.top]);
    const accMin = (min(data.accuracy.flatMap((s) => s.values)) ?? 0) * 100;
    const yAcc = scaleLinear()
      .domain([Math.max(0, accMin - 5), 100])
      .nice()
      .range([ACC.bottom, ACC.top]);
    return { x, yLoss, yAcc };
  }, [data]);

  const items: LegendItem[] = [];
  for (const m of [pair.ce, pair.ls]) {
    if (!m) continue;
    const who = modelShortName(m.role, m.alpha);
    items.push({ label: `${who} · train`, color: COLORS[m.role] });
    items.push({ label: `${who} · validation`, color: COLORS[m.role], dash: VAL_DASH });
  }
  if (data?.lsLossFloor) {
    items.push({
      label: `LS loss floor (α = ${formatAlpha(data.lsLossFloor.alpha)})`,
      color: COLORS.ls,
      dash: DASH.oracle,
    });
  }

  return (
    <ChartFrame
      title="Training curves: loss and accuracy"
      name="training curves"
      chartId="training-curves"
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => trainingCurvesTable(data) : undefined}
      explanation={explanation}
      empty={data && scales ? null : 'Train the CE and LS models to see their training curves.'}
    >
      {data && scales ? (
        <svg
          viewBox={`0 0 ${W} ${H}`}
          className="training-plot"
          role="img"
          aria-label="Training loss and accuracy"
        >
          <Legend items={items} x={8} y={12} width={W - 16} />
          <AxisLeft
            scale={scales.yLoss}
            at={M.left}
            grid={W - M.left - M.right}
            ticks={4}
            label="Train loss"
          />
          <AxisBottom scale={scales.x} at={LOSS.bottom} label="" format={() => ''} />
          <AxisLeft
            scale={scales.yAcc}
            at={M.left}
            grid={W - M.left - M.right}
            ticks={4}
            label="Accuracy (%)"
          />
          <AxisBottom scale={scales.x} at={ACC.bottom} label="Step" />
          {data.lsLossFloor ? (
            <line
              data-series="ls-loss-floor"
              data-value={data.lsLossFloor.value}
              x1={M.left}
              x2={W - M.right}
              y1={r3(scales.yLoss(data.lsLossFloor.value))}
              y2={r3(scales.yLoss(data.lsLossFloor.value))}
              stroke={COLORS.ls}
              strokeDasharray={DASH.oracle}
              strokeWidth={1.5}
            />
          ) : null}
          {data.loss.map((s) => (
            <Series key={s.id} s={s} x={scales.x} y={scales.yLoss} scale={1} />
          ))}
          {data.accuracy.map((s) => (
            <Series key={s.id} s={s} x={scales.x} y={scales.yAcc} scale={100} />
          ))}
        </svg>
      ) : null}
    </ChartFrame>
  );
}
