import { exifBlock, makeJpeg, makePng } from '@testing/files';
import { Collector } from './collector';
import { reportImageMetadata } from './image';
import { bufferSource, exifText, readImageMetadata, xmpText } from './image-metadata';

async function markingsOf(bytes: Buffer) {
  const collector = new Collector(10_000);
  const skipped = reportImageMetadata(
    await readImageMetadata(bufferSource(bytes)),
    'image metadata',
    collector,
  );
  return { markings: collector.result().markings, skipped };
}

describe('image metadata', () => {
  it('reads an XMP packet in a PNG: title, description, keywords', async () => {
    const png = makePng(16, 16, {
      xmp: { title: 'Site visit', description: 'SECRET', keywords: ['drugs', 'ports'] },
    });
    const metadata = await readImageMetadata(bufferSource(png));
    expect(metadata?.texts).toEqual([{ kind: 'XMP', text: 'Site visit\nSECRET\ndrugs\nports' }]);
    expect(await markingsOf(png)).toEqual({
      markings: [{ marking: 'SECRET', where: 'image metadata' }],
      skipped: null,
    });
  });

  it('reads PNG text chunks, plain and compressed, and eXIf', async () => {
    for (const compressed of [false, true]) {
      const png = makePng(4, 4, { text: { Title: 'OFFICIAL-SENSITIVE' }, compressed });
      expect((await markingsOf(png)).markings).toEqual([
        { marking: 'OFFICIAL-SENSITIVE', where: 'image metadata' },
      ]);
    }
    const exif = makePng(4, 4, { exif: { description: 'TOP SECRET' } });
    expect((await markingsOf(exif)).markings).toEqual([
      { marking: 'TOP SECRET', where: 'image metadata' },
    ]);
  });

  it('reads a JPEG: EXIF (descriptions, XP keywords, user comment), XMP, IPTC, comment', async () => {
    const jpeg = makeJpeg(16, 16, {
      exif: { description: 'Harbour', xpKeywords: 'RESTRICTED', userComment: 'Taken at night' },
      xmp: { title: 'Dock' },
      iptc: { objectName: 'Pier', keywords: ['CONFIDENTIAL'], caption: 'A pier' },
      comment: 'Made with care',
    });
    const metadata = await readImageMetadata(bufferSource(jpeg));
    expect(metadata).toEqual({
      texts: [
        { kind: 'EXIF', text: 'Harbour\nRESTRICTED\nTaken at night' },
        { kind: 'XMP', text: 'Dock' },
        { kind: 'IPTC', text: 'Pier\nCONFIDENTIAL\nA pier' },
        { kind: 'comment', text: 'Made with care' },
      ],
      skipped: null,
    });
    expect((await markingsOf(jpeg)).markings).toEqual([
      { marking: 'RESTRICTED', where: 'image metadata' },
      { marking: 'CONFIDENTIAL', where: 'image metadata' },
    ]);
  });

  it('finds nothing in an image without metadata, and leaves prose alone', async () => {
    expect(await readImageMetadata(bufferSource(makePng()))).toEqual({ texts: [], skipped: null });
    expect(await readImageMetadata(bufferSource(makeJpeg()))).toEqual({
      texts: [],
      skipped: null,
    });
    const prose = makeJpeg(8, 8, { xmp: { description: 'Their secret meeting place' } });
    expect((await markingsOf(prose)).markings).toEqual([]);
  });

  it('does not read a metadata chunk over the size limit, and says so', async () => {
    const png = makePng(4, 4, { text: { Comment: 'x'.repeat(5 * 1024 * 1024) } });
    expect(await readImageMetadata(bufferSource(png))).toEqual({
      texts: [],
      skipped: 'a tEXt chunk larger than 4 MB',
    });
  });

  it('stops quietly at a cut-off or damaged file', async () => {
    const png = makePng(4, 4, { xmp: { title: 'SECRET' } });
    for (let cut = 0; cut < png.length; cut += 7) {
      await expect(readImageMetadata(bufferSource(png.subarray(0, cut)))).resolves.not.toThrow();
    }
    const jpeg = makeJpeg(8, 8, { exif: { description: 'SECRET' }, iptc: { caption: 'x' } });
    for (let cut = 0; cut < jpeg.length; cut += 5) {
      await expect(readImageMetadata(bufferSource(jpeg.subarray(0, cut)))).resolves.not.toThrow();
    }
    expect(exifText(exifBlock({ description: 'SECRET' }).subarray(0, 20))).toBe('');
    expect(await readImageMetadata(bufferSource(Buffer.from('not an image')))).toBeNull();
  });

  it('takes attribute values from XMP written in the short form', () => {
    expect(
      xmpText(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="r"><rdf:Description rdf:about="" ' +
          'xmlns:photoshop="p" photoshop:Headline="SECRET"/></rdf:RDF></x:xmpmeta>',
      ),
    ).toBe('SECRET');
  });
});
