/** Command-line parsing for the headless runner: every option validated, with a clear message. */
import { PRESETS, DEFAULT_PRESET, type PresetId } from '../model/presets';
import type { ModelSpec } from '../model/training';

export interface ExperimentOptions {
  preset: PresetId;
  dataset: 'fashion-mnist' | 'blobs' | 'moons' | 'spirals';
  model: ModelSpec;
  alphas: number[];
  seeds: number[];
  epochs: number;
  trainSize: number;
  batchSize: number;
  learningRate: number;
  backend: 'wasm' | 'cpu';
  centred: boolean;
  out: string | null;
  saveLogits: boolean;
  /** Write a bank file (every model's logits and training history) for the app to open. */
  bank: string | null;
  dataDir: string;
  quiet: boolean;
  /** Paired-bootstrap draws for the AURC intervals (0 = none). */
  bootstrap: number;
}

export const USAGE = `usage: npm run experiment -- [options]

  --preset ID          ${Object.keys(PRESETS).join(' | ')} (default ${DEFAULT_PRESET}); the options below override it
  --dataset ID         fashion-mnist | blobs | moons | spirals
  --model SPEC         mlp | mlp:256 | mlp:256,128 | cnn | cnn:8,16,64
  --alphas LIST        comma-separated α values, e.g. 0,0.1,0.2,0.3 (0 = cross-entropy; must include 0 to compare)
  --seeds LIST         comma-separated seeds, e.g. 0,1,2
  --epochs N
  --train-size N       training samples (class-balanced prefix for Fashion-MNIST)
  --batch-size N
  --lr X               Adam learning rate
  --backend NAME       wasm (default) | cpu
  --no-centre          MaxLogit-pNorm without centring the logits
  --out FILE           write results JSON (config, per-run metrics)
  --save-logits        include test labels and logits of every run in --out
  --bank FILE          write a bank file (logits + training history of every model) the app can load
  --data-dir DIR       where the Fashion-MNIST files are (default public/data/fashion-mnist)
  --bootstrap B        paired-bootstrap draws for 95% AURC intervals (default 1000, seeded; 0 = none)
  --quiet              no progress lines
  --help`;

function parseList(name: string, raw: string): number[] {
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) {
    throw new Error(`--${name} expects comma-separated numbers, got "${raw}"`);
  }
  return values;
}

function parsePositiveInt(name: string, raw: string, max: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new Error(`--${name} must be an integer in [1, ${max}], got "${raw}"`);
  return v;
}

export function parseModel(raw: string): ModelSpec {
  const [kind, rest] = raw.split(':');
  if (kind === 'mlp') {
    const hidden = rest ? parseList('model', rest) : [256];
    if (
      hidden.length < 1 ||
      hidden.length > 3 ||
      hidden.some((h) => !Number.isInteger(h) || h < 16 || h > 512)
    ) {
      throw new Error(`--model mlp takes 1–3 hidden layers of 16–512 units, got "${raw}"`);
    }
    return { kind: 'mlp', hidden };
  }
  if (kind === 'cnn') {
    const [f1, f2, dense] = rest ? parseList('model', rest) : [8, 16, 64];
    for (const v of [f1, f2, dense]) {
      if (!Number.isInteger(v) || v < 1 || v > 256)
        throw new Error(`--model cnn:F1,F2,DENSE expects integers in [1, 256], got "${raw}"`);
    }
    return { kind: 'cnn', filters: [f1, f2], dense };
  }
  throw new Error(`--model must be mlp[:H1,H2,...] or cnn[:F1,F2,DENSE], got "${raw}"`);
}

export function parseArgs(argv: string[]): ExperimentOptions | 'help' {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"\n\n${USAGE}`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), true);
  }
  const known = new Set([
    'preset',
    'dataset',
    'model',
    'alphas',
    'seeds',
    'epochs',
    'train-size',
    'batch-size',
    'lr',
    'backend',
    'no-centre',
    'out',
    'save-logits',
    'bank',
    'data-dir',
    'quiet',
    'bootstrap',
    'help',
  ]);
  for (const k of flags.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}\n\n${USAGE}`);
  if (flags.has('help')) return 'help';
  const str = (k: string): string | undefined => {
    const v = flags.get(k);
    if (v === true) throw new Error(`--${k} needs a value`);
    return v;
  };

  const presetId = (str('preset') ?? DEFAULT_PRESET) as PresetId;
  const preset = PRESETS[presetId];
  if (!preset)
    throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${presetId}"`);

  const dataset = (str('dataset') ?? preset.dataset.id) as ExperimentOptions['dataset'];
  if (!['fashion-mnist', 'blobs', 'moons', 'spirals'].includes(dataset))
    throw new Error(`--dataset: unknown "${dataset}"`);
  const model = str('model') ? parseModel(str('model')!) : preset.model;
  if (model.kind === 'cnn' && dataset !== 'fashion-mnist')
    throw new Error('--model cnn needs --dataset fashion-mnist');
  const alphas = str('alphas') ? parseList('alphas', str('alphas')!) : [0, preset.alpha];
  for (const a of alphas)
    if (a < -0.5 || a > 0.6) throw new Error(`--alphas: α must lie in [-0.5, 0.6], got ${a}`);
  const seeds = str('seeds') ? parseList('seeds', str('seeds')!) : [0];
  for (const s of seeds)
    if (!Number.isInteger(s) || s < 0) throw new Error(`--seeds: seeds are non-negative integers, got ${s}`);
  const backend = (str('backend') ?? 'wasm') as ExperimentOptions['backend'];
  if (backend !== 'wasm' && backend !== 'cpu')
    throw new Error(`--backend must be wasm or cpu, got "${backend}"`);
  const lr = str('lr') !== undefined ? Number(str('lr')) : preset.training.learningRate;
  if (!(lr > 0 && lr < 10)) throw new Error(`--lr must be in (0, 10), got "${str('lr')}"`);

  return {
    preset: presetId,
    dataset,
    model,
    alphas,
    seeds,
    epochs: str('epochs') ? parsePositiveInt('epochs', str('epochs')!, 10_000) : preset.training.epochs,
    trainSize: str('train-size')
      ? parsePositiveInt('train-size', str('train-size')!, 60_000)
      : preset.dataset.trainSize,
    batchSize: str('batch-size')
      ? parsePositiveInt('batch-size', str('batch-size')!, 4096)
      : preset.training.batchSize,
    learningRate: lr,
    backend,
    centred: !flags.has('no-centre'),
    out: str('out') ?? null,
    saveLogits: flags.has('save-logits'),
    bank: str('bank') ?? null,
    dataDir: str('data-dir') ?? 'public/data/fashion-mnist',
    quiet: flags.has('quiet'),
    bootstrap:
      str('bootstrap') === '0'
        ? 0
        : str('bootstrap')
          ? parsePositiveInt('bootstrap', str('bootstrap')!, 100_000)
          : 1000,
  };
}
