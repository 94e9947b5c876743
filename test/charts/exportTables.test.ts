/**
 * The export-data contract: the CSV writer (RFC 4180, exact numbers) and each chart's table, checked
 * against the chart's own data builder and against quantities written out here.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/rng';
import { csvCell, toCsv, type ExportTable } from '../../src/chartData/table';
import { exportFileName } from '../../src/charts/kit/export/save';
import { buildRiskCoverage, riskCoverageTable } from '../../src/chartData/riskCoverage';
import {
  buildConfidenceHistograms,
  confidenceHistogramsTable,
  logConfidence,
} from '../../src/chartData/confidenceHistograms';
import { alphaSweepTable, buildAlphaSweep } from '../../src/chartData/alphaSweep';
import { buildTrainingCurves, lsLossFloor, trainingCurvesTable } from '../../src/chartData/trainingCurves';
import {
  empiricalLsTermPoints,
  expectedGradientCurves,
  expectedGradientTable,
  lsTermHistory,
  lsTermHistoryTable,
  vMaxPanelData,
  vMaxTable,
} from '../../src/chartData/gradients';
import { decisionRegionsTable, mostConfidentErrors } from '../../src/chartData/decisionRegions';
import { RiskCoverageChart } from '../../src/charts/riskCoverage/RiskCoverageChart';
import { mspLog, predictions } from '../../src/analysis';
import type { SweepPoint } from '../../src/model/views';
import { makePair } from './fixtures';
import { syntheticGrid, syntheticPair } from './gradientsFixtures';
import { parseCsv } from './csv';

/** The rows of a table as objects keyed by column. */
function records(t: ExportTable): Record<string, ExportTable['rows'][number][number]>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]])));
}

describe('toCsv', () => {
  it('writes a header and RFC 4180 rows that read back to the same cells', () => {
    const t: ExportTable = {
      columns: ['name', 'value', 'flag', 'missing'],
      rows: [
        ['plain', 1.5, true, null],
        ['with, comma', -0.25, false, NaN],
        ['say "hi"', Infinity, false, null],
        ['two\nlines', 0, true, null],
      ],
    };
    const csv = toCsv(t);
    expect(csv.split('\r\n')[0]).toBe('name,value,flag,missing');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['name', 'value', 'flag', 'missing'],
      ['plain', '1.5', 'true', ''],
      ['with, comma', '-0.25', 'false', ''],
      ['say "hi"', '', 'false', ''],
      ['two\nlines', '0', 'true', ''],
    ]);
  });

  it('writes every double exactly (it reads back to the same value)', () => {
    const rng = createRng(7, 'csv');
    for (let i = 0; i < 2000; i++) {
      const v = (rng.uniform() - 0.5) * 10 ** Math.floor(rng.uniform() * 40 - 20);
      expect(Number(csvCell(v))).toBe(v);
    }
    expect(Number(csvCell(0.1 + 0.2))).toBe(0.1 + 0.2);
    expect(csvCell(5e-324)).toBe('5e-324');
  });

  it('defuses text a spreadsheet would run as a formula, and rejects ragged rows', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell(-1)).toBe('-1');
    expect(() => toCsv({ columns: ['a', 'b'], rows: [[1]] })).toThrow(/1 cells, expected 2/);
  });

  it('names files ls-sc-<chart>-<alpha>.<ext>', () => {
    expect(exportFileName('risk-coverage', 0.2, 'svg')).toBe('ls-sc-risk-coverage-0.2.svg');
    expect(exportFileName('alpha-sweep', 0.30000000000000004, 'csv')).toBe('ls-sc-alpha-sweep-0.3.csv');
    expect(exportFileName('training-curves', null, 'png')).toBe('ls-sc-training-curves.png');
  });
});

