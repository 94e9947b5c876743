/**
 * The export-data contract: every chart can hand over what it plots as one table (long format: one
 * row per plotted point, with columns saying which series it belongs to), written as CSV. Values are
 * fractions and raw scores, never percent strings; numbers are written with full float64 precision
 * (the shortest text that reads back to the same double); null, NaN and ±∞ are empty cells.
 */
export type Cell = number | string | boolean | null;

export interface ExportTable {
  /** Column names: ASCII, snake_case, unit in the name when there is one. */
  columns: readonly string[];
  rows: Cell[][];
}

/** A CSV cell (RFC 4180 quoting). Text that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV: a header row, then one line per row, CRLF line ends (RFC 4180). */
export function toCsv(table: ExportTable): string {
  const width = table.columns.length;
  const lines = [table.columns.map(csvCell).join(',')];
  for (const row of table.rows) {
    if (row.length !== width) throw new RangeError(`CSV row has ${row.length} cells, expected ${width}`);
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
