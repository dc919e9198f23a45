import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readCourseFolder } from '../../src/courses/folder';
import { parseCourse } from '../../src/courses/parse';

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
