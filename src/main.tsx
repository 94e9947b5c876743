import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Embed } from './components/Embed';
import { registerServiceWorker } from './offline/register';
import './styles.css';
import './charts/charts.css';
import './charts/gradients.css';
import { initTheme, THEMES, useTheme } from './theme/theme';
import { createController, type Controller } from './state/controller';
import { useSettings } from './state/settingsStore';
import { useEngine } from './state/engineStore';
import { useRuns } from './state/runsStore';
import { useView } from './state/viewStore';
import { createTrainingClient } from './training/client/client';
import {
  parseBackendPreference,
  parseThreadsPreference,
  parseWatchdogSeconds,
} from './training/protocol/backendPreference';
import { saveBlob } from './browser/saveBlob';
import { settingsFromQuery } from './state/url';
import { PRESETS } from './model/presets';
import type { Settings } from './model/settings';

declare global {
  interface Window {
    /** Automation hook for the browser tests and scripts/: the stores, the engine client, the controller. */
    lssc?: {
      engine: typeof useEngine;
      runs: typeof useRuns;
      /** The settings; `getState().set(key, value)` changes one as the controls do (with its reactions). */
      settings: {
        getState(): Settings & {
          set: Controller['setSetting'];
          applyPreset: Controller['applyPreset'];
        };
        subscribe: typeof useSettings.subscribe;
      };
      client: Controller['client'];
      view: typeof useView;
      /** The URL handling itself, for the URL fuzz test: parse only, or apply as on load. */
      url: { parse: typeof settingsFromQuery; apply: Controller['applyQuery'] };
      /** The presets (model and training settings): `npm run bench` reads the default one. */
      presets: typeof PRESETS;
      /** Chart data still to compute ahead in idle time (state/prewarm.ts): the bench waits for 0. */
      prewarmPending: Controller['prewarmPending'];
      controller: Controller;
    };
  }
}

// `?embed=<chart>`: the page is that one chart alone, for an iframe (components/Embed.tsx).
const embed = new URLSearchParams(location.search).get('embed');

// Before the first render: the page paints in the stored (or the system's) theme from the start;
// an embed's link may fix its theme (`&theme=dark`) over the viewer's, without storing it.
initTheme();
const linkTheme = THEMES.find((t) => t === new URLSearchParams(location.search).get('theme'));
if (embed !== null && linkTheme) useTheme.getState().setOverride(linkTheme);

/**
 * The page's one controller, made here (outside React, so StrictMode's double effects cannot make
 * a second engine) with the browser's clock, idle time, address bar and downloads.
 */
/** Seconds to ms; undefined stays undefined (the client's own default then). */
const secondsToMs = (s: number | undefined): number | undefined => (s === undefined ? undefined : s * 1000);

const controller = createController({
  stores: { settings: useSettings, engine: useEngine, runs: useRuns, view: useView },
  // The backend the URL asks for (?backend=webgl|webgpu|wasm|cpu), the wasm threads (?threads=N), the
  // seconds of silence before the engine is reported as not responding (?watchdog=N) and, with
  // ?engine=main, the main thread instead of a worker (the fallback the client takes by itself when
  // only the page can get WebGL; forcing it helps debugging). Read at each (re)start.
  createClient: () => {
    const params = new URLSearchParams(location.search);
    return createTrainingClient({
      backend: parseBackendPreference(params.get('backend')),
      wasmThreads: parseThreadsPreference(params.get('threads')),
      workers: parseThreadsPreference(params.get('workers')),
      forceMainThread: params.get('engine') === 'main',
      heartbeatTimeoutMs: secondsToMs(parseWatchdogSeconds(params.get('watchdog'))),
    });
  },
  fetchBank: async (path) => {
    const res = await fetch(new URL(path, document.baseURI));
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.text();
  },
  idle:
    typeof requestIdleCallback === 'function'
      ? (cb) => {
          const h = requestIdleCallback(cb, { timeout: 2000 });
          return () => cancelIdleCallback(h);
        }
      : undefined,
  url: {
    search: () => location.search,
    replace: (query) => history.replaceState(history.state, '', query),
  },
  saveBlob,
});

window.lssc = {
  engine: useEngine,
  runs: useRuns,
  settings: {
    getState: () => ({
      ...useSettings.getState(),
      set: controller.setSetting,
      applyPreset: controller.applyPreset,
    }),
    subscribe: useSettings.subscribe,
  },
  client: controller.client,
  view: useView,
  url: { parse: settingsFromQuery, apply: controller.applyQuery },
  presets: PRESETS,
  prewarmPending: controller.prewarmPending,
  controller,
};

// The link's settings, validated (rejected values fall back to their defaults, with a notice),
// the engine, the data and the bundled bank.
controller.start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {embed === null ? <App controller={controller} /> : <Embed controller={controller} chart={embed} />}
  </StrictMode>,
);
registerServiceWorker();
