/** The intro's one computed sentence: what chart 1 shows for the pair on screen right now. */
import type { PairFacts } from './pairFacts';
import { pctText } from './numbers';
import { aurcText } from './numbers';

export function introWords(f: PairFacts): string {
  const { ce, ls, cmp } = f;
  if (!ce || !ls || !cmp) return 'Once a CE/LS pair is trained, this line says what chart 1 shows for it.';
  const low =
    cmp.lowMsp.verdict === 'higher'
      ? 'makes more mistakes than CE among its most confident predictions'
      : cmp.lowMsp.verdict === 'lower'
        ? 'makes fewer mistakes than CE among its most confident predictions'
        : 'makes about as many mistakes as CE among its most confident predictions';
  const rank =
    cmp.msp.verdict === 'higher'
      ? 'ranks worse overall'
      : cmp.msp.verdict === 'lower'
        ? 'ranks better overall'
        : 'ranks about as well overall';
  const acc =
    cmp.error.verdict === 'lower'
      ? 'is more accurate'
      : cmp.error.verdict === 'higher'
        ? 'is less accurate'
        : 'is about as accurate';
  const prefix = f.preview
    ? 'Right now (a rough preview of models still training)'
    : 'For the pair on screen now';
  return `${prefix}, ${ls.name} ${low} (${pctText(cmp.lowMsp.a, 2)} against ${pctText(cmp.lowMsp.b, 2)} between 5% and 30% coverage), ${rank} (AURC ${aurcText(cmp.msp.a)} against ${aurcText(cmp.msp.b)}) and ${acc} (${pctText(ls.error, 2)} against ${pctText(ce.error, 2)} error).`;
}
