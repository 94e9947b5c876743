/**
 * The bank file: a set of trained models (an α-bank, possibly several seeds) with everything the
 * charts need — validation and test logits, training history, the dataset's labels — so a bank
 * trained once (by the runner, `npm run bank`, or in the page) opens with every chart full and no
 * training. The page's "Save bank" writes it, "Load bank" reads it, and the app ships one for the
 * default preset (public/data/banks/).
 *
 * Logits are float32, little-endian, base64 (exact: the same bits the engine produced). Parsing is
 * all-or-nothing: a file that fails any check is refused with a message naming the problem.
 */
import type { PresetId } from './presets';
import type { ModelSpec } from './training';
import type { DatasetMeta } from './training';
import type { TrainingPoint } from './views';

export const BANK_FORMAT = 'ls-sc-explorer/bank';
export const BANK_VERSION = 1;

/** The settings that determine the trained weights (with the seed per model). */
export interface BankConfig {
  preset: PresetId;
  model: ModelSpec;
  trainSize: number;
  epochs: number;
  learningRate: number;
  batchSize: number;
}

export interface BankModel {
  alpha: number;
  seed: number;
  step: number;
  totalSteps: number;
  /** 'done' = trained to the end; 'stopped' = saved part-way. */
  status: 'done' | 'stopped';
  trainLoss: number;
  trainAcc: number;
  history: TrainingPoint[];
  /** n_val × K and n_test × K. */
  valLogits: Float32Array;
  testLogits: Float32Array;
  /** 2-D data only: logits on the decision grid. */
  gridLogits: Float32Array | null;
}

export interface Bank {
  config: BankConfig;
  dataset: { meta: DatasetMeta; valLabels: Int32Array; testLabels: Int32Array };
  /** Who made it and when (free text), e.g. "npm run bank (wasm)". */
  producer: string;
  created: string;
  models: BankModel[];
}

export class BankFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BankFormatError';
  }
}

// --- base64 of typed arrays (no Buffer: this runs in the browser too) -------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
    if (chunk.length >= 65536) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    chunk += B64[v >> 18] + B64[(v >> 12) & 63] + '==';
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

/** Strict decoder: any character outside the alphabet, or a bad length, is an error (null). */
export function base64ToBytes(s: string): Uint8Array | null {
  if (s.length % 4 !== 0) return null;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      const last = i + 4 === s.length;
      if (c === 61 && last && j >= 4 - pad) {
        v <<= 6;
        continue;
      }
      const d = c < 128 ? B64_INDEX[c] : -1;
      if (d < 0) return null;
      v = (v << 6) | d;
    }
    out[o++] = (v >> 16) & 255;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

function f32ToBase64(a: Float32Array): string {
  const le = new Uint8Array(a.length * 4);
  const dv = new DataView(le.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat32(i * 4, a[i], true);
  return bytesToBase64(le);
}

function base64ToF32(s: unknown, n: number, what: string): Float32Array {
  if (typeof s !== 'string') throw new BankFormatError(`${what} is missing`);
  const bytes = base64ToBytes(s);
  if (!bytes) throw new BankFormatError(`${what} is not valid base64`);
  if (bytes.length !== n * 4) {
    throw new BankFormatError(`${what} has ${bytes.length / 4} values, expected ${n}`);
  }
  const dv = new DataView(bytes.buffer);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = dv.getFloat32(i * 4, true);
    if (!Number.isFinite(v)) throw new BankFormatError(`${what} contains a non-finite value at ${i}`);
    out[i] = v;
  }
  return out;
}

// --- encode -----------------------------------------------------------------------------------

/** The bank as a JSON string. */
export function encodeBank(bank: Bank): string {
  return JSON.stringify({
    format: BANK_FORMAT,
    version: BANK_VERSION,
    producer: bank.producer,
    created: bank.created,
    config: bank.config,
    dataset: {
      meta: bank.dataset.meta,
      valLabels: Array.from(bank.dataset.valLabels),
      testLabels: Array.from(bank.dataset.testLabels),
    },
    models: bank.models.map((m) => ({
      alpha: m.alpha,
      seed: m.seed,
      step: m.step,
      totalSteps: m.totalSteps,
      status: m.status,
      trainLoss: m.trainLoss,
      trainAcc: m.trainAcc,
      history: m.history,
      valLogits: f32ToBase64(m.valLogits),
      testLogits: f32ToBase64(m.testLogits),
      gridLogits: m.gridLogits ? f32ToBase64(m.gridLogits) : null,
    })),
  });
}

