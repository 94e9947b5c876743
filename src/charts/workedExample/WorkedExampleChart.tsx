/**
 * The worked example (science.md §2 and §4 on two real test samples): for each, its image or 2-D
 * point, its logits under CE and LS, the LS model's per-logit gradient split into CE part and LS
 * extra, and its rank under MSP and MaxLogit-pNorm for both models, with sentences computed from
 * those numbers. Data in (the pair, the chosen samples), the choice out (onChoose).
 */
import { useMemo, type ReactNode } from 'react';
import { ChartFrame } from '../kit/ChartFrame';
import { useChartFrame } from '../kit/frame';
import type { FrameSpec } from '../kit/layout';
import type { PairView } from '../../model/views';
import { workedExampleEmpty, workedExampleSpec, type WorkedSample } from '../../chartData/workedExample';
import type { WorkedPair } from '../../chartData/workedExampleChoice';
import {
  gradientSentence,
  orderSentence,
  ranksSentence,
  sampleHeading,
  shrinkSentence,
  topSentence,
} from '../../chartData/workedExampleWords';
import { SampleBars } from './SampleBars';
import { LogitTable, RankTable } from './SampleTables';
import { WorkedExampleControls } from './WorkedExampleControls';
import '../gradients.css';

export interface WorkedExampleChartProps {
  pair: PairView;
  /** The samples the user picked; null = the defaults. */
  chosen: WorkedPair | null;
  onChoose?: (samples: WorkedPair | null) => void;
  /** The sample's image (Fashion-MNIST), drawn by the page; none for 2-D data. */
  renderImage?: (index: number) => ReactNode;
  /** Why there is no image (e.g. the test images could not be loaded). */
  imageNote?: string | null;
  /** 2-D data: the test points (n × 2), to say where the sample lies. */
  points?: Float32Array | null;
  /** "Random pair"'s uniform numbers (tests pass their own). */
  random?: () => number;
}

/** Class names on the left, logits and gradient panels side by side, the legend below. */
const FRAME: FrameSpec = {
  width: 640,
  height: 372,
  margin: { top: 30, right: 12, bottom: 102, left: 118 },
  minWidth: 440,
};

export function WorkedExampleChart({
  pair,
  chosen,
  onChoose,
  renderImage,
  imageNote,
  points,
  random,
}: WorkedExampleChartProps) {
  const data = useMemo(() => workedExampleSpec.build({ pair, chosen }, null), [pair, chosen]);
  const frame = useChartFrame(FRAME);
  const empty = workedExampleEmpty(pair) ?? (data ? null : 'No test samples to show yet.');

  const where = (s: WorkedSample): string | null =>
    points && points.length >= 2 * (s.index + 1)
      ? `at (${points[2 * s.index].toFixed(2)}, ${points[2 * s.index + 1].toFixed(2)})`
      : null;

  const explanation = data ? (
    <>
      <p>
        {chosen === null || data.fallback
          ? 'Two real test samples of this pair, by default: A the CE model’s surest prediction that both models get right, B the LS model’s surest mistake (both by MSP).'
          : 'Two real test samples of this pair, as you picked them.'}{' '}
        The left panel shows each class&apos;s logit under the CE model (blue) and the LS model (orange); the
        right one the LS model&apos;s gradient on each logit at this sample, π_k − (1 − α)y_k − α/K, as its CE
        part π_k − y_k plus the extra term α(y_k − 1/K) that label smoothing adds (the black tick is their
        sum). A positive gradient means a training step lowers that logit.
      </p>
      <p data-testid="we-shrink">{shrinkSentence(data)}</p>
      {orderSentence(data) ? <p data-testid="we-order">{orderSentence(data)}</p> : null}
      {data.fallback ? (
        <p className="error">
          The chosen samples are not test samples of this pair, so the defaults are shown.
        </p>
      ) : null}
    </>
  ) : (
    <p>Two real test samples of the pair, their logits under CE and LS, and the LS gradient at each.</p>
  );

  return (
    <ChartFrame
      title="Worked example: two test samples through the LS gradient"
      name="worked example"
      chartId={workedExampleSpec.id}
      frame={frame}
      exportAlpha={pair.ls?.alpha ?? null}
      exportTable={data ? () => workedExampleSpec.table(data, null) : undefined}
      explanation={explanation}
      controls={
        data && onChoose ? (
          <WorkedExampleControls
            pair={pair}
            samples={[data.samples[0].index, data.samples[1].index]}
            n={data.n}
            onChoose={onChoose}
            random={random}
          />
        ) : undefined
      }
      empty={empty}
    >
      {data
        ? data.samples.map((s) => (
            <section
              key={s.slot}
              className="we-sample"
              data-testid={`we-sample-${s.slot === 0 ? 'a' : 'b'}`}
              data-index={s.index}
              aria-label={`Sample ${s.slot === 0 ? 'A' : 'B'}`}
            >
              <div className="we-head">
                {renderImage ? renderImage(s.index) : null}
                <h3 className="we-heading">
                  {sampleHeading(data, s)}
                  {where(s) ? <span className="hint"> · {where(s)}</span> : null}
                </h3>
              </div>
              <SampleBars data={data} sample={s} frame={frame} />
              {imageNote && s.slot === 0 ? <p className="error">{imageNote}</p> : null}
              <RankTable data={data} sample={s} />
              <ul className="we-words">
                <li>{ranksSentence(data, s)}</li>
                <li>{topSentence(data, s)}</li>
                <li>{gradientSentence(data, s)}</li>
              </ul>
              <LogitTable data={data} sample={s} />
            </section>
          ))
        : null}
    </ChartFrame>
  );
}
