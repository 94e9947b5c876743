import { useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import { quadtree } from 'd3';
import { AxisBottom, AxisLeft } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { clipUrl, PlotSvg, PointerOverlay, useChartFrame, type ChartFrameHandle } from '../kit/frame';
import { canvasBoxStyle, r3, type FrameSpec } from '../kit/layout';
import { COLORS, DASH } from '../../chartData/palette';
import {
  RAY_COVERAGES,
  rayEnd,
  scaleInvarianceSpec,
  wedge,
  type ScatterOptions,
  type ScatterReady,
} from '../../chartData/normalisationScatter';
import type { CoverageCut } from '../../analysis/scaleInvariance';
import { scatterWords } from '../../chartData/normalisationWords';
import { formatPMaxFromLog } from '../../model/format';
import { modelScores } from '../../chartData/modelScores';
import type { ModelRole, PairView } from '../../model/views';
import type { PointSelection } from '../../model/selection';
import { ScatterCanvas } from './ScatterCanvas';

const FRAME: FrameSpec = {
  width: 560,
  height: 450,
  margin: { top: 30, right: 44, bottom: 92, left: 58 },
};

export interface ScaleInvarianceChartProps {
  pair: PairView;
  /** A click on a dot: that test sample, for Look closer. */
  onSelect?: (selection: PointSelection) => void;
}

function Legend({ x, y, rays, showMsp }: { x: number; y: number; rays: CoverageCut[]; showMsp: boolean }) {
  const rows: { label: string; mark: ReactNode; at: number }[][] = [
    [
      { label: 'correct ✓', mark: <circle cx={7} r={3} fill={COLORS.correct} />, at: 0 },
      {
        label: 'wrong ✗',
        mark: <path d="M3,-4L11,4M3,4L11,-4" stroke={COLORS.incorrect} strokeWidth={1.6} />,
        at: 110,
      },
      ...(showMsp
        ? [
            {
              label: `kept by MSP at ${rays[0].coverage * 100} %`,
              mark: <circle cx={7} r={4.5} fill="none" stroke="currentColor" />,
              at: 210,
            },
          ]
        : []),
    ],
    [
      {
        label: `pNorm rays: ${rays.map((r) => `top ${r.coverage * 100} % at s ≥ ${r.threshold.toFixed(3)}`).join(', ')}`,
        mark: <line x2={22} stroke={COLORS.pnorm} strokeWidth={2} strokeDasharray={DASH.pNorm} />,
        at: 0,
      },
    ],
  ];
  return (
    <g className="legend" transform={`translate(${x},${y})`}>
      {rows.flatMap((row, j) =>
        row.map((it) => (
          <g key={it.label} transform={`translate(${it.at},${j * 18})`}>
            {it.mark}
            <text x={28} dy="0.32em">
              {it.label}
            </text>
          </g>
        )),
      )}
    </g>
  );
}

function Plot({
  frame,
  data,
  showMsp,
  onPick,
  picked,
}: {
  frame: ChartFrameHandle;
  data: ScatterReady;
  showMsp: boolean;
  onPick: (i: number | null) => void;
  picked: number | null;
}) {
  const { x, y, tree } = useMemo(() => {
    const e = data.extent;
    const xs = frame.x([0, Math.max(e.xMax, 1e-9) * 1.04], frame);
    const ys = frame.y([Math.min(0, e.yMin * 1.05), Math.max(e.yMax, 1e-9) * 1.06]);
    const idx = Array.from({ length: data.n }, (_, i) => i).filter((i) => data.norm[i] === data.norm[i]);
    const t = quadtree<number>()
      .x((i) => xs(data.norm[i]))
      .y((i) => ys(data.uMax[i]))
      .addAll(idx);
    return { x: xs, y: ys, tree: t };
  }, [data, frame]);
  const box = { xMax: x.domain()[1], yMin: y.domain()[0], yMax: y.domain()[1] };
  const clipId = `${frame.clipId}-ni`;
  const click = (e: MouseEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg) return;
    const r = svg.getBoundingClientRect();
    const sx = ((e.clientX - r.left) / r.width) * frame.width;
    const sy = ((e.clientY - r.top) / r.height) * frame.height;
    const hit = tree.find(sx, sy, 8);
    onPick(hit ?? null);
  };
  const label = `${data.name}: u_max against ‖u‖_${data.p.p} for ${data.n} test samples`;
  return (
    <div
      className="ni-box"
      style={canvasBoxStyle(frame, { aspectRatio: `${frame.width} / ${frame.height}` })}
    >
      <ScatterCanvas data={data} frame={frame} x={x} y={y} showMsp={showMsp} />
      <PlotSvg frame={frame} clipArea clipId={clipId} role="img" aria-label={label}>
        <text
          className="panel-title"
          x={frame.x0}
          y={frame.y1 - 12}
          fill={data.role === 'ce' ? COLORS.ce : COLORS.ls}
        >
          {data.name}
          <tspan className="panel-sub">{`  ${data.n.toLocaleString('en')} test samples · p = ${data.p.p}${data.p.source === 'fallback' ? ' (MSP fallback: p = 2 drawn)' : ''}`}</tspan>
        </text>
        <AxisBottom
          scale={x}
          at={frame.y0}
          grid={frame.innerHeight}
          label={`‖u‖_${data.p.p}, the ${data.p.p}-norm of the ${data.centred ? 'centred ' : ''}logits`}
        />
        <AxisLeft
          scale={y}
          at={frame.x0}
          grid={frame.innerWidth}
          label={`u_max, the largest ${data.centred ? 'centred ' : ''}logit`}
        />
        <g clipPath={clipUrl(clipId)}>
          <path
            data-series="pnorm-wedge"
            d={`M${wedge(data.rays[0].threshold, box)
              .map(([a, b]) => `${r3(x(a))},${r3(y(b))}`)
              .join('L')}Z`}
            fill={COLORS.pnorm}
            fillOpacity={0.08}
            stroke="none"
          />
        </g>
        {data.rays.map((ray) => {
          const [ex, ey] = rayEnd(ray.threshold, box);
          const c = Math.round(ray.coverage * 100);
          return (
            <g key={c} className="ni-ray">
              <line
                data-series={`pnorm-ray-${c}`}
                x1={r3(x(0))}
                y1={r3(y(0))}
                x2={r3(x(ex))}
                y2={r3(y(ey))}
                stroke={COLORS.pnorm}
                strokeWidth={2}
                strokeDasharray={DASH.pNorm}
              />
              <text
                x={r3(x(ex)) + (ey >= box.yMax * 0.999 ? 0 : 5)}
                y={r3(y(ey)) - (ey >= box.yMax * 0.999 ? 5 : 0)}
                dy={ey >= box.yMax * 0.999 ? undefined : '0.32em'}
                textAnchor={ey >= box.yMax * 0.999 ? 'middle' : 'start'}
                className="ni-ray-label"
              >
                {`${c} %`}
              </text>
            </g>
          );
        })}
        {picked !== null ? (
          <circle
            data-export="skip"
            cx={r3(x(data.norm[picked]))}
            cy={r3(y(data.uMax[picked]))}
            r={7}
            fill="none"
            stroke={COLORS.ls}
            strokeWidth={2.5}
          />
        ) : null}
        <PointerOverlay frame={frame} className="ni-overlay" onClick={click} />
        <Legend x={frame.x0 - 40} y={frame.height - 32} rays={data.rays} showMsp={showMsp} />
      </PlotSvg>
    </div>
  );
}

