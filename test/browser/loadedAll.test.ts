/**
 * Issue 15, "Numbers a researcher can trust", for loaded files, in real Chromium on the production
 * build:
 * - a .npy pair without a validation split shows the %error and MSP %AURC of ALL its samples — the
 *   numbers numpy computes at home (expected_loaded.json, written by make_loaded.py) — and the
 *   MaxLogit-pNorm row on the evaluation half beside an MSP row on that same half, both recomputed
 *   here by a tiny float64 implementation of their own (p chosen by it on the held-out half);
 * - the second file loaded becomes the compared model, and the page says so;
 * - three files with α in their names give the α-sweep chart with 3 points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './helpers';
import { holdoutSplit } from '../../src/import/holdout';

const FIX = 'test/fixtures/loaded';
const expected = JSON.parse(readFileSync(join(FIX, 'expected_loaded.json'), 'utf8')) as Record<
  string,
  { n: number; error: number; aurc_msp: number }
>;

// ---------------------------------------------------------------------------------------------
// A tiny float64 implementation of what the rows show: .npy reading, scores, AURC, the p search.

/** A little-endian float32 [N, K] or int64 [N] .npy of make_loaded.py. */
function readNpy(path: string): { shape: number[]; data: Float64Array } {
  const buf = readFileSync(path);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.subarray(10, 10 + headerLen).toString('latin1');
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .filter((t) => t.trim())
    .map(Number);
  const descr = /'descr': '([^']+)'/.exec(header)?.[1];
  const body = buf.subarray(10 + headerLen);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++)
    data[i] = descr === '<f4' ? body.readFloatLE(4 * i) : Number(body.readBigInt64LE(8 * i));
  return { shape, data };
}

/** AURC of a score (higher = more confident): stable descending order, trapezoid from (0, 0). */
function aurc(score: number[], err: number[]): number {
  const order = score.map((_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  let cum = 0;
  let prev = 0;
  let area = 0;
  order.forEach((i, at) => {
    cum += err[i];
    const r = cum / (at + 1);
    area += (prev + r) / 2;
    prev = r;
  });
  return area / order.length;
}

function scoresOf(logits: Float64Array, k: number, labels: Float64Array, idx: number[]) {
  const logMsp: number[] = [];
  const err: number[] = [];
  const pNorm = (p: number) =>
    idx.map((i) => {
      const row = Array.from(logits.subarray(i * k, i * k + k));
      const mean = row.reduce((a, b) => a + b, 0) / k;
      const u = row.map((v) => v - mean);
      const norm = Math.pow(
        u.reduce((a, b) => a + Math.pow(Math.abs(b), p), 0),
        1 / p,
      );
      return Math.max(...u) / norm;
    });
  for (const i of idx) {
    const row = Array.from(logits.subarray(i * k, i * k + k));
    const max = Math.max(...row);
    logMsp.push(-Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0)));
    err.push(row.indexOf(max) === labels[i] ? 0 : 1);
  }
  return { logMsp, err, pNorm };
}

const pct = (v: number) => (v * 100).toFixed(2);

// ---------------------------------------------------------------------------------------------

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const section = (page: Page) => page.locator('section[data-section="your-model"]');
const loadedTable = (page: Page) => page.getByRole('table', { name: 'Metrics (loaded models)' });
const row = (page: Page, id: string) => loadedTable(page).locator(`tr[data-row="${id}"]`);
const cell = (page: Page, id: string, col: string) =>
  row(page, id).locator(`td[data-col="${col}"]`).textContent();

async function load(page: Page, names: string[], models: number): Promise<void> {
  await page.getByLabel('Load logits').setInputFiles(names.map((n) => join(FIX, n)));
  await expect
    .poll(() => section(page).locator('ul[aria-label="Loaded models"] > li').count(), { timeout: 30_000 })
    .toBe(models);
  await expect.poll(() => page.getByTestId('load-progress').count()).toBe(0);
  expect(await page.getByTestId('load-error').count()).toBe(0);
}

