/**
 * How the page is being viewed, as opposed to what is trained: the guided story's step, presentation
 * mode, the shortcut overlay, and view choices the story sets (the risk–coverage zoom).
 */
import { create } from 'zustand';

export interface ViewState {
  /** Index of the guided story's step on screen; null when the story is closed. */
  storyStep: number | null;
  presenting: boolean;
  helpOpen: boolean;
  rcZoom: boolean;
}

export const useView = create<ViewState>(() => ({
  storyStep: null,
  presenting: false,
  helpOpen: false,
  rcZoom: false,
}));
