/**
 * Keyboard shortcuts: one table drives both the handler and the help overlay, so the overlay lists
 * exactly what the keys do.
 */
import type { Controller } from '../state/controller';
import { STORY } from './steps';
import {
  escape,
  exitPresentation,
  nextStep,
  previousStep,
  resetPresentation,
  scrollStepText,
  toggleHelp,
  togglePresentation,
} from './control';

export interface Shortcut {
  /** KeyboardEvent.key values that trigger it. */
  keys: string[];
  /** How the overlay shows the key. */
  label: string;
  does: string;
  /** Where it applies. */
  when: 'always' | 'presenting' | 'story';
  run(c: Controller): void;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['p', 'P'], label: 'P', does: 'Presentation mode on/off', when: 'always', run: togglePresentation },
  { keys: ['?'], label: '?', does: 'Show or hide this list of shortcuts', when: 'always', run: toggleHelp },
  // Presentation mode: a clicker's keys (PageDown/PageUp, sometimes the arrows) move the story.
  {
    keys: ['ArrowRight', 'PageDown', ' '],
    label: '→ PageDown Space',
    does: 'Next step of the story',
    when: 'presenting',
    run: nextStep,
  },
  {
    keys: ['ArrowLeft', 'PageUp'],
    label: '← PageUp',
    does: 'Previous step of the story',
    when: 'presenting',
    run: previousStep,
  },
  {
    keys: ['ArrowDown'],
    label: '↓',
    does: 'Scroll the step’s text down (when it is longer than its box)',
    when: 'presenting',
    run: () => scrollStepText(1),
  },
  {
    keys: ['ArrowUp'],
    label: '↑',
    does: 'Scroll the step’s text up',
    when: 'presenting',
    run: () => scrollStepText(-1),
  },
  { keys: [']'], label: ']', does: 'α up one step (0.05)', when: 'presenting', run: (c) => c.nudgeAlpha(1) },
  {
    keys: ['['],
    label: '[',
    does: 'α down one step (0.05)',
    when: 'presenting',
    run: (c) => c.nudgeAlpha(-1),
  },
  {
    keys: ['t', 'T'],
    label: 'T',
    does: 'Train the α on screen (nothing trains unless asked)',
    when: 'presenting',
    run: (c) => c.train(),
  },
  {
    keys: ['Home', 'r', 'R'],
    label: 'Home or R',
    does: `Back to the start: step 1, α = ${STORY[0].state.alpha}, seed 0, the precomputed models`,
    when: 'presenting',
    run: resetPresentation,
  },
  {
    keys: [' '],
    label: 'Space',
    does: 'Train / pause (in presentation mode: next step)',
    when: 'always',
    run: (c) => c.playPause(),
  },
  {
    keys: ['n', 'N'],
    label: 'N',
    does: 'Logit normalisation on/off',
    when: 'always',
    run: (c) => c.setSetting('normalise', !c.stores.settings.getState().normalise),
  },
  { keys: ['s', 'S'], label: 'S', does: 'Next step of the guided story', when: 'always', run: nextStep },
  { keys: ['ArrowRight'], label: '→', does: 'Next step of the story', when: 'story', run: nextStep },
  { keys: ['ArrowLeft'], label: '←', does: 'Previous step of the story', when: 'story', run: previousStep },
  {
    keys: ['Escape'],
    label: 'Esc',
    does: 'Close this list, leave presentation mode, or close the story',
    when: 'always',
    run: escape,
  },
];

const TEXT_ENTRY = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const ACTIVATES_ON_SPACE = new Set(['BUTTON', 'A', 'SUMMARY', 'INPUT', 'SELECT', 'TEXTAREA']);

/** The shortcut a key press means here, or null (typing in a field, a modifier held, no match). */
export function shortcutFor(c: Controller, e: KeyboardEvent): Shortcut | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  const target = e.target as HTMLElement | null;
  const tag = target?.tagName ?? '';
  if (target?.isContentEditable) return null;
  // Fields keep their keys (the α slider has its own arrows); Escape still leaves the mode.
  if (TEXT_ENTRY.has(tag) && e.key !== 'Escape') return null;
  // Space on a focused button clicks it; arrows on one move nothing, so they stay shortcuts.
  if (e.key === ' ' && ACTIVATES_ON_SPACE.has(tag)) return null;
  const v = c.stores.view.getState();
  const context = v.presenting ? 'presenting' : v.storyStep !== null ? 'story' : null;
  // A key of the current context wins over the same key elsewhere (Space: next step when presenting).
  const match = (when: Shortcut['when'] | null): Shortcut | undefined =>
    SHORTCUTS.find((s) => s.keys.includes(e.key) && s.when === when);
  return (context ? match(context) : undefined) ?? match('always') ?? null;
}

/** Installs the page's key handler; returns the uninstaller. */
export function installShortcuts(c: Controller): () => void {
  const onKey = (e: KeyboardEvent): void => {
    const s = shortcutFor(c, e);
    if (!s) return;
    e.preventDefault();
    s.run(c);
  };
  // Leaving full screen with the browser's own Esc also leaves presentation mode.
  const onFullscreen = (): void => {
    if (!document.fullscreenElement && c.stores.view.getState().presenting && fullscreenWasOn)
      exitPresentation(c);
    fullscreenWasOn = !!document.fullscreenElement;
  };
  let fullscreenWasOn = false;
  window.addEventListener('keydown', onKey);
  document.addEventListener('fullscreenchange', onFullscreen);
  return () => {
    window.removeEventListener('keydown', onKey);
    document.removeEventListener('fullscreenchange', onFullscreen);
  };
}
