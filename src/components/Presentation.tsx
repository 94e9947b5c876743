import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useEmbeddedChart } from './embedContext';
import { STORY } from '../story/steps';
import { useView } from '../state/viewStore';
import { useSettings } from '../state/settingsStore';
import { useRuns } from '../state/runsStore';
import { formatAlpha } from '../model/format';
import { togglePresentation, toggleHelp } from '../story/control';
import { useController } from '../state/controllerContext';
import { useTheme } from '../theme/theme';
import { useStoryFacts } from './useStoryFacts';
import { Prose } from '../charts/kit/Prose';
import { trainedNote } from '../model/trainedNote';
import { trainingKey } from '../model/settings';
import { recordId } from '../model/records';
import { ChartFitContext, type ChartFit } from '../charts/kit/frame';

/**
 * The charts presentation mode shows now: the story step's one or two; an embed's one chart;
 * null = all (the full page, not presenting).
 */
export function usePresentedCharts(): Set<string> | null {
  const presenting = useView((s) => s.presenting);
  const index = useView((s) => s.storyStep);
  const embedded = useEmbeddedChart();
  if (embedded !== null) return new Set([embedded]);
  if (!presenting) return null;
  const step = STORY[index ?? 0];
  return new Set([step.chart, ...(step.alsoChart ? [step.alsoChart] : [])]);
}

/**
 * A chart's place on the page; in presentation mode only the step's charts are shown.
 *
 * While a model trains, a chart scrolled out of view keeps what it last drew instead of redrawing
 * at every live checkpoint (the same element is returned, so React skips the subtree): the page
 * then spends its time on the charts someone can see, and leaves the CPU to training. It catches
 * up as soon as it comes near the viewport, and every chart redraws when training stops.
 */
export function Slot({ chart, children }: { chart: string; children: ReactNode }) {
  const shown = usePresentedCharts();
  const embedded = useEmbeddedChart();
  const ref = useRef<HTMLDivElement>(null);
  const [nearView, setNearView] = useState(true);
  // Held from the first render of a run (the click on Train does not redraw every chart), and
  // released through a deferred value: when training stops, held charts catch up in an
  // interruptible render, not all at once.
  const trainingNow = useRuns((s) => s.active !== null && !s.active.paused);
  const training = useDeferredValue(trainingNow) || trainingNow;
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setNearView(entries.some((e) => e.isIntersecting)), {
      rootMargin: '200px 0px',
    });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  const live = nearView || !training;
  const [frozen, setFrozen] = useState<ReactNode>(children);
  // Derived state: remember the children while live, so they can be shown unchanged when not.
  if (live && frozen !== children) setFrozen(children);
  const hidden = shown !== null && !shown.has(chart);
  // An embed renders its one chart only; the others stay as empty slots (their ids list the valid ones).
  if (hidden && embedded !== null) return <div ref={ref} className="slot" data-slot={chart} hidden />;
  return (
    <div ref={ref} className="slot" data-slot={chart} data-live={live ? 'yes' : 'held'} hidden={hidden}>
      {live ? children : frozen}
    </div>
  );
}

/** Hides a section whose charts are all hidden in presentation mode. */
export function useSectionShown(charts: string[]): boolean {
  const shown = usePresentedCharts();
  return shown === null || charts.some((c) => shown.has(c));
}

export function PresentationButton() {
  const presenting = useView((s) => s.presenting);
  const c = useController();
  return (
    <button
      type="button"
      className="secondary"
      aria-pressed={presenting}
      onClick={() => togglePresentation(c)}
    >
      Presentation mode
    </button>
  );
}

/** The untrained-α notice: nothing trains in presentation mode unless the speaker asks. */
function TrainedNotice() {
  const alpha = useSettings((s) => s.alpha);
  const key = useSettings((s) => trainingKey(s));
  const ce = useRuns((s) => s.records[recordId(key, 0)]);
  const ls = useRuns((s) => s.records[recordId(key, alpha)]);
  const c = useController();
  const note = trainedNote(alpha, ce, ls);
  if (!note) return null;
  return (
    <p className="presentation-notice" role="status" data-testid="present-untrained" data-kind={note.kind}>
      <span>{note.text}</span>
      {note.kind === 'untrained' || note.kind === 'partial' ? (
        <button type="button" onClick={() => c.train()}>
          Train α = {formatAlpha(alpha)} (T)
        </button>
      ) : null}
    </p>
  );
}

