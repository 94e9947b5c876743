/**
 * Words that follow the data, in the built page: the sentences beside the charts, under the metrics
 * tables and in the story state the numbers the tables show, and none claims the paper's effect
 * (LS ranking worse, normalisation repairing it) where the data on screen do not show it:
 * (a) a loaded pair whose compared model ranks BETTER than its reference (the shipped bank's CE
 *     against its LS α = 0.2, swapped); (b) a loaded pair in which normalisation hurts the compared
 *     model (constructed logits, p set by hand); (c) the 2-D blobs preset, trained briefly here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';
import { decodeBank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { evaluateModel } from '../../src/analysis/metrics';
import { makeLogits } from '../chartData/wordsFixtures';
import { STORY } from '../../src/story/steps';

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'words-'));
});
afterAll(async () => {
  await browser?.close();
});

/** A little-endian .npy of a float32 [n, k] or int32 [n] array. */
function npy(data: Float32Array | Int32Array, shape: number[]): Buffer {
  const descr = data instanceof Float32Array ? '<f4' : '<i4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([
    head,
    Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let j = 0; j < 8; j++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A stored (uncompressed) zip of the named entries: what numpy.savez writes. */
function zip(entries: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const fname = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += 30 + fname.length + data.length;
  }
  const dirSize = centrals.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

interface Split {
  logits: Float32Array;
  labels: Int32Array;
}

/** An .npz with a test split and a validation split (p is then searched on the validation split). */
function writeNpz(name: string, test: Split, val: Split, k: number): string {
  const file = join(dir, `${name}.npz`);
  writeFileSync(
    file,
    zip([
      ['logits.npy', npy(test.logits, [test.labels.length, k])],
      ['labels.npy', npy(test.labels, [test.labels.length])],
      ['val_logits.npy', npy(val.logits, [val.labels.length, k])],
      ['val_labels.npy', npy(val.labels, [val.labels.length])],
    ]),
  );
  return file;
}

function writeModel(name: string, logits: Float32Array, labels: Int32Array, k: number): string[] {
  const files = [join(dir, `${name}_logits.npy`), join(dir, `${name}_labels.npy`)];
  writeFileSync(files[0], npy(logits, [labels.length, k]));
  writeFileSync(files[1], npy(labels, [labels.length]));
  return files;
}

// ---- Reading the page ---------------------------------------------------------------------------

/** Every computed sentence inside `scope` (data-words paragraphs), as plain text. */
async function sentences(scope: Locator): Promise<string> {
  return (await scope.locator('[data-words]').allTextContents()).join('\n');
}

/** A metrics table's %AURC and %error cells by row id (ce-msp, ls-pnorm, …). */
async function table(t: Locator): Promise<Record<string, { aurc: string; error: string }>> {
  const rows = await t
    .locator('tbody tr:not(.spread-row)')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-row'),
        tr.querySelector('td[data-col="aurc"]')?.textContent ?? '',
        tr.querySelector('td[data-col="error"]')?.textContent ?? '',
      ]),
    );
  return Object.fromEntries(rows.map(([id, aurc, error]) => [id, { aurc: aurc!, error: error! }]));
}

/**
 * Every direction word about the pair agrees with the table: "ranks its predictions worse/better",
 * "makes more/fewer mistakes", "Normalising lowers/raises", "worse/better at knowing".
 */
function checkClaims(text: string, t: Record<string, { aurc: string }>, ce: string, ls: string): void {
  const a = (id: string) => Number(t[id].aurc);
  const e = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const worse = new RegExp(
    `${e(ls)} ranks its predictions worse than ${e(ce)}|worse at knowing when it is wrong`,
  );
  const better = new RegExp(
    `${e(ls)} ranks its predictions better than ${e(ce)}|better at knowing when it is wrong`,
  );
  if (worse.test(text)) expect(a('ls-msp'), 'says LS ranks worse').toBeGreaterThan(a('ce-msp'));
  if (better.test(text)) expect(a('ls-msp'), 'says LS ranks better').toBeLessThan(a('ce-msp'));
  if (text.includes(`Normalising lowers ${ls}’s AURC`)) expect(a('ls-pnorm')).toBeLessThan(a('ls-msp'));
  if (text.includes(`Normalising raises ${ls}’s AURC`)) expect(a('ls-pnorm')).toBeGreaterThan(a('ls-msp'));
  // Each AURC a sentence quotes for the pair is the table's.
  const quoted = new RegExp(`MSP AURC (\\d+\\.\\d\\d) against (\\d+\\.\\d\\d)`).exec(text);
  if (quoted) expect([quoted[1], quoted[2]]).toEqual([t['ls-msp'].aurc, t['ce-msp'].aurc]);
}

