/**
 * The app controller: every reaction of the page in one object made with its dependencies. User
 * actions (Train, Step, Pause, Reset, Sweep, the α slider, settings, banks, story and view actions)
 * and engine events (data loaded, checkpoints, done, faults) each update the stores directly; no
 * store subscription triggers another. It owns the training client (a new one after a fault), the
 * runs it started, the slider's settle timer, the URL writes and the idle-time prewarm.
 *
 * Created once by main.tsx for the page, and by the tests with fresh stores, an in-process engine
 * and their own clock.
 */
import { PRESETS, type PresetId, DEFAULT_PRESET } from '../model/presets';
import type { TrainingPoint } from '../model/views';
import type { DatasetSpec } from '../data/index';
import { datasetSpecKey, datasetSpecOf } from '../data/spec';
import type { TrainSettings } from '../model/training';
import type { TrainingClient } from '../training/client/client';
import { BankFormatError, decodeBank, encodeBank, type Bank } from '../model/bankFile';
import {
  ALPHA_MAX,
  ALPHA_MIN,
  ALPHA_STEP,
  configKey,
  presetDefaults,
  snapAlpha,
  SWEEP_ALPHAS,
  trainingKey,
  validateSetting,
  type Settings,
} from '../model/settings';
import {
  checkpointFits,
  historyCheckpointEvery,
  historyPoint,
  recordId,
  type Job,
  type ModelRecord,
} from '../model/records';
import { INITIAL_ENGINE_STATE, type DatasetLabels, type EngineState, type EngineStore } from './engineStore';
import type { RunsStore } from './runsStore';
import type { SettingsStore } from './settingsStore';
import type { ViewState, ViewStore } from './viewStore';
import { contextLostNotice, divergedNotice, resumedNotice } from './faultNotices';
import {
  bankMatchesData,
  bankOfConfig,
  BUNDLED_BANKS,
  recordOfBankModel,
  settingsOfBank,
} from './bankRecords';
import { prewarmPlan } from './prewarm';
import { buildResultsFile } from './download';
import { queryFromSettings, rejectedNotice, settingsFromQuery } from './url';
import { parseHidden } from '../model/classroom';
import type { ResultsFile } from '../model/results';

export interface AppStores {
  settings: SettingsStore;
  engine: EngineStore;
  runs: RunsStore;
  view: ViewStore;
}

/** setTimeout and clearTimeout, injectable so that tests control time. */
export interface Timers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds, monotonic (performance.now in the page). */
  now(): number;
}

/** Runs `cb` when the page is idle; returns a cancel function. */
export type IdleScheduler = (cb: () => void) => () => void;

/** The page's address, for the settings ⇄ URL sync. */
export interface UrlPort {
  search(): string;
  /** Replaces the query without a history entry; may throw past the browser's rate limit. */
  replace(query: string): void;
}

/** A file to load a bank from (a File in the page). */
export interface BankSource {
  name: string;
  size: number;
  text(): Promise<string>;
}

export interface ControllerDeps {
  /** Makes a training client: at first use, and again after each restart. */
  createClient: () => TrainingClient;
  stores: AppStores;
  /** Fetches a bundled bank's text by its path under the app (BUNDLED_BANKS). */
  fetchBank?: (path: string) => Promise<string>;
  /** Which presets ship a bank, and where. Default BUNDLED_BANKS. */
  bundledBanks?: Partial<Record<PresetId, string>>;
  timers?: Timers;
  idle?: IdleScheduler;
  url?: UrlPort;
  /** Offers a file for download. Save bank and Download results do nothing without it. */
  saveBlob?: (blob: Blob, name: string) => void;
}

/**
 * Target interval between the starts of two live checkpoints. Below 500 ms so that, with the
 * training slice under way when it falls due (about 40 ms), plots still refresh at least twice a
 * second where evaluation allows (loop.ts).
 */
export const LIVE_REFRESH_MS = 450;

