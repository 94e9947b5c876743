/**
 * The runner's per-α summary: mean ± std over seeds, as a fixed-width text table. With one seed and a
 * bootstrap, each AURC carries its 95% paired-bootstrap interval, and each LS row the difference to
 * CE (Δ = LS − CE, percentage points) with its interval; with several seeds, the Δ column gives the
 * mean ± std of Δ and how many seeds' intervals exclude 0.
 */
import type { DiffInterval, RunResult } from '../model/results';

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

const ci = (v: number, c: [number, number] | undefined): string =>
  c
    ? `${(100 * v).toFixed(2)} [${(100 * c[0]).toFixed(2)}, ${(100 * c[1]).toFixed(2)}]`
    : (100 * v).toFixed(2);

/** "Δ [lo, hi]" in percentage points, with "(noise)" when the interval contains 0. */
export function formatDiff(d: DiffInterval): string {
  const f = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(2)}`;
  const noise = d.lo <= 0 && d.hi >= 0 ? ' (noise)' : '';
  return `${f(d.value)} [${f(d.lo)}, ${f(d.hi)}]${noise}`;
}

function diffCell(rs: RunResult[], key: 'aurc_msp_diff' | 'aurc_pnorm_diff'): string {
  const ds = rs.map((r) => r.vs_ce?.[key]).filter((d): d is DiffInterval => !!d);
  if (ds.length === 0) return '—';
  if (ds.length === 1) return formatDiff(ds[0]);
  const excl = ds.filter((d) => d.lo > 0 || d.hi < 0).length;
  return `${fmt(ds.map((d) => d.value))} (${excl}/${ds.length} excl. 0)`;
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
    'largest tie MSP/pNorm',
    'Δ AURC MSP vs CE [95%]',
    'Δ AURC pNorm vs CE [95%]',
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
      ok.length === 1
        ? ci(ok[0].metrics.aurc_msp, ok[0].metrics.aurc_msp_ci)
        : ok.length
          ? fmt(ok.map((r) => r.metrics.aurc_msp))
          : '—',
      ok.length === 1
        ? ci(ok[0].metrics.aurc_pnorm, ok[0].metrics.aurc_pnorm_ci)
        : ok.length
          ? fmt(ok.map((r) => r.metrics.aurc_pnorm))
          : '—',
      ps || '—',
      ok.length
        ? `${Math.max(...ok.map((r) => r.metrics.largest_tie_msp ?? 1))}/${Math.max(...ok.map((r) => r.metrics.largest_tie_pnorm ?? 1))}`
        : '—',
      diffCell(ok, 'aurc_msp_diff'),
      diffCell(ok, 'aurc_pnorm_diff'),
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
