import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCourseFolder } from '../../src/courses/folder';
import { parseCourse } from '../../src/courses/parse';
import { renderCourse } from '../../src/courses/render';
import { PNG } from '../authoring/support';
import { BILLION_LAUGHS, blockOf, COURSE_YAML, DEEP_FLOW, DEEP_MAP, moduleWith, PROTOTYPE_KINDS, SLOW_MARKDOWN, SLOW_SVGS } from '../support/hostile';

const BROKEN = path.join(__dirname, '..', 'fixtures', 'broken-course');
const ROOT = path.join(__dirname, '..', '..');

describe('checking a course folder', () => {
  const { course, problems } = parseCourse(readCourseFolder(BROKEN));
  const messages = problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`);

  test('when a course has problems, then it is not accepted', () => {
    expect(course).toBeUndefined();
  });

  test.each([
    ['01-mistakes.md:7: missing media file media/missing.png'],
    ['01-mistakes.md:9: step "An empty step" is empty'],
    ['01-mistakes.md:13: unknown block kind "quiz"'],
    ['01-mistakes.md:21: reflection block: id: is missing'],
    ['01-mistakes.md:31: duplicate id "same"'],
    ['01-mistakes.md:40: choice block: bad YAML'],
    ['course.yaml:6: module file 02-not-there.md is missing'],
    ['media/unsafe.svg:1: SVG must not contain a <script> element'],
    ['media/fake.png:1: the file\'s content is not a .png file'],
  ])('then it names the file and line: %s', (expected) => {
    expect(messages.some((message) => message.startsWith(expected))).toBe(true);
  });

  test('when course.yaml is bad YAML, then the line of the mistake is named', () => {
    const result = parseCourse({ id: 'x', files: { 'course.yaml': 'title: A\nsummary: [unclosed\n' }, media: {} });
    expect(result.problems[0]).toMatchObject({ file: 'course.yaml', message: expect.stringContaining('bad YAML') });
  });

  test('when a choice has no correct option, then that is a problem', () => {
    const module = '---\ntitle: M\n---\n\n## Q\n\n```choice\nid: q\nprompt: P?\noptions: [a, b]\nfeedback: F\n```\n';
    const files = { 'course.yaml': 'title: T\nsummary: S\nminutes: 5\nmodules: [m.md]\nattitudeTest:\n  statements:\n    - { id: s, text: S }\n', 'm.md': module };
    const result = parseCourse({ id: 'x', files, media: {} });
    expect(result.problems.map((p) => p.message)).toContain('choice block: options: needs at least one option with correct: true');
  });

  test('when a picture\'s file name has an accent or a space, then the check and the learners\' page find the same file', () => {
    const module = moduleWith('![Un café](media/café.png)\n\n![Two words](<media/two words.png>)');
    const media = { 'media/café.png': PNG, 'media/two words.png': PNG };
    const { course, problems } = parseCourse({ id: 'x', files: { 'course.yaml': COURSE_YAML.replace('01-a.md', 'm.md'), 'm.md': module }, media });
    expect(problems).toEqual([]);
    const urls: Record<string, string> = { 'media/café.png': '/media/cafe-hash.png', 'media/two words.png': '/media/two-hash.png' };
    const [step] = renderCourse(course!, (mediaPath) => urls[mediaPath]).steps;
    const html = step!.parts.map((part) => (part.kind === 'html' ? part.html : '')).join('');
    expect(html).toContain('<img src="/media/cafe-hash.png" alt="Un café"');
    expect(html).toContain('<img src="/media/two-hash.png" alt="Two words"');
  });

  test('when the library is valid, then every course is accepted', () => {
    for (const id of ['alcohol-awareness', 'thinking-skills', 'cannabis-awareness']) {
      const result = parseCourse(readCourseFolder(path.join(ROOT, 'courses', id)));
      expect(result.problems).toEqual([]);
      expect(result.course?.modules.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('npm run courses:validate', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/courses/validate-cli.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  test('when a course folder has problems, then it prints file:line: problem for each and exits non-zero', () => {
    const result = run(BROKEN);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${path.join(BROKEN, '01-mistakes.md')}:13: unknown block kind "quiz"`);
    expect(result.stderr).toMatch(/\d+ problems found/);
  });

  test('when the library is valid, then it exits zero', () => {
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('courses/alcohol-awareness: ok');
  });
});

