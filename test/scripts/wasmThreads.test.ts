import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { patchCoreCount, pthreadScripts, rewriteBackend } from '../../build/wasmThreads';

const require = createRequire(import.meta.url);
const backendFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js');

describe('wasmThreads build plugin', () => {
  it('finds both blob set-ups in the installed tfjs-backend-wasm and replaces them with the URLs', () => {
    const code = readFileSync(backendFile, 'utf8');
    const out = rewriteBackend(code, 'MAIN_URL', 'WORKER_URL');
    expect(out).toContain('factoryConfig.mainScriptUrlOrBlob = MAIN_URL;');
    expect(out).toContain('return WORKER_URL;');
    expect(out).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(out).not.toContain('URL.createObjectURL');
    // Nothing else changed: the rest of the file is byte for byte the same.
    expect(out.length).toBeLessThan(code.length);
    expect(out.slice(0, 2000)).toBe(code.slice(0, 2000));
  });

  it('fails loudly when the patterns are gone (a tfjs upgrade must not silently change threading)', () => {
    expect(() => rewriteBackend('export async function init() {}', 'A', 'B')).toThrow(
      /expected pthread set-up/,
    );
  });

  it('reports twice the logical cores to the factory, which halves them, and changes nothing else', () => {
    const factory = readFileSync(
      require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
      'utf8',
    );
    const out = patchCoreCount(factory);
    expect(out.length).toBe(factory.length + 2);
    const at = out.indexOf('2*navigator["hardwareConcurrency"]');
    expect(at).toBeGreaterThan(0);
    // Booleans, not strings: a difference would print the whole 100 kB factory.
    expect(out.slice(0, at) === factory.slice(0, at)).toBe(true);
    expect(out.slice(at + 2) === factory.slice(at)).toBe(true);
    // The function itself, run with a fake navigator: 2 × the logical count.
    const fn = /function _emscripten_num_logical_cores\(\)\{[^}]*\}/.exec(out)![0];
    const cores = new Script(`${fn}; _emscripten_num_logical_cores();`).runInNewContext({
      navigator: { hardwareConcurrency: 2 },
      ENVIRONMENT_IS_NODE: false,
    }) as number;
    expect(cores).toBe(4);
    expect(() => patchCoreCount(out)).toThrow(/core count/);
    expect(pthreadScripts().main === out).toBe(true);
  });

  it('emits the factory that defines the global the pthread worker calls, and a parseable worker script', () => {
    const { main, worker } = pthreadScripts();
    expect(main).toMatch(/^\s*var WasmBackendModuleThreadedSimd = /);
    expect(worker).toContain('WasmBackendModuleThreadedSimd(Module)');
    expect(worker).toContain('importScripts(e.data.urlOrBlob)');
    // Both must be valid classic scripts (the worker's escaped newlines included).
    expect(() => new Script(main)).not.toThrow();
    expect(() => new Script(worker)).not.toThrow();
  });
});
