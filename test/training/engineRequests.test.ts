/**
 * Every request settles: the page's client against the real engine (in-process, inPageEndpoint),
 * each diagnostics request made to fail in the engine and rejected with the engine's message, and
 * answered when it can be; against a scripted endpoint, a reply of the wrong type rejects, and
 * dispose and a fatal engine reject what is still pending.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { createEngine } from '../../src/training/host/engine';
import { inPageEndpoint } from '../../src/training/host/inPage';
import { createTrainingClient, type TrainingClient } from '../../src/training/client/client';
import type { EngineEndpoint } from '../../src/training/protocol/endpoint';
import type { FromEngine, ToEngine } from '../../src/training/protocol/messages';
import type { ModelSpec } from '../../src/model/training';
import { BLOBS, SETTINGS, testDeps, type EngineDepsOverride } from './engineHarness';
import { maxAbsDiff } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MODEL: ModelSpec = { kind: 'mlp', hidden: [8] };
const X = new Float32Array([0, 0, 1, 1, -1, 2]);

const clients: TrainingClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});

function clientOf(endpoint: () => EngineEndpoint): TrainingClient {
  const client = createTrainingClient({ endpoint, dataBaseUrl: 'http://localhost/data/' });
  clients.push(client);
  return client;
}

/** A client of the real engine, run in-process. */
function engineClient(override: EngineDepsOverride = {}): { client: TrainingClient; errors: string[] } {
  const client = clientOf(() => inPageEndpoint((post) => createEngine(testDeps(post, override))));
  const errors: string[] = [];
  client.onError((m) => errors.push(`${m.during}: ${m.message}`));
  return { client, errors };
}

/** Resolves with the run's 'done'. */
function trained(client: TrainingClient, runId: string): Promise<void> {
  return new Promise((resolve) => client.onDone((m) => m.runId === runId && resolve()));
}

/** An endpoint that answers init, then whatever `answer` says (nothing, by default). */
function scripted(answer: (msg: ToEngine) => FromEngine | null = () => null) {
  let deliver: (msg: FromEngine) => void = () => {};
  let fatal: (message: string) => void = () => {};
  const endpoint: EngineEndpoint = {
    where: 'worker',
    post(msg) {
      const reply =
        msg.type === 'init'
          ? { type: 'ready' as const, backend: 'cpu' as const, webglFailed: false }
          : answer(msg);
      if (reply) queueMicrotask(() => deliver(reply));
    },
    listen(onMessage, onFatal) {
      deliver = onMessage;
      fatal = onFatal ?? fatal;
    },
    terminate() {},
  };
  return { endpoint: () => endpoint, fatal: (message: string) => fatal(message) };
}

