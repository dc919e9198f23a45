import { Document, stringify } from 'yaml';
import { readYaml, yamlValue } from '../courses/yaml';
import { AuthoringProblem } from './problem';

/** The course.yaml fields the details form edits. */
export interface CourseDetails {
  title: string;
  summary: string;
  minutes: number;
  audience: string;
  quickExit: boolean;
  statements: { id: string; text: string }[];
  help: { name: string; phone?: string; text?: string }[];
}

const textOf = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const listOf = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : [];

function plain(text: string): Record<string, unknown> {
  const value = yamlValue(text);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** course.yaml as a document to change in place, read with the same limits as the course check. */
function editable(courseYaml: string): Document {
  const { doc, problems } = readYaml(courseYaml);
  if (!doc) throw new AuthoringProblem('details', `course.yaml cannot be changed here: ${problems[0]?.message ?? 'it cannot be read'}. Check the draft to see where.`);
  return doc;
}

/** The details as they stand in course.yaml, as far as they can be read. */
export function readDetails(courseYaml: string): CourseDetails {
  const course = plain(courseYaml);
  const attitudeTest = (course.attitudeTest ?? {}) as Record<string, unknown>;
  return {
    title: textOf(course.title),
    summary: textOf(course.summary),
    minutes: Number(course.minutes) || 0,
    audience: textOf(course.audience),
    quickExit: course.quickExit === true,
    statements: listOf(attitudeTest.statements).map((s) => ({ id: textOf(s.id), text: textOf(s.text) })),
    help: listOf(course.help).map((h) => ({ name: textOf(h.name), phone: textOf(h.phone) || undefined, text: textOf(h.text) || undefined })),
  };
}

export function moduleFiles(courseYaml: string): string[] {
  const modules = plain(courseYaml).modules;
  return Array.isArray(modules) ? modules.filter((file): file is string => typeof file === 'string') : [];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes changed details into course.yaml. Only fields that changed are touched, so the author's
 * comments and layout stay, and saving unchanged details changes nothing (no new version).
 */
export function withDetails(courseYaml: string, details: CourseDetails): string {
  const current = readDetails(courseYaml);
  const doc = editable(courseYaml);
  for (const key of ['title', 'summary', 'minutes'] as const) {
    if (current[key] !== details[key]) doc.set(key, details[key]);
  }
  if (current.audience !== details.audience) {
    if (details.audience) doc.set('audience', details.audience);
    else doc.delete('audience');
  }
  if (current.quickExit !== details.quickExit) doc.set('quickExit', details.quickExit);
  if (!same(current.statements, details.statements)) doc.setIn(['attitudeTest', 'statements'], doc.createNode(details.statements));
  const help = details.help.map((line) => Object.fromEntries(Object.entries(line).filter(([, value]) => value)));
  if (!same(current.help, details.help)) {
    if (help.length > 0) doc.set('help', doc.createNode(help));
    else doc.delete('help');
  }
  return changedText(courseYaml, doc);
}

export function withModules(courseYaml: string, files: string[]): string {
  if (same(moduleFiles(courseYaml), files)) return courseYaml;
  const doc = editable(courseYaml);
  doc.set('modules', doc.createNode(files));
  return changedText(courseYaml, doc);
}

function changedText(original: string, doc: Document): string {
  const text = doc.toString({ lineWidth: 0 });
  return original.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** course.yaml for a new course: what the form asked, and one statement to start from. */
export function starterCourseYaml(input: { title: string; summary: string; minutes: number }, firstModule: string): string {
  return new Document({
    title: input.title,
    summary: input.summary,
    minutes: input.minutes,
    modules: [firstModule],
    attitudeTest: { statements: [{ id: 'know-different', text: 'I know what I will do differently.' }] },
  }).toString({ lineWidth: 0 });
}

/** A new module: front matter with its title and one step to write in. */
export function starterModule(title: string): string {
  return `---\n${stringify({ title }, { lineWidth: 0 })}---\n\n## ${title.replace(/\s+/g, ' ')}\n\nWrite this step here. Keep a step to one idea and about 60 to 150 words.\n`;
}

/** A file name for a new module: the next number and the title in lower-case words, e.g. 05-staying-safe.md. */
export function moduleFileName(title: string, existing: string[]): string {
  const numbers = existing.map((file) => Number(/^(\d+)-/.exec(file)?.[1] ?? 0));
  const next = String(Math.max(0, ...numbers) + 1).padStart(2, '0');
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '') || 'module';
  let name = `${next}-${slug}.md`;
  for (let n = 2; existing.includes(name); n += 1) name = `${next}-${slug}-${n}.md`;
  return name;
}
