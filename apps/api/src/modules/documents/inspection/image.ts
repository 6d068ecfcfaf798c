import { open } from 'node:fs/promises';
import type { Sink } from './collector';
import { fileSource, readImageMetadata, type ImageMetadata } from './image-metadata';

/** Why an image is held for review when the setting asks for it: its picture is not read. */
export const IMAGE_NOT_READ =
  'The file is an image: only its descriptions (XMP, EXIF, IPTC) were checked for markings, ' +
  'not the picture itself.';

/** Passes an image's metadata to the sink, checked for markings only, at `where`. */
export function reportImageMetadata(
  metadata: ImageMetadata | null,
  where: string,
  sink: Sink,
): string | null {
  if (metadata === null) return null;
  for (const { kind, text } of metadata.texts) {
    sink.add(where, `${kind}:\n${text}`, { keep: false });
  }
  return metadata.skipped;
}

/** A PNG or JPEG upload: its text metadata, then (by the setting) a review of the picture. */
export async function extractImage(
  path: string,
  limits: { imageReview: boolean },
  sink: Sink,
): Promise<void> {
  const handle = await open(path, 'r');
  let skipped: string | null;
  try {
    const { size } = await handle.stat();
    skipped = reportImageMetadata(
      await readImageMetadata(fileSource(handle, size)),
      'image metadata',
      sink,
    );
  } finally {
    await handle.close();
  }
  if (skipped !== null) {
    sink.incomplete(`The image's metadata could not all be read: it holds ${skipped}.`);
  }
  if (limits.imageReview) sink.incomplete(IMAGE_NOT_READ);
}
