import { r3 } from '../kit/layout';

export interface CePartControlProps {
  /** null = calibrated case (CE part 0); a number = the fixed π_max in use. */
  fixedPMax: number | null;
  /** Slider position, kept while the box is unticked. */
  sliderPMax: number;
  numClasses: number;
  onChange: (fixedPMax: number | null, sliderPMax: number) => void;
}

/** Checkbox + slider choosing the CE part of E[∂L/∂v_max]: calibrated (0) or a fixed π_max ∈ [1/K, 1]. */
export function CePartControl({ fixedPMax, sliderPMax, numClasses, onChange }: CePartControlProps) {
  return (
    <div className="grad-controls">
      <label>
        <input
          type="checkbox"
          checked={fixedPMax !== null}
          onChange={(e) => onChange(e.target.checked ? sliderPMax : null, sliderPMax)}
        />{' '}
        CE part for a fixed π_max
      </label>
      <label>
        π_max{' '}
        <input
          type="range"
          min={numClasses >= 2 ? r3(1 / numClasses) : 0}
          max={1}
          step={0.01}
          value={sliderPMax}
          disabled={fixedPMax === null}
          aria-label="Fixed π_max for the CE part"
          onChange={(e) => onChange(Number(e.target.value), Number(e.target.value))}
        />{' '}
        <output>{sliderPMax.toFixed(2)}</output>
      </label>
    </div>
  );
}
