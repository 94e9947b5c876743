import { line, max, min } from 'd3';
import { useMemo } from 'react';
import type { PairView } from '../../model/views';
import { LevelLine, type LegendItem } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { useChartFrame } from '../kit/frame';
import { r3, splitRange, type FrameSpec, type XYScales } from '../kit/layout';
import { StackedPlot, type StackedLabels } from '../kit/StackedPlot';
import { COLORS, DASH } from '../../chartData/palette';
import { formatAlpha, shortName } from '../../model/format';
import { trainingCurvesSpec, type TrainingSeries } from '../../chartData/trainingCurves';
import { Prose } from '../kit/Prose';
import { trainingFacts, trainingWords } from '../../chartData/words/trainingWords';

const FRAME: FrameSpec = { width: 600, height: 384, margin: { top: 70, right: 16, bottom: 44, left: 56 } };
/** Heights of the loss and accuracy panels at the reference size, and the gap between them. */
const PANELS = [118, 124];
const PANEL_GAP = 28;
const LABELS: StackedLabels = {
  className: 'training-plot',
  ariaLabel: 'Training loss and accuracy',
  xLabel: 'Step',
  yLabels: ['Train loss', 'Accuracy (%)'],
};
const VAL_DASH = '6 3';

export interface TrainingCurvesChartProps {
  pair: PairView;
}

function Series({
  s,
  x,
  y,
  scale,
}: XYScales & {
  s: TrainingSeries;
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
        d={d ?? ''}
        fill="none"
        stroke={color}
        strokeWidth={2}
        strokeDasharray={s.metric === 'valAcc' ? VAL_DASH : undefined}
      />
      {last >= 0 ? (
        <circle cx={r3(x(s.steps[last]))} cy={r3(y(s.values[last] * scale))} r={3} fill={color}>
          <title>{`${shortName(s)}, step ${s.steps[last]}: ${(s.values[last] * scale).toFixed(s.metric === 'trainLoss' ? 3 : 1)}${s.metric === 'trainLoss' ? '' : '%'}`}</title>
        </circle>
      ) : null}
    </g>
  );
}

/** Train loss, train accuracy and validation accuracy of the CE/LS pair against the step. */
export function TrainingCurvesChart({ pair }: TrainingCurvesChartProps) {
  const data = useMemo(() => trainingCurvesSpec.build(pair, trainingCurvesSpec.initial(pair)), [pair]);
  const frame = useChartFrame(FRAME);
  const total = Math.max(pair.ce?.totalSteps ?? 0, pair.ls?.totalSteps ?? 0);
  const step = Math.max(pair.ce?.step ?? 0, pair.ls?.step ?? 0);
  const words = useMemo(
    () => trainingWords(data ? trainingFacts(data, total, step) : null),
    [data, total, step],
  );
  const scales = useMemo(() => {
    if (!data) return null;
    const [lossPanel, accPanel] = splitRange(frame.y1, frame.y0, PANELS, PANEL_GAP);
    const x = frame.x([0, Math.max(1, data.maxStep)]);
    const lossMax = max(data.loss.flatMap((s) => s.values)) ?? 1;
    const yLoss = frame.y([0, Math.max(lossMax, data.lsLossFloor?.value ?? 0, 1e-3) * 1.05], {
      area: { y0: lossPanel[1], y1: lossPanel[0] },
    });
    const accMin = (min(data.accuracy.flatMap((s) => s.values)) ?? 0) * 100;
    const yAcc = frame.y([Math.max(0, accMin - 5), 100], { area: { y0: accPanel[1], y1: accPanel[0] } });
    return { x, yLoss, yAcc };
  }, [data, frame]);

  const items: LegendItem[] = [];
  for (const m of [pair.ce, pair.ls]) {
    if (!m) continue;
    const who = shortName({ role: m.role, alpha: m.alpha });
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
      chartId={trainingCurvesSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => trainingCurvesSpec.table(data, null) : undefined}
      explanation={<Prose name="training-curves" paragraphs={words} />}
      empty={data && scales ? null : 'Train the CE and LS models to see their training curves.'}
    >
      {data && scales ? (
        <StackedPlot
          frame={frame}
          labels={LABELS}
          x={scales.x}
          ys={[scales.yLoss, scales.yAcc]}
          legend={items}
        >
          {data.lsLossFloor ? (
            <LevelLine
              id="ls-loss-floor"
              frame={frame}
              y={scales.yLoss(data.lsLossFloor.value)}
              color={COLORS.ls}
            />
          ) : null}
          {data.loss.map((s) => (
            <Series key={s.id} s={s} x={scales.x} y={scales.yLoss} scale={1} />
          ))}
          {data.accuracy.map((s) => (
            <Series key={s.id} s={s} x={scales.x} y={scales.yAcc} scale={100} />
          ))}
        </StackedPlot>
      ) : null}
    </ChartFrame>
  );
}
