import { useEffect } from 'react';
import { engineClient, useEngine } from './state/engineStore';
import { connectEngine, ensureDataset, stopAll } from './state/orchestrator';
import { useSettings } from './state/settings';
import { useRuns } from './state/runs';
import { PRESETS } from './model/presets';
import { Controls } from './components/Controls';
import { StatusBar } from './components/StatusBar';
import { Intro } from './components/Intro';
import { Notices } from './components/Notices';
import { EngineAlerts } from './components/EngineAlerts';
import { settingsFromQuery } from './state/url';
import { applyQuery, syncUrlSoon } from './state/urlSync';
import { ThemeSelect } from './components/ThemeSelect';
import { useUi } from './state/ui';
import { AnalyseYourModel } from './components/AnalyseYourModel';
import { ChartSections } from './components/ChartSections';
import { trainingKey } from './model/settings';
import { loadBundledBank, watchBankLabels } from './state/bank';
import { installPrewarm, prewarmPending } from './state/prewarm';
import { useView } from './state/view';
import { installShortcuts } from './story/shortcuts';
import { HelpOverlay, StartStoryButton, StoryPanel } from './components/Story';
import { PresentationBar, PresentationButton } from './components/Presentation';
import { toggleHelp } from './story/control';
import { parseHidden, useClassroom } from './state/classroom';

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
          <ChartSections />
          <AnalyseYourModel />
        </main>
      </div>
      <HelpOverlay />
    </div>
  );
}
