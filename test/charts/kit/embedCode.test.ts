import { describe, expect, it } from 'vitest';
import { embedCode, embedSize, embedUrl, escapeAttribute } from '../../../src/charts/kit/export/embedCode';

describe('embed code', () => {
  it('puts embed first, replaces an old embed and theme, keeps every other key and drops the hash', () => {
    const url = new URL(
      embedUrl('https://x.org/app/?embed=old&alpha=0.3&ln=0&theme=light&hide=sweep#s2', 'rank-rank', 'dark'),
    );
    expect(url.origin + url.pathname).toBe('https://x.org/app/');
    expect(url.hash).toBe('');
    expect([...url.searchParams]).toEqual([
      ['embed', 'rank-rank'],
      ['theme', 'dark'],
      ['alpha', '0.3'],
      ['ln', '0'],
      ['hide', 'sweep'],
    ]);
    expect(new URL(embedUrl('https://x.org/?theme=dark', 'p-effect', null)).searchParams.has('theme')).toBe(
      false,
    );
  });

  it('escapes attribute text, so a title or URL cannot close the attribute', () => {
    expect(escapeAttribute('a "b" <c> & d')).toBe('a &quot;b&quot; &lt;c&gt; &amp; d');
    const code = embedCode({
      href: 'https://x.org/?alpha=0.3&seed=1',
      chartId: 'risk-coverage',
      title: 'Risk "quoted" <b>',
      width: 800.4,
      height: 499.6,
      theme: null,
    });
    expect(code).toBe(
      '<iframe src="https://x.org/?embed=risk-coverage&amp;alpha=0.3&amp;seed=1" width="800" height="500" ' +
        'title="Risk &quot;quoted&quot; &lt;b&gt;" style="border:0"></iframe>',
    );
  });

  it('sizes the frame to the plot’s aspect, 480 to 960 wide', () => {
    // 776 × 388 plot: 800 wide, 776 × 0.5 = 388 of drawing + 56 for the title + 24 of padding.
    expect(embedSize(776, 388)).toEqual({ width: 800, height: 388 + 56 + 24 });
    expect(embedSize(2000, 1000).width).toBe(960);
    expect(embedSize(100, 50)).toEqual({ width: 480, height: Math.ceil(456 * 0.5) + 80 });
    expect(embedSize(0, 0).width).toBe(480);
  });
});
