/** Plain-data descriptions of what to train and what training reports. No tensors cross this line. */

export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';

export type ModelSpec =
  { kind: 'mlp'; hidden: number[] } | { kind: 'cnn'; filters: [number, number]; dense: number };

export interface TrainSettings {
  /** Every α of the bank; models differ in nothing else. 0 is plain cross-entropy. */
  alphas: number[];
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Evaluate (val + test logits) every this many optimisation steps, and at the end. */
  checkpointEvery: number;
}

/** One model's state at a checkpoint: everything the analysis side needs, as plain arrays. */
export interface ModelCheckpoint {
  alpha: number;
  seed: number;
  /** Mean training loss (the LS loss this model trains with) and accuracy since the last checkpoint. */
  trainLoss: number;
  trainAcc: number;
  /** n_val × K and n_test × K, row-major, split order. */
  valLogits: Float32Array;
  testLogits: Float32Array;
  /** True once a non-finite loss or logit was seen; its logits are then not to be analysed. */
  diverged: boolean;
  /**
   * A live preview taken while training continues: the logits cover only the first rows of each
   * split (valLogits.length / K ≤ n_val, same for test), so plots refresh often; the final
   * checkpoint (and one taken on pause or after Step) covers every sample. Absent: full.
   */
  preview?: boolean;
  /** For 2-D data: logits on the engine's decision grid (DatasetLoaded.grid), nx·ny × K. */
  gridLogits?: Float32Array;
}

export interface BankCheckpoint {
  step: number;
  totalSteps: number;
  epoch: number;
  numClasses: number;
  /**
   * The rows of each split the logits cover (all of them, or the first rows of a live preview), so
   * the page never has to guess it from array lengths.
   */
  rows: { val: number; test: number };
  models: ModelCheckpoint[];
}

/** A bank checkpoint as the engine reports it, stamped with the data it is for. */
export interface EngineCheckpoint extends BankCheckpoint {
  /** datasetSpecKey of the data the bank trains on: the page analyses only checkpoints of its own. */
  datasetKey: string;
}

export interface DatasetMeta {
  id: string;
  name: string;
  numClasses: number;
  classNames: string[];
  sampleShape: number[];
  featureSize: number;
  nTrain: number;
  nVal: number;
  nTest: number;
  settings: Record<string, number | string | boolean>;
}

/** A split's inputs and labels, sent for low-dimensional (≤ 3 features) data so the page can plot them. */
export interface SplitData {
  n: number;
  x: Float32Array;
  y: Int32Array;
}
