import { useState } from 'react';
import { svgToPng } from './png';
import { exportFileName } from './save';
import { saveBlob } from '../../../browser/saveBlob';
import { exportChartSvg } from './svg';
import { toCsv, type ExportTable } from '../../../chartData/table';
import { CopyEmbed } from './CopyEmbed';

export type ExportFormat = 'svg' | 'png' | 'csv';

/** PNG pixels per CSS pixel: sharp on slides and projectors whatever the screen it was made on. */
export const PNG_SCALE = 2;

export interface ExportButtonsProps {
  /** The element holding the chart's drawing (its <svg>s and <canvas>es), read when a button is pressed. */
  plot: () => HTMLElement | null;
  title: string;
  /** Short name used in the buttons' accessible names, e.g. "risk–coverage". */
  name: string;
  chartId: string;
  alpha: number | null;
  /** The plotted data; without it there is no CSV button. */
  table?: () => ExportTable | null;
}

/**
 * "Download SVG / PNG / CSV" for one chart, and "Copy embed code". Failures are said next to the
 * buttons, never thrown.
 */
export function ExportButtons({ plot: plotOf, title, name, chartId, alpha, table }: ExportButtonsProps) {
  const [message, setMessage] = useState('');
  const formats: ExportFormat[] = table ? ['svg', 'png', 'csv'] : ['svg', 'png'];

  const run = async (format: ExportFormat): Promise<void> => {
    const plot = plotOf();
    const file = exportFileName(chartId, alpha, format);
    try {
      if (format === 'csv') {
        const t = table?.();
        if (!t) throw new Error('no data to export yet');
        saveBlob(new Blob([toCsv(t)], { type: 'text/csv;charset=utf-8' }), file);
      } else {
        if (!plot) throw new Error('the chart is not drawn yet');
        const svg = exportChartSvg(plot, title, format === 'png' ? PNG_SCALE : 1);
        const blob =
          format === 'png'
            ? await svgToPng(svg, PNG_SCALE)
            : new Blob([svg.svg], { type: 'image/svg+xml;charset=utf-8' });
        saveBlob(blob, file);
      }
      setMessage('');
    } catch (e) {
      setMessage(`Could not export ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <>
      <div className="chart-export" role="group" aria-label={`Download the ${name} chart`}>
        <span className="chart-export-label" aria-hidden="true">
          Download
        </span>
        {formats.map((f) => (
          <button
            key={f}
            type="button"
            className="secondary"
            data-export-format={f}
            aria-label={`Download ${name} chart as ${f.toUpperCase()}`}
            title={f === 'csv' ? 'The plotted data as a table' : `The chart as ${f.toUpperCase()}`}
            onClick={() => void run(f)}
          >
            {f.toUpperCase()}
          </button>
        ))}
        <span role="status" className="error">
          {message}
        </span>
      </div>
      <CopyEmbed plot={plotOf} title={title} name={name} chartId={chartId} />
    </>
  );
}
