/** Saves a blob under a file name through a temporary link (the browser's ordinary download). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; revoke it a little later for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "ls-sc-<chart>-<alpha>.<ext>", or "ls-sc-<chart>.<ext>" when no α applies. */
export function exportFileName(chartId: string, alpha: number | null, ext: 'svg' | 'png' | 'csv'): string {
  const a = alpha === null || !Number.isFinite(alpha) ? '' : `-${Number(alpha.toFixed(3))}`;
  return `ls-sc-${chartId}${a}.${ext}`;
}
