/**
 * What does a bank cost? ms per training step and kernel calls per step for M = 1 vs M = 6 models,
 * on tfjs wasm and cpu in Node. A short measurement, not a test:
 *
 *   npx tsx src/cli/benchBank.ts                 # MLP 784-256-10, batch 64, wasm and cpu
 *   npx tsx src/cli/benchBank.ts --cnn           # also the small CNN (filters 8,16, dense 64)
 *   npx tsx src/cli/benchBank.ts --wasm          # wasm only
 *   npx tsx src/cli/benchBank.ts --kernels       # also each step's kernels by name (stderr)
 *   npx tsx src/cli/benchBank.ts --repeats 7     # timed blocks per cell (default 3)
 *
 * Each ms cell: median over the repeats of (time for a block of steps) / steps, after warm-up steps
 * (stepBench.ts, also behind `npm run bench` in the browser). Ops: the kernels of one more step
 * (tf.profile).
 */
import { tf } from '../training/trainer/tf';
import { measureStepTime } from '../training/host/stepBench';
import { median } from '../analysis/quantile';
import { initNodeBackend } from '../training/trainer/nodeBackend';
import { createRng } from '../data/rng';
import type { Dataset } from '../data/types';
import type { ModelSpec } from '../model/training';

function randomImages(n: number): Dataset {
  const rng = createRng(0, 'bench');
  const split = (m: number) => ({
    n: m,
    x: Float32Array.from({ length: m * 784 }, () => rng.uniform()),
    y: Int32Array.from({ length: m }, () => rng.int(10)),
  });
  return {
    id: 'fashion-mnist',
    name: 'random 28×28 images',
    numClasses: 10,
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    sampleShape: [28, 28, 1],
    featureSize: 784,
    train: split(n),
    val: split(64),
    test: split(64),
    settings: {},
  };
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a positive integer`);
  return v;
}

async function cell(
  data: Dataset,
  model: ModelSpec,
  m: number,
  steps: number,
): Promise<{ ms: number; ops: number; kernels: Record<string, number> }> {
  const r = await measureStepTime(data, model, {
    models: m,
    batchSize: 64,
    repeats: flag('--repeats', 3),
    warmupSteps: 3,
    maxBlockSteps: steps,
    targetBlockMs: Infinity,
  });
  return { ms: median(r.msPerStep), ops: r.opsPerStep, kernels: r.kernels };
}

async function main(): Promise<void> {
  const data = randomImages(2048);
  const models: [string, ModelSpec][] = [['MLP 784-256-10', { kind: 'mlp', hidden: [256] }]];
  if (process.argv.includes('--cnn'))
    models.push(['CNN 8,16 + 64', { kind: 'cnn', filters: [8, 16], dense: 64 }]);
  const rows: string[] = [
    '| model | backend | M=1 ms/step | M=6 ms/step | M=6 / M=1 | M=1 ops/step | M=6 ops/step |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const backend of (process.argv.includes('--wasm') ? ['wasm'] : ['wasm', 'cpu']) as (
    'wasm' | 'cpu'
  )[]) {
    await initNodeBackend(backend);
    for (const [name, spec] of models) {
      const steps = backend === 'wasm' ? 10 : spec.kind === 'cnn' ? 2 : 4;
      const one = await cell(data, spec, 1, steps);
      const six = await cell(data, spec, 6, steps);
      if (process.argv.includes('--kernels')) {
        for (const [m, c] of [
          [1, one],
          [6, six],
        ] as const)
          console.error(`${name} ${tf.getBackend()} M=${m}: ${JSON.stringify(c.kernels)}`);
      }
      rows.push(
        `| ${name} | ${tf.getBackend()} | ${one.ms.toFixed(1)} | ${six.ms.toFixed(1)} | ` +
          `${(six.ms / one.ms).toFixed(2)} | ${one.ops} | ${six.ops} |`,
      );
      console.error(rows[rows.length - 1]);
    }
  }
  console.log(rows.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
