/**
 * The page's chart sections, in the order of the argument: the effect, where it happens, input
 * space (2-D data), why, why the fix works, other scores and calibration, across α, training. Each chart reports a click through a typed callback.
 */
import { useMemo } from 'react';
import { useDecisionGrid, usePairView, useSeedViews, useSweepPoints } from '../state/chartInputs';
import { useSettings } from '../state/settingsStore';
import { useRuns } from '../state/runsStore';
import { useView } from '../state/viewStore';
import { trainingKey } from '../model/settings';
import { recordId } from '../model/records';
import { PRESETS } from '../model/presets';
import { RiskCoverageChart } from '../charts/riskCoverage/RiskCoverageChart';
import { ConfidenceHistogramsChart } from '../charts/confidenceHistograms/ConfidenceHistogramsChart';
import { AlphaSweepChart } from '../charts/alphaSweep/AlphaSweepChart';
import { TrainingCurvesChart } from '../charts/trainingCurves/TrainingCurvesChart';
import { ExpectedGradientChart } from '../charts/gradients/ExpectedGradientChart';
import { VMaxGivenPMaxChart } from '../charts/gradients/VMaxGivenPMaxChart';
import { LsTermOverTrainingChart } from '../charts/gradients/LsTermOverTrainingChart';
import { DecisionRegionsChart } from '../charts/decisionRegions/DecisionRegionsChart';
import { ShrinkByConfidenceChart } from '../charts/twin/ShrinkByConfidenceChart';
import { RankRankChart } from '../charts/twin/RankRankChart';
import { ScaleInvarianceChart } from '../charts/normalisation/ScaleInvarianceChart';
import { RankAgreementChart } from '../charts/normalisation/RankAgreementChart';
import { PEffectChart } from '../charts/normalisation/PEffectChart';
import { ReliabilitySection, ScoreCompareSection } from './ScoreCompareSection';
import { Slot, useSectionShown } from './Presentation';
import { LookCloser } from './LookCloser';
import { MetricsTable } from './MetricsTable';
import { usePairIntervals } from '../state/intervals/usePairIntervals';
import { WorkedExample } from './WorkedExample';
import { Derivation } from './Derivation';
import { useController } from '../state/controllerContext';
import type { Selection } from '../model/selection';

/** A numbered section whose charts are its slots, in order; shown while any of them is presented. */
function Section({ n, title, slots }: { n: number; title: string; slots: Record<string, React.ReactNode> }) {
  const charts = Object.keys(slots);
  const shown = useSectionShown(charts);
  return (
    <section className="story-section" aria-labelledby={`s${n}`} hidden={!shown}>
      <h2 id={`s${n}`}>
        <span className="step-number">{n}</span> {title}
      </h2>
      {charts.map((chart) => (
        <Slot key={chart} chart={chart}>
          {slots[chart]}
        </Slot>
      ))}
    </section>
  );
}

export function ChartSections() {
  const controller = useController();
  // What a chart click asks Look closer to show.
  const onSelect = (selection: Selection): void => controller.setView({ selection });
  // Deferred while a model trains (see usePairView): live redraws never block input.
  const pair = usePairView();
  const alpha = useSettings((s) => s.alpha);
  const preset = useSettings((s) => s.preset);
  const sweep = useSweepPoints();
  const seedViews = useSeedViews();
  const grid = useDecisionGrid();
  const settings = useSettings();
  const key = trainingKey(settings);
  const cePoints = useRuns((s) => s.records[recordId(key, 0)]?.checkpoint?.testLogits ?? null);
  const lsPoints = useRuns((s) => s.records[recordId(key, settings.alpha)]?.checkpoint?.testLogits ?? null);
  const is2d = PRESETS[preset].dataset.id !== 'fashion-mnist';
  const rcZoom = useView((s) => s.rcZoom);
  // The words beside the charts take the seeds of the sweep into account (noise between seeds), and
  // the pair's paired-bootstrap intervals once the worker has them (science.md §3).
  const intervals = usePairIntervals(pair);
  const wordsContext = useMemo(() => ({ sweep, intervals }), [sweep, intervals]);
  return (
    <>
      <Section
        n={1}
        title="The effect: how trustworthy are the most confident predictions?"
        slots={{
          'risk-coverage': (
            <RiskCoverageChart
              pair={pair}
              zoom={rcZoom}
              onZoomChange={(z) => controller.setView({ rcZoom: z })}
              onSelect={onSelect}
              wordsContext={wordsContext}
            />
          ),
        }}
      />
      <Section
        n={2}
        title="Where it happens: confidence of correct and wrong predictions"
        slots={{
          'confidence-histograms': (
            <>
              <ConfidenceHistogramsChart pair={pair} onSelect={onSelect} />
              <LookCloser pair={pair} isImages={!is2d} />
            </>
          ),
        }}
      />
      {is2d ? (
        <Section
          n={3}
          title="In input space: decision regions shaded by confidence"
          slots={{
            'decision-regions': (
              <DecisionRegionsChart
                grid={grid}
                pointCeLogits={cePoints}
                pointLsLogits={lsPoints}
                classNames={pair.classNames}
                alpha={alpha}
                onSelect={onSelect}
                pair={pair}
              />
            ),
          }}
        />
      ) : null}
      <Section
        n={is2d ? 4 : 3}
        title="Why: how label smoothing moves the max logit — against the CE twin, then in theory"
        slots={{
          'shrink-by-confidence': <ShrinkByConfidenceChart pair={pair} />,
          'rank-rank': <RankRankChart pair={pair} onSelect={onSelect} />,
          'expected-gradient': <ExpectedGradientChart pair={pair} alpha={alpha} />,
          'vmax-given-pmax': <VMaxGivenPMaxChart pair={pair} />,
          'ls-term-training': <LsTermOverTrainingChart pair={pair} />,
          'worked-example': <WorkedExample pair={pair} isImages={!is2d} points={grid?.points ?? null} />,
          derivation: (
            <Derivation alpha={pair.ls?.alpha ?? alpha} k={pair.ls?.numClasses ?? pair.classNames.length} />
          ),
        }}
      />
      <Section
        n={is2d ? 5 : 4}
        title="Why the fix works: normalisation ignores the scale LS distorted"
        slots={{
          'scale-invariance': <ScaleInvarianceChart pair={pair} onSelect={onSelect} />,
          'rank-agreement': <RankAgreementChart pair={pair} />,
          'p-effect': <PEffectChart pair={pair} />,
        }}
      />
      <Section
        n={is2d ? 6 : 5}
        title="Other scores, and calibration beside ranking"
        slots={{
          'compare-scores': <ScoreCompareSection pair={pair} />,
          reliability: <ReliabilitySection pair={pair} />,
        }}
      />
      <Section
        n={is2d ? 7 : 6}
        title="Across α: accuracy and AURC for every trained α"
        slots={{ 'alpha-sweep': <AlphaSweepChart points={sweep} selectedAlpha={alpha} /> }}
      />
      <Section
        n={is2d ? 8 : 7}
        title="Training: loss and accuracy over steps"
        slots={{ 'training-curves': <TrainingCurvesChart pair={pair} /> }}
      />
      <Slot chart="metrics">
        <MetricsTable pair={pair} seeds={seedViews} sweep={sweep} />
      </Slot>
    </>
  );
}