describe('riskCoverageTable', () => {
  it('holds every point of every shown curve, and only the shown ones', () => {
    const pair = makePair({ n: 200 });
    const data = buildRiskCoverage(pair)!;
    const all = records(riskCoverageTable(data, () => true));
    expect(all.length).toBe(6 * 201);
    for (const s of data.series) {
      const rows = all.filter((r) => r.series === s.id);
      expect(rows.map((r) => r.coverage)).toEqual(Array.from(s.curve.coverage));
      expect(rows.map((r) => r.selective_risk)).toEqual(Array.from(s.curve.risk));
      expect(rows.every((r) => r.model === s.role && r.alpha === s.alpha)).toBe(true);
      expect(rows[0].p).toBe(s.score === 'msp' ? null : s.p);
    }
    // The oracle: all correct first, so the risk is 0 until the correct ones run out.
    const o = data.oracles[0];
    const oracleRows = all.filter((r) => r.series === o.id);
    const nCorrect = Math.round((1 - data.series[0].error) * o.n);
    oracleRows.forEach((r, m) =>
      expect(r.selective_risk).toBeCloseTo(m > nCorrect ? (m - nCorrect) / m : 0, 15),
    );

    const some = records(riskCoverageTable(data, (id) => id === 'ls-msp'));
    expect(new Set(some.map((r) => r.series))).toEqual(new Set(['ls-msp']));
  });

  it('gives the risk–coverage chart its CSV button only once there is data', () => {
    const html = renderToStaticMarkup(createElement(RiskCoverageChart, { pair: makePair({ n: 50 }) }));
    expect(html).toContain('aria-label="Download risk–coverage chart as CSV"');
    expect(html).toContain('aria-label="Download risk–coverage chart as SVG"');
    const empty = renderToStaticMarkup(
      createElement(RiskCoverageChart, { pair: { ce: null, ls: null, normalise: true, classNames: [] } }),
    );
    expect(empty).not.toContain('Download');
  });
});

describe('confidenceHistogramsTable', () => {
  it('gives each bar once, with edges in both units, and fractions that sum to 1 per model', () => {
    const pair = makePair({ n: 300 });
    const data = buildConfidenceHistograms(pair, { showNormalised: true, mspScale: 'log', bins: 12 })!;
    const rows = records(confidenceHistogramsTable(data));
    expect(rows.length).toBe(2 * 2 * 12);
    for (const row of ['msp', 'pnorm'])
      for (const model of ['ce', 'ls']) {
        const bins = rows.filter((r) => r.row === row && r.model === model);
        const sum = bins.reduce(
          (a, r) => a + (r.correct_fraction as number) + (r.incorrect_fraction as number),
          0,
        );
        expect(sum).toBeCloseTo(1, 12);
      }
    // The log-scale edges as π_max: x = −log(1 − π_max), so π_max = 1 − e^(−x) (float64 rounds it to 1
    // once x > 37; x itself is the exact edge).
    for (const r of rows.filter((x) => x.row === 'msp')) {
      expect(r.scale).toBe('log');
      expect(r.pmax_lo).toBe(-Math.expm1(-(r.x_lo as number)));
      if ((r.x_lo as number) < 20)
        expect(logConfidence(Math.log(r.pmax_lo as number))).toBeCloseTo(r.x_lo as number, 6);
    }
    for (const r of rows.filter((x) => x.row === 'pnorm')) expect(r.pmax_lo).toBeNull();
  });

  it('leaves out a panel in MSP fallback (it draws no bars)', () => {
    const pair = makePair({ n: 100, lsP: null });
    const data = buildConfidenceHistograms(pair, { showNormalised: true, mspScale: 'linear', bins: 10 })!;
    const rows = records(confidenceHistogramsTable(data));
    expect(rows.filter((r) => r.row === 'pnorm' && r.model === 'ls')).toEqual([]);
    expect(rows.filter((r) => r.row === 'msp').every((r) => r.pmax_lo === r.x_lo)).toBe(true);
  });
});

