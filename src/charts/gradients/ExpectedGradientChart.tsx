import { useMemo, useState } from 'react';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { PlotSvg, useChartFrame } from '../kit/frame';
import { r3, type FrameSpec } from '../kit/layout';
import { COLORS } from '../../chartData/palette';
import { formatAlpha } from '../../model/format';
import type { PairView } from '../../model/views';
import { expectedGradientSpec, finiteExtent, pairClasses, type Split } from '../../chartData/gradients';
import { linePath, paddedYScale } from './paths';
import { CePartControl } from './CePartControl';
import '../gradients.css';

export interface ExpectedGradientChartProps {
  pair: PairView;
  /** The α slider's current value: the theory curve follows it instantly (no retraining needed). */
  alpha: number;
  /** Split the LS model's empirical bins are computed on (default: test). */
  split?: Split;
  /** Initial CE-part mode: null = calibrated (CE part 0, the default), a number = that fixed π_max. */
  initialPMax?: number | null;
}

/** The right margin holds the "pushed up / down" notes, the bottom one the legend. */
const FRAME: FrameSpec = { width: 600, height: 360, margin: { top: 16, right: 116, bottom: 100, left: 60 } };
const MAX_R = 11;

/** One curve against P_e: its series id, points and stroke. */
interface Curve {
  id: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  color: string;
  width: number;
  dash?: string;
}

const curve = (
  id: string,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  color: string,
  width: number,
  dash?: string,
): Curve => ({ id, xs, ys, color, width, dash });

