/** "ls-sc-<chart>-<alpha>.<ext>", or "ls-sc-<chart>.<ext>" when no α applies. */
export function exportFileName(chartId: string, alpha: number | null, ext: 'svg' | 'png' | 'csv'): string {
  const a = alpha === null || !Number.isFinite(alpha) ? '' : `-${Number(alpha.toFixed(3))}`;
  return `ls-sc-${chartId}${a}.${ext}`;
}
