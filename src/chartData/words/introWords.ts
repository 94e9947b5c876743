/** The intro's one computed sentence: what chart 1 shows for the pair on screen right now. */
import type { PairFacts } from './pairFacts';
import { pctText } from './numbers';
import { aurcText } from './numbers';
import { byVerdict } from './noise';

export function introWords(f: PairFacts): string {
  const { ce, ls, cmp } = f;
  if (!ce || !ls || !cmp) return 'Once a CE/LS pair is trained, this line says what chart 1 shows for it.';
  const low = byVerdict(
    cmp.lowMsp.verdict,
    'makes more mistakes than CE among its most confident predictions',
    'makes fewer mistakes than CE among its most confident predictions',
    'makes about as many mistakes as CE among its most confident predictions',
  );
  const rank = byVerdict(
    cmp.msp.verdict,
    'ranks worse overall',
    'ranks better overall',
    'ranks about as well overall',
  );
  const acc = byVerdict(cmp.error.verdict, 'is less accurate', 'is more accurate', 'is about as accurate');
  const prefix = f.preview
    ? 'Right now (a rough preview of models still training)'
    : 'For the pair on screen now';
  return `${prefix}, ${ls.name} ${low} (${pctText(cmp.lowMsp.a, 2)} against ${pctText(cmp.lowMsp.b, 2)} between 5% and 30% coverage), ${rank} (AURC ${aurcText(cmp.msp.a)} against ${aurcText(cmp.msp.b)}) and ${acc} (${pctText(ls.error, 2)} against ${pctText(ce.error, 2)} error).`;
}
