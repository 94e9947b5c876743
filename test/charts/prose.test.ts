/** The renderer of computed words: links open the science notes (here science.md §4.5) in a new tab, *text* is emphasis. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Prose } from '../../src/charts/kit/Prose';
import { plainText, wordPieces } from '../../src/chartData/words/pieces';

describe('Prose and wordPieces', () => {
  const p =
    'A *raised* AURC, see [science notes §4.5](science.html#45-what-it-does-to-ce) and [§3.9](science.html#39-uncertainty-of-a-comparison).';

  it('splits a paragraph into text, emphasis and links, in order', () => {
    expect(wordPieces(p)).toEqual([
      { text: 'A ' },
      { text: 'raised', em: true },
      { text: ' AURC, see ' },
      { text: 'science notes §4.5', href: 'science.html#45-what-it-does-to-ce' },
      { text: ' and ' },
      { text: '§3.9', href: 'science.html#39-uncertainty-of-a-comparison' },
      { text: '.' },
    ]);
    expect(plainText(p)).toBe('A raised AURC, see science notes §4.5 and §3.9.');
  });

  it('renders one paragraph per string, marked for tests, links in a new tab', () => {
    const html = renderToStaticMarkup(createElement(Prose, { paragraphs: [p, 'Two.'], name: 'demo' }));
    expect(html).toBe(
      '<p data-words="demo">A <em>raised</em> AURC, see <a href="science.html#45-what-it-does-to-ce" target="_blank" rel="noopener">science notes §4.5</a> and <a href="science.html#39-uncertainty-of-a-comparison" target="_blank" rel="noopener">§3.9</a>.</p><p data-words="demo">Two.</p>',
    );
  });
});
