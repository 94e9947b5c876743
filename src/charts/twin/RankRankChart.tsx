import { useId, useMemo, useState } from 'react';
import { ChartFrame } from '../kit/ChartFrame';
import { useChartFrame } from '../kit/frame';
import type { PairView } from '../../model/views';
import type { SwapSelection } from '../../model/selection';
import { twinPair } from '../../chartData/twin';
import { rankRankSentences, rankRankSpec, type LsScore } from '../../chartData/twinSwap';
import { RANK_FRAME, RankRankPlot } from './RankRankPlot';

export interface RankRankChartProps {
  pair: PairView;
  /** Coverage (%) the chart opens with; default the spec's (20 %). */
  initialCoverage?: number;
  /** A click on the admitted / pushed-out quadrant or its button. */
  onSelect?: (selection: SwapSelection) => void;
}

/** Whole percents 1..100 from what the user typed; null when it is not a number. */
function clampPercent(v: number): number | null {
  return Number.isFinite(v) ? Math.min(100, Math.max(1, Math.round(v))) : null;
}

/** Rank under CE's MSP against rank under LS's score: who gets into the confident set (science.md §2.6). */
export function RankRankChart({ pair, initialCoverage, onSelect }: RankRankChartProps) {
  const initial = useMemo(() => rankRankSpec.initial(pair), [pair]);
  const [percent, setPercent] = useState(() => initialCoverage ?? Math.round(initial.coverage * 100));
  const [lsScore, setLsScore] = useState<LsScore>(initial.lsScore);
  const options = useMemo(() => ({ coverage: percent / 100, lsScore }), [percent, lsScore]);
  const data = useMemo(() => rankRankSpec.build(pair, options), [pair, options]);
  const frame = useChartFrame(RANK_FRAME);
  const ids = { number: useId(), range: useId() };
  const problem = useMemo(() => {
    const t = twinPair(pair);
    return t.ok ? null : t.reason;
  }, [pair]);
  const noNorm = pair.ls !== null && pair.ls.p === null;
  const select = (group: SwapSelection['group']) =>
    onSelect?.({ kind: 'swap', coverage: options.coverage, group, lsScore: data?.lsScore ?? 'msp' });
  const setFrom = (v: number) => {
    const p = clampPercent(v);
    if (p !== null) setPercent(p);
  };

  const controls = data ? (
    <div className="chart-toggles twin-controls">
      <label htmlFor={ids.number}>Coverage (%)</label>
      <input
        id={ids.number}
        type="number"
        min={1}
        max={100}
        step={1}
        value={percent}
        onChange={(e) => setFrom(e.target.valueAsNumber)}
      />
      <input
        id={ids.range}
        type="range"
        aria-label="Coverage (%)"
        min={1}
        max={100}
        step={1}
        value={percent}
        onChange={(e) => setFrom(e.target.valueAsNumber)}
      />
      <span role="radiogroup" aria-label="Rank LS by" className="twin-score">
        Rank LS by:
        <label>
          <input
            type="radio"
            name={`${ids.number}-score`}
            checked={lsScore === 'msp'}
            onChange={() => setLsScore('msp')}
          />
          MSP
        </label>
        <label>
          <input
            type="radio"
            name={`${ids.number}-score`}
            checked={lsScore === 'pnorm'}
            disabled={noNorm}
            onChange={() => setLsScore('pnorm')}
          />
          normalised{pair.ls?.p ? ` (p = ${pair.ls.p})` : ''}
        </label>
        {noNorm ? <span className="hint"> (no p beat MSP on validation: the MSP fallback fired)</span> : null}
      </span>
      <span className="twin-buttons">
        <button type="button" className="secondary" onClick={() => select('admitted')} disabled={!onSelect}>
          Show the {data.swap.admitted.indices.length.toLocaleString('en-US')} admitted
        </button>
        <button type="button" className="secondary" onClick={() => select('pushedOut')} disabled={!onSelect}>
          Show the {data.swap.pushedOut.indices.length.toLocaleString('en-US')} pushed out
        </button>
      </span>
    </div>
  ) : null;

  const explanation = (
    <>
      <p>
        One dot per test sample: across, its rank when the CE twin sorts the test set by MSP; up, its rank
        when the LS model sorts it (0 = most confident). Green dots are samples the LS model gets right,
        vermillion ones those it gets wrong. The two lines mark the coverage cut: bottom-left is kept by both,
        bottom-right is <em>admitted</em> by LS though CE did not keep it, top-left is <em>pushed out</em> by
        LS though CE kept it. Click either of those quadrants (or the buttons) to see the samples in Look
        closer.
      </p>
      <p data-testid="rank-rank-summary">{data ? rankRankSentences(data).join(' ') : null}</p>
    </>
  );
  return (
    <ChartFrame
      title="Who gets into the confident set: rank under CE vs rank under LS"
      name="rank–rank"
      chartId={rankRankSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => rankRankSpec.table(data, options) : undefined}
      explanation={explanation}
      controls={controls}
      empty={data ? null : (problem ?? 'Train a CE/LS pair to compare them sample by sample.')}
    >
      {data ? <RankRankPlot data={data} frame={frame} onSelect={onSelect ? select : undefined} /> : null}
    </ChartFrame>
  );
}
