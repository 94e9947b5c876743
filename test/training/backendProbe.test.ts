/**
 * The backend probe (issue 16): the pure decision (timings in → choice and words), the runner on
 * Node's wasm (real timings, no leak, tfjs left on the winner), and the engine's use of a prober
 * under `auto` (once per model shape, never for a forced backend, a failure keeps the backend).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import {
  CLEARLY_SLOWER,
  bestMsPerStep,
  clearlySlower,
  decideBackend,
  probeKey,
  type ProbeEntry,
  type ProbeReport,
} from '../../src/training/protocol/backendProbe';
import { probeBackends, probeDataset } from '../../src/training/host/backendProbe';
import type { BackendProber } from '../../src/training/host/backendProbe';
import { BLOBS, blobData, harness, SETTINGS, type MessageOf } from './engineHarness';
import type { FromEngine } from '../../src/training/protocol/messages';

const CONTEXT = { durationMs: 420, models: 2, batchSize: 64 };

describe('decideBackend (timings in, choice and reason out)', () => {
  it('picks the backend with the fastest best block and names every figure', () => {
    const entries: ProbeEntry[] = [
      { backend: 'wasm', status: 'timed', blocksMsPerStep: [6.4, 6.1, 7.9], warmupMs: 30 },
      { backend: 'webgl', status: 'timed', blocksMsPerStep: [3.2, 9.5], warmupMs: 210 },
      { backend: 'webgpu', status: 'unavailable', why: 'this browser has no WebGPU' },
    ];
    const r = decideBackend(entries, CONTEXT);
    expect(r.backend).toBe('webgl');
    expect(r.msPerStep).toBe(3.2);
    expect(r.reason).toBe(
      'fastest in a 0.4 s test: WebGL 3.2 ms/step, wasm 6.1 ms/step, no WebGPU (this browser has no WebGPU)',
    );
    expect(r.details[0]).toBe('Timed 2 models × batch 64, 420 ms in all:');
    expect(r.details[1]).toContain('wasm: 6.1 ms/step (blocks 6.40, 6.10, 7.90 ms/step), first steps 30 ms');
    expect(r.details[2]).toContain('WebGL: 3.2 ms/step');
    expect(r.details).toHaveLength(4);
    expect(r.entries).toEqual(entries);
    expect(r).toMatchObject(CONTEXT);
  });

  it('says "chosen by" when nothing else was timed, with why each other one was left out', () => {
    const r = decideBackend(
      [
        { backend: 'wasm', status: 'timed', blocksMsPerStep: [12.5], warmupMs: 40 },
        {
          backend: 'webgl',
          status: 'skipped',
          why: 'software renderer (SwiftShader)',
          more: 'the GPU is emulated on the CPU',
        },
        { backend: 'webgpu', status: 'dropped', why: 'no time left in the test' },
      ],
      { ...CONTEXT, durationMs: 1234 },
    );
    expect(r.backend).toBe('wasm');
    expect(r.reason).toBe(
      'chosen by a 1.2 s test: wasm 13 ms/step, WebGL skipped: software renderer (SwiftShader), ' +
        'WebGPU dropped: no time left in the test',
    );
    expect(r.details[2]).toBe(
      'WebGL: skipped, software renderer (SwiftShader) (the GPU is emulated on the CPU)',
    );
  });

  it('never picks a dropped or failed backend, nor one whose blocks are not finite', () => {
    const r = decideBackend(
      [
        { backend: 'webgl', status: 'dropped', why: 'over 2× slower than the best', blocksMsPerStep: [1] },
        { backend: 'webgpu', status: 'timed', blocksMsPerStep: [Number.NaN, 0], warmupMs: 1 },
        { backend: 'wasm', status: 'timed', blocksMsPerStep: [8], warmupMs: 20 },
      ],
      CONTEXT,
    );
    expect(r.backend).toBe('wasm');
    expect(r.reason).toContain('fastest in'); // the dropped one was timed, so this was a race
  });

  it('throws, naming each backend, when none was timed', () => {
    expect(() =>
      decideBackend(
        [
          { backend: 'wasm', status: 'failed', why: 'out of memory' },
          { backend: 'webgl', status: 'unavailable', why: 'no WebGL2 context here' },
        ],
        CONTEXT,
      ),
    ).toThrow(
      'the backend probe timed no backend (wasm failed: out of memory; no WebGL (no WebGL2 context here))',
    );
    expect(() => decideBackend([], CONTEXT)).toThrow('none tried');
  });

  it('drops a backend once one block is clearly slower than the best so far', () => {
    expect(bestMsPerStep([5, 3, 4])).toBe(3);
    expect(bestMsPerStep([])).toBe(Infinity);
    expect(clearlySlower([], 1)).toBe(false);
    expect(clearlySlower([CLEARLY_SLOWER * 5 + 0.1], 5)).toBe(true);
    expect(clearlySlower([CLEARLY_SLOWER * 5 - 0.1], 5)).toBe(false);
    expect(clearlySlower([100], Infinity)).toBe(false); // nothing to compare with yet
  });

  it('keys its decision by model shape, bank size and batch', () => {
    const mlp = { kind: 'mlp', hidden: [256] };
    const k = probeKey(mlp, [784], 2, 64);
    expect(probeKey({ kind: 'mlp', hidden: [256] }, [784], 2, 64)).toBe(k);
    expect(probeKey({ kind: 'mlp', hidden: [128] }, [784], 2, 64)).not.toBe(k);
    expect(probeKey(mlp, [28, 28, 1], 2, 64)).not.toBe(k);
    expect(probeKey(mlp, [784], 6, 64)).not.toBe(k);
    expect(probeKey(mlp, [784], 2, 32)).not.toBe(k);
  });
});

describe('probeBackends on Node (wasm; no WebGL or WebGPU here)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('times wasm on a small copy of the data, says why the others are out, leaks nothing', async () => {
    const data = blobData();
    const small = probeDataset(data, 10);
    expect([small.train.n, small.val.n, small.test.n]).toEqual([40, 8, 8]);
    expect(small.train.x.length).toBe(40 * data.featureSize);
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const r = await probeBackends(data, { kind: 'mlp', hidden: [8] }, { models: 2, batchSize: 10 });
    const wall = performance.now() - t0;
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.getBackend()).toBe('wasm');
    expect(r.backend).toBe('wasm');
    expect(r.entries.map((e) => [e.backend, e.status])).toEqual([
      ['wasm', 'timed'],
      ['webgl', 'unavailable'],
      ['webgpu', 'unavailable'],
    ]);
    const wasm = r.entries[0];
    expect(wasm.blocksMsPerStep?.length).toBeGreaterThanOrEqual(1);
    for (const b of wasm.blocksMsPerStep ?? []) expect(b).toBeGreaterThan(0);
    expect(r.msPerStep).toBe(Math.min(...(wasm.blocksMsPerStep ?? [])));
    expect(r.durationMs).toBeGreaterThan(0);
    expect(r.durationMs).toBeLessThanOrEqual(wall);
    expect(r.reason).toMatch(
      /^chosen by a \d+\.\d s test: wasm [\d.]+ ms\/step, no WebGL \(not in this build\)/,
    );
  });

  it('races two real backends (wasm, cpu): the winner is the faster timed one, tfjs is left on it', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const r = await probeBackends(
      blobData(),
      { kind: 'mlp', hidden: [32] },
      { models: 2, batchSize: 10 },
      { backends: ['wasm', 'cpu'] },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.getBackend()).toBe(r.backend);
    expect(r.entries.map((e) => e.backend)).toEqual(['wasm', 'cpu']);
    // Each was timed, or dropped after a block that was clearly slower than the other's best.
    for (const e of r.entries) {
      expect(['timed', 'dropped']).toContain(e.status);
      expect(e.blocksMsPerStep?.length).toBeGreaterThanOrEqual(1);
      expect(e.warmupMs).toBeGreaterThan(0);
    }
    const [wasm, cpu] = r.entries.map((e) => bestMsPerStep(e.blocksMsPerStep ?? []));
    expect(r.backend).toBe(wasm <= cpu ? 'wasm' : 'cpu');
    expect(r.msPerStep).toBe(Math.min(wasm, cpu));
    const loser = r.entries.find((e) => e.backend !== r.backend)!;
    if (loser.status === 'dropped')
      expect(clearlySlower(loser.blocksMsPerStep ?? [], r.msPerStep)).toBe(true);
    expect(r.reason).toMatch(/^fastest in a \d+\.\d s test: /);
    await tf.setBackend('cpu');
  });

  it('leaves tfjs where it was, and rejects, when no backend can be timed', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await expect(
      probeBackends(
        blobData(),
        { kind: 'mlp', hidden: [8] },
        { models: 2, batchSize: 10 },
        { exclude: ['wasm'] },
      ),
    ).rejects.toThrow(/timed no backend \(wasm skipped: its device was lost earlier; no WebGL/);
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.memory().numTensors).toBe(before);
  });
});

function fakeReport(backend: ProbeReport['backend']): ProbeReport {
  return decideBackend([{ backend, status: 'timed', blocksMsPerStep: [2], warmupMs: 5 }], {
    durationMs: 100,
    models: 2,
    batchSize: SETTINGS.batchSize,
  });
}

describe('the engine under auto with a prober', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const mlp8: { kind: 'mlp'; hidden: number[] } = { kind: 'mlp', hidden: [8] };
  const train = (runId: string, model: { kind: 'mlp'; hidden: number[] } = mlp8) =>
    ({ type: 'train', runId, model, settings: SETTINGS }) as const;

  async function started(backend: 'auto' | 'cpu', probe: BackendProber) {
    const h = harness({ probe });
    await h.engine.handle({ type: 'init', backend });
    await h.engine.handle({ type: 'load', datasetSpec: { ...BLOBS } as never });
    return h;
  }

  it('probes before the first run of each model shape, tells the page, then trains', async () => {
    const calls: { model: unknown; bank: unknown }[] = [];
    const { engine, messages, next } = await started('auto', (_d, model, bank) => {
      calls.push({ model, bank });
      return Promise.resolve(fakeReport('cpu'));
    });
    const done = next('done');
    await engine.handle(train('a'));
    await done;
    expect(calls).toEqual([{ model: mlp8, bank: { models: 2, batchSize: 10 } }]);
    const probed = messages.filter((m): m is MessageOf<'backendProbed'> => m.type === 'backendProbed');
    expect(probed).toHaveLength(1);
    expect(probed[0]).toMatchObject({ backend: 'cpu', reason: 'chosen by a 0.1 s test: cpu 2.0 ms/step' });
    expect(probed[0].probe?.entries).toHaveLength(1);
    // Told before the run's first message.
    const order = (t: FromEngine['type']) => messages.findIndex((m) => m.type === t);
    expect(order('backendProbed')).toBeLessThan(order('progress'));

    // The same shape again: the decision is kept, nothing is posted.
    const again = next('done');
    await engine.handle(train('b'));
    await again;
    expect(calls).toHaveLength(1);
    expect(messages.filter((m) => m.type === 'backendProbed')).toHaveLength(1);
    // Another shape: probed again.
    const other = next('done');
    await engine.handle(train('c', { kind: 'mlp', hidden: [4] }));
    await other;
    expect(calls).toHaveLength(2);
    await engine.handle({ type: 'dispose' });
  });

  it('never probes a forced backend', async () => {
    let calls = 0;
    const { engine, messages, next } = await started('cpu', () => {
      calls++;
      return Promise.resolve(fakeReport('cpu'));
    });
    const done = next('done');
    await engine.handle(train('a'));
    await done;
    expect(calls).toBe(0);
    expect(messages.some((m) => m.type === 'backendProbed')).toBe(false);
    await engine.handle({ type: 'dispose' });
  });

  it('keeps its backend and says why when the probe fails; the run still trains', async () => {
    const { engine, messages, next } = await started('auto', () => Promise.reject(new Error('no luck')));
    const done = next('done');
    await engine.handle(train('a'));
    expect(await done).toMatchObject({ runId: 'a', stopped: false });
    expect(messages.find((m) => m.type === 'backendProbed')).toEqual({
      type: 'backendProbed',
      backend: 'cpu',
      reason: 'the speed test of the backends failed (no luck); staying on cpu',
    });
    await engine.handle({ type: 'dispose' });
  });

  it('moves back to a cached winner when another shape moved the engine elsewhere', async () => {
    const switched: string[] = [];
    const h = harness({
      // (The fake prober leaves tfjs on cpu: only the engine's bookkeeping is under test here.)
      probe: (_d, model) =>
        Promise.resolve(fakeReport(model.kind === 'mlp' && model.hidden[0] === 8 ? 'wasm' : 'cpu')),
      switchBackend: (name) => {
        switched.push(name);
        return Promise.resolve({ backend: name, failures: [] });
      },
    });
    await h.engine.handle({ type: 'init', backend: 'auto' });
    await h.engine.handle({ type: 'load', datasetSpec: { ...BLOBS } as never });
    for (const [runId, hidden] of [
      ['a', 8],
      ['b', 4],
      ['c', 8],
      ['d', 8],
    ] as const) {
      const done = h.next('done');
      await h.engine.handle(train(runId, { kind: 'mlp', hidden: [hidden] }));
      await done;
    }
    // a: probed (wasm); b: probed (cpu); c: cached wasm, not in use → switched; d: in use already.
    expect(switched).toEqual(['wasm']);
    const probed = h.messages.filter((m): m is MessageOf<'backendProbed'> => m.type === 'backendProbed');
    expect(probed.map((m) => m.backend)).toEqual(['wasm', 'cpu', 'wasm']);
    expect(probed[2].probe).toEqual(probed[0].probe);
    await h.engine.handle({ type: 'dispose' });
  });
});
