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

/** Longest piece of a file's content a message quotes whole. */
export const QUOTE_MAX = 40;

/**
 * A value from a file, as a message quotes it: whole up to `max` characters, else its first
 * characters, "…" and its full length ("'aaaa…' (5,000 characters)"), so that one bad field of a
 * CSV cannot flood the message. Counts code points, so a cut never splits a character.
 */
export function quote(value: string, max = QUOTE_MAX): string {
  const chars = Array.from(value);
  if (chars.length <= max) return `'${value}'`;
  return `'${chars.slice(0, max - 1).join('')}…' (${chars.length.toLocaleString('en')} characters)`;
}
