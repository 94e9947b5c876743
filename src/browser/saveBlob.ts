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
