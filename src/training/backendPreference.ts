/**
 * Backend names and the `?backend=` preference, free of tfjs so the page's main bundle can use them
 * without pulling TensorFlow.js in (tfjs lives in the worker / the lazily loaded main-thread host).
 */
import type { BackendName } from './types';

export const BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export type BackendPreference = BackendName | 'auto';

export function isBackendName(v: unknown): v is BackendName {
  return v === 'webgl' || v === 'wasm' || v === 'cpu';
}

/** Parses a `?backend=` style value; anything unknown is 'auto'. */
export function parseBackendPreference(v: string | null | undefined): BackendPreference {
  return isBackendName(v) ? v : 'auto';
}
