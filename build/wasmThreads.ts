/**
 * Vite plugin: lets tfjs-backend-wasm run XNNPACK on several threads in the bundled app.
 *
 * The threaded build of the backend starts its pthread workers (Emscripten) from two scripts it makes
 * at run time: the worker script from a string (`wasmWorkerContents`) as a blob: URL, and the
 * factory that each worker runs, from the factory function's source text (`Function.toString()`)
 * as a Blob. Both break here: the app's CSP allows workers and scripts from its own origin only (no
 * blob:), and in a bundled build the factory's source text no longer stands alone (the bundler
 * moves the variables it closes over out of it). So this plugin
 *
 * - emits the two scripts as files of the build (`wasm-pthread-main` is
 *   wasm-out/tfjs-backend-wasm-threaded-simd.js, which defines the global factory the worker calls;
 *   `wasm-pthread-worker` is the worker script tfjs would have put in a blob, unchanged),
 * - rewrites the two places in the backend's `init()` that build the blobs to use those files' URLs,
 * - and in the threaded factory (bundled and emitted alike) undoes the halving of the core count that
 *   capped XNNPACK's pool at one thread on a 2-core machine (patchCoreCount).
 *
 * `vite dev` serves the same two files from memory under DEV_PREFIX. If the backend's source ever
 * changes so that a pattern is not found, the build fails (it must not silently go single-threaded).
 * The threads then need a cross-origin isolated page (SharedArrayBuffer): the servers send
 * COOP/COEP (vite.config.ts), and the service worker adds them where a static host cannot.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

const BACKEND_FILE = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;
/** The threaded factory as the backend imports it (the engine thread runs it; its pthreads too). */
const FACTORY_FILE =
  /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const DEV_PREFIX = '/@lssc-wasm-threads/';

