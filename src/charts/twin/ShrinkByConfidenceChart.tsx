import { useId, useMemo, useState } from 'react';
import { AxisBottom, AxisLeft, LevelLine, Legend, type LegendItem } from '../kit/axes';
import { ChartFrame } from '../kit/ChartFrame';
import { PlotSvg, useChartFrame } from '../kit/frame';
import { r3, type FrameSpec } from '../kit/layout';
import { COLORS } from '../../chartData/palette';
import type { PairView } from '../../model/views';
import {
  SHRINK_BIN_CHOICES,
  shrinkSentences,
  shrinkSpec,
  twinPair,
  type ShrinkData,
} from '../../chartData/twin';
import { linePath } from '../gradients/paths';

const FRAME: FrameSpec = { width: 600, height: 360, margin: { top: 48, right: 16, bottom: 70, left: 56 } };

export interface ShrinkByConfidenceChartProps {
  pair: PairView;
}

/** CE's π_max from its log, short enough for a tick: "0.82", "0.997", "1−4e-5". */
function pMaxTick(logP: number): string {
  const oneMinus = -Math.expm1(logP);
  if (oneMinus >= 0.01) return Math.exp(logP).toFixed(2);
  if (oneMinus >= 0.001) return Math.exp(logP).toFixed(3);
  return oneMinus === 0 ? '1' : `1−${oneMinus.toExponential(0)}`;
}

function Plot({ data, frame }: { data: ShrinkData; frame: ReturnType<typeof useChartFrame> }) {
  const { bins, n } = data;
  const hi = Math.max(data.all.median, ...bins.map((b) => b.q3).filter(Number.isFinite));
  const x = frame.x([0, 100]);
  const y = frame.y([0, Number.isFinite(hi) && hi > 0 ? hi * 1.08 : 1]);
  const centres = bins.map((b) => ((b.rankLo + b.rankHi) / 2 / n) * 100);
  const medians = bins.map((b) => b.median);
  // π_max of CE at each inner boundary: the first sample of the next bin; every other one (or
  // fewer) when the bins are narrower than a label ("1−4e-5" is about 44 px at the tick size).
  const every = Math.max(bins.length > 10 ? 2 : 1, Math.ceil(46 / (frame.innerWidth / bins.length)));
  const edges = bins.slice(1).filter((_, i) => (i + 1) % every === 0);
  const legend: LegendItem[] = [
    { label: 'median r in the bin', color: COLORS.ls },
    { label: 'interquartile range', color: COLORS.ls, kind: 'box' },
    {
      label: `all samples: median r = ${data.all.median.toFixed(2)} (a uniform shrink would be flat)`,
      color: COLORS.oracle,
      dash: '2 3',
    },
  ];
  return (
    <PlotSvg
      frame={frame}
      role="img"
      aria-label={`Shrink ratio r of the LS max logit against its CE twin's, in ${bins.length} bins of CE confidence`}
    >
      <Legend items={legend} x={8} y={12} width={frame.width - 16} />
      <AxisLeft scale={y} at={frame.x0} grid={frame.innerWidth} label="r = u_max(LS) / u_max(CE)" />
      <AxisBottom
        scale={x}
        at={frame.y0}
        label="CE confidence rank: % of test samples, least → most confident"
        tickValues={[0, 20, 40, 60, 80, 100]}
        format={(v) => `${v}`}
      />
      <g className="twin-edge-labels">
        <text x={4} y={frame.y0 + 52} textAnchor="start" className="muted">
          CE π_max
        </text>
        {edges.map((b) => (
          <text key={b.bin} x={r3(x((b.rankLo / n) * 100))} y={frame.y0 + 52} textAnchor="middle">
            {pMaxTick(b.confLo)}
          </text>
        ))}
      </g>
      <g data-series="shrink-iqr">
        {bins.map((b) => (
          <rect
            key={b.bin}
            data-bin={b.bin}
            x={r3(x((b.rankLo / n) * 100) + 1)}
            width={r3(Math.max(0, x((b.rankHi / n) * 100) - x((b.rankLo / n) * 100) - 2))}
            y={r3(y(Number.isFinite(b.q3) ? b.q3 : 0))}
            height={r3(Number.isFinite(b.q1) ? Math.max(0, y(b.q1) - y(b.q3)) : 0)}
            fill={COLORS.ls}
            fillOpacity={0.22}
          >
            <title>
              {`CE π_max ${pMaxTick(b.confLo)} – ${pMaxTick(b.confHi)} (${b.n} samples): median r ${b.median.toFixed(3)}, quartiles ${b.q1.toFixed(3)} – ${b.q3.toFixed(3)}`}
            </title>
          </rect>
        ))}
      </g>
      <LevelLine id="shrink-overall" frame={frame} y={y(data.all.median)} color={COLORS.oracle} />
      <path
        data-series="shrink-median"
        d={linePath(centres, medians, x, y)}
        fill="none"
        stroke={COLORS.ls}
        strokeWidth={2.5}
      />
      <g data-series="shrink-median-dots" fill={COLORS.ls}>
        {bins.map((b, i) =>
          Number.isFinite(b.median) ? (
            <circle key={b.bin} cx={r3(x(centres[i]))} cy={r3(y(b.median))} r={4} />
          ) : null,
        )}
      </g>
    </PlotSvg>
  );
}

/** The LS max logit's shrink against its CE twin, binned by CE confidence (science.md §2.6). */
export function ShrinkByConfidenceChart({ pair }: ShrinkByConfidenceChartProps) {
  const [bins, setBins] = useState<number>(() => shrinkSpec.initial(pair).bins);
  const options = useMemo(() => ({ bins }), [bins]);
  const data = useMemo(() => shrinkSpec.build(pair, options), [pair, options]);
  const frame = useChartFrame(FRAME);
  const selectId = useId();
  const problem = useMemo(() => {
    const t = twinPair(pair);
    return t.ok ? null : t.reason;
  }, [pair]);
  const sentences = data ? shrinkSentences(data) : [];
  const controls = data ? (
    <div className="chart-toggles">
      <label htmlFor={selectId}>Bins of CE confidence (equal counts)</label>
      <select id={selectId} value={bins} onChange={(e) => setBins(Number(e.target.value))}>
        {SHRINK_BIN_CHOICES.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </div>
  ) : null;
  const explanation = (
    <>
      <p>
        The CE and LS models start from the same weights and see the same batches, so every test sample can be
        held against itself. For each one, r is LS&apos;s centred max logit u_max = max_k (v_k − mean v)
        divided by its CE twin&apos;s. The samples are sorted by how sure the <em>CE</em> model is (its π_max,
        an estimate of the chance of being right that the LS model did not produce) and cut into bins of equal
        count; each bin shows the median r (dot) and its middle half (band). More in the{' '}
        <a
          href="science.html#26-evidence-that-is-not-circular-each-ls-model-against-its-ce-twin"
          target="_blank"
          rel="noopener"
        >
          science notes §2.6
        </a>
        .
      </p>
      <p data-testid="shrink-summary">{sentences.join(' ')}</p>
    </>
  );
  return (
    <ChartFrame
      title="Shrink of the max logit, by how sure the CE twin is"
      name="shrink by confidence"
      chartId={shrinkSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => shrinkSpec.table(data, options) : undefined}
      explanation={explanation}
      controls={controls}
      empty={data ? null : (problem ?? 'Train a CE/LS pair to compare them sample by sample.')}
    >
      {data ? <Plot data={data} frame={frame} /> : null}
    </ChartFrame>
  );
}
