/**
 * Shareable state: a link's settings are applied exactly, the URL follows changes without new
 * history entries, and a malformed link loads the defaults with a visible, dismissible notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('settings in the URL', () => {
  it('applies a link exactly and keeps the URL current with replaceState', async () => {
    const { page, log } = await openPage(
      browser,
      '/?dataset=fashion-mnist&model=mlp&alpha=0.3&seed=2&epochs=5&lr=0.002&trainSize=1000&ln=0&p=3',
    );
    const slider = page.getByRole('slider', { name: 'Label smoothing α' });
    await expect.poll(() => slider.inputValue()).toBe('0.3');
    await page.getByText('Advanced training settings').click();
    expect(await page.getByLabel('Epochs', { exact: true }).inputValue()).toBe('5');
    expect(await page.getByLabel('Learning rate', { exact: true }).inputValue()).toBe('0.002');
    expect(await page.getByLabel('Training-set size', { exact: true }).inputValue()).toBe('1000');
    expect(await page.getByLabel('Seed', { exact: true }).inputValue()).toBe('2');
    expect(await page.getByLabel('Show MaxLogit-pNorm').isChecked()).toBe(false);
    expect(await page.getByLabel('p', { exact: true }).inputValue()).toBe('3');
    await expect
      .poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 })
      .toMatch(/1,000 train/);
    expect(await page.getByRole('alert').count()).toBe(0);

    const historyLength = await page.evaluate(() => history.length);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('alpha')).toBe('0.35');
    await page.getByLabel('Show MaxLogit-pNorm').check();
    await expect.poll(() => new URL(page.url()).searchParams.get('ln')).toBe('1');
    expect(await page.evaluate(() => history.length)).toBe(historyLength);

    // "Copy link" puts exactly this URL, with every setting, on the clipboard.
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Link copied.' }).count()).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(page.url());
    expect(new URL(copied).searchParams.get('alpha')).toBe('0.35');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('loads the defaults with a dismissible notice naming what a malformed link got wrong', async () => {
    const { page, log } = await openPage(
      browser,
      '/?alpha=abc&epochs=-5&foo=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    );
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/alpha, epochs, foo/);
    expect(await page.getByRole('slider', { name: 'Label smoothing α' }).inputValue()).toBe('0.2');
    expect(await page.locator('script:not([type="module"])').count()).toBe(0);
    await page.getByRole('button', { name: 'Dismiss notice' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    // The URL now holds the valid, default settings.
    expect(new URL(page.url()).searchParams.get('alpha')).toBe('0.2');
    expect(new URL(page.url()).searchParams.get('foo')).toBeNull();
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
