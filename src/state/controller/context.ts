/**
 * The shared per-instance context of one controller: its dependencies (with defaults filled in),
 * the stores, the jobs of the runs it started, and the small record and notice helpers every
 * concern uses. Made once per createController; nothing here lives at module level.
 */
import { PRESETS, type PresetId } from '../../model/presets';
import type { DatasetSpec } from '../../data/index';
import { datasetSpecOf } from '../../data/spec';
import type { Settings } from '../../model/settings';
import { recordId, type Job, type ModelRecord } from '../../model/records';
import type { DatasetLabels, EngineStore } from '../engineStore';
import type { RunsStore } from '../runsStore';
import type { ViewStore } from '../viewStore';
import { BUNDLED_BANKS } from '../bankRecords';
import {
  defaultIdle,
  defaultTimers,
  type AppStores,
  type ControllerDeps,
  type IdleScheduler,
  type Timers,
} from './deps';

export function datasetSpecFor(s: Settings): DatasetSpec {
  return datasetSpecOf(PRESETS[s.preset].dataset.id, s.trainSize);
}

export interface ControllerContext {
  deps: ControllerDeps;
  stores: AppStores;
  timers: Timers;
  idle: IdleScheduler;
  bundledBanks: Partial<Record<PresetId, string>>;
  runs: RunsStore;
  engine: EngineStore;
  view: ViewStore;
  settings(): Settings;
  /** The jobs of the runs this controller started, by run id (cleared when the engine goes). */
  jobsByRun: Map<string, Job>;
  notify(text: string): void;
  getRecord(key: string, alpha: number): ModelRecord | undefined;
  patchRecords(patches: { id: string; patch: Partial<ModelRecord> }[]): void;
  /** Gives the models of `ids` whose status passes `when` the status `to` (default 'stopped'). */
  setStatus(
    ids: string[],
    when: (status: ModelRecord['status']) => boolean,
    to?: ModelRecord['status'],
  ): void;
  /** The labels the charts evaluate against: the engine's data, or a loaded bank's until it arrives. */
  chartData(): DatasetLabels | null;
}

export function createContext(deps: ControllerDeps): ControllerContext {
  const { stores } = deps;
  const runs = stores.runs;
  const engine = stores.engine;
  const view = stores.view;
  let noticeId = 0;

  function notify(text: string): void {
    view.setState((s) => ({ notices: [...s.notices, { id: ++noticeId, text }] }));
  }

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

  return {
    deps,
    stores,
    timers: deps.timers ?? defaultTimers,
    idle: deps.idle ?? defaultIdle,
    bundledBanks: deps.bundledBanks ?? BUNDLED_BANKS,
    runs,
    engine,
    view,
    settings: () => stores.settings.getState(),
    jobsByRun: new Map<string, Job>(),
    notify,
    getRecord: (key, alpha) => runs.getState().records[recordId(key, alpha)],
    patchRecords,
    setStatus,
    chartData: () => engine.getState().dataset ?? runs.getState().bankData,
  };
}
