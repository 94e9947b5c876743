/**
 * Models loaded from files ("Analyse your own model"): their per-sample scores, the load in
 * progress, the last error, and the section's own analysis settings (which model is the reference
 * and which the compared, how p is chosen, centring, and the α of the LS-term estimate). Separate
 * from the trained models' stores: loading a file never touches training.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { LoadCancelled, startImport, type ImportJob } from '../import/client';
import type { LoadedModelData } from '../import/types';

export interface LoadedModel extends LoadedModelData {
  id: string;
  /** Where `alpha` comes from: the file (results JSON), its name (alphaName.ts), or the user. */
  alphaFrom: 'file' | 'name' | 'user' | null;
}

export interface LoadState {
  /** The chosen files, for the progress line. */
  label: string;
  done: number;
  total: number;
}

export interface LastLoad {
  label: string;
  models: number;
  bytes: number;
  /** Time the worker took to read and score the files. */
  seconds: number;
}

/** 'search': p chosen on a validation split (the file's, else a held-out half); 'hand': pHand. */
export type PMode = 'search' | 'hand';

export interface ImportedState {
  models: LoadedModel[];
  loading: LoadState | null;
  error: string | null;
  last: LastLoad | null;
  referenceId: string | null;
  comparedId: string | null;
  /**
   * The compared model when it was chosen automatically (the first model loaded after the reference),
   * so the page can say so; null once the user chooses.
   */
  autoComparedId: string | null;
  pMode: PMode;
  pHand: number;
  centred: boolean;
  normalise: boolean;
  /** α of the empirical LS-term estimate α(acc_bin − 1/K) for the compared model. */
  alpha: number;
  load(files: File[]): Promise<void>;
  cancel(): void;
  remove(id: string): void;
  /** The α of a loaded model for the α sweep (null: unknown), as the user enters it. */
  setModelAlpha(id: string, alpha: number | null): void;
  dismissError(): void;
  setReference(id: string | null): void;
  setCompared(id: string | null): void;
  setPMode(mode: PMode): void;
  setPHand(p: number): void;
  setCentred(v: boolean): void;
  setNormalise(v: boolean): void;
  setAlpha(a: number): void;
}

/** A name not yet used: "model.npz", then "model.npz (2)", … */
function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name} (${i})`)) return `${name} (${i})`;
}

export const useImported = create<ImportedState>((set, get) => {
  /** The load under way (a newer load cancels it), and the next model id: this store's own. */
  let job: ImportJob | null = null;
  let nextId = 1;
  return {
    models: [],
    loading: null,
    error: null,
    last: null,
    referenceId: null,
    comparedId: null,
    autoComparedId: null,
    pMode: 'search',
    pHand: 2,
    centred: true,
    normalise: true,
    alpha: 0.1,

    async load(files) {
      if (files.length === 0) return;
      job?.cancel();
      const label = files.map((f) => f.name).join(', ');
      const total = files.reduce((a, f) => a + f.size, 0);
      set({ loading: { label, done: 0, total }, error: null });
      // Marks for whoever measures the page's responsiveness during a load (the browser test does).
      performance.mark('lssc-import-start');
      const current = startImport(files, (p) => set({ loading: { label, done: p.done, total: p.total } }));
      job = current;
      try {
        const { models, seconds } = await current.done;
        if (job !== current) return;
        performance.mark('lssc-import-received');
        const taken = new Set(get().models.map((m) => m.name));
        const added = models.map((m): LoadedModel => {
          const name = uniqueName(m.name, taken);
          taken.add(name);
          const alphaFrom = m.alpha === null ? null : m.format === 'json' ? 'file' : 'name';
          return { ...m, name, id: `m${nextId++}`, alphaFrom };
        });
        const all = [...get().models, ...added];
        const s = get();
        // The first model loaded becomes the reference; while no model is compared, the next one
        // loaded (of this load, else any other) becomes the compared one, and the page says so.
        // α follows a file that records or names it.
        const referenceId = s.referenceId ?? all[0]?.id ?? null;
        const auto =
          s.comparedId === null
            ? (added.find((m) => m.id !== referenceId) ?? all.find((m) => m.id !== referenceId) ?? null)
            : null;
        const comparedId = s.comparedId ?? auto?.id ?? null;
        const compared = all.find((m) => m.id === comparedId);
        set({
          models: all,
          loading: null,
          referenceId,
          comparedId,
          autoComparedId: auto ? auto.id : s.autoComparedId,
          alpha: s.comparedId === null && compared?.alpha ? compared.alpha : s.alpha,
          last: { label, models: added.length, bytes: total, seconds },
        });
      } catch (e) {
        if (job !== current) return;
        set({
          loading: null,
          error: e instanceof LoadCancelled ? null : e instanceof Error ? e.message : String(e),
        });
      } finally {
        if (job === current) job = null;
      }
    },
    cancel() {
      job?.cancel();
    },
    remove(id) {
      const models = get().models.filter((m) => m.id !== id);
      const keep = (x: string | null) => (x !== null && models.some((m) => m.id === x) ? x : null);
      set({
        models,
        referenceId: keep(get().referenceId),
        comparedId: keep(get().comparedId),
        autoComparedId: keep(get().autoComparedId),
      });
    },
    setModelAlpha(id, alpha) {
      const a = alpha !== null && Number.isFinite(alpha) ? alpha : null;
      const models = get().models.map((m) =>
        m.id === id ? { ...m, alpha: a, alphaFrom: a === null ? null : ('user' as const) } : m,
      );
      set(id === get().comparedId && a !== null ? { models, alpha: a } : { models });
    },
    dismissError: () => set({ error: null }),
    setReference: (id) => set({ referenceId: id, autoComparedId: null }),
    setCompared: (id) => {
      // A file that records the model's α (a results file) sets the α of the LS-term estimate.
      const recorded = get().models.find((m) => m.id === id)?.alpha;
      set(
        recorded !== null && recorded !== undefined && Number.isFinite(recorded)
          ? { comparedId: id, autoComparedId: null, alpha: recorded }
          : { comparedId: id, autoComparedId: null },
      );
    },
    setPMode: (pMode) => set({ pMode }),
    setPHand: (p) => set({ pHand: Math.min(10, Math.max(1, Math.round(p))) }),
    setCentred: (centred) => set({ centred }),
    setNormalise: (normalise) => set({ normalise }),
    setAlpha: (alpha) => set({ alpha }),
  };
});

/**
 * A selection of several fields of the loaded-models store, the same object while every field is
 * unchanged (zustand's shallow compare), for components that read a few fields at once.
 */
export function useImportedFields<T extends object>(select: (s: ImportedState) => T): T {
  return useImported(useShallow(select));
}
