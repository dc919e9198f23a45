import type request from 'supertest';
import { BILLION_LAUGHS, blockOf, COURSE_YAML, DEEP_FLOW, DEEP_MAP, MB, moduleWith, PROTOTYPE_KINDS, SLOW_MARKDOWN, SLOW_SVGS } from '../support/hostile';
import { signedInStaff } from '../support/staff';
import { createTestContext, type TestContext } from '../support/test-app';
import { craftedArchive, uploadForm, wordsOf } from './support';

let context: TestContext;
let agent: request.Agent;
beforeAll(async () => {
  context = await createTestContext();
  agent = (await signedInStaff(context, 'author')).agent;
  await context.services.authoring.openDraft('anger-management', { userId: null, name: 'test' });
});
afterAll(() => context.close());

// Each slow input takes a quadratic checker hours; this timeout is only there to fail fast.
const SLOW = 20_000;
const COURSE = 'hostile-course';

/** Imports a course folder as a .tar.gz through the authoring page, as an author would. */
function importCourse(files: { 'course.yaml'?: string; '01-a.md'?: string; [name: string]: string | undefined }) {
  const entries = Object.entries({ 'course.yaml': COURSE_YAML, '01-a.md': moduleWith('Words.'), ...files })
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, data]) => ({ path: `${COURSE}/${name}`, data }));
  return uploadForm(agent, '/authoring', '/authoring/import', {}, { field: 'archive', data: craftedArchive(entries), name: 'course.tar.gz' });
}

/** Refused with a 400 page that lists a problem at this file and line, and nothing imported. */
async function expectProblemAt(response: request.Response, where: string, words = '') {
  expect(response.status).toBe(400);
  expect(wordsOf(response.text)).toContain('nothing was imported');
  expect(wordsOf(response.text)).toContain(`${COURSE}/${where}: ${words}`);
  expect(await context.db('course_versions').where({ course_id: COURSE })).toEqual([]);
}

describe('importing a course built to be slow', () => {
  test.each(SLOW_SVGS)('when an SVG holds %s, then the page names the problem and nothing is imported', async (_what, svg) => {
    await expectProblemAt(await importCourse({ 'media/picture.svg': svg }), 'media/picture.svg:1', 'SVG ');
  }, SLOW);

  test.each(SLOW_MARKDOWN)('when a module holds %s, then the page says the module is too long and nothing is imported', async (_what, markdown) => {
    await expectProblemAt(await importCourse({ '01-a.md': moduleWith(markdown) }), '01-a.md:1', 'the module is');
  }, SLOW);

  test('when a module just under the limit holds 29,000 ![ and a picture that is not there, then the page names its line', async () => {
    const response = await importCourse({ '01-a.md': moduleWith(`${'!['.repeat(29_000)}\n\n![A lake](media/lake.png)`) });
    await expectProblemAt(response, '01-a.md:9', 'missing media file media/lake.png');
  }, SLOW);
});

describe('importing a course built to break the checks', () => {
  test.each(PROTOTYPE_KINDS)('when a block is of kind "%s", then the page names it as unknown and nothing is imported', async (kind) => {
    await expectProblemAt(await importCourse({ '01-a.md': moduleWith(blockOf(kind)) }), '01-a.md:7', `unknown block kind "${kind}"`);
  });

  test.each([
    ['course.yaml holds a billion laughs', { 'course.yaml': `${COURSE_YAML}${BILLION_LAUGHS}\n` }, 'course.yaml:9', 'aliases'],
    ['course.yaml is nested 5,000 deep', { 'course.yaml': `${COURSE_YAML}${DEEP_FLOW}\n` }, 'course.yaml:8', 'nested'],
    ['course.yaml maps are nested 5,000 deep', { 'course.yaml': `${COURSE_YAML}${DEEP_MAP}\n` }, 'course.yaml:8', 'nested'],
    ['a module\'s front matter holds a billion laughs', { '01-a.md': moduleWith('Words.', `${BILLION_LAUGHS}\n`) }, '01-a.md:4', 'aliases'],
    ['a module\'s front matter is nested 5,000 deep', { '01-a.md': moduleWith('Words.', `${DEEP_MAP}\n`) }, '01-a.md:3', 'nested'],
    ['a block holds a billion laughs', { '01-a.md': moduleWith(blockOf('reflection', `id: r\nprompt: P\n${BILLION_LAUGHS}`)) }, '01-a.md:11', 'reflection block: aliases'],
    ['a block is nested 5,000 deep', { '01-a.md': moduleWith(blockOf('reflection', `id: r\nprompt: P\n${DEEP_FLOW}`)) }, '01-a.md:10', 'reflection block: nested'],
  ])('when %s, then the page names the file and line and nothing is imported', async (_what, files, where, words) => {
    await expectProblemAt(await importCourse(files), where, words);
  });
});

describe('uploading markup built to be slow', () => {
  const MEDIA = '/authoring/courses/anger-management/draft/media';
  test.each([
    ['2 MB of <scrip', '<scrip'.repeat(2 * MB / 6)],
    ['2 MB of <!doctyp', '<!doctyp'.repeat(2 * MB / 8)],
  ])('when a file holds %s, then it is refused as no known type', async (_what, text) => {
    const response = await uploadForm(agent, MEDIA, MEDIA, { alt: 'A picture' }, { field: 'file', data: Buffer.from(text), name: 'x.png' });
    expect(response.status).toBe(400);
    expect(wordsOf(response.text)).toContain('x.png is not a PNG, JPEG or WebP picture');
  }, SLOW);
});
