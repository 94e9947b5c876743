/**
 * Pure merging of bank files (ls-sc-explorer/bank) and results files (ls-sc-explorer/results) made
 * with the same configuration but different seeds, for scripts/mergeBanks.ts. Anything that would
 * make the merged file describe two experiments — another configuration, other dataset labels, the
 * same (α, seed) twice — is refused with a MergeError naming the files and the difference.
 */
import type { Bank, BankModel } from '../src/model/bankFile';
import type { ResultsFile, RunResult } from '../src/model/results';

export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

export interface Named<T> {
  name: string;
  value: T;
}

/** JSON with object keys sorted, so that key order never counts as a difference. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function sameInts(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const bySeedAlpha = (a: { seed: number; alpha: number }, b: { seed: number; alpha: number }): number =>
  a.seed - b.seed || a.alpha - b.alpha;

function refuseRepeats(items: { seed: number; alpha: number; from: string }[]): void {
  const seen = new Map<string, string>();
  for (const it of items) {
    const id = `${it.alpha}|${it.seed}`;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new MergeError(
        `α = ${it.alpha}, seed ${it.seed} is in both ${first} and ${it.from}: a merged file holds each (α, seed) once`,
      );
    }
    seen.set(id, it.from);
  }
}

/** The producer line of a merged file (the bank format keeps 200 characters). */
function mergedProducer(producers: string[]): string {
  const text = `merged by scripts/mergeBanks.ts from: ${[...new Set(producers)].join(' | ')}`;
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}

/**
 * Banks with identical config and dataset (meta and every label) → one bank with all their models,
 * sorted by (seed, α). `created` is the latest input's, so merging the same files twice gives the
 * same bytes.
 */
export function mergeBanks(banks: Named<Bank>[]): Bank {
  if (banks.length < 2) throw new MergeError('give at least two bank files to merge');
  const [first, ...rest] = banks;
  const ref = first.value;
  for (const { name, value: b } of rest) {
    if (canonical(b.config) !== canonical(ref.config)) {
      throw new MergeError(
        `${name} was trained with another configuration than ${first.name} (${canonical(b.config)} vs ${canonical(ref.config)}); only banks of one configuration can be merged`,
      );
    }
    if (canonical(b.dataset.meta) !== canonical(ref.dataset.meta)) {
      throw new MergeError(`${name} describes another dataset than ${first.name} (dataset.meta differs)`);
    }
    for (const split of ['valLabels', 'testLabels'] as const) {
      const at = sameInts(b.dataset[split], ref.dataset[split]);
      if (at >= 0) {
        throw new MergeError(
          `${name} has other dataset labels than ${first.name} (dataset.${split} differs at index ${at})`,
        );
      }
    }
  }
  const tagged = banks.flatMap(({ name, value }) => value.models.map((m) => ({ m, from: name })));
  refuseRepeats(tagged.map(({ m, from }) => ({ seed: m.seed, alpha: m.alpha, from })));
  const models: BankModel[] = tagged.map((t) => t.m).sort(bySeedAlpha);
  return {
    config: ref.config,
    dataset: ref.dataset,
    producer: mergedProducer(banks.map((b) => b.value.producer)),
    created: banks.map((b) => b.value.created).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))[0],
    models,
  };
}

/**
 * Config fields of a results file that may differ between the parts of one experiment: what was
 * trained (the lists merged), where it was written, when, and how loudly.
 */
const RESULTS_FREE_FIELDS = ['seeds', 'alphas', 'out', 'bank', 'created', 'quiet', 'dataDir', 'mergedFrom'];

function resultsSettings(config: Record<string, unknown>): string {
  const kept = Object.fromEntries(Object.entries(config).filter(([k]) => !RESULTS_FREE_FIELDS.includes(k)));
  return canonical(kept);
}

/**
 * Results files whose configs agree on everything but the seeds and α's trained (and where and
 * when they were written) → one file with every run, sorted by (seed, α); its config lists the
 * union of seeds and α's and the inputs' `created` in `mergedFrom`.
 */
export function mergeResults(files: Named<ResultsFile>[]): ResultsFile {
  if (files.length < 2) throw new MergeError('give at least two results files to merge');
  const [first, ...rest] = files;
  for (const { name, value } of files) {
    if (!value.config || typeof value.config !== 'object' || !Array.isArray(value.runs)) {
      throw new MergeError(`${name} has no config or no runs list`);
    }
  }
  const ref = resultsSettings(first.value.config);
  for (const { name, value } of rest) {
    const s = resultsSettings(value.config);
    if (s !== ref) {
      throw new MergeError(
        `${name} was made with other settings than ${first.name} (${s} vs ${ref}); only results of one configuration can be merged`,
      );
    }
  }
  const tagged = files.flatMap(({ name, value }) => value.runs.map((r) => ({ r, from: name })));
  refuseRepeats(tagged.map(({ r, from }) => ({ seed: r.seed, alpha: r.alpha, from })));
  const runs: RunResult[] = tagged.map((t) => t.r).sort(bySeedAlpha);
  const created = files.map((f) => String(f.value.config.created ?? '')).sort();
  return {
    format: first.value.format,
    version: first.value.version,
    config: {
      ...first.value.config,
      alphas: [...new Set(runs.map((r) => r.alpha))].sort((a, b) => a - b),
      seeds: [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b),
      created: created[created.length - 1],
      // An input that is itself a merge contributes its parts.
      mergedFrom: files.flatMap((f) =>
        Array.isArray(f.value.config.mergedFrom)
          ? (f.value.config.mergedFrom as unknown[])
          : [{ seeds: f.value.config.seeds, created: f.value.config.created }],
      ),
    },
    runs,
  };
}
