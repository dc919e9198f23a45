import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CourseSource } from './model';
import { COURSE_FILE } from './parse';

const MEDIA_FOLDER = 'media';

/** Reads one course folder: course.yaml, the Markdown modules beside it, and everything in media/. */
export function readCourseFolder(folder: string): CourseSource {
  const files: Record<string, string> = {};
  const media: Record<string, Buffer> = {};
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile() && (entry.name === COURSE_FILE || entry.name.endsWith('.md'))) {
      files[entry.name] = fs.readFileSync(path.join(folder, entry.name), 'utf8');
    }
  }
  const mediaFolder = path.join(folder, MEDIA_FOLDER);
  if (fs.existsSync(mediaFolder)) {
    for (const entry of fs.readdirSync(mediaFolder, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      media[path.relative(folder, full).split(path.sep).join('/')] = fs.readFileSync(full);
    }
  }
  return { id: path.basename(path.resolve(folder)), files, media };
}

/** The course folders of a library: every folder in it that holds a course.yaml. */
export function listCourseFolders(library: string): string[] {
  return fs
    .readdirSync(library, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(library, entry.name, COURSE_FILE)))
    .map((entry) => path.join(library, entry.name))
    .sort();
}

export function isCourseFolder(folder: string): boolean {
  return fs.existsSync(path.join(folder, COURSE_FILE));
}

/** Same files and media, same hash: how an import knows a folder has not changed. */
export function contentHash(source: Pick<CourseSource, 'files' | 'media'>): string {
  const hash = createHash('sha256');
  const entries: [string, string | Buffer][] = [...Object.entries(source.files), ...Object.entries(source.media)];
  for (const [name, content] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`${name}\0${Buffer.byteLength(content)}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/** Writes a course as a folder in the courses/ format: `<parent>/<course id>/`. Returns the folder. */
export function writeCourseFolder(source: CourseSource, parent: string): string {
  const folder = path.join(parent, source.id);
  const entries: [string, string | Buffer][] = [...Object.entries(source.files), ...Object.entries(source.media)];
  for (const [name, content] of entries) {
    const target = path.resolve(folder, name);
    // Stored paths come from checked folders and archives; this is the last line of defence.
    if (!target.startsWith(path.resolve(folder) + path.sep)) throw new Error(`Refusing to write ${name} outside ${folder}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return folder;
}
