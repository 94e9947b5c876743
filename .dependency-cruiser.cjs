/**
 * Dependency rules for src/, generated from architecture/layers.cjs: a layer imports only the
 * layers it lists (all below it), no import cycles, no unresolvable import, some packages only in
 * some layers. `npm run lint` runs it (`depcruise src`); a violation fails CI.
 */
const { LAYERS, PACKAGES } = require('./architecture/layers.cjs');

const re = (layer) => `^${layer.path}`;
const byName = new Map(LAYERS.map((l) => [l.name, l]));
const any = (layers) => layers.map((l) => `(${re(l)})`).join('|');

const layerRules = LAYERS.map((layer) => {
  const forbidden = LAYERS.filter((other) => other !== layer && !layer.may.includes(other.name));
  return {
    name: `layer-${layer.name}`,
    severity: 'error',
    comment: `${layer.path} may import only: ${layer.may.join(', ') || 'nothing outside itself'}`,
    from: { path: re(layer) },
    to: {
      path: any(forbidden),
      // The client loads the main-thread host lazily, only when the page alone has WebGL.
      ...(layer.name === 'client' ? { pathNot: '^src/training/host/mainThreadHost\\.ts$' } : {}),
    },
  };
});

const packageRules = PACKAGES.map((pkg) => ({
  name: `package-${pkg.name}`,
  severity: 'error',
  comment: `${pkg.module} only in: ${pkg.layers.join(', ')}`,
  from: { path: '^src/', pathNot: any(pkg.layers.map((n) => byName.get(n))) },
  to: { path: `^node_modules/${pkg.module}/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'client-host-lazy',
      severity: 'error',
      comment: 'the client may load the main-thread host only with a dynamic import',
      from: { path: '^src/training/client/' },
      to: { path: '^src/training/host/', dynamic: false },
    },
    ...packageRules,
    { name: 'no-circular', severity: 'error', comment: 'no import cycles', from: {}, to: { circular: true } },
    {
      name: 'no-unlayered',
      severity: 'error',
      comment: 'every module of src/ belongs to a layer',
      from: { path: '^src/', pathNot: `${any(LAYERS)}|\\.css$` },
      to: {},
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a type from a layer above is an arrow pointing up.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.(css|svg|png)$' },
  },
};
