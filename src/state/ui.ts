/** Page-level messages (e.g. a link with bad settings), each dismissible. */
import { create } from 'zustand';

export interface Notice {
  id: number;
  text: string;
}

interface UiState {
  notices: Notice[];
  notify(text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useUi = create<UiState>((set) => ({
  notices: [],
  notify: (text) => set((s) => ({ notices: [...s.notices, { id: nextId++, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
