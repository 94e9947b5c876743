/**
 * Backend names and the `?backend=` preference, free of tfjs so the page's main bundle can use them
 * without pulling TensorFlow.js in (tfjs lives in the worker / the lazily loaded main-thread host).
 */
import type { BackendName } from '../../model/training';

export const BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export type BackendPreference = BackendName | 'auto';

export function isBackendName(v: unknown): v is BackendName {
  return v === 'webgl' || v === 'webgpu' || v === 'wasm' || v === 'cpu';
}

/** Parses a `?backend=` style value; anything unknown is 'auto'. */
export function parseBackendPreference(v: string | null | undefined): BackendPreference {
  return isBackendName(v) ? v : 'auto';
}

/**
 * Parses a `?threads=` value: the XNNPACK threads the wasm backend asks for (1 = the single-threaded
 * build). Anything but a whole number from 1 to 16 is undefined (the engine's default then).
 */
export function parseThreadsPreference(v: string | null | undefined): number | undefined {
  if (v == null || !/^\d{1,2}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 && n <= 16 ? n : undefined;
}

/**
 * Parses a `?watchdog=` value: after this many seconds without an answer to its ping the engine is
 * reported as not responding (default 30 s, client.ts HEARTBEAT_TIMEOUT_MS). A whole number from 2
 * to 120, else undefined. For debugging a slow machine, and for the fault tests, which need not
 * wait half a minute to see the report.
 */
export function parseWatchdogSeconds(v: string | null | undefined): number | undefined {
  if (v == null || !/^\d{1,3}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 2 && n <= 120 ? n : undefined;
}

/** navigator.hardwareConcurrency in this thread (1 where unknown). */
export function logicalCores(): number {
  return typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
}

export interface WebGLProbe {
  /** A WebGL2 context could be created (with tfjs's failIfMajorPerformanceCaveat). */
  available: boolean;
  /** The renderer is a CPU rasteriser (SwiftShader, llvmpipe…): tfjs-webgl is then slower than wasm. */
  software: boolean;
  renderer: string;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

/**
 * Probes WebGL2 as tfjs would use it, on an OffscreenCanvas (workers) or a canvas element (page).
 * tfjs asks for failIfMajorPerformanceCaveat, but headless/blocklisted Chromium can still hand out
 * SwiftShader: the renderer string tells.
 */
export function probeWebGL2(): WebGLProbe {
  const none: WebGLProbe = { available: false, software: false, renderer: '' };
  try {
    const attrs: WebGLContextAttributes = { failIfMajorPerformanceCaveat: true };
    let gl: WebGL2RenderingContext | null = null;
    // The same canvas tfjs-webgl would make (canvas_util.createCanvas): OffscreenCanvas except on
    // Safari, a canvas element otherwise — so in a Safari worker there is none, and WebGL fails there.
    const nav = typeof navigator === 'undefined' ? null : navigator;
    const isSafari = nav !== null && /Safari/.test(nav.userAgent) && /Apple/.test(nav.vendor ?? '');
    if (!isSafari && typeof OffscreenCanvas !== 'undefined') {
      gl = new OffscreenCanvas(1, 1).getContext('webgl2', attrs);
    } else if (typeof document !== 'undefined') {
      gl = document.createElement('canvas').getContext('webgl2', attrs);
    }
    if (!gl) return none;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, software: SOFTWARE_RENDERER.test(renderer), renderer };
  } catch {
    return none;
  }
}

export interface WebGPUProbe {
  /** navigator.gpu handed out an adapter (WebGPU needs a secure context and a browser that has it). */
  available: boolean;
  /** The adapter is a CPU implementation (SwiftShader, or the browser's fallback adapter). */
  software: boolean;
  /** The adapter as the browser describes it ("google swiftshader"), or why there is none. */
  adapter: string;
}

interface GPUAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/**
 * Asks for a WebGPU adapter as tfjs-backend-webgpu would (navigator.gpu.requestAdapter), in a
 * worker or the page. Never throws. Headless Chromium gives one with --enable-unsafe-webgpu: a
 * SwiftShader adapter (vendor "google", architecture "swiftshader").
 */
export async function probeWebGPU(): Promise<WebGPUProbe> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<GPUAdapterLike | null> } } })
    .navigator?.gpu;
  if (!gpu) return { available: false, software: false, adapter: 'this browser has no WebGPU' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter)
      return { available: false, software: false, adapter: 'the browser offers no WebGPU device' };
    const info = adapter.info ?? {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown';
    const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
    return { available: true, software: fallback || SOFTWARE_RENDERER.test(name), adapter: name };
  } catch (e) {
    return { available: false, software: false, adapter: `requestAdapter failed: ${String(e)}` };
  }
}
