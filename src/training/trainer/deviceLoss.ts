/**
 * Watching the GPU: tfjs's WebGL backend draws on a canvas (an OffscreenCanvas in a worker) whose
 * context the browser may take away at any time (driver reset, GPU process crash, too many
 * contexts; WEBGL_lose_context simulates it). After that no read-back ever completes, so a loop
 * awaiting one would wait forever: the watch turns the loss into a rejected promise the loop races.
 */
import { tf } from './tf';

export class DeviceLostError extends Error {
  constructor(message = 'the WebGL context was lost') {
    super(message);
    this.name = 'DeviceLostError';
  }
}

export interface DeviceWatch {
  /** True once the context is lost. */
  readonly lost: boolean;
  /** Rejects with DeviceLostError when the context is lost; never resolves. */
  readonly interrupt: Promise<never>;
  /** Test hook: loses the context on purpose (WEBGL_lose_context); false if not possible. */
  loseContext(): boolean;
  dispose(): void;
}

type GL = WebGLRenderingContext | WebGL2RenderingContext;

/** The context of tfjs's WebGL backend, if that is the backend in use. */
function webglContext(): GL | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: GL } };
  return backend.gpgpu?.gl ?? null;
}

/** A watch on the WebGL context of the current backend; null when the backend is not webgl. */
export function watchWebGL(): DeviceWatch | null {
  const gl = webglContext();
  if (!gl) return null;
  const canvas = gl.canvas as EventTarget;
  let lost = false;
  let reject!: (e: Error) => void;
  const interrupt = new Promise<never>((_, r) => (reject = r));
  interrupt.catch(() => undefined); // Raced by the loop; no unhandled rejection while nobody waits.
  const onLost = (): void => {
    if (lost) return;
    lost = true;
    dispose();
    reject(new DeviceLostError());
  };
  canvas.addEventListener('webglcontextlost', onLost);
  // The event is the signal; polling isContextLost() covers hosts that do not deliver it.
  const poll = setInterval(() => gl.isContextLost() && onLost(), 500);
  function dispose(): void {
    clearInterval(poll);
    canvas.removeEventListener('webglcontextlost', onLost);
  }
  return {
    get lost() {
      return lost;
    },
    interrupt,
    loseContext(): boolean {
      const ext = gl.getExtension('WEBGL_lose_context');
      if (!ext) return false;
      ext.loseContext();
      return true;
    },
    dispose,
  };
}
