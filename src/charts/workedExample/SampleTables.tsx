/**
 * The worked example's numbers as tables: each sample's ranks under MSP and MaxLogit-pNorm for both
 * models, and every class's logits, π and LS gradient. Cells carry data-testid and data-value (the
 * full float64) so that tests read exactly what is computed.
 */
import { formatAlpha } from '../../model/format';
import {
  className,
  TOP_FRACTION,
  type WorkedExampleData,
  type WorkedSample,
} from '../../chartData/workedExample';

const int = (v: number): string => v.toLocaleString('en-US');

function Num({ id, v, digits }: { id: string; v: number; digits: number }) {
  return (
    <td data-testid={id} data-value={String(v)}>
      {v.toFixed(digits)}
    </td>
  );
}

export function RankTable({ data, sample }: { data: WorkedExampleData; sample: WorkedSample }) {
  const slot = sample.slot === 0 ? 'a' : 'b';
  return (
    <table
      className="we-ranks"
      aria-label={`Sample ${slot.toUpperCase()}: ranks among ${int(data.n)} test samples`}
    >
      <thead>
        <tr>
          <th scope="col">model</th>
          <th scope="col">prediction</th>
          <th scope="col">rank by MSP</th>
          <th scope="col">rank by pNorm</th>
          <th scope="col">top {Math.round(TOP_FRACTION * 100)} % by MSP</th>
        </tr>
      </thead>
      <tbody>
        {(['ce', 'ls'] as const).map((role) => {
          const s = sample[role];
          return (
            <tr key={role}>
              <th scope="row">{role === 'ce' ? 'CE' : `LS α = ${formatAlpha(s.alpha)}`}</th>
              <td data-testid={`we-${slot}-${role}-pred`} data-value={s.pred}>
                {className(data, s.pred)} {s.correct ? '✓' : '✗'}
              </td>
              <td data-testid={`we-${slot}-${role}-rank-msp`} data-value={s.rankMsp}>
                {int(s.rankMsp)}
              </td>
              <td data-testid={`we-${slot}-${role}-rank-pnorm`} data-value={s.rankPNorm ?? ''}>
                {s.rankPNorm === null
                  ? `MSP fallback (${int(s.rankMsp)})`
                  : `${int(s.rankPNorm)} (p = ${s.p}${s.centred ? '' : ', not centred'})`}
              </td>
              <td>{s.inTopMsp ? 'yes' : 'no'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function LogitTable({ data, sample }: { data: WorkedExampleData; sample: WorkedSample }) {
  const slot = sample.slot === 0 ? 'a' : 'b';
  return (
    <details className="we-numbers">
      <summary>Every class’s numbers for test #{sample.index}</summary>
      <table aria-label={`Sample ${slot.toUpperCase()}: logits, probabilities and LS gradient per class`}>
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col">v_k CE</th>
            <th scope="col">v_k LS</th>
            <th scope="col">π_k CE</th>
            <th scope="col">π_k LS</th>
            <th scope="col">∂L_LS/∂v_k</th>
            <th scope="col">CE part π_k − y_k</th>
            <th scope="col">LS extra α(y_k − 1/K)</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: data.k }, (_, c) => (
            <tr key={c} data-class={c}>
              <th scope="row">
                {className(data, c)}
                {c === sample.label ? ' (true)' : ''}
              </th>
              <Num id={`we-${slot}-logit-ce-${c}`} v={sample.ce.logits[c]} digits={3} />
              <Num id={`we-${slot}-logit-ls-${c}`} v={sample.ls.logits[c]} digits={3} />
              <Num id={`we-${slot}-pi-ce-${c}`} v={sample.ce.pi[c]} digits={4} />
              <Num id={`we-${slot}-pi-ls-${c}`} v={sample.ls.pi[c]} digits={4} />
              <Num id={`we-${slot}-grad-${c}`} v={sample.grad.total[c]} digits={4} />
              <Num id={`we-${slot}-cepart-${c}`} v={sample.grad.cePart[c]} digits={4} />
              <Num id={`we-${slot}-lsextra-${c}`} v={sample.grad.lsExtra[c]} digits={4} />
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
