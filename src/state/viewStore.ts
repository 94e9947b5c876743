/**
 * How the page is being viewed, as opposed to what is trained: the guided story's step,
 * presentation mode, the shortcut overlay, view choices the story sets (the risk–coverage zoom),
 * what Look closer shows, the worked example's samples, the control groups a classroom link hides,
 * and the page's dismissible notices. Written by the controller only.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ControlGroup } from '../model/classroom';
import type { Selection } from '../model/selection';

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
  /** What Look closer shows: a chart's selection, or (null) the LS model's most confident mistakes. */
  selection: Selection | null;
  /**
   * The worked example's two test samples [confident-correct slot, confident-mistake slot], as
   * picked by the user; null = the defaults (chartData/workedExampleChoice.ts).
   */
  workedSamples: [number, number] | null;
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
    selection: null,
    workedSamples: null,
    hidden: [],
    notices: [],
  }));
}

export const useView = createViewStore();

/** Whether a classroom link leaves this group of controls on screen. */
export function useShown(group: ControlGroup): boolean {
  return useView((s) => !s.hidden.includes(group));
}
