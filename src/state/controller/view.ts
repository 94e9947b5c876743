/** Notices, the view state, and the story's and presentation mode's moves. */
import { ALPHA_MAX, ALPHA_MIN, ALPHA_STEP } from '../../model/settings';
import type { ViewState } from '../viewStore';
import type { ControllerContext } from './context';
import type { SettingsActions } from './settings';

/** The story step's view: what goToStep sets (story/control.ts reads it from the story). */
export interface StoryStepState {
  alpha?: number;
  normalise: boolean;
  rcZoom: boolean;
}

export function createViewActions(
  ctx: ControllerContext,
  settingsActions: Pick<SettingsActions, 'selectAlpha' | 'setSetting'>,
) {
  const { view, settings } = ctx;
  const { selectAlpha, setSetting } = settingsActions;

  function dismissNotice(id: number): void {
    view.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }

  function setView(
    patch: Partial<
      Pick<ViewState, 'storyStep' | 'presenting' | 'helpOpen' | 'rcZoom' | 'selection' | 'workedSamples'>
    >,
  ): void {
    view.setState(patch);
  }

  /** Shows a story step: its α through the slider's path, its normalisation and zoom. */
  function showStoryStep(index: number, state: StoryStepState): void {
    if (state.alpha !== undefined && settings().alpha !== state.alpha) selectAlpha(state.alpha);
    setSetting('normalise', state.normalise);
    setView({ storyStep: index, rcZoom: state.rcZoom });
  }

  /** ←/→ in presentation mode: α by one slider step, within the slider's range. */
  function nudgeAlpha(direction: 1 | -1): void {
    const a = settings().alpha + direction * ALPHA_STEP;
    selectAlpha(Math.min(ALPHA_MAX, Math.max(ALPHA_MIN, Number(a.toFixed(3)))));
  }

  return { notify: ctx.notify, dismissNotice, setView, showStoryStep, nudgeAlpha };
}
