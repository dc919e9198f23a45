import type { Block, Course, CourseSource, Module, Problem, Step } from './model';
import { checkMedia, mediaReferences, transcriptOf } from './media';
import { blockSchemas, type BlockKind, courseFileSchema, MAX_MODULES, MAX_TEXT_CHARACTERS, moduleFrontMatterSchema } from './schemas';
import { parseYaml, yamlValue } from './yaml';

export const COURSE_FILE = 'course.yaml';
// Matched against the line without its trailing spaces: with `\s*$` at the end as well, a fence
// line of many spaces took time in the square of its length.
const FENCE = /^(```|~~~)\s*([\w-]*)$/;
const OTHER_HEADING = /^#(?!#)\s/;
// The characters `.` does not match: a "## " line holding one of them is not a step heading.
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** The title of a `## ` step heading, or undefined when the line is not one (checked in one pass over the line). */
function stepTitle(line: string): string | undefined {
  if (!line.startsWith('##') || !/^\s/.test(line.slice(2, 3))) return undefined;
  const title = line.slice(2).trim();
  return LINE_BREAK.test(title) ? undefined : title;
}

/** A file longer than the editor allows: refused before it is read, so no check spends long on it. */
function tooLong(file: string, text: string): Problem | undefined {
  if (text.length <= MAX_TEXT_CHARACTERS) return undefined;
  const [what, advice] = file === COURSE_FILE ? ['the file', ''] : ['the module', ': split it into two modules'];
  return { file, line: 1, message: `${what} is ${text.length.toLocaleString('en-GB')} characters, more than the ${MAX_TEXT_CHARACTERS.toLocaleString('en-GB')} allowed${advice}` };
}

export interface ParseResult {
  course?: Course;
  problems: Problem[];
}

/** Checks a course folder's files and turns them into a course; every problem names its file and line. */
export function parseCourse(source: CourseSource, options: { mediaAlreadyChecked?: boolean } = {}): ParseResult {
  const problems: Problem[] = [];
  const courseText = source.files[COURSE_FILE];
  if (courseText === undefined) {
    return { problems: [{ file: COURSE_FILE, line: 1, message: 'course.yaml is missing' }] };
  }
  const courseTooLong = tooLong(COURSE_FILE, courseText);
  if (courseTooLong) return { problems: [courseTooLong] };
  const { value: courseFile, problems: courseProblems } = parseYaml(courseText, COURSE_FILE, 1, courseFileSchema);
  problems.push(...courseProblems);
  if (courseFile?.id !== undefined && courseFile.id !== source.id) {
    problems.push({ file: COURSE_FILE, line: 1, message: `id "${courseFile.id}" does not match the folder name "${source.id}"` });
  }

  const modules: Module[] = [];
  const steps: Step[] = [];
  const located: LocatedBlock[] = [];
  // Modules are checked even when course.yaml has problems, so an author sees every problem at once.
  const moduleFiles = courseFile?.modules ?? listedModules(courseText);
  for (const file of moduleFiles.slice(0, MAX_MODULES)) {
    const text = source.files[file];
    if (text === undefined) {
      problems.push({ file: COURSE_FILE, line: lineContaining(courseText, file), message: `module file ${file} is missing` });
      continue;
    }
    const moduleTooLong = tooLong(file, text);
    if (moduleTooLong) {
      problems.push(moduleTooLong);
      continue;
    }
    const parsed = parseModule(file, text, { moduleNumber: modules.length + 1, stepsBefore: steps.length }, problems, located);
    modules.push(parsed);
    steps.push(...parsed.steps);
  }
  const listed = new Set(moduleFiles);
  for (const file of Object.keys(source.files)) {
    if (file.endsWith('.md') && !listed.has(file)) {
      problems.push({ file, line: 1, message: 'this module is not listed in course.yaml modules' });
    }
  }

  checkUniqueIds(located, courseFile?.attitudeTest.statements ?? [], problems);
  if (!options.mediaAlreadyChecked) problems.push(...checkMedia(source.media));
  for (const module of modules) {
    for (const reference of mediaReferences(source.files[module.file] ?? '')) {
      const { path, line, alt } = reference;
      if (!path.startsWith('media/')) {
        problems.push({ file: module.file, line, message: `image ${path} must be a file in the media/ folder` });
      } else if (!(path in source.media)) {
        problems.push({ file: module.file, line, message: `missing media file ${path}` });
      }
      if (alt.trim() === '') problems.push({ file: module.file, line, message: `image ${path} needs alt text` });
      const transcript = transcriptOf(path);
      if (transcript && !(transcript in source.media)) {
        problems.push({ file: module.file, line, message: `audio ${path} needs a transcript: add ${transcript}` });
      }
    }
  }

  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  if (problems.length > 0 || !courseFile) return { problems };
  return {
    problems,
    course: {
      id: source.id,
      title: courseFile.title,
      summary: courseFile.summary,
      minutes: courseFile.minutes,
      audience: courseFile.audience,
      quickExit: courseFile.quickExit,
      modules,
      steps,
      attitudeStatements: courseFile.attitudeTest.statements,
      help: courseFile.help,
    },
  };
}

/** One module on its own, for a preview: its steps as far as they could be read, and its problems. */
export function parseModuleText(file: string, text: string): { module: Module; problems: Problem[] } {
  const problems: Problem[] = [];
  const module = parseModule(file, text, { moduleNumber: 1, stepsBefore: 0 }, problems, []);
  return { module, problems };
}

/** A step while its module is read: where it starts, and whether it held a block (even a broken one). */
type DraftStep = Step & { line: number; attempted: boolean };

interface LocatedBlock {
  block: Block;
  file: string;
  line: number;
}

function parseModule(
  file: string,
  text: string,
  { moduleNumber, stepsBefore }: { moduleNumber: number; stepsBefore: number },
  problems: Problem[],
  located: LocatedBlock[],
): Module {
  const lines = text.split(/\r?\n/);
  let title = file;
  let bodyStart = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
    if (end === -1) {
      problems.push({ file, line: 1, message: 'front matter is not closed with ---' });
      return { file, title, steps: [] };
    }
    const frontMatter = parseYaml(lines.slice(1, end).join('\n'), file, 2, moduleFrontMatterSchema);
    problems.push(...frontMatter.problems);
    title = frontMatter.value?.title ?? title;
    bodyStart = end + 1;
  } else {
    problems.push({ file, line: 1, message: 'front matter with a title is missing (start the file with ---)' });
  }

  const steps: DraftStep[] = [];
  // A step whose block has problems is reported for the block, not also as empty.
  let step: DraftStep | undefined;
  let textLines: string[] = [];
  const flushText = () => {
    const markdown = textLines.join('\n').trim();
    if (markdown && step) step.parts.push({ kind: 'text', markdown });
    textLines = [];
  };

  for (let index = bodyStart; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    const heading = stepTitle(line);
    const fence = FENCE.exec(line.trimEnd());
    if (heading !== undefined) {
      flushText();
      if (step) steps.push(step);
      if (!heading) problems.push({ file, line: lineNumber, message: 'step heading has no title' });
      step = { number: stepsBefore + steps.length + 1, moduleNumber, title: heading, parts: [], line: lineNumber, attempted: false };
    } else if (!step) {
      if (line.trim()) problems.push({ file, line: lineNumber, message: 'text before the first step heading (## ...)' });
    } else if (OTHER_HEADING.test(line)) {
      problems.push({ file, line: lineNumber, message: 'use ## for a step, or ### for a heading inside a step' });
    } else if (fence) {
      flushText();
      let close = index + 1;
      while (close < lines.length && lines[close]?.trim() !== fence[1]) close += 1;
      if (close === lines.length) {
        problems.push({ file, line: lineNumber, message: `block is not closed with ${fence[1]}` });
        break;
      }
      step.attempted = true;
      const block = parseBlock(fence[2] ?? '', lines.slice(index + 1, close).join('\n'), file, lineNumber, problems);
      if (block) {
        step.parts.push({ kind: 'block', block });
        located.push({ block, file, line: lineNumber });
      }
      index = close;
    } else {
      textLines.push(line);
    }
  }
  flushText();
  if (step) steps.push(step);

  for (const { line, attempted, ...found } of steps) {
    if (found.parts.length === 0 && !attempted) problems.push({ file, line, message: `step "${found.title}" is empty` });
  }
  if (steps.length === 0 && !problems.some((p) => p.file === file)) {
    problems.push({ file, line: bodyStart + 1, message: 'module has no steps (start each step with ## and a title)' });
  }
  return { file, title, steps: steps.map(({ number, moduleNumber: m, title: t, parts }) => ({ number, moduleNumber: m, title: t, parts })) };
}

