/**
 * The app controller against the real engine (in-process, cpu backend): every path a user or the
 * engine takes through it, checked on the stores the page renders from.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { trainingKey, SWEEP_ALPHAS, type Settings } from '../../src/model/settings';
import { recordId, type ModelRecord } from '../../src/model/records';
import { cachedFor } from '../../src/model/viewCache';
import { viewOf } from '../../src/model/modelView';
import { SCORE_IDS, scoreSetPieces } from '../../src/chartData/confidenceScores';
import { encodeBank } from '../../src/model/bankFile';
import { SLIDER_SETTLE_MS } from '../../src/state/controller';
import { presetDefaults } from '../../src/model/settings';
import { goToStep } from '../../src/story/control';
import { STORY } from '../../src/story/steps';
import { makePage, query, sleep, TEST_SIZE, until, VAL_SIZE, type Page } from './harness';

const pages: Page[] = [];

afterEach(() => {
  for (const p of pages.splice(0)) p.c.dispose();
});

function page(deps: Parameters<typeof makePage>[0] = {}): Page {
  const p = makePage(deps);
  pages.push(p);
  return p;
}

const settingsOf = (p: Page): Settings => p.c.stores.settings.getState();
const runsOf = (p: Page) => p.c.stores.runs.getState();
const engineOf = (p: Page) => p.c.stores.engine.getState();
const notices = (p: Page): string[] => p.c.stores.view.getState().notices.map((n) => n.text);

function rec(p: Page, alpha: number, seed = settingsOf(p).seed): ModelRecord | undefined {
  return runsOf(p).records[recordId(trainingKey(settingsOf(p), seed), alpha)];
}

/** A page opened on a link to the tiny blobs configuration, its data loaded. */
async function opened(
  extra = '',
  deps: Parameters<typeof makePage>[0] = {},
  dataset: 'fashion-mnist' | 'blobs' = 'fashion-mnist',
): Promise<Page> {
  const p = page(deps);
  p.c.start(query(extra, dataset));
  await until(() => !!engineOf(p).dataset, 'the dataset');
  return p;
}

/** Validation accuracy from logits, computed here (argmax, first maximum wins). */
function accuracyOf(logits: Float32Array, labels: Int32Array, k: number): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits[i * k + j] > logits[i * k + best]) best = j;
    if (best === labels[i]) right++;
  }
  return right / labels.length;
}

const idle = (p: Page) => until(() => runsOf(p).active === null, 'training to finish');
const firstCheckpoint = (p: Page, alpha = 0) => until(() => (rec(p, alpha)?.step ?? 0) > 0, 'a checkpoint');