describe('Loaded files: numbers on all samples', () => {
  it('a .npy pair without validation split: %error and MSP %AURC of all samples; pNorm beside MSP on the same half', async () => {
    const { page, log } = await openPage(browser, '/');
    await load(page, ['mymodel_logits.npy', 'mymodel_labels.npy'], 1);
    const home = expected['mymodel_logits.npy'];
    expect(home.n).toBe(3000);

    // All 3,000 samples: the numbers numpy gives at home.
    await expect.poll(() => cell(page, 'ce-msp', 'error'), { timeout: 30_000 }).toBe(pct(home.error));
    expect(await cell(page, 'ce-msp', 'aurc')).toBe(pct(home.aurc_msp));
    expect(await row(page, 'ce-msp').locator('th').textContent()).toBe(
      'mymodel_logits.npy · MSP (all 3,000 samples)',
    );

    // p chosen on the held-out half (here, independently); pNorm and MSP on the other half.
    const logits = readNpy(join(FIX, 'mymodel_logits.npy'));
    const labels = readNpy(join(FIX, 'mymodel_labels.npy')).data;
    const k = logits.shape[1];
    const h = holdoutSplit(3000);
    const search = scoresOf(logits.data, k, labels, Array.from(h.search));
    const mspSearch = aurc(search.logMsp, search.err);
    let p: number | null = null;
    let best = Infinity;
    for (let q = 1; q <= 10; q++) {
      const a = aurc(search.pNorm(q), search.err);
      if (a < best) [best, p] = [a, q];
    }
    if (!(best < mspSearch)) p = null;
    expect(p).not.toBeNull();
    const ev = scoresOf(logits.data, k, labels, Array.from(h.evaluate));
    const halfError = ev.err.reduce((a, b) => a + b, 0) / ev.err.length;
    expect(h.evaluate.length).toBe(1500);
    expect(await row(page, 'ce-msp-half').locator('th').textContent()).toBe(
      'mymodel_logits.npy · MSP (same half as pNorm, 1,500 samples)',
    );
    expect(await row(page, 'ce-pnorm').locator('th').textContent()).toBe(
      'mymodel_logits.npy · MaxLogit-pNorm (evaluation half, 1,500 samples)',
    );
    expect(await cell(page, 'ce-msp-half', 'error')).toBe(pct(halfError));
    expect(await cell(page, 'ce-msp-half', 'aurc')).toBe(pct(aurc(ev.logMsp, ev.err)));
    expect(await cell(page, 'ce-pnorm', 'error')).toBe(pct(halfError));
    expect(await cell(page, 'ce-pnorm', 'aurc')).toBe(pct(aurc(ev.pNorm(p!), ev.err)));
    expect(await cell(page, 'ce-pnorm', 'p')).toBe(`${p} (held-out half)`);
    // The half really is another sample set: its error differs from the file's.
    expect(pct(halfError)).not.toBe(pct(home.error));
    expect(await page.getByTestId('p-note-reference').textContent()).toMatch(
      /random half of its samples \(1,500 of 3,000, seed 0\)\. The MaxLogit-pNorm row is evaluated on the other 1,500, beside MSP on the same 1,500; %error, the other MSP row and the charts use all 3,000 samples/,
    );
    // The risk–coverage chart: the normalised curve on that same evaluation half, labelled so, with
    // the half's (%error to one decimal, %AURC); the MSP curve on every sample.
    const rc = section(page).locator('[data-chart="risk-coverage"]');
    const legend = async () => (await rc.locator('svg').first().textContent()) ?? '';
    await expect
      .poll(legend, { timeout: 30_000 })
      .toContain(
        `mymodel_logits.npy · pNorm p=${p} (evaluation half, 1,500 samples) (${(halfError * 100).toFixed(1)}, ${pct(aurc(ev.pNorm(p!), ev.err))})`,
      );
    expect(await legend()).toContain(
      `mymodel_logits.npy · MSP (${(home.error * 100).toFixed(1)}, ${pct(home.aurc_msp)})`,
    );
    expect(await rc.textContent()).toContain(
      'so its dashed (normalised) curves are on the other half (1,500 samples',
    );
    await section(page).screenshot({ path: 'test-results/screenshots/loaded-all-samples.png' });
    await page
      .locator('section[data-chart="metrics-loaded"]')
      .screenshot({ path: 'test-results/screenshots/loaded-all-samples-table.png' });
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});

describe('Loaded files: the compared model and the α sweep', () => {
  it('the second file loaded becomes the compared model, and the page says so; the user can change it', async () => {
    const { page, log } = await openPage(browser, '/');
    await load(page, ['baseline_ce.npz'], 1);
    const compared = page.getByLabel('Compared model (e.g. LS)');
    const reference = page.getByLabel('Reference model (e.g. CE)');
    expect(await compared.locator('option:checked').textContent()).toBe('(none)');
    await load(page, ['ls_0.1.npz'], 2);
    await expect.poll(() => compared.locator('option:checked').textContent()).toBe('ls_0.1.npz');
    expect(await reference.locator('option:checked').textContent()).toBe('baseline_ce.npz');
    expect(await page.getByTestId('auto-compared').textContent()).toMatch(
      /ls_0\.1\.npz is the compared model, chosen automatically as the next file loaded after the reference, baseline_ce\.npz/,
    );
    // The compared model's rows are in the table, on all its 1,000 samples.
    await expect.poll(() => cell(page, 'ls-msp', 'error')).toBe(pct(expected['ls_0.1.npz'].error));
    expect(await cell(page, 'ls-msp', 'aurc')).toBe(pct(expected['ls_0.1.npz'].aurc_msp));
    // Its α, read from its name, is the α of the LS-term estimate.
    expect(await page.getByLabel('α of the compared model (LS-term estimate)').inputValue()).toBe('0.1');
    // Still the user's choice.
    await compared.selectOption({ label: '(none)' });
    await expect.poll(() => page.getByTestId('auto-compared').count()).toBe(0);
    await expect.poll(() => row(page, 'ls-msp').count()).toBe(0);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('three files named with α give the α-sweep chart with 3 points and its table', async () => {
    // The production CSP, bypassed only to inject axe-core for the audit at the end.
    const { page, log } = await openPage(browser, '/', { context: { bypassCSP: true } });
    await load(page, ['baseline_ce.npz', 'ls_0.1.npz', 'alpha=0.2.npz'], 3);
    const sweep = page.getByTestId('loaded-sweep');
    await expect.poll(() => sweep.getAttribute('data-points'), { timeout: 30_000 }).toBe('3');
    const chart = sweep.locator('[data-chart="alpha-sweep"]');
    await expect.poll(() => chart.getAttribute('data-state')).toBe('ready');
    expect(await chart.locator('circle[data-series="error"]').count()).toBe(3);
    expect(await chart.locator('circle[data-series="aurc-msp"]').count()).toBe(3);
    expect(await chart.locator('circle[data-series="aurc-pnorm"]').count()).toBe(3);
    const table = sweep.getByRole('table', { name: 'α sweep of the loaded models' });
    const alphas = await table.locator('td[data-col="alpha"]').allTextContents();
    expect(alphas.map(Number)).toEqual([0, 0.1, 0.2]);
    for (const name of ['baseline_ce.npz', 'ls_0.1.npz', 'alpha=0.2.npz']) {
      const tr = table.locator(`tr[data-row="${name}"]`);
      expect(await tr.locator('td[data-col="error"]').textContent()).toBe(pct(expected[name].error));
      expect(await tr.locator('td[data-col="aurc-msp"]').textContent()).toBe(pct(expected[name].aurc_msp));
    }
    // α fields show where each α came from; clearing one drops it from the sweep, and the page says why.
    const field = page.getByLabel('α of alpha=0.2.npz');
    expect(await field.inputValue()).toBe('0.2');
    await field.fill('');
    await expect.poll(() => sweep.getAttribute('data-points')).toBe('2');
    expect(await page.getByTestId('loaded-sweep-left').textContent()).toMatch(
      /alpha=0\.2\.npz is not in the sweep: its α is unknown/,
    );
    await field.fill('0.3');
    await expect.poll(() => sweep.getAttribute('data-points')).toBe('3');
    expect(await table.locator('td[data-col="alpha"]').allTextContents()).toEqual(['0', '0.1', '0.3']);
    await sweep.screenshot({ path: 'test-results/screenshots/loaded-alpha-sweep.png' });
    // The section's new controls and table pass axe-core (no serious or critical violation).
    await page.addScriptTag({ content: readFileSync('node_modules/axe-core/axe.min.js', 'utf8') });
    const serious = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(
              ctx: Element,
              opts: object,
            ): Promise<{ violations: { id: string; impact?: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const { violations } = await axe.run(document.querySelector('section[data-section="your-model"]')!, {
        resultTypes: ['violations'],
      });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(serious).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});

describe('Loaded files: a long bad value', () => {
  it('a CSV field of 5,000 characters is quoted cut to 40 with its length, and nothing is loaded', async () => {
    const { page, log } = await openPage(browser, '/');
    const csv = `0,1.5,0.2,0.1\n2,${'x'.repeat(5000)},0.3,0.4\n`;
    await page
      .getByLabel('Load logits')
      .setInputFiles({ name: 'long_field.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const alert = page.getByTestId('load-error');
    await expect.poll(() => alert.count(), { timeout: 20_000 }).toBe(1);
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain(
      `long_field.csv: line 2, logit 0: '${'x'.repeat(39)}…' (5,000 characters) is not a number`,
    );
    expect(text).toContain('Nothing was loaded.');
    expect(text.length).toBeLessThan(200);
    expect(await section(page).locator('ul[aria-label="Loaded models"] > li').count()).toBe(0);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
