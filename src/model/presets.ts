/**
 * Named experiment presets shared by the app and the headless runner. Each is chosen so that the
 * effect of science.md §5 is clearly visible (checked with `npm run experiment`, see README).
 */
import type { ModelSpec, TrainSettings } from './training';

export type PresetId = 'fmnist-mlp' | 'fmnist-cnn' | 'blobs-mlp';

export interface DatasetChoice {
  id: 'fashion-mnist' | 'blobs' | 'moons' | 'spirals';
  /** Training images/points to use (a class-balanced prefix for Fashion-MNIST). */
  trainSize: number;
}

export interface Preset {
  id: PresetId;
  label: string;
  dataset: DatasetChoice;
  model: ModelSpec;
  training: Omit<TrainSettings, 'alphas' | 'seed'>;
  /** The α paired with CE by default. */
  alpha: number;
}

export const PRESETS: Record<PresetId, Preset> = {
  'fmnist-mlp': {
    id: 'fmnist-mlp',
    label: 'Fashion-MNIST · MLP 784-256-10',
    dataset: { id: 'fashion-mnist', trainSize: 10_000 },
    model: { kind: 'mlp', hidden: [256] },
    training: { epochs: 10, batchSize: 64, learningRate: 1e-3, checkpointEvery: 500 },
    alpha: 0.2,
  },
  'fmnist-cnn': {
    id: 'fmnist-cnn',
    label: 'Fashion-MNIST · small CNN',
    dataset: { id: 'fashion-mnist', trainSize: 10_000 },
    model: { kind: 'cnn', filters: [8, 16], dense: 64 },
    training: { epochs: 10, batchSize: 64, learningRate: 1e-3, checkpointEvery: 500 },
    alpha: 0.2,
  },
  'blobs-mlp': {
    id: 'blobs-mlp',
    label: '2-D blobs · wide MLP, over-trained',
    dataset: { id: 'blobs', trainSize: 400 },
    model: { kind: 'mlp', hidden: [256, 256] },
    training: { epochs: 300, batchSize: 32, learningRate: 1e-3, checkpointEvery: 500 },
    alpha: 0.2,
  },
};

export const DEFAULT_PRESET: PresetId = 'fmnist-mlp';
