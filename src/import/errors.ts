/**
 * A file that cannot be loaded: the message names the file and the problem, e.g.
 * "labels.npy: label 10 of sample 3 is out of range for 10 classes (expected 0–9)". A load with any
 * such error loads nothing (load.ts).
 */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
