/**
 * The HTML that embeds one chart in a slide deck: an <iframe> on this page with `?embed=<chart>`
 * and the page's current settings (the controller keeps the address bar current), pure so that it
 * can be checked in Node.
 */

export interface EmbedCodeInput {
  /** The page's address now (location.href): its query holds the settings. */
  href: string;
  chartId: string;
  /** The chart's title: the iframe's accessible name. */
  title: string;
  width: number;
  height: number;
  /** A theme to fix in the link ("dark"…); null lets the embed follow its viewer's. */
  theme: string | null;
}

/** The embed's address: `embed` first, then `theme`, then every other key of `href`'s query as it is. */
export function embedUrl(href: string, chartId: string, theme: string | null): string {
  const url = new URL(href);
  const out = new URLSearchParams({ embed: chartId });
  if (theme) out.set('theme', theme);
  for (const [k, v] of new URLSearchParams(url.search)) if (k !== 'embed' && k !== 'theme') out.append(k, v);
  url.search = out.toString();
  url.hash = '';
  return url.toString();
}

/** Text as an HTML attribute value inside double quotes. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function embedCode({ href, chartId, title, width, height, theme }: EmbedCodeInput): string {
  const src = escapeAttribute(embedUrl(href, chartId, theme));
  const w = Math.round(width);
  const h = Math.round(height);
  return `<iframe src="${src}" width="${w}" height="${h}" title="${escapeAttribute(title)}" style="border:0"></iframe>`;
}

/** Room around the chart in the iframe: the embed's padding and its title line. */
const FRAME_PAD = 24;
const TITLE_ROOM = 56;
const MIN_WIDTH = 480;
const MAX_WIDTH = 960;

/** The iframe's size for a plot drawn `plotWidth` × `plotHeight`: the same aspect, 480–960 wide. */
export function embedSize(plotWidth: number, plotHeight: number): { width: number; height: number } {
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(plotWidth) + FRAME_PAD));
  const aspect = plotWidth > 0 && plotHeight > 0 ? plotHeight / plotWidth : 0.6;
  return { width, height: Math.ceil((width - FRAME_PAD) * aspect) + TITLE_ROOM + FRAME_PAD };
}
