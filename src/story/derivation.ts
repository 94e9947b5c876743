/**
 * The derivation of science.md §2 as the page typesets it: each step a sentence of prose and one
 * displayed formula in TeX. Data only: components/DerivationMath.tsx renders the TeX with KaTeX
 * (loaded only when the reader opens the derivation), test/story/derivation.test.ts checks that
 * every formula renders without a KaTeX error.
 */

/**
 * How every formula is rendered (the page and the unit test alike): display mode; a TeX error shows
 * the source in red instead of throwing; HTML for the eye plus MathML for screen readers.
 */
export const KATEX_OPTIONS = { displayMode: true, throwOnError: false, output: 'htmlAndMathml' } as const;

export interface DerivationStep {
  id: string;
  /** What the step does, in words (plain text, shown before the formula). */
  lead: string;
  /** The step's formula, TeX for KaTeX's display mode. */
  tex: string;
  /** What the formula says (plain text, shown after it); optional. */
  note?: string;
}

export const DERIVATION: readonly DerivationStep[] = [
  {
    id: 'loss',
    lead:
      'Label smoothing trains against a softened target: the one-hot label y keeps weight 1 − α and ' +
      'α is spread evenly over all K classes. The loss is the cross-entropy of the softmax against it.',
    tex:
      String.raw`\tilde y_k = (1-\alpha)\,y_k + \frac{\alpha}{K}, \qquad ` +
      String.raw`L_{\mathrm{LS}}(v) = -\sum_{k=1}^{K} \tilde y_k \log \pi_k, \qquad ` +
      String.raw`\pi_k = \frac{e^{v_k}}{\sum_{j} e^{v_j}}`,
    note: 'At α = 0 this is the ordinary cross-entropy loss.',
  },
  {
    id: 'gradient',
    lead:
      'Since ∂ log π_j / ∂v_k = 1[j = k] − π_k and the target sums to one, the gradient with respect ' +
      'to each logit is the softmax minus the target. Splitting the target shows what smoothing adds.',
    tex:
      String.raw`\frac{\partial L_{\mathrm{LS}}}{\partial v_k} = \pi_k - (1-\alpha)\,y_k - \frac{\alpha}{K} = ` +
      String.raw`\underbrace{(\pi_k - y_k)}_{\text{CE part}} + ` +
      String.raw`\underbrace{\alpha\Big(y_k - \frac{1}{K}\Big)}_{\text{LS extra term}}`,
    note:
      'The CE part is the cross-entropy gradient; the LS extra term does not depend on the logits at ' +
      'all: it pushes the true class down by α(1 − 1/K) and every other class up by α/K.',
  },
  {
    id: 'max-logit',
    lead:
      'Take the logit of the predicted class, k = ŷ (the largest, v_max), and write c = 1[y = ŷ] for ' +
      'whether the prediction is right: y_ŷ = c.',
    tex:
      String.raw`\frac{\partial L_{\mathrm{LS}}}{\partial v_{\max}} = \pi_{\max} - (1-\alpha)\,c - \frac{\alpha}{K} = ` +
      String.raw`(\pi_{\max} - c) + \alpha\Big(c - \frac{1}{K}\Big), \qquad c = \mathbb{1}[y = \hat y]`,
    note:
      'On a single sample the extra term is α(1 − 1/K) when the prediction is right and −α/K when it ' +
      'is wrong.',
  },
  {
    id: 'expectation',
    lead:
      'The label of an input is uncertain. Average over it given x: with P_e = P(y ≠ ŷ | x) the ' +
      'probability that the prediction is wrong, E[c | x] = 1 − P_e, and the gradient is linear in c.',
    tex:
      String.raw`\mathbb{E}\Big[\frac{\partial L_{\mathrm{LS}}}{\partial v_{\max}} \,\Big|\, x\Big] = ` +
      String.raw`\underbrace{\big[\pi_{\max} - (1 - P_e)\big]}_{\text{CE part}} + ` +
      String.raw`\underbrace{\alpha\Big[\frac{K-1}{K} - P_e\Big]}_{\text{LS term}}`,
  },
  {
    id: 'meaning',
    lead:
      'The CE part vanishes when the model is calibrated, π_max = 1 − P_e: cross-entropy then leaves ' +
      'v_max alone on average. The LS term is a straight line in P_e with slope −α:',
    tex:
      String.raw`\alpha\Big[\frac{K-1}{K} - P_e\Big] = \begin{cases} \alpha\,\frac{K-1}{K} & P_e = 0 ` +
      String.raw`\text{ (surely right: the largest push)} \\ 0 & P_e = \frac{K-1}{K} ` +
      String.raw`\text{ (no better than a uniform guess)} \end{cases}`,
    note:
      'It is positive for every P_e below (K − 1)/K, so gradient descent lowers v_max by it — hardest ' +
      'where the prediction is most likely right, least where it is likely wrong. Confident correct ' +
      'predictions lose more of their confidence than doubtful ones, which is what blurs the ranking ' +
      'of right against wrong that selective classification relies on.',
  },
];

/** The LS term's two ends for the page's α and K, as a formula ("= 0.18 at P_e = 0, 0 at P_e = 0.9"). */
export function lsTermEndsTex(alpha: number, k: number): string {
  const top = Number(((alpha * (k - 1)) / k).toFixed(4));
  const zero = Number(((k - 1) / k).toFixed(4));
  return (
    String.raw`K = ${k},\ \alpha = ${Number(alpha.toFixed(3))}:\quad ` +
    String.raw`\alpha\,\tfrac{K-1}{K} = ${top} \text{ at } P_e = 0, \qquad 0 \text{ at } P_e = ${zero}`
  );
}