/** The worker blob tfjs builds in locateFile (`.worker.js`), three statements. */
const WORKER_BLOB =
  /const response = wasmWorkerContents\.replace\([^;]*;\s*const blob = new Blob\(\[response\][^;]*;\s*return URL\.createObjectURL\(blob\);/;
/** The factory source tfjs turns into a Blob for the workers to import. */
const MAIN_BLOB =
  /factoryConfig\.mainScriptUrlOrBlob = new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\);/;

/**
 * Emscripten's core count, as the factory reads it: navigator.hardwareConcurrency (logical cores).
 * tfjs-backend-wasm's init_with_threads_count (src/cc/backend.cc) halves it, assuming two hardware
 * threads per core, and caps XNNPACK's pool there whatever setThreadsCount asks: on a 2-core machine
 * without SMT (this one, and many laptops' VMs) the pool had 1 thread. The factory reports twice
 * the logical count so that the halving gives the logical count back, and the thread count the app
 * sets (backend.browser.ts, at most the logical count) is the one used.
 */
const CORE_COUNT =
  'function _emscripten_num_logical_cores(){if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;return navigator["hardwareConcurrency"]}';
const CORE_COUNT_PATCHED =
  'function _emscripten_num_logical_cores(){if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;return 2*navigator["hardwareConcurrency"]}';

/** The factory with the core count undone (see CORE_COUNT); fails if the factory changed. */
export function patchCoreCount(code: string): string {
  const at = code.indexOf(CORE_COUNT);
  if (at < 0 || code.indexOf(CORE_COUNT, at + 1) >= 0) {
    throw new Error(
      'wasmThreads: the threaded factory no longer has the expected core count; update build/wasmThreads.ts',
    );
  }
  return code.slice(0, at) + CORE_COUNT_PATCHED + code.slice(at + CORE_COUNT.length);
}

function wasmOut(file: string): string {
  const pkg = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  return join(pkg, 'wasm-out', file);
}

/** The two scripts, as the package ships them (the worker's text exactly as tfjs would blob it). */
export function pthreadScripts(): { main: string; worker: string } {
  const main = patchCoreCount(readFileSync(wasmOut('tfjs-backend-wasm-threaded-simd.js'), 'utf8'));
  const { wasmWorkerContents } = require(wasmOut('tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // tfjs escapes the newlines (they occur only inside one string literal of the script).
  return { main, worker: wasmWorkerContents.replace(/\n/g, '\\n') };
}

/** Rewrites the backend's init() to load the pthread scripts from the given URL expressions. */
export function rewriteBackend(code: string, mainUrl: string, workerUrl: string): string {
  if (!WORKER_BLOB.test(code) || !MAIN_BLOB.test(code)) {
    throw new Error(
      'wasmThreads: tfjs-backend-wasm/dist/backend_wasm.js no longer has the expected pthread set-up; ' +
        'update build/wasmThreads.ts for this tfjs version',
    );
  }
  return code
    .replace(WORKER_BLOB, `return ${workerUrl};`)
    .replace(MAIN_BLOB, `factoryConfig.mainScriptUrlOrBlob = ${mainUrl};`);
}

/** The dev server's rewrite of the backend's init() (URLs under DEV_PREFIX, from memory). */
function devRewrite(code: string): string {
  const url = (file: string) => `new URL(${JSON.stringify(DEV_PREFIX + file)}, self.location.href).href`;
  return rewriteBackend(code, url('main.js'), url('worker.js'));
}

/**
 * `vite dev` pre-bundles tfjs-backend-wasm (its factories are CommonJS), and the pre-bundle does not
 * go through this plugin's transform: the same two rewrites run in the dependency optimizer, on the
 * package's own files before they are bundled. (Without them the dev server's engine never started:
 * its CSP blocks the blob: workers.)
 */
function optimizerPlugin() {
  return {
    name: 'ls-sc-wasm-threads-deps',
    transform(code: string, id: string) {
      const file = id.split('?')[0];
      if (FACTORY_FILE.test(file)) return { code: patchCoreCount(code), map: null };
      if (BACKEND_FILE.test(file)) return { code: devRewrite(code), map: null };
      return null;
    },
  };
}

export function wasmThreads(): Plugin {
  let serve = false;
  let refs: { main: string; worker: string } | null = null;
  return {
    name: 'ls-sc-wasm-threads',
    enforce: 'pre',
    config(_, env) {
      if (env.command !== 'serve') return;
      return { optimizeDeps: { rolldownOptions: { plugins: [optimizerPlugin()] } } };
    },
    configResolved(config) {
      serve = config.command === 'serve';
    },
    buildStart() {
      refs = null;
    },
    configureServer(server) {
      const scripts = pthreadScripts();
      server.middlewares.use((req, res, next) => {
        const name = req.url?.startsWith(DEV_PREFIX) ? req.url.slice(DEV_PREFIX.length) : null;
        const body = name === 'main.js' ? scripts.main : name === 'worker.js' ? scripts.worker : null;
        if (body == null) return next();
        // The server's own headers (COEP above all: a pthread worker without it is blocked).
        for (const [k, v] of Object.entries(server.config.server.headers ?? {}))
          if (v != null) res.setHeader(k, v as string);
        res.setHeader('Content-Type', 'text/javascript');
        res.end(body);
      });
    },
    transform(code, id) {
      if (FACTORY_FILE.test(id.split('?')[0])) return { code: patchCoreCount(code), map: null };
      if (!BACKEND_FILE.test(id.split('?')[0])) return null;
      if (serve) return { code: devRewrite(code), map: null };
      if (!refs) {
        const scripts = pthreadScripts();
        refs = {
          main: this.emitFile({ type: 'asset', name: 'wasm-pthread-main.js', source: scripts.main }),
          worker: this.emitFile({ type: 'asset', name: 'wasm-pthread-worker.js', source: scripts.worker }),
        };
      }
      return {
        code: rewriteBackend(
          code,
          `import.meta.ROLLUP_FILE_URL_${refs.main}`,
          `import.meta.ROLLUP_FILE_URL_${refs.worker}`,
        ),
        map: null,
      };
    },
  };
}
