import path from 'node:path';
import type { Problem } from './model';

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
  '.mp3': { contentType: 'audio/mpeg', matches: (d) => ascii(d, 'ID3') || startsWith(d, [0xff]) },
  '.m4a': { contentType: 'audio/mp4', matches: (d) => ascii(d, 'ftyp', 4) },
  '.vtt': { contentType: 'text/vtt', matches: (d) => d.toString('utf8', 0, 16).replace(/^\uFEFF/, '').startsWith('WEBVTT') },
};

/** What an SVG must not hold: anything that could run script or fetch from elsewhere. */
const UNSAFE_SVG = [
  { pattern: /<script/i, reason: 'a <script> element' },
  { pattern: /\son[a-z]+\s*=/i, reason: 'an event attribute (on...=)' },
  { pattern: /<foreignObject/i, reason: 'a <foreignObject> element' },
  { pattern: /(href|src)\s*=\s*["']\s*(?!#)[^"']*:/i, reason: 'a link to another address' },
  { pattern: /<!ENTITY/i, reason: 'an XML entity' },
];

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
      const svg = data.toString('utf8');
      for (const { pattern, reason } of UNSAFE_SVG) {
        const match = pattern.exec(svg);
        if (match) {
          const line = svg.slice(0, match.index).split('\n').length;
          problems.push({ file, line, message: `SVG must not contain ${reason}` });
        }
      }
    }
  }
  return problems;
}

const IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** Images a module's Markdown refers to, with the line each is on. */
export function mediaReferences(markdown: string): { path: string; alt: string; line: number }[] {
  const references: { path: string; alt: string; line: number }[] = [];
  markdown.split(/\r?\n/).forEach((text, index) => {
    for (const match of text.matchAll(IMAGE)) {
      references.push({ alt: match[1] ?? '', path: match[2] ?? '', line: index + 1 });
    }
  });
  return references;
}
