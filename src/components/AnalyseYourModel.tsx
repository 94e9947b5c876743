/**
 * "Analyse your own model": logits of models trained elsewhere (a ResNet, a ViT), loaded from files,
 * through the same analysis as the trained models — risk–coverage curves with and without logit
 * normalisation, the metrics table, confidence histograms, v_max given π_max and the empirical LS
 * term (with α entered here). The page says how p is chosen for each model.
 */
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useImported, useImportedFields, type LoadedModel, type PMode } from '../state/imported';
import { useImportedPair } from '../state/importedPair';
import { buildLoadedSweep, type LoadedSweep } from '../state/loadedSweep';
import { AlphaSweepChart } from '../charts/alphaSweep/AlphaSweepChart';
import { formatAlpha } from '../model/format';
import type { ModelView, PairView } from '../model/views';
import { usePairIntervals } from '../state/intervals/usePairIntervals';
import { LoadLogits } from './LoadLogits';
import { MetricsTable } from './MetricsTable';
import { RiskCoverageChart } from '../charts/riskCoverage/RiskCoverageChart';
import { ConfidenceHistogramsChart } from '../charts/confidenceHistograms/ConfidenceHistogramsChart';
import { VMaxGivenPMaxChart } from '../charts/gradients/VMaxGivenPMaxChart';
import { ExpectedGradientChart } from '../charts/gradients/ExpectedGradientChart';
import { ShrinkByConfidenceChart } from '../charts/twin/ShrinkByConfidenceChart';
import { RankRankChart } from '../charts/twin/RankRankChart';
import { ScaleInvarianceChart } from '../charts/normalisation/ScaleInvarianceChart';
import { RankAgreementChart } from '../charts/normalisation/RankAgreementChart';
import { PEffectChart } from '../charts/normalisation/PEffectChart';
import { ReliabilitySection, ScoreCompareSection } from './ScoreCompareSection';

const fmt = (n: number) => n.toLocaleString('en');

function describe(m: LoadedModel): string {
  const val = m.val ? `, validation split ${fmt(m.val.n)}` : '';
  return `N = ${fmt(m.test.n)}, K = ${fmt(m.test.k)}${val}`;
}

const ALPHA_FROM: Record<NonNullable<LoadedModel['alphaFrom']>, string> = {
  file: 'recorded in the file',
  name: 'read from the file name',
  user: 'entered',
};

/** α is a number in [0, 1). */
function alphaOfText(t: string): number | null | undefined {
  if (t.trim() === '') return null;
  const a = Number(t.trim());
  return Number.isFinite(a) && a >= 0 && a < 1 ? a : undefined;
}

/** The α of one loaded model for the α sweep: read from its file or name, or entered here. */
function AlphaField({ model }: { model: LoadedModel }) {
  const setModelAlpha = useImported((s) => s.setModelAlpha);
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (model.alpha === null ? '' : String(model.alpha));
  const parsed = alphaOfText(shown);
  return (
    <span className="alpha-field">
      <label>
        α{' '}
        <input
          type="text"
          inputMode="decimal"
          size={5}
          aria-label={`α of ${model.name}`}
          aria-invalid={parsed === undefined}
          value={shown}
          placeholder="?"
          onChange={(e) => {
            const v = e.target.value;
            setDraft(v);
            const a = alphaOfText(v);
            if (a !== undefined) setModelAlpha(model.id, a);
          }}
          onBlur={() => setDraft(null)}
        />
      </label>{' '}
      <span className="muted small">
        {parsed === undefined
          ? 'α must be a number from 0 to below 1'
          : model.alpha === null
            ? 'α unknown: enter it for the α sweep'
            : model.alphaFrom
              ? `(${ALPHA_FROM[model.alphaFrom]})`
              : ''}
      </span>
    </span>
  );
}