describe('engine requests settle', () => {
  it("each diagnostics request rejects with the engine's error; none is a page error", async () => {
    const { client, errors } = engineClient({
      tensorMemory: () => {
        throw new Error('tensor count unavailable');
      },
    });
    await client.ready;
    const d = client.diagnostics;
    await expect(d.memory()).rejects.toThrow('tensor count unavailable');
    await expect(d.bench({ model: MODEL, batchSize: 10, models: 2 })).rejects.toThrow(
      'bench before load: no dataset loaded',
    );
    await expect(d.predict('r', X, 3)).rejects.toThrow('no trained models for run r');
    await expect(d.crossCheck('r', 'cpu')).rejects.toThrow('no trained models for run r');
    await expect(d.simulateFault({ kind: 'nan', model: 1 })).rejects.toThrow(
      'fault nan: no bank is training',
    );
    await expect(d.simulateFault({ kind: 'loseContext' })).rejects.toThrow(
      'fault loseContext: the engine is not on WebGL',
    );
    await expect(d.simulateFault({ kind: 'crash' })).rejects.toThrow(
      'fault crash: only a worker host can do that',
    );

    // With data and a finished run: another run's id, and a bench the engine refuses.
    client.load({ ...BLOBS } as never);
    const done = trained(client, 'r');
    client.train('r', MODEL, SETTINGS);
    await done;
    await expect(d.predict('other', X, 3)).rejects.toThrow('no trained models for run other');
    await expect(d.crossCheck('other', 'cpu')).rejects.toThrow('no trained models for run other');
    await expect(d.bench({ model: MODEL, batchSize: 10, models: 0 })).rejects.toThrow(
      'bench: models must be 1–16, got 0',
    );
    expect(errors).toEqual([]);
    // An error that answers no request still reaches the page.
    client.load({ id: 'fashion-mnist' });
    await expect.poll(() => errors).toEqual(['load: no Fashion-MNIST in this test']);
  });

  it("each diagnostics request resolves with the engine's reply when it can", async () => {
    const { client, errors } = engineClient();
    await client.ready;
    const d = client.diagnostics;
    expect(await d.memory()).toEqual({
      numTensors: tf.memory().numTensors,
      numBytes: tf.memory().numBytes,
      jsHeapBytes: null,
    });
    client.load({ ...BLOBS } as never);
    // A fault while training: the run goes on with model 1 frozen.
    const diverged: boolean[][] = [];
    client.onCheckpoint((_, cp) => diverged.push(cp.models.map((m) => m.diverged)));
    const done = trained(client, 'r');
    client.train('r', MODEL, { ...SETTINGS, epochs: 40 }, { paused: true });
    await d.simulateFault({ kind: 'nan', model: 1 });
    client.resume();
    await done;
    expect(diverged.at(-1)).toEqual([false, true]);
    const logits = await d.predict('r', X, 3);
    expect(logits.map((l) => l.length)).toEqual([9, 9]);
    expect(logits[0].every(Number.isFinite)).toBe(true);
    const x = await d.crossCheck('r', 'cpu');
    expect(x).toMatchObject({ type: 'crossCheck', runId: 'r', backend: 'cpu', reference: 'cpu' });
    expect(maxAbsDiff(x.here[0], x.there[0])).toBe(0);
    const bench = await d.bench({ model: MODEL, batchSize: 10, models: 2, repeats: 2, targetBlockMs: 1 });
    expect(bench).toMatchObject({ type: 'bench', backend: 'cpu' });
    expect(bench.msPerStep).toHaveLength(2);
    expect(bench.msPerStep.every((ms) => ms > 0)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a reply of the wrong type rejects its request', async () => {
    const s = scripted((msg) =>
      'requestId' in msg
        ? msg.type === 'memory'
          ? { type: 'fault', requestId: msg.requestId, fault: 'nan' }
          : { type: 'memory', requestId: msg.requestId, numTensors: 0, numBytes: 0, jsHeapBytes: null }
        : null,
    );
    const client = clientOf(s.endpoint);
    await client.ready;
    await expect(client.diagnostics.memory()).rejects.toThrow('unexpected reply fault to memory');
    await expect(client.diagnostics.predict('r', X, 3)).rejects.toThrow('unexpected reply memory to predict');
    await expect(client.diagnostics.crossCheck('r', 'cpu')).rejects.toThrow(
      'unexpected reply memory to crossCheck',
    );
    await expect(client.diagnostics.simulateFault({ kind: 'exit' })).rejects.toThrow(
      'unexpected reply memory to fault',
    );
  });

  it('dispose rejects what is pending, and every later request', async () => {
    const s = scripted();
    const client = clientOf(s.endpoint);
    await client.ready;
    const pending = [
      client.diagnostics.memory(),
      client.diagnostics.bench({ model: MODEL, batchSize: 10, models: 1 }),
    ];
    client.dispose();
    for (const p of pending) await expect(p).rejects.toThrow('training client disposed');
    await expect(client.diagnostics.crossCheck('r', 'cpu')).rejects.toThrow('training client disposed');
  });

  it('a fatal engine rejects what is pending with its message, and every later request', async () => {
    const s = scripted();
    const client = clientOf(s.endpoint);
    const fatal: string[] = [];
    client.onFatal((m) => fatal.push(m));
    await client.ready;
    const pending = [
      client.diagnostics.predict('r', X, 3),
      client.diagnostics.simulateFault({ kind: 'crash' }),
    ];
    s.fatal('training worker failed: boom');
    for (const p of pending) await expect(p).rejects.toThrow('training worker failed: boom');
    expect(fatal).toEqual(['training worker failed: boom']);
    expect(client.failure).toBe('training worker failed: boom');
    await expect(client.diagnostics.memory()).rejects.toThrow('training worker failed: boom');
  });
});
