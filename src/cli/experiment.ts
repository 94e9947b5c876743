/**
 * Headless runner: `npm run experiment -- [options]`. Trains, per seed, one α-bank (every α of
 * --alphas as a matched set) with the same engine the browser uses, on tfjs's wasm or cpu backend,
 * and prints a table per α (mean ± std over seeds). See USAGE in ./args.ts.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs, USAGE, type ExperimentOptions } from './args';
import { formatTable } from './table';
import {
  RESULTS_FORMAT,
  RESULTS_VERSION,
  runResultFromCheckpoint,
  type ResultsFile,
  type RunResult,
} from '../results';
import { loadDataset } from '../data/index';
import { fileByteSource } from '../data/nodeByteSource';
import { datasetSpecOf } from '../data/spec';
import { initNodeBackend } from '../training/nodeBackend';
import { AlphaBankTrainer } from '../training/bankTrainer';
import { trainBank } from '../training/loop';
import type { BankCheckpoint } from '../training/types';

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
  const started = Date.now();
  for (const seed of o.seeds) {
    const dataset = await loadDataset(datasetSpecOf(o.dataset, o.trainSize), fileByteSource(o.dataDir));
    const trainer = new AlphaBankTrainer(dataset, o.model, {
      alphas: o.alphas,
      seed,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      checkpointEvery: Number.MAX_SAFE_INTEGER,
    });
    const t0 = Date.now();
    let last: BankCheckpoint | null = null;
    let lastLog = 0;
    try {
      await trainBank(trainer, {
        checkpointEvery: Number.MAX_SAFE_INTEGER,
        onCheckpoint: (c) => {
          last = c;
        },
        onProgress: (step, total) => {
          if (Date.now() - lastLog > 5000) {
            lastLog = Date.now();
            log(`  seed ${seed}: step ${step}/${total} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
          }
        },
      });
    } finally {
      trainer.dispose();
    }
    const seconds = (Date.now() - t0) / 1000;
    const checkpoint = last as BankCheckpoint | null;
    if (!checkpoint) throw new Error('training produced no checkpoint');
    log(`  seed ${seed}: ${seconds.toFixed(1)} s for ${o.alphas.length} models`);
    for (const model of checkpoint.models) {
      runs.push(
        runResultFromCheckpoint(model, { val: dataset.val.y, test: dataset.test.y }, dataset.numClasses, {
          centred: o.centred,
          saveLogits: o.saveLogits,
          seconds: seconds / o.alphas.length,
        }),
      );
    }
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
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
