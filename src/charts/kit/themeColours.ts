/**
 * The theme's colours for canvas drawing. Every theme colour is a CSS custom property set on <html>
 * (src/styles.css: per `data-theme`, and `html.presenting`), so a value is read once from <html>
 * and kept until <html>'s theme attributes change. Reading it per draw with getComputedStyle would
 * force a style recalculation of the whole page in the middle of React's commit, once per canvas,
 * on every α move (measured: 10–17 ms of a move).
 */
import { useEffect, useState } from 'react';

/** What the custom properties depend on: <html>'s theme, class (presenting) and the OS scheme. */
function themeKey(): string {
  const html = document.documentElement;
  const dark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'd' : 'l';
  return `${html.getAttribute('data-theme') ?? ''}|${html.className}|${dark}`;
}

let cachedKey: string | null = null;
let cache = new Map<string, string>();

/** The value of custom property `name` (e.g. '--c-correct') in the theme in force, or `fallback`. */
export function themeColour(name: string, fallback: string): string {
  if (typeof document === 'undefined') return fallback;
  const key = themeKey();
  if (key !== cachedKey) {
    cachedKey = key;
    cache = new Map();
  }
  let v = cache.get(name);
  if (v === undefined) {
    v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    cache.set(name, v);
  }
  return v || fallback;
}

/** A palette colour ('var(--c-correct, #009E73)' or a plain colour) as a canvas can use it. */
export function paletteColour(color: string): string {
  const m = /^var\((--[\w-]+),\s*([^)]+)\)$/.exec(color);
  return m ? themeColour(m[1], m[2].trim()) : color;
}

/** A counter that changes whenever <html>'s theme or class does: a canvas that uses it repaints. */
export function useThemeStamp(): number {
  const [stamp, setStamp] = useState(0);
  useEffect(() => {
    if (typeof MutationObserver === 'undefined') return;
    const obs = new MutationObserver(() => setStamp((s) => s + 1));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class'] });
    return () => obs.disconnect();
  }, []);
  return stamp;
}
