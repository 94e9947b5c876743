/**
 * Vite plugin: the service worker that makes the built app work offline after one visit. At build
 * time it lists every file of the output (hashed assets, wasm, the public data and banks), and emits
 * sw.js with that list and a version derived from the files' contents baked in — so a new build is a
 * new sw.js, which the browser installs in place of the old one.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function offline(options: { template: string; publicDir?: string }): Plugin {
  const publicDir = options.publicDir ?? 'public';
  return {
    name: 'ls-sc-offline',
    apply: 'build',
    generateBundle(_opts, bundle) {
      const hash = createHash('sha256');
      const files = ['./'];
      for (const [name, item] of Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b))) {
        files.push(`./${name}`);
        hash.update(name);
        hash.update(item.type === 'chunk' ? item.code : item.source);
      }
      for (const path of filesUnder(publicDir).sort()) {
        const name = relative(publicDir, path).split(sep).join('/');
        if (name === 'sw.js') continue;
        files.push(`./${name}`);
        hash.update(name);
        hash.update(readFileSync(path));
      }
      const precache = { version: hash.digest('hex').slice(0, 16), files };
      const template = readFileSync(options.template, 'utf8');
      if (!template.includes('self.__PRECACHE__'))
        throw new Error(`${options.template} has no self.__PRECACHE__`);
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: template.replace('self.__PRECACHE__', JSON.stringify(precache)),
      });
    },
  };
}
