/**
 * npm run bench — the performance benchmark (issue 5): builds the app, serves dist/ with
 * `vite preview`, measures it in headless Chromium (scripts/benchDriver.ts) beside the native
 * numpy baseline (scripts/native_mlp.py), and writes JSON (--out, default
 * bench-results/bench.json) and a Markdown table (printed; with --readme also put into README.md
 * between the bench markers).
 *
 *   npm run bench                 # the full run (several minutes)
 *   npm run bench -- --quick      # the smoke configuration (a minute)
 *   npm run bench -- --readme     # and update README.md's table
 *   npm run bench -- --native PATH   # another location of native_mlp.py
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runMain, withBuildInBrowser } from './browserRun';
import { BENCH_CHROMIUM_ARGS } from './benchDriver';
import { FULL, QUICK, formatReport, runBench } from './benchRun';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  const config = structuredClone(quick ? QUICK : FULL);
  const nativePath = arg('native');
  if (nativePath && config.native) config.native.script = nativePath;
  const out = arg('out') ?? 'bench-results/bench.json';
  return withBuildInBrowser(BENCH_CHROMIUM_ARGS, async (browser, baseUrl) => {
    const report = await runBench(browser, baseUrl, 'dist', config, (line) =>
      console.error(`bench: ${line}`),
    );
    const table = formatReport(report);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(report, null, 2));
    console.log(table);
    console.log(`\nJSON written to ${out}`);
    if (process.argv.includes('--readme')) {
      const readme = readFileSync('README.md', 'utf8');
      const a = readme.indexOf(README_START);
      const b = readme.indexOf(README_END);
      if (a < 0 || b < a) throw new Error(`README.md has no ${README_START} … ${README_END} section`);
      writeFileSync('README.md', `${readme.slice(0, a + README_START.length)}\n${table}\n${readme.slice(b)}`);
      console.log('README.md updated');
    }
    return report.problems.length ? 1 : 0;
  });
}

runMain(main);
