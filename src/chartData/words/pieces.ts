/**
 * The light markup of the page's explanatory paragraphs: `[label](href)` for a link (the science
 * notes, `science.html#anchor`) and `*words*` for emphasis. Paragraphs are plain strings, so the
 * sentence builders stay pure and testable, and one renderer (charts/kit/Prose.tsx) draws them.
 */

/** A piece of a paragraph: plain text, a link when href is set, or emphasised text. */
export interface WordPiece {
  text: string;
  href?: string;
  em?: boolean;
}

const MARK = /\[([^\]]+)\]\(([^)\s]+)\)|\*([^*]+)\*/g;

/** A paragraph split into text, `[label](href)` links and `*emphasis*`, in order. */
export function wordPieces(paragraph: string): WordPiece[] {
  const out: WordPiece[] = [];
  let at = 0;
  for (const m of paragraph.matchAll(MARK)) {
    if (m.index > at) out.push({ text: paragraph.slice(at, m.index) });
    if (m[1] !== undefined) out.push({ text: m[1], href: m[2] });
    else out.push({ text: m[3], em: true });
    at = m.index + m[0].length;
  }
  if (at < paragraph.length) out.push({ text: paragraph.slice(at) });
  return out;
}

/** The paragraph as a reader sees it: markup removed. */
export function plainText(paragraph: string): string {
  return wordPieces(paragraph)
    .map((p) => p.text)
    .join('');
}

/** The science notes' sections the words link to (anchors of docs/science.md headings). */
export const NOTES = {
  notation: 'science.html#1-notation',
  lsLoss: 'science.html#12-label-smoothing-and-its-loss',
  expectation: 'science.html#23-its-expectation-over-the-label',
  binned: 'science.html#25-a-binned-estimate-of-the-ls-term-an-illustration-not-evidence',
  twin: 'science.html#26-evidence-that-is-not-circular-each-ls-model-against-its-ce-twin',
  rcCurve: 'science.html#32-the-risk-coverage-curve',
  aurc: 'science.html#33-aurc-the-oracle-and-e-aurc',
  auroc: 'science.html#36-auroc-of-misclassification-detection',
  noise: 'science.html#39-uncertainty-of-a-comparison',
  pNorm: 'science.html#41-maxlogit-pnorm',
  whyItWorks: 'science.html#44-why-it-works',
  onCe: 'science.html#45-what-it-does-to-ce',
  paper: 'science.html#51-the-papers-results',
  small: 'science.html#52-small-models-in-the-browser',
  points: 'science.html#53-two-dimensional-toy-data',
} as const;

/** `[label](href)` for a science-notes section. */
export function link(label: string, section: keyof typeof NOTES): string {
  return `[${label}](${NOTES[section]})`;
}