describe('npm run courses:validate on a library built to break it', () => {
  let library: string;
  let child: ReturnType<typeof spawn> | undefined;
  beforeAll(() => {
    library = fs.mkdtempSync(path.join(os.tmpdir(), 'pathways-hostile-'));
  });
  afterEach(() => child?.kill('SIGKILL'));
  afterAll(() => fs.rmSync(library, { recursive: true, force: true }));

  /** Writes course folders into a fresh library; each file defaults to a valid one. */
  function writeLibrary(name: string, courses: Record<string, Record<string, string>>): string {
    const folder = path.join(library, name);
    for (const [id, files] of Object.entries(courses)) {
      for (const [file, text] of Object.entries({ 'course.yaml': COURSE_YAML, '01-a.md': moduleWith('Words.'), ...files })) {
        fs.mkdirSync(path.dirname(path.join(folder, id, file)), { recursive: true });
        fs.writeFileSync(path.join(folder, id, file), text);
      }
    }
    return folder;
  }

  /** Runs the validator in its own process, so a hang is caught by this test's timeout, not waited out. */
  function validate(folder: string): Promise<{ status: number | null; stderr: string }> {
    return new Promise((resolve) => {
      // tsx as a loader, not its command: one process, so killing it stops the check itself.
      const started = spawn(process.execPath, ['--import', 'tsx', 'src/courses/validate-cli.ts', folder], { cwd: ROOT });
      child = started;
      let stderr = '';
      started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      started.on('close', (status) => resolve({ status, stderr }));
    });
  }

  test('when SVGs and modules are built to be slow, then it prints file:line: problem for each and exits non-zero', async () => {
    const courses: Record<string, Record<string, string>> = {};
    SLOW_SVGS.forEach(([, svg], index) => (courses[`svg-${index + 1}`] = { 'media/picture.svg': svg }));
    SLOW_MARKDOWN.forEach(([, markdown], index) => (courses[`markdown-${index + 1}`] = { '01-a.md': moduleWith(markdown) }));
    const folder = writeLibrary('slow', courses);
    const { status, stderr } = await validate(folder);
    expect(status).toBe(1);
    expect(stderr).not.toMatch(/^\s+at /m);
    for (const id of Object.keys(courses)) {
      const file = id.startsWith('svg') ? 'media/picture.svg' : '01-a.md';
      expect(stderr).toContain(`${path.join(folder, id, file)}:`);
    }
  }, 20_000);

  test('when blocks are named after object properties and YAML is a bomb or 5,000 deep, then it prints file:line: problem and exits non-zero', async () => {
    const courses: Record<string, Record<string, string>> = {
      'laughs-in-course-yaml': { 'course.yaml': `${COURSE_YAML}${BILLION_LAUGHS}\n` },
      'deep-course-yaml': { 'course.yaml': `${COURSE_YAML}${DEEP_FLOW}\n` },
      'laughs-in-front-matter': { '01-a.md': moduleWith('Words.', `${BILLION_LAUGHS}\n`) },
      'deep-front-matter': { '01-a.md': moduleWith('Words.', `${DEEP_MAP}\n`) },
      'laughs-in-a-block': { '01-a.md': moduleWith(blockOf('reflection', `id: r\nprompt: P\n${BILLION_LAUGHS}`)) },
      'deep-in-a-block': { '01-a.md': moduleWith(blockOf('reflection', `id: r\nprompt: P\n${DEEP_MAP}`)) },
    };
    PROTOTYPE_KINDS.forEach((kind, index) => (courses[`kind-${index + 1}`] = { '01-a.md': moduleWith(blockOf(kind)) }));
    const folder = writeLibrary('broken', courses);
    const { status, stderr } = await validate(folder);
    expect(status).toBe(1);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).toContain(`${path.join(folder, 'laughs-in-course-yaml', 'course.yaml')}:9: aliases`);
    expect(stderr).toContain(`${path.join(folder, 'deep-course-yaml', 'course.yaml')}:8: nested`);
    expect(stderr).toContain(`${path.join(folder, 'laughs-in-front-matter', '01-a.md')}:4: aliases`);
    expect(stderr).toContain(`${path.join(folder, 'deep-front-matter', '01-a.md')}:3: nested`);
    expect(stderr).toContain(`${path.join(folder, 'laughs-in-a-block', '01-a.md')}:11: reflection block: aliases`);
    expect(stderr).toContain(`${path.join(folder, 'deep-in-a-block', '01-a.md')}:10: reflection block: nested`);
    PROTOTYPE_KINDS.forEach((kind, index) => expect(stderr).toContain(`${path.join(folder, `kind-${index + 1}`, '01-a.md')}:7: unknown block kind "${kind}"`));
  }, 20_000);
});
