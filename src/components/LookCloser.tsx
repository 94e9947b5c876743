import { useEffect, useMemo, useRef } from 'react';
import type { PairView, ModelView, ModelRole } from '../model/views';
import { ensureTestImages, useLookCloser } from '../state/lookCloser';
import { useView } from '../state/viewStore';
import { useController } from '../state/controllerContext';
import { type Selection, type SwapSelection } from '../model/selection';
import { modelScores } from '../chartData/modelScores';
import { swapSamples } from '../chartData/twinSwap';
import { formatAlpha, shortName } from '../model/format';
import { pairScores, resolveWorkedPair, slotFor, withSample } from '../chartData/workedExampleChoice';

const MAX_CARDS = 12;

/** Softmax of one row in float64 (for display; rankings use the analysis module's log form). */
function probabilities(logits: Float32Array, i: number, k: number): number[] {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, logits[i * k + j]);
  const e = Array.from({ length: k }, (_, j) => Math.exp(logits[i * k + j] - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function argmax(row: number[]): number {
  return row.reduce((best, v, j) => (v > row[best] ? j : best), 0);
}

/** Indices the selection covers, most confident first. */
function samplesOf(
  pair: PairView,
  sel: Selection | null,
): { role: ModelRole; indices: number[]; total: number } {
  const role = sel?.kind === 'bin' ? sel.role : pair.ls ? 'ls' : 'ce';
  const model = role === 'ce' ? pair.ce : pair.ls;
  const s = modelScores(model);
  if (!model || !s) return { role, indices: [], total: 0 };
  if (sel?.kind === 'swap') {
    // Ordered by the twin view: LS's mistakes first, then the most LS-confident.
    const list = swapSamples(pair, sel) ?? [];
    return { role: 'ls', indices: list.slice(0, MAX_CARDS), total: list.length };
  }
  if (sel?.kind === 'point') {
    return { role, indices: sel.index < s.n ? [sel.index] : [], total: sel.index < s.n ? 1 : 0 };
  }
  const useNorm = sel?.kind === 'bin' ? sel.row === 'pnorm' : pair.normalise && s.pNorm !== null;
  const score = useNorm && s.pNorm ? s.pNorm : s.logMsp;
  // A coverage click keeps the most confident fraction, as the curve does (ties by index).
  let kept: Uint8Array | null = null;
  if (sel?.kind === 'coverage') {
    const order = Array.from({ length: s.n }, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
    kept = new Uint8Array(s.n);
    for (let r = 0; r < Math.round(sel.coverage * s.n); r++) kept[order[r]] = 1;
  }
  const wantError = sel?.kind === 'bin' ? sel.series === 'incorrect' : true;
  const out: number[] = [];
  for (let i = 0; i < s.n; i++) {
    if ((s.errors[i] === 1) !== wantError) continue;
    if (kept && !kept[i]) continue;
    if (sel?.kind === 'bin') {
      const v = sel.row === 'msp' ? Math.exp(s.logMsp[i]) : score[i];
      // Bins are [lo, hi); the top bin includes its upper edge. A little slack for the round trip.
      const eps = 1e-9 * Math.max(1, Math.abs(sel.hi));
      if (v < sel.lo - eps || v > sel.hi + eps) continue;
    }
    out.push(i);
  }
  out.sort((a, b) => score[b] - score[a] || a - b);
  return { role, indices: out.slice(0, MAX_CARDS), total: out.length };
}

/** The what line of a swap selection (the CE-twin rank–rank view). */
function swapWhat(sel: SwapSelection, ls: string, ce: string): string {
  const cov = `${Number((sel.coverage * 100).toFixed(1))}%`;
  const by = sel.lsScore === 'pnorm' ? 'the normalised score' : 'MSP';
  return sel.group === 'admitted'
    ? `${ls}: admitted — in its ${cov} most confident (ranked by ${by}) but not in ${ce}’s (by MSP)`
    : `${ls}: pushed out — in ${ce}’s ${cov} most confident (by MSP) but not in its own (ranked by ${by})`;
}

/** A test image, drawn dark on light from its 0–255 pixels (also the worked example's). */
export function Thumb({
  pixels,
  index,
  rows,
  cols,
}: {
  pixels: Uint8Array;
  index: number;
  rows: number;
  cols: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(cols, rows);
    for (let p = 0; p < rows * cols; p++) {
      const v = 255 - pixels[index * rows * cols + p];
      img.data.set([v, v, v, 255], p * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, index, rows, cols]);
  return <canvas ref={ref} width={cols} height={rows} className="sample-image" aria-hidden="true" />;
}

/** What one model says about sample i: its prediction, π_max, v_max and its three likeliest classes. */
function readModel(model: ModelView, i: number, classNames: string[]) {
  const k = model.numClasses;
  const probs = probabilities(model.testLogits, i, k);
  const pred = argmax(probs);
  const top = probs
    .map((p, j) => ({ p, j }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3);
  return {
    pred: `${classNames[pred] ?? pred} ${pred === model.testLabels[i] ? '✓' : '✗'}`,
    piMax: probs[pred].toFixed(3),
    vMax: Math.max(...Array.from(model.testLogits.subarray(i * k, (i + 1) * k))).toFixed(2),
    top: top.map((t) => ({ name: String(classNames[t.j] ?? t.j), pct: `${(t.p * 100).toFixed(1)}%` })),
  };
}

/** One card's numbers as a small table: a row per quantity, a column per model, numbers aligned. */
function SampleTable({ pair, i }: { pair: PairView; i: number }) {
  const models = [pair.ce, pair.ls].filter((m): m is ModelView => m !== null);
  const read = models.map((m) => readModel(m, i, pair.classNames));
  const row = (name: string, cell: (r: ReturnType<typeof readModel>) => React.ReactNode, num = false) => (
    <tr>
      <th scope="row">{name}</th>
      {read.map((r, j) => (
        <td key={j} className={num ? 'num' : undefined}>
          {cell(r)}
        </td>
      ))}
    </tr>
  );
  return (
    <table className="sample-table">
      <thead>
        <tr>
          <td />
          {models.map((m) => (
            <th key={m.role} scope="col">
              {m.role === 'ce' ? 'CE (α = 0)' : `LS (α = ${formatAlpha(m.alpha)})`}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {row('predicts', (r) => (
          <strong>{r.pred}</strong>
        ))}
        {row('π_max', (r) => r.piMax, true)}
        {row('v_max', (r) => r.vMax, true)}
        {row('top 3', (r) => (
          <span className="hint">
            {r.top.map((t) => (
              <span key={t.name} className="top-class">
                <span>{t.name}</span> <span className="num">{t.pct}</span>
              </span>
            ))}
          </span>
        ))}
      </tbody>
    </table>
  );
}

/** The samples behind a clicked histogram bar (or the most confident mistakes), CE vs LS. */
export function LookCloser({ pair, isImages }: { pair: PairView; isImages: boolean }) {
  const selection = useView((s) => s.selection);
  const workedSamples = useView((s) => s.workedSamples);
  const controller = useController();
  const images = useLookCloser((s) => s.images);
  const imagesError = useLookCloser((s) => s.imagesError);
  useEffect(() => {
    if (isImages) ensureTestImages();
  }, [isImages]);
  const { role, indices, total } = useMemo(() => samplesOf(pair, selection), [pair, selection]);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (selection) section.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selection]);
  const ref = pair.ce ?? pair.ls;
  if (!ref) return null;
  // Puts sample i in the worked example: the mistake slot if the LS model gets it wrong.
  const worked = pairScores(pair)
    ? (i: number): void => {
        const now = resolveWorkedPair(pair, workedSamples);
        if (!now) return;
        controller.setView({ workedSamples: withSample(now.samples, slotFor(pair, i), i) });
        document.querySelector('[data-chart="worked-example"]')?.scrollIntoView({ block: 'start' });
      }
    : null;
  const labels = ref.testLabels;
  const imagesMatch =
    images && images.n === labels.length && labels.every((y, i) => images.labels[i] === y) ? images : null;
  const who = shortName({ role, alpha: role === 'ce' ? 0 : (pair.ls?.alpha ?? 0) });
  const ranked = pair.normalise ? 'ranked by the normalised score' : 'ranked by MSP';
  const what =
    selection?.kind === 'bin'
      ? `${who} · ${selection.row === 'msp' ? 'MSP π_max' : 'normalised score'} in [${selection.lo.toPrecision(4)}, ${selection.hi.toPrecision(4)}]: ${selection.series} predictions`
      : selection?.kind === 'coverage'
        ? `${who}: its mistakes among the ${(selection.coverage * 100).toFixed(1)}% most confident predictions (${ranked})`
        : selection?.kind === 'point'
          ? `Test point #${selection.index}`
          : selection?.kind === 'swap'
            ? swapWhat(selection, who, pair.ce ? shortName(pair.ce) : 'CE')
            : `${who}: its most confident mistakes (${ranked})`;
  return (
    <section ref={section} className="look-closer" aria-label="Look closer" data-testid="look-closer">
      <h3>Look closer</h3>
      <p className="hint">
        Click a bar of the histograms above, a point of the risk–coverage plot
        {isImages ? '' : ', a test point of the decision regions'} or a quadrant of the rank–rank view below
        to see the test samples behind it.{' '}
        {selection ? (
          <button type="button" className="secondary" onClick={() => controller.setView({ selection: null })}>
            Show the most confident mistakes
          </button>
        ) : null}
      </p>
      <p data-testid="look-closer-what">
        {what} — {total.toLocaleString('en-US')} sample{total === 1 ? '' : 's'}
        {total > indices.length
          ? selection?.kind === 'swap'
            ? `, the first ${indices.length} shown (mistakes of LS first, then the most confident)`
            : `, the ${indices.length} most confident shown`
          : ''}
        .
      </p>
      {isImages && imagesError ? <p className="error">Test images unavailable: {imagesError}</p> : null}
      {isImages && images && !imagesMatch ? (
        <p className="error">The test images do not match the models’ labels, so they are not shown.</p>
      ) : null}
      <div className="sample-grid">
        {indices.map((i) => (
          <figure key={i} className="sample" data-index={i}>
            {imagesMatch ? (
              <Thumb pixels={imagesMatch.pixels} index={i} rows={imagesMatch.rows} cols={imagesMatch.cols} />
            ) : null}
            <figcaption>
              Test #{i} · true: <strong>{pair.classNames[labels[i]] ?? labels[i]}</strong>
            </figcaption>
            <SampleTable pair={pair} i={i} />
            {worked ? (
              <button type="button" className="secondary use-worked" onClick={() => worked(i)}>
                Use #{i} as worked example
              </button>
            ) : null}
          </figure>
        ))}
      </div>
    </section>
  );
}
