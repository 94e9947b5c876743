/**
 * Headless runner: `npm run experiment -- [options]`. Trains, per seed, one α-bank (every α of
 * --alphas as a matched set) with the same engine the browser uses, on tfjs's wasm or cpu backend,
 * and prints a table per α (mean ± std over seeds). See USAGE in ./args.ts.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs, USAGE, type ExperimentOptions } from './args';
import { formatTable } from './table';
import { DEFAULT_BOOTSTRAP } from '../analysis/bootstrap';
import {
  addComparisonsVsCe,
  RESULTS_FORMAT,
  RESULTS_VERSION,
  runResultFromCheckpoint,
  type ResultsFile,
  type RunResult,
} from '../model/results';
import { loadDataset } from '../data/index';
import { fileByteSource } from '../data/nodeByteSource';
import { datasetSpecOf } from '../data/spec';
import { initNodeBackend } from '../training/trainer/nodeBackend';
import { AlphaBankTrainer } from '../training/trainer/bankTrainer';
import { trainBank } from '../training/trainer/loop';
import type { BankCheckpoint } from '../model/training';
import { datasetMeta } from '../training/host/engine';
import { historyCheckpointEvery, historyPoint } from '../model/records';
import type { TrainingPoint } from '../model/views';
import { BANK_FORMAT, encodeBank, type Bank, type BankModel } from '../model/bankFile';
import { buildGrid, GRID_SIZE } from '../model/grid';

async function main(): Promise<void> {
  let opts: ExperimentOptions | 'help';
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (opts === 'help') {
    console.log(USAGE);
    return;
  }
  const o = opts;
  const log = (s: string): void => {
    if (!o.quiet) console.error(s);
  };
  const backend = await initNodeBackend(o.backend);
  log(
    `backend: ${backend}; ${o.alphas.length} α × ${o.seeds.length} seeds; model ${JSON.stringify(o.model)}`,
  );

  const runs: RunResult[] = [];
  const bankModels: BankModel[] = [];
  let bankDataset: Bank['dataset'] | null = null;
  const started = Date.now();
  for (const seed of o.seeds) {
    const dataset = await loadDataset(datasetSpecOf(o.dataset, o.trainSize), fileByteSource(o.dataDir));
    // A bank file needs the training history, so it checkpoints as often as the page does.
    const totalSteps = Math.floor(dataset.train.n / Math.min(o.batchSize, dataset.train.n)) * o.epochs;
    const checkpointEvery = o.bank ? historyCheckpointEvery(totalSteps) : Number.MAX_SAFE_INTEGER;
    const histories = o.alphas.map((): TrainingPoint[] => []);
    const trainer = new AlphaBankTrainer(dataset, o.model, {
      alphas: o.alphas,
      seed,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      checkpointEvery,
    });
    const t0 = Date.now();
    let last: BankCheckpoint | null = null;
    let lastLog = 0;
    // 2-D data: the final models' logits on the decision grid, built as the engine builds it.
    let gridLogits: Float32Array[] | null = null;
    try {
      await trainBank(trainer, {
        checkpointEvery,
        onCheckpoint: (c) => {
          last = c;
          if (o.bank) {
            c.models.forEach((m, i) =>
              histories[i].push(historyPoint(m, c.step, c.epoch, dataset.val.y, dataset.numClasses)),
            );
          }
        },
        onProgress: (step, total) => {
          if (Date.now() - lastLog > 5000) {
            lastLog = Date.now();
            log(`  seed ${seed}: step ${step}/${total} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
          }
        },
      });
      if (o.bank && dataset.featureSize === 2) {
        const grid = buildGrid(dataset.test.x, GRID_SIZE);
        gridLogits = await trainer.predictLogits(grid.x, grid.n);
      }
    } finally {
      trainer.dispose();
    }
    const seconds = (Date.now() - t0) / 1000;
    const checkpoint = last as BankCheckpoint | null;
    if (!checkpoint) throw new Error('training produced no checkpoint');
    log(`  seed ${seed}: ${seconds.toFixed(1)} s for ${o.alphas.length} models`);
    if (o.bank) {
      bankDataset ??= {
        meta: datasetMeta(dataset),
        valLabels: dataset.val.y.slice(),
        testLabels: dataset.test.y.slice(),
      };
      checkpoint.models.forEach((m, i) =>
        bankModels.push({
          alpha: m.alpha,
          seed: m.seed,
          step: checkpoint.step,
          totalSteps: checkpoint.totalSteps,
          status: 'done',
          trainLoss: m.trainLoss,
          trainAcc: m.trainAcc,
          history: histories[i],
          valLogits: m.valLogits,
          testLogits: m.testLogits,
          gridLogits: gridLogits?.[i] ?? null,
        }),
      );
    }
    const bootstrap = o.bootstrap > 0 ? { resamples: o.bootstrap, seed: DEFAULT_BOOTSTRAP.seed } : undefined;
    const bankRuns = checkpoint.models.map((model) =>
      runResultFromCheckpoint(model, { val: dataset.val.y, test: dataset.test.y }, dataset.numClasses, {
        centred: o.centred,
        saveLogits: o.saveLogits,
        seconds: seconds / o.alphas.length,
        bootstrap,
      }),
    );
    if (bootstrap)
      addComparisonsVsCe(checkpoint.models, bankRuns, dataset.test.y, dataset.numClasses, {
        centred: o.centred,
        bootstrap,
      });
    runs.push(...bankRuns);
  }

  console.log(formatTable(runs));
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (o.out) {
    const file: ResultsFile = {
      format: RESULTS_FORMAT,
      version: RESULTS_VERSION,
      config: { ...o, backend, created: new Date().toISOString() },
      runs,
    };
    await writeFile(o.out, JSON.stringify(file));
    log(`wrote ${o.out}`);
  }
  if (o.bank && bankDataset) {
    const bank: Bank = {
      config: {
        preset: o.preset,
        model: o.model,
        trainSize: o.trainSize,
        epochs: o.epochs,
        learningRate: o.learningRate,
        batchSize: o.batchSize,
      },
      dataset: bankDataset,
      producer: `npm run experiment (${backend}); alphas ${o.alphas.join(',')}; seeds ${o.seeds.join(',')}`,
      created: new Date().toISOString(),
      models: bankModels,
    };
    await writeFile(o.bank, encodeBank(bank));
    log(`wrote ${BANK_FORMAT} file ${o.bank} (${bankModels.length} models)`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
