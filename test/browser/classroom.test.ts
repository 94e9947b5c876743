/** The classroom link (issue 4): `hide` hides the chosen controls; the builder makes such a link. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('classroom link', () => {
  it('hides the controls it names, reports unknown names, and is built by the page', async () => {
    const { page, log } = await openPage(browser, '/?alpha=0.3&hide=advanced,sweep,files,bogus');
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringMatching(/bogus/));
    expect(await page.getByRole('button', { name: 'Sweep α' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Download results' }).count()).toBe(0);
    expect(await page.getByText('Advanced training settings', { exact: true }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /^Train/ }).isVisible()).toBe(true);
    expect(await page.getByRole('slider', { name: 'Label smoothing α' }).inputValue()).toBe('0.3');
    await expect
      .poll(() => page.getByTestId('hidden-note').textContent())
      .toMatch(/the advanced settings fold/);
    await screenshot(page, 'classroom-link');
    await page.context().close();

    // The builder on a full page: choose what to hide, get the link.
    const full = await openPage(browser, '/?alpha=0.1');
    await full.page.getByText('Classroom link', { exact: true }).click();
    await full.page.getByLabel('Hide the sweep buttons').uncheck();
    await full.page.getByLabel('Hide the normalisation fieldset').check();
    const link = await full.page.getByLabel('Classroom link', { exact: true }).inputValue();
    const q = new URL(link).searchParams;
    expect(q.get('hide')!.split(',').sort()).toEqual(['advanced', 'files', 'normalisation']);
    expect(q.get('alpha')).toBe('0.1');
    expect(log.errors).toEqual([]);
    expect(full.log.errors).toEqual([]);
    await full.page.context().close();
  });
});
