import './story.css';
import { useEffect, useRef } from 'react';
import { STORY } from '../story/steps';
import { Prose } from '../charts/kit/Prose';
import { useStoryFacts } from './useStoryFacts';
import { closeStory, nextStep, previousStep, startStory } from '../story/control';
import { SHORTCUTS } from '../story/shortcuts';
import { useView } from '../state/viewStore';
import { useController } from '../state/controllerContext';

export function StartStoryButton() {
  const c = useController();
  return (
    <button type="button" className="primary story-start" onClick={() => startStory(c)}>
      Start the guided story
    </button>
  );
}

/** Marks the chart a step talks about and brings it into view. */
function usePointAt(chart: string | null): void {
  useEffect(() => {
    if (!chart) return;
    const mark = (): Element | null => {
      const el = document.querySelector(`[data-chart="${chart}"]`);
      document
        .querySelectorAll('.story-target')
        .forEach((e) => e !== el && e.classList.remove('story-target'));
      el?.classList.add('story-target');
      return el;
    };
    const el = mark();
    // Presentation mode lays the step's charts out on one screen: it shows them from the top.
    if (useView.getState().presenting) window.scrollTo(0, 0);
    // Otherwise the chart's top comes to the top of the screen (a tall chart centred would hide its
    // title), with the story's column beside it.
    else el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    // Charts re-render from placeholders when data arrives: keep the mark on the live element.
    const observer = new MutationObserver(() => {
      if (!document.querySelector(`[data-chart="${chart}"].story-target`)) mark();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    // Sections above may still be filling in (a table computed in idle time, intervals from the
    // worker): for a few seconds, while the reader has not scrolled, a layout change that moves the
    // chart away brings it back to the top of the screen.
    const follow = followTarget(chart);
    return () => {
      follow();
      observer.disconnect();
      document.querySelectorAll('.story-target').forEach((e) => e.classList.remove('story-target'));
    };
  }, [chart]);
}

/** How long after a step the page keeps its chart in view while the layout above it settles. */
const FOLLOW_MS = 4000;

function followTarget(chart: string): () => void {
  if (typeof ResizeObserver === 'undefined' || useView.getState().presenting) return () => {};
  const until = performance.now() + FOLLOW_MS;
  let reader = false;
  const stop = (): void => {
    reader = true;
  };
  const events = ['wheel', 'touchstart', 'pointerdown'] as const;
  events.forEach((e) => window.addEventListener(e, stop, { passive: true }));
  const ro = new ResizeObserver(() => {
    if (reader || performance.now() > until) return;
    const el = document.querySelector(`[data-chart="${chart}"]`);
    const top = el?.getBoundingClientRect().top;
    if (el && top !== undefined && (top < 0 || top > window.innerHeight * 0.5))
      el.scrollIntoView({ block: 'start' });
  });
  const content = document.querySelector('.content');
  if (content) ro.observe(content);
  return () => {
    ro.disconnect();
    events.forEach((e) => window.removeEventListener(e, stop));
  };
}

/** The guided story's panel: one step of the argument, with previous/next. */
export function StoryPanel() {
  const index = useView((s) => s.storyStep);
  const presenting = useView((s) => s.presenting);
  const step = index === null ? null : STORY[index];
  const heading = useRef<HTMLHeadingElement>(null);
  const c = useController();
  // Computed only while the story is open: the step's words follow the pair on screen.
  const facts = useStoryFacts(step !== null);
  usePointAt(step?.chart ?? null);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    // A new step reads from its title: the panel scrolls back to the top (its text can be long).
    if (panel.current) panel.current.scrollTop = 0;
    if (step && !presenting) heading.current?.focus({ preventScroll: true });
  }, [step, presenting]);
  if (!step || index === null || !facts) return null;
  return (
    <aside ref={panel} className="story-panel" aria-label="Guided story" data-step={step.id}>
      <p className="story-count">
        Step {index + 1} of {STORY.length}
      </p>
      <h2 ref={heading} tabIndex={-1}>
        {step.title(facts)}
      </h2>
      {/* Links open in a new tab, which keeps the story where it is. */}
      <Prose name="story" paragraphs={step.text(facts)} />
      <div className="buttons">
        <button type="button" onClick={() => previousStep(c)} disabled={index === 0}>
          ← Previous
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => nextStep(c)}
          disabled={index === STORY.length - 1}
        >
          Next →
        </button>
        <button type="button" onClick={() => closeStory(c)}>
          Close story
        </button>
      </div>
      <p className="hint">Arrow keys ← → also move through the story.</p>
    </aside>
  );
}

/** The "?" overlay: every keyboard shortcut, from the same table the key handler uses. */
export function HelpOverlay() {
  const open = useView((s) => s.helpOpen);
  const close = useRef<HTMLButtonElement>(null);
  const { setView } = useController();
  useEffect(() => {
    if (open) close.current?.focus();
  }, [open]);
  if (!open) return null;
  const where = { always: 'anywhere', presenting: 'in presentation mode', story: 'while the story is open' };
  return (
    <div className="help-overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
      <div className="help-card">
        <h2>Keyboard shortcuts</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">What it does</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={`${s.label}-${s.when}`} data-key={s.keys[0]} data-when={s.when}>
                <td>
                  <kbd>{s.label}</kbd>
                </td>
                <td>{s.does}</td>
                <td>{where[s.when]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">
          Keys do nothing while you type in a field; the α slider keeps its own arrow keys.
        </p>
        <button ref={close} type="button" onClick={() => setView({ helpOpen: false })}>
          Close
        </button>
      </div>
    </div>
  );
}