/** Sentences that claim the paper's effect for the compared model `ls`. */
function textbook(ls: string): RegExp {
  const e = ls.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `${e} ranks its predictions worse|(?<!Normalised, )${e} makes more mistakes|worse at knowing when it is wrong`,
  );
}

const loadedSection = (page: Page) => page.locator('section[data-section="your-model"]');
const loadedTable = (page: Page) => page.getByRole('table', { name: 'Metrics (loaded models)' });

async function loadPair(page: Page, files: string[], ref: string, cmp: string): Promise<void> {
  await page.getByLabel('Load logits').setInputFiles(files);
  await expect
    .poll(() => loadedSection(page).locator('ul[aria-label="Loaded models"] > li').count(), {
      timeout: 30_000,
    })
    .toBe(2);
  await page.getByLabel('Reference model (e.g. CE)').selectOption({ label: ref });
  await page.getByLabel('Compared model (e.g. LS)').selectOption({ label: cmp });
  // Choosing the pair draws every chart of the section for it at once: give a loaded machine time.
  await expect
    .poll(() => loadedTable(page).locator('tr[data-row="ls-msp"]').count(), { timeout: 30_000 })
    .toBe(1);
  await expect
    .poll(() => loadedSection(page).locator('[data-chart="risk-coverage"]').getAttribute('data-state'), {
      timeout: 30_000,
    })
    .toBe('ready');
}

// ---- Tests --------------------------------------------------------------------------------------

