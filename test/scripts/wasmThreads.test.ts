import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pthreadScripts, rewriteBackend } from '../../build/wasmThreads';

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
