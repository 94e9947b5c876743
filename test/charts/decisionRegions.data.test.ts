import { describe, expect, it } from 'vitest';
import {
  REGION_OPACITY,
  decisionGridInputs,
  errorCount,
  mostConfidentErrors,
  nearestCell,
  parseHex,
  pointLogits,
  regionImage,
} from '../../src/chartData/decisionRegions';
import { syntheticGrid } from './gradientsFixtures';

const alphaByte = (t: number) =>
  Math.round(255 * (REGION_OPACITY.min + (REGION_OPACITY.max - REGION_OPACITY.min) * t));

describe('regionImage', () => {
  it('colours a hand-made 2 × 2 grid by predicted class, alpha by confidence, y up', () => {
    // K = 3, grid cells (i, j) row-major with x fastest; j = 0 is the bottom row.
    const ln = Math.log;
    const logits = new Float32Array([
      0,
      0,
      0, // (0,0): three-way tie → class 0, π_max = 1/3 (chance) → t = 0
      ln(4),
      ln(1),
      ln(1), // (1,0): class 0, π_max = 4/6 → t = (2/3 − 1/3)/(2/3) = 0.5
      0,
      50,
      0, // (0,1): class 1, π_max ≈ 1 → t = 1
      0,
      0,
      ln(2), // (1,1): class 2, π_max = 2/4 → t = (1/2 − 1/3)/(2/3) = 0.25
    ]);
    const palette = ['#ff0000', '#00ff00', '#0000ff'];
    const img = regionImage(logits, 2, 2, 3, palette);
    expect(img).toHaveLength(16);
    const px = (r: number, c: number) => Array.from(img.slice((r * 2 + c) * 4, (r * 2 + c) * 4 + 4));
    // Image row 0 is the top = grid row j = 1.
    expect(px(0, 0)).toEqual([0, 255, 0, alphaByte(1)]);
    expect(px(0, 1)).toEqual([0, 0, 255, alphaByte(0.25)]);
    expect(px(1, 0)).toEqual([255, 0, 0, alphaByte(0)]);
    expect(px(1, 1)).toEqual([255, 0, 0, alphaByte(0.5)]);
    expect(alphaByte(0)).toBe(15);
    expect(alphaByte(1)).toBe(217);
  });

  it('cycles the palette for K > palette length and parses #rgb', () => {
    const img = regionImage(new Float32Array([0, 0, 5]), 1, 1, 3, ['#f00', '#0f0']);
    expect(Array.from(img.slice(0, 3))).toEqual([255, 0, 0]);
    expect(parseHex('#4e79a7')).toEqual([78, 121, 167]);
    expect(() => parseHex('red')).toThrow(RangeError);
  });
});

describe('grid geometry', () => {
  it('every cell-centre input maps back to its own cell; outside points clamp', () => {
    const g = { nx: 7, ny: 5, x0: -2, x1: 3, y0: 1, y1: 2 };
    const xy = decisionGridInputs(g.nx, g.ny, g.x0, g.x1, g.y0, g.y1);
    for (let c = 0; c < g.nx * g.ny; c++) expect(nearestCell(g, xy[2 * c], xy[2 * c + 1])).toBe(c);
    expect(nearestCell(g, -100, -100)).toBe(0);
    expect(nearestCell(g, 100, 100)).toBe(g.nx * g.ny - 1);
    expect(nearestCell(g, 3, 1)).toBe(g.nx - 1); // right edge belongs to the last column
  });

  it('pointLogits uses exact logits when given, else the containing cell', () => {
    const { grid, pointCe } = syntheticGrid();
    expect(pointLogits(grid, 'ce', pointCe)).toEqual({ logits: pointCe, source: 'logits' });
    const near = pointLogits(grid, 'ls');
    expect(near.source).toBe('nearest-cell');
    const k = grid.numClasses;
    for (let p = 0; p < grid.labels.length; p++) {
      const cell = nearestCell(grid, grid.points[2 * p], grid.points[2 * p + 1]);
      expect(Array.from(near.logits.slice(p * k, p * k + k))).toEqual(
        Array.from(grid.lsLogits.slice(cell * k, cell * k + k)),
      );
    }
    // Wrong-length exact logits fall back to the grid.
    expect(pointLogits(grid, 'ce', new Float32Array(3)).source).toBe('nearest-cell');
  });
});

describe('mostConfidentErrors', () => {
  it('orders errors by float64 MSP, most confident first, ties by index, ignoring correct points', () => {
    const logits = new Float64Array([
      0,
      2, // 0: pred 1, label 0 → error, π = σ(2)
      5,
      0, // 1: pred 0, label 0 → correct
      0,
      40, // 2: error, π = 1 − 4e−18 (1 in float32)
      0,
      50, // 3: error, π closer to 1: must rank above point 2
      0,
      2, // 4: error, ties with 0 → after 0
      1,
      0, // 5: pred 0, label 1 → error, π = σ(1)
    ]);
    const labels = new Int32Array([0, 0, 0, 0, 0, 1]);
    const errs = mostConfidentErrors(logits, labels, 6, 2, 10);
    expect(errs.map((e) => e.index)).toEqual([3, 2, 0, 4, 5]);
    expect(errs[2]).toMatchObject({ index: 0, label: 0, pred: 1 });
    expect(errs[2].msp).toBeCloseTo(1 / (1 + Math.exp(-2)), 14);
    expect(mostConfidentErrors(logits, labels, 6, 2, 2).map((e) => e.index)).toEqual([3, 2]);
    expect(mostConfidentErrors(logits, labels, 6, 2, 0)).toEqual([]);
    expect(errorCount(logits, labels, 6, 2)).toBe(5);
  });

  it('agrees with a naive sort on the synthetic grid', () => {
    const { grid, pointLs } = syntheticGrid();
    const k = 3;
    const n = grid.labels.length;
    const rows = Array.from({ length: n }, (_, i) => {
      const v = Array.from(pointLs.slice(i * k, i * k + k));
      const pred = v.indexOf(Math.max(...v));
      const p = 1 / v.reduce((s, x) => s + Math.exp(x - v[pred]), 0);
      return { i, pred, p };
    }).filter((r) => r.pred !== grid.labels[r.i]);
    rows.sort((a, b) => b.p - a.p || a.i - b.i);
    expect(rows.length).toBeGreaterThan(3);
    const got = mostConfidentErrors(pointLs, grid.labels, n, k, 10);
    expect(got.map((e) => e.index)).toEqual(rows.slice(0, 10).map((r) => r.i));
    got.forEach((e, j) => expect(e.msp).toBeCloseTo(rows[j].p, 12));
  });
});
