/**
 * Chart embeds for slides (issue 14): `?embed=<chart>` is that one chart alone (title, drawing,
 * legend), with the link's settings and theme, fitted to its frame; an unknown id lists the valid
 * ones; "Copy embed code" on the full page gives an iframe with the page's settings; and the embed
 * works inside a frame of another document, as in an HTML slide deck.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, openPage, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ready = (page: Page, chart: string) =>
  page.locator(`[data-chart="${chart}"][data-state="ready"]`).waitFor({ timeout: 90_000 });

/** The iframe's attributes, read by the browser's own HTML parser. */
async function parseIframe(page: Page, code: string): Promise<Record<string, string>> {
  return page.evaluate((html) => {
    const el = new DOMParser().parseFromString(html, 'text/html').querySelector('iframe');
    return el ? Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])) : {};
  }, code);
}

describe('chart embeds', () => {
  it('shows one chart alone, with the link’s α and theme, inside the window', async () => {
    const { page, log } = await openPage(browser, '/?embed=risk-coverage&alpha=0.3&theme=dark', {
      context: { viewport: { width: 800, height: 500 } },
    });
    await ready(page, 'risk-coverage');
    const figures = await page
      .locator('[data-chart]')
      .evaluateAll((els) =>
        els
          .filter((e) => (e as HTMLElement).offsetParent !== null)
          .map((e) => (e as HTMLElement).dataset.chart),
      );
    expect(figures).toEqual(['risk-coverage']);
    expect(await page.locator('[data-chart]').count()).toBe(1);
    const fig = page.locator('[data-chart="risk-coverage"]');
    expect(await page.getByRole('figure').count()).toBe(1);
    // The legend is there and names the link's α.
    const legend = (await fig.locator('.legend').textContent()) ?? '';
    expect(legend).toMatch(/LS α=0\.3 · MSP/);
    expect(legend).not.toMatch(/α=0\.2/);
    // Nothing of the full page.
    for (const sel of ['.app-header', '.sidebar', '.statusbar', '.chart-explanation', '.chart-export'])
      expect(
        await page.locator(sel).evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent)),
      ).toEqual([]);
    // No heading on screen (the embed's own h1 is for screen readers only, visually hidden).
    expect(await page.locator('h1:visible, h2:visible').count()).toBe(
      await page.locator('h1.visually-hidden').count(),
    );
    expect(await page.locator('h1.visually-hidden').count()).toBe(1);
    // The theme of the link, without storing it as the viewer's choice.
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => localStorage.getItem('lssc-theme'))).toBeNull();
    // Fitted: no scrolling either way.
    const size = await page.evaluate(() => ({
      w: document.documentElement.scrollWidth,
      h: document.documentElement.scrollHeight,
    }));
    expect(size.w).toBeLessThanOrEqual(800);
    expect(size.h).toBeLessThanOrEqual(500);
    // And filled: the drawing takes the frame's width and what the title leaves of its height.
    const drawn = await fig.locator('.chart-plot > svg').boundingBox();
    expect(drawn!.width).toBeGreaterThan(0.9 * 800 - 24);
    expect(drawn!.y + drawn!.height).toBeGreaterThan(0.9 * 500);
    // The URL the controller rewrites keeps the embed, so a reload is still an embed.
    const search = new URLSearchParams(await page.evaluate(() => location.search));
    expect(search.get('embed')).toBe('risk-coverage');
    expect(search.get('alpha')).toBe('0.3');
    expect(search.get('theme')).toBe('dark');
    expect(log.errors).toEqual([]);
    await screenshot(page, 'embed-risk-coverage-800x500', { fullPage: false });
    await page.context().close();
  });

  it('names an unknown chart and lists the valid ones', async () => {
    const { page } = await openPage(browser, '/?embed=no-such-chart');
    const msg = page.getByTestId('embed-unknown');
    await msg.waitFor({ timeout: 60_000 });
    const text = (await msg.textContent()) ?? '';
    expect(text).toContain('“no-such-chart”');
    // Every chart of the full page is listed (read from the full page itself).
    const full = await browser.newPage();
    await full.goto(new URL('/', baseUrl()).toString());
    await ready(full, 'risk-coverage');
    const ids = await full
      .locator('[data-chart]')
      .evaluateAll((els) =>
        [...new Set(els.map((e) => (e as HTMLElement).dataset.chart!))].filter(
          (id) => id !== 'metrics-loaded',
        ),
      );
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(text).toContain(id);
    expect(await page.locator('[data-chart]').count()).toBe(0);
    await full.close();
    await page.context().close();
  });

  it('copies an iframe with the page’s settings, and that iframe shows the chart in a slide', async () => {
    const { page } = await openPage(browser, '/?alpha=0.4&seed=0&ln=0', {
      context: { permissions: ['clipboard-read', 'clipboard-write'] },
    });
    await ready(page, 'rank-rank');
    await page.getByRole('button', { name: 'Copy embed code for the rank–rank chart' }).click();
    const fig = page.locator('[data-chart="rank-rank"]');
    await expect.poll(() => fig.locator('.chart-embed [role="status"]').textContent()).toBe('Copied');
    const code = await page.evaluate(() => navigator.clipboard.readText());
    expect(code).toMatch(
      /^<iframe src="[^"]+" width="\d+" height="\d+" title="[^"]+" style="border:0"><\/iframe>$/,
    );
    const attrs = await parseIframe(page, code);
    const src = new URL(attrs.src);
    expect(src.origin + src.pathname).toBe(new URL('/', baseUrl()).toString());
    expect(src.searchParams.get('embed')).toBe('rank-rank');
    expect(src.searchParams.get('alpha')).toBe('0.4');
    expect(src.searchParams.get('ln')).toBe('0');
    // Every setting of the page's (rewritten) URL is in the embed's.
    const pageParams = new URLSearchParams(await page.evaluate(() => location.search));
    for (const [k, v] of pageParams) expect(src.searchParams.get(k), k).toBe(v);
    expect(attrs.title).toBe(await fig.locator('figcaption').textContent());
    const width = Number(attrs.width);
    const height = Number(attrs.height);
    expect(width).toBeGreaterThanOrEqual(480);
    expect(height).toBeGreaterThan(200);

    // A minimal HTML slide with that iframe.
    const slide = await page.context().newPage();
    await slide.setViewportSize({ width: 1280, height: 720 });
    await slide.setContent(
      `<!doctype html><html><body style="margin:0;background:#223;font-family:sans-serif">
       <section style="padding:24px 40px;color:#fff"><h1 style="margin:0 0 12px">Why LS hurts ranking</h1>${code}</section>
       </body></html>`,
    );
    const frame = slide.frameLocator('iframe');
    await frame.locator('[data-chart="rank-rank"][data-state="ready"]').waitFor({ timeout: 90_000 });
    const inner = await frame.locator('html').evaluate(() => ({
      charts: [...document.querySelectorAll('[data-chart]')].map((e) => (e as HTMLElement).dataset.chart),
      scrollH: document.documentElement.scrollHeight,
      innerH: window.innerHeight,
    }));
    expect(inner.charts).toEqual(['rank-rank']);
    expect(inner.scrollH).toBeLessThanOrEqual(inner.innerH);
    await screenshot(slide, 'embed-in-slide-1280x720', { fullPage: false });
    await page.context().close();
  });

  it('says where the code is when the clipboard is refused', async () => {
    const { page } = await openPage(browser, '/?alpha=0.3');
    await ready(page, 'risk-coverage');
    // No clipboard permission, and writeText refused as a browser without it would.
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
      });
    });
    const fig = page.locator('[data-chart="risk-coverage"]');
    await fig.locator('[data-embed-copy="risk-coverage"]').click();
    const field = fig.locator('textarea.embed-code');
    await field.waitFor();
    const code = await field.inputValue();
    expect((await parseIframe(page, code)).src).toContain('embed=risk-coverage');
    expect((await parseIframe(page, code)).src).toContain('alpha=0.3');
    await expect
      .poll(() =>
        field.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd)),
      )
      .toBe(code);
    expect(await fig.locator('.chart-embed [role="status"]').textContent()).toMatch(/did not allow/);
    await page.context().close();
  });
  it('grows its text with a wide frame (a slide at 1,520 px draws the chart at 2×)', async () => {
    const smallest = async (width: number) => {
      const { page } = await openPage(browser, '/?embed=risk-coverage', {
        context: { viewport: { width, height: Math.round(width * 0.56) } },
      });
      await ready(page, 'risk-coverage');
      const px = await page.evaluate(() => {
        const svg = document.querySelector<SVGSVGElement>('[data-chart] .chart-plot > svg')!;
        const scale = svg.getScreenCTM()!.a;
        return Math.min(
          ...[...svg.querySelectorAll('text')]
            .filter((t) => t.textContent!.trim())
            .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale),
        );
      });
      await page.context().close();
      return px;
    };
    const narrow = await smallest(760);
    const wide = await smallest(1520);
    expect(narrow).toBeGreaterThanOrEqual(10.5);
    expect(wide / narrow).toBeGreaterThan(1.8);
  });
});
