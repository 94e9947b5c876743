/**
 * SVG snapshots of the charts: each chart rendered to static markup in Node (react-dom/server, so
 * at its reference width), its drawn <svg>s cut out and normalised so that the files only change
 * when the drawing does: numbers rounded to 3 decimals (as Observable Plot's tests do), React's
 * useId values replaced by stable ids in order of appearance, one element per line.
 */
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

/** Numbers with more than 3 decimals → 3 decimals ("-0" → "0"); shorter ones are left as written. */
function roundNumbers(s: string): string {
  return s.replace(/-?\d+\.\d{4,}(?:e[-+]?\d+)?/gi, (m) => {
    const v = Math.round(Number(m) * 1000) / 1000;
    return String(Object.is(v, -0) ? 0 : v);
  });
}

/** Every id="…" value (and its url(#…) / aria references) → id-0, id-1, … in order of appearance. */
function stableIds(s: string): string {
  const ids = [...s.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  let out = s;
  ids.forEach((id, i) => {
    out = out.split(`"${id}"`).join(`"id-${i}"`).split(`#${id})`).join(`#id-${i})`);
  });
  return out;
}

/** The top-level <svg> elements of the markup (nested ones stay inside their parent). */
function topLevelSvgs(html: string): string[] {
  const out: string[] = [];
  const re = /<svg[\s>]|<\/svg>/g;
  let depth = 0;
  let start = -1;
  for (const m of html.matchAll(re)) {
    if (m[0] === '</svg>') {
      depth--;
      if (depth === 0) out.push(html.slice(start, m.index + 6));
    } else {
      if (depth === 0) start = m.index;
      depth++;
    }
  }
  return out;
}

export function normaliseSvg(svg: string): string {
  const withNs = svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  // One element per line (closing tags stay on their element's line): readable diffs.
  return stableIds(roundNumbers(withNs)).replace(/>(<(?!\/))/g, '>\n$1') + '\n';
}

/** The chart's drawing: its <svg>s, normalised; empty when it drew none (its empty state). */
export function chartSvgs(element: ReactElement): string[] {
  return topLevelSvgs(renderToStaticMarkup(element)).map(normaliseSvg);
}
