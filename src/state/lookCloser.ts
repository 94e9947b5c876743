/**
 * "Look closer"'s Fashion-MNIST test images, fetched and verified once when first shown (the
 * selection it shows lives in the view store). Written by ensureTestImages only.
 */
import { create } from 'zustand';
import { httpByteSource } from '../data/byteSource';
import { loadFashionMnistSplit } from '../data/fashionMnist';
import type { DecodedSplit } from '../data/fashionMnistFormat';

interface LookCloserState {
  images: DecodedSplit | null;
  imagesError: string | null;
  loading: boolean;
}

export const useLookCloser = create<LookCloserState>(() => ({
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
