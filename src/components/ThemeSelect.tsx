import { useId } from 'react';
import { isThemeChoice, useTheme, type ThemeChoice } from '../theme/theme';

const LABELS: Record<ThemeChoice, string> = {
  system: 'Match system',
  light: 'Light',
  dark: 'Dark',
  contrast: 'High contrast',
};

/** The theme picker: system (default), light, dark or high contrast; remembered across visits. */
export function ThemeSelect() {
  const choice = useTheme((s) => s.choice);
  const theme = useTheme((s) => s.theme);
  const system = useTheme((s) => s.system);
  const setChoice = useTheme((s) => s.setChoice);
  const id = useId();
  return (
    <div className="theme-select">
      <label htmlFor={id}>Theme</label>
      <select
        id={id}
        value={choice}
        data-theme-in-force={theme}
        onChange={(e) => {
          if (isThemeChoice(e.target.value)) setChoice(e.target.value);
        }}
      >
        {(Object.keys(LABELS) as ThemeChoice[]).map((c) => (
          <option key={c} value={c}>
            {c === 'system' ? `${LABELS.system} (${LABELS[system]})` : LABELS[c]}
          </option>
        ))}
      </select>
    </div>
  );
}
