import { useMemo } from 'react';
import { usePairView } from '../state/chartInputs';
import { pairFacts } from '../chartData/words/pairFacts';
import { introWords } from '../chartData/words/introWords';
import { Prose } from '../charts/kit/Prose';

/** The three-step "how to use this page" for a first-time visitor; step 2 says what chart 1 shows now. */
export function Intro() {
  const pair = usePairView();
  const now = useMemo(() => introWords(pairFacts(pair)), [pair]);
  return (
    <section className="panel intro" aria-label="How to use this page">
      <ol>
        <li>
          Press <strong>Train live</strong>. Two small networks learn the same task from the same starting
          weights and the same batches: one with plain cross-entropy (<span className="ce">CE, blue</span>),
          one with label smoothing (<span className="ls">LS, orange</span>). The charts update while they
          train.
        </li>
        <li>
          Watch chart 1: at low coverage — keeping only the predictions each model is most sure of — does the
          LS model make more mistakes than CE? In the paper it does, even where its overall accuracy is as
          good or better.
          <Prose name="intro" paragraphs={[now]} />
        </li>
        <li>
          Move the <strong>Label smoothing α</strong> slider to compare strengths (an untrained α trains on
          the spot), and toggle <strong>logit normalisation</strong> to see whether ranking by normalised
          logits repairs the ranking, without retraining.
        </li>
      </ol>
    </section>
  );
}
