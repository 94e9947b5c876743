import { useEffect } from 'react';
import { Controls } from './components/Controls';
import { StatusBar } from './components/StatusBar';
import { Intro } from './components/Intro';
import { Notices } from './components/Notices';
import { EngineAlerts } from './components/EngineAlerts';
import { ThemeSelect } from './components/ThemeSelect';
import { AnalyseYourModel } from './components/AnalyseYourModel';
import { ChartSections } from './components/ChartSections';
import { useView } from './state/viewStore';
import { installShortcuts } from './story/shortcuts';
import { HelpOverlay, StartStoryButton, StoryPanel } from './components/Story';
import { PresentationBar, PresentationButton, PresentationChartFit } from './components/Presentation';
import { toggleHelp } from './story/control';
import type { Controller } from './state/controller';
import { ControllerContext } from './state/controllerContext';

/** The page. Its controller (made once by main.tsx) reacts to everything; App only renders. */
export function App({ controller }: { controller: Controller }) {
  useEffect(() => installShortcuts(controller), [controller]);
  return (
    <ControllerContext.Provider value={controller}>
      <Page controller={controller} />
    </ControllerContext.Provider>
  );
}

function Page({ controller }: { controller: Controller }) {
  const presenting = useView((s) => s.presenting);
  return (
    <div className={presenting ? 'app presenting' : 'app'}>
      <PresentationBar />
      <header className="app-header">
        <div className="header-actions">
          <ThemeSelect />
          <StartStoryButton />
          <PresentationButton />
          <button
            type="button"
            className="secondary"
            onClick={() => toggleHelp(controller)}
            aria-keyshortcuts="?"
          >
            Keyboard shortcuts
          </button>
        </div>
        <h1>LS-SC Explorer</h1>
        <p className="lede">
          In the paper this page follows, label smoothing (LS) made classifiers slightly more accurate yet
          worse at knowing when they are wrong — at <em>selective classification</em>, abstaining on the least
          confident inputs — and logit normalisation can repair it.
        </p>
        <Intro />
      </header>
      <Notices />
      <EngineAlerts />
      <div className="layout">
        <aside className="sidebar">
          <StatusBar />
          <Controls />
        </aside>
        <main className="content">
          <PresentationChartFit>
            <ChartSections />
          </PresentationChartFit>
          <AnalyseYourModel />
        </main>
        {/* A column of its own beside the charts (story.css), so the story never covers the chart it
            points at. */}
        <StoryPanel />
      </div>
      <HelpOverlay />
    </div>
  );
}
