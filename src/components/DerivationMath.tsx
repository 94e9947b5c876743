/**
 * The derivation's formulas typeset by KaTeX. This module is loaded only when the reader opens the
 * derivation (Derivation.tsx, a dynamic import), so KaTeX, its CSS and its fonts stay out of the
 * page's first download; Vite bundles all three, so nothing comes from another origin.
 *
 * katex.render builds DOM nodes and sets their styles through the CSSOM, which the page's
 * Content-Security-Policy allows; renderToString's markup would need inline style attributes, which
 * it forbids (and the page never inserts HTML).
 */
import { useLayoutEffect, useRef } from 'react';
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { DERIVATION, KATEX_OPTIONS, lsTermEndsTex } from '../story/derivation';

function Formula({ tex, id }: { tex: string; id: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) katex.render(tex, ref.current, KATEX_OPTIONS);
  }, [tex]);
  return <div ref={ref} className="derivation-formula" data-step={id} />;
}

export default function DerivationMath({ alpha, k }: { alpha: number; k: number }) {
  return (
    <ol className="derivation-steps">
      {DERIVATION.map((step) => (
        <li key={step.id}>
          <p>{step.lead}</p>
          <Formula tex={step.tex} id={step.id} />
          {step.note ? <p>{step.note}</p> : null}
          {step.id === 'meaning' && k >= 2 ? (
            <>
              <p>For the LS model on screen:</p>
              <Formula tex={lsTermEndsTex(alpha, k)} id="numbers" />
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
