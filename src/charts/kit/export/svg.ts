/**
 * A chart as a standalone SVG file, built from what is on screen: every top-level <svg> of the plot
 * becomes a nested <svg> at its on-screen position and size, every <canvas> (dense marks such as the
 * decision regions) an <image> holding its pixels as a PNG data URL, and HTML legends marked
 * data-export="legend" become SVG rects and texts. The styles that matter (fill, stroke, widths,
 * dashes, fonts, text anchoring) are resolved with getComputedStyle and written as presentation
 * attributes, so the file looks like the page in the current theme, needs no stylesheet and makes
 * no request. The string is written here rather than by cloning nodes: nothing touches the live DOM,
 * and no inline style attribute is created (a strict Content-Security-Policy stays satisfied).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Height of the band above the plot that carries the chart's title. */
const TITLE_H = 30;
const PAD = 8;

/** Inherited properties: written on an element when set there as an attribute or when they differ from its parent's. */
const INHERITED = [
  'color',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

/** Attributes that only mean something in the page (CSS hooks, focus, inline styles). */
const DROPPED = new Set(['class', 'style', 'tabindex']);

type Computed = Record<string, string>;

/** XML 1.0 forbids the C0 control characters other than tab, LF and CR, even escaped. */
function dropControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) out += ch;
  }
  return out;
}

function escapeText(s: string): string {
  return dropControls(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

const num = (v: number): string => String(Math.round(v * 100) / 100);

function attrs(map: Map<string, string>): string {
  let out = '';
  for (const [k, v] of map) out += ` ${k}="${escapeAttr(v)}"`;
  return out;
}

function computedOf(el: Element): Computed {
  const cs = getComputedStyle(el);
  const out: Computed = {};
  for (const p of INHERITED) out[p] = cs.getPropertyValue(p);
  out.opacity = cs.getPropertyValue('opacity');
  return out;
}

/** One SVG element and its subtree, styles resolved; `extra` attributes override the element's own. */
function writeSvgElement(
  el: Element,
  parent: Computed | null,
  out: string[],
  extra?: Record<string, string>,
): void {
  if (el.getAttribute('data-export') === 'skip') return;
  const own = computedOf(el);
  const map = new Map<string, string>();
  for (const a of Array.from(el.attributes)) if (!DROPPED.has(a.name)) map.set(a.name, a.value);
  for (const p of INHERITED) {
    const v = own[p];
    if (v && (parent === null || el.hasAttribute(p) || parent[p] !== v)) map.set(p, v);
  }
  if (own.opacity && own.opacity !== '1') map.set('opacity', own.opacity);
  if (extra) for (const [k, v] of Object.entries(extra)) map.set(k, v);
  // SVG elements keep their case in HTML documents (clipPath), which is what XML needs.
  const tag = el.tagName;
  out.push(`<${tag}${attrs(map)}>`);
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) out.push(escapeText(child.textContent ?? ''));
    else if (child.nodeType === Node.ELEMENT_NODE) writeSvgElement(child as Element, own, out);
  }
  out.push(`</${tag}>`);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function boxIn(el: Element, origin: DOMRect, dy: number): Box {
  const r = el.getBoundingClientRect();
  return { x: r.left - origin.left, y: r.top - origin.top + dy, width: r.width, height: r.height };
}

/** An HTML legend (swatches + text) as SVG shapes at the same places. */
function writeHtmlLegend(el: Element, origin: DOMRect, dy: number, out: string[]): void {
  out.push('<g data-export-legend="">');
  for (const sw of Array.from(el.querySelectorAll('[data-export-swatch]'))) {
    const b = boxIn(sw, origin, dy);
    const cs = getComputedStyle(sw);
    out.push(
      `<rect x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}"` +
        ` rx="${escapeAttr(cs.borderTopLeftRadius || '0')}" fill="${escapeAttr(cs.backgroundColor)}"/>`,
    );
  }
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const text = (t.textContent ?? '').trim();
    const host = t.parentElement;
    if (!text || !host) continue;
    range.selectNodeContents(t);
    const r = range.getBoundingClientRect();
    const cs = getComputedStyle(host);
    out.push(
      `<text x="${num(r.left - origin.left)}" y="${num(r.top - origin.top + dy + r.height / 2)}"` +
        ` dominant-baseline="central" font-family="${escapeAttr(cs.fontFamily)}"` +
        ` font-size="${escapeAttr(cs.fontSize)}" font-weight="${escapeAttr(cs.fontWeight)}"` +
        ` fill="${escapeAttr(cs.color)}">${escapeText(text)}</text>`,
    );
  }
  out.push('</g>');
}

/** The first non-transparent background at or above `el` (the chart's card), white if none. */
function backgroundOf(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

/** The parts of a plot that are drawn, in paint (document) order. */
function partsOf(plot: HTMLElement): Element[] {
  return Array.from(plot.querySelectorAll('svg, canvas, [data-export="legend"]')).filter((el) => {
    if (el.parentElement?.closest('svg, [data-export="legend"], [data-export="skip"]')) return false;
    if (el.getAttribute('data-export') === 'skip') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
}

export interface SvgExport {
  svg: string;
  /** Size in CSS pixels (the plot's on-screen width; the height of its drawn parts plus the title). */
  width: number;
  height: number;
}

/**
 * The plot element's drawing as a standalone SVG document with the chart's title on top. `scale`
 * multiplies the width/height attributes only (the viewBox stays in CSS pixels): 2 gives an image
 * whose natural size is twice the on-screen size, which is what the PNG export rasterises.
 */
export function exportChartSvg(plot: HTMLElement, title: string, scale = 1): SvgExport {
  const origin = plot.getBoundingClientRect();
  const parts = partsOf(plot);
  if (!parts.length) throw new Error('this chart has nothing drawn to export yet');
  const width = Math.round(origin.width);
  let bottom = 0;
  for (const p of parts) bottom = Math.max(bottom, p.getBoundingClientRect().bottom - origin.top);
  const height = Math.ceil(bottom) + TITLE_H + PAD;
  const page = getComputedStyle(plot);
  const out: string[] = [];
  out.push(
    `<svg xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}" version="1.1"` +
      ` width="${num(width * scale)}" height="${num(height * scale)}" viewBox="0 0 ${width} ${height}"` +
      ` font-family="${escapeAttr(page.fontFamily)}" color="${escapeAttr(page.color)}">`,
    `<title>${escapeText(title)}</title>`,
    '<desc>Exported from LS-SC Explorer.</desc>',
    `<rect data-export-background="" width="${width}" height="${height}" fill="${escapeAttr(backgroundOf(plot))}"/>`,
    `<text x="${PAD}" y="${TITLE_H - 10}" font-size="15px" font-weight="600" fill="${escapeAttr(page.color)}">` +
      `${escapeText(title)}</text>`,
  );
  for (const part of parts) {
    const b = boxIn(part, origin, TITLE_H);
    if (part instanceof HTMLCanvasElement) {
      out.push(
        `<image x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}"` +
          ` preserveAspectRatio="none" data-export-canvas="${escapeAttr(part.getAttribute('data-model') ?? '')}"` +
          ` xlink:href="${part.toDataURL('image/png')}"/>`,
      );
    } else if (part instanceof SVGSVGElement) {
      writeSvgElement(part, null, out, {
        x: num(b.x),
        y: num(b.y),
        width: num(b.width),
        height: num(b.height),
      });
    } else {
      writeHtmlLegend(part, origin, TITLE_H, out);
    }
  }
  out.push('</svg>');
  return { svg: out.join(''), width, height };
}
