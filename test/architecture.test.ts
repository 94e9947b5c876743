/**
 * The layering of src/ (architecture/layers.cjs): the real tree has no violation, the rules catch
 * deliberate ones (test/fixtures/layers/), every layer imports only layers below it, and README.md's
 * diagram is the one rendered from the same list.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IFlattenedRuleSet } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as IFlattenedRuleSet & { options: object };
const { LAYERS } = require('../architecture/layers.cjs') as {
  LAYERS: { name: string; path: string; may: string[] }[];
};
const { renderLayers, readmeBlock } = require('../architecture/diagram.cjs') as {
  renderLayers(): string;
  readmeBlock(readme: string): string | null;
};

async function violations(baseDir: string, tsConfig: boolean): Promise<string[]> {
  const { output } = await cruise(['src'], {
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    ...(tsConfig ? { tsConfig: { fileName: 'tsconfig.json' } } : {}),
  });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('architecture', () => {
  it('every layer imports only layers listed before it (all arrows point down)', () => {
    const seen = new Set<string>();
    for (const layer of LAYERS) {
      for (const dep of layer.may) expect(seen, `${layer.name} → ${dep}`).toContain(dep);
      seen.add(layer.name);
    }
  });

  it('src/ has no layer violation and no cycle', async () => {
    expect(await violations(process.cwd(), true)).toEqual([]);
  }, 60_000);

  it('the rules catch an upward import, a cycle, a chart reading a store and an eager host import', async () => {
    const found = await violations('test/fixtures/layers', false);
    expect(found).toEqual(
      [
        'client-host-lazy: src/training/client/eager.ts → src/training/host/mainThreadHost.ts',
        'layer-analysis: src/analysis/upward.ts → src/state/store.ts',
        'layer-charts: src/charts/chart.tsx → src/state/store.ts',
        'no-circular: src/model/first.ts → src/model/second.ts',
      ].sort(),
    );
  }, 60_000);

  it("README.md's layer diagram is rendered from the same list", () => {
    expect(readmeBlock(readFileSync('README.md', 'utf8'))).toBe(renderLayers());
  });
});
