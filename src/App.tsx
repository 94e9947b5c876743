import { useEffect } from 'react';
import { engineClient, useEngine } from './state/engineStore';
import { connectEngine, ensureDataset, stopAll } from './state/orchestrator';
import { useSettings } from './state/settings';
import { useRuns } from './state/runs';
import { useDecisionGrid, usePairView, useSweepPoints } from './state/pair';
import { PRESETS } from './model/presets';
import { Controls } from './components/Controls';
import { StatusBar } from './components/StatusBar';
import { MetricsTable } from './components/MetricsTable';
import { Intro } from './components/Intro';
import { Notices } from './components/Notices';
import { EngineAlerts } from './components/EngineAlerts';
import { settingsFromQuery } from './state/url';
import { applyQuery, syncUrlSoon } from './state/urlSync';
import { ThemeSelect } from './components/ThemeSelect';
import { useUi } from './state/ui';
import { RiskCoverageChart } from './charts/riskCoverage/RiskCoverageChart';
import { ConfidenceHistogramsChart } from './charts/confidenceHistograms/ConfidenceHistogramsChart';
import { AlphaSweepChart } from './charts/alphaSweep/AlphaSweepChart';
import { TrainingCurvesChart } from './charts/trainingCurves/TrainingCurvesChart';
import { ExpectedGradientChart } from './charts/gradients/ExpectedGradientChart';
import { VMaxGivenPMaxChart } from './charts/gradients/VMaxGivenPMaxChart';
import { LsTermOverTrainingChart } from './charts/gradients/LsTermOverTrainingChart';
import { DecisionRegionsChart } from './charts/decisionRegions/DecisionRegionsChart';
import { AnalyseYourModel } from './components/AnalyseYourModel';
import { trainingKey } from './model/settings';
import { recordId } from './model/records';
import { loadBundledBank, watchBankLabels } from './state/bank';
import { installPrewarm, prewarmPending } from './state/prewarm';
import { useView } from './state/view';
import { installShortcuts } from './story/shortcuts';
import { HelpOverlay, StartStoryButton, StoryPanel } from './components/Story';
import { PresentationBar, PresentationButton, Slot, useSectionShown } from './components/Presentation';
import { toggleHelp } from './story/control';
import { parseHidden, useClassroom } from './state/classroom';
import { LookCloser } from './components/LookCloser';
import {
  selectionFromBar,
  selectionFromCoverage,
  selectionFromPoint,
  useLookCloser,
} from './state/lookCloser';

declare global {
  interface Window {
    /** Automation hook for the browser tests: the stores and the engine client. Plain data only. */
    lssc?: {
      engine: typeof useEngine;
      runs: typeof useRuns;
      settings: typeof useSettings;
      client: typeof engineClient;
      view: typeof useView;
      /** The URL handling itself, for the URL fuzz test: parse only, or apply as on load. */
      url: { parse: typeof settingsFromQuery; apply: typeof applyQuery };
      /** The presets (model and training settings): `npm run bench` reads the default one. */
      presets: typeof PRESETS;
      /** Chart data still to compute ahead in idle time (state/prewarm.ts): the bench waits for 0. */
      prewarmPending: typeof prewarmPending;
    };
  }
}

function Section({
  n,
  title,
  charts,
  children,
}: {
  n: number;
  title: string;
  charts: string[];
  children: React.ReactNode;
}) {
  const shown = useSectionShown(charts);
  return (
    <section className="story-section" aria-labelledby={`s${n}`} hidden={!shown}>
      <h2 id={`s${n}`}>
        <span className="step-number">{n}</span> {title}
      </h2>
      {children}
    </section>
  );
}

