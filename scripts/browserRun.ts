/**
 * What the command-line browser runs share (`npm run bench`, `npm run soak`): Debian's Chromium
 * with the flags this machine needs, the production build served by `vite preview`, and a main
 * function's exit code. The browser tests use the same flags (test/browser/helpers.ts).
 */
import { chromium, type Browser } from 'playwright-core';
import { preview } from 'vite';

/** Debian's Chromium (the machine cannot download a browser build); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Serves dist/ with `vite preview`, launches headless Chromium with `extraArgs`, runs `fn`, cleans up. */
export async function withBuildInBrowser<T>(
  extraArgs: string[],
  fn: (browser: Browser, baseUrl: string) => Promise<T>,
): Promise<T> {
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  try {
    const baseUrl = server.resolvedUrls?.local[0];
    if (!baseUrl) throw new Error('vite preview did not report a URL');
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      headless: true,
    });
    try {
      return await fn(browser, baseUrl);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

/** Runs a script's main function and exits with its code (1 on an exception, printed). */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
