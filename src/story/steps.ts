/**
 * The guided story: the paper's argument in order (Xia et al., "Understanding why label smoothing
 * degrades selective classification and how to fix it"; science.md §1–5). Each step sets the state it
 * talks about — α, logit normalisation, the risk–coverage zoom — and names the chart it points at
 * (the chart's data-chart id). Paragraphs cite the science notes as `[label](science.html#id)` links,
 * which open the section in the page the build publishes (docs/science.md).
 */
export interface StoryStep {
  id: string;
  title: string;
  /** Paragraphs: what to look at and what it means; `[label](href)` marks a link (see storyPieces). */
  text: string[];
  /** data-chart id of the chart this step points at. */
  chart: string;
  /** Presentation mode shows this chart and, if given, a second one. */
  alsoChart?: string;
  state: { alpha?: number; normalise: boolean; rcZoom: boolean };
}

export const STORY: StoryStep[] = [
  {
    id: 'effect',
    title: 'Label smoothing: a little more accurate, worse at knowing when it is wrong',
    chart: 'alpha-sweep',
    alsoChart: 'metrics',
    state: { alpha: 0.2, normalise: false, rcZoom: false },
    text: [
      'Label smoothing (LS) trains on softened targets: 1 − α on the true class and α/K spread over all K classes. α = 0 is ordinary cross-entropy (CE).',
      'Across α, the test error (top panel) stays level or drops a little, but the AURC of the max softmax probability (MSP, solid line below) rises: ranking predictions by confidence works worse. AURC is the average mistake rate when keeping only the most confident predictions, over every such threshold — lower is better.',
      'The loss and the metrics are defined in the [science notes §1](science.html#1-notation) and [§3.3](science.html#33-aurc-the-oracle-and-e-aurc).',
    ],
  },
  {
    id: 'where',
    title: 'Where it happens: among the most confident predictions',
    chart: 'risk-coverage',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: [
      'A risk–coverage curve keeps the fraction (coverage) of test images the model is most sure of and plots the share of mistakes among them (risk).',
      'Zoomed on low coverage: the CE model (blue) makes almost no mistakes on its most confident 5–30%, the LS model (orange) makes clearly more. That is exactly where a system that abstains when unsure relies on confidence most.',
      'How the curve is drawn: [science notes §3.2](science.html#32-the-risk-coverage-curve); what the paper found on ImageNet: [§5.1](science.html#51-the-papers-results).',
    ],
  },
  {
    id: 'histograms',
    title: 'Confidence of right and wrong answers overlaps more under LS',
    chart: 'confidence-histograms',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: [
      'Green bars: confidence of correct predictions; vermilion bars: of mistakes. With CE the most confident bins hold almost only correct answers.',
      'With LS the confidences are squeezed below 1 − α + α/K (the smoothed target, [science notes §1.2](science.html#12-label-smoothing-and-its-loss)) and some mistakes sit among the most confident predictions, so no threshold separates them as cleanly.',
    ],
  },
  {
    id: 'mechanism',
    title: 'Why: LS pushes the max logit down most where the model is likely right',
    chart: 'expected-gradient',
    alsoChart: 'vmax-given-pmax',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: [
      'The expected gradient of the LS loss on the max logit is the CE part plus an LS term α((K−1)/K − P_e), where P_e is the probability that the prediction is wrong ([science notes §2.3](science.html#23-its-expectation-over-the-label)).',
      'That term is largest when P_e is small: LS suppresses the max logit most on samples that are likely correct, and least — or even raises it — on likely errors. The dots are the formula evaluated at each confidence bin’s error rate, on the line by construction ([§2.5](science.html#25-a-binned-estimate-of-the-ls-term-an-illustration-not-evidence)); the test against the CE twin is [§2.6](science.html#26-evidence-that-is-not-circular-each-ls-model-against-its-ce-twin). The second chart shows the resulting max logits, lower for correct predictions under LS.',
    ],
  },
  {
    id: 'fix',
    title: 'The fix: logit normalisation, with no retraining',
    chart: 'risk-coverage',
    alsoChart: 'metrics',
    state: { alpha: 0.2, normalise: true, rcZoom: false },
    text: [
      'MaxLogit-pNorm scores a prediction by its centred max logit divided by the p-norm of the centred logits; p is picked on the validation split (or MSP is kept when no p beats it): [science notes §4.1–4.2](science.html#41-maxlogit-pnorm).',
      'The dashed LS curve drops back to the CE model’s curve: the LS model’s AURC returns to (or below) CE’s, and it keeps its accuracy. On these small models a little of the penalty at the very lowest coverage remains; the metrics table gives the numbers. For the CE model normalisation changes little.',
    ],
  },
  {
    id: 'why-fix',
    title: 'Why normalisation works',
    chart: 'confidence-histograms',
    alsoChart: 'alpha-sweep',
    state: { alpha: 0.2, normalise: true, rcZoom: false },
    text: [
      'LS changed the scale of the logits depending on P_e. The p-norm in the denominator is dominated by the max logit, so that extra suppression largely cancels: the score reflects the shape of the logit vector, not its distorted scale ([science notes §4.4](science.html#44-why-it-works)).',
      'The normalised histograms separate right from wrong again, and across α the normalised AURC (pink, dashed) stays near the CE level while the MSP AURC climbs. Now move the α slider yourself, or press Train live to watch it happen.',
    ],
  },
];

/** A piece of a step paragraph: plain text, or a link when href is set. */
export interface StoryPiece {
  text: string;
  href?: string;
}

const LINK = /\[([^\]]+)\]\(([^)\s]+)\)/g;

/** A step paragraph split into text and `[label](href)` links, in order. */
export function storyPieces(paragraph: string): StoryPiece[] {
  const out: StoryPiece[] = [];
  let at = 0;
  for (const m of paragraph.matchAll(LINK)) {
    if (m.index > at) out.push({ text: paragraph.slice(at, m.index) });
    out.push({ text: m[1], href: m[2] });
    at = m.index + m[0].length;
  }
  if (at < paragraph.length) out.push({ text: paragraph.slice(at) });
  return out;
}
