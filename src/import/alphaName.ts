/**
 * The label-smoothing α a file's name states, for loading an α sweep as a set of files. The rule,
 * on the name without its folder and its extension (.npy, .npz, .csv, .json), case-insensitive:
 *
 * 1. A key — `alpha`, `ls`, `smoothing` (so also `label_smoothing`) — that starts the name or follows
 *    a non-letter, then an optional `=`, `_`, `-` or space, then a number (`0.1`, `.1`, `0`), not
 *    followed by a further digit: `resnet_ls0.1_logits`, `ls_0.2`, `alpha=0.3`, `label_smoothing-0.05`.
 *    Every such mention must give the same α, and it must lie in [0, 1): otherwise the name is
 *    ambiguous and the user is asked (null).
 * 2. With no such number: α = 0 when the name has a word `ce` or `baseline` (a word: between
 *    separators `_ - . =` or space, or the ends) and no bare `ls`/`alpha`/`smoothing` word, which
 *    would leave open which model it is.
 * 3. Anything else: unknown (null), the user enters α.
 */
const EXTENSION = /\.(npy|npz|csv|json)$/i;
const KEYED = /(?:^|[^a-z])(?:alpha|ls|smoothing)[=_\- ]?(\d+(?:\.\d+)?|\.\d+)(?![\d])/gi;
const WORD_SPLIT = /[_\-.= ]+/;

export function alphaFromName(fileName: string): number | null {
  const base = (fileName.split(/[\\/]/).pop() ?? '').replace(EXTENSION, '').toLowerCase();
  const values = new Set<number>();
  for (const m of base.matchAll(KEYED)) values.add(Number(m[1]));
  if (values.size > 1) return null;
  if (values.size === 1) {
    const [a] = values;
    return Number.isFinite(a) && a >= 0 && a < 1 ? a : null;
  }
  const words = base.split(WORD_SPLIT);
  const ce = words.some((w) => w === 'ce' || w === 'baseline');
  const ls = words.some((w) => w === 'ls' || w === 'alpha' || w === 'smoothing');
  return ce && !ls ? 0 : null;
}
