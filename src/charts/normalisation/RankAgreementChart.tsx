import { useMemo } from 'react';
import { ChartFrame } from '../kit/ChartFrame';
import { PlotSvg, useChartFrame } from '../kit/frame';
import { r3, splitRange, xScaleOf, type FrameSpec } from '../kit/layout';
import { AxisBottom } from '../kit/axes';
import { COLORS } from '../../chartData/palette';
import { rankAgreementSpec, type ScoreRow } from '../../chartData/normalisation';
import { rankAgreementWords } from '../../chartData/normalisationWords';
import type { PairView } from '../../model/views';

const ROW_H = 38;
const FRAME: FrameSpec = { width: 560, height: 190, margin: { top: 40, right: 22, bottom: 36, left: 118 } };
const GAP = 26;

interface Metric {
  id: 'spearman' | 'auroc' | 'aurc';
  /** The panel's header, as two lines (three panels share a narrow chart). */
  title: [string, string];
  value: (r: ScoreRow) => number | null;
  format: (v: number) => string;
  domain: (values: number[]) => [number, number];
}

/** Each panel's axis has a meaningful origin: 0 (or −1) for ρ, chance 0.5 for AUROC, 0 for AURC. */
const METRICS: Metric[] = [
  {
    id: 'spearman',
    title: ['ρ with', 'CE · MSP'],
    value: (r) => (r.id === 'ce-msp' ? null : r.spearman),
    format: (v) => v.toFixed(2),
    domain: (vs) => [Math.min(0, ...vs) < 0 ? -1 : 0, 1],
  },
  {
    id: 'auroc',
    title: ['AUROC', '(↑ better)'],
    value: (r) => r.auroc,
    format: (v) => v.toFixed(3),
    domain: (vs) => [Math.min(0.5, ...vs), 1],
  },
  {
    id: 'aurc',
    title: ['AURC %', '(↓ better)'],
    value: (r) => r.aurc * 100,
    format: (v) => v.toFixed(2),
    domain: (vs) => [0, niceTop(Math.max(1e-9, ...vs) * 1.2)],
  },
];

/** A round upper end for the AURC axis (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × a power of ten). */
function niceTop(v: number): number {
  const e = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * e >= v) return m * e;
  return 10 * e;
}

/** "LS α=0.2 · pNorm (p = 1)" as two lines: the model, then the score. */
function labelLines(label: string): [string, string] {
  const at = label.lastIndexOf(' · ');
  return at < 0 ? [label, ''] : [label.slice(0, at), label.slice(at + 3)];
}

const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);

