import { withBuildInBrowser } from './browserRun';
const which = process.argv[2] ?? 'measure';
await withBuildInBrowser(['--enable-unsafe-webgpu'], async (browser, baseUrl) => {
  for (const backend of which === 'measure' ? ['webgpu', 'webgl', 'wasm'] : []) {
    for (const preset of ['fmnist-mlp', 'fmnist-cnn']) {
      const page = await browser.newPage();
      page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
      await page.goto(`${baseUrl}?backend=${backend}`);
      await page.waitForFunction(() => window.lssc?.engine.getState().dataset != null, null, { timeout: 120000 });
      const r = await page.evaluate(async (presetId) => {
        const l = window.lssc!;
        const p = l.presets[presetId as keyof typeof l.presets];
        const c = l.client();
        await c.ready;
        const t0 = performance.now();
        const rep = await c.diagnostics.bench({ model: p.model, batchSize: 64, models: 2, repeats: 2, targetBlockMs: 200 });
        return { backend: rep.backend, ms: rep.msPerStep, warmup: (rep as unknown as { warmupMs: number }).warmupMs, total: performance.now() - t0 };
      }, preset);
      console.log(backend, preset, JSON.stringify(r));
      await page.close();
    }
  }
  if (which === 'auto') {
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
    await page.goto(`${baseUrl}?dataset=blobs&model=mlp&alpha=0.2&seed=0`);
    await page.waitForFunction(() => window.lssc?.engine.getState().dataset != null, null, { timeout: 120000 });
    await page.getByRole('button', { name: /^(Train|Train live)$/ }).click();
    await page.waitForFunction(() => window.lssc!.client().info?.probe != null, null, { timeout: 60000 });
    console.log(await page.getByTestId('backend').textContent());
    console.log(JSON.stringify(await page.evaluate(() => window.lssc!.client().info?.probe), null, 1));
  }
});
process.exit(0);
