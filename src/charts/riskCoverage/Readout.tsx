import { pct } from '../../model/format';
import type { ReadoutRow } from '../../chartData/riskCoverage';

/**
 * The hover read-out below the risk–coverage plot (an aria-live region): the coverage once, then per
 * curve its selective risk and threshold; the oracles share one line.
 */
export function Readout({ coverage, n, rows }: { coverage: number | null; n: number; rows: ReadoutRow[] }) {
  const curves = rows.filter((r) => !r.id.startsWith('oracle'));
  const oracles = rows.filter((r) => r.id.startsWith('oracle'));
  return (
    <div className="chart-readout" aria-live="polite" data-readout={coverage ?? ''}>
      {coverage === null ? (
        <p>
          Move the pointer over the plot (or focus it and press the arrow keys) to read coverage, risk and
          threshold.
        </p>
      ) : (
        <>
          <p>
            Keeping the <strong>{pct(coverage, 1)}%</strong> most confident test predictions (
            {Math.round(coverage * n)} of {n}):
          </p>
          <ul>
            {curves.map((r) => (
              <li key={r.id}>
                <strong>{r.name}</strong>: risk {pct(r.risk, 2)}%, threshold {r.threshold}
                {r.coverage !== coverage ? ` (at coverage ${pct(r.coverage, 1)}%)` : ''}
              </li>
            ))}
            {oracles.length ? (
              <li>
                <strong>Oracle</strong> (perfect ranking):{' '}
                {oracles.map((r) => `${r.name.replace('Oracle · ', '')} ${pct(r.risk, 2)}%`).join(', ')}
              </li>
            ) : null}
          </ul>
        </>
      )}
    </div>
  );
}
