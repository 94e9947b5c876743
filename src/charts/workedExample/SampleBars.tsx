/**
 * One worked-example sample drawn: its K logits under CE and under LS side by side (left panel),
 * and the LS model's per-logit gradient split into the CE part and the LS extra term, with their sum
 * (right panel), one row per class.
 */
import { AxisBottom, Legend, type LegendItem } from '../kit/axes';
import { PlotSvg } from '../kit/frame';
import { r3, splitRange, xScaleOf, type Layout } from '../kit/layout';
import { COLORS } from '../../chartData/palette';
import { formatAlpha } from '../../model/format';
import { className, type WorkedExampleData, type WorkedSample } from '../../chartData/workedExample';
import { finiteExtent } from '../../chartData/gradients';
import { paddedYScale } from '../gradients/paths';

export const PANEL_GAP = 36;

export function legendItems(alpha: number): LegendItem[] {
  return [
    { label: 'logit v_k, CE', color: COLORS.ce, kind: 'box' },
    { label: `logit v_k, LS α = ${formatAlpha(alpha)}`, color: COLORS.ls, kind: 'box' },
    { label: 'CE part π_k − y_k', color: COLORS.ceTerm, kind: 'box' },
    { label: 'LS extra α(y_k − 1/K)', color: COLORS.lsTerm, kind: 'box' },
    { label: 'total ∂L_LS/∂v_k (> 0: a step lowers v_k)', color: 'currentColor' },
  ];
}

/** A horizontal bar from 0 to v on scale x, in row band [top, top + h]. */
function bar(x: (v: number) => number, v: number, top: number, h: number) {
  const a = x(0);
  const b = x(v);
  return { x: r3(Math.min(a, b)), y: r3(top), width: r3(Math.abs(b - a)), height: r3(h) };
}

/** "max" just past the end of the predicted class's bar (left of a negative one). */
function MaxNote({ x, v, y, color }: { x: (v: number) => number; v: number; y: number; color: string }) {
  return (
    <text
      className="grad-note"
      x={r3(x(v) + (v >= 0 ? 3 : -3))}
      y={r3(y)}
      dy="0.32em"
      textAnchor={v >= 0 ? 'start' : 'end'}
      fill={color}
    >
      max
    </text>
  );
}

export function SampleBars({
  data,
  sample,
  frame,
}: {
  data: WorkedExampleData;
  sample: WorkedSample;
  frame: Layout & { clipId: string };
}) {
  const k = data.k;
  const [left, right] = splitRange(frame.x0, frame.x1, [1, 1], PANEL_GAP);
  const logitExt = finiteExtent(sample.ce.logits, sample.ls.logits, [0]) ?? [-1, 1];
  const xl = paddedYScale(logitExt, left);
  const gMax = Math.max(
    0.05,
    ...sample.grad.total.map(Math.abs),
    ...sample.grad.cePart.map(Math.abs),
    ...sample.grad.lsExtra.map(Math.abs),
  );
  const xg = xScaleOf({ x0: right[0], x1: right[1] }, [-gMax * 1.08, gMax * 1.08]);
  const rowH = frame.innerHeight / k;
  const barH = Math.max(2, rowH * 0.36);
  const letter = sample.slot === 0 ? 'A' : 'B';
  return (
    <PlotSvg
      frame={frame}
      role="img"
      aria-label={`Sample ${letter}, test #${sample.index}: its logits under CE and LS, and the LS gradient per class`}
      data-slot={letter.toLowerCase()}
    >
      <text className="panel-title" x={r3(left[0])} y={frame.y1 - 10}>
        logit v_k: CE, LS
      </text>
      <text className="panel-title" x={r3(right[0])} y={frame.y1 - 10}>
        {`LS gradient, α = ${formatAlpha(data.alpha)}`}
      </text>
      {Array.from({ length: k }, (_, c) => {
        const top = frame.y1 + c * rowH;
        const mid = top + rowH / 2;
        const isTrue = c === sample.label;
        return (
          <g key={c} data-class={c}>
            <text
              x={frame.x0 - 8}
              y={r3(mid)}
              dy="0.32em"
              textAnchor="end"
              fontWeight={isTrue ? 700 : undefined}
            >
              {`${className(data, c)}${isTrue ? ' (true)' : ''}`}
            </text>
            <rect {...bar(xl, sample.ce.logits[c], mid - barH, barH)} fill={COLORS.ce} />
            <rect {...bar(xl, sample.ls.logits[c], mid, barH)} fill={COLORS.ls} />
            {c === sample.ce.pred ? (
              <MaxNote x={xl} v={sample.ce.logits[c]} y={mid - barH / 2} color={COLORS.ce} />
            ) : null}
            {c === sample.ls.pred ? (
              <MaxNote x={xl} v={sample.ls.logits[c]} y={mid + barH / 2} color={COLORS.ls} />
            ) : null}
            <rect {...bar(xg, sample.grad.cePart[c], mid - barH, barH)} fill={COLORS.ceTerm} />
            <rect {...bar(xg, sample.grad.lsExtra[c], mid, barH)} fill={COLORS.lsTerm} />
            <line
              x1={r3(xg(sample.grad.total[c]))}
              x2={r3(xg(sample.grad.total[c]))}
              y1={r3(mid - barH - 2)}
              y2={r3(mid + barH + 2)}
              stroke="currentColor"
              strokeWidth={2.5}
            />
          </g>
        );
      })}
      <line className="grad-zero" x1={r3(xl(0))} x2={r3(xl(0))} y1={frame.y1} y2={frame.y0} />
      <line className="grad-zero" x1={r3(xg(0))} x2={r3(xg(0))} y1={frame.y1} y2={frame.y0} />
      <AxisBottom scale={xl} at={frame.y0} label="logit" ticks={4} />
      <AxisBottom scale={xg} at={frame.y0} label="gradient ∂L/∂v_k" ticks={4} />
      <Legend items={legendItems(data.alpha)} x={frame.x0} y={frame.y0 + 52} width={frame.innerWidth} />
    </PlotSvg>
  );
}
