import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, generatedSource } from '../../scripts/buildWasmKernels';
import { ADAM_WASM } from '../../src/training/trainer/wasm/kernels.gen';

describe('the committed wasm kernels', () => {
  it('are what the .wat sources assemble to (kernels.gen.ts has not drifted)', async () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(await generatedSource());
  });

  it('import a plain and a shared memory respectively, and export the kernel', () => {
    const bytes = (b64: string) => Uint8Array.from(Buffer.from(b64, 'base64'));
    const plain = new WebAssembly.Module(bytes(ADAM_WASM.plain));
    const shared = new WebAssembly.Module(bytes(ADAM_WASM.shared));
    for (const m of [plain, shared]) {
      expect(WebAssembly.Module.imports(m)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      expect(WebAssembly.Module.exports(m)).toEqual([{ name: 'adam', kind: 'function' }]);
    }
    // Each binds only to its own kind of memory.
    const plainMemory = new WebAssembly.Memory({ initial: 1 });
    const sharedMemory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    expect(() => new WebAssembly.Instance(plain, { env: { memory: plainMemory } })).not.toThrow();
    expect(() => new WebAssembly.Instance(shared, { env: { memory: sharedMemory } })).not.toThrow();
    expect(() => new WebAssembly.Instance(plain, { env: { memory: sharedMemory } })).toThrow(
      WebAssembly.LinkError,
    );
    expect(() => new WebAssembly.Instance(shared, { env: { memory: plainMemory } })).toThrow(
      WebAssembly.LinkError,
    );
  });
});
