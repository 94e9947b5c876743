/**
 * Helpers for the export tests: downloading through the page's buttons, reading SVG and PNG files,
 * and reference computations from a results JSON that do not go through the charts' code.
 */
import { expect } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { ResultsFile, RunResult } from '../../src/model/results';
import { trainingKey, type Settings } from '../../src/model/settings';
import { parseCsv } from '../charts/csv';

export interface Downloaded {
  file: string;
  bytes: Buffer;
}

/** Where the downloaded exports are kept for a look by eye (next to the screenshots). */
export const EXPORT_DIR = 'test-results/exports';

/** Clicks a button (by accessible name) and returns the file it downloads (also kept in EXPORT_DIR). */
export async function downloadVia(page: Page, buttonName: string): Promise<Downloaded> {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  const path = await d.path();
  const out = { file: d.suggestedFilename(), bytes: await readFile(path) };
  await mkdir(EXPORT_DIR, { recursive: true });
  await writeFile(`${EXPORT_DIR}/${out.file}`, out.bytes);
  return out;
}

export async function downloadResults(page: Page): Promise<ResultsFile> {
  const d = await downloadVia(page, 'Download results');
  return JSON.parse(d.bytes.toString('utf8')) as ResultsFile;
}

export interface SvgInfo {
  parseError: string | null;
  root: string;
  namespace: string | null;
  width: number;
  height: number;
  viewBox: string | null;
  texts: string[];
  /** Every mark with a data-series: "tag series geometry" (d, or x/y/width/height, or cx/cy/r). */
  marks: string[];
  /** Every non-empty path d. */
  pathData: string[];
  circles: number;
  /** The first characters of each <image>'s href. */
  imageHrefs: string[];
  backgroundFill: string | null;
  /** data-series → stroke of the first path with that series. */
  strokes: Record<string, string>;
}

/** Parses an SVG file with the browser's XML parser (strict: any well-formedness error is reported). */
export async function svgInfo(page: Page, text: string): Promise<SvgInfo> {
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, 'image/svg+xml');
    const root = doc.documentElement;
    const err = doc.getElementsByTagName('parsererror')[0];
    const strokes: Record<string, string> = {};
    for (const p of Array.from(root.querySelectorAll('path[data-series]'))) {
      const s = p.getAttribute('data-series') ?? '';
      if (!(s in strokes)) strokes[s] = p.getAttribute('stroke') ?? '';
    }
    return {
      parseError: err ? (err.textContent ?? 'parse error') : null,
      root: root.localName,
      namespace: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      viewBox: root.getAttribute('viewBox'),
      texts: Array.from(root.querySelectorAll('text')).map((t) => (t.textContent ?? '').trim()),
      marks: Array.from(root.querySelectorAll('[data-series]')).map((m) => {
        const geometry = ['d', 'x', 'y', 'width', 'height', 'cx', 'cy', 'r', 'x1', 'y1', 'x2', 'y2']
          .map((a) => m.getAttribute(a) ?? '')
          .join(' ');
        return `${m.localName} ${m.getAttribute('data-series')} ${geometry}`;
      }),
      pathData: Array.from(root.querySelectorAll('path'))
        .map((p) => p.getAttribute('d') ?? '')
        .filter((d) => d !== ''),
      circles: root.querySelectorAll('circle').length,
      imageHrefs: Array.from(root.querySelectorAll('image')).map((i) =>
        (i.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? i.getAttribute('href') ?? '').slice(
          0,
          22,
        ),
      ),
      backgroundFill: root.querySelector('rect[data-export-background]')?.getAttribute('fill') ?? null,
      strokes,
    };
  }, text);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR, after checking the signature and that IHDR comes first and IEND last. */