/**
 * Live checkpoints evaluate this many validation and test samples (the first ones: both splits are
 * in shuffled order), so evaluation is cheap enough to refresh twice a second on wasm; the final
 * checkpoint, and one on pause or after Step, evaluate every sample.
 */
export const LIVE_PREVIEW_ROWS = 500;

/** How long the slider must rest on an untrained α before it trains (dragging starts nothing). */
export const SLIDER_SETTLE_MS = 350;

/** The URL is rewritten at most this often (browsers limit history.replaceState, Safari throws). */
export const URL_WRITE_INTERVAL_MS = 200;

/** The largest bank file accepted. */
export const MAX_BANK_FILE_BYTES = 200 * 1024 * 1024;

/** The preset offered when the Fashion-MNIST files cannot be used (no download needed). */
export const SYNTHETIC_PRESET: PresetId = 'blobs-mlp';

const defaultTimers: Timers = {
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

const defaultIdle: IdleScheduler = (cb) => {
  const h = setTimeout(cb, 50);
  return () => clearTimeout(h);
};

export function datasetSpecFor(s: Settings): DatasetSpec {
  return datasetSpecOf(PRESETS[s.preset].dataset.id, s.trainSize);
}

function stepsFor(s: Settings): number {
  const spec = datasetSpecFor(s);
  const n = spec.id === 'fashion-mnist' ? (spec.trainSize ?? 10_000) : s.trainSize;
  return Math.floor(n / Math.min(s.batchSize, n)) * s.epochs;
}

function trainSettings(s: Settings, job: Job): TrainSettings {
  return {
    alphas: job.alphas,
    seed: job.seed,
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    checkpointEvery: historyCheckpointEvery(stepsFor(s)),
  };
}

/**
 * The history with a new point: appended, or replacing the last one at the same step (a full
 * evaluation following a live preview of that step).
 */
function withPoint(history: TrainingPoint[], point: TrainingPoint): TrainingPoint[] {
  const last = history[history.length - 1];
  return last && last.step === point.step ? [...history.slice(0, -1), point] : [...history, point];
}

/** The story step's view: what goToStep sets (story/control.ts reads it from the story). */
export interface StoryStepState {
  alpha?: number;
  normalise: boolean;
  rcZoom: boolean;
}

export type Controller = ReturnType<typeof createController>;

export function createController(deps: ControllerDeps) {
  const { stores } = deps;
  const timers = deps.timers ?? defaultTimers;
  const idle = deps.idle ?? defaultIdle;
  const bundledBanks = deps.bundledBanks ?? BUNDLED_BANKS;
  const settings = (): Settings => stores.settings.getState();
  const runs = stores.runs;
  const engine = stores.engine;
  const view = stores.view;

  let client: TrainingClient | null = null;
  const jobsByRun = new Map<string, Job>();
  let runCounter = 0;
  let settleTimer: unknown = null;
  let urlTimer: unknown = null;
  let lastUrlWrite = -Infinity;
  let noticeId = 0;
  /** A bank applied before the data loaded: its labels are checked once the engine's data arrives. */
  let uncheckedBank: Bank | null = null;
  const bundled = new Map<string, Promise<Bank>>();
  let prewarmGeneration = 0;
  let prewarmLeft = 0;
  let cancelIdle: (() => void) | null = null;
  let disposed = false;

  // ——— notices and view ———

  function notify(text: string): void {
    view.setState((s) => ({ notices: [...s.notices, { id: ++noticeId, text }] }));
  }

  function dismissNotice(id: number): void {
    view.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }

  function setView(
    patch: Partial<Pick<ViewState, 'storyStep' | 'presenting' | 'helpOpen' | 'rcZoom' | 'selection'>>,
  ): void {
    view.setState(patch);
  }

  // ——— records ———

  const getRecord = (key: string, alpha: number): ModelRecord | undefined =>
    runs.getState().records[recordId(key, alpha)];

  function patchRecords(patches: { id: string; patch: Partial<ModelRecord> }[]): void {
    if (!patches.length) return;
    runs.setState((s) => {
      const records = { ...s.records };
      for (const { id, patch } of patches) {
        const prev = records[id];
        if (prev) records[id] = { ...prev, ...patch };
      }
      return { records };
    });
  }

  /** Gives the models of `ids` whose status passes `when` the status `to`. */
  function setStatus(
    ids: string[],
    when: (status: ModelRecord['status']) => boolean,
    to: ModelRecord['status'] = 'stopped',
  ): void {
    const records = runs.getState().records;
    patchRecords(
      ids
        .filter((id) => records[id] && when(records[id].status))
        .map((id) => ({ id, patch: { status: to } })),
    );
  }

  /** The labels the charts evaluate against: the engine's data, or a loaded bank's until it arrives. */
  const chartData = (): DatasetLabels | null => engine.getState().dataset ?? runs.getState().bankData;

  // ——— prewarm ———

  /** Restarts the idle-time chain for the state now (nothing while a model trains). */
  function schedulePrewarm(): void {
    const mine = ++prewarmGeneration;
    cancelIdle?.();
    cancelIdle = null;
    prewarmLeft = 0;
    const st = runs.getState();
    const dataset = engine.getState().dataset ?? st.bankData;
    if (disposed || !dataset || st.active !== null) return;
    const todo = prewarmPlan(st.records, dataset, settings());
    const next = (): void => {
      cancelIdle = null;
      if (mine !== prewarmGeneration) return;
      todo.shift()?.();
      prewarmLeft = todo.length;
      if (prewarmLeft) cancelIdle = idle(next);
    };
    prewarmLeft = todo.length;
    if (prewarmLeft) cancelIdle = idle(next);
  }

  // ——— the engine ———

  /** The training client, made (and bound to the stores) on first use. */
  function currentClient(): TrainingClient {
    if (client) return client;
    const c = deps.createClient();
    client = c;
    bindClient(c);
    return c;
  }

  function bindClient(c: TrainingClient): void {
    const set = (patch: Partial<EngineState>): void => {
      if (client === c) engine.setState(patch);
    };
    const mine = (): boolean => client === c;
    c.onReady((info) => set({ ready: info }));
    c.ready.catch((e: unknown) => set({ error: e instanceof Error ? e.message : String(e) }));
    c.on('datasetProgress', (m) => set({ datasetProgress: { loaded: m.loaded, total: m.total } }));
    c.onDatasetLoaded((m) => {
      if (!mine()) return;
      const data = { meta: m.meta, valLabels: m.valLabels, testLabels: m.testLabels };
      set({
        dataset: data,
        datasetKey: m.datasetKey,
        grid: m.grid ?? null,
        points: m.points ?? null,
        error: null,
      });
      dataArrived(data);
    });
    c.onProgress((m) => set({ progress: { runId: m.runId, step: m.step, totalSteps: m.totalSteps } }));
    c.on('backendChanged', (m) => {
      if (!mine()) return;
      set({ ready: c.info });
      // During a run, the resumed notice says it all; when idle, this is the only sign.
      if (!runs.getState().active) notify(contextLostNotice(m.reason));
    });
    c.onError((m) => set(m.during === 'load' ? { dataError: m.message } : { error: m.message }));
    c.onStall((message) => set({ stalled: message }));
    c.onFatal((message) => {
      if (!mine()) return;
      set({ failure: message, stalled: null, progress: null });
      // The engine broke: the bank it was training stops (models keep their last checkpoint).
      stopAll();
      jobsByRun.clear();
    });
    c.on('resumed', (m) => {
      const job = mine() ? jobsByRun.get(m.runId) : undefined;
      if (!job) return;
      const records = runs.getState().records;
      patchRecords(
        job.alphas
          .map((a) => recordId(job.key, a))
          .filter((id) => records[id])
          .map((id) => ({ id, patch: { history: records[id].history.filter((h) => h.step <= m.step) } })),
      );
      notify(resumedNotice(m.step, m.backend));
    });
    c.onCheckpoint((runId, cp) => {
      const job = mine() ? jobsByRun.get(runId) : undefined;
      const { dataset: data, datasetKey } = engine.getState();
      if (!job || !data) return;
      const k = cp.numClasses;
      // A checkpoint of a run on other data (the dataset changed meanwhile) is not analysed.
      if (!checkpointFits(cp, data, datasetKey)) return;
      const records = runs.getState().records;
      patchRecords(
        cp.models.map((m) => {
          const id = recordId(job.key, m.alpha);
          const prev: ModelRecord | undefined = records[id];
          if (m.diverged) {
            // Its logits are not finite: the record keeps its last finite checkpoint and history.
            if (prev && prev.status !== 'diverged') {
              notify(divergedNotice(m.alpha, job.seed, cp.step, settings().learningRate));
            }
            return { id, patch: { status: 'diverged' as const, gridLogits: null } };
          }
          const drawable = m.gridLogits && prev?.status !== 'diverged' && m.gridLogits.every(Number.isFinite);
          return {
            id,
            patch: {
              checkpoint: m,
              // A diverged model's grid is not drawn (NaN, or the zeros of the frozen model).
              ...(drawable ? { gridLogits: m.gridLogits } : {}),
              step: cp.step,
              totalSteps: cp.totalSteps,
              history: withPoint(prev?.history ?? [], historyPoint(m, cp.step, cp.epoch, data.valLabels, k)),
            },
          };
        }),
      );
    });
    c.onDone((m) => {
      const job = mine() ? jobsByRun.get(m.runId) : undefined;
      jobsByRun.delete(m.runId);
      if (!job) return;
      setStatus(
        job.alphas.map((a) => recordId(job.key, a)),
        (status) => status !== 'diverged' && status !== 'done',
        m.stopped ? 'stopped' : 'done',
      );
      if (runs.getState().active?.runId === m.runId) startNext();
      schedulePrewarm();
    });
  }

  /** The engine's data arrived: a bank applied before it is checked against it now. */
  function dataArrived(data: DatasetLabels): void {
    const bank = uncheckedBank;
    uncheckedBank = null;
    if (runs.getState().bankData) runs.setState({ bankData: null });
    if (bank && !bankMatchesData(bank, data)) {
      const key = configKey(settingsOfBank(bank, settings()));
      runs.setState((st) => ({
        records: Object.fromEntries(
          Object.entries(st.records).filter(([, r]) => !(r.origin && r.key.startsWith(key))),
        ),
      }));
      notify("The bank's labels differ from this app's copy of the dataset, so it was unloaded.");
    }
    schedulePrewarm();
  }

  function loadData(spec: DatasetSpec): void {
    engine.setState({
      datasetSpec: spec,
      datasetProgress: null,
      dataset: null,
      datasetKey: null,
      grid: null,
      points: null,
      dataError: null,
    });
    currentClient().load(spec);
  }

  /** Loads the dataset the settings call for, unless it is already loaded or loading. */
  function ensureDataset(): void {
    const spec = datasetSpecFor(settings());
    const current = engine.getState().datasetSpec;
    if (current && datasetSpecKey(current) === datasetSpecKey(spec)) return;
    loadData(spec);
  }

  /**
   * A new engine after the old one broke (or on request): the running bank stops (its models keep
   * their last checkpoint), the old engine is terminated, and the data is loaded again.
   */
  function restartEngine(): void {
    stopAll();
    jobsByRun.clear();
    const old = client;
    client = null;
    old?.dispose();
    engine.setState({ ...INITIAL_ENGINE_STATE });
    currentClient();
    ensureDataset();
  }

  /** "Try again" after a failed data load. */
  function retryDataset(): void {
    loadData(datasetSpecFor(settings()));
  }

  // ——— training ———

  function startJob(job: Job, opts: { paused?: boolean } = {}): void {
    // After an engine failure, any training action starts a fresh engine first.
    if (engine.getState().failure) restartEngine();
    ensureDataset();
    const s = settings();
    const runId = `run-${++runCounter}`;
    jobsByRun.set(runId, job);
    const totalSteps = stepsFor(s);
    runs.setState((st) => {
      const records = { ...st.records };
      for (const alpha of job.alphas) {
        const id = recordId(job.key, alpha);
        records[id] = {
          id,
          key: job.key,
          alpha,
          seed: job.seed,
          status: 'training',
          step: 0,
          totalSteps,
          checkpoint: null,
          history: [],
          gridLogits: null,
        };
      }
      return { records, active: { ...job, runId, paused: opts.paused ?? false } };
    });
    currentClient().train(runId, PRESETS[s.preset].model, trainSettings(s, job), {
      paused: opts.paused ?? false,
      checkpointIntervalMs: LIVE_REFRESH_MS,
      previewRows: LIVE_PREVIEW_ROWS,
    });
    schedulePrewarm();
  }

  function startNext(): void {
    const [next, ...rest] = runs.getState().queue;
    runs.setState({ queue: rest, active: null });
    if (next) startJob(next);
  }

  /** The α's of `wanted` that still need training under `key`, with CE (α = 0) whenever it does. */
  function needed(key: string, wanted: number[], opts: { retrainLoaded?: boolean } = {}): number[] {
    const out = new Set<number>();
    const has = (a: number): boolean => {
      const r = getRecord(key, a);
      if (r?.origin && opts.retrainLoaded) return false;
      return !!r && (r.status === 'done' || r.status === 'training' || r.status === 'paused');
    };
    for (const a of wanted) if (!has(a)) out.add(a);
    if (out.size && !has(0)) out.add(0);
    return [...out].sort((a, b) => a - b);
  }

  /** Jobs replace whatever is queued; the running bank is replaced by the first job. */
  function runJobs(jobs: Job[], opts: { paused?: boolean } = {}): void {
    const todo = jobs.filter((j) => j.alphas.length > 0);
    if (!todo.length) return;
    const [first, ...rest] = todo;
    const active = runs.getState().active;
    if (active) {
      // Models of the bank being replaced keep their last checkpoint, marked stopped.
      const keep = new Set(first.alphas.map((a) => recordId(first.key, a)));
      setStatus(
        active.alphas.map((a) => recordId(active.key, a)).filter((id) => !keep.has(id)),
        (status) => status !== 'done' && status !== 'diverged',
      );
    }
    runs.setState({ queue: rest });
    startJob(first, opts);
  }

  function pairJob(opts: { retrainLoaded?: boolean } = {}): Job {
    const s = settings();
    const key = trainingKey(s);
    return { key, seed: s.seed, alphas: needed(key, [0, s.alpha], opts) };
  }

  /**
   * Train: the CE model and the selected α, as a matched pair. Models that came from a bank (the
   * precomputed one or a file) are trained again here, live: that is what pressing Train asks for.
   */
  function train(): void {
    if (runs.getState().active?.paused) return resume();
    runJobs([pairJob({ retrainLoaded: true })]);
  }

  /** Sweep α: the whole grid for the current seed (and `seeds` − 1 further seeds). */
  function sweep(seeds = 1): void {
    const s = settings();
    const jobs: Job[] = [];
    for (let i = 0; i < seeds; i++) {
      const seed = s.seed + i;
      const key = trainingKey(s, seed);
      jobs.push({ key, seed, alphas: needed(key, SWEEP_ALPHAS) });
    }
    runJobs(jobs);
  }

  function pause(): void {
    const active = runs.getState().active;
    if (!active || active.paused) return;
    currentClient().pause();
    runs.setState({ active: { ...active, paused: true } });
  }

  function resume(): void {
    const active = runs.getState().active;
    if (!active?.paused) return;
    currentClient().resume();
    runs.setState({ active: { ...active, paused: false } });
  }

  /** Space: pause what trains, or train (resume) the pair on screen. */
  function playPause(): void {
    const active = runs.getState().active;
    if (active && !active.paused) pause();
    else train();
  }

  /** Step: a few optimisation steps, then a checkpoint. Starts a paused pair if nothing is training. */
  function step(n = 10): void {
    const active = runs.getState().active;
    if (!active) runJobs([pairJob({ retrainLoaded: true })], { paused: true });
    else if (!active.paused) pause();
    currentClient().step(n);
  }

  /**
   * Stops the running bank and drops the queue, keeping every model's last checkpoint (marked
   * stopped). Called when the configuration changes under a running job.
   */
  function stopAll(): void {
    const active = runs.getState().active;
    if (!active) return;
    currentClient().stop();
    setStatus(
      active.alphas.map((a) => recordId(active.key, a)),
      (status) => status === 'training',
    );
    runs.setState({ queue: [], active: null });
    schedulePrewarm();
  }

  /** Reset: stop training and forget the models of the current configuration and seed. */
  function reset(): void {
    if (runs.getState().active) currentClient().stop();
    const key = trainingKey(settings());
    runs.setState((s) => ({
      queue: [],
      active: null,
      records: Object.fromEntries(Object.entries(s.records).filter(([, r]) => r.key !== key)),
    }));
    schedulePrewarm();
  }

  // ——— settings ———

  function writeUrl(): void {
    if (!deps.url) return;
    lastUrlWrite = timers.now();
    try {
      deps.url.replace(queryFromSettings(settings(), deps.url.search()));
    } catch {
      // Over the browser's rate limit: the next change (or flushUrl) writes it.
    }
  }

  /** Writes the current settings to the URL now (e.g. before copying the link). */
  function flushUrl(): void {
    if (urlTimer !== null) timers.clearTimeout(urlTimer);
    urlTimer = null;
    writeUrl();
  }

  /** Writes the settings to the URL, at most once per URL_WRITE_INTERVAL_MS (the last one wins). */
  function syncUrlSoon(): void {
    if (urlTimer !== null || !deps.url) return;
    const wait = Math.max(0, lastUrlWrite + URL_WRITE_INTERVAL_MS - timers.now());
    urlTimer = timers.setTimeout(() => {
      urlTimer = null;
      writeUrl();
    }, wait);
  }

  /**
   * Every settings change goes through here: a new configuration stops the bank training under the
   * old one (its models keep their last checkpoint) and loads the data it needs; a new preset
   * brings its bundled bank.
   */
  function replaceSettings(next: Settings, opts: { bundledBank?: boolean } = {}): void {
    const prev = settings();
    if (JSON.stringify(prev) === JSON.stringify(next)) return;
    if (trainingKey(next) !== trainingKey(prev)) stopAll();
    stores.settings.setState(next, true);
    syncUrlSoon();
    if (next.preset !== prev.preset || next.trainSize !== prev.trainSize) ensureDataset();
    if (next.preset !== prev.preset && (opts.bundledBank ?? true)) void loadBundledBank();
    schedulePrewarm();
  }

  /** Sets one setting (validated: an invalid value changes nothing). */
  function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void {
    const clean = validateSetting(key, value);
    if (clean === null) return;
    replaceSettings({ ...settings(), [key]: key === 'alpha' ? snapAlpha(clean as number) : clean });
  }

  function applyPreset(id: PresetId): void {
    replaceSettings(presetDefaults(id));
  }

  /**
   * Applies a query string (the page's own on load): validated settings replace the current ones,
   * rejected keys are named in a dismissible notice, and the URL is rewritten with valid values
   * only. Returns the rejected keys.
   */
  function applyQuery(search: string, opts: { bundledBank?: boolean } = {}): string[] {
    const { settings: next, rejected } = settingsFromQuery(search, DEFAULT_PRESET);
    replaceSettings(next, opts);
    if (rejected.length) notify(rejectedNotice(rejected));
    flushUrl();
    return rejected;
  }

  /**
   * The slider: show α at once; if it is not trained but this configuration is being explored (its
   * CE model exists or trains), train it — once the slider has settled there.
   */
  function selectAlpha(alpha: number): void {
    setSetting('alpha', alpha);
    if (settleTimer !== null) timers.clearTimeout(settleTimer);
    settleTimer = timers.setTimeout(() => {
      settleTimer = null;
      const s = settings();
      const key = trainingKey(s);
      if (getRecord(key, s.alpha)) return; // trained, training or stopped with a checkpoint: show it
      const explored = !!getRecord(key, 0) || runs.getState().active?.key === key;
      if (explored) runJobs([{ key, seed: s.seed, alphas: needed(key, [0, s.alpha]) }]);
    }, SLIDER_SETTLE_MS);
  }

  // ——— banks ———

  /**
   * Puts a bank's models into the records (status as saved, marked with where they came from) and
   * switches the settings to the bank's configuration (α and the post-hoc controls stay). If the
   * engine's copy of that data is loaded, the labels must match it (else BankFormatError, nothing
   * changed); if not, the bank's labels are shown until it arrives, and checked then.
   */
  function applyBank(bank: Bank, origin: string): void {
    const target = settingsOfBank(bank, settings());
    const { dataset: loaded, datasetSpec } = engine.getState();
    const sameSpec = !!datasetSpec && datasetSpecKey(datasetSpec) === datasetSpecKey(datasetSpecFor(target));
    if (loaded && sameSpec && !bankMatchesData(bank, loaded)) {
      throw new BankFormatError(
        "its labels differ from this app's copy of the dataset (it was made from other data)",
      );
    }
    replaceSettings(target, { bundledBank: false });
    const records: Record<string, ModelRecord> = {};
    for (const m of bank.models) {
      const key = trainingKey(target, m.seed);
      records[recordId(key, m.alpha)] = recordOfBankModel(m, key, origin);
    }
    const waiting = !engine.getState().dataset;
    runs.setState((s) => ({
      records: { ...s.records, ...records },
      ...(waiting ? { bankData: bank.dataset } : {}),
    }));
    if (waiting) uncheckedBank = bank;
    schedulePrewarm();
  }

  function fetchBundled(path: string): Promise<Bank> {
    let pending = bundled.get(path);
    if (!pending) {
      if (!deps.fetchBank) return Promise.reject(new Error('no bank fetcher'));
      pending = deps.fetchBank(path).then((text) => decodeBank(text, PRESETS));
      bundled.set(path, pending);
      pending.catch(() => bundled.delete(path));
    }
    return pending;
  }

  /** Loads the bank shipped for the current preset, if the settings are that preset's defaults. */
  async function loadBundledBank(): Promise<void> {
    const s = settings();
    const path = bundledBanks[s.preset];
    if (!path || !deps.fetchBank || configKey(s) !== configKey(presetDefaults(s.preset))) return;
    try {
      const bank = await fetchBundled(path);
      // The user may have changed the configuration while it loaded: then it is not wanted.
      if (configKey(settings()) !== configKey(settingsOfBank(bank, settings()))) return;
      applyBank(bank, 'precomputed');
    } catch (e) {
      notify(
        `The precomputed models could not be loaded (${(e as Error).message}); press Train to train them here.`,
      );
    }
  }

  /** "Load bank": all or nothing; a bad file leaves the page as it was, with a notice. */
  async function loadBankFile(file: BankSource): Promise<boolean> {
    try {
      if (file.size > MAX_BANK_FILE_BYTES) throw new BankFormatError('the file is larger than 200 MB');
      const bank = decodeBank(await file.text(), PRESETS);
      applyBank(bank, file.name);
      notify(`Loaded ${bank.models.length} model${bank.models.length === 1 ? '' : 's'} from ${file.name}.`);
      return true;
    } catch (e) {
      const why = e instanceof BankFormatError ? e.message : `it could not be read (${(e as Error).message})`;
      notify(`${file.name} was not loaded: ${why}. Nothing changed.`);
      return false;
    }
  }

  /** What a builder makes of the records, for the data the charts use (null before any data). */
  function ofRecords<T>(
    build: (
      records: Record<string, ModelRecord>,
      s: Settings,
      data: DatasetLabels,
      backend: string | null,
      created: Date,
    ) => T,
  ): T | null {
    const data = chartData();
    if (!data) return null;
    return build(
      runs.getState().records,
      settings(),
      data,
      engine.getState().ready?.backend ?? null,
      new Date(),
    );
  }

  /** The trained models of the current configuration (every seed), as a bank; null if none. */
  const currentBank = (): Bank | null => ofRecords(bankOfConfig);

  function saveBank(): void {
    const bank = currentBank();
    if (!bank) {
      notify('Nothing to save yet: train at least one model of this configuration first.');
      return;
    }
    deps.saveBlob?.(
      new Blob([encodeBank(bank)], { type: 'application/json' }),
      `ls-sc-bank-${bank.config.preset}.json`,
    );
  }

  const resultsFile = (): ResultsFile | null => ofRecords(buildResultsFile);

  function downloadResults(): void {
    const file = resultsFile();
    if (!file) return;
    const blob = new Blob([JSON.stringify(file)], { type: 'application/json' });
    deps.saveBlob?.(blob, `ls-sc-results-${file.config.preset as string}.json`);
  }

  function toggleNormalise(): void {
    setSetting('normalise', !settings().normalise);
  }

  // ——— story and view ———

  /** Shows a story step: its α through the slider's path, its normalisation and zoom. */
  function showStoryStep(index: number, state: StoryStepState): void {
    if (state.alpha !== undefined && settings().alpha !== state.alpha) selectAlpha(state.alpha);
    setSetting('normalise', state.normalise);
    setView({ storyStep: index, rcZoom: state.rcZoom });
  }

  /** ←/→ in presentation mode: α by one slider step, within the slider's range. */
  function nudgeAlpha(direction: 1 | -1): void {
    const a = settings().alpha + direction * ALPHA_STEP;
    selectAlpha(Math.min(ALPHA_MAX, Math.max(ALPHA_MIN, Number(a.toFixed(3)))));
  }

  // ——— the page ———

  /**
   * Opens the page: the link's settings (validated; a notice names what was rejected), the
   * classroom link's hidden controls, the engine, the data and the bundled bank.
   */
  function start(search = deps.url?.search() ?? ''): void {
    // The bundled bank follows below, once, whatever the link's preset.
    applyQuery(search, { bundledBank: false });
    const hide = parseHidden(new URLSearchParams(search).get('hide'));
    view.setState({ hidden: hide.hidden });
    if (hide.rejected.length) {
      notify(
        `This link asked to hide controls that do not exist, so they are ignored: ${hide.rejected.join(', ')}.`,
      );
    }
    currentClient();
    ensureDataset();
    void loadBundledBank();
    schedulePrewarm();
  }

  /** Stops timers and the engine (tests; the page lives as long as its controller). */
  function dispose(): void {
    disposed = true;
    if (settleTimer !== null) timers.clearTimeout(settleTimer);
    if (urlTimer !== null) timers.clearTimeout(urlTimer);
    prewarmGeneration++;
    cancelIdle?.();
    client?.dispose();
    client = null;
  }

  return {
    stores,
    start,
    dispose,
    /** The current training client (made on first use). */
    client: currentClient,
    // Training.
    train,
    sweep,
    step,
    pause,
    resume,
    playPause,
    reset,
    stopAll,
    selectAlpha,
    // Settings.
    setSetting,
    toggleNormalise,
    applyPreset,
    applyQuery: (search: string): string[] => applyQuery(search),
    flushUrl,
    // The engine and its data.
    restartEngine,
    retryDataset,
    useSyntheticData: () => applyPreset(SYNTHETIC_PRESET),
    // Banks and files.
    loadBundledBank,
    loadBankFile,
    saveBank,
    currentBank,
    resultsFile,
    downloadResults,
    // Notices, story and view.
    notify,
    dismissNotice,
    setView,
    showStoryStep,
    nudgeAlpha,
    /** Chart pieces still to compute ahead in idle time (0: every finished model is cached). */
    prewarmPending: (): number => prewarmLeft,
  };
}
