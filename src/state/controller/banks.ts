/**
 * Banks and files: the bundled bank of a preset, bank files loaded and saved, the results file,
 * and the check of a bank's labels against the engine's data when that arrives after the bank.
 */
import { PRESETS } from '../../model/presets';
import { configKey, presetDefaults, trainingKey, type Settings } from '../../model/settings';
import { recordId, type ModelRecord } from '../../model/records';
import { BankFormatError, decodeBank, encodeBank, type Bank } from '../../model/bankFile';
import type { ResultsFile } from '../../model/results';
import { datasetSpecKey } from '../../data/spec';
import type { DatasetLabels } from '../engineStore';
import { bankMatchesData, bankOfConfig, recordOfBankModel, settingsOfBank } from '../bankRecords';
import { buildResultsFile } from '../download';
import { datasetSpecFor, type ControllerContext } from './context';
import type { BankSource } from './deps';
import type { SettingsActions } from './settings';

/** The largest bank file accepted. */
export const MAX_BANK_FILE_BYTES = 200 * 1024 * 1024;

export type Banks = ReturnType<typeof createBanks>;

export function createBanks(
  ctx: ControllerContext,
  replaceSettings: SettingsActions['replaceSettings'],
  schedulePrewarm: () => void,
) {
  const { deps, runs, engine, bundledBanks, settings, notify } = ctx;
  /** A bank applied before the data loaded: its labels are checked once the engine's data arrives. */
  let uncheckedBank: Bank | null = null;
  const bundled = new Map<string, Promise<Bank>>();

  /** The engine's data arrived: a bank applied before it is checked against it now. */
  function dataArrived(data: DatasetLabels): void {
    const bank = uncheckedBank;
    // Another dataset's load, finishing after the preset changed: the bank waits for its own data.
    if (bank && data.meta.id !== bank.dataset.meta.id) {
      schedulePrewarm();
      return;
    }
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
        `The precomputed models could not be loaded (${(e as Error).message}); press Train live to train them here.`,
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
    const data = ctx.chartData();
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

  return { dataArrived, loadBundledBank, loadBankFile, saveBank, currentBank, resultsFile, downloadResults };
}
