/**
 * Guided story, keyboard shortcuts and presentation mode (issue 4): every story step sets the state it
 * claims and points at its chart; every shortcut the help overlay lists does what it says; presentation
 * mode at 1024×768 shows one or two charts, high-contrast, with no horizontal scrolling (its own
 * checks: presentation.test.ts).
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

interface Seen {
  alpha: number;
  normalise: boolean;
  rcZoom: boolean;
  storyStep: number | null;
  presenting: boolean;
  helpOpen: boolean;
  active: { paused: boolean } | null;
}

function state(page: Page): Promise<Seen> {
  return page.evaluate(() => {
    const s = window.lssc!.settings.getState();
    const v = window.lssc!.view.getState();
    const a = window.lssc!.runs.getState().active;
    return {
      alpha: s.alpha,
      normalise: s.normalise,
      rcZoom: v.rcZoom,
      storyStep: v.storyStep,
      presenting: v.presenting,
      helpOpen: v.helpOpen,
      active: a ? { paused: a.paused } : null,
    };
  });
}

async function ready(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('[data-chart="risk-coverage"]').getAttribute('data-state'), { timeout: 60_000 })
    .toBe('ready');
}

describe('the guided story', () => {
  it('walks through every step by button and arrow keys, each setting its state and pointing at its chart', async () => {
    const { page, log } = await openPage(browser, '/');
    await ready(page);
    await page.getByRole('button', { name: 'Start the guided story' }).click();
    const panel = page.getByRole('complementary', { name: 'Guided story' });
    for (let i = 0; i < STORY.length; i++) {
      const step = STORY[i];
      await expect.poll(() => panel.textContent()).toContain(`Step ${i + 1} of ${STORY.length}`);
      // The title follows the data (chartData/words): the step is known by its id.
      await expect.poll(() => panel.getAttribute('data-step')).toBe(step.id);
      expect((await panel.getByRole('heading', { level: 2 }).textContent())?.length).toBeGreaterThan(10);
      const s = await state(page);
      expect(s.storyStep).toBe(i);
      expect(s.normalise).toBe(step.state.normalise);
      expect(s.rcZoom).toBe(step.state.rcZoom);
      if (step.state.alpha !== undefined) expect(s.alpha).toBe(step.state.alpha);
      await expect.poll(() => page.locator('.story-target').getAttribute('data-chart')).toBe(step.chart);
      // The risk–coverage chart follows the zoom the step sets.
      expect(await page.locator('[data-chart="risk-coverage"] [data-zoom]').getAttribute('data-zoom')).toBe(
        step.state.rcZoom ? 'low-coverage' : 'full',
      );
      if (i === 2) await screenshot(page, 'story-step-3');
      if (i < STORY.length - 1) {
        // Alternate between the button and the arrow key.
        if (i % 2 === 0) await panel.getByRole('button', { name: 'Next →' }).click();
        else {
          await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
          await page.keyboard.press('ArrowRight');
        }
      }
    }
    await page.keyboard.press('ArrowLeft');
    expect((await state(page)).storyStep).toBe(STORY.length - 2);
    await panel.getByRole('button', { name: '← Previous' }).click();
    expect((await state(page)).storyStep).toBe(STORY.length - 3);
    await panel.getByRole('button', { name: 'Close story' }).click();
    expect((await state(page)).storyStep).toBeNull();
    expect(await page.locator('.story-target').count()).toBe(0);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});

describe('keyboard shortcuts and presentation mode', () => {
  it('does what the help overlay lists, for every listed shortcut', async () => {
    const { page, log } = await openPage(browser, '/');
    await ready(page);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.count()).toBe(1);
    const listed = await dialog
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-key')}@${r.getAttribute('data-when')}`));
    const tested = new Set<string>();
    const press = async (key: string, when: string): Promise<void> => {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press(key === ' ' ? 'Space' : key);
      tested.add(`${key}@${when}`);
    };
    await press('Escape', 'always');
    expect((await state(page)).helpOpen).toBe(false);
    await press('?', 'always');
    expect((await state(page)).helpOpen).toBe(true);
    await press('?', 'always');
    expect((await state(page)).helpOpen).toBe(false);

    // N: normalisation.
    const n0 = (await state(page)).normalise;
    await press('n', 'always');
    expect((await state(page)).normalise).toBe(!n0);
    await press('n', 'always');
    expect((await state(page)).normalise).toBe(n0);

    // S: next story step (opens the story at step 1, then advances).
    await press('s', 'always');
    expect((await state(page)).storyStep).toBe(0);
    await press('s', 'always');
    expect((await state(page)).storyStep).toBe(1);
    // ← → move the story while it is open (outside presentation mode).
    await press('ArrowRight', 'story');
    expect((await state(page)).storyStep).toBe(2);
    await press('ArrowLeft', 'story');
    expect((await state(page)).storyStep).toBe(1);

    // P: presentation mode.
    await page.setViewportSize({ width: 1024, height: 768 });
    await press('p', 'always');
    await expect.poll(async () => (await state(page)).presenting).toBe(true);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('contrast');
    // ] [ change α by one step in presentation mode; ← → move the story there.
    const a0 = (await state(page)).alpha;
    await press(']', 'presenting');
    expect((await state(page)).alpha).toBeCloseTo(a0 + 0.05, 10);
    await press('[', 'presenting');
    expect((await state(page)).alpha).toBeCloseTo(a0, 10);
    expect(await page.getByTestId('present-alpha').textContent()).toBe(`α = ${a0}`);
    const s0 = (await state(page)).storyStep!;
    await press('ArrowRight', 'presenting');
    expect((await state(page)).storyStep).toBe(s0 + 1);
    await press('ArrowLeft', 'presenting');
    expect((await state(page)).storyStep).toBe(s0);

    // Only the step's one or two charts are shown, at projector size, without horizontal scrolling.
    for (let i = 0; i < STORY.length; i++) {
      await page.evaluate((k) => window.lssc!.view.setState({ storyStep: k }), i);
      const visible = await page
        .locator('[data-chart]')
        .evaluateAll((els) =>
          els
            .filter((e) => (e as HTMLElement).offsetParent !== null)
            .map((e) => e.getAttribute('data-chart')),
        );
      const want = [STORY[i].chart, ...(STORY[i].alsoChart ? [STORY[i].alsoChart] : [])];
      expect(new Set(visible)).toEqual(new Set(want));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
      if (i === 1 || i === 3)
        await screenshot(page, `presentation-1024x768-step-${i + 1}`, { fullPage: false });
    }
    // T trains the pair on screen (the precomputed pair is trained again, live); Home stops it and
    // goes back to the first step and the precomputed models.
    await press('t', 'presenting');
    await expect.poll(async () => (await state(page)).active).toEqual({ paused: false });
    await press('Home', 'presenting');
    await expect.poll(async () => (await state(page)).active).toBeNull();
    expect((await state(page)).storyStep).toBe(0);
    // ↓ ↑ scroll the step's text in its box (step 1's text is longer than its box at 1024×768).
    const textTop = () => page.locator('.presentation-text').evaluate((e) => e.scrollTop);
    // Home's precomputed pair brings back the step's full text (its α-sweep and seed sentences) a
    // moment after the stopped run is dropped; until then the text is shorter, and ↓ would scroll
    // only as far as it overflows then (38 px seen under load).
    await expect
      .poll(() => page.locator('.presentation-text').evaluate((e) => e.scrollHeight - e.clientHeight))
      .toBeGreaterThan(50);
    expect(await textTop()).toBe(0);
    await press('ArrowDown', 'presenting');
    await expect.poll(textTop).toBeGreaterThan(50);
    await press('ArrowUp', 'presenting');
    await expect.poll(textTop).toBe(0);
    // Esc leaves presentation mode and restores the theme.
    await press('Escape', 'always');
    expect((await state(page)).presenting).toBe(false);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).not.toBe(
      'contrast',
    );
    // Space outside presentation mode: train / pause.
    await press(' ', 'always');
    await expect.poll(async () => (await state(page)).active).toEqual({ paused: false });
    await press(' ', 'always');
    await expect.poll(async () => (await state(page)).active).toEqual({ paused: true });

    expect(new Set(listed)).toEqual(tested);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('leaves keys to the field being typed in', async () => {
    const { page } = await openPage(browser, '/');
    await ready(page);
    await page.getByText('Advanced training settings').click();
    const epochs = page.getByLabel('Epochs', { exact: true });
    await epochs.fill('');
    await epochs.type('12');
    await epochs.press('n');
    await epochs.press('p');
    const s = await state(page);
    expect(s.presenting).toBe(false);
    expect(await page.evaluate(() => window.lssc!.settings.getState().epochs)).toBe(12);
    await page.context().close();
  });
});
