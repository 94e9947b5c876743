/**
 * The data layer's public face: dataset specs, loading, summaries. Browser-safe: the Node-only
 * fileByteSource lives in ./nodeByteSource and is deliberately not re-exported here.
 */
import type { ByteSource } from './byteSource';
import { loadFashionMnist, type FashionMnistProgress } from './fashionMnist';
import { validateDatasetSpec, type DatasetSpec } from './spec';
import { makeSynthetic } from './synthetic';
import type { Dataset } from './types';

export type { Dataset, DatasetId, Split } from './types';
export { createRng, type Rng } from './rng';
export { ByteSourceError, httpByteSource, type ByteProgress, type ByteSource } from './byteSource';
export {
  FASHION_MNIST_CLASS_NAMES,
  balancedPrefix,
  loadFashionMnist,
  loadFashionMnistRaw,
  type FashionMnistProgress,
  type FashionMnistRaw,
  type LoadFashionMnistOptions,
} from './fashionMnist';
export {
  DEFAULT_BLOBS_SPEC,
  DEFAULT_MOONS_SPEC,
  DEFAULT_SPIRALS_SPEC,
  DEFAULT_SYNTHETIC_SPECS,
  SYNTHETIC_IDS,
  SYNTHETIC_LIMITS,
  blobCentres,
  makeSynthetic,
  neighbourDistance,
  validateSyntheticSpec,
  type SyntheticId,
  type SyntheticSpec,
} from './synthetic';
export {
  FASHION_MNIST_TRAIN_MAX,
  FASHION_MNIST_TRAIN_MIN,
  datasetSpecKey,
  validateDatasetSpec,
  type DatasetSpec,
  type FashionMnistSpec,
} from './spec';

/**
 * Loads (Fashion-MNIST, through `source`) or generates (synthetic; `source` unused) the dataset a
 * spec describes. The spec is validated first, so a bad spec rejects with validateDatasetSpec's message.
 */
export async function loadDataset(
  spec: DatasetSpec,
  source: ByteSource,
  onProgress?: (p: FashionMnistProgress) => void,
): Promise<Dataset> {
  const clean = validateDatasetSpec(spec);
  if (clean.id === 'fashion-mnist')
    return loadFashionMnist(source, { trainSize: clean.trainSize, onProgress });
  return makeSynthetic(clean);
}
