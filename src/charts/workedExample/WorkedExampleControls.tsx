/**
 * Picking the worked example's samples: an index box per slot, the next confident correct / next
 * confident mistake along the orders of workedExampleChoice.ts, a random pair, back to the defaults.
 */
import { useState } from 'react';
import type { PairView } from '../../model/views';
import {
  confidentCorrectOrder,
  confidentMistakeOrder,
  nextInOrder,
  sampleFromUniform,
  withSample,
  type WorkedPair,
} from '../../chartData/workedExampleChoice';

export interface WorkedExampleControlsProps {
  pair: PairView;
  samples: WorkedPair;
  n: number;
  /** A new pair of samples; null = back to the defaults. */
  onChoose: (samples: WorkedPair | null) => void;
  /** Uniform random numbers in [0, 1) for "Random pair" (Math.random unless a test passes its own). */
  random?: () => number;
}

/** A whole number in [0, n), or the message that says what is wrong with the text. */
export function parseIndex(text: string, n: number): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `Enter a whole number from 0 to ${(n - 1).toLocaleString('en-US')}.`;
  const v = Number(t);
  return v < n
    ? v
    : `There are ${n.toLocaleString('en-US')} test samples: enter 0 to ${(n - 1).toLocaleString('en-US')}.`;
}

function IndexBox({
  slot,
  value,
  n,
  onValue,
}: {
  slot: 0 | 1;
  value: number;
  n: number;
  onValue: (v: number) => void;
}) {
  // The text being typed; null = show the sample on screen. A new sample from elsewhere (a button,
  // Look closer) replaces what was typed.
  const [text, setText] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(null);
  }
  const parsed = text === null ? value : parseIndex(text, n);
  const letter = slot === 0 ? 'A' : 'B';
  const errorId = `we-index-error-${letter}`;
  return (
    <label className="we-index">
      Sample {letter}, test #
      <input
        type="text"
        inputMode="numeric"
        size={5}
        value={text ?? String(value)}
        aria-invalid={typeof parsed === 'string'}
        aria-describedby={typeof parsed === 'string' ? errorId : undefined}
        data-testid={`we-index-${letter.toLowerCase()}`}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseIndex(e.target.value, n);
          if (typeof v === 'number') onValue(v);
        }}
        onBlur={() => {
          if (typeof parsed === 'number') setText(null);
        }}
      />
      {typeof parsed === 'string' ? (
        <span id={errorId} className="error" role="alert">
          {parsed}
        </span>
      ) : null}
    </label>
  );
}

export function WorkedExampleControls({
  pair,
  samples,
  n,
  onChoose,
  random = Math.random,
}: WorkedExampleControlsProps) {
  const correct = confidentCorrectOrder(pair);
  const mistake = confidentMistakeOrder(pair);
  const next = (slot: 0 | 1): void => {
    const v = nextInOrder(slot === 0 ? correct : mistake, samples[slot]);
    if (v !== null) onChoose(withSample(samples, slot, v));
  };
  return (
    <div className="we-controls">
      <div className="we-row">
        <IndexBox slot={0} value={samples[0]} n={n} onValue={(v) => onChoose(withSample(samples, 0, v))} />
        <button type="button" className="secondary" disabled={correct.length === 0} onClick={() => next(0)}>
          Next confident correct
        </button>
      </div>
      <div className="we-row">
        <IndexBox slot={1} value={samples[1]} n={n} onValue={(v) => onChoose(withSample(samples, 1, v))} />
        <button type="button" className="secondary" disabled={mistake.length === 0} onClick={() => next(1)}>
          Next confident mistake
        </button>
      </div>
      <div className="we-row">
        <button
          type="button"
          className="secondary"
          onClick={() => onChoose([sampleFromUniform(n, random()), sampleFromUniform(n, random())])}
        >
          Random pair
        </button>
        <button type="button" className="secondary" onClick={() => onChoose(null)}>
          Back to the defaults
        </button>
      </div>
      <p className="hint">
        “Next confident correct” walks the {correct.length.toLocaleString('en-US')} samples both models get
        right, the CE model’s surest first; “next confident mistake” the{' '}
        {mistake.length.toLocaleString('en-US')} the LS model gets wrong, its surest first (both by MSP).
      </p>
    </div>
  );
}