function LoadedList() {
  const models = useImported((s) => s.models);
  const remove = useImported((s) => s.remove);
  return (
    <ul className="loaded-models" aria-label="Loaded models">
      {models.map((m) => (
        <li key={m.id} data-model={m.name}>
          <strong>{m.name}</strong> <span className="muted">({describe(m)})</span> <AlphaField model={m} />
          <button
            type="button"
            className="secondary"
            onClick={() => remove(m.id)}
            aria-label={`Remove ${m.name}`}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

function ModelSelect({
  label,
  value,
  onChange,
  allowNone,
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  allowNone: boolean;
}) {
  const models = useImported((s) => s.models);
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        {allowNone ? <option value="">(none)</option> : null}
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function LoadedControls() {
  const s = useImported();
  const alphaId = useId();
  const pId = useId();
  const pModeRadio = (mode: PMode, text: string) => (
    <label>
      <input type="radio" name="loaded-p" checked={s.pMode === mode} onChange={() => s.setPMode(mode)} />{' '}
      {text}
    </label>
  );
  return (
    <div className="loaded-controls">
      <ModelSelect
        label="Reference model (e.g. CE)"
        value={s.referenceId}
        onChange={s.setReference}
        allowNone={false}
      />
      <ModelSelect label="Compared model (e.g. LS)" value={s.comparedId} onChange={s.setCompared} allowNone />
      <fieldset>
        <legend>Choice of p (MaxLogit-pNorm)</legend>
        {pModeRadio('search', 'search on validation data')} {pModeRadio('hand', 'by hand:')}{' '}
        <select
          aria-label="p by hand"
          id={pId}
          value={s.pHand}
          disabled={s.pMode !== 'hand'}
          onChange={(e) => s.setPHand(Number(e.target.value))}
        >
          {Array.from({ length: 10 }, (_, i) => i + 1).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </fieldset>
      <div>
        <label>
          <input type="checkbox" checked={s.centred} onChange={(e) => s.setCentred(e.target.checked)} />{' '}
          Centre logits
        </label>
        <label>
          <input type="checkbox" checked={s.normalise} onChange={(e) => s.setNormalise(e.target.checked)} />{' '}
          Show logit normalisation
        </label>
      </div>
      <div>
        <label htmlFor={alphaId}>α of the compared model (LS-term estimate)</label>
        <input
          id={alphaId}
          type="number"
          min={-1}
          max={1}
          step={0.05}
          value={s.alpha}
          onChange={(e) => {
            const a = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(a)) s.setAlpha(a);
          }}
        />
      </div>
    </div>
  );
}

/** Which model is compared, when it was chosen automatically: said so, with how to change it. */
function AutoComparedNote() {
  const { models, referenceId, comparedId, autoComparedId } = useImportedFields((s) => ({
    models: s.models,
    referenceId: s.referenceId,
    comparedId: s.comparedId,
    autoComparedId: s.autoComparedId,
  }));
  const ref = models.find((m) => m.id === referenceId);
  const cmp = models.find((m) => m.id === comparedId);
  if (!ref || !cmp || comparedId !== autoComparedId) return null;
  return (
    <p className="hint" data-testid="auto-compared" role="status">
      <strong>{cmp.name}</strong> is the compared model, chosen automatically as the next file loaded after
      the reference, <strong>{ref.name}</strong> (the first). Change either in the lists below.
    </p>
  );
}

const pct2 = (v: number) => (Number.isFinite(v) ? (v * 100).toFixed(2) : '—');

function SweepTable({ sweep }: { sweep: LoadedSweep }) {
  const anyHalf = sweep.rows.some((r) => r.half);
  return (
    <div
      className="table-scroll"
      tabIndex={0}
      role="region"
      aria-label="α sweep of the loaded models (scrolls sideways)"
    >
      <table className="metrics" aria-label="α sweep of the loaded models">
        <thead>
          <tr>
            <th scope="col">α</th>
            <th scope="col">model</th>
            <th scope="col">N</th>
            <th scope="col">%error</th>
            <th scope="col" title="MSP on every test sample">
              %AURC · MSP{anyHalf ? ' (all samples)' : ''}
            </th>
            {anyHalf ? (
              <th
                scope="col"
                title="MSP on the samples the MaxLogit-pNorm AURC is evaluated on (like for like)"
              >
                %AURC · MSP (same samples as pNorm)
              </th>
            ) : null}
            <th scope="col">%AURC · MaxLogit-pNorm</th>
            <th scope="col">p</th>
          </tr>
        </thead>
        <tbody>
          {sweep.rows.map((r) => (
            <tr key={r.model.id} data-row={r.model.name}>
              <td data-col="alpha">{formatAlpha(r.alpha)}</td>
              <th scope="row">{r.model.name}</th>
              <td data-col="n">{r.n.toLocaleString('en')}</td>
              <td data-col="error">{pct2(r.error)}</td>
              <td data-col="aurc-msp">{pct2(r.aurcMsp)}</td>
              {anyHalf ? (
                <td data-col="aurc-msp-same">
                  {pct2(r.aurcMspSame)}
                  {r.half ? ` (${r.nPnorm.toLocaleString('en')})` : ''}
                </td>
              ) : null}
              <td data-col="aurc-pnorm">
                {pct2(r.aurcPnorm)}
                {r.half ? ` (${r.nPnorm.toLocaleString('en')})` : ''}
              </td>
              <td data-col="p">{r.p === null ? 'MSP fallback' : r.p}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The loaded models with an α, as an α sweep: the chart of the trained sweep, and a table. */
function LoadedSweepSection({ selectedAlpha }: { selectedAlpha: number | null }) {
  const inputs = useImportedFields((s) => ({
    models: s.models,
    pMode: s.pMode,
    pHand: s.pHand,
    centred: s.centred,
    referenceId: s.referenceId,
  }));
  // Deferred, as the pair is (importedPair.ts): a large sweep is evaluated in an interruptible render.
  const deferred = useDeferredValue(inputs);
  const sweep = useMemo(
    () =>
      deferred.models.length < 2
        ? null
        : buildLoadedSweep(deferred.models, {
            pMode: deferred.pMode,
            pHand: deferred.pHand,
            centred: deferred.centred,
            firstId: deferred.referenceId,
          }),
    [deferred],
  );
  if (!sweep) return null;
  const anyHalf = sweep.rows.some((r) => r.half);
  return (
    <div className="loaded-sweep" data-testid="loaded-sweep" data-points={sweep.points.length}>
      <h3>The loaded models as an α sweep</h3>
      {sweep.rows.length >= 2 ? (
        <>
          <p className="muted small">
            {sweep.rows.length} models of the same {sweep.labelsOf?.test.n.toLocaleString('en')} test samples
            (labels identical to those of {sweep.labelsOf?.name}). %error is on every test sample.{' '}
            {anyHalf
              ? 'For a file without a validation split, p is chosen on half of its samples, and the chart’s two AURC lines (MSP and MaxLogit-pNorm) are both on the other half (its size in brackets in the table), so that they compare like for like; the table also gives MSP’s AURC on every sample.'
              : 'The AURCs are on every test sample too, p chosen as above.'}
          </p>
          <AlphaSweepChart points={sweep.points} selectedAlpha={selectedAlpha} />
          <SweepTable sweep={sweep} />
        </>
      ) : (
        <p className="muted small" data-testid="loaded-sweep-empty">
          Give two or more loaded models of the same test set an α (in its name, e.g.{' '}
          <code>resnet_ls0.1_logits.npy</code>, <code>ls_0.2.npz</code>, <code>alpha=0.3.csv</code>, or in its
          α field above) to see them as an α sweep.
        </p>
      )}
      {sweep.left.length ? (
        <ul className="muted small" aria-label="Left out of the α sweep" data-testid="loaded-sweep-left">
          {sweep.left.map(({ model, why }) => (
            <li key={model.id}>
              <strong>{model.name}</strong> is not in the sweep: {why}.
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The risk–coverage chart of the loaded pair: MSP curves on every test sample; the normalised curves
 * of a model whose p was chosen on a held-out half on its evaluation half (labelled so); the
 * sentences on the pair the metrics table's sentences use (evalPair), with its bootstrap intervals.
 */
function LoadedRiskCoverage({ pair, evalPair }: { pair: PairView; evalPair: PairView }) {
  const intervals = usePairIntervals(evalPair);
  const context = useMemo(() => ({ intervals }), [intervals]);
  const halves = [evalPair.ce, evalPair.ls].filter((v, i) => v && v !== [pair.ce, pair.ls][i]) as ModelView[];
  const note = halves.length
    ? `p was chosen on a held-out half of the samples of ${listOf(halves.map((v) => v.name ?? v.role))}, so ` +
      `${halves.length > 1 ? 'their' : 'its'} dashed (normalised) curves are on the other half ` +
      `(${halves.map((v) => v.testLabels.length.toLocaleString('en')).join(' and ')} samples, “evaluation half” in the legend), ` +
      `and the sentences below compare MSP and MaxLogit-pNorm on that same half; the solid MSP curves use every sample.`
    : undefined;
  return <RiskCoverageChart pair={pair} wordsPair={evalPair} wordsNote={note} wordsContext={context} />;
}

const listOf = (xs: string[]): string =>
  xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

export function AnalyseYourModel() {
  const headingId = useId();
  const hasModels = useImported((s) => s.models.length > 0);
  const alpha = useImported((s) => s.alpha);
  const { pair, evalPair, rows, reference, compared } = useImportedPair();
  return (
    <section className="story-section" aria-labelledby={headingId} data-section="your-model">
      <h2 id={headingId}>Analyse your own model</h2>
      <p>
        Trained a ResNet or a ViT elsewhere, once with cross-entropy and once with label smoothing? Load their
        logits on a test set (and, if you have them, on a validation set) to see whether label smoothing hurt
        selective classification and whether logit normalisation repairs it. The README shows how to export
        them from PyTorch.
      </p>
      <LoadLogits />
      {hasModels ? (
        <>
          <LoadedList />
          <AutoComparedNote />
          <LoadedControls />
          <ul className="p-notes" aria-label="How p is chosen">
            {reference ? (
              <li data-testid="p-note-reference">
                <strong>{reference.model.name}</strong>: {reference.evaluation.note}
              </li>
            ) : null}
            {compared ? (
              <li data-testid="p-note-compared">
                <strong>{compared.model.name}</strong>: {compared.evaluation.note}
              </li>
            ) : null}
          </ul>
          <MetricsTable
            pair={pair}
            rows={rows}
            factsPair={evalPair}
            label="Metrics (loaded models)"
            title="Metrics of the loaded models"
            chartId="metrics-loaded"
            empty="Choose a reference model to fill this table."
          />
          <LoadedRiskCoverage pair={pair} evalPair={evalPair} />
          <ConfidenceHistogramsChart pair={pair} />
          <VMaxGivenPMaxChart pair={pair} />
          <ExpectedGradientChart pair={pair} alpha={alpha} />
          {pair.ce && pair.ls ? (
            <p className="muted" data-testid="twin-caveat">
              The next views compare the two files sample by sample, the reference in the place of a CE twin.
              That reading holds when both models started from the same weights and saw the same batches; for
              two independently trained models the differences mix label smoothing with everything else that
              differs between them.
            </p>
          ) : null}
          <ShrinkByConfidenceChart pair={pair} />
          <RankRankChart pair={pair} />
          <ScaleInvarianceChart pair={pair} />
          <RankAgreementChart pair={pair} />
          <PEffectChart pair={pair} />
          <ScoreCompareSection pair={pair} />
          <ReliabilitySection pair={pair} />
          <LoadedSweepSection selectedAlpha={pair.ls ? pair.ls.alpha : null} />
        </>
      ) : null}
    </section>
  );
}
