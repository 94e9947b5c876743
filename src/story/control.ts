/**
 * Story and presentation actions, shared by buttons and keyboard shortcuts: the story's steps
 * (steps.ts) turned into controller actions, and the page's full-screen mode. State changes go
 * through the controller (α through the slider's path: an untrained α trains once settled, except in
 * presentation mode, where only T trains).
 */
import { STORY } from './steps';
import type { Controller } from '../state/controller';

export function goToStep(c: Controller, i: number): void {
  const index = Math.max(0, Math.min(STORY.length - 1, i));
  c.showStoryStep(index, STORY[index].state);
}

export function startStory(c: Controller): void {
  goToStep(c, 0);
}

export function nextStep(c: Controller): void {
  const i = c.stores.view.getState().storyStep;
  goToStep(c, i === null ? 0 : i + 1);
}

export function previousStep(c: Controller): void {
  const i = c.stores.view.getState().storyStep;
  goToStep(c, i === null ? 0 : i - 1);
}

export function closeStory(c: Controller): void {
  c.setView({ storyStep: null });
}

export function enterPresentation(c: Controller): void {
  const v = c.stores.view.getState();
  if (v.presenting) return;
  c.setView({ presenting: true });
  if (v.storyStep === null) goToStep(c, 0);
  window.scrollTo(0, 0);
  // Full screen is a nicety: refused (no user gesture, an iframe, a test), the mode still works.
  const el = document.documentElement;
  if (!document.fullscreenElement && el.requestFullscreen) el.requestFullscreen().catch(() => undefined);
}

export function exitPresentation(c: Controller): void {
  if (!c.stores.view.getState().presenting) return;
  c.setView({ presenting: false, helpOpen: false });
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
}

export function togglePresentation(c: Controller): void {
  if (c.stores.view.getState().presenting) exitPresentation(c);
  else enterPresentation(c);
}

/** Home/R in presentation mode: the precomputed models, step 1 with its α and normalisation. */
export function resetPresentation(c: Controller): void {
  c.resetToPrecomputed();
  goToStep(c, 0);
}

/** ↓/↑ in presentation mode: the step's text by most of its box (a long text scrolls in it). */
export function scrollStepText(direction: 1 | -1): void {
  const box = document.querySelector('.presentation-text');
  if (box) box.scrollTop += direction * Math.round(box.clientHeight * 0.8);
}

export function toggleHelp(c: Controller): void {
  c.setView({ helpOpen: !c.stores.view.getState().helpOpen });
}

/** Esc: close the shortcut list, else leave presentation mode, else close the story. */
export function escape(c: Controller): void {
  const v = c.stores.view.getState();
  if (v.helpOpen) c.setView({ helpOpen: false });
  else if (v.presenting) exitPresentation(c);
  else closeStory(c);
}
