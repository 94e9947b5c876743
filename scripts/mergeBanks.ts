/**
 * Merges bank files, or results files, of one configuration trained with different seeds:
 *
 *   npx tsx scripts/mergeBanks.ts --out MERGED.json A.json B.json [...]
 *
 * The kind is read from the files' "format" (all must be banks, ls-sc-explorer/bank, or all results
 * files, ls-sc-explorer/results). Banks must have identical config and dataset (meta and every
 * label); results files identical settings apart from the seeds and α's trained. Models/runs come
 * out sorted by (seed, α); the same (α, seed) in two inputs is refused. The merged bank is decoded
 * back through the app's own parser before it is written. --out may be one of the inputs.
 *
 * The shipped bank was made this way (seed 0 from `npm run bank` when it trained one seed, seeds 1
 * and 2 from the same command with `--seeds 1,2`); `npm run bank` now trains all three at once.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { BANK_FORMAT, BankFormatError, decodeBank, encodeBank, type Bank } from '../src/model/bankFile';
import { PRESETS } from '../src/model/presets';
import { RESULTS_FORMAT, type ResultsFile } from '../src/model/results';
import { MergeError, mergeBanks, mergeResults, type Named } from './mergeCore';

const USAGE = 'usage: npx tsx scripts/mergeBanks.ts --out MERGED.json INPUT.json INPUT.json [...]';

function parse(argv: string[]): { out: string; inputs: string[] } | 'help' {
  const inputs: string[] = [];
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i] ?? null;
    else if (argv[i] === '--help' || argv[i] === '-h') return 'help';
    else if (argv[i].startsWith('--')) throw new MergeError(`unknown option ${argv[i]}\n${USAGE}`);
    else inputs.push(argv[i]);
  }
  if (!out) throw new MergeError(`--out is missing\n${USAGE}`);
  if (inputs.length < 2) throw new MergeError(`give at least two input files\n${USAGE}`);
  return { out, inputs };
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const { out, inputs } = args;
  const texts = await Promise.all(inputs.map((f) => readFile(f, 'utf8')));
  const formats = texts.map((t, i) => {
    try {
      return (JSON.parse(t) as { format?: unknown }).format;
    } catch {
      throw new MergeError(`${inputs[i]} is not valid JSON`);
    }
  });
  if (formats.every((f) => f === BANK_FORMAT)) {
    const banks: Named<Bank>[] = texts.map((t, i) => {
      try {
        return { name: inputs[i], value: decodeBank(t, PRESETS) };
      } catch (e) {
        if (e instanceof BankFormatError)
          throw new MergeError(`${inputs[i]} is not a valid bank: ${e.message}`);
        throw e;
      }
    });
    const merged = mergeBanks(banks);
    const text = encodeBank(merged);
    decodeBank(text, PRESETS); // what the app will read
    await writeFile(out, text);
    const seeds = [...new Set(merged.models.map((m) => m.seed))].join(', ');
    console.error(`wrote ${out}: ${merged.models.length} models, seeds ${seeds} (${text.length} bytes)`);
  } else if (formats.every((f) => f === RESULTS_FORMAT)) {
    const files: Named<ResultsFile>[] = texts.map((t, i) => ({
      name: inputs[i],
      value: JSON.parse(t) as ResultsFile,
    }));
    const merged = mergeResults(files);
    await writeFile(out, JSON.stringify(merged));
    console.error(
      `wrote ${out}: ${merged.runs.length} runs, seeds ${(merged.config.seeds as number[]).join(', ')}`,
    );
  } else {
    const described = inputs.map((f, i) => `${f}: ${JSON.stringify(formats[i] ?? null)}`).join('; ');
    throw new MergeError(
      `the inputs must all be "${BANK_FORMAT}" files or all "${RESULTS_FORMAT}" files (${described})`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(
    e instanceof MergeError ? `mergeBanks: ${e.message}` : e instanceof Error ? e.stack : String(e),
  );
  process.exit(e instanceof MergeError ? 2 : 1);
});
