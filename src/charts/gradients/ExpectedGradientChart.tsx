import { useMemo, useState } from 'react';
import { scaleLinear } from 'd3';
import { AxisBottom, AxisLeft, Legend, r3, type LegendItem, type Margin } from '../common/axes';
import { ChartFrame } from '../common/ChartFrame';
import { COLORS } from '../../chartData/palette';
import { formatAlpha } from '../../model/format';
import type { PairView } from '../../model/views';
import {
  empiricalLsTermPointsOf,
  expectedGradientCurves,
  expectedGradientTable,
  finiteExtent,
  type Split,
} from '../../chartData/gradients';
import { linePath, paddedYScale, plotArea } from './paths';
import { CePartControl } from './CePartControl';
import '../gradients.css';
import { EMPIRICAL_BINS } from '../../chartData/specs';

export interface ExpectedGradientChartProps {
  pair: PairView;
  /** The α slider's current value: the theory curve follows it instantly (no retraining needed). */
  alpha: number;
  /** Split the LS model's empirical bins are computed on (default: test). */
  split?: Split;
  /** Initial CE-part mode: null = calibrated (CE part 0, the default), a number = that fixed π_max. */
  initialPMax?: number | null;
}

const W = 600;
const H = 360;
const M: Margin = { top: 16, right: 116, bottom: 100, left: 60 };
const MAX_R = 11;