// --- decode (validated) -----------------------------------------------------------------------

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BankFormatError(`${what} is not an object`);
  return v as Obj;
}

function num(v: unknown, what: string, min = -Infinity, max = Infinity, integer = false): number {
  if (
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    v < min ||
    v > max ||
    (integer && !Number.isInteger(v))
  ) {
    throw new BankFormatError(`${what} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
  }
  return v;
}

function str(v: unknown, what: string, maxLen = 500): string {
  if (typeof v !== 'string' || v.length > maxLen) throw new BankFormatError(`${what} must be a short string`);
  return v;
}

function labels(v: unknown, n: number, k: number, what: string): Int32Array {
  if (!Array.isArray(v) || v.length !== n) throw new BankFormatError(`${what} must be ${n} labels`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = num(v[i], `${what}[${i}]`, 0, k - 1, true);
  return out;
}

function modelSpec(v: unknown): ModelSpec {
  const m = obj(v, 'config.model');
  if (m.kind === 'mlp') {
    if (!Array.isArray(m.hidden) || m.hidden.length > 8)
      throw new BankFormatError('config.model.hidden is invalid');
    return {
      kind: 'mlp',
      hidden: m.hidden.map((h, i) => num(h, `config.model.hidden[${i}]`, 1, 4096, true)),
    };
  }
  if (m.kind === 'cnn') {
    if (!Array.isArray(m.filters) || m.filters.length !== 2)
      throw new BankFormatError('config.model.filters is invalid');
    return {
      kind: 'cnn',
      filters: [num(m.filters[0], 'filters[0]', 1, 512, true), num(m.filters[1], 'filters[1]', 1, 512, true)],
      dense: num(m.dense, 'config.model.dense', 1, 4096, true),
    };
  }
  throw new BankFormatError('config.model.kind must be "mlp" or "cnn"');
}

function historyOf(v: unknown, what: string): TrainingPoint[] {
  if (!Array.isArray(v) || v.length > 100_000) throw new BankFormatError(`${what} must be a list`);
  return v.map((raw, i) => {
    const h = obj(raw, `${what}[${i}]`);
    const f = (key: keyof TrainingPoint): number => num(h[key], `${what}[${i}].${key}`);
    return {
      step: num(h.step, `${what}[${i}].step`, 0, Infinity, true),
      epoch: f('epoch'),
      trainLoss: f('trainLoss'),
      trainAcc: f('trainAcc'),
      valAcc: f('valAcc'),
      lsTermCorrect: f('lsTermCorrect'),
      lsTermIncorrect: f('lsTermIncorrect'),
    };
  });
}

/**
 * Parses and validates a bank file's text. Throws BankFormatError (with a message a user can act
 * on) for anything malformed, truncated or from another format version; never returns half a bank.
 */
export function decodeBank(text: string, presets: Record<string, { model: ModelSpec }>): Bank {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BankFormatError('the file is not valid JSON (truncated or not a bank file)');
  }
  const f = obj(raw, 'the file');
  if (f.format !== BANK_FORMAT) throw new BankFormatError(`not a bank file (format is not "${BANK_FORMAT}")`);
  if (f.version !== BANK_VERSION) {
    throw new BankFormatError(
      `bank format version ${String(f.version)} is not supported (this app reads ${BANK_VERSION})`,
    );
  }
  const c = obj(f.config, 'config');
  const preset = str(c.preset, 'config.preset', 40);
  if (!(preset in presets)) throw new BankFormatError(`unknown preset "${preset}"`);
  const model = modelSpec(c.model);
  if (JSON.stringify(model) !== JSON.stringify(presets[preset].model)) {
    throw new BankFormatError(`its model does not match the "${preset}" preset of this version of the app`);
  }
  const config: BankConfig = {
    preset: preset as PresetId,
    model,
    trainSize: num(c.trainSize, 'config.trainSize', 1, 1e7, true),
    epochs: num(c.epochs, 'config.epochs', 1, 1e5, true),
    learningRate: num(c.learningRate, 'config.learningRate', 0, 100),
    batchSize: num(c.batchSize, 'config.batchSize', 1, 1e5, true),
  };
  const d = obj(f.dataset, 'dataset');
  const m = obj(d.meta, 'dataset.meta');
  const k = num(m.numClasses, 'dataset.meta.numClasses', 2, 1000, true);
  const nVal = num(m.nVal, 'dataset.meta.nVal', 1, 1e6, true);
  const nTest = num(m.nTest, 'dataset.meta.nTest', 1, 1e6, true);
  if (!Array.isArray(m.classNames) || m.classNames.length !== k) {
    throw new BankFormatError('dataset.meta.classNames must name every class');
  }
  const settings = obj(m.settings, 'dataset.meta.settings');
  const meta: DatasetMeta = {
    id: str(m.id, 'dataset.meta.id', 40),
    name: str(m.name, 'dataset.meta.name', 200),
    numClasses: k,
    classNames: m.classNames.map((s, i) => str(s, `classNames[${i}]`, 100)),
    sampleShape: Array.isArray(m.sampleShape)
      ? m.sampleShape.map((s, i) => num(s, `sampleShape[${i}]`, 1, 1e4, true))
      : [],
    featureSize: num(m.featureSize, 'dataset.meta.featureSize', 1, 1e6, true),
    nTrain: num(m.nTrain, 'dataset.meta.nTrain', 1, 1e7, true),
    nVal,
    nTest,
    settings: Object.fromEntries(
      Object.entries(settings).filter(([, v]) => ['number', 'string', 'boolean'].includes(typeof v)),
    ) as Record<string, number | string | boolean>,
  };
  const valLabels = labels(d.valLabels, nVal, k, 'dataset.valLabels');
  const testLabels = labels(d.testLabels, nTest, k, 'dataset.testLabels');
  if (!Array.isArray(f.models) || f.models.length === 0 || f.models.length > 200) {
    throw new BankFormatError('models must be a non-empty list');
  }
  const seen = new Set<string>();
  const models = f.models.map((rawModel, i): BankModel => {
    const w = `models[${i}]`;
    const mm = obj(rawModel, w);
    const alpha = num(mm.alpha, `${w}.alpha`, -1, 1);
    const seed = num(mm.seed, `${w}.seed`, 0, 1_000_000, true);
    const id = `${alpha}|${seed}`;
    if (seen.has(id)) throw new BankFormatError(`${w} repeats α = ${alpha}, seed ${seed}`);
    seen.add(id);
    const totalSteps = num(mm.totalSteps, `${w}.totalSteps`, 1, 1e9, true);
    const status = mm.status;
    if (status !== 'done' && status !== 'stopped')
      throw new BankFormatError(`${w}.status must be "done" or "stopped"`);
    const grid = mm.gridLogits;
    return {
      alpha,
      seed,
      step: num(mm.step, `${w}.step`, 0, totalSteps, true),
      totalSteps,
      status,
      trainLoss: num(mm.trainLoss, `${w}.trainLoss`),
      trainAcc: num(mm.trainAcc, `${w}.trainAcc`, 0, 1),
      history: historyOf(mm.history, `${w}.history`),
      valLogits: base64ToF32(mm.valLogits, nVal * k, `${w}.valLogits`),
      testLogits: base64ToF32(mm.testLogits, nTest * k, `${w}.testLogits`),
      gridLogits:
        grid === null || grid === undefined
          ? null
          : (() => {
              const s = typeof grid === 'string' ? base64ToBytes(grid) : null;
              if (!s || s.length % (4 * k) !== 0) throw new BankFormatError(`${w}.gridLogits is malformed`);
              return base64ToF32(grid, s.length / 4, `${w}.gridLogits`);
            })(),
    };
  });
  return {
    config,
    dataset: { meta, valLabels, testLabels },
    producer: typeof f.producer === 'string' ? f.producer.slice(0, 200) : '',
    created: typeof f.created === 'string' ? f.created.slice(0, 40) : '',
    models,
  };
}
