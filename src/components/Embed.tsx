/**
 * `?embed=<chart>`: one chart alone, for an <iframe> in a slide deck: its title and its drawing
 * with the legend, filling the frame (the chart fits its box as in presentation mode, its text
 * growing with a wide frame: 1× up to 760 px wide, up to 2× at 1,520 px); no header, controls, other sections or explanation. The
 * page's controller runs as on the full page (the link's settings, the bundled bank), so the chart
 * shows what the same link shows there. Faults still show (Notices, EngineAlerts); an unknown chart
 * id is named with the list of valid ones.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ChartFitContext, type ChartFit } from '../charts/kit/frame';
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
  const fit = useEmbedFit();
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
      <ChartFitContext.Provider value={fit}>
        <ChartSections />
      </ChartFitContext.Provider>
    </main>
  );
}

/** The zoom of the embedded chart: its text grows with the frame's width (1× up to 760 px, ≤ 2×). */
export function embedZoom(frameWidth: number): number {
  return Math.min(2, Math.max(1, frameWidth / 760));
}

function useEmbedFit(): ChartFit {
  const [width, setWidth] = useState(() => (typeof window === 'undefined' ? 760 : window.innerWidth));
  useEffect(() => {
    const read = (): void => setWidth(window.innerWidth);
    window.addEventListener('resize', read);
    return () => window.removeEventListener('resize', read);
  }, []);
  const zoom = embedZoom(width);
  return useMemo(() => ({ zoom }), [zoom]);
}
