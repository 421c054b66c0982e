/**
 * Preview images for library items that are pictures (photos of heritage sites, scanned posters,
 * maps): a small WebP the listing can show instead of the original, which may weigh megabytes.
 * Only raster formats are read (SVG is active content and is never rasterised here), with a pixel
 * limit against decompression bombs and a time limit; metadata (EXIF with GPS…) is not copied.
 */
import sharp from 'sharp';

/** Refuse images over 50 megapixels (a 7000 × 7000 scan still passes). */
const MAX_PIXELS = 50_000_000;
/** Raster formats sharp reads that we make previews of. */
const RASTER = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif', 'avif', 'jp2', 'jxl', 'bmp']);

/** A small WebP preview of an image file (sharp), or null when the bytes are not a raster image sharp can read. Never throws for bad input. */
export async function makeThumbnail(
  bytes: Uint8Array,
  options: { width?: number } = {},
): Promise<{ bytes: Buffer; mediaType: 'image/webp'; width: number; height: number } | null> {
  const width = Math.min(Math.max(Math.round(options.width ?? 320), 16), 2048);
  if (bytes.length === 0) return null;
  try {
    const input = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
    if (!meta.format || !RASTER.has(meta.format) || !meta.width || !meta.height) return null;
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: MAX_PIXELS, pages: 1 })
      .rotate() // the EXIF orientation, before metadata is dropped
      .resize({ width, height: width * 4, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75, effort: 3 })
      .timeout({ seconds: 20 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, mediaType: 'image/webp', width: info.width, height: info.height };
  } catch {
    return null;
  }
}