describe('alphaSweepTable', () => {
  it('lists each run, then mean, min, max and the sample sd per α', () => {
    const points: SweepPoint[] = [
      { alpha: 0, seed: 0, error: 0.1, aurcMsp: 0.03, aurcPnorm: 0.03, p: null },
      { alpha: 0, seed: 1, error: 0.12, aurcMsp: 0.05, aurcPnorm: 0.05, p: null },
      { alpha: 0.2, seed: 0, error: 0.09, aurcMsp: 0.06, aurcPnorm: 0.035, p: 2 },
    ];
    const rows = records(alphaSweepTable(buildAlphaSweep(points)!));
    const runs = rows.filter((r) => r.stat === 'run');
    expect(runs.length).toBe(9);
    expect(runs.find((r) => r.metric === 'aurc_pnorm' && r.alpha === 0 && r.seed === 1)?.msp_fallback).toBe(
      true,
    );
    const at = (metric: string, stat: string, alpha: number) =>
      rows.find((r) => r.metric === metric && r.stat === stat && r.alpha === alpha)?.value as number;
    expect(at('error', 'mean', 0)).toBeCloseTo(0.11, 15);
    expect(at('aurc_msp', 'min', 0)).toBe(0.03);
    expect(at('aurc_msp', 'max', 0)).toBe(0.05);
    // 0.03 and 0.05: deviations ±0.01, (0.0001 + 0.0001) / (2 − 1) → sd √0.0002.
    expect(at('aurc_msp', 'sd', 0)).toBeCloseTo(Math.sqrt(0.0002), 15);
    expect(at('aurc_pnorm', 'sd', 0.2)).toBeNull();
    expect(rows.find((r) => r.metric === 'error' && r.stat === 'mean' && r.alpha === 0)?.n_seeds).toBe(2);
    expect(rows.find((r) => r.metric === 'error' && r.stat === 'mean' && r.alpha === 0.2)?.n_seeds).toBe(1);
  });
});

describe('trainingCurvesTable', () => {
  it('has one line per history point and metric, and the LS loss floor', () => {
    const pair = syntheticPair(0.2, 4);
    const rows = records(trainingCurvesTable(buildTrainingCurves(pair)!));
    for (const m of [pair.ce!, pair.ls!]) {
      const loss = rows.filter((r) => r.model === m.role && r.metric === 'train_loss');
      expect(loss.map((r) => r.step)).toEqual(m.history.map((h) => h.step));
      expect(loss.map((r) => r.value)).toEqual(m.history.map((h) => h.trainLoss));
      const val = rows.filter((r) => r.model === m.role && r.metric === 'val_accuracy');
      expect(val.map((r) => r.value)).toEqual(m.history.map((h) => h.valAcc));
    }
    expect(rows.find((r) => r.series === 'ls-loss-floor')?.value).toBe(lsLossFloor(0.2, 4));
  });
});

