import type { SvgExport } from './svg';

/**
 * Rasterises an exported SVG (made with a `scale`, so its natural size is the PNG's size) to a PNG.
 * The SVG is loaded as an image from a blob: URL, so it cannot fetch anything; its embedded canvas
 * pixels are data URLs, which keeps the drawing canvas untainted.
 */
export async function svgToPng(svg: SvgExport, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no 2-D canvas to draw the PNG on');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
