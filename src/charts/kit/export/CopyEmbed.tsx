import { useRef, useState } from 'react';
import { useTheme } from '../../../theme/theme';
import { embedCode, embedSize } from './embedCode';

export interface CopyEmbedProps {
  /** The element holding the chart's drawing: its size sets the iframe's. */
  plot: () => HTMLElement | null;
  title: string;
  name: string;
  chartId: string;
}

/**
 * "Copy embed code": the <iframe> of this chart alone with the page's current settings, to the
 * clipboard; where the browser refuses the clipboard, the code appears in a selected text field
 * to copy by hand. What happened is said in a status line.
 */
export function CopyEmbed({ plot, title, name, chartId }: CopyEmbedProps) {
  const [message, setMessage] = useState('');
  const [fallback, setFallback] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  const copy = async (): Promise<void> => {
    const box = plot()?.getBoundingClientRect();
    const { choice } = useTheme.getState();
    const code = embedCode({
      href: location.href,
      chartId,
      title,
      ...embedSize(box?.width ?? 0, box?.height ?? 0),
      theme: choice === 'system' ? null : choice,
    });
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code);
      setFallback(null);
      setMessage('Copied');
    } catch {
      setFallback(code);
      setMessage(
        'The browser did not allow copying: the code is selected in the field below, copy it with Ctrl+C (⌘C).',
      );
      // After React has shown the field.
      requestAnimationFrame(() => field.current?.select());
    }
  };

  return (
    <div className="chart-embed">
      <button
        type="button"
        className="secondary"
        data-embed-copy={chartId}
        aria-label={`Copy embed code for the ${name} chart`}
        title="An <iframe> of this chart alone, with the current settings, for slides"
        onClick={() => void copy()}
      >
        Copy embed code
      </button>
      <span role="status">{message}</span>
      {fallback !== null ? (
        <textarea
          ref={field}
          className="embed-code"
          readOnly
          rows={3}
          value={fallback}
          aria-label={`Embed code for the ${name} chart`}
          onFocus={(e) => e.currentTarget.select()}
        />
      ) : null}
    </div>
  );
}
