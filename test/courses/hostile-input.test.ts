import { checksProcess } from '../support/checks-process';
import { COURSE_YAML, MB, moduleWith, SLOW_MARKDOWN, SLOW_MODULE_LINES, SLOW_SVGS } from '../support/hostile';

// Each input here takes a quadratic check hours; this timeout only makes the failure quick.
const SLOW = 20_000;

const checks = checksProcess();
afterEach(() => checks.stopIfBusy());
afterAll(() => checks.stop());

const courseFiles = (files: Record<string, string> = {}) => ({ 'course.yaml': COURSE_YAML, '01-a.md': moduleWith('Words.'), ...files });

describe('checking content built to be slow', () => {
  test.each(SLOW_SVGS)('when an SVG holds %s, then the check names a problem in it and returns', async (_what, svg) => {
    const media = { 'media/picture.svg': svg };
    const problems = await checks.run('checkMedia', media);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThanOrEqual(5);
    expect(problems[0]).toMatchObject({ file: 'media/picture.svg', line: expect.any(Number), message: expect.stringMatching(/^SVG /) });
    expect(await checks.run('parseCourse', courseFiles(), media)).toEqual(problems);
  }, SLOW);

  test.each(SLOW_MARKDOWN)('when a module holds %s, then the picture finder returns none and the course check names the module', async (_what, markdown) => {
    expect(await checks.run('mediaReferences', markdown)).toEqual([]);
    const problems = await checks.run('parseCourse', courseFiles({ '01-a.md': moduleWith(markdown) }), {});
    expect(problems).toEqual([expect.objectContaining({ file: '01-a.md', line: 1 })]);
  }, SLOW);

  test.each(SLOW_MODULE_LINES)('when a module holds %s, then reading it returns', async (_what, body) => {
    const problems = await checks.run('parseModuleText', '01-a.md', moduleWith(body));
    expect(problems.every((problem) => problem.file === '01-a.md')).toBe(true);
  }, SLOW);

  test('when 30,000 ![ come before a real picture, then the picture is found on its own line', async () => {
    const markdown = `${'!['.repeat(30_000)}\n\n![A calm lake](media/lake.png)\n`;
    expect(await checks.run('mediaReferences', markdown)).toEqual([{ path: 'media/lake.png', alt: 'A calm lake', line: 3 }]);
  }, SLOW);

  test.each([
    ['2 MB of <', '<'.repeat(2 * MB)],
    ['2 MB of <scrip', '<scrip'.repeat(2 * MB / 6)],
    ['2 MB of <!doctyp', '<!doctyp'.repeat(2 * MB / 8)],
    ['2 MB of <svg with no end', '<svg'.repeat(2 * MB / 4)],
  ])('when an upload holds %s, then the markup and type checks return', async (_what, data) => {
    expect(await checks.run('holdsMarkup', data)).toBe(false);
    expect(await checks.run('extensionByContent', data)).toBeNull();
    expect((await checks.run('checkMedia', { 'media/x.svg': data }))[0]).toMatchObject({ file: 'media/x.svg' });
  }, SLOW);

  test('when a file names 40,000 keys, then YAML keys are checked for repeats in one pass', async () => {
    const keys = Array.from({ length: 40_000 }, (_, index) => `key${index}: 1`).join('\n');
    const problems = await checks.run('yamlProblems', `${keys}\nkey7: 2\n`);
    expect(problems).toEqual([expect.objectContaining({ file: 'course.yaml', line: 40_001 })]);
  }, SLOW);

  test('when a file uses 20,000 aliases, then aliases are refused without resolving each one', async () => {
    const anchors = Array.from({ length: 20_000 }, (_, index) => `a${index}: &a${index} 1`).join('\n');
    const aliases = Array.from({ length: 20_000 }, (_, index) => `*a${index}`).join(', ');
    const problems = await checks.run('yamlProblems', `${anchors}\nall: [${aliases}]\n`);
    expect(problems).toEqual([expect.objectContaining({ file: 'course.yaml', line: 20_001 })]);
  }, SLOW);
});
