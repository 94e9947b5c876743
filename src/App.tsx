import { useEffect } from 'react';
import { engineClient, useEngine } from './state/engine';
import { connectEngine, ensureDataset, stopAll } from './state/orchestrator';
import { useSettings } from './state/settings';
import { useRuns } from './state/runs';
import { useDecisionGrid, usePairView, useSweepPoints } from './state/pair';
import { PRESETS } from './presets';
import { Controls } from './components/Controls';
import { StatusBar } from './components/StatusBar';
import { MetricsTable } from './components/MetricsTable';
import { Intro } from './components/Intro';
import { Notices } from './components/Notices';
import { queryFromSettings, settingsFromQuery } from './state/url';
import { useUi } from './state/ui';
import { RiskCoverageChart } from './charts/riskCoverage/RiskCoverageChart';
import { ConfidenceHistogramsChart } from './charts/confidenceHistograms/ConfidenceHistogramsChart';
import { AlphaSweepChart } from './charts/alphaSweep/AlphaSweepChart';
import { TrainingCurvesChart } from './charts/trainingCurves/TrainingCurvesChart';
import { ExpectedGradientChart } from './charts/gradients/ExpectedGradientChart';
import { VMaxGivenPMaxChart } from './charts/gradients/VMaxGivenPMaxChart';
import { LsTermOverTrainingChart } from './charts/gradients/LsTermOverTrainingChart';
import { DecisionRegionsChart } from './charts/decisionRegions/DecisionRegionsChart';
import { trainingKey } from './state/settings';
import { recordId } from './state/runs';

declare global {
  interface Window {
    /** Automation hook for the browser tests: the stores and the engine client. Plain data only. */
    lssc?: {
      engine: typeof useEngine;
      runs: typeof useRuns;
      settings: typeof useSettings;
      client: typeof engineClient;
    };
  }
}

function Section({ n, title, children }: { n: number; title: string; children: React.ReactNode }) {
  return (
    <section className="story-section" aria-labelledby={`s${n}`}>
      <h2 id={`s${n}`}>
        <span className="step-number">{n}</span> {title}
      </h2>
      {children}
    </section>
  );
}

function Charts() {
  const pair = usePairView();
  const alpha = useSettings((s) => s.alpha);
  const preset = useSettings((s) => s.preset);
  const sweep = useSweepPoints();
  const grid = useDecisionGrid();
  const settings = useSettings();
  const key = trainingKey(settings);
  const cePoints = useRuns((s) => s.records[recordId(key, 0)]?.checkpoint?.testLogits ?? null);
  const lsPoints = useRuns((s) => s.records[recordId(key, settings.alpha)]?.checkpoint?.testLogits ?? null);
  const is2d = PRESETS[preset].dataset.id !== 'fashion-mnist';
  return (
    <>
      <Section n={1} title="The effect: label smoothing makes confident predictions less trustworthy">
        <RiskCoverageChart pair={pair} />
      </Section>
      <Section n={2} title="Where it happens: confidence of correct and wrong predictions">
        <ConfidenceHistogramsChart pair={pair} />
      </Section>
      {is2d ? (
        <Section n={3} title="In input space: decision regions shaded by confidence">
          <DecisionRegionsChart
            grid={grid}
            pointCeLogits={cePoints}
            pointLsLogits={lsPoints}
            classNames={pair.classNames}
            alpha={alpha}
          />
        </Section>
      ) : null}
      <Section n={is2d ? 4 : 3} title="Why: the gradient of label smoothing on the max logit">
        <ExpectedGradientChart pair={pair} alpha={alpha} />
        <VMaxGivenPMaxChart pair={pair} />
        <LsTermOverTrainingChart pair={pair} />
      </Section>
      <Section n={is2d ? 5 : 4} title="Across α: accuracy and AURC for every trained α">
        <AlphaSweepChart points={sweep} selectedAlpha={alpha} />
      </Section>
      <Section n={is2d ? 6 : 5} title="Training: loss and accuracy over steps">
        <TrainingCurvesChart pair={pair} />
      </Section>
      <MetricsTable pair={pair} />
    </>
  );
}

export function App() {
  useEffect(() => {
    window.lssc = { engine: useEngine, runs: useRuns, settings: useSettings, client: engineClient };
    // The link's settings, validated; rejected values fall back to their defaults, with a notice.
    const fromUrl = settingsFromQuery(location.search, useSettings.getState().preset);
    useSettings.setState(fromUrl.settings);
    if (fromUrl.rejected.length) {
      useUi
        .getState()
        .notify(
          `This link had settings that could not be used, so their defaults apply: ${fromUrl.rejected.join(', ')}.`,
        );
    }
    history.replaceState(null, '', queryFromSettings(useSettings.getState(), location.search));
    connectEngine();
    ensureDataset();
    // A new configuration stops the bank training under the old one (its models keep their last
    // checkpoint) and loads the data it needs.
    return useSettings.subscribe((s, prev) => {
      // The URL follows the settings without adding history entries.
      history.replaceState(null, '', queryFromSettings(s, location.search));
      if (trainingKey(s) !== trainingKey(prev)) stopAll();
      if (s.preset !== prev.preset || s.trainSize !== prev.trainSize) ensureDataset(s);
    });
  }, []);
  return (
    <div className="app">
      <header className="app-header">
        <h1>LS-SC Explorer</h1>
        <p className="lede">
          Label smoothing (LS) often makes a classifier slightly more accurate — and at the same time worse at
          knowing when it is wrong. Train small models right here in your browser and see why LS hurts{' '}
          <em>selective classification</em> (abstaining on the least confident inputs), and how logit
          normalisation repairs it.
        </p>
      </header>
      <Notices />
      <StatusBar />
      <div className="layout">
        <aside className="sidebar">
          <Controls />
        </aside>
        <main className="content">
          <Intro />
          <Charts />
        </main>
      </div>
    </div>
  );
}