/** Where one clicked sample sits, in words. */
function Picked({ data, i, logMsp }: { data: ScatterReady; i: number; logMsp: number | null }) {
  return (
    <p className="ni-picked" aria-live="polite" data-testid="scale-invariance-picked">
      {`Test sample #${i} (${data.errors[i] ? 'wrong ✗' : 'correct ✓'}): ‖u‖_${data.p.p} = ${data.norm[i].toFixed(3)}, u_max = ${data.uMax[i].toFixed(3)}, MaxLogit-pNorm = ${data.score[i].toFixed(4)}`}
      {logMsp !== null ? `, π_max = ${formatPMaxFromLog(logMsp)}` : ''}
      {'. Look closer (section 2) shows it.'}
    </p>
  );
}

/** Every test sample of one model at (‖u‖_p, u_max), with MaxLogit-pNorm's iso-score rays (science.md §4). */
export function ScaleInvarianceChart({ pair, onSelect }: ScaleInvarianceChartProps) {
  const initial = useMemo(() => scaleInvarianceSpec.initial(pair), [pair]);
  const [roleChoice, setRole] = useState<ModelRole | null>(null);
  const [showMsp, setShowMsp] = useState(initial.showMsp);
  const [picked, setPicked] = useState<{ role: ModelRole; i: number } | null>(null);
  const role = roleChoice ?? initial.role;
  const options: ScatterOptions = useMemo(() => ({ role, showMsp }), [role, showMsp]);
  const data = useMemo(() => scaleInvarianceSpec.build(pair, options), [pair, options]);
  const ready = data?.kind === 'ready' ? data : null;
  const pick = ready && picked && picked.role === role && picked.i < ready.n ? picked.i : null;
  const model = role === 'ls' ? pair.ls : pair.ce;
  const logMsp = pick === null ? null : (modelScores(model)?.logMsp[pick] ?? null);
  const frame = useChartFrame(FRAME);

  const controls = (
    <div className="chart-toggles" role="group" aria-label="Scatter options">
      {(['ls', 'ce'] as const).map((r) => (
        <label key={r}>
          <input
            type="radio"
            name={`ni-role-${frame.clipId}`}
            checked={role === r}
            disabled={!(r === 'ls' ? pair.ls : pair.ce)}
            onChange={() => setRole(r)}
          />
          {r === 'ls'
            ? `LS model${pair.ls ? ` (${pair.ls.name ?? `α = ${pair.ls.alpha}`})` : ''}`
            : 'CE model'}
        </label>
      ))}
      <label>
        <input type="checkbox" checked={showMsp} onChange={(e) => setShowMsp(e.target.checked)} />
        Ring MSP&apos;s top {RAY_COVERAGES[0] * 100} %
      </label>
    </div>
  );
  const words = ready ? scatterWords(ready, showMsp) : [];
  const explanation = (
    <>
      <p>
        Each dot is a test sample: x is the size ‖u‖_p of its {ready && !ready.centred ? '' : 'centred '}logit
        vector u, y its largest entry u_max. MaxLogit-pNorm, u_max / ‖u‖_p, is the slope of the line from the
        origin through the dot: shrinking a sample&apos;s logits by any factor slides the dot along that line
        and leaves its score alone. So a threshold on the normalised score is a ray, and what it keeps is the
        wedge above it (shaded: the top {RAY_COVERAGES[0] * 100} %). MSP is not scale-free: softmax(r·u)
        flattens as r shrinks, so the samples MSP keeps (ringed) are not a wedge. Label smoothing shrinks the
        logits most on likely-correct samples; a score that ignores the scale undoes that. Click a dot for its
        numbers.
      </p>
      {words.map((w) => (
        <p key={w} data-testid="scale-invariance-words">
          {w}
        </p>
      ))}
    </>
  );
  const empty = !data
    ? 'Train a CE/LS pair to place its test samples by logit size and max logit.'
    : data.kind === 'unavailable'
      ? data.reason
      : null;
  return (
    <ChartFrame
      title="Scale invariance: the normalised score is a slope"
      name="scale invariance"
      chartId={scaleInvarianceSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => scaleInvarianceSpec.table(data, options) : undefined}
      explanation={explanation}
      controls={controls}
      empty={empty}
    >
      {ready ? (
        <>
          <Plot
            frame={frame}
            data={ready}
            showMsp={showMsp}
            picked={pick}
            onPick={(i) => {
              setPicked(i === null ? null : { role, i });
              if (i !== null) onSelect?.({ kind: 'point', index: i });
            }}
          />
          {pick !== null ? <Picked data={ready} i={pick} logMsp={logMsp} /> : null}
        </>
      ) : null}
    </ChartFrame>
  );
}
