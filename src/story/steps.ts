/**
 * The guided story: the paper's argument in order (Xia et al., "Understanding why label smoothing
 * degrades selective classification and how to fix it"; science.md §1–5). Each step sets the state it
 * talks about — α, logit normalisation, the risk–coverage zoom — and names the chart it points at
 * (the chart's data-chart id). Its title and paragraphs are functions of the facts of the pair on
 * screen (chartData/words): a step says what these numbers show, and says so when they do not show
 * the paper's effect. Paragraphs cite the science notes as `[label](science.html#id)` links, which
 * open the section in the page the build publishes (docs/science.md).
 */
import type { StoryFacts } from '../chartData/words/storyFacts';
import * as say from '../chartData/words/storyWords';
import * as why from '../chartData/words/storyWhyWords';
import { wordPieces, type WordPiece } from '../chartData/words/pieces';

export type { StoryFacts } from '../chartData/words/storyFacts';

export interface StoryStep {
  id: string;
  /** The step's heading; it makes a claim only when the facts back it. */
  title: (f: StoryFacts) => string;
  /** Paragraphs: what to look at and what it means; `[label](href)` marks a link (see storyPieces). */
  text: (f: StoryFacts) => string[];
  /** data-chart id of the chart this step points at. */
  chart: string;
  /** Presentation mode shows this chart and, if given, a second one. */
  alsoChart?: string;
  state: { alpha?: number; normalise: boolean; rcZoom: boolean };
}

const fixed = (s: string) => () => s;

export const STORY: StoryStep[] = [
  {
    id: 'effect',
    title: say.effectTitle,
    chart: 'alpha-sweep',
    alsoChart: 'metrics',
    state: { alpha: 0.2, normalise: false, rcZoom: false },
    text: (f) => [
      'Label smoothing (LS) trains on softened targets: 1 − α on the true class and α/K spread over all K classes. α = 0 is ordinary cross-entropy (CE). The AURC of a confidence score is the average mistake rate when keeping only the most confident predictions, over every such threshold — lower is better; MSP (the max softmax probability) is the usual score.',
      say.effectText(f),
      'The loss and the metrics are defined in the [science notes §1](science.html#1-notation) and [§3.3](science.html#33-aurc-the-oracle-and-e-aurc); how large a difference must be to count, in [§3.9](science.html#39-uncertainty-of-a-comparison).',
    ],
  },
  {
    id: 'where',
    title: say.whereTitle,
    chart: 'risk-coverage',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: (f) => [
      'A risk–coverage curve keeps the fraction (coverage) of test images the model is most sure of and plots the share of mistakes among them (risk). CE is blue, LS orange.',
      say.whereText(f),
      'How the curve is drawn: [science notes §3.2](science.html#32-the-risk-coverage-curve); what the paper found on ImageNet: [§5.1](science.html#51-the-papers-results).',
    ],
  },
  {
    id: 'histograms',
    title: say.histogramsTitle,
    chart: 'confidence-histograms',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: (f) => [
      'Green bars: confidence of correct predictions; vermilion bars: of mistakes. A score that separates them well has the vermilion bars to the left of the green ones. The smoothed target of LS is explained in [science notes §1.2](science.html#12-label-smoothing-and-its-loss).',
      say.histogramsText(f),
    ],
  },
  {
    id: 'mechanism',
    // The claim is about the loss's gradient (a formula), not about the data on screen.
    title: fixed(
      'Why, in theory: the LS term pushes the max logit down most where the model is likely right',
    ),
    chart: 'expected-gradient',
    alsoChart: 'worked-example',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: (f) => [
      'The expected gradient of the LS loss on the max logit is the CE part plus an LS term α((K−1)/K − P_e), where P_e is the probability that the prediction is wrong ([science notes §2.3](science.html#23-its-expectation-over-the-label); the derivation is typeset under the charts of this section).',
      'That term is largest when P_e is small: gradient descent on LS pushes the max logit down most on samples that are likely correct, and least — or even up — on likely errors. The dots on this chart are the formula evaluated at each confidence bin’s error rate, so they lie on the line by construction ([§2.5](science.html#25-a-binned-estimate-of-the-ls-term-an-illustration-not-evidence)): an illustration, not evidence. The worked example runs two real test samples through the gradient.',
      say.mechanismText(f),
    ],
  },
  {
    id: 'twin',
    title: why.twinTitle,
    chart: 'shrink-by-confidence',
    alsoChart: 'rank-rank',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: (f) => [
      'The evidence that is not circular: the CE and LS models start from the same weights and see the same batches, so each test sample can be held against itself, and the CE model’s confidence estimates how likely a prediction is to be right without the LS model’s help ([science notes §2.6](science.html#26-evidence-that-is-not-circular-each-ls-model-against-its-ce-twin)).',
      ...why.twinText(f),
    ],
  },
  {
    id: 'fix',
    title: say.fixTitle,
    chart: 'risk-coverage',
    alsoChart: 'metrics',
    state: { alpha: 0.2, normalise: true, rcZoom: false },
    text: (f) => [
      'MaxLogit-pNorm scores a prediction by its centred max logit divided by the p-norm of the centred logits; p is picked on the validation split (or MSP is kept when no p beats it): [science notes §4.1–4.2](science.html#41-maxlogit-pnorm). The dashed curves rank by it.',
      say.fixText(f),
    ],
  },
  {
    id: 'why-fix',
    title: why.whyFixTitle,
    chart: 'scale-invariance',
    alsoChart: 'rank-agreement',
    state: { alpha: 0.2, normalise: true, rcZoom: false },
    text: (f) => [
      'The idea: LS changes the scale of the logits depending on P_e. Dividing the centred max logit by the p-norm of the centred logits removes the scale: a sample whose logits are all multiplied by r keeps its score, so the score reflects the shape of the logit vector rather than its distorted size — exactly so if LS only rescaled each sample’s logits, approximately in practice ([science notes §4.4](science.html#44-why-it-works)).',
      ...why.whyFixText(f),
    ],
  },
  {
    id: 'ce',
    title: why.ceTitle,
    chart: 'p-effect',
    alsoChart: 'alpha-sweep',
    state: { alpha: 0.2, normalise: true, rcZoom: false },
    text: (f) => [
      'Normalisation is not a free improvement for every model: forcing it on a model whose confidence was not distorted can make its ranking worse, which is why p is searched on the validation split and MSP is kept when no p beats it ([science notes §4.5](science.html#45-what-it-does-to-ce)).',
      ...why.ceText(f),
    ],
  },
];

/** A piece of a step paragraph: plain text, a link when href is set, emphasis when em is set. */
export type StoryPiece = WordPiece;

/** A step paragraph split into text and `[label](href)` links (and `*emphasis*`), in order. */
export function storyPieces(paragraph: string): StoryPiece[] {
  return wordPieces(paragraph);
}