function Charts() {
  // Deferred while a model trains (see usePairView): live redraws never block input.
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
  const rcZoom = useView((s) => s.rcZoom);
  return (
    <>
      <Section
        n={1}
        title="The effect: label smoothing makes confident predictions less trustworthy"
        charts={['risk-coverage']}
      >
        <Slot chart="risk-coverage">
          <div
            onClick={(e) => {
              // A click on the plot picks the coverage its read-out shows.
              if (!(e.target as Element).closest('svg')) return;
              const selection = selectionFromCoverage(e.currentTarget);
              if (selection) useLookCloser.setState({ selection });
            }}
          >
            <RiskCoverageChart
              pair={pair}
              zoom={rcZoom}
              onZoomChange={(z) => useView.setState({ rcZoom: z })}
            />
          </div>
        </Slot>
      </Section>
      <Section
        n={2}
        title="Where it happens: confidence of correct and wrong predictions"
        charts={['confidence-histograms']}
      >
        <Slot chart="confidence-histograms">
          <div
            onClick={(e) => {
              const selection = selectionFromBar(e.target as Element);
              if (selection) useLookCloser.setState({ selection });
            }}
          >
            <ConfidenceHistogramsChart pair={pair} />
          </div>
          <LookCloser pair={pair} isImages={!is2d} />
        </Slot>
      </Section>
      {is2d ? (
        <Section
          n={3}
          title="In input space: decision regions shaded by confidence"
          charts={['decision-regions']}
        >
          <Slot chart="decision-regions">
            <div
              onClick={(e) => {
                const selection = selectionFromPoint(e.target as Element);
                if (selection) useLookCloser.setState({ selection });
              }}
            >
              <DecisionRegionsChart
                grid={grid}
                pointCeLogits={cePoints}
                pointLsLogits={lsPoints}
                classNames={pair.classNames}
                alpha={alpha}
              />
            </div>
          </Slot>
        </Section>
      ) : null}
      <Section
        n={is2d ? 4 : 3}
        title="Why: the gradient of label smoothing on the max logit"
        charts={['expected-gradient', 'vmax-given-pmax', 'ls-term-training']}
      >
        <Slot chart="expected-gradient">
          <ExpectedGradientChart pair={pair} alpha={alpha} />
        </Slot>
        <Slot chart="vmax-given-pmax">
          <VMaxGivenPMaxChart pair={pair} />
        </Slot>
        <Slot chart="ls-term-training">
          <LsTermOverTrainingChart pair={pair} />
        </Slot>
      </Section>
      <Section
        n={is2d ? 5 : 4}
        title="Across α: accuracy and AURC for every trained α"
        charts={['alpha-sweep']}
      >
        <Slot chart="alpha-sweep">
          <AlphaSweepChart points={sweep} selectedAlpha={alpha} />
        </Slot>
      </Section>
      <Section n={is2d ? 6 : 5} title="Training: loss and accuracy over steps" charts={['training-curves']}>
        <Slot chart="training-curves">
          <TrainingCurvesChart pair={pair} />
        </Slot>
      </Section>
      <Slot chart="metrics">
        <MetricsTable pair={pair} />
      </Slot>
    </>
  );
}

export function App() {
  useEffect(() => {
    window.lssc = {
      engine: useEngine,
      runs: useRuns,
      settings: useSettings,
      client: engineClient,
      view: useView,
      url: { parse: settingsFromQuery, apply: applyQuery },
      presets: PRESETS,
      prewarmPending,
    };
    // The link's settings, validated; rejected values fall back to their defaults, with a notice.
    // (The link as it came: applyQuery rewrites the URL with the valid values only.)
    const link = location.search;
    applyQuery(link);
    const hide = parseHidden(new URLSearchParams(link).get('hide'));
    useClassroom.setState({ hidden: hide.hidden });
    if (hide.rejected.length) {
      useUi
        .getState()
        .notify(
          `This link asked to hide controls that do not exist, so they are ignored: ${hide.rejected.join(', ')}.`,
        );
    }
    connectEngine();
    ensureDataset();
    const unwatch = watchBankLabels();
    const uninstallKeys = installShortcuts();
    const uninstallPrewarm = installPrewarm();
    void loadBundledBank();
    // A new configuration stops the bank training under the old one (its models keep their last
    // checkpoint) and loads the data it needs.
    const unsubscribe = useSettings.subscribe((s, prev) => {
      // The URL follows the settings without adding history entries.
      syncUrlSoon();
      if (trainingKey(s) !== trainingKey(prev)) stopAll();
      if (s.preset !== prev.preset || s.trainSize !== prev.trainSize) ensureDataset(s);
      if (s.preset !== prev.preset) void loadBundledBank();
    });
    return () => {
      unsubscribe();
      unwatch();
      uninstallKeys();
      uninstallPrewarm();
    };
  }, []);
  const presenting = useView((s) => s.presenting);
  return (
    <div className={presenting ? 'app presenting' : 'app'}>
      <PresentationBar />
      <header className="app-header">
        <div className="header-actions">
          <ThemeSelect />
          <StartStoryButton />
          <PresentationButton />
          <button type="button" className="secondary" onClick={toggleHelp} aria-keyshortcuts="?">
            Keyboard shortcuts
          </button>
        </div>
        <h1>LS-SC Explorer</h1>
        <p className="lede">
          Label smoothing (LS) often makes a classifier slightly more accurate — and at the same time worse at
          knowing when it is wrong. Train small models right here in your browser and see why LS hurts{' '}
          <em>selective classification</em> (abstaining on the least confident inputs), and how logit
          normalisation repairs it.
        </p>
      </header>
      <Notices />
      <EngineAlerts />
      <StatusBar />
      <div className="layout">
        <aside className="sidebar">
          <Controls />
        </aside>
        <main className="content">
          <Intro />
          <StoryPanel />
          <Charts />
          <AnalyseYourModel />
        </main>
      </div>
      <HelpOverlay />
    </div>
  );
}
