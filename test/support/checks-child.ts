/**
 * The child side of checks-process.ts: runs one course check per message and answers with its
 * result. Files arrive as text and become bytes here, as they would be read from an archive.
 */
import { z } from 'zod';
import { checkMedia, extensionByContent, holdsMarkup, mediaReferences } from '../../src/courses/media';
import { parseCourse, parseModuleText } from '../../src/courses/parse';
import { parseYaml } from '../../src/courses/yaml';

const bytes = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [name, Buffer.from(text, 'latin1')]));

const checks = {
  checkMedia: (media: Record<string, string>) => checkMedia(bytes(media)),
  parseCourse: (files: Record<string, string>, media: Record<string, string>) => parseCourse({ id: 'hostile', files, media: bytes(media) }).problems,
  parseModuleText: (file: string, text: string) => parseModuleText(file, text).problems,
  mediaReferences: (markdown: string) => mediaReferences(markdown),
  holdsMarkup: (data: string) => holdsMarkup(Buffer.from(data, 'latin1')),
  extensionByContent: (data: string) => extensionByContent(Buffer.from(data, 'latin1')) ?? null,
  yamlProblems: (text: string) => parseYaml(text, 'course.yaml', 1, z.unknown()).problems,
};
export type Checks = typeof checks;

process.on('message', ({ id, name, args }: { id: number; name: keyof Checks; args: unknown[] }) => {
  try {
    const check = checks[name] as (...args: unknown[]) => unknown;
    process.send?.({ id, result: check(...args) });
  } catch (error) {
    process.send?.({ id, error: String((error as Error).stack ?? error) });
  }
});
