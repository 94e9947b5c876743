/**
 * Vite plugin: KaTeX's stylesheet with its WOFF2 fonts only. katex.min.css offers every face as
 * WOFF2, WOFF and TrueType; every browser the app supports (ES2022, module workers) reads WOFF2, so
 * the other two would only add ~0.8 MB to the build and to what the service worker precaches. The
 * fonts stay files of the build, never data: URLs (the CSP's font-src is 'self' only): see
 * `fontsAsFiles` for build.assetsInlineLimit.
 */
import type { Plugin } from 'vite';

const KATEX_CSS = /[\\/]katex[\\/]dist[\\/]katex(\.min)?\.css$/;
const OTHER_FORMATS = /,\s*url\([^)]*\.(woff|ttf)\)\s*format\("(woff|truetype)"\)/g;

/** Removes the WOFF and TrueType sources from KaTeX's @font-face rules. */
export function woff2Only(css: string): string {
  return css.replace(OTHER_FORMATS, '');
}

export function katexFonts(): Plugin {
  return {
    name: 'ls-sc-katex-fonts',
    enforce: 'pre',
    transform(code, id) {
      return KATEX_CSS.test(id.split('?')[0]) ? { code: woff2Only(code), map: null } : null;
    },
  };
}

/** build.assetsInlineLimit: fonts are always emitted as files; everything else as Vite decides. */
export function fontsAsFiles(file: string): boolean | undefined {
  return /\.(woff2?|ttf|otf)$/i.test(file) ? false : undefined;
}
