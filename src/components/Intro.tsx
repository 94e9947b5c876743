/** The three-step "how to use this page" for a first-time visitor. */
export function Intro() {
  return (
    <section className="panel intro" aria-label="How to use this page">
      <ol>
        <li>
          Press <strong>Train</strong>. Two small networks learn the same task from the same starting weights
          and the same batches: one with plain cross-entropy (<span className="ce">CE, blue</span>), one with
          label smoothing (<span className="ls">LS, orange</span>). The charts update while they train.
        </li>
        <li>
          Watch chart 1: at low coverage — keeping only the predictions each model is most sure of — the LS
          model makes more mistakes, although its overall accuracy is as good or better.
        </li>
        <li>
          Move the <strong>Label smoothing α</strong> slider to compare strengths (an untrained α trains on
          the spot), and toggle <strong>logit normalisation</strong> to see the damage undone without
          retraining.
        </li>
      </ol>
    </section>
  );
}
