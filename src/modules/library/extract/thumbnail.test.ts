import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { makeThumbnail } from './thumbnail.js';

const picture = (format: 'png' | 'jpeg', width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 40 } } })[format]().toBuffer();

describe('makeThumbnail', () => {
  test('a PNG and a JPEG give a WebP at most 320 px wide, proportions kept', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const thumb = await makeThumbnail(await picture(format, 1200, 800));
      assert.ok(thumb, format);
      assert.equal(thumb.mediaType, 'image/webp');
      assert.equal(thumb.width, 320);
      assert.equal(thumb.height, 213);
      const meta = await sharp(thumb.bytes).metadata();
      assert.equal(meta.format, 'webp');
      assert.equal(meta.width, 320);
    }
  });

  test('a small image is not enlarged; the width option is honoured', async () => {
    assert.equal((await makeThumbnail(await picture('png', 100, 50)))?.width, 100);
    assert.equal((await makeThumbnail(await picture('png', 1000, 1000), { width: 64 }))?.height, 64);
  });

  test('the EXIF orientation is applied and metadata is not copied', async () => {
    const rotated = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#123456' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const thumb = await makeThumbnail(rotated, { width: 100 });
    assert.ok(thumb);
    assert.deepEqual([thumb.width, thumb.height], [100, 200]);
    const meta = await sharp(thumb.bytes).metadata();
    assert.equal(meta.exif, undefined);
    assert.equal(meta.orientation, undefined);
  });

  test('random bytes, a truncated image, an SVG and an empty buffer give null', async () => {
    let seed = 3;
    const random = new Uint8Array(5000).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed >> 8));
    assert.equal(await makeThumbnail(random), null);
    const png = await picture('png', 300, 300);
    assert.equal(await makeThumbnail(png.subarray(0, 60)), null);
    assert.equal(await makeThumbnail(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')), null);
    assert.equal(await makeThumbnail(new Uint8Array(0)), null);
  });
});
