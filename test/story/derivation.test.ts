/**
 * The derivation's TeX (src/story/derivation.ts) renders with KaTeX, with the page's options, and
 * without a KaTeX error: with throwOnError false an error would show as a red .katex-error span
 * on the page, so each formula is rendered here and its markup checked.
 */
import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { DERIVATION, KATEX_OPTIONS, lsTermEndsTex } from '../../src/story/derivation';

const formulas: [string, string][] = [
  ...DERIVATION.map((s): [string, string] => [s.id, s.tex]),
  ['numbers α=0.2 K=10', lsTermEndsTex(0.2, 10)],
  ['numbers α=0.05 K=3', lsTermEndsTex(0.05, 3)],
];

describe('the derivation', () => {
  it('has the steps of science.md §2 in order', () => {
    expect(DERIVATION.map((s) => s.id)).toEqual(['loss', 'gradient', 'max-logit', 'expectation', 'meaning']);
  });

  for (const [id, tex] of formulas) {
    it(`renders ${id} without a KaTeX error, as HTML and MathML`, () => {
      const html = katex.renderToString(tex, KATEX_OPTIONS);
      expect(html).not.toContain('katex-error');
      expect(html).toContain('class="katex-mathml"');
      expect(html).toContain('class="katex-html"');
      // Strict parsing throws where the lenient page rendering would show red source instead.
      expect(() => katex.renderToString(tex, { ...KATEX_OPTIONS, throwOnError: true })).not.toThrow();
    });
  }

  it('would show an error for broken TeX (the check above can fail)', () => {
    expect(katex.renderToString(String.raw`\frac{1}{`, KATEX_OPTIONS)).toContain('katex-error');
  });

  it("states the LS term's ends for the page's α and K", () => {
    const tex = lsTermEndsTex(0.2, 10);
    expect(tex).toContain('= 0.18');
    expect(tex).toContain('P_e = 0.9');
  });
});
