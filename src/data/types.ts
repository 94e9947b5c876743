/** Shapes shared by every dataset, real or synthetic. Plain typed arrays: no tensors here. */

export type DatasetId = 'fashion-mnist' | 'blobs' | 'moons' | 'spirals';

/** One split: `n` samples, features row-major in `x` (n × featureSize), integer labels in `y`. */
export interface Split {
  n: number;
  x: Float32Array;
  y: Int32Array;
}

export interface Dataset {
  id: DatasetId;
  /** Human-readable name, e.g. "Fashion-MNIST (subset)". */
  name: string;
  numClasses: number;
  classNames: string[];
  /** Shape of one sample without the batch axis: [784] is flat, [28, 28, 1] an image, [2] a point. */
  sampleShape: number[];
  /** Product of sampleShape. */
  featureSize: number;
  train: Split;
  val: Split;
  test: Split;
  /** Everything that determines the data (seed, sizes, noise…), for provenance in results files. */
  settings: Record<string, number | string | boolean>;
}
