/**
 * Themes, layout and keyboard use in real Chromium (issue 4): the page follows the system colour
 * scheme until a theme is chosen, the choice changes the page's colours and survives a reload, a
 * 1024 × 768 projector gets no horizontal scrolling, and every control is reachable by Tab, named
 * for screen readers and shows a focus ring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';
import { horizontalOverflow, tabThrough } from './a11y';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Look {
  theme: string | undefined;
  background: string;
  text: string;
  panel: string;
  /** Whose --c-correct the commonest colour of each dot canvas is (rank–rank, scale-invariance scatter). */
  dots: string[];
}

async function look(page: Page): Promise<Look> {
  return page.evaluate(() => ({
    theme: document.documentElement.dataset.theme,
    background: getComputedStyle(document.documentElement).backgroundColor,
    text: getComputedStyle(document.body).color,
    panel: getComputedStyle(document.querySelector('.statusbar')!).backgroundColor,
    // Canvases take their colours from the theme too (kit/themeColours.ts): most dots are
    // correct predictions, so the commonest opaque-ish pixel colour is the theme's --c-correct.
    dots: [
      ...document.querySelectorAll<HTMLCanvasElement>(
        'canvas[aria-label^="Each test sample"], canvas.ni-canvas',
      ),
    ]
      .slice(0, 2)
      .map((c) => {
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const count = new Map<number, number>();
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3] < 100) continue;
          const k = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
          count.set(k, (count.get(k) ?? 0) + 1);
        }
        const top = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
        if (top === undefined) return 'empty';
        const rgb = [top >> 16, (top >> 8) & 255, top & 255];
        // src/styles.css's --c-correct per theme; alpha premultiplication moves a channel by a unit or two.
        const themes: [string, number[]][] = [
          ['light', [0x00, 0x9e, 0x73]],
          ['dark', [0x1f, 0xb5, 0x8a]],
          ['contrast', [0x00, 0x70, 0x4f]],
        ];
        const hit = themes.find(([, c]) => c.every((v, j) => Math.abs(v - rgb[j]) <= 3));
        return hit ? hit[0] : `rgb(${rgb.join(', ')})`;
      }),
  }));
}

async function ready(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 }).toMatch(/train ·/);
  await expect.poll(() => look(page).then((l) => l.dots.length), { timeout: 60_000 }).toBe(2);
}

const LIGHT = {
  background: 'rgb(251, 251, 250)',
  text: 'rgb(27, 29, 33)',
  panel: 'rgb(255, 255, 255)',
  dots: ['light', 'light'],
};
const DARK = {
  background: 'rgb(22, 24, 28)',
  text: 'rgb(232, 234, 237)',
  panel: 'rgb(31, 34, 39)',
  dots: ['dark', 'dark'],
};
const CONTRAST = {
  background: 'rgb(255, 255, 255)',
  text: 'rgb(0, 0, 0)',
  panel: 'rgb(255, 255, 255)',
  dots: ['contrast', 'contrast'],
};

describe('themes', () => {
  it('follows the system scheme by default, and a chosen theme recolours the page and survives a reload', async () => {
    const { page, log } = await openPage(browser, '/', { context: { colorScheme: 'light' } });
    await ready(page);
    expect(await look(page)).toEqual({ theme: 'light', ...LIGHT });
    const select = page.getByRole('combobox', { name: 'Theme' });
    expect(await select.inputValue()).toBe('system');
    await screenshot(page, 'theme-light-1400');

    await select.selectOption('Dark');
    await expect.poll(() => look(page)).toEqual({ theme: 'dark', ...DARK });
    expect(await page.evaluate(() => localStorage.getItem('lssc-theme'))).toBe('dark');
    await screenshot(page, 'theme-dark-1400');

    await page.reload();
    await ready(page);
    expect(await look(page)).toEqual({ theme: 'dark', ...DARK });
    expect(await page.getByRole('combobox', { name: 'Theme' }).inputValue()).toBe('dark');

    await page.getByRole('combobox', { name: 'Theme' }).selectOption('High contrast');
    await expect.poll(() => look(page)).toEqual({ theme: 'contrast', ...CONTRAST });
    await screenshot(page, 'theme-contrast-1400');

    // Back to the system's scheme: the stored choice is dropped.
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
    await expect.poll(() => look(page)).toEqual({ theme: 'light', ...LIGHT });
    expect(await page.evaluate(() => localStorage.getItem('lssc-theme'))).toBeNull();
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('starts dark when the system prefers dark, follows the system while the choice is "system", and not after', async () => {
    const { page, log } = await openPage(browser, '/', { context: { colorScheme: 'dark' } });
    await ready(page);
    expect(await look(page)).toEqual({ theme: 'dark', ...DARK });
    expect(await page.getByRole('option', { name: 'Match system (Dark)' }).count()).toBe(1);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => look(page)).toEqual({ theme: 'light', ...LIGHT });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => look(page)).toEqual({ theme: 'dark', ...DARK });
    // A system asking for more contrast gets the high-contrast theme.
    await page.emulateMedia({ contrast: 'more' });
    await expect.poll(() => look(page)).toEqual({ theme: 'contrast', ...CONTRAST });
    // An explicit choice wins over the system's preferences.
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('Dark');
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
    await page.waitForTimeout(200);
    expect(await look(page)).toEqual({ theme: 'dark', ...DARK });
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});

describe('layout and keyboard', () => {
  it('fits a 1024 × 768 projector and a wide screen without horizontal scrolling', async () => {
    for (const [width, height] of [
      [1024, 768],
      [1280, 800],
      [1920, 1080],
    ]) {
      const { page, log } = await openPage(browser, '/', { context: { viewport: { width, height } } });
      await ready(page);
      await page.locator('summary', { hasText: 'Advanced training settings' }).click();
      const o = await horizontalOverflow(page);
      expect(o.scrollWidth).toBeLessThanOrEqual(width);
      if (width === 1024) await screenshot(page, 'layout-1024x768');
      expect(log.errors).toEqual([]);
      await page.context().close();
    }
  });

  it('reaches every control by Tab, each with an accessible name and a visible focus ring', async () => {
    const { page, log } = await openPage(browser, '/');
    await ready(page);
    await page.locator('summary', { hasText: 'Advanced training settings' }).click();
    const stops = await tabThrough(page);
    const names = stops.map((s) => `${s.role} "${s.name}"`);
    // The header's and the sidebar's controls, in reading order (the page opens with the bundled
    // precomputed models, so the charts' own controls and export buttons are there too).
    const want = [
      /^combobox "Theme"$/,
      /^combobox "Dataset and model"$/,
      /^slider "Label smoothing α"$/,
      /^button "Train( live)?"$/,
      /^checkbox "Show MaxLogit-pNorm"$/,
      /^combobox "p"$/,
      /^DisclosureTriangle "Advanced training settings"$/,
      /^spinbutton "Epochs"$/,
      /^button "Download results"$/,
    ];
    const at = want.map((re) => names.findIndex((n) => re.test(n)));
    expect(
      at.every((i) => i >= 0),
      `missing: ${want.filter((_, k) => at[k] < 0).join(', ')}`,
    ).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    for (const s of stops) {
      expect(s.name, `${s.element} (${s.role}) has no accessible name`).not.toBe('');
      expect(s.outline.style, `${s.element} "${s.name}" shows no focus ring`).not.toBe('none');
      expect(s.outline.width).toBeGreaterThanOrEqual(2);
    }
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