describe('words on the default page', () => {
  it('state the numbers of the metrics table, in the chart explanations, the intro and the story', async () => {
    const { page, log } = await openPage(browser, '/');
    await expect
      .poll(() => page.locator('[data-chart="risk-coverage"]').getAttribute('data-state'), {
        timeout: 60_000,
      })
      .toBe('ready');
    const main = page.getByRole('table', { name: 'Metrics', exact: true });
    await expect.poll(() => main.locator('tbody tr:not(.spread-row)').count(), { timeout: 15_000 }).toBe(4);
    const t = await table(main);
    const rc = await sentences(page.locator('[data-chart="risk-coverage"]'));
    expect(rc).toContain(`MSP AURC ${t['ls-msp'].aurc} against ${t['ce-msp'].aurc}`);
    expect(rc).toContain(`${t['ls-msp'].error}% error against ${t['ce-msp'].error}%`);
    const intro = await sentences(page.getByRole('region', { name: 'How to use this page' }));
    expect(intro).toContain(`AURC ${t['ls-msp'].aurc} against ${t['ce-msp'].aurc}`);
    checkClaims(rc + intro, t, 'CE', 'LS α=0.2');
    const normalised = await page.evaluate(() => window.lssc!.settings.getState().normalise);
    if (normalised) expect(rc).toContain(`AURC from ${t['ls-msp'].aurc} to ${t['ls-pnorm'].aurc}`);
    // The sweep's words quote the mean over seeds at α = 0.2: the table's spread row under LS · MSP.
    const mean = await main
      .locator('tr[data-row="ls-msp"] + tr.spread-row td[data-col="aurc"]')
      .textContent();
    expect(mean).toMatch(/^\d+\.\d\d ± \d+\.\d\d$/);
    expect(await sentences(page.locator('[data-chart="alpha-sweep"]'))).toContain(
      `${mean!.split(' ± ')[0]} at α = 0.2`,
    );

    await page.getByRole('button', { name: 'Start the guided story' }).click();
    const panel = page.getByRole('complementary', { name: 'Guided story' });
    const steps: Record<string, string> = {};
    for (let i = 0; i < STORY.length; i++) {
      await expect.poll(() => panel.getAttribute('data-step'), { timeout: 15_000 }).toBe(STORY[i].id);
      steps[STORY[i].id] = (await panel.textContent()) ?? '';
      if (i < STORY.length - 1) await panel.getByRole('button', { name: 'Next →' }).click();
    }
    const story = Object.values(steps).join('\n');
    expect(steps.effect).toContain(`MSP AURC ${t['ls-msp'].aurc} against ${t['ce-msp'].aurc}`);
    // The fix step turns normalisation on: its numbers are the table's normalised ones.
    const t2 = await table(main);
    expect(steps.fix).toContain(`AURC from ${t2['ls-msp'].aurc} to ${t2['ls-pnorm'].aurc}`);
    checkClaims(story, t2, 'CE', 'LS α=0.2');
    await screenshot(page, 'words-default-story');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});

describe('words for loaded models', () => {
  it('(a) the compared model ranks better than the reference: nothing claims the textbook effect', async () => {
    const bank = decodeBank(readFileSync('public/data/banks/fmnist-mlp.json', 'utf8'), PRESETS);
    const { testLabels, meta } = bank.dataset;
    const k = meta.numClasses;
    const ce = bank.models.find((m) => m.alpha === 0 && m.seed === 0)!;
    const ls = bank.models.find((m) => Math.abs(m.alpha - 0.2) < 1e-9 && m.seed === 0)!;
    // Precondition, in Node: CE ranks better than LS on the whole test split, by more than the noise floor.
    const aurcOf = (logits: Float32Array) =>
      evaluateModel(logits, testLabels, testLabels.length, k, { p: null }).msp.aurc;
    expect(aurcOf(ce.testLogits)).toBeLessThan(aurcOf(ls.testLogits) - 0.003);
    const { valLabels } = bank.dataset;
    const files = [
      writeNpz(
        'ref',
        { logits: ls.testLogits, labels: testLabels },
        { logits: ls.valLogits, labels: valLabels },
        k,
      ),
      writeNpz(
        'cmp',
        { logits: ce.testLogits, labels: testLabels },
        { logits: ce.valLogits, labels: valLabels },
        k,
      ),
    ];
    const { page, log } = await openPage(browser, '/');
    await loadPair(page, files, 'ref.npz', 'cmp.npz');
    const t = await table(loadedTable(page));
    expect(Number(t['ls-msp'].aurc)).toBeLessThan(Number(t['ce-msp'].aurc));
    const words = await sentences(loadedSection(page));
    expect(words).toContain(
      `cmp.npz ranks its predictions better than ref.npz: MSP AURC ${t['ls-msp'].aurc} against ${t['ce-msp'].aurc}`,
    );
    expect(words).toContain('this pair does not show that');
    expect(words).toContain('models trained elsewhere need not show it');
    expect(words).not.toMatch(textbook('cmp.npz'));
    checkClaims(words, t, 'ref.npz', 'cmp.npz');
    // The story describes the trained pair, not the files.
    await page.getByRole('button', { name: 'Start the guided story' }).click();
    const panel = page.getByRole('complementary', { name: 'Guided story' });
    await expect.poll(() => panel.getAttribute('data-step'), { timeout: 15_000 }).toBe('effect');
    expect(await panel.textContent()).not.toContain('cmp.npz');
    await loadedSection(page).screenshot({ path: 'test-results/screenshots/words-loaded-better.png' });
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('(b) normalisation hurts the compared model (p by hand): the words say so and claim no repair', async () => {
    const sharp = makeLogits('sharp');
    const anti = makeLogits('antiNorm');
    const files = [
      ...writeModel('sharp', sharp.logits, sharp.labels, 10),
      ...writeModel('anti', anti.logits, anti.labels, 10),
    ];
    const { page, log } = await openPage(browser, '/');
    await loadPair(page, files, 'sharp_logits.npy', 'anti_logits.npy');
    const normalise = loadedSection(page).getByRole('checkbox', { name: 'Show logit normalisation' });
    if (!(await normalise.isChecked())) await normalise.check();
    await page.getByRole('radio', { name: 'by hand:' }).check();
    await page.getByLabel('p by hand').selectOption('2');
    await expect.poll(async () => (await table(loadedTable(page)))['ls-pnorm']?.aurc).not.toBe(undefined);
    await expect.poll(() => sentences(loadedSection(page)), { timeout: 15_000 }).toContain('set by hand');
    const t = await table(loadedTable(page));
    expect(Number(t['ls-pnorm'].aurc)).toBeGreaterThan(Number(t['ls-msp'].aurc));
    const words = await sentences(loadedSection(page));
    expect(words).toContain(
      `Normalising raises anti_logits.npy’s AURC from ${t['ls-msp'].aurc} to ${t['ls-pnorm'].aurc} (p = 2, set by hand)`,
    );
    expect(words).toContain('here normalisation makes them overlap more');
    expect(words).not.toMatch(textbook('anti_logits.npy'));
    expect(words).not.toMatch(/further apart/);
    expect(words).not.toContain('Normalising lowers anti_logits.npy');
    checkClaims(words, t, 'sharp_logits.npy', 'anti_logits.npy');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});

describe('words for the 2-D blobs preset', () => {
  it('(c) trained briefly: an unfinished model is said to be one, and the final words agree with the table', async () => {
    const { page, log } = await openPage(browser, '/');
    await page.getByLabel('Dataset and model').selectOption('blobs-mlp');
    await expect.poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 }).toMatch(/blobs/i);
    await page.getByText('Advanced training settings').click();
    await page.getByLabel('Epochs', { exact: true }).fill('200');
    await page.getByRole('button', { name: 'Train live', exact: true }).click();
    const rc = page.locator('[data-chart="risk-coverage"]');
    // While it trains, the words say the models are unfinished (or a preview).
    await expect
      .poll(() => sentences(rc), { timeout: 120_000, interval: 250 })
      .toMatch(/(still training|have not finished training) \(step [\d,]+ of [\d,]+\)/);
    // A live checkpoint: the words and the table read in one go (a new checkpoint can land between two
    // reads), and what the words claim agrees with the table of the same moment.
    const live = await page.evaluate(() => {
      const rows: Record<string, { aurc: string; error: string }> = {};
      for (const tr of document.querySelectorAll('table[aria-label="Metrics"] tbody tr:not(.spread-row)'))
        rows[tr.getAttribute('data-row') ?? ''] = {
          aurc: tr.querySelector('td[data-col="aurc"]')?.textContent ?? '',
          error: tr.querySelector('td[data-col="error"]')?.textContent ?? '',
        };
      const words = [...document.querySelectorAll('main [data-words]')].map((e) => e.textContent).join('\n');
      return { rows, words };
    });
    if (live.rows['ls-msp']) {
      checkClaims(live.words, live.rows, 'CE', 'LS α=0.2');
      if (Number(live.rows['ls-msp'].aurc) <= Number(live.rows['ce-msp'].aurc))
        expect(live.words).not.toMatch(textbook('LS α=0.2'));
    }
    await expect
      .poll(() => page.getByTestId('training').textContent(), { timeout: 300_000, interval: 500 })
      .toBe('Idle');
    await expect
      .poll(() => sentences(rc), { timeout: 15_000 })
      .not.toMatch(/still training|not finished training/);
    const main = page.getByRole('table', { name: 'Metrics', exact: true });
    const t = await table(main);
    const words = await sentences(page.locator('main'));
    expect(words).toContain(`MSP AURC ${t['ls-msp'].aurc} against ${t['ce-msp'].aurc}`);
    checkClaims(words, t, 'CE', 'LS α=0.2');
    if (Number(t['ls-msp'].aurc) <= Number(t['ce-msp'].aurc)) {
      expect(words).not.toMatch(textbook('LS α=0.2'));
      expect(words).toContain('with 2-D blobs and a small model LS often barely changes the ranking');
    }
    expect(await sentences(page.locator('[data-chart="decision-regions"]'))).toMatch(
      /Of the [\d,]+ test points CE misclassifies \d+/,
    );
    await screenshot(page, 'words-blobs');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
