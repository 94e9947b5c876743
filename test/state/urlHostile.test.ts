/** The URL parser against hostile input: prototype keys, odd number syntax, engine keys, floods. */
import { describe, expect, it } from 'vitest';
import { queryFromSettings, rejectedNotice, settingsFromQuery } from '../../src/state/url';
import { presetDefaults, validateSetting } from '../../src/model/settings';

const DEFAULTS = presetDefaults('fmnist-mlp');

describe('hostile links', () => {
  it('treats prototype property names as unknown keys, not as settings', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']) {
      const { settings, rejected } = settingsFromQuery(`?${key}=1&${key}[x]=2`, 'fmnist-mlp');
      expect(settings).toEqual(DEFAULTS);
      expect(rejected).toContain(key);
      expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    }
    expect(validateSetting('__proto__' as never, '1')).toBeNull();
  });

  it('accepts plain decimals only', () => {
    const bad = ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', '1_000', '', ' ', '1e400', '١', '5px', '1,5'];
    for (const v of bad)
      expect(settingsFromQuery(`?seed=${encodeURIComponent(v)}`, 'fmnist-mlp').rejected).toEqual(['seed']);
    expect(settingsFromQuery('?seed=16&lr=1e-3&alpha=.25', 'fmnist-mlp')).toMatchObject({
      settings: { seed: 16, learningRate: 0.001, alpha: 0.25 },
      rejected: [],
    });
    expect(Object.is(settingsFromQuery('?seed=-0', 'fmnist-mlp').settings.seed, 0)).toBe(true);
  });

  it('validates the engine keys and keeps only valid ones in the URL it writes', () => {
    const { rejected } = settingsFromQuery('?backend=<img src=x>&engine=javascript:alert(1)', 'fmnist-mlp');
    expect(rejected.sort()).toEqual(['backend', 'engine']);
    expect(settingsFromQuery('?backend=webgl&engine=main', 'fmnist-mlp').rejected).toEqual([]);
    const q = new URLSearchParams(queryFromSettings(DEFAULTS, '?backend=evil&engine=main'));
    expect(q.get('backend')).toBeNull();
    expect(q.get('engine')).toBe('main');
  });

  it('bounds what a notice lists: long keys cut, control characters replaced, floods summarised', () => {
    const flood = Array.from({ length: 5000 }, (_, i) => `k${i}=1`).join('&');
    const { rejected } = settingsFromQuery(`?${flood}&${'y'.repeat(3000)}=1&a%00b%1Bc=1`, 'fmnist-mlp');
    expect(rejected.length).toBe(5002);
    expect(rejected).toContain(`${'y'.repeat(40)}…`);
    expect(rejected).toContain('a?b?c');
    const text = rejectedNotice(rejected);
    expect(text).toMatch(/k0, k1, .*k11 and 4990 more\.$/);
    expect(text.length).toBeLessThan(400);
  });
});
