/**
 * The one place training code gets TensorFlow.js from.
 *
 * The union package `@tensorflow/tfjs` (not `tfjs-core` alone) is imported because it registers the
 * gradient functions and the cpu + webgl backends; `tfjs-core` alone has no gradients under Node.
 * The wasm backend is registered here too (it works in Node as is; in the browser its .wasm files
 * must be located first — see backend.browser.ts, imported by the worker / main-thread host).
 * The analysis code never imports this: nothing outside src/training sees a tensor.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
