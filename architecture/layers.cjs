/**
 * The layers of src/, lowest first. A layer may import only the layers it lists, all of which come
 * before it: every import points down. `.dependency-cruiser.cjs` turns this list into rules that
 * `npm run lint` enforces, and README.md's architecture diagram is rendered from it
 * (`npm run arch:diagram`; test/architecture.test.ts checks that the two agree).
 */
const LAYERS = [
  {
    name: 'analysis',
    path: 'src/analysis/',
    about: 'pure float64 maths: scores, metrics, RC curves, p search, gradients',
    may: [],
  },
  { name: 'data', path: 'src/data/', about: 'datasets, seeded random streams, byte sources', may: [] },
  {
    name: 'browser',
    path: 'src/browser/',
    about: 'small browser helpers: saving a file, the typed worker channel',
    may: [],
  },
  {
    name: 'model',
    path: 'src/model/',
    about:
      'the shared vocabulary: checkpoint and view types, caches, presets, settings schema, records, results and bank files, names',
    may: ['analysis', 'data'],
  },
  {
    name: 'protocol',
    path: 'src/training/protocol/',
    about: 'engine messages and endpoints (no tfjs)',
    may: ['browser', 'model', 'data'],
  },
  {
    name: 'trainer',
    path: 'src/training/trainer/',
    about: 'tfjs: models, LS loss, the α-bank, the training loop',
    may: ['protocol', 'model', 'data', 'analysis'],
  },
  {
    name: 'host',
    path: 'src/training/host/',
    about: 'the engine behind the protocol: worker, main-thread host, diagnostics',
    may: ['browser', 'trainer', 'protocol', 'model', 'data', 'analysis'],
  },
  {
    name: 'client',
    path: 'src/training/client/',
    about: "the page's handle on the engine",
    may: ['browser', 'protocol', 'model', 'data'],
  },
  {
    name: 'import',
    path: 'src/import/',
    about: 'logits files: parsers, their worker and its client',
    may: ['browser', 'model', 'analysis', 'data'],
  },
  {
    name: 'chartData',
    path: 'src/chartData/',
    about: 'what each chart plots, built from views (pure); chart specs',
    may: ['model', 'analysis'],
  },
  { name: 'theme', path: 'src/theme/', about: 'light, dark and high-contrast themes', may: [] },
  {
    name: 'state',
    path: 'src/state/',
    about: 'stores and the app controller (every reaction)',
    may: ['client', 'protocol', 'import', 'chartData', 'model', 'analysis', 'data', 'browser', 'theme'],
  },
  {
    name: 'cli',
    path: 'src/cli/',
    about: 'the headless runner (Node)',
    may: ['host', 'trainer', 'protocol', 'model', 'data', 'analysis'],
  },
  {
    name: 'charts',
    path: 'src/charts/',
    about: 'chart kit and chart components: data in, callbacks out',
    may: ['chartData', 'model', 'analysis', 'browser', 'theme'],
  },
  {
    name: 'story',
    path: 'src/story/',
    about: 'the guided story and keyboard shortcuts',
    may: ['state', 'chartData', 'model'],
  },
  {
    name: 'components',
    path: 'src/components/',
    about: 'page sections, controls, presentation mode',
    may: ['state', 'charts', 'story', 'chartData', 'model', 'analysis', 'browser', 'theme', 'import'],
  },
  { name: 'offline', path: 'src/offline/', about: 'the service worker', may: [] },
  {
    name: 'app',
    path: 'src/(App|main)\\.tsx$',
    about: 'the page; main.tsx composes the controller with the browser (client, clock, storage)',
    may: [
      'components',
      'story',
      'charts',
      'state',
      'client',
      'protocol',
      'chartData',
      'model',
      'theme',
      'offline',
      'browser',
    ],
  },
];

/** Third-party packages only some layers may use. */
const PACKAGES = [
  { name: 'tfjs', module: '@tensorflow', layers: ['trainer', 'host', 'cli'] },
  { name: 'react', module: 'react(-dom)?', layers: ['state', 'charts', 'story', 'components', 'app'] },
  { name: 'zustand', module: 'zustand', layers: ['state', 'theme'] },
  { name: 'katex', module: 'katex', layers: ['components'] },
];

module.exports = { LAYERS, PACKAGES };
