import type { PSearchResult } from '../analysis/pSearch';
import type { SampleScores } from '../analysis/sampleScores';

export type ImportFormat = 'npy' | 'npz' | 'csv' | 'json';

/** One loaded model: the per-sample scores of its samples (and of its validation split, if the file has one). */
export interface LoadedModelData {
  /** Display name: the file it came from (for a results file, the file and the run). */
  name: string;
  /** The files it was read from. */
  files: string[];
  format: ImportFormat;
  test: SampleScores;
  val: SampleScores | null;
  /** α recorded in the file (results JSON) or stated by its name (alphaName.ts), when known. */
  alpha: number | null;
  /**
   * The validation p search (science.md §4), done where the file was read so that the page need not:
   * on the file's validation split, or else on the held-out half of the samples (holdout.ts);
   * centred and uncentred. Null when there are too few samples to hold any out.
   */
  pSearch: { on: 'val' | 'holdout'; centred: PSearchResult; raw: PSearchResult } | null;
}

export interface LoadProgress {
  /** Bytes of the selected files read so far, and in all. */
  done: number;
  total: number;
}
