/**
 * Calibration beside ranking (science.md §3): the reliability diagram of π_max for the CE and the LS
 * model (15 equal-width bins: each bin's accuracy as a bar, its mean confidence as a tick, the
 * diagonal of perfect calibration) with the bin counts under it, and each model's ECE; the words say
 * whether "LS calibrates better while it ranks worse" holds on these data.
 */
import { ChartFrame } from '../kit/ChartFrame';
import { PlotSvg, useChartFrame } from '../kit/frame';
import { r3, splitRange, xScaleOf, yScaleOf, type FrameSpec } from '../kit/layout';
import { AxisBottom, AxisLeft, Legend } from '../kit/axes';
import { Prose } from '../kit/Prose';
import { COLORS } from '../../chartData/palette';
import { reliabilitySpec, type ModelScoreSet } from '../../chartData/confidenceScores';
import { calibrationWords } from '../../chartData/words/scoresWords';
import type { Interval } from '../../analysis/bootstrap';
import type { PairView } from '../../model/views';
import { useScoreCompare } from './useScoreCompare';
import './scores.css';

const FRAME: FrameSpec = { width: 640, height: 440, margin: { top: 28, right: 16, bottom: 96, left: 58 } };

function Panel({
  m,
  x0,
  x1,
  top,
  bottom,
}: {
  m: ModelScoreSet;
  x0: number;
  x1: number;
  top: [number, number];
  bottom: [number, number];
}) {
  const x = xScaleOf({ x0, x1 }, [0, 1]);
  const y = yScaleOf({ y0: top[1], y1: top[0] }, [0, 1], { nice: false });
  const r = m.reliability;
  let maxCount = 0;
  for (let b = 0; b < r.count.length; b++) maxCount = Math.max(maxCount, r.count[b]);
  const yc = yScaleOf({ y0: bottom[1], y1: bottom[0] }, [0, Math.max(1, maxCount)]);
  const color = COLORS[m.role];
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  return (
    <g data-model={m.role} data-ece={m.ece}>
      <text className="sc-panel-title" x={x0} y={top[0] - 10}>
        {`${m.name} · ECE ${(m.ece * 100).toFixed(2)}%`}
      </text>
      <AxisLeft
        scale={y}
        at={x0}
        grid={x1 - x0}
        label="Accuracy"
        tickValues={ticks}
        format={(v) => v.toFixed(1)}
      />
      <line
        className="sc-diagonal"
        x1={r3(x(0))}
        y1={r3(y(0))}
        x2={r3(x(1))}
        y2={r3(y(1))}
        stroke="currentColor"
        strokeDasharray="4 3"
      />
      {Array.from(r.count, (c, b) => {
        if (c === 0) return null;
        const bx0 = r3(x(r.edges[b]) + 0.5);
        const bx1 = r3(x(r.edges[b + 1]) - 0.5);
        const acc = r.accuracy[b];
        const conf = r.meanConfidence[b];
        const tip = `bin (${r.edges[b].toFixed(3)}, ${r.edges[b + 1].toFixed(3)}]: ${c} samples, accuracy ${(acc * 100).toFixed(1)}%, mean confidence ${(conf * 100).toFixed(1)}%`;
        return (
          <g key={b} data-bin={b} data-count={c}>
            <title>{tip}</title>
            <rect
              x={bx0}
              width={r3(Math.max(0.5, bx1 - bx0))}
              y={r3(y(acc))}
              height={r3(y(0) - y(acc))}
              fill={color}
              fillOpacity={0.55}
              stroke={color}
            />
            <line
              className="sc-conf"
              x1={bx0}
              x2={bx1}
              y1={r3(y(conf))}
              y2={r3(y(conf))}
              stroke="currentColor"
              strokeWidth={2}
            />
            <rect
              x={bx0}
              width={r3(Math.max(0.5, bx1 - bx0))}
              y={r3(yc(c))}
              height={r3(yc(0) - yc(c))}
              fill={color}
              fillOpacity={0.35}
            />
            <text
              className="sc-count"
              transform={`translate(${r3((bx0 + bx1) / 2 + 3)},${r3(yc(c) - 3)}) rotate(-90)`}
            >
              {c}
            </text>
          </g>
        );
      })}
      <AxisLeft scale={yc} at={x0} label="Samples" ticks={2} />
      <AxisBottom
        scale={x}
        at={bottom[1]}
        label="π_max (confidence)"
        tickValues={ticks}
        format={(v) => v.toFixed(1)}
      />
    </g>
  );
}

/** `mspDiff`: the paired-bootstrap interval of LS − CE MSP AURC (null while it is computed). */
export function ReliabilityChart({ pair, mspDiff = null }: { pair: PairView; mspDiff?: Interval | null }) {
  const { data, pending } = useScoreCompare(pair);
  const frame = useChartFrame(FRAME);
  const words = data ? calibrationWords(data, mspDiff) : [];
  const panels = data
    ? splitRange(
        frame.x0,
        frame.x1,
        data.models.map(() => 1),
        64,
      )
    : [];
  const [top, bottom] = splitRange(frame.y1, frame.y0, [3, 1], 54);
  const explanation = (
    <>
      <p>
        Calibration asks whether a confidence of 80% means 80% correct; selective classification only asks
        whether the confident samples are the right ones. The test samples are put in 15 equal-width bins of
        π_max; each bar is a bin&apos;s accuracy, the dark tick its mean π_max, and the dashed diagonal
        perfect calibration (bars below the diagonal: over-confident, above it: under-confident). The strip
        below counts the samples in each bin (number rotated on each bar). ECE = Σ_b (n_b / N)·|accuracy_b −
        mean confidence_b|.
      </p>
      <Prose name="reliability" paragraphs={words} />
    </>
  );
  return (
    <ChartFrame
      title="Calibration beside ranking: reliability diagram and ECE"
      name="reliability diagram"
      chartId={reliabilitySpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => reliabilitySpec.table(data, null) : undefined}
      explanation={explanation}
      empty={
        data
          ? null
          : pending
            ? 'Computing the calibration…'
            : 'Train a CE/LS pair (or load a model) to see its calibration.'
      }
    >
      {data ? (
        <PlotSvg frame={frame} role="img" aria-label="Reliability diagrams of π_max for the CE and LS models">
          {data.models.map((m, i) => (
            <Panel key={m.role} m={m} x0={panels[i][0]} x1={panels[i][1]} top={top} bottom={bottom} />
          ))}
          <Legend
            items={[
              ...data.models.map((m) => ({
                label: `${m.name}: accuracy per bin`,
                color: COLORS[m.role],
                kind: 'box' as const,
              })),
              { label: 'mean π_max per bin', color: 'currentColor' },
            ]}
            x={frame.x0}
            y={frame.y0 + 58}
            width={frame.innerWidth}
          />
        </PlotSvg>
      ) : null}
    </ChartFrame>
  );
}
