/**
 * "Look closer": which test samples the user asked to see (a histogram bar they clicked, or by
 * default the most confident mistakes), and, for Fashion-MNIST, the test images to show them with.
 */
import { create } from 'zustand';
import { httpByteSource } from '../data/byteSource';
import { loadFashionMnistSplit } from '../data/fashionMnist';
import type { Selection, BinSelection, CoverageSelection, PointSelection } from '../model/selection';
import type { DecodedSplit } from '../data/fashionMnistFormat';
import type { ModelRole } from '../model/views';

const isModelRole = (s: string): s is ModelRole => s === 'ce' || s === 'ls';

interface LookCloserState {
  selection: Selection | null;
  images: DecodedSplit | null;
  imagesError: string | null;
  loading: boolean;
}

export const useLookCloser = create<LookCloserState>(() => ({
  selection: null,
  images: null,
  imagesError: null,
  loading: false,
}));

/** Fetches and verifies the Fashion-MNIST test images once (a call while they load does nothing). */
export function ensureTestImages(): void {
  const { images, loading } = useLookCloser.getState();
  if (images || loading) return;
  useLookCloser.setState({ loading: true, imagesError: null });
  const base = new URL(`${import.meta.env.BASE_URL}data/fashion-mnist/`, location.href).href;
  loadFashionMnistSplit(httpByteSource(base), 'test').then(
    (loaded) => useLookCloser.setState({ images: loaded, loading: false }),
    (e: unknown) =>
      useLookCloser.setState({ imagesError: e instanceof Error ? e.message : String(e), loading: false }),
  );
}

/** Reads a clicked histogram bar from the DOM event (bars carry their bin and panel as data-*). */
export function selectionFromBar(target: Element): BinSelection | null {
  const bar = target.closest('rect[data-bin][data-lo][data-hi]');
  const panel = bar?.closest('[data-panel]');
  if (!bar || !panel) return null;
  const [role, row] = (panel.getAttribute('data-panel') ?? '').split('-');
  const series = bar.getAttribute('data-series');
  const lo = Number(bar.getAttribute('data-lo'));
  const hi = Number(bar.getAttribute('data-hi'));
  if (!isModelRole(role) || (row !== 'msp' && row !== 'pnorm')) return null;
  if ((series !== 'correct' && series !== 'incorrect') || !Number.isFinite(lo) || !Number.isFinite(hi))
    return null;
  return { kind: 'bin', role, row, series, lo, hi };
}

/** The coverage the risk–coverage read-out shows (where the pointer or the arrow keys are). */
export function selectionFromCoverage(chart: Element): CoverageSelection | null {
  const raw = chart.querySelector('[data-readout]')?.getAttribute('data-readout');
  const coverage = raw ? Number(raw) : NaN;
  return Number.isFinite(coverage) && coverage > 0 && coverage <= 1 ? { kind: 'coverage', coverage } : null;
}

/** A clicked test point of the decision-region panels. */
export function selectionFromPoint(target: Element): PointSelection | null {
  const index = Number(target.closest('[data-index]')?.getAttribute('data-index'));
  return Number.isInteger(index) && index >= 0 ? { kind: 'point', index } : null;
}