export function ExpectedGradientChart({
  pair,
  alpha,
  split = 'test',
  initialPMax = null,
}: ExpectedGradientChartProps) {
  const [fixedPMax, setFixedPMax] = useState<number | null>(initialPMax);
  const [lastPMax, setLastPMax] = useState(initialPMax ?? 0.9);
  const k = pair.ls?.numClasses ?? pair.ce?.numClasses ?? pair.classNames.length;
  const ls = pair.ls;

  const curves = useMemo(
    () => (k >= 2 ? expectedGradientCurves(alpha, k, fixedPMax) : null),
    [alpha, k, fixedPMax],
  );
  const empirical = useMemo(() => {
    if (!ls || ls.alpha === 0) return [];
    return empiricalLsTermPointsOf(ls, split, ls.alpha, EMPIRICAL_BINS);
  }, [ls, split]);
  // If the slider has moved since the LS model was trained, the markers sit on the trained α's line.
  const trained = useMemo(
    () => (ls && ls.alpha !== alpha && empirical.length > 0 ? expectedGradientCurves(ls.alpha, k) : null),
    [ls, alpha, k, empirical.length],
  );

  const chart = useMemo(() => {
    if (!curves) return null;
    const a = plotArea(W, H, M);
    const x = scaleLinear().domain([0, 1]).range([a.x0, a.x1]);
    const floor = alpha >= 0 ? [-0.1, 0.3] : [-0.3, 0.1];
    const ext = finiteExtent(
      curves.lsTerm,
      curves.cePart,
      curves.total,
      floor,
      empirical.map((p) => p.lsTerm),
      trained ? trained.lsTerm : [],
    ) ?? [-0.1, 0.3];
    const y = paddedYScale(ext, [a.y0, a.y1]);
    const maxCount = Math.max(1, ...empirical.map((p) => p.count));
    return { a, x, y, maxCount };
  }, [curves, alpha, empirical, trained]);

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
    legend.push({ label: 'LS model, binned by π_max', color: COLORS.ls, kind: 'box' });

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
      α(K−1)/K, for predictions that are surely right and shrinks to zero at P_e = (K−1)/K, so LS lowers the
      confidence of likely-correct predictions the most. The blue dashed line is the ordinary cross-entropy
      part π_max − (1 − P_e), zero for a calibrated model (tick the box to fix π_max instead). The orange dots
      bin the LS model&apos;s {split === 'val' ? 'validation' : 'test'} samples by π_max (area ∝ count): they
      lie on the trained α&apos;s line by construction and show where its samples sit, the confident bins at
      small P_e getting the largest push (the CE model, α = 0, has no LS term and is not shown).
    </p>
  );

  return (
    <ChartFrame
      title="Expected gradient on the max logit vs probability of error"
      name="expected gradient"
      chartId="expected-gradient"
      exportAlpha={alpha}
      exportTable={
        curves
          ? () => expectedGradientTable({ curves, trained, empirical, empiricalAlpha: ls ? ls.alpha : null })
          : undefined
      }
      explanation={explanation}
      controls={controls}
      empty={empty}
    >
      {curves && chart ? (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Expected gradient on the max logit against P_e">
          <AxisBottom
            scale={chart.x}
            at={chart.a.y0}
            grid={chart.a.y0 - chart.a.y1}
            label="probability of error P_e"
          />
          <AxisLeft scale={chart.y} at={chart.a.x0} grid={chart.a.x1 - chart.a.x0} label="E[∂L/∂v_max]" />
          <line
            className="grad-zero"
            x1={chart.a.x0}
            x2={chart.a.x1}
            y1={r3(chart.y(0))}
            y2={r3(chart.y(0))}
          />
          <text className="grad-note" x={chart.a.x1 + 8} y={r3(chart.y(0) - 20)}>
            <tspan>▲ above 0: v_max</tspan>
            <tspan x={chart.a.x1 + 20} dy={13}>
              pushed down
            </tspan>
          </text>
          <text className="grad-note" x={chart.a.x1 + 8} y={r3(chart.y(0) + 16)}>
            <tspan>▼ below 0: v_max</tspan>
            <tspan x={chart.a.x1 + 20} dy={13}>
              pushed up
            </tspan>
          </text>
          <g data-series="zero-crossing" data-pe={r3(curves.zeroPe)}>
            <line
              className="grad-marker"
              x1={r3(chart.x(curves.zeroPe))}
              x2={r3(chart.x(curves.zeroPe))}
              y1={chart.a.y0}
              y2={chart.a.y1}
            />
            <text
              className="grad-note"
              x={r3(chart.x(curves.zeroPe) - 4)}
              y={chart.a.y1 + 10}
              textAnchor="end"
            >
              P_e = (K−1)/K = {r3(curves.zeroPe)}
            </text>
          </g>
          {trained ? (
            <path
              data-series="trained-ls-term"
              data-alpha={ls?.alpha}
              data-points={trained.pe.length}
              d={linePath(trained.pe, trained.lsTerm, chart.x, chart.y)}
              fill="none"
              stroke={COLORS.ls}
              strokeWidth={1.5}
              strokeDasharray="1 3"
            />
          ) : null}
          <path
            data-series="expected-ce-part"
            data-mode={fixedPMax === null ? 'calibrated' : 'fixed'}
            data-pmax={fixedPMax ?? undefined}
            data-points={curves.pe.length}
            d={linePath(curves.pe, curves.cePart, chart.x, chart.y)}
            fill="none"
            stroke={COLORS.ceTerm}
            strokeWidth={2.5}
            strokeDasharray="5 3"
          />
          {fixedPMax !== null ? (
            <path
              data-series="expected-total"
              data-points={curves.pe.length}
              d={linePath(curves.pe, curves.total, chart.x, chart.y)}
              fill="none"
              stroke="currentColor"
              strokeWidth={1.5}
              strokeDasharray="2 3"
            />
          ) : null}
          <path
            data-series="expected-ls-term"
            data-alpha={alpha}
            data-k={k}
            data-points={curves.pe.length}
            d={linePath(curves.pe, curves.lsTerm, chart.x, chart.y)}
            fill="none"
            stroke={COLORS.lsTerm}
            strokeWidth={3}
          />
          <g
            data-series="empirical-ls-term"
            data-model="ls"
            data-split={split}
            data-points={empirical.length}
          >
            {empirical.map((p) => (
              <circle
                key={p.lo}
                className="grad-bin"
                data-count={p.count}
                data-pe={r3(p.pe)}
                data-ls-term={r3(p.lsTerm)}
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
          <Legend items={legend} x={chart.a.x0} y={H - 46} width={chart.a.x1 - chart.a.x0} />
        </svg>
      ) : null}
    </ChartFrame>
  );
}
