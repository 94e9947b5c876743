/**
 * The app controller: every reaction of the page in one object made with its dependencies. User
 * actions (Train, Step, Pause, Reset, Sweep, the α slider, settings, banks, story and view actions)
 * and engine events (data loaded, checkpoints, done, faults) each update the stores directly; no
 * store subscription triggers another. It owns the training client (a new one after a fault), the
 * runs it started, the slider's settle timer, the URL writes and the idle-time prewarm.
 *
 * Created once by main.tsx for the page, and by the tests with fresh stores, an in-process engine
 * and their own clock. Each concern lives in its own module, made here with the shared context
 * (context.ts) and the functions of the others it calls.
 */
import type { PresetId } from '../../model/presets';
import { parseHidden } from '../../model/classroom';
import { presetDefaults } from '../../model/settings';
import { createContext } from './context';
import type { ControllerDeps } from './deps';
import { createPrewarm } from './prewarm';
import { createEngineBinding } from './engineBinding';
import { createTraining } from './training';
import { createSettings } from './settings';
import { createBanks } from './banks';
import { createViewActions } from './view';

export type { AppStores, Timers, IdleScheduler, UrlPort, BankSource, ControllerDeps } from './deps';
export { datasetSpecFor } from './context';
export { LIVE_REFRESH_MS, LIVE_PREVIEW_ROWS } from './training';
export { SLIDER_SETTLE_MS, URL_WRITE_INTERVAL_MS } from './settings';
export { MAX_BANK_FILE_BYTES } from './banks';
export type { StoryStepState } from './view';

/** The preset offered when the Fashion-MNIST files cannot be used (no download needed). */
export const SYNTHETIC_PRESET: PresetId = 'blobs-mlp';

export type Controller = ReturnType<typeof createController>;

export function createController(deps: ControllerDeps) {
  const ctx = createContext(deps);
  const prewarm = createPrewarm(ctx);
  const schedulePrewarm = prewarm.schedule;
  // The engine's events and a settings change call concerns made after them: through these
  // arrows, which run only once createController has returned and everything exists.
  const engineBinding = createEngineBinding(ctx, {
    stopAll: () => training.stopAll(),
    startNext: () => training.startNext(),
    schedulePrewarm,
    dataArrived: (data) => banks.dataArrived(data),
  });
  const training = createTraining(ctx, engineBinding, schedulePrewarm);
  const settings = createSettings(ctx, {
    training,
    ensureDataset: engineBinding.ensureDataset,
    schedulePrewarm,
    loadBundledBank: () => banks.loadBundledBank(),
  });
  const banks = createBanks(ctx, settings.replaceSettings, schedulePrewarm);
  const viewActions = createViewActions(ctx, settings);
  const { currentClient, ensureDataset } = engineBinding;

  /**
   * Opens the page: the link's settings (validated; a notice names what was rejected), the
   * classroom link's hidden controls, the engine, the data and the bundled bank.
   */
  function start(search = deps.url?.search() ?? ''): void {
    // The bundled bank follows below, once, whatever the link's preset.
    settings.applyQuery(search, { bundledBank: false });
    const hide = parseHidden(new URLSearchParams(search).get('hide'));
    ctx.view.setState({ hidden: hide.hidden });
    if (hide.rejected.length) {
      ctx.notify(
        `This link asked to hide controls that do not exist, so they are ignored: ${hide.rejected.join(', ')}.`,
      );
    }
    currentClient();
    ensureDataset();
    void banks.loadBundledBank();
    schedulePrewarm();
  }

  /**
   * Presentation mode's reset: back to the precomputed state — training stopped, the preset's
   * default settings (seed 0) and the bundled bank's models again (they replace any trained live).
   * The story's first step then sets its own α and normalisation (story/control.ts).
   */
  function resetToPrecomputed(): void {
    training.stopAll();
    settings.replaceSettings(presetDefaults(ctx.settings().preset));
    void banks.loadBundledBank();
  }

  /** Stops timers and the engine (tests; the page lives as long as its controller). */
  function dispose(): void {
    settings.dispose();
    prewarm.dispose();
    engineBinding.dispose();
  }

  return {
    stores: ctx.stores,
    start,
    dispose,
    /** The current training client (made on first use). */
    client: currentClient,
    // Training.
    train: training.train,
    sweep: training.sweep,
    step: training.step,
    pause: training.pause,
    resume: training.resume,
    playPause: training.playPause,
    reset: training.reset,
    stopAll: training.stopAll,
    selectAlpha: settings.selectAlpha,
    // Settings.
    setSetting: settings.setSetting,
    toggleNormalise: settings.toggleNormalise,
    applyPreset: settings.applyPreset,
    applyQuery: (search: string): string[] => settings.applyQuery(search),
    flushUrl: settings.flushUrl,
    // The engine and its data.
    restartEngine: engineBinding.restartEngine,
    retryDataset: engineBinding.retryDataset,
    useSyntheticData: () => settings.applyPreset(SYNTHETIC_PRESET),
    // Banks and files.
    loadBundledBank: banks.loadBundledBank,
    loadBankFile: banks.loadBankFile,
    saveBank: banks.saveBank,
    currentBank: banks.currentBank,
    resultsFile: banks.resultsFile,
    downloadResults: banks.downloadResults,
    // Notices, story and view.
    notify: viewActions.notify,
    dismissNotice: viewActions.dismissNotice,
    setView: viewActions.setView,
    showStoryStep: viewActions.showStoryStep,
    nudgeAlpha: viewActions.nudgeAlpha,
    resetToPrecomputed,
    /** Chart pieces still to compute ahead in idle time (0: every finished model is cached). */
    prewarmPending: prewarm.pending,
  };
}
