import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { offline } from './build/offline';
import { science } from './build/science';
import { fontsAsFiles, katexFonts } from './build/katexFonts';
import { wasmThreads } from './build/wasmThreads';

/**
 * The Content-Security-Policy and other security headers, one source for index.html's <meta>
 * (checked when building; enforcement tested in test/browser/security.test.ts) and for the
 * headers of `vite preview` / `vite dev`.
 *
 * Production: everything from the app's own origin only; 'wasm-unsafe-eval' lets tfjs compile its
 * WebAssembly backend (no JS eval of any kind); no inline script; styles from files (React and d3
 * set styles through the CSSOM, which CSP does not restrict); images also from data:/blob: URLs
 * (the favicon, canvas exports). Framing is allowed (chart embeds for slides, see CSP_HEADER).
 *
 * Development only (`vite dev`): Vite's HMR client talks over a WebSocket and injects <style>
 * tags, and the React refresh preamble is an inline script, so the dev policy allows those.
 */
const common = {
  'default-src': ["'self'"],
  'worker-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

function serialise(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** The policy in index.html's <meta http-equiv="Content-Security-Policy">. */
export const CSP_META = serialise({
  ...common,
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'connect-src': ["'self'"],
});

/**
 * The same as a header. No frame-ancestors: a chart's embed (`?embed=<chart>`) is made to be framed
 * by slide decks from any origin, local files included, which no frame-ancestors list can name. The
 * page holds no account, secret or purchase that a framing page could trick a click into.
 */
export const CSP_HEADER = CSP_META;

/** `vite dev` only: adds what HMR and React refresh need (inline preamble, <style>, WebSocket). */
export const CSP_DEV = serialise({
  ...common,
  'script-src': ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'", 'ws:', 'wss:'],
});

/** Headers beside the CSP (both servers). */
export const SECURITY_HEADERS: Record<string, string> = {
  // Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer); every asset is
  // served from the app's own origin, so these cost nothing.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Matches index.html's CSP <meta> and captures its content. */
export const CSP_META_PATTERN = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/;

/**
 * index.html carries the production CSP as a <meta> (so any static host enforces it). Under
 * `vite dev` that meta would block HMR and React refresh, so it is swapped for the dev policy there.
 */
function devCsp(): Plugin {
  return {
    name: 'ls-sc-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(
        CSP_META_PATTERN,
        `<meta http-equiv="Content-Security-Policy" content="${CSP_DEV}" />`,
      );
    },
  };
}

/** The built index.html must carry exactly the production policy (a stale edit fails the build). */
function checkCsp(): Plugin {
  return {
    name: 'ls-sc-check-csp',
    apply: 'build',
    transformIndexHtml(html) {
      const found = CSP_META_PATTERN.exec(html)?.[1];
      if (found !== CSP_META)
        throw new Error(`index.html's CSP <meta> must be exactly CSP_META (vite.config.ts)`);
      return html;
    },
  };
}

export default defineConfig({
  // Relative URLs: the build works from any folder of any static server.
  base: './',
  plugins: [
    react(),
    // The science notes as science.html (linked from the guided story), before the service worker
    // lists the build so that they are precached too.
    science({ source: 'docs/science.md', csp: CSP_META }),
    offline({ template: 'src/offline/sw.js' }),
    // The derivation's typeset formulas: KaTeX's WOFF2 fonts only, as files of the build.
    katexFonts(),
    // tfjs-backend-wasm's pthread scripts as files of the build (threads under this CSP).
    wasmThreads(),
    devCsp(),
    checkCsp(),
  ],
  worker: { format: 'es', plugins: () => [wasmThreads()] },
  server: { headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': CSP_DEV } },
  preview: { headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': CSP_HEADER } },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, assetsInlineLimit: fontsAsFiles },
});
