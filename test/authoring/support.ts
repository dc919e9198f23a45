import zlib from 'node:zlib';
import type request from 'supertest';
import * as tar from 'tar';
import { csrfToken } from '../support/test-app';

/** A real 1×1 PNG picture. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** The start of an MP3 file: an ID3 tag. */
export const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.alloc(64, 0x55)]);

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&#39;': "'", '&quot;': '"' };
export const decodeHtml = (html: string) => html.replace(/&(amp|lt|gt|quot|#34|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** The text in a textarea, as the browser would show it (the newline after the tag is not part of it). */
export function textareaOf(html: string, id: string): string {
  const match = new RegExp(`<textarea[^>]*id="${id}"[^>]*>\\n?([\\s\\S]*?)</textarea>`).exec(html);
  if (!match) throw new Error(`No textarea #${id} in page`);
  return decodeHtml(match[1] ?? '');
}

/** GETs a page for its form token, then sends a multipart form with the token first, as a browser does. */
export async function uploadForm(
  agent: request.Agent,
  pagePath: string,
  postPath: string,
  fields: Record<string, string>,
  file?: { field: string; data: Buffer; name: string },
) {
  const page = await agent.get(pagePath);
  let post = agent.post(postPath).field('_csrf', csrfToken(page.text));
  for (const [name, value] of Object.entries(fields)) post = post.field(name, value);
  if (file) post = post.attach(file.field, file.data, { filename: file.name, contentType: 'application/octet-stream' });
  return post;
}

/** A tar.gz made entry by entry, so a test can put in what no honest tool would (../ paths, links). */
export function craftedArchive(entries: { path: string; data?: string; type?: 'File' | 'SymbolicLink' | 'Link' | 'Directory'; linkpath?: string }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'File';
    const data = Buffer.from(entry.data ?? '');
    const header = new tar.Header({ path: entry.path, type, size: type === 'File' ? data.length : 0, mode: 0o644, mtime: new Date(0), linkpath: entry.linkpath });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (type === 'File') blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return zlib.gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

/** The notice or error words of a page, without markup, for readable expectations. */
export const wordsOf = (html: string) => decodeHtml(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
