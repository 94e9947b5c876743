/**
 * Presentation mode a speaker can trust (issue 14): every story step shows its chart(s) and its text
 * on one screen and nothing else; a clicker's keys move the story, α has its own keys; an untrained
 * α is never trained unasked (a notice says so); Home returns to the precomputed start; text is
 * large enough to read from the back of a room (the minimums stated in story.css).
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

/** The minimums story.css states for presentation mode. */
const BODY_MIN = { 1024: 20, 1920: 24 };
const CHART_TEXT_MIN = { 1024: 12, 1920: 17 };
const LINE_MIN = 4;

const now = (page: Page) =>
  page.evaluate(() => ({
    step: window.lssc!.view.getState().storyStep,
    alpha: window.lssc!.settings.getState().alpha,
    seed: window.lssc!.settings.getState().seed,
    normalise: window.lssc!.settings.getState().normalise,
    active: window.lssc!.runs.getState().active,
  }));

async function press(page: Page, key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

async function enter(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await expect
    .poll(() => page.locator('[data-chart="risk-coverage"]').getAttribute('data-state'), { timeout: 60_000 })
    .toBe('ready');
  await press(page, 'p');
  await expect.poll(() => page.evaluate(() => window.lssc!.view.getState().presenting)).toBe(true);
}

/**
 * Each visible [data-chart]: whether its slot (the box that holds it, scrolling when the chart is
 * taller) lies inside the viewport, how much of the chart shows in it, and whether all of it does.
 */
function visibleCharts(page: Page) {
  return page.locator('[data-chart]').evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => {
        const r = e.getBoundingClientRect();
        const s = (e.closest('[data-slot]') ?? e).getBoundingClientRect();
        return {
          id: e.getAttribute('data-chart'),
          inside: s.top >= 0 && s.left >= 0 && s.bottom <= innerHeight + 0.5 && s.right <= innerWidth + 0.5,
          shown: Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top),
          whole: r.top >= s.top - 0.5 && r.bottom <= s.bottom + 0.5 && r.right <= s.right + 0.5,
        };
      }),
  );
}

/** The smallest font size (px) of the visible text in the bar and the step's text. */
function smallestBodyText(page: Page) {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll('.presentation-bar *, .presentation-text *')].filter(
      (e) =>
        (e as HTMLElement).offsetParent !== null &&
        [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()),
    );
    return Math.min(...els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  });
}

/** The smallest chart text and data line as drawn on screen (CSS size × the SVG's scale). */
function smallestChartMarks(page: Page) {
  return page.evaluate(() => {
    const svgs = [...document.querySelectorAll('[data-chart] svg')].filter(
      (s) => (s as SVGSVGElement).getBoundingClientRect().width > 0,
    ) as SVGSVGElement[];
    let text = Infinity;
    let line = Infinity;
    let at = '';
    for (const svg of svgs) {
      const scale = svg.getScreenCTM()?.a ?? 1;
      for (const t of svg.querySelectorAll('text')) {
        const size = parseFloat(getComputedStyle(t).fontSize) * scale;
        if (t.textContent!.trim() && size < text) {
          text = size;
          at = `${svg.closest('[data-chart]')?.getAttribute('data-chart')}: "${t.textContent}"`;
        }
      }
      for (const p of svg.querySelectorAll('path[fill="none"]')) {
        const style = getComputedStyle(p);
        // A non-scaling stroke is as wide on screen as its CSS width; any other scales with the SVG.
        const k = style.getPropertyValue('vector-effect') === 'non-scaling-stroke' ? 1 : scale;
        line = Math.min(line, parseFloat(style.strokeWidth) * k);
      }
    }
    return { text, line, at, svgs: svgs.length };
  });
}

