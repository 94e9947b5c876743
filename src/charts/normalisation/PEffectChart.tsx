import { useMemo } from 'react';
import { line } from 'd3';
import { ChartFrame } from '../kit/ChartFrame';
import { PlotSvg, useChartFrame } from '../kit/frame';
import { r3, type FrameSpec } from '../kit/layout';
import { AxisBottom, AxisLeft, Legend, type LegendItem } from '../kit/axes';
import { COLORS, DASH } from '../../chartData/palette';
import { markedP, pEffectSpec, type PEffectSeries } from '../../chartData/normalisation';
import { pEffectWords } from '../../chartData/normalisationWords';
import type { PairView } from '../../model/views';

const FRAME: FrameSpec = { width: 560, height: 360, margin: { top: 20, right: 16, bottom: 84, left: 58 } };

const colourOf = (s: PEffectSeries) => (s.role === 'ce' ? COLORS.ce : COLORS.ls);

/** The words at the chosen p's marker (or beside the MSP level when the fallback fired). */
function choiceLabel(s: PEffectSeries): string {
  switch (s.chosen.kind) {
    case 'validation':
      return `validation chose p = ${s.chosen.p}`;
    case 'hand':
      return `p = ${s.chosen.p} set by hand`;
    case 'fallback':
      return 'in use: MSP fallback';
  }
}

/** Test AURC of MaxLogit-pNorm for p = 1…10 against each model's MSP (science.md §4). */
export function PEffectChart({ pair }: { pair: PairView }) {
  const data = useMemo(() => pEffectSpec.build(pair, null), [pair]);
  const frame = useChartFrame(FRAME);
  const scales = useMemo(() => {
    if (!data) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of data.series) {
      for (const v of [...s.aurc, s.mspAurc]) {
        if (!Number.isFinite(v)) continue;
        lo = Math.min(lo, v * 100);
        hi = Math.max(hi, v * 100);
      }
    }
    if (!(lo <= hi)) return null;
    const pad = Math.max((hi - lo) * 0.12, 0.05);
    const ps = data.ps;
    return {
      x: frame.x([ps[0] - 0.4, ps[ps.length - 1] + 0.4]),
      y: frame.y([Math.max(0, lo - pad), hi + pad]),
    };
  }, [data, frame]);
  const words = data ? pEffectWords(data) : [];
  const legend: LegendItem[] = data
    ? data.series.flatMap((s) => [
        { label: `${s.name} · pNorm`, color: colourOf(s), dash: DASH.pNorm },
        { label: `${s.name} · MSP`, color: colourOf(s) },
      ])
    : [];
  const explanation = (
    <>
      <p>
        For each model, the test AURC (lower is better) when it is ranked by MaxLogit-pNorm with p forced to
        each value from 1 to 10 (dashed), against its own MSP (the solid level line). The ring marks the p the
        model uses now; when the validation search found no p that beats MSP, the model keeps MSP (the
        fallback of Cattelan &amp; Silva) and its level line is marked instead. The search sees only the
        validation split, so its choice need not be the test&apos;s best p.
      </p>
      {words.map((w) => (
        <p key={w} data-testid="p-effect-words">
          {w}
        </p>
      ))}
    </>
  );
  return (
    <ChartFrame
      title="What normalisation does to each model: AURC for every p"
      name="AURC for every p"
      chartId={pEffectSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => pEffectSpec.table(data, null) : undefined}
      explanation={explanation}
      empty={data && scales ? null : 'Train a CE/LS pair to see how the choice of p changes AURC.'}
    >
      {data && scales ? (
        <PlotSvg frame={frame} role="img" aria-label="AURC against p for the CE and LS models">
          <AxisBottom
            scale={scales.x}
            at={frame.y0}
            grid={frame.innerHeight}
            label="p of MaxLogit-pNorm (forced)"
            tickValues={[...data.ps]}
            format={(v) => String(v)}
          />
          <AxisLeft scale={scales.y} at={frame.x0} grid={frame.innerWidth} label="test AURC (%)" />
          {data.series.map((s) => {
            const c = colourOf(s);
            const yMsp = r3(scales.y(s.mspAurc * 100));
            const d =
              line<number>()
                .x((_, i) => scales.x(data.ps[i]))
                .y((v) => scales.y(v * 100))
                .digits(2)(Array.from(s.aurc)) ?? '';
            const p = markedP(s.chosen);
            const i = p === null ? -1 : data.ps.indexOf(p);
            return (
              <g key={s.role} data-model={s.role}>
                <line
                  data-series={`${s.role}-msp`}
                  x1={frame.x0}
                  x2={frame.x1}
                  y1={yMsp}
                  y2={yMsp}
                  stroke={c}
                  strokeWidth={1.75}
                />
                <text className="ni-level-label" x={frame.x1 - 4} y={yMsp - 5} textAnchor="end" fill={c}>
                  {`${s.name} · MSP ${(s.mspAurc * 100).toFixed(2)} %`}
                  {s.chosen.kind === 'fallback' ? (
                    <tspan className="ni-choice">{` · ${choiceLabel(s)}`}</tspan>
                  ) : null}
                </text>
                <path
                  data-series={`${s.role}-pnorm`}
                  d={d}
                  fill="none"
                  stroke={c}
                  strokeWidth={2.25}
                  strokeDasharray={DASH.pNorm}
                />
                {Array.from(s.aurc, (v, j) => (
                  <circle key={j} cx={r3(scales.x(data.ps[j]))} cy={r3(scales.y(v * 100))} r={3} fill={c} />
                ))}
                {i >= 0 ? (
                  <g data-series={`${s.role}-chosen`} data-p={p}>
                    <circle
                      cx={r3(scales.x(data.ps[i]))}
                      cy={r3(scales.y(s.aurc[i] * 100))}
                      r={8}
                      fill="none"
                      stroke="currentColor"
                      strokeWidth={2}
                    />
                    <text
                      className="ni-choice"
                      x={r3(scales.x(data.ps[i])) + (i < data.ps.length / 2 ? 12 : -12)}
                      y={r3(scales.y(s.aurc[i] * 100)) + 18}
                      textAnchor={i < data.ps.length / 2 ? 'start' : 'end'}
                    >
                      {choiceLabel(s)}
                    </text>
                  </g>
                ) : null}
              </g>
            );
          })}
          <Legend items={legend} x={frame.x0} y={frame.height - 34} width={frame.innerWidth} />
        </PlotSvg>
      ) : null}
    </ChartFrame>
  );
}