/** Rank agreement with the CE twin, AUROC and AURC, for CE·MSP, LS·MSP and LS·pNorm (science.md §4). */
export function RankAgreementChart({ pair }: { pair: PairView }) {
  const data = useMemo(() => rankAgreementSpec.build(pair, null), [pair]);
  const height = FRAME.margin.top + FRAME.margin.bottom + ROW_H * (data?.rows.length ?? 3);
  const frame = useChartFrame({ ...FRAME, height });
  const words = data ? rankAgreementWords(data) : [];
  const explanation = (
    <>
      <p>
        One row per score. Left: Spearman&apos;s rank correlation of the LS model&apos;s score with its CE
        twin&apos;s MSP over the same test samples (1 = the same order). The two models share their initial
        weights and batches, so the CE model&apos;s ranking is an estimate of which samples are likely right
        that the LS model did not produce. Middle: AUROC of correct against wrong predictions. Right: AURC
        (area under the risk–coverage curve). The ring marks the normalised score; the grey arrow goes from
        the LS model&apos;s MSP to it.
      </p>
      {words.map((w) => (
        <p key={w} data-testid="rank-agreement-words">
          {w}
        </p>
      ))}
    </>
  );
  const columns = splitRange(frame.x0, frame.x1, [1, 1, 1], GAP);
  const nRows = data?.rows.length ?? 3;
  const rowY = (i: number) => frame.y1 + (frame.innerHeight * (i + 0.5)) / nRows;
  return (
    <ChartFrame
      title="Agreement with the CE twin, before and after normalisation"
      name="rank agreement"
      chartId={rankAgreementSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => rankAgreementSpec.table(data, null) : undefined}
      explanation={explanation}
      empty={data ? null : 'Train a CE/LS pair to compare the LS model’s rankings with its CE twin’s.'}
    >
      {data ? (
        <PlotSvg frame={frame} role="img" aria-label="Rank agreement, AUROC and AURC per score">
          {data.rows.map((r, i) => (
            <text
              key={r.id}
              className="ni-row-label"
              x={frame.x0 - 14}
              y={r3(rowY(i))}
              textAnchor="end"
              fill={r.role === 'ce' ? COLORS.ce : COLORS.ls}
            >
              <tspan x={frame.x0 - 14} dy="-0.2em">
                {labelLines(r.label)[0]}
              </tspan>
              <tspan x={frame.x0 - 14} dy="1.2em" className="ni-row-sub">
                {labelLines(r.label)[1]}
              </tspan>
            </text>
          ))}
          {METRICS.map((m, k) => {
            const values = data.rows.map(m.value).filter(finite);
            const [c0, c1] = columns[k];
            const x = xScaleOf({ x0: c0, x1: c1 }, m.domain(values));
            const msp = data.rows.find((r) => r.id === 'ls-msp');
            const pn = data.rows.find((r) => r.id === 'ls-pnorm');
            const a = msp ? m.value(msp) : null;
            const b = pn ? m.value(pn) : null;
            const ia = data.rows.findIndex((r) => r.id === 'ls-msp');
            return (
              <g key={m.id} data-panel={m.id}>
                <text className="panel-title" x={r3((c0 + c1) / 2)} y={frame.y1 - 24} textAnchor="middle">
                  <tspan x={r3((c0 + c1) / 2)}>{m.title[0]}</tspan>
                  <tspan x={r3((c0 + c1) / 2)} dy="1.15em">
                    {m.title[1]}
                  </tspan>
                </text>
                <AxisBottom
                  scale={x}
                  at={frame.y0}
                  grid={frame.innerHeight}
                  label=""
                  tickValues={[x.domain()[0], (x.domain()[0] + x.domain()[1]) / 2, x.domain()[1]]}
                  format={(t) => String(Number(t.toFixed(3)))}
                />
                {finite(a) && finite(b) ? (
                  <path
                    className="ni-arrow"
                    d={`M${r3(x(a))},${r3(rowY(ia) + 6)}L${r3(x(b))},${r3(rowY(ia + 1) - 6)}`}
                    fill="none"
                    stroke={COLORS.oracle}
                    strokeWidth={1.5}
                  />
                ) : null}
                {data.rows.map((r, i) => {
                  const v = m.value(r);
                  const color = r.role === 'ce' ? COLORS.ce : COLORS.ls;
                  if (!finite(v))
                    return (
                      <text key={r.id} className="grad-note" x={c0 + 4} y={r3(rowY(i))} dy="0.32em">
                        {r.id === 'ce-msp' && m.id === 'spearman' ? 'the reference' : '—'}
                      </text>
                    );
                  return (
                    <g key={r.id} data-series={`${m.id}-${r.id}`} data-value={v}>
                      <circle
                        cx={r3(x(v))}
                        cy={r3(rowY(i))}
                        r={r.score === 'pnorm' ? 6 : 5}
                        fill={r.score === 'pnorm' ? 'none' : color}
                        stroke={color}
                        strokeWidth={r.score === 'pnorm' ? 2.5 : 1}
                      />
                      <text
                        className="ni-value"
                        x={r3(x(v)) + (x(v) > (c0 + c1) / 2 ? -10 : 10)}
                        y={r3(rowY(i))}
                        dy="0.32em"
                        textAnchor={x(v) > (c0 + c1) / 2 ? 'end' : 'start'}
                      >
                        {m.format(v)}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </PlotSvg>
      ) : null}
    </ChartFrame>
  );
}
