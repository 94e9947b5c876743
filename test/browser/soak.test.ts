/**
 * A short soak (half a minute, about 25 cycles; `npm run soak` runs ten): reset-and-retrain cycles keep the
 * engine's tensor count flat per phase and the heaps bounded, with no error and no foreign request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, baseUrl } from './helpers';
import { SOAK_CHROMIUM_ARGS, heapSummary, soak } from '../../scripts/soakDriver';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...SOAK_CHROMIUM_ARGS],
    headless: true,
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('soak', () => {
  it('reset-and-retrain cycles for twenty seconds (at least 10 cycles): tensors flat, heaps bounded', async () => {
    const result = await soak({ browser, baseUrl: baseUrl(), durationMs: 20_000, phases: 'quick' });
    const heap = heapSummary(result.samples, 'quick');
    console.log(
      `soak: ${result.samples.length} cycles; tensors by phase ${JSON.stringify(result.tensorsByPhase)}; ` +
        `heap page ${(heap.start.page / 1e6).toFixed(1)} → ${(heap.end.page / 1e6).toFixed(1)} MB, ` +
        `worker ${(heap.start.worker / 1e6).toFixed(1)} → ${(heap.end.worker / 1e6).toFixed(1)} MB`,
    );
    expect(result.problems).toEqual([]);
    expect(result.samples.length).toBeGreaterThanOrEqual(10);
    for (const counts of Object.values(result.tensorsByPhase)) expect(counts.length).toBe(1);
    expect(heap.start.page).toBeGreaterThan(0);
    expect(heap.start.worker).toBeGreaterThan(0);
    expect(heap.end.page).toBeLessThan(heap.start.page * 1.5);
    expect(heap.end.worker).toBeLessThan(heap.start.worker * 1.5);
    // Reset forgot every model record each time.
    expect(result.samples.every((s) => s.records === 0)).toBe(true);
  });
});
