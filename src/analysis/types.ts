/**
 * Array shapes shared by the analysis layer. Everything here is plain typed arrays, computed in
 * float64 JavaScript numbers whatever the input precision (science.md §3: "compute all metrics in
 * float64 JavaScript on the logits, not inside tfjs float32 kernels").
 */

/** N×K logits, row-major: sample i's logits are logits[i*K .. i*K+K-1]. Float32Array or Float64Array. */
export type LogitArray = Float32Array | Float64Array | ArrayLike<number>;

/** N integer class labels in [0, K). */
export type LabelArray = Int32Array | ArrayLike<number>;

/** Per-sample 0/1 flags, 1 = misclassified (e_i = 1[ŷ_i ≠ y_i], science.md §3). */
export type ErrorFlags = Uint8Array;

/** Throws unless `logits` holds exactly n rows of k ≥ 1 values. */
export function checkLogitShape(logits: LogitArray, n: number, k: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (logits.length !== n * k) {
    throw new RangeError(`logits has length ${logits.length}, expected n*k = ${n}*${k} = ${n * k}`);
  }
}

/** Throws unless `labels` holds n integers in [0, k). */
export function checkLabels(labels: LabelArray, n: number, k: number): void {
  if (labels.length !== n) throw new RangeError(`labels has length ${labels.length}, expected ${n}`);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!(y >= 0 && y < k && Number.isInteger(y))) {
      throw new RangeError(`label ${i} is ${y}, expected an integer in [0, ${k})`);
    }
  }
}

/** Throws unless two per-sample arrays have the same length. */
export function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: lengths differ (${a.length} vs ${b.length})`);
}
