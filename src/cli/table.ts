/** The runner's per-α summary: mean ± std over seeds, as a fixed-width text table. */
import type { RunResult } from '../model/results';

export function meanStd(values: number[]): { mean: number; std: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  // Sample standard deviation (n − 1); 0 for a single seed.
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std };
}

function fmt(values: number[], scale = 100, digits = 2): string {
  const { mean, std } = meanStd(values.map((v) => v * scale));
  return values.length > 1 ? `${mean.toFixed(digits)} ± ${std.toFixed(digits)}` : mean.toFixed(digits);
}

export function formatTable(runs: RunResult[]): string {
  const alphas = [...new Set(runs.map((r) => r.alpha))].sort((a, b) => a - b);
  const header = [
    'α',
    'seeds',
    '%error',
    '%AURC MSP',
    '%AURC pNorm',
    'p chosen',
    'E-AURC MSP (%)',
    'sec/model',
  ];
  const rows = alphas.map((alpha) => {
    const rs = runs.filter((r) => r.alpha === alpha);
    const ok = rs.filter((r) => !r.metrics.diverged);
    const ps = ok.map((r) => (r.metrics.p === null ? 'MSP' : String(r.metrics.p))).join(',');
    const secs = ok.map((r) => r.train_seconds ?? NaN).filter(Number.isFinite);
    return [
      alpha.toFixed(2),
      ok.length === rs.length ? String(rs.length) : `${ok.length}/${rs.length} (diverged)`,
      ok.length ? fmt(ok.map((r) => r.metrics.error)) : '—',
      ok.length ? fmt(ok.map((r) => r.metrics.aurc_msp)) : '—',
      ok.length ? fmt(ok.map((r) => r.metrics.aurc_pnorm)) : '—',
      ps || '—',
      ok.length ? fmt(ok.map((r) => r.metrics.eaurc_msp)) : '—',
      secs.length ? fmt(secs, 1, 1) : '—',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join(
    '\n',
  );
}
