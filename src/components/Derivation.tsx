/**
 * "The derivation" (science.md §2) in the Why section: a fold that loads KaTeX and typesets the
 * steps the first time it is opened (DerivationMath.tsx, a separate chunk), and keeps them after.
 */
import { lazy, Suspense, useState } from 'react';

const DerivationMath = lazy(() => import('./DerivationMath'));

export function Derivation({ alpha, k }: { alpha: number; k: number }) {
  const [opened, setOpened] = useState(false);
  return (
    <section className="derivation" aria-labelledby="derivation-title" data-testid="derivation">
      <details onToggle={(e) => e.currentTarget.open && setOpened(true)}>
        <summary id="derivation-title">The derivation: where the LS term on the max logit comes from</summary>
        <p className="hint">
          Step by step, as in the <a href="science.html#2-logit-level-gradients">science notes §2</a>.
        </p>
        {opened ? (
          <Suspense fallback={<p className="hint">Typesetting the formulas…</p>}>
            <DerivationMath alpha={alpha} k={k} />
          </Suspense>
        ) : null}
      </details>
    </section>
  );
}
