/**
 * Hostile links: 400 random and malicious query strings applied through the page's own URL handling
 * (window.lssc.url.apply, what the page runs on load), then a dozen as real page loads. No uncaught
 * error, every resulting setting valid and equal to what the parser (run here in Node) says, one
 * dismissible notice per bad link, and nothing from a link ever rendered as HTML or run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './helpers';
import { createRng } from '../../src/data/rng';
import { settingsFromQuery } from '../../src/state/url';
import { SETTING_PROPS, validateSetting, type Settings } from '../../src/model/settings';
import { DEFAULT_PRESET } from '../../src/model/presets';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const KEYS = [
  'dataset',
  'model',
  'alpha',
  'seed',
  'epochs',
  'lr',
  'batch',
  'trainSize',
  'ln',
  'centre',
  'p',
  'backend',
  'engine',
];
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'prototype',
  'alpha[]',
  'p.q',
  '<b>x</b>',
  '',
  'x'.repeat(3000),
  'ünï',
  '%00',
];
const PAYLOADS = [
  '<script>window.pwned=1</script>',
  '"><img src=x onerror="window.pwned=1">',
  'javascript:window.pwned=1',
  '{{constructor.constructor("window.pwned=1")()}}',
  '${window.pwned=1}',
  '<svg onload=window.pwned=1>',
  '%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E',
];
const NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '1e400',
  '-1',
  '-0',
  '0',
  '1',
  '0.2',
  '0.05',
  '1e-400',
  '9'.repeat(400),
  '0x10',
  '1_000',
  '.5',
  '5.',
  '1e3',
  ' 3 ',
  '',
  '12.5',
  '-1e-9',
  '0.6000001',
  '1024',
  '1025',
  '10000',
  '10001',
  '49',
  '50',
];
const WORDS = [
  'auto',
  'true',
  'false',
  'yes',
  'on',
  'webgl',
  'wasm',
  'cpu',
  'main',
  'worker',
  'fashion-mnist',
  'blobs',
  'moons',
  'mlp',
  'cnn',
  'null',
  'undefined',
  '[]',
  '{}',
  'é',
  '😀',
  '\u202e',
  'a'.repeat(10_000),
];

function randomQuery(rng: ReturnType<typeof createRng>): string {
  const pick = <T>(a: readonly T[]): T => a[rng.int(a.length)];
  const kind = rng.int(10);
  if (kind === 0) {
    // A flood of parameters.
    return `?${Array.from({ length: 200 + rng.int(3000) }, (_, i) => `${pick([...KEYS, `k${i}`])}=${pick(NUMBERS)}`).join('&')}`;
  }
  if (kind === 1) {
    // Raw, possibly broken, encodings.
    return pick([
      '?%',
      '?%%',
      '?a=%E0%A4%A',
      '?alpha=%FF%FE',
      '?&&&',
      '?=',
      '?==',
      '?a=b=c',
      '?alpha=0.1#frag',
      '??alpha=0.1',
      '?alpha=0.1&alpha=abc',
      '?lr=1e-3;seed=2',
      '?seed=1%00',
    ]);
  }
  const n = 1 + rng.int(8);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = rng.int(5) === 0 ? pick(HOSTILE_KEYS) : pick(KEYS);
    const value = pick(pick([NUMBERS, NUMBERS, WORDS, PAYLOADS]));
    parts.push(`${encodeURIComponent(key)}=${rng.int(3) === 0 ? value : encodeURIComponent(value)}`);
  }
  return `?${parts.join('&')}`;
}

function isValid(s: Settings): boolean {
  return (Object.keys(SETTING_PROPS) as (keyof Settings)[]).every((k) => validateSetting(k, s[k]) === s[k]);
}

describe('hostile links', () => {
  it('survives 400 random and malicious queries applied through the page', async () => {
    const rng = createRng(2024, 'url-fuzz');
    const queries = Array.from({ length: 400 }, () => randomQuery(rng));
    const { page, log } = await openPage(browser, '/');
    await expect.poll(() => page.getByTestId('dataset').textContent(), { timeout: 60_000 }).toMatch(/train/);
    const scriptsBefore = await page.locator('script').count();

    const results = await page.evaluate(async (qs) => {
      const out: { settings: unknown; rejected: string[] }[] = [];
      for (const q of qs) {
        const rejected = window.lssc!.url.apply(q);
        const { set: _s, applyPreset: _a, ...settings } = window.lssc!.settings.getState();
        out.push({ settings, rejected });
        // Let React render and the engine hear about it now and then, as a person clicking links would.
        if (out.length % 20 === 0) await new Promise((r) => setTimeout(r, 50));
      }
      return out;
    }, queries);

    let bad = 0;
    for (let i = 0; i < queries.length; i++) {
      const expected = settingsFromQuery(queries[i], DEFAULT_PRESET);
      expect(results[i].settings, queries[i].slice(0, 200)).toEqual(expected.settings);
      expect(results[i].rejected).toEqual(expected.rejected);
      expect(isValid(results[i].settings as Settings)).toBe(true);
      if (expected.rejected.length) bad++;
    }
    expect(bad).toBeGreaterThan(300);
    // One notice per bad link, each plain text with its dismiss button; nothing from a link ran.
    const notices = page.locator('.notices [role="alert"]');
    await expect.poll(() => notices.count()).toBe(bad);
    expect(await page.locator('.notices [role="alert"] *:not(span):not(button)').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(scriptsBefore);
    expect(
      await page
        .locator('img, iframe, object, embed, svg[onload]')
        .evaluateAll((els) => els.filter((e) => e.closest('.notices')).length),
    ).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await notices.first().getByRole('button', { name: 'Dismiss notice' }).click();
    await expect.poll(() => notices.count()).toBe(bad - 1);
    // The page still works: the last link's dataset loads.
    await expect
      .poll(() => page.getByTestId('dataset').textContent(), { timeout: 90_000 })
      .toMatch(/train ·/);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('loads the page from hostile links with a notice, valid settings and a clean URL', async () => {
    const links = [
      `/?alpha=${PAYLOADS[1]}&seed=${'9'.repeat(400)}`,
      '/?__proto__=1&constructor=2&toString=3',
      `/?lr=NaN&epochs=1e400&batch=-64&trainSize=-1`,
      `/?dataset=<script>window.pwned=1</script>&model=cnn`,
      `/?backend=javascript:window.pwned=1&engine=evil`,
      `/?p=11&ln=maybe&centre=${'x'.repeat(5000)}`,
      `/?${Array.from({ length: 2000 }, (_, i) => `x${i}=1`).join('&')}`,
      '/?a=%E0%A4%A&%=%',
    ];
    for (const link of links) {
      const { page, log } = await openPage(browser, link);
      const alert = page.locator('.notices [role="alert"]');
      await expect.poll(() => alert.count()).toBe(1);
      expect(await alert.textContent()).toMatch(
        /^This link had settings that could not be used, so their defaults apply: .+\./,
      );
      const url = new URL(page.url());
      for (const [k, v] of url.searchParams) {
        expect(KEYS).toContain(k);
        expect(v.length).toBeLessThan(30);
      }
      expect(settingsFromQuery(url.search, DEFAULT_PRESET).rejected).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(log.errors).toEqual([]);
      await page.context().close();
    }
  });
});
