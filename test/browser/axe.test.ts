/**
 * Accessibility audit with axe-core (issue 14), the standard engine: injected into the page and run
 * on the default page, the guided story, presentation mode and a chart embed. Any violation of
 * impact "serious" or "critical" fails, and every violation found is printed with its elements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './helpers';

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The page under the production CSP (no inline script): the context bypasses it for axe's script only. */
async function open(path: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
  const { page } = await openPage(browser, path, { context: { bypassCSP: true, viewport } });
  return page;
}

async function ready(page: Page, chart = 'risk-coverage'): Promise<void> {
  await page.locator(`[data-chart="${chart}"][data-state="ready"]`).waitFor({ timeout: 90_000 });
}

/** Runs axe on the whole document; prints every violation, returns the serious and critical ones. */
async function audit(page: Page, label: string): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  const all = violations as AxeViolation[];
  for (const v of all)
    console.log(
      `[axe ${label}] ${v.impact ?? '?'} ${v.id}: ${v.help}\n` +
        v.nodes
          .slice(0, 8)
          .map(
            (n) =>
              `    ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ')}` : ''}`,
          )
          .join('\n'),
    );
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const ids = (vs: AxeViolation[]) => vs.map((v) => `${v.id} (${v.nodes.length})`);

describe('axe-core audit', () => {
  // 1024 × 768 is the projector size the page is laid out for; there the metrics table scrolls sideways.
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ])
    it(`finds nothing serious on the default page at ${viewport.width}×${viewport.height}`, async () => {
      const page = await open('/', viewport);
      await ready(page);
      expect(ids(await audit(page, `default page ${viewport.width}`))).toEqual([]);
      await page.context().close();
    });

  it('finds nothing serious in the guided story and in presentation mode', async () => {
    const page = await open('/', { width: 1024, height: 768 });
    await ready(page);
    await page.getByRole('button', { name: 'Start the guided story' }).click();
    await page.locator('.story-target').first().waitFor({ timeout: 30_000 });
    expect(ids(await audit(page, 'guided story'))).toEqual([]);
    await page.locator('body').press('p');
    await expect
      .poll(() => page.evaluate(() => document.documentElement.classList.contains('presenting')))
      .toBe(true);
    expect(ids(await audit(page, 'presentation mode'))).toEqual([]);
    await page.context().close();
  });

  it('finds nothing serious in a chart embed', async () => {
    const page = await open('/?embed=risk-coverage', { width: 800, height: 500 });
    await ready(page);
    expect(ids(await audit(page, 'embed'))).toEqual([]);
    await page.context().close();
  });
});