describe('gradient chart tables', () => {
  it('expected gradient: theory curves on the P_e grid and the LS bins', () => {
    const pair = syntheticPair(0.3, 4);
    const ls = pair.ls!;
    const curves = expectedGradientCurves(0.3, 4, 0.8);
    const empirical = empiricalLsTermPoints(ls.testLogits, ls.testLabels, ls.testLabels.length, 4, 0.3);
    const rows = records(expectedGradientTable({ curves, trained: null, empirical, empiricalAlpha: 0.3 }));
    const ls101 = rows.filter((r) => r.series === 'expected-ls-term');
    expect(ls101.length).toBe(101);
    for (const r of ls101) expect(r.value).toBeCloseTo(0.3 * (3 / 4 - (r.p_e as number)), 15);
    // A fixed π_max: CE part π_max − (1 − P_e), and the total drawn too.
    for (const r of rows.filter((x) => x.series === 'expected-ce-part'))
      expect(r.value).toBeCloseTo(0.8 - (1 - (r.p_e as number)), 15);
    expect(rows.filter((r) => r.series === 'expected-total').length).toBe(101);
    const bins = rows.filter((r) => r.series === 'empirical-ls-term');
    expect(bins.reduce((a, r) => a + (r.count as number), 0)).toBe(ls.testLabels.length);
    const calibrated = records(
      expectedGradientTable({
        curves: expectedGradientCurves(0.3, 4),
        trained: null,
        empirical: [],
        empiricalAlpha: null,
      }),
    );
    expect(calibrated.some((r) => r.series === 'expected-total')).toBe(false);
  });

  it('v_max given π_max: the windows with a mean, as drawn', () => {
    const pair = syntheticPair(0.2, 4);
    const ce = vMaxPanelData(pair.ce!, 'test');
    const rows = records(
      vMaxTable([
        { role: 'ce', alpha: 0, data: ce },
        { role: 'ls', alpha: 0.2, data: null },
      ]),
    );
    const drawn =
      Array.from(ce.correct.hasMean).filter((x) => x).length +
      Array.from(ce.incorrect.hasMean).filter((x) => x).length;
    expect(rows.length).toBe(drawn);
    for (const r of rows) expect(r.band_drawn).toBe((r.count as number) >= 5);
    expect(rows.reduce((a, r) => a + (r.count as number), 0)).toBeGreaterThan(0);
  });

  it('LS term over training: one line per checkpoint, overall = weighted mean', () => {
    const pair = syntheticPair(0.2, 4);
    const h = lsTermHistory(pair.ls!.history);
    const rows = records(lsTermHistoryTable(h, 0.2));
    expect(rows.map((r) => r.step)).toEqual(pair.ls!.history.map((x) => x.step));
    rows.forEach((r, i) => {
      const p = pair.ls!.history[i];
      expect(r.ls_term_overall).toBeCloseTo(
        p.valAcc * p.lsTermCorrect + (1 - p.valAcc) * p.lsTermIncorrect,
        15,
      );
    });
  });
});

describe('decisionRegionsTable', () => {
  it('lists each test point with its prediction and error rank, then every grid cell at its centre', () => {
    const { grid, pointCe, pointLs } = syntheticGrid();
    const k = grid.numClasses;
    const n = grid.labels.length;
    const errors = mostConfidentErrors(pointLs, grid.labels, n, k, 5);
    const rows = records(
      decisionRegionsTable(grid, [
        { role: 'ce', alpha: 0, pointLogits: pointCe, errors: [] },
        { role: 'ls', alpha: 0.2, pointLogits: pointLs, errors },
      ]),
    );
    expect(rows.length).toBe(2 * n + 2 * grid.nx * grid.ny);
    const ls = rows.filter((r) => r.kind === 'test-point' && r.model === 'ls');
    const pred = predictions(pointLs, n, k);
    const lp = mspLog(pointLs, n, k);
    ls.forEach((r, i) => {
      expect([r.x1, r.x2, r.label]).toEqual([grid.points[2 * i], grid.points[2 * i + 1], grid.labels[i]]);
      expect(r.predicted).toBe(pred[i]);
      expect(r.pmax).toBe(Math.exp(lp[i]));
    });
    errors.forEach((e, rank) => expect(ls[e.index].error_rank).toBe(rank + 1));
    expect(ls.filter((r) => r.error_rank !== null).length).toBe(errors.length);
    // Cell (i, j) = row j·nx + i at x0 + (i + ½)·Δx, y0 + (j + ½)·Δy.
    const cells = rows.filter((r) => r.kind === 'grid-cell' && r.model === 'ce');
    const c = 3 * grid.nx + 7;
    expect(cells[c].x1).toBeCloseTo(grid.x0 + (7.5 * (grid.x1 - grid.x0)) / grid.nx, 12);
    expect(cells[c].x2).toBeCloseTo(grid.y0 + (3.5 * (grid.y1 - grid.y0)) / grid.ny, 12);
    expect(cells[c].predicted).toBe(predictions(grid.ceLogits.subarray(c * k, c * k + k), 1, k)[0]);
  });
});