/** The size of the charts' smallest text at zoom 1 (styles.css: `.chart svg`). */
const CHART_TEXT_PX = 11;

/**
 * The size the charts' smallest text is drawn at on screen while presenting: 0.94 % of the
 * window's width, never under 15 px nor over 24 px (15 px at 1024 × 768, 18 px at 1920 × 1080). A
 * chart too small for it (two side by side on a small screen) draws it as large as its narrowest
 * layout allows (fitLayout).
 */
export function presentationChartText(windowWidth: number): number {
  return Math.min(24, Math.max(15, 0.0094 * windowWidth));
}

function useWindowWidth(on: boolean): number {
  const [width, setWidth] = useState(() => (typeof window === 'undefined' ? 1024 : window.innerWidth));
  useEffect(() => {
    if (!on) return;
    const read = (): void => setWidth(window.innerWidth);
    read();
    window.addEventListener('resize', read);
    return () => window.removeEventListener('resize', read);
  }, [on]);
  return width;
}

/** While presenting, the charts fill their boxes at a zoom that makes their text readable. */
export function PresentationChartFit({ children }: { children: ReactNode }) {
  const presenting = useView((s) => s.presenting);
  const width = useWindowWidth(presenting);
  const zoom = presentationChartText(width) / CHART_TEXT_PX;
  const fit = useMemo<ChartFit | null>(() => (presenting ? { zoom } : null), [presenting, zoom]);
  return <ChartFitContext.Provider value={fit}>{children}</ChartFitContext.Provider>;
}

/**
 * While presenting: the high-contrast theme on the document (restored on leaving), a bar with the
 * step's title and the state a speaker needs to see at a glance, and the step's text beside its
 * charts.
 */
export function PresentationBar() {
  const presenting = useView((s) => s.presenting);
  const index = useView((s) => s.storyStep) ?? 0;
  const alpha = useSettings((s) => s.alpha);
  const normalise = useSettings((s) => s.normalise);
  const active = useRuns((s) => s.active);
  const c = useController();
  const facts = useStoryFacts(presenting);
  useEffect(() => {
    if (!presenting) return;
    const root = document.documentElement;
    // The theme module owns data-theme: an override wins over the user's choice until cleared.
    useTheme.getState().setOverride('contrast');
    root.classList.add('presenting');
    return () => {
      root.classList.remove('presenting');
      useTheme.getState().setOverride(null);
    };
  }, [presenting]);
  const charts = presenting ? (STORY[index].alsoChart ? 2 : 1) : 0;
  useEffect(() => {
    // How many charts share the screen: the CSS gives each its share of the height.
    if (!charts) return;
    document.documentElement.dataset.presentCharts = String(charts);
    return () => void delete document.documentElement.dataset.presentCharts;
  }, [charts]);
  const text = useRef<HTMLElement>(null);
  useEffect(() => {
    // A new step reads from its first paragraph.
    if (text.current) text.current.scrollTop = 0;
  }, [index]);
  if (!presenting || !facts) return null;
  const step = STORY[index];
  return (
    <>
      <div className="presentation-bar" role="region" aria-label="Presentation">
        <h2>{step.title(facts)}</h2>
        <p className="presentation-state">
          <span data-testid="present-alpha">α = {formatAlpha(alpha)}</span>
          <span data-testid="present-normalise">normalisation {normalise ? 'on' : 'off'}</span>
          <span>{active ? (active.paused ? 'paused' : 'training…') : ''}</span>
          <span data-testid="present-step">
            step {index + 1}/{STORY.length}
          </span>
          <button type="button" onClick={() => toggleHelp(c)} className="secondary">
            ? shortcuts
          </button>
          <button type="button" onClick={() => togglePresentation(c)} className="secondary">
            Exit
          </button>
        </p>
        <TrainedNotice />
      </div>
      <aside ref={text} className="presentation-text" aria-label="What this step shows" data-step={step.id}>
        <Prose name="presentation" paragraphs={step.text(facts)} />
      </aside>
    </>
  );
}