describe('app controller (real engine in Node)', () => {
  it('opens on the link: settings, notice for a bad key, data loaded for them', async () => {
    const p = await opened('&bogus=1', {}, 'blobs');
    expect(settingsOf(p)).toMatchObject({ preset: 'blobs-mlp', trainSize: 50, batchSize: 25, epochs: 2 });
    expect(notices(p)).toEqual([expect.stringContaining('bogus')]);
    const data = engineOf(p).dataset!;
    expect(data.meta).toMatchObject({ id: 'blobs', nTrain: 50, nVal: VAL_SIZE, nTest: TEST_SIZE });
    expect(engineOf(p).ready?.backend).toBe('cpu');
    expect(runsOf(p).records).toEqual({});
  });

  it('Train: the CE + α pair trains to done, with records and history from the engine', async () => {
    const p = await opened('', {}, 'blobs');
    p.c.train();
    expect(runsOf(p).active?.alphas).toEqual([0, 0.2]);
    expect(rec(p, 0.2)?.status).toBe('training');
    await idle(p);
    const data = engineOf(p).dataset!;
    const k = data.meta.numClasses;
    for (const alpha of [0, 0.2]) {
      const r = rec(p, alpha)!;
      expect(r).toMatchObject({ status: 'done', step: 4, totalSteps: 4, alpha, seed: 0 });
      expect(r.checkpoint!.preview).toBeFalsy();
      expect(r.checkpoint!.valLogits.length).toBe(VAL_SIZE * k);
      expect(r.checkpoint!.testLogits.length).toBe(TEST_SIZE * k);
      expect(r.gridLogits?.length).toBe((engineOf(p).grid?.nx ?? 0) * (engineOf(p).grid?.ny ?? 0) * k);
      // The last history point is the final checkpoint's, its accuracy recomputed here.
      const last = r.history.at(-1)!;
      expect(last.step).toBe(4);
      expect(last.valAcc).toBeCloseTo(accuracyOf(r.checkpoint!.valLogits, data.valLabels, k), 12);
      expect(r.history.map((h) => h.step)).toEqual([...r.history.map((h) => h.step)].sort((a, b) => a - b));
    }
    // The pair differs only in α: CE and LS logits are not the same model.
    expect(rec(p, 0)!.checkpoint!.testLogits).not.toEqual(rec(p, 0.2)!.checkpoint!.testLogits);
  });

  it('Step: starts a paused pair and runs exactly that many steps; Resume trains it to the end', async () => {
    const p = await opened('&epochs=5'); // 10 steps
    p.c.step(3);
    expect(runsOf(p).active).toMatchObject({ alphas: [0, 0.2], paused: true });
    await until(() => rec(p, 0)?.step === 3 && rec(p, 0.2)?.step === 3, 'the stepped checkpoint');
    await sleep(100);
    expect(rec(p, 0)?.step).toBe(3);
    p.c.step(2);
    await until(() => rec(p, 0)?.step === 5, 'two more steps');
    p.c.train(); // Train on a paused pair resumes it
    expect(runsOf(p).active?.paused).toBe(false);
    await idle(p);
    expect(rec(p, 0)).toMatchObject({ status: 'done', step: 10 });
  });

  it('Pause holds training where it is; Resume continues it to done', async () => {
    const p = await opened('&epochs=1000'); // 2,000 steps
    p.c.train();
    await firstCheckpoint(p);
    p.c.pause();
    expect(runsOf(p).active?.paused).toBe(true);
    // The slice under way finishes (its checkpoint may follow); then nothing moves. A slice can
    // take long on a loaded machine, so "held" means: neither the engine's progress nor the record
    // moved over three polls 400 ms apart.
    let seen = '';
    let stable = 0;
    await until(
      () => {
        const now = `${engineOf(p).progress?.step}:${rec(p, 0)!.step}`;
        stable = now === seen ? stable + 1 : 0;
        seen = now;
        return stable >= 3;
      },
      'the pause to take hold',
      20_000,
      400,
    );
    const held = rec(p, 0)!.step;
    const progressHeld = engineOf(p).progress?.step;
    await sleep(500);
    expect(rec(p, 0)!.step).toBe(held);
    expect(engineOf(p).progress?.step).toBe(progressHeld);
    expect(held).toBeLessThan(2000);
    expect(rec(p, 0)!.status).toBe('training');
    p.c.resume();
    await until(() => rec(p, 0)!.step > held, 'training to go on');
    expect(runsOf(p).active?.paused).toBe(false);
  });

  it('Reset stops training and forgets the current configuration and seed only', async () => {
    const p = await opened('&seed=1');
    p.c.train();
    await idle(p);
    const other = trainingKey(settingsOf(p));
    p.c.setSetting('seed', 0);
    p.c.setSetting('epochs', 1000);
    p.c.train();
    await firstCheckpoint(p);
    p.c.reset();
    expect(runsOf(p).active).toBeNull();
    expect(rec(p, 0)).toBeUndefined();
    await sleep(200); // a late checkpoint of the stopped run brings nothing back
    expect(rec(p, 0)).toBeUndefined();
    expect(Object.values(runsOf(p).records).map((r) => r.key)).toEqual([other, other]);
  });

  it('Sweep: the α grid as one bank; a trained α is not trained again', async () => {
    const p = await opened();
    p.c.train();
    await idle(p);
    const ce = rec(p, 0)!.checkpoint;
    p.c.sweep(1);
    const job = runsOf(p).active!;
    expect(job.alphas).toEqual(SWEEP_ALPHAS.filter((a) => a !== 0 && a !== 0.2));
    expect(runsOf(p).queue).toEqual([]);
    await idle(p);
    for (const a of SWEEP_ALPHAS) expect(rec(p, a)?.status).toBe('done');
    expect(rec(p, 0)!.checkpoint).toBe(ce); // the CE model is the one trained before
    // The sweep of a second seed goes in the queue behind the first.
    p.c.sweep(2);
    expect(runsOf(p).active?.seed).toBe(1);
    expect(runsOf(p).active?.alphas).toEqual(SWEEP_ALPHAS);
    expect(runsOf(p).queue).toEqual([]);
  });

  it('the slider trains an untrained α once it settles, never a trained one', async () => {
    const p = await opened();
    p.c.selectAlpha(0.3); // nothing trained here: exploring starts with Train
    p.timers.advance(SLIDER_SETTLE_MS);
    expect(runsOf(p).active).toBeNull();
    expect(settingsOf(p).alpha).toBe(0.3);
    p.c.selectAlpha(0.2);
    p.c.train();
    await idle(p);
    // Dragging: α moves at once, training waits for the slider to rest.
    p.c.selectAlpha(0.35);
    p.timers.advance(SLIDER_SETTLE_MS - 100);
    p.c.selectAlpha(0.4);
    p.timers.advance(SLIDER_SETTLE_MS - 1);
    expect(settingsOf(p).alpha).toBe(0.4);
    expect(runsOf(p).active).toBeNull();
    p.timers.advance(1);
    expect(runsOf(p).active?.alphas).toEqual([0.4]); // paired with the CE model trained before
    await idle(p);
    expect(rec(p, 0.4)?.status).toBe('done');
    expect(rec(p, 0.35)).toBeUndefined();
    const before = runsOf(p).records;
    p.c.selectAlpha(0.2);
    p.timers.advance(SLIDER_SETTLE_MS * 2);
    expect(runsOf(p).active).toBeNull();
    expect(runsOf(p).records).toBe(before);
  });

  it('in presentation mode the slider never trains an untrained α; T (train) still does', async () => {
    const p = await opened();
    p.c.train();
    await idle(p);
    p.c.setView({ presenting: true });
    p.c.nudgeAlpha(1); // 0.2 → 0.25: the CE model exists, so outside presentation mode this trains
    p.timers.advance(SLIDER_SETTLE_MS * 4);
    expect(settingsOf(p).alpha).toBeCloseTo(0.25, 10);
    expect(runsOf(p).active).toBeNull();
    expect(rec(p, 0.25)).toBeUndefined();
    p.c.train();
    expect(runsOf(p).active?.alphas).toEqual([0.25]);
    await idle(p);
    // Leaving presentation mode restores the slider's settle-then-train.
    p.c.setView({ presenting: false });
    p.c.selectAlpha(0.3);
    p.timers.advance(SLIDER_SETTLE_MS);
    expect(runsOf(p).active?.alphas).toEqual([0.3]);
    await idle(p);
  });

  it('Save bank and Load bank: records appear, settings switch; a bad file changes nothing', async () => {
    const a = await opened('&seed=3');
    a.c.train();
    await idle(a);
    a.c.saveBank();
    expect(a.saved.map((s) => s.name)).toEqual(['ls-sc-bank-fmnist-mlp.json']);
    const text = await a.saved[0].blob.text();

    const b = await opened('&epochs=3&alpha=0.4');
    const file = { name: 'mine.json', size: text.length, text: () => Promise.resolve(text) };
    expect(await b.c.loadBankFile(file)).toBe(true);
    expect(settingsOf(b)).toMatchObject({ epochs: 2, seed: 3, alpha: 0.4 }); // α stays as it was
    expect(notices(b)).toContain('Loaded 2 models from mine.json.');
    for (const alpha of [0, 0.2]) {
      expect(rec(b, alpha)).toMatchObject({ status: 'done', origin: 'mine.json', step: 4 });
      expect(rec(b, alpha)!.checkpoint!.testLogits).toEqual(rec(a, alpha)!.checkpoint!.testLogits);
    }

    const before = { settings: settingsOf(b), records: runsOf(b).records };
    for (const bad of ['{"format":"nope"}', text.replace('"valLabels"', '"valLabelz"'), 'not json']) {
      const f = { name: 'bad.json', size: bad.length, text: () => Promise.resolve(bad) };
      expect(await b.c.loadBankFile(f)).toBe(false);
    }
    expect(settingsOf(b)).toBe(before.settings);
    expect(runsOf(b).records).toBe(before.records);
    expect(notices(b).filter((n) => n.startsWith('bad.json was not loaded'))).toHaveLength(3);
  });

  it('bank labels: refused when the data is loaded and differs; unloaded with a notice when it arrives', async () => {
    const a = await opened();
    a.c.train();
    await idle(a);
    const bank = a.c.currentBank()!;
    const labels = bank.dataset.testLabels.slice();
    labels[0] = (labels[0] + 1) % bank.dataset.meta.numClasses;
    const other = encodeBank({ ...bank, dataset: { ...bank.dataset, testLabels: labels } });
    const same = encodeBank(bank);
    const file = (t: string) => ({ name: 'b.json', size: t.length, text: () => Promise.resolve(t) });

    // Data loaded: the bank is refused whole.
    const b = await opened();
    expect(await b.c.loadBankFile(file(other))).toBe(false);
    expect(runsOf(b).records).toEqual({});
    expect(notices(b).at(-1)).toMatch(/labels differ/);

    // Before the data: the bank's labels are shown at once, then checked when the data arrives.
    const c = page();
    expect(await c.c.loadBankFile(file(other))).toBe(true);
    expect(rec(c, 0)?.origin).toBe('b.json');
    expect(runsOf(c).bankData?.testLabels).toEqual(labels);
    expect(engineOf(c).datasetSpec).toMatchObject({ id: 'fashion-mnist', trainSize: 50 }); // it loads its data
    await until(() => !!engineOf(c).dataset, 'the dataset');
    expect(runsOf(c).records).toEqual({});
    expect(runsOf(c).bankData).toBeNull();
    expect(notices(c).at(-1)).toBe(
      "The bank's labels differ from this app's copy of the dataset, so it was unloaded.",
    );

    const d = page();
    expect(await d.c.loadBankFile(file(same))).toBe(true);
    await until(() => !!engineOf(d).dataset, 'the dataset');
    expect(rec(d, 0.2)).toMatchObject({ status: 'done', origin: 'b.json' });
  });

  it('the bundled bank fills the records on open, for its preset at its defaults only', async () => {
    const a = await opened();
    a.c.train();
    await idle(a);
    // As `npm run bank` makes it: the preset's default training settings.
    const d = presetDefaults('fmnist-mlp');
    const made = a.c.currentBank()!;
    const text = encodeBank({
      ...made,
      config: { ...made.config, trainSize: d.trainSize, epochs: d.epochs, batchSize: d.batchSize },
    });
    const fetched: string[] = [];
    const fetchBank = (path: string): Promise<string> => {
      fetched.push(path);
      return Promise.resolve(text);
    };

    const b = page({ fetchBank });
    // The state at the moment the bank's records land (the dataset may arrive before a poll looks).
    let atLanding: { bankData: boolean; dataset: boolean } | null = null;
    const stop = b.c.stores.runs.subscribe((s) => {
      if (atLanding || Object.keys(s.records).length === 0) return;
      atLanding = { bankData: s.bankData !== null, dataset: !!engineOf(b).dataset };
    });
    b.c.start('');
    expect(fetched).toEqual(['data/banks/fmnist-mlp.json']);
    await until(() => !!rec(b, 0.2), 'the bank');
    stop();
    expect(rec(b, 0.2)).toMatchObject({ origin: 'precomputed', status: 'done' });
    // Shown before the data is in: the bank's own labels stand in until then.
    expect(atLanding).toEqual({ bankData: true, dataset: false });
    await until(() => !!engineOf(b).dataset, 'the dataset');
    expect(rec(b, 0)?.origin).toBe('precomputed'); // its labels are those of the data
    expect(runsOf(b).bankData).toBeNull();

    // Another configuration: not fetched; choosing the preset (at its defaults): fetched, once.
    const c = await opened('', { fetchBank }, 'blobs');
    expect(fetched).toHaveLength(1);
    c.c.applyPreset('fmnist-mlp');
    await until(() => !!rec(c, 0), 'the bank');
    expect(fetched).toHaveLength(2);
    // The blobs preset ships a bank too: fetched once (this fake answers with the Fashion-MNIST bank,
    // whose configuration is not the blobs one, so nothing of it is applied there).
    c.c.applyPreset('blobs-mlp');
    await sleep(20);
    expect(rec(c, 0)).toBeUndefined();
    c.c.applyPreset('fmnist-mlp');
    c.c.applyPreset('blobs-mlp');
    c.c.applyPreset('fmnist-mlp');
    await sleep(20);
    expect(fetched).toEqual([
      'data/banks/fmnist-mlp.json',
      'data/banks/fmnist-mlp.json',
      'data/banks/blobs-mlp.json',
    ]);
    expect(rec(c, 0)?.origin).toBe('precomputed');
    // The small CNN ships one too: fetched once (this fake's Fashion-MNIST MLP bank is applied to
    // nothing there either).
    c.c.applyPreset('fmnist-cnn');
    await sleep(20);
    expect(fetched).toEqual([
      'data/banks/fmnist-mlp.json',
      'data/banks/fmnist-mlp.json',
      'data/banks/blobs-mlp.json',
      'data/banks/fmnist-cnn.json',
    ]);
    expect(rec(c, 0)).toBeUndefined();
    expect(notices(c)).toEqual([]);
    // A preset that ships no bank (a build without one): nothing fetched, no notice; it is trained.
    const noBank = await opened(
      '',
      { fetchBank, bundledBanks: { 'fmnist-mlp': 'data/banks/fmnist-mlp.json' } },
      'blobs',
    );
    const before = fetched.length;
    noBank.c.applyPreset('fmnist-cnn');
    await sleep(20);
    expect(fetched).toHaveLength(before);
    expect(rec(noBank, 0)).toBeUndefined();
    expect(notices(noBank)).toEqual([]);

    // A bank that cannot be fetched: a notice, training still possible.
    const e = page({ fetchBank: () => Promise.reject(new Error('HTTP 404')) });
    e.c.start('');
    await until(() => notices(e).length > 0, 'the notice');
    expect(notices(e)[0]).toMatch(/^The precomputed models could not be loaded \(HTTP 404\)/);
    expect(runsOf(e).records).toEqual({});
  });

  it('a fatal engine fault stops the bank, models keep their checkpoint; restart trains again', async () => {
    const p = await opened('&epochs=1000');
    p.c.train();
    await firstCheckpoint(p);
    const [first] = p.endpoints;
    first.crash('the worker exited');
    expect(engineOf(p).failure).toBe('the worker exited');
    expect(runsOf(p).active).toBeNull();
    for (const a of [0, 0.2]) {
      expect(rec(p, a)?.status).toBe('stopped');
      expect(rec(p, a)?.checkpoint).not.toBeNull();
    }
    expect(first.terminated).toBe(true);
    // Any training action starts a new engine, which loads the data again.
    p.c.setSetting('epochs', 2);
    p.c.train();
    expect(p.endpoints).toHaveLength(2);
    expect(engineOf(p).failure).toBeNull();
    await idle(p);
    expect(rec(p, 0.2)).toMatchObject({ status: 'done', step: 4 });
    expect(engineOf(p).dataset?.meta.nTrain).toBe(50);
    // The restart button does the same without training.
    p.c.restartEngine();
    expect(p.endpoints).toHaveLength(3);
    expect(p.endpoints[1].terminated).toBe(true);
    await until(() => !!engineOf(p).dataset && !!engineOf(p).ready, 'the new engine');
  });

  it('a diverged model is stopped with a notice; its partner trains on', async () => {
    const p = await opened('&epochs=1000');
    p.c.train();
    await firstCheckpoint(p);
    await p.c.client().diagnostics.simulateFault({ kind: 'nan', model: 1 });
    await until(() => rec(p, 0.2)?.status === 'diverged', 'the divergence');
    expect(notices(p).at(-1)).toMatch(/^The model with α = 0\.2 \(seed 0\) diverged at step \d+/);
    const r = rec(p, 0.2)!;
    // It keeps its last finite checkpoint.
    expect(r.checkpoint!.testLogits.every(Number.isFinite)).toBe(true);
    await until(() => rec(p, 0)!.step > r.step, 'the CE model to train on');
    expect(rec(p, 0)!.status).toBe('training');
    expect(rec(p, 0.2)!.step).toBe(r.step);
    expect(notices(p).filter((n) => n.includes('diverged'))).toHaveLength(1);
  });

  it('a configuration change stops the running bank and loads the data it needs', async () => {
    const p = await opened('&epochs=1000');
    p.c.train();
    await firstCheckpoint(p);
    const oldKey = trainingKey(settingsOf(p));
    const oldDataKey = engineOf(p).datasetKey;
    p.c.setSetting('trainSize', 60);
    expect(runsOf(p).active).toBeNull();
    expect(engineOf(p).datasetSpec).toMatchObject({ trainSize: 60 });
    const stopped = runsOf(p).records[recordId(oldKey, 0)];
    expect(stopped.status).toBe('stopped');
    await until(() => !!engineOf(p).dataset, 'the new dataset');
    expect(engineOf(p).datasetKey).not.toBe(oldDataKey);
    expect(engineOf(p).dataset!.meta.nTrain).toBe(60);
    await sleep(100);
    expect(runsOf(p).records[recordId(oldKey, 0)].step).toBe(stopped.step);
    // A post-hoc setting changes no configuration: nothing stops.
    p.c.setSetting('epochs', 2);
    p.c.train();
    p.c.setSetting('normalise', false);
    p.c.setSetting('p', 3);
    expect(runsOf(p).active).not.toBeNull();
    await idle(p);
    expect(rec(p, 0)).toMatchObject({ status: 'done', totalSteps: 4 });
  });

  it('prewarm fills the caches in idle time, never while a model trains', async () => {
    const p = await opened();
    p.c.train();
    expect(p.c.prewarmPending()).toBe(0);
    expect(p.idle.queued()).toBe(0);
    await idle(p);
    const ls = rec(p, 0.2)!.checkpoint!;
    const ce = rec(p, 0)!.checkpoint!;
    const notCached = () => {
      throw new Error('not cached');
    };
    // The validation p search is cached on the checkpoint's validation logits (modelView.ts).
    const searched = (cp: typeof ls) =>
      cachedFor(cp.valLogits, `p-search:true:${cp.valLogits.length / 10}:10`, notCached);
    expect(() => searched(ls)).toThrow('not cached');
    // The CE view, the LS view, then the LS model's chart pieces (warmPieces): one per idle callback.
    expect(p.c.prewarmPending()).toBe(2);
    const ran = p.idle.runAll();
    expect(p.c.prewarmPending()).toBe(0);
    expect(() => searched(ls)).not.toThrow();
    expect(() => searched(ce)).not.toThrow();
    // Four chart pieces, and per model (CE, LS) the score comparison's: its scores, the two
    // temperature fits and the assembled set (chartData/confidenceScores.ts scoreSetPieces).
    expect(ran).toBe(2 + 4 + 2 * (SCORE_IDS.length + 4));
    // Every piece done: planning again finds nothing left for these views.
    const data = engineOf(p).dataset!;
    const ceView = viewOf(rec(p, 0), 'ce', data, { centred: true, p: 'auto' });
    const lsView = viewOf(rec(p, 0.2), 'ls', data, { centred: true, p: 'auto' });
    expect(scoreSetPieces(ceView)).toEqual([]);
    expect(scoreSetPieces(lsView)).toEqual([]);
    // A new state cancels the chain and plans again.
    p.c.setSetting('centred', false);
    expect(p.c.prewarmPending()).toBe(2);
    p.c.setSetting('alpha', 0.3);
    p.c.train();
    expect(p.c.prewarmPending()).toBe(0);
    expect(p.idle.queued()).toBe(0);
  });

  it('story steps set α through the slider and the view; the URL follows the settings, coalesced', async () => {
    const writes: string[] = [];
    let search = '';
    const p = await opened('', {
      url: {
        search: () => search,
        replace: (q) => {
          writes.push(q);
          search = q;
        },
      },
    });
    const n = writes.length;
    goToStep(p.c, 1);
    const step = STORY[1].state;
    expect(p.c.stores.view.getState()).toMatchObject({ storyStep: 1, rcZoom: step.rcZoom });
    expect(settingsOf(p).normalise).toBe(step.normalise);
    if (step.alpha !== undefined) expect(settingsOf(p).alpha).toBe(step.alpha);
    for (const a of [0.05, 0.1, 0.15]) p.c.selectAlpha(a);
    expect(writes.length).toBe(n);
    p.timers.advance(200);
    expect(writes.length).toBe(n + 1);
    expect(new URLSearchParams(writes.at(-1)).get('alpha')).toBe('0.15');
  });
});
