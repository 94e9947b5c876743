/**
 * Story and presentation actions, shared by buttons and keyboard shortcuts. They only set state:
 * settings (α, normalisation) through the same paths as the controls, and the view store.
 */
import { STORY } from './steps';
import { useView } from '../state/view';
import { useSettings } from '../state/settings';
import { ALPHA_MAX, ALPHA_MIN, ALPHA_STEP } from '../model/settings';
import { selectAlpha, pause, train } from '../state/orchestrator';
import { useRuns } from '../state/runs';

export function goToStep(i: number): void {
  const step = STORY[Math.max(0, Math.min(STORY.length - 1, i))];
  const index = STORY.indexOf(step);
  const { state } = step;
  if (state.alpha !== undefined && useSettings.getState().alpha !== state.alpha) selectAlpha(state.alpha);
  useSettings.getState().set('normalise', state.normalise);
  useView.setState({ storyStep: index, rcZoom: state.rcZoom });
}

export function startStory(): void {
  goToStep(0);
}

export function nextStep(): void {
  const i = useView.getState().storyStep;
  goToStep(i === null ? 0 : Math.min(STORY.length - 1, i + 1));
}

export function previousStep(): void {
  const i = useView.getState().storyStep;
  goToStep(i === null ? 0 : Math.max(0, i - 1));
}

export function closeStory(): void {
  useView.setState({ storyStep: null });
}

/** ←/→ in presentation mode: α by one slider step, within the slider's range. */
export function nudgeAlpha(direction: 1 | -1): void {
  const a = useSettings.getState().alpha + direction * ALPHA_STEP;
  selectAlpha(Math.min(ALPHA_MAX, Math.max(ALPHA_MIN, Number(a.toFixed(3)))));
}

export function toggleNormalise(): void {
  const s = useSettings.getState();
  s.set('normalise', !s.normalise);
}

/** Space: pause what trains, or train (resume) the pair on screen. */
export function playPause(): void {
  const active = useRuns.getState().active;
  if (active && !active.paused) pause();
  else train();
}

export function enterPresentation(): void {
  if (useView.getState().presenting) return;
  useView.setState({ presenting: true });
  if (useView.getState().storyStep === null) goToStep(0);
  window.scrollTo(0, 0);
  // Full screen is a nicety: refused (no user gesture, an iframe, a test), the mode still works.
  const el = document.documentElement;
  if (!document.fullscreenElement && el.requestFullscreen) el.requestFullscreen().catch(() => undefined);
}

export function exitPresentation(): void {
  if (!useView.getState().presenting) return;
  useView.setState({ presenting: false, helpOpen: false });
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
}

export function togglePresentation(): void {
  if (useView.getState().presenting) exitPresentation();
  else enterPresentation();
}

export function toggleHelp(): void {
  useView.setState((s) => ({ helpOpen: !s.helpOpen }));
}