export function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(buf.readUInt32BE(8)).toBe(13);
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  expect(buf.toString('ascii', buf.length - 8, buf.length - 4)).toBe('IEND');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Decodes a PNG in the page and counts pixels within `tol` (per channel) of each colour. */
export async function pngColourCounts(
  page: Page,
  buf: Buffer,
  colours: [number, number, number][],
  tol = 24,
): Promise<{ width: number; height: number; counts: number[]; distinct: number }> {
  return page.evaluate(
    async ({ b64, colours, tol }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const data = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      const counts = colours.map(() => 0);
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        seen.add((r << 16) | (g << 8) | b);
        colours.forEach(([cr, cg, cb], j) => {
          if (Math.abs(r - cr) <= tol && Math.abs(g - cg) <= tol && Math.abs(b - cb) <= tol) counts[j]++;
        });
      }
      return { width: bmp.width, height: bmp.height, counts, distinct: seen.size };
    },
    { b64: buf.toString('base64'), colours, tol },
  );
}

/** "rgb(0, 114, 178)" → [0, 114, 178]. */
export function rgbOf(css: string): [number, number, number] {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A CSV file as objects keyed by the header. */
export function csvRecords(bytes: Buffer): { columns: string[]; rows: Record<string, string>[] } {
  const [columns, ...rest] = parseCsv(bytes.toString('utf8'));
  for (const r of rest) expect(r.length).toBe(columns.length);
  return { columns, rows: rest.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))) };
}

export const num = (s: string): number => (s === '' ? NaN : Number(s));

/**
 * The training key of the page's current settings (models with this key are the pair on screen;
 * other records, e.g. a precomputed bank, may sit in the same store and results file).
 */
export async function currentTrainingKey(page: Page): Promise<string> {
  const settings = await page.evaluate(() => {
    const all: Record<string, unknown> = { ...window.lssc!.settings.getState() };
    for (const k of Object.keys(all)) if (typeof all[k] === 'function') delete all[k];
    return all;
  });
  return trainingKey(settings as unknown as Settings);
}

/** The run of the given α and training key in a results file. */
export function runOf(json: ResultsFile, alpha: number, key: string): RunResult {
  const runs = json.runs.filter(
    (x) =>
      Math.abs(x.alpha - alpha) < 1e-9 && (x as RunResult & { training_key?: string }).training_key === key,
  );
  if (runs.length !== 1)
    throw new Error(`expected one run with α = ${alpha} and key ${key}, found ${runs.length}`);
  return runs[0];
}

export interface TestSplit {
  n: number;
  k: number;
  labels: number[];
  logits: number[][];
}

export function testSplit(run: RunResult): TestSplit {
  const t = run.test;
  if (!t) throw new Error('the results have no test logits');
  return { n: t.labels.length, k: t.logits[0].length, labels: t.labels, logits: t.logits };
}

/**
 * argmax (first maximum), v_max, π_max = 1 / Σ_j exp(v_j − v_max) and log π_max = −log1p(Σ_{j≠max} …),
 * written out here (science.md §1, §3), summed in class order as the app does, so that samples on a
 * bin edge fall on the same side.
 */
export function rowStats(row: number[]): { pred: number; vMax: number; pMax: number; logPMax: number } {
  let pred = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[pred]) pred = j;
  const vMax = row[pred];
  let z = 0;
  let rest = 0;
  for (let j = 0; j < row.length; j++) {
    const e = Math.exp(row[j] - vMax);
    z += e;
    if (j !== pred) rest += e;
  }
  return { pred, vMax, pMax: 1 / z, logPMax: -Math.log1p(rest) };
}

/** The RC curve of science.md §3 by sorting: scores descending, ties in sample order; R_0 = 0. */
export function referenceRc(
  scores: ArrayLike<number>,
  errors: ArrayLike<number>,
): { coverage: number[]; risk: number[] } {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const coverage = [0];
  const risk = [0];
  let wrong = 0;
  order.forEach((i, m) => {
    wrong += errors[i];
    coverage.push((m + 1) / n);
    risk.push(wrong / (m + 1));
  });
  return { coverage, risk };
}

/** Polls `get` until `ok` holds (expect.poll cannot run in hooks, where the shared training happens). */
export async function until<T>(
  get: () => Promise<T>,
  ok: (v: T) => boolean,
  timeout: number,
  what: string,
): Promise<T> {
  const end = Date.now() + timeout;
  let last: T = await get();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await get();
  }
  return last;
}
