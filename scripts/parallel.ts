// Runs npm scripts side by side (`tsx scripts/parallel.ts typecheck lint`), each one's output
// held and printed whole when it ends, and exits non-zero if any of them failed. npm test uses it
// for the static checks: tsc, ESLint and Prettier are each single-threaded; on two cores the three
// side by side took 55 s against 69 s one after the other (2026-12-03).
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: tsx scripts/parallel.ts <npm script>...');
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const runs = names.map(
  (name) =>
    new Promise<boolean>((resolve) => {
      const chunks: Buffer[] = [];
      const child = spawn(npm, ['run', name], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stderr.on('data', (c: Buffer) => chunks.push(c));
      child.on('error', (e) => chunks.push(Buffer.from(`${e}\n`)));
      child.on('close', (code) => {
        process.stdout.write(Buffer.concat(chunks));
        console.log(`[${name}] ${code === 0 ? 'passed' : `FAILED (exit ${code})`}`);
        resolve(code === 0);
      });
    }),
);
const ok = await Promise.all(runs);
process.exit(ok.every(Boolean) ? 0 : 1);
