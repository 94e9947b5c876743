import { useMemo, useState } from 'react';
import { usePairView } from '../state/chartInputs';
import { usePairIntervals } from '../state/intervals/usePairIntervals';
import { pairFacts } from '../chartData/words/pairFacts';
import { introWords } from '../chartData/words/introWords';
import { Prose } from '../charts/kit/Prose';

/**
 * "How to use this page" in one line, so chart 1 stays on the first screen; "More" opens the three
 * steps, whose second says what chart 1 shows now.
 */
export function Intro() {
  const pair = usePairView();
  // AURC directions follow the pair's paired-bootstrap interval once it is in (science.md §3.9).
  const intervals = usePairIntervals(pair);
  const now = useMemo(() => introWords(pairFacts(pair, { intervals })), [pair, intervals]);
  const [open, setOpen] = useState(false);
  return (
    <section className="intro" aria-label="How to use this page">
      <p className="intro-line">
        <strong>How to use it:</strong> press <strong>Train live</strong>, watch chart 1 at low coverage, then
        move <strong>α</strong> or toggle <strong>logit normalisation</strong>.{' '}
        <button
          type="button"
          className="linklike"
          aria-expanded={open}
          aria-controls="intro-steps"
          onClick={() => setOpen(!open)}
        >
          {open ? 'Less' : 'More'}
        </button>{' '}
        · Every formula is in the{' '}
        <a href="science.html" target="_blank" rel="noopener">
          science notes
        </a>
        .
      </p>
      <ol id="intro-steps" className="panel" hidden={!open}>
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
          logits repairs the ranking, without retraining. Every formula the page computes is in the{' '}
          <a href="science.html" target="_blank" rel="noopener">
            science notes
          </a>
          .
        </li>
      </ol>
    </section>
  );
}
