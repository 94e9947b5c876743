/**
 * How the page is being viewed, as opposed to what is trained: the guided story's step,
 * presentation mode, the shortcut overlay, view choices the story sets (the risk–coverage zoom),
 * the control groups a classroom link hides, and the page's dismissible notices. Written by the
 * controller (and the risk–coverage chart's own zoom toggle).
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ControlGroup } from './classroom';

export interface Notice {
  id: number;
  text: string;
}

export interface ViewState {
  /** Index of the guided story's step on screen; null when the story is closed. */
  storyStep: number | null;
  presenting: boolean;
  helpOpen: boolean;
  rcZoom: boolean;
  /** Control groups the classroom link (`?hide=`) hides. */
  hidden: ControlGroup[];
  notices: Notice[];
}

export type ViewStore = UseBoundStore<StoreApi<ViewState>>;

export function createViewStore(): ViewStore {
  return create<ViewState>(() => ({
    storyStep: null,
    presenting: false,
    helpOpen: false,
    rcZoom: false,
    hidden: [],
    notices: [],
  }));
}

export const useView = createViewStore();
