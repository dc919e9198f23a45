import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import * as tar from 'tar';
import { writeCourseFolder } from '../courses/folder';
import type { CourseSource } from '../courses/model';
import { COURSE_FILE } from '../courses/parse';
import { COURSE_ID } from './forms';

const MB = 1024 * 1024;
/** The most an uploaded archive may be, packed and unpacked, and how many entries it may hold. */
export const MAX_ARCHIVE_BYTES = 50 * MB;
const MAX_UNPACKED_BYTES = 120 * MB;
const MAX_ENTRY_BYTES = 25 * MB;
const MAX_ENTRIES = 500;
/** Every entry gets the same time, so the same version always packs to the same bytes. */
const PACKED_AT = new Date('2026-01-01T00:00:00Z');

/** A version as a .tar.gz of its content folder: `<course id>/course.yaml`, the modules, `media/…`. */
export async function packCourse(source: CourseSource): Promise<Buffer> {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'pathways-export-'));
  try {
    writeCourseFolder(source, temporary);
    const entries = [...Object.keys(source.files), ...Object.keys(source.media)].sort().map((name) => `${source.id}/${name}`);
    const chunks: Buffer[] = [];
    const pack = tar.create({ gzip: true, cwd: temporary, portable: true, mtime: PACKED_AT }, entries);
    for await (const chunk of pack) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

export class ArchiveProblem extends Error {}

const gunzip = promisify(zlib.gunzip);

/** Why an entry's path is refused, or undefined when it is a plain relative path. */
function unsafePath(entryPath: string): string | undefined {
  if (entryPath.includes('\0') || entryPath.includes('\\')) return 'has a character not allowed in a path';
  if (entryPath.startsWith('/') || /^[a-zA-Z]:/.test(entryPath)) return 'is an absolute path';
  if (entryPath.split('/').includes('..')) return 'points outside the folder (..)';
  return undefined;
}

/**
 * Reads an uploaded archive into a course folder, in memory: nothing is written to disk. Refused
 * whole: absolute paths, `..`, links of any kind, more than one top folder, and anything too big.
 */
export async function unpackCourse(archive: Buffer): Promise<CourseSource> {
  if (archive[0] !== 0x1f || archive[1] !== 0x8b) throw new ArchiveProblem('The file is not a .tar.gz archive');
  let tarBytes: Buffer;
  try {
    tarBytes = await gunzip(archive, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    const tooBig = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
    throw new ArchiveProblem(tooBig ? `The archive unpacks to more than ${MAX_UNPACKED_BYTES / MB} MB` : 'The archive could not be unpacked: it is damaged or not a .tar.gz');
  }

  let top: string | undefined;
  let count = 0;
  const files: Record<string, string> = {};
  const media: Record<string, Buffer> = {};
  const parser = new tar.Parser({ strict: true });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', (error: Error) => reject(error instanceof ArchiveProblem ? error : new ArchiveProblem('The archive could not be read: it is damaged or not a tar archive')));
  });
  parser.on('entry', (entry: tar.ReadEntry) => {
    const refuse = (why: string) => {
      entry.resume();
      parser.abort(new ArchiveProblem(why));
    };
    const entryPath = entry.path.replace(/^(\.\/)+/, '');
    const unsafe = unsafePath(entryPath);
    count += 1;
    if (unsafe) return refuse(`The archive entry ${entryPath} ${unsafe}: the archive was not imported`);
    if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'Directory') {
      return refuse(`The archive entry ${entryPath} is a ${entry.type === 'SymbolicLink' || entry.type === 'Link' ? 'link' : 'special file'}: only files and folders are allowed`);
    }
    if (count > MAX_ENTRIES) return refuse(`The archive holds more than ${MAX_ENTRIES} entries`);
    if (entry.size > MAX_ENTRY_BYTES) return refuse(`The archive entry ${entryPath} is larger than ${MAX_ENTRY_BYTES / MB} MB`);
    const [first = '', ...rest] = entryPath.split('/').filter(Boolean);
    if (top !== undefined && first !== top) return refuse('The archive must hold one course folder, with course.yaml in it');
    top = first;
    const inFolder = rest.join('/');
    const isText = rest.length === 1 && (inFolder === COURSE_FILE || inFolder.endsWith('.md'));
    if (entry.type === 'Directory' || !(isText || rest[0] === 'media')) return void entry.resume();
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => chunks.push(chunk));
    entry.on('end', () => {
      const data = Buffer.concat(chunks);
      if (isText) files[inFolder] = data.toString('utf8');
      else media[inFolder] = data;
    });
  });
  parser.end(tarBytes);
  await done;

  if (!top || !COURSE_ID.test(top)) throw new ArchiveProblem('The archive must hold one course folder named by its course id, for example alcohol-awareness/course.yaml');
  if (!(COURSE_FILE in files)) throw new ArchiveProblem(`The archive has no ${top}/${COURSE_FILE}`);
  return { id: top, files, media };
}