/** Chart labels that run outside their SVG (cut off on screen), and tables wider than their box. */
function cutOff(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const svg of document.querySelectorAll('[data-chart] svg')) {
      const r = svg.getBoundingClientRect();
      if (r.width === 0) continue;
      for (const t of svg.querySelectorAll('text')) {
        const q = t.getBoundingClientRect();
        if (
          q.width > 0 &&
          (q.left < r.left - 1 || q.right > r.right + 1 || q.top < r.top - 1 || q.bottom > r.bottom + 1)
        )
          out.push(`${svg.closest('[data-chart]')?.getAttribute('data-chart')}: "${t.textContent}"`);
      }
    }
    for (const box of document.querySelectorAll<HTMLElement>(
      '[data-chart] .table-scroll, [data-chart] table',
    )) {
      if (box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1)
        out.push(
          `${box.closest('[data-chart]')?.getAttribute('data-chart')}: table ${box.scrollWidth} > ${box.clientWidth} px`,
        );
    }
    return out;
  });
}

describe('presentation mode', () => {
  it('shows each step’s chart(s) and text on one 1024 × 768 screen, and nothing else', async () => {
    const { page, log } = await openPage(browser, '/');
    await enter(page, 1024, 768);
    for (let i = 0; i < STORY.length; i++) {
      const step = STORY[i];
      await expect.poll(async () => (await now(page)).step).toBe(i);
      const text = page.locator('.presentation-text');
      await expect.poll(() => text.getAttribute('data-step')).toBe(step.id);
      await page.waitForTimeout(300);
      await screenshot(page, `present-1024x768-step-${i + 1}`, { fullPage: false });
      const want = [step.chart, ...(step.alsoChart ? [step.alsoChart] : [])];
      const seen = await visibleCharts(page);
      expect(new Set(seen.map((c) => c.id))).toEqual(new Set(want));
      for (const c of seen) {
        expect(c.shown, `step ${i + 1}: ${c.id} on screen (px)`).toBeGreaterThan(200);
        // Only the worked example (buttons, two samples, their bars) may scroll in its box.
        expect
          .soft(c, `step ${i + 1}: ${c.id} inside the viewport`)
          .toMatchObject(c.id === 'worked-example' ? { inside: true } : { inside: true, whole: true });
      }
      // The step's text: its title and its paragraphs, inside the viewport.
      expect(await page.locator('.presentation-bar h2').isVisible()).toBe(true);
      const paragraphs = await text.locator('p').count();
      expect(paragraphs).toBeGreaterThan(0);
      const box = await text.boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(768.5);
      expect(box!.x + box!.width).toBeLessThanOrEqual(1024.5);
      expect(await text.locator('p').first().isVisible()).toBe(true);
      // Nothing else: no sidebar, no upload box, no header, no other section, no horizontal scroll.
      for (const sel of [
        '[data-section="your-model"]',
        '.sidebar',
        '.app-header',
        '.story-panel',
        '.look-closer',
      ])
        expect(
          await page
            .locator(sel)
            .evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length),
          sel,
        ).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(768);
      if (i < STORY.length - 1) await press(page, 'ArrowRight');
    }
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('moves by the clicker’s keys, α by its own, trains only when asked, and resets with Home', async () => {
    const { page, log } = await openPage(browser, '/');
    await enter(page, 1024, 768);
    expect((await now(page)).step).toBe(0);
    for (const [key, step] of [
      ['ArrowRight', 1],
      ['PageDown', 2],
      ['Space', 3],
      ['ArrowLeft', 2],
      ['PageUp', 1],
    ] as const) {
      await press(page, key);
      expect((await now(page)).step, key).toBe(step);
    }
    // α: ] and [ only; the story keys leave it alone.
    const a0 = (await now(page)).alpha;
    expect(a0).toBe(0.2);
    await press(page, ']');
    expect((await now(page)).alpha).toBeCloseTo(0.25, 10);
    expect((await now(page)).step).toBe(1);
    await expect.poll(() => page.getByTestId('present-alpha').textContent()).toBe('α = 0.25');
    // 0.25 is not in the bank: nothing trains, even long after the slider's settle delay.
    await page.waitForTimeout(1500);
    expect((await now(page)).active).toBeNull();
    const notice = page.getByTestId('present-untrained');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('α = 0.25 is not trained: press T to train it');
    await screenshot(page, 'present-untrained-alpha', { fullPage: false });
    await press(page, '[');
    expect((await now(page)).alpha).toBeCloseTo(0.2, 10);
    await expect.poll(() => notice.count()).toBe(0);
    // T trains when asked; the notice says the charts show a model in training.
    await press(page, ']');
    await press(page, 't');
    await expect.poll(async () => (await now(page)).active?.alphas).toEqual([0, 0.25]);
    await expect.poll(() => notice.getAttribute('data-kind'), { timeout: 30_000 }).toBe('training');
    // Home: back to step 1, α = 0.2, seed 0, normalisation as step 1 says, the precomputed models.
    await press(page, 'ArrowRight');
    await press(page, 'Home');
    await expect
      .poll(() => now(page))
      .toMatchObject({ step: 0, alpha: 0.2, seed: 0, normalise: STORY[0].state.normalise, active: null });
    await expect.poll(() => notice.count()).toBe(0);
    const origin = await page.evaluate(() =>
      Object.values(window.lssc!.runs.getState().records)
        .filter((r) => r.alpha === 0 || r.alpha === 0.2)
        .filter((r) => r.seed === 0)
        .map((r) => `${r.alpha}:${r.origin}:${r.status}`),
    );
    expect(origin.sort()).toEqual(['0.2:precomputed:done', '0:precomputed:done']);
    // The shortcut list opens over the presentation and names the keys; Esc closes only the list.
    // The key reaches the page's handler (recorded first, in the capture phase) and opens the list.
    // Under heavy load a synthetic key press has been seen not to arrive at all: pressed again then.
    await page.evaluate(() => {
      const w = window as unknown as { keysSeen: string[] };
      w.keysSeen = [];
      window.addEventListener('keydown', (e) => w.keysSeen.push(e.key), true);
    });
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const seen = () => page.evaluate(() => (window as unknown as { keysSeen: string[] }).keysSeen);
    for (let attempt = 0; attempt < 3 && !(await seen()).includes('?'); attempt++) {
      await press(page, '?');
      await page.waitForTimeout(500);
    }
    expect(await seen()).toContain('?');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('tr[data-when="presenting"]').count()).toBeGreaterThanOrEqual(6);
    await screenshot(page, 'present-shortcuts', { fullPage: false });
    await press(page, 'Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => window.lssc!.view.getState().presenting)).toBe(true);
    // R does the same.
    await press(page, 'PageDown');
    await press(page, 'r');
    await expect.poll(async () => (await now(page)).step).toBe(0);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  for (const [width, height] of [
    [1024, 768],
    [1920, 1080],
  ] as const) {
    it(`is readable from the back of a room at ${width} × ${height}`, async () => {
      const { page } = await openPage(browser, '/');
      await enter(page, width, height);
      for (let i = 0; i < STORY.length; i++) {
        await press(page, i === 0 ? 'Home' : 'ArrowRight');
        await expect.poll(async () => (await now(page)).step).toBe(i);
        await page.waitForTimeout(200);
        expect(await smallestBodyText(page), `step ${i + 1}`).toBeGreaterThanOrEqual(
          BODY_MIN[width === 1024 ? 1024 : 1920],
        );
        const marks = await smallestChartMarks(page);
        if (marks.svgs > 0) {
          expect(marks.text, `step ${i + 1} chart text, smallest ${marks.at}`).toBeGreaterThanOrEqual(
            CHART_TEXT_MIN[width === 1024 ? 1024 : 1920],
          );
          expect(marks.line, `step ${i + 1} lines`).toBeGreaterThanOrEqual(LINE_MIN);
        }
        expect(await cutOff(page), `step ${i + 1}: cut-off labels and tables`).toEqual([]);
      }
      if (width === 1920) await screenshot(page, 'present-1920x1080-step-8', { fullPage: false });
      await page.context().close();
    });
  }
});
