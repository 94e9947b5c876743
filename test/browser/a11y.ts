/** Keyboard-only checks: tab through a page and read what the browser exposes for each stop. */
import type { Page } from 'playwright-core';

export interface TabStop {
  /** e.g. "button", "input[type=checkbox]", "svg". */
  element: string;
  /** Chromium's computed accessible role and name (the accessibility tree, via CDP). */
  role: string;
  name: string;
  /** The focus indicator's computed outline. */
  outline: { style: string; width: number };
}

interface AXValue {
  value?: unknown;
}
interface AXNode {
  role?: AXValue;
  name?: AXValue;
}

/**
 * Presses Tab from the top of the page until focus leaves the page or comes back to the first stop,
 * and records every stop. Throws if there are more than `max` stops (a focus trap).
 */
export async function tabThrough(page: Page, max = 300): Promise<TabStop[]> {
  const cdp = await page.context().newCDPSession(page);
  // Start at the top: focus a temporary element placed first in <body>, removed after the first Tab.
  await page.evaluate(() => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    start.id = 'tab-start';
    document.body.prepend(start);
    start.focus();
  });
  const stops: TabStop[] = [];
  let first: string | null = null;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (i === 0) await page.evaluate(() => document.getElementById('tab-start')?.remove());
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // A stable identity for this stop: its path from <html>.
      const path: string[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const i = e.parentElement ? Array.from(e.parentElement.children).indexOf(e) : 0;
        path.push(`${e.localName}:${i}`);
      }
      return path.join('/');
    });
    if (id === null || id === first) {
      await cdp.detach();
      return stops;
    }
    first ??= id;
    const { result } = (await cdp.send('Runtime.evaluate', { expression: 'document.activeElement' })) as {
      result: { objectId?: string };
    };
    const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', {
      objectId: result.objectId,
      fetchRelatives: false,
    })) as { nodes: AXNode[] };
    const ax = nodes[0] ?? {};
    const info = await page.evaluate(() => {
      const el = document.activeElement as Element;
      const cs = getComputedStyle(el);
      const type = el.getAttribute('type');
      return {
        element: type ? `${el.localName}[type=${type}]` : el.localName,
        outline: { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) || 0 },
      };
    });
    stops.push({ ...info, role: String(ax.role?.value ?? ''), name: String(ax.name?.value ?? '').trim() });
  }
  await cdp.detach();
  throw new Error(`more than ${max} tab stops: a focus trap?`);
}

/** True when nothing in the page is wider than the viewport (no horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewport: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
}