function parseBlock(kind: string, yaml: string, file: string, fenceLine: number, problems: Problem[]): Block | undefined {
  // Its own keys only: "constructor" or "__proto__" are in every object, and are not kinds of block.
  if (!Object.hasOwn(blockSchemas, kind)) {
    const known = Object.keys(blockSchemas).join(', ');
    problems.push({ file, line: fenceLine, message: `unknown block kind "${kind}" (use one of: ${known})` });
    return undefined;
  }
  const blockKind = kind as BlockKind;
  const { value, problems: found } = parseYaml<unknown>(yaml, file, fenceLine + 1, blockSchemas[blockKind]);
  if (found.length > 0 || !value) {
    problems.push(...found.map((problem) => ({ ...problem, message: `${kind} block: ${problem.message}` })));
    return undefined;
  }
  if (blockKind === 'choice') {
    const choice = value as import('zod').infer<typeof blockSchemas.choice>;
    return {
      kind: 'choice',
      id: choice.id,
      prompt: choice.prompt,
      feedback: choice.feedback,
      options: choice.options.map((option) =>
        typeof option === 'string' ? { text: option, correct: false } : { ...option, correct: option.correct === true },
      ),
    };
  }
  return { kind: blockKind, ...(value as object) } as Block;
}

function checkUniqueIds(located: LocatedBlock[], statements: { id: string }[], problems: Problem[]): void {
  const seen = new Set<string>();
  for (const { block, file, line } of located) {
    if (seen.has(block.id)) {
      problems.push({ file, line, message: `duplicate id "${block.id}" (ids must be unique in the course)` });
    }
    seen.add(block.id);
    if (block.kind !== 'plan') continue;
    const items = new Set<string>();
    for (const item of block.items) {
      if (items.has(item.id)) problems.push({ file, line, message: `duplicate plan item id "${item.id}" in "${block.id}"` });
      items.add(item.id);
    }
  }
  const statementIds = new Set<string>();
  for (const statement of statements) {
    if (statementIds.has(statement.id)) {
      problems.push({ file: COURSE_FILE, line: 1, message: `duplicate attitude statement id "${statement.id}"` });
    }
    statementIds.add(statement.id);
  }
}

function listedModules(courseText: string): string[] {
  const course = yamlValue(courseText);
  const modules: unknown = typeof course === 'object' && course !== null ? (course as { modules?: unknown }).modules : undefined;
  return Array.isArray(modules) ? modules.filter((file): file is string => typeof file === 'string') : [];
}

function lineContaining(text: string, needle: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => line.includes(needle));
  return index === -1 ? 1 : index + 1;
}
