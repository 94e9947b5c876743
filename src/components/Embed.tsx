/**
 * `?embed=<chart>`: one chart alone, for an <iframe> in a slide deck: its title and its drawing
 * with the legend, sized to the frame; no header, controls, other sections or explanation. The
 * page's controller runs as on the full page (the link's settings, the bundled bank), so the chart
 * shows what the same link shows there. Faults still show (Notices, EngineAlerts); an unknown chart
 * id is named with the list of valid ones.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { Controller } from '../state/controller';
import { ControllerContext } from '../state/controllerContext';
import { useSettings } from '../state/settingsStore';
import { EmbedContext } from './embedContext';
import { ChartSections } from './ChartSections';
import { Notices } from './Notices';
import { EngineAlerts } from './EngineAlerts';
import './embed.css';

export function Embed({ controller, chart }: { controller: Controller; chart: string }) {
  return (
    <ControllerContext.Provider value={controller}>
      <EmbedContext.Provider value={chart}>
        <EmbedPage chart={chart} />
      </EmbedContext.Provider>
    </ControllerContext.Provider>
  );
}

function EmbedPage({ chart }: { chart: string }) {
  const root = useRef<HTMLElement>(null);
  const [slots, setSlots] = useState<string[] | null>(null);
  const preset = useSettings((s) => s.preset);
  // The charts this page has (the 2-D datasets add one), read from the slots ChartSections renders.
  useLayoutEffect(() => {
    const ids = [...(root.current?.querySelectorAll<HTMLElement>('[data-slot]') ?? [])].map(
      (el) => el.dataset.slot ?? '',
    );
    setSlots(ids);
  }, [preset]);
  useFitToFrame(root);
  const unknown = slots !== null && !slots.includes(chart);
  return (
    <main ref={root} className="embed" aria-labelledby="embed-heading">
      <h1 id="embed-heading" className="visually-hidden">
        LS-SC Explorer: {chart}
      </h1>
      <Notices />
      <EngineAlerts />
      {unknown ? (
        <div role="alert" className="notice embed-unknown" data-testid="embed-unknown">
          <p>
            There is no chart called “{chart}” to embed. Use one of: {slots.join(', ')} — for example{' '}
            <code>?embed={slots[0]}</code>.
          </p>
        </div>
      ) : null}
      <ChartSections />
    </main>
  );
}

/**
 * Keeps the chart inside the frame: its drawing keeps its aspect ratio, so when the page is taller
 * than the window the chart is narrowed until title, drawing and legend fit (never below 240 px).
 */
function useFitToFrame(root: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    const fit = (): void => {
      const plot = el.querySelector<HTMLElement>('.slot:not([hidden]) .chart-plot');
      const main = plot?.closest<HTMLElement>('.chart-main');
      if (!plot || !main) return;
      const box = plot.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return;
      const rest = el.getBoundingClientRect().height - box.height;
      const width = Math.max(240, Math.floor(((window.innerHeight - rest) * box.width) / box.height));
      const next = width < el.clientWidth ? `${width}px` : '';
      if (main.style.maxWidth !== next) main.style.maxWidth = next;
    };
    fit();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(fit);
    observer?.observe(el);
    window.addEventListener('resize', fit);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, [root]);
}
