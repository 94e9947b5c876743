/**
 * The guided story: the paper's argument in order (Xia et al., "Understanding why label smoothing
 * degrades selective classification and how to fix it"; SCIENCE.md §1–5). Each step sets the state it
 * talks about — α, logit normalisation, the risk–coverage zoom — and names the chart it points at
 * (the chart's data-chart id).
 */
export interface StoryStep {
  id: string;
  title: string;
  /** Plain text paragraphs: what to look at and what it means. */
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
    ],
  },
  {
    id: 'histograms',
    title: 'Confidence of right and wrong answers overlaps more under LS',
    chart: 'confidence-histograms',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: [
      'Green bars: confidence of correct predictions; vermilion bars: of mistakes. With CE the most confident bins hold almost only correct answers.',
      'With LS the confidences are squeezed below 1 − α + α/K and some mistakes sit among the most confident predictions, so no threshold separates them as cleanly.',
    ],
  },
  {
    id: 'mechanism',
    title: 'Why: LS pushes the max logit down most where the model is likely right',
    chart: 'expected-gradient',
    alsoChart: 'vmax-given-pmax',
    state: { alpha: 0.2, normalise: false, rcZoom: true },
    text: [
      'The expected gradient of the LS loss on the max logit is the CE part plus an LS term α((K−1)/K − P_e), where P_e is the probability that the prediction is wrong (SCIENCE.md §2).',
      'That term is largest when P_e is small: LS suppresses the max logit most on samples that are likely correct, and least — or even raises it — on likely errors. The dots are the same quantity estimated from the trained models; the second chart shows the resulting max logits, lower for correct predictions under LS.',
    ],
  },
  {
    id: 'fix',
    title: 'The fix: logit normalisation, with no retraining',
    chart: 'risk-coverage',
    alsoChart: 'metrics',
    state: { alpha: 0.2, normalise: true, rcZoom: false },
    text: [
      'MaxLogit-pNorm scores a prediction by its centred max logit divided by the p-norm of the centred logits; p is picked on the validation split (or MSP is kept when no p beats it).',
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
      'LS changed the scale of the logits depending on P_e. The p-norm in the denominator is dominated by the max logit, so that extra suppression largely cancels: the score reflects the shape of the logit vector, not its distorted scale.',
      'The normalised histograms separate right from wrong again, and across α the normalised AURC (pink, dashed) stays near the CE level while the MSP AURC climbs. Now move the α slider yourself, or press Train live to watch it happen.',
    ],
  },
];
