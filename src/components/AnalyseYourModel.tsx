/**
 * "Analyse your own model": logits of models trained elsewhere (a ResNet, a ViT), loaded from files,
 * through the same analysis as the trained models — risk–coverage curves with and without logit
 * normalisation, the metrics table, confidence histograms, v_max given π_max and the empirical LS
 * term (with α entered here). The page says how p is chosen for each model.
 */
import { useId } from 'react';
import { useImported, type LoadedModel, type PMode } from '../state/imported';
import { useImportedPair } from '../state/importedPair';
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

const fmt = (n: number) => n.toLocaleString('en');

function describe(m: LoadedModel): string {
  const val = m.val ? `, validation split ${fmt(m.val.n)}` : '';
  return `N = ${fmt(m.test.n)}, K = ${fmt(m.test.k)}${val}`;
}

function LoadedList() {
  const models = useImported((s) => s.models);
  const remove = useImported((s) => s.remove);
  return (
    <ul className="loaded-models" aria-label="Loaded models">
      {models.map((m) => (
        <li key={m.id} data-model={m.name}>
          <strong>{m.name}</strong> <span className="muted">({describe(m)})</span>
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

export function AnalyseYourModel() {
  const headingId = useId();
  const hasModels = useImported((s) => s.models.length > 0);
  const alpha = useImported((s) => s.alpha);
  const { pair, reference, compared } = useImportedPair();
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
            label="Metrics (loaded models)"
            title="Metrics of the loaded models"
            chartId="metrics-loaded"
            empty="Choose a reference model to fill this table."
          />
          <RiskCoverageChart pair={pair} />
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
        </>
      ) : null}
    </section>
  );
}
