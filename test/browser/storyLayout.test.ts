/**
 * Issue 14 (items 2–4): the guided story's panel never covers the chart it outlines, at four screen
 * sizes and every step; the first screen at 1280 × 720 carries the claim and chart 1 with its legend;
 * the page fits (no sideways scrolling, every sidebar button reachable, select texts not cut).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';
import { STORY } from '../../src/story/steps';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

async function ready(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('[data-chart="risk-coverage"]').getAttribute('data-state'), { timeout: 60_000 })
    .toBe('ready');
}

function box(page: Page, selector: string): Promise<Box | null> {
  return page.evaluate((sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  }, selector);
}

function intersects(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Waits until the page stops scrolling (the story scrolls smoothly). */
async function settled(page: Page): Promise<void> {
  let last = -1;
  await expect
    .poll(async () => {
      const y = await page.evaluate(() => window.scrollY);
      const still = y === last;
      last = y;
      return still;
    })
    .toBe(true);
}

const SIZES = [
  [1024, 768],
  [1280, 720],
  [1440, 900],
  [1920, 1080],
] as const;

describe('the story beside its chart', () => {
  for (const [width, height] of SIZES) {
    it(`never covers the outlined chart at ${width} × ${height}`, async () => {
      const { page, log } = await openPage(browser, '/', { context: { viewport: { width, height } } });
      await ready(page);
      await page.getByRole('button', { name: 'Start the guided story' }).click();
      const panel = page.getByRole('complementary', { name: 'Guided story' });
      for (let i = 0; i < STORY.length; i++) {
        await expect.poll(() => panel.getAttribute('data-step')).toBe(STORY[i].id);
        const target = `[data-chart="${STORY[i].chart}"].story-target`;
        await expect.poll(() => page.locator(target).count()).toBe(1);
        // The step scrolls its chart's top into view (smoothly), then the page stops.
        await expect
          .poll(async () => {
            const b = (await box(page, target))!;
            return b.top >= 0 && b.top + Math.min(150, b.bottom - b.top) <= height;
          })
          .toBe(true);
        await settled(page);
        const chart = (await box(page, target))!;
        const story = (await box(page, '.story-panel'))!;
        expect(intersects(chart, story), `step ${i + 1}: ${JSON.stringify({ chart, story })}`).toBe(false);
        // The panel is on screen, and so is the chart's top part (its title and the start of the plot).
        expect(story.top).toBeGreaterThanOrEqual(0);
        expect(story.bottom).toBeLessThanOrEqual(height);
        expect(story.left).toBeGreaterThanOrEqual(0);
        expect(story.right).toBeLessThanOrEqual(width);
        expect(chart.top).toBeGreaterThanOrEqual(0);
        expect(chart.top + Math.min(150, chart.bottom - chart.top)).toBeLessThanOrEqual(height);
        expect(chart.left).toBeGreaterThanOrEqual(0);
        expect(chart.right).toBeLessThanOrEqual(width);
        if (i === 1) await screenshot(page, `story-layout-${width}x${height}-step-2`, { fullPage: false });
        // The keyboard still moves the story (the heading has focus; blur it as a reader might).
        if (i < STORY.length - 1) {
          if (i % 2 === 0) await panel.getByRole('button', { name: 'Next →' }).click();
          else {
            await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
            await page.keyboard.press('ArrowRight');
          }
        }
      }
      expect(log.errors).toEqual([]);
      await page.context().close();
    });
  }
});

describe('the first screen and a page that fits', () => {
  it('shows the claim and chart 1 with its legend at 1280 × 720 without scrolling', async () => {
    const { page, log } = await openPage(browser, '/', {
      context: { viewport: { width: 1280, height: 720 } },
    });
    await ready(page);
    await screenshot(page, 'first-screen-1280x720', { fullPage: false });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    for (const sel of [
      '.app-header .lede',
      '[data-chart="risk-coverage"] .chart-plot svg',
      '[data-chart="risk-coverage"] .chart-plot svg .legend',
    ]) {
      const b = await box(page, sel);
      expect(b, sel).not.toBeNull();
      expect(b!.top, sel).toBeGreaterThanOrEqual(0);
      expect(b!.bottom, sel).toBeLessThanOrEqual(720);
      expect(b!.left, sel).toBeGreaterThanOrEqual(0);
      expect(b!.right, sel).toBeLessThanOrEqual(1280);
    }
    // The badge keeps the details to hand: one button opens them.
    const details = page.getByRole('region', { name: 'Engine status' }).getByRole('button');
    expect(await details.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => page.getByTestId('dataset').textContent()).toMatch(/10,000 train/);
    expect(
      await page
        .getByTestId('dataset')
        .getByText(/10,000 train/)
        .isVisible(),
    ).toBe(false);
    await details.click();
    expect(await details.getAttribute('aria-expanded')).toBe('true');
    expect(
      await page
        .getByTestId('dataset')
        .getByText(/10,000 train/)
        .isVisible(),
    ).toBe(true);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  for (const [width, height] of [
    [1280, 720],
    [1024, 768],
  ] as const) {
    it(`fits ${width} × ${height}: no sideways scrolling, every sidebar button reachable, no cut select text`, async () => {
      const { page } = await openPage(browser, '/', { context: { viewport: { width, height } } });
      await ready(page);
      await expect
        .poll(() => page.locator('table.metrics tbody tr').count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(width);
      if (width >= 1280) {
        const scroll = await page
          .locator('.table-scroll')
          .evaluateAll((els) => els.map((e) => [e.scrollWidth, e.clientWidth]));
        expect(scroll.length).toBeGreaterThan(0);
        for (const [sw, cw] of scroll) expect(sw).toBeLessThanOrEqual(cw);
      }
      const buttons = page.locator('.sidebar button:visible');
      const n = await buttons.count();
      expect(n).toBeGreaterThan(5);
      for (let i = 0; i < n; i++) {
        const b = buttons.nth(i);
        await b.evaluate((e) => e.scrollIntoView({ block: 'nearest' }));
        const bb = (await b.boundingBox())!;
        const name = (await b.textContent()) ?? '';
        expect(bb.y, name).toBeGreaterThanOrEqual(0);
        expect(bb.y + bb.height, name).toBeLessThanOrEqual(height);
        expect(bb.x + bb.width).toBeLessThanOrEqual(width);
      }
      // A select cuts its text without overflowing (its scrollWidth equals clientWidth), so measure
      // the shown option's text in the select's font against the room left of the arrow.
      const selects = await page.locator('select:visible').evaluateAll((els) =>
        (els as HTMLSelectElement[]).map((s) => {
          const cs = getComputedStyle(s);
          const ctx = document.createElement('canvas').getContext('2d')!;
          ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
          const text = s.options[s.selectedIndex]?.text ?? '';
          const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
          return { text, need: ctx.measureText(text).width, room, sw: s.scrollWidth, cw: s.clientWidth };
        }),
      );
      expect(selects.length).toBeGreaterThan(1);
      for (const s of selects) {
        expect(s.sw).toBeLessThanOrEqual(s.cw);
        expect(s.need, s.text).toBeLessThanOrEqual(s.room);
      }
      await page.context().close();
    });
  }
});
