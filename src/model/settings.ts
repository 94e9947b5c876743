/**
 * The explorer's settings: one typed list of properties (name, kind, range, default) drives
 * validation and, later, the URL. Every value is validated on the way in; a bad value falls back to
 * the default and is reported, never thrown.
 */
import { PRESETS, type PresetId } from './presets';

export const ALPHA_MIN = 0;
export const ALPHA_MAX = 0.6;
export const ALPHA_STEP = 0.05;
/** The grid "Sweep α" trains. */
export const SWEEP_ALPHAS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];

export interface Settings {
  preset: PresetId;
  alpha: number;
  seed: number;
  epochs: number;
  learningRate: number;
  batchSize: number;
  trainSize: number;
  /** Logit normalisation (MaxLogit-pNorm) shown. */
  normalise: boolean;
  centred: boolean;
  /** 'auto' = validation search with MSP fallback; a number = that p by hand. */
  p: 'auto' | number;
}

type NumberProp = { kind: 'number'; min: number; max: number; integer?: boolean };
type Prop = NumberProp | { kind: 'boolean' } | { kind: 'enum'; values: readonly string[] } | { kind: 'p' };

export const SETTING_PROPS: { [K in keyof Settings]: Prop } = {
  preset: { kind: 'enum', values: Object.keys(PRESETS) },
  alpha: { kind: 'number', min: ALPHA_MIN, max: ALPHA_MAX },
  seed: { kind: 'number', min: 0, max: 1_000_000, integer: true },
  epochs: { kind: 'number', min: 1, max: 1000, integer: true },
  learningRate: { kind: 'number', min: 1e-5, max: 1 },
  batchSize: { kind: 'number', min: 8, max: 1024, integer: true },
  trainSize: { kind: 'number', min: 50, max: 10_000, integer: true },
  normalise: { kind: 'boolean' },
  centred: { kind: 'boolean' },
  p: { kind: 'p' },
};

export function presetDefaults(id: PresetId): Settings {
  const p = PRESETS[id];
  return {
    preset: id,
    alpha: p.alpha,
    seed: 0,
    epochs: p.training.epochs,
    learningRate: p.training.learningRate,
    batchSize: p.training.batchSize,
    trainSize: p.dataset.trainSize,
    normalise: true,
    centred: true,
    p: 'auto',
  };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Validates one value; returns the cleaned value or null when it is not acceptable. */
export function validateSetting<K extends keyof Settings>(key: K, raw: unknown): Settings[K] | null {
  if (!Object.hasOwn(SETTING_PROPS, key)) return null;
  const prop = SETTING_PROPS[key];
  switch (prop.kind) {
    case 'number': {
      // Strings must be plain decimals ("0.2", "1e-3"): not "0x10", "Infinity", "" or " ".
      const v = typeof raw === 'string' ? (DECIMAL.test(raw.trim()) ? Number(raw) : NaN) : raw;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < prop.min || v > prop.max) return null;
      if (prop.integer && !Number.isInteger(v)) return null;
      return (v + 0) as Settings[K]; // + 0 turns -0 into 0
    }
    case 'boolean':
      if (raw === true || raw === 'true' || raw === '1') return true as Settings[K];
      if (raw === false || raw === 'false' || raw === '0') return false as Settings[K];
      return null;
    case 'enum':
      return typeof raw === 'string' && prop.values.includes(raw) ? (raw as Settings[K]) : null;
    case 'p': {
      if (raw === 'auto') return 'auto' as Settings[K];
      const v = typeof raw === 'string' ? (DECIMAL.test(raw.trim()) ? Number(raw) : NaN) : raw;
      return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10 ? (v as Settings[K]) : null;
    }
  }
}

/** Rounds α to a 0.005 grid so that "the same α" is one key (0.1 + 0.2 ≠ 0.3 in floating point). */
export function snapAlpha(a: number): number {
  return Number((Math.round(a / 0.005) * 0.005).toFixed(3)) + 0;
}

/** Everything that determines the trained weights except α and the seed. */
export function configKey(s: Settings): string {
  const p = PRESETS[s.preset];
  return JSON.stringify({
    d: p.dataset.id,
    m: p.model,
    n: s.trainSize,
    e: s.epochs,
    lr: s.learningRate,
    b: s.batchSize,
  });
}

/** Everything that determines the trained weights except α: models with the same key are paired. */
export function trainingKey(s: Settings, seed = s.seed): string {
  return `${configKey(s)}#${seed}`;
}

/** The configuration part of a training key. */
export function configOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf('#'));
}