export function ExpectedGradientChart({ pair, alpha, split, initialPMax }: ExpectedGradientChartProps) {
  const initial = useMemo(() => expectedGradientSpec.initial({ pair, alpha }), [pair, alpha]);
  const [fixedPMax, setFixedPMax] = useState<number | null>(initialPMax ?? initial.fixedPMax);
  const [lastPMax, setLastPMax] = useState(initialPMax ?? 0.9);
  const k = pairClasses(pair);
  const ls = pair.ls;
  const options = useMemo(
    () => ({ ...initial, split: split ?? initial.split, fixedPMax }),
    [initial, split, fixedPMax],
  );
  const data = useMemo(() => expectedGradientSpec.build({ pair, alpha }, options), [pair, alpha, options]);
  const frame = useChartFrame(FRAME);
  const curves = data?.curves ?? null;
  const empirical = useMemo(() => data?.empirical ?? [], [data]);
  const trained = data?.trained ?? null;

  const chart = useMemo(() => {
    if (!curves) return null;
    const x = frame.x([0, 1]);
    const floor = alpha >= 0 ? [-0.1, 0.3] : [-0.3, 0.1];
    const ext = finiteExtent(
      curves.lsTerm,
      curves.cePart,
      curves.total,
      floor,
      empirical.map((p) => p.lsTerm),
      trained ? trained.lsTerm : [],
    ) ?? [-0.1, 0.3];
    const y = paddedYScale(ext, [frame.y0, frame.y1]);
    const maxCount = Math.max(1, ...empirical.map((p) => p.count));
    return { x, y, maxCount };
  }, [curves, alpha, empirical, trained, frame]);

  const empty = k < 2 ? 'Choose a dataset to see the expected gradient on the max logit.' : null;
  const alphaText = formatAlpha(alpha);
  const legend: LegendItem[] = [
    { label: `LS term, α = ${alphaText}`, color: COLORS.lsTerm },
    {
      label: fixedPMax === null ? 'CE part if calibrated (= 0)' : `CE part, π_max = ${fixedPMax.toFixed(2)}`,
      color: COLORS.ceTerm,
      dash: '5 3',
    },
  ];
  if (fixedPMax !== null)
    legend.push({ label: 'total = CE part + LS term', color: 'currentColor', dash: '2 3' });
  if (trained)
    legend.push({
      label: `LS term at trained α = ${formatAlpha(ls?.alpha ?? 0)}`,
      color: COLORS.ls,
      dash: '1 3',
    });
  if (empirical.length > 0)
    legend.push({ label: 'LS bins: formula at their P̂_e', color: COLORS.ls, kind: 'box' });

  // Drawn in this order: the LS term last, on top.
  const lines: Curve[] = curves
    ? [
        ...(trained ? [curve('trained-ls-term', trained.pe, trained.lsTerm, COLORS.ls, 1.5, '1 3')] : []),
        curve('expected-ce-part', curves.pe, curves.cePart, COLORS.ceTerm, 2.5, '5 3'),
        ...(fixedPMax !== null
          ? [curve('expected-total', curves.pe, curves.total, 'currentColor', 1.5, '2 3')]
          : []),
        curve('expected-ls-term', curves.pe, curves.lsTerm, COLORS.lsTerm, 3),
      ]
    : [];

  const controls = (
    <CePartControl
      fixedPMax={fixedPMax}
      sliderPMax={lastPMax}
      numClasses={k}
      onChange={(fixed, slider) => {
        setFixedPMax(fixed);
        setLastPMax(slider);
      }}
    />
  );

  const explanation = (
    <p>
      The x axis is the probability P_e that a prediction is wrong; the y axis is the average push training
      gives the largest logit v_max (its expected gradient), where positive means gradient descent pushes
      v_max down. The pink line is the extra push label smoothing adds, α((K−1)/K − P_e): it is largest,
      α(K−1)/K, for predictions that are surely right and shrinks to zero at P_e = (K−1)/K, so by the formula
      LS lowers the confidence of likely-correct predictions the most. The blue dashed line is the ordinary
      cross-entropy part π_max − (1 − P_e), zero for a calibrated model (tick the box to fix π_max instead).
      The orange dots bin the LS model&apos;s {options.split === 'val' ? 'validation' : 'test'} samples by
      π_max (area ∝ count) and put each bin at its error rate P̂_e, with height α((K−1)/K − P̂_e): the formula
      evaluated at the bin&apos;s error rate, so the dots lie on the trained α&apos;s line by construction.
      They show where this model&apos;s samples sit along the line, not that the line is right. The evidence
      that LS presses harder on likely-correct predictions is in the twin comparisons of this section, where
      each LS sample is held against its CE twin: how much LS shrinks a sample&apos;s max logit given the CE
      model&apos;s confidence, and where each sample ranks under CE and under LS. (The CE model, α = 0, has no
      LS term and is not shown.)
    </p>
  );

  return (
    <ChartFrame
      title="Expected gradient on the max logit vs probability of error"
      name="expected gradient"
      chartId={expectedGradientSpec.id}
      frame={frame}
      exportAlpha={alpha}
      exportTable={data ? () => expectedGradientSpec.table(data, options) : undefined}
      explanation={explanation}
      controls={controls}
      empty={empty}
    >
      {curves && chart ? (
        <PlotSvg frame={frame} role="img" aria-label="Expected gradient on the max logit against P_e">
          <AxisBottom
            scale={chart.x}
            at={frame.y0}
            grid={frame.y0 - frame.y1}
            label="probability of error P_e"
          />
          <AxisLeft scale={chart.y} at={frame.x0} grid={frame.x1 - frame.x0} label="E[∂L/∂v_max]" />
          <line className="grad-zero" x1={frame.x0} x2={frame.x1} y1={r3(chart.y(0))} y2={r3(chart.y(0))} />
          <text className="grad-note" x={frame.x1 + 8} y={r3(chart.y(0) - 20)}>
            <tspan>▲ above 0: v_max</tspan>
            <tspan x={frame.x1 + 20} dy={13}>
              pushed down
            </tspan>
          </text>
          <text className="grad-note" x={frame.x1 + 8} y={r3(chart.y(0) + 16)}>
            <tspan>▼ below 0: v_max</tspan>
            <tspan x={frame.x1 + 20} dy={13}>
              pushed up
            </tspan>
          </text>
          <g data-series="zero-crossing">
            <line
              className="grad-marker"
              x1={r3(chart.x(curves.zeroPe))}
              x2={r3(chart.x(curves.zeroPe))}
              y1={frame.y0}
              y2={frame.y1}
            />
            <text className="grad-note" x={r3(chart.x(curves.zeroPe) - 4)} y={frame.y1 + 10} textAnchor="end">
              P_e = (K−1)/K = {r3(curves.zeroPe)}
            </text>
          </g>
          {lines.map((c) => (
            <path
              key={c.id}
              data-series={c.id}
              d={linePath(c.xs, c.ys, chart.x, chart.y)}
              fill="none"
              stroke={c.color}
              strokeWidth={c.width}
              strokeDasharray={c.dash}
            />
          ))}
          <g data-series="empirical-ls-term">
            {empirical.map((p) => (
              <circle
                key={p.lo}
                className="grad-bin"
                cx={r3(chart.x(p.pe))}
                cy={r3(chart.y(p.lsTerm))}
                r={r3(Math.max(2.5, MAX_R * Math.sqrt(p.count / chart.maxCount)))}
                fill={COLORS.ls}
              >
                <title>
                  {`π_max in (${r3(p.lo)}, ${r3(p.hi)}]: ${p.count} samples, error rate P̂_e = ${r3(p.pe)}, ` +
                    `LS term α(acc − 1/K) = ${r3(p.lsTerm)}`}
                </title>
              </circle>
            ))}
          </g>
          <Legend items={legend} x={frame.x0} y={frame.height - 46} width={frame.x1 - frame.x0} />
        </PlotSvg>
      ) : null}
    </ChartFrame>
  );
}
