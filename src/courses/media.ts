import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { Problem } from './model';
import { checkSvg } from './svg';

export { mediaReferences } from './markdown';

interface MediaKind {
  contentType: string;
  /** True when the bytes really are this kind of file, whatever the name says. */
  matches(data: Buffer): boolean;
}

const startsWith = (data: Buffer, bytes: number[], offset = 0) =>
  bytes.every((byte, index) => data[offset + index] === byte);
const ascii = (data: Buffer, text: string, offset = 0) => data.subarray(offset, offset + text.length).toString('latin1') === text;

const MEDIA_KINDS: Record<string, MediaKind> = {
  '.png': { contentType: 'image/png', matches: (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  '.jpg': { contentType: 'image/jpeg', matches: (d) => startsWith(d, [0xff, 0xd8, 0xff]) },
  '.jpeg': { contentType: 'image/jpeg', matches: (d) => startsWith(d, [0xff, 0xd8, 0xff]) },
  '.webp': { contentType: 'image/webp', matches: (d) => ascii(d, 'RIFF') && ascii(d, 'WEBP', 8) },
  '.svg': { contentType: 'image/svg+xml', matches: (d) => /<svg[\s>]/.test(d.toString('utf8', 0, 4096)) },
  // An ID3 tag, or an MPEG audio frame (11 sync bits set).
  '.mp3': { contentType: 'audio/mpeg', matches: (d) => ascii(d, 'ID3') || (d[0] === 0xff && ((d[1] ?? 0) & 0xe0) === 0xe0) },
  // An MPEG-4 file whose brand is audio or plain MPEG-4, not a HEIC or AVIF picture.
  '.m4a': { contentType: 'audio/mp4', matches: (d) => ascii(d, 'ftyp', 4) && M4A_BRANDS.has(d.toString('latin1', 8, 12)) },
  '.vtt': { contentType: 'text/vtt; charset=utf-8', matches: (d) => d.toString('utf8', 0, 16).replace(/^\uFEFF/, '').startsWith('WEBVTT') },
  // The transcript of an audio file: media/<name>.txt beside media/<name>.mp3.
  '.txt': { contentType: 'text/plain; charset=utf-8', matches: (d) => !d.includes(0) && isUtf8(d) },
};

const M4A_BRANDS = new Set(['M4A ', 'M4B ', 'mp41', 'mp42', 'isom', 'iso2', 'dash']);
export const AUDIO_EXTENSIONS = ['.mp3', '.m4a'];

/** Upload kinds, most specific first: an upload's type comes from its bytes, never from its name. */
const UPLOAD_ORDER = ['.png', '.jpg', '.webp', '.m4a', '.vtt', '.mp3'] as const;

/** What an uploaded file really is, by its content: the extension to store it under, or undefined. */
export function extensionByContent(data: Buffer): string | undefined {
  return UPLOAD_ORDER.find((extension) => MEDIA_KINDS[extension]?.matches(data));
}

/** True when a file holds HTML, SVG or XML markup, or script, anywhere (a "picture" that is really a page). */
export function holdsMarkup(data: Buffer): boolean {
  return /<(script|html|svg|iframe|object|embed|body|\?xml|!doctype)[\s>/]/i.test(data.toString('latin1'));
}

export function contentTypeOf(mediaPath: string): string {
  return MEDIA_KINDS[path.extname(mediaPath).toLowerCase()]?.contentType ?? 'application/octet-stream';
}

export function checkMedia(media: Record<string, Buffer>): Problem[] {
  const problems: Problem[] = [];
  for (const [file, data] of Object.entries(media)) {
    const extension = path.extname(file).toLowerCase();
    const kind = MEDIA_KINDS[extension];
    if (!kind) {
      const allowed = Object.keys(MEDIA_KINDS).join(', ');
      problems.push({ file, line: 1, message: `files of type "${extension || 'none'}" are not allowed (use ${allowed})` });
    } else if (!kind.matches(data)) {
      problems.push({ file, line: 1, message: `the file's content is not a ${extension} file` });
    } else if (extension === '.svg') {
      problems.push(...checkSvg(file, data.toString('utf8')));
    }
  }
  return problems;
}

/** For an audio file, the transcript that must sit beside it (media/talk.mp3 → media/talk.txt). */
export function transcriptOf(mediaPath: string): string | undefined {
  const extension = path.extname(mediaPath).toLowerCase();
  return AUDIO_EXTENSIONS.includes(extension) ? `${mediaPath.slice(0, -extension.length)}.txt` : undefined;
}

/** Captions for an audio file, if the author added them (media/talk.mp3 → media/talk.vtt). */
export function captionsOf(mediaPath: string): string {
  return `${mediaPath.slice(0, -path.extname(mediaPath).length)}.vtt`;
}
