import { describe, expect, it } from 'vitest';
import { queryFromSettings, settingsFromQuery } from '../../src/state/url';
import { presetDefaults } from '../../src/model/settings';
import { parseThreadsPreference, parseWatchdogSeconds } from '../../src/training/protocol/backendPreference';

describe('settings ⇄ URL', () => {
  it('reads every key of a valid link', () => {
    const { settings, rejected } = settingsFromQuery(
      '?dataset=blobs&model=mlp&alpha=0.35&seed=7&epochs=12&lr=0.002&batch=128&trainSize=300&ln=0&centre=false&p=3',
      'fmnist-mlp',
    );
    expect(rejected).toEqual([]);
    expect(settings).toEqual({
      preset: 'blobs-mlp',
      alpha: 0.35,
      seed: 7,
      epochs: 12,
      learningRate: 0.002,
      batchSize: 128,
      trainSize: 300,
      normalise: false,
      centred: false,
      p: 3,
    });
  });

  it('round-trips: the query made from settings reads back as the same settings, engine keys kept', () => {
    const s = { ...presetDefaults('fmnist-cnn'), alpha: 0.15, seed: 3, p: 'auto' as const, normalise: false };
    const q = queryFromSettings(s, '?backend=wasm&alpha=0.4');
    expect(new URLSearchParams(q).get('backend')).toBe('wasm');
    expect(settingsFromQuery(q, 'fmnist-mlp')).toEqual({ settings: s, rejected: [] });
  });

  it('keeps ?threads= (1 to 16, the wasm backend) and rejects anything else by name', () => {
    const s = presetDefaults('fmnist-mlp');
    expect(new URLSearchParams(queryFromSettings(s, '?threads=2')).get('threads')).toBe('2');
    expect(settingsFromQuery('?threads=16', 'fmnist-mlp').rejected).toEqual([]);
    for (const bad of ['0', '17', '2.5', '-1', 'all', '02x'])
      expect(settingsFromQuery(`?threads=${bad}`, 'fmnist-mlp').rejected).toEqual(['threads']);
    expect(parseThreadsPreference('4')).toBe(4);
    for (const bad of [null, '', '0', '17', '1e1', ' 2']) expect(parseThreadsPreference(bad)).toBeUndefined();
    // ?watchdog=N: seconds of engine silence before the page reports it, 2 to 120.
    expect(parseWatchdogSeconds('5')).toBe(5);
    expect(parseWatchdogSeconds('120')).toBe(120);
    for (const bad of [null, '', '1', '121', '5.5', '-5', ' 5', '1000'])
      expect(parseWatchdogSeconds(bad)).toBeUndefined();
    expect(settingsFromQuery('?watchdog=5', 'fmnist-mlp').rejected).toEqual([]);
    expect(settingsFromQuery('?watchdog=1', 'fmnist-mlp').rejected).toEqual(['watchdog']);
  });

  it('rejects hostile and malformed values by name and keeps the defaults', () => {
    const defaults = presetDefaults('fmnist-mlp');
    const long = 'x'.repeat(5000);
    const { settings, rejected } = settingsFromQuery(
      `?alpha=abc&epochs=-5&seed=1e400&lr=NaN&trainSize=${long}&p=11&ln=maybe&dataset=<script>alert(1)</script>&unknown=1&batch=12.5`,
      'fmnist-mlp',
    );
    expect(settings).toEqual(defaults);
    expect(rejected.sort()).toEqual(
      ['alpha', 'batch', 'dataset', 'epochs', 'ln', 'lr', 'p', 'seed', 'trainSize', 'unknown'].sort(),
    );
  });

  it('snaps α to its grid and accepts p=auto', () => {
    const { settings } = settingsFromQuery('?alpha=0.30000000000000004&p=auto', 'fmnist-mlp');
    expect(settings.alpha).toBe(0.3);
    expect(settings.p).toBe('auto');
  });

  it('accepts the view keys embed and theme, keeps them in the rewritten URL, and rejects bad values', () => {
    const ok = settingsFromQuery('?embed=risk-coverage&theme=dark&alpha=0.3', 'fmnist-mlp');
    expect(ok.rejected).toEqual([]);
    expect(ok.settings.alpha).toBe(0.3);
    const q = new URLSearchParams(queryFromSettings(ok.settings, '?embed=risk-coverage&theme=dark'));
    expect(q.get('embed')).toBe('risk-coverage');
    expect(q.get('theme')).toBe('dark');
    const bad = settingsFromQuery('?embed=<b>x</b>&theme=purple', 'fmnist-mlp');
    expect(bad.rejected.sort()).toEqual(['embed', 'theme']);
    const dropped = new URLSearchParams(queryFromSettings(bad.settings, '?embed=<b>x</b>&theme=purple'));
    expect(dropped.has('embed')).toBe(false);
    expect(dropped.has('theme')).toBe(false);
  });
});
