import path from 'node:path';
import { readCourseFolder } from '../../src/courses/folder';
import type { CourseSource } from '../../src/courses/model';
import { createTestContext, type TestContext } from '../support/test-app';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

const library = path.join(__dirname, '..', '..', 'courses');
const versionsOf = (courseId: string) => context.db('course_versions').where({ course_id: courseId }).orderBy('version').select('version', 'source');

describe('importing the course library', () => {
  test('when nothing changed, then a second import makes no new version', async () => {
    const outcomes = await context.services.courses.importLibrary(library);
    expect(outcomes.map((o) => o.outcome)).toEqual(outcomes.map(() => 'unchanged'));
    expect(await versionsOf('alcohol-awareness')).toEqual([{ version: 1, source: 'files' }]);
  });

  test('when a course folder changes, then it becomes a new numbered version and the old one stays as it was', async () => {
    const source = readCourseFolder(path.join(library, 'thinking-skills'));
    const [firstModule] = Object.keys(source.files).filter((f) => f.endsWith('.md')).sort();
    const changed: CourseSource = { ...source, files: { ...source.files, [firstModule!]: `${source.files[firstModule!]}\nOne more sentence.\n` } };
    const outcome = await context.services.courses.importSource(changed);
    expect(outcome).toMatchObject({ outcome: 'new-version', version: 2 });
    const [v1, v2] = await context.db('course_versions').where({ course_id: 'thinking-skills' }).orderBy('version');
    expect(v1.files.text[firstModule!]).toBe(source.files[firstModule!]);
    expect(v2.files.text[firstModule!]).toContain('One more sentence.');
  });

  test('when a later version was published through authoring, then a restart with unchanged files does not override it', async () => {
    const source = readCourseFolder(path.join(library, 'cannabis-awareness'));
    const [filesVersion] = await context.db('course_versions').where({ course_id: 'cannabis-awareness' }).select('*');
    await context.db('course_versions').insert({ ...filesVersion, id: undefined, version: 2, source: 'authoring', content_hash: 'edited', files: JSON.stringify(filesVersion.files) });
    const outcome = await context.services.courses.importSource(source);
    expect(outcome.outcome).toBe('unchanged');
    const newest = await context.services.courses.newestVersion('cannabis-awareness');
    expect(newest).toMatchObject({ version: 2, source: 'authoring' });
  });

  test('when a course folder has problems, then it is not imported', async () => {
    const outcome = await context.services.courses.importSource(readCourseFolder(path.join(__dirname, '..', 'fixtures', 'broken-course')));
    expect(outcome.outcome).toBe('invalid');
    expect(await versionsOf('broken-course')).toEqual([]);
  });

  test('when a page shows a course image, then the media is served by content hash with safe headers', async () => {
    const version = await context.services.courses.newestVersion('alcohol-awareness');
    const course = await context.services.courses.renderedVersion(version!.id);
    const html = course!.steps.flatMap((s) => s.parts).map((p) => (p.kind === 'html' ? p.html : '')).join('');
    const src = /<img src="(\/media\/[a-f0-9]{64}\.svg)"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const request = (await import('supertest')).default;
    const response = await request(context.app).get(src!).expect(200);
    expect(response.headers['content-type']).toContain('image/svg+xml');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain('sandbox');
    await request(context.app).get('/media/not-a-hash.svg').expect(404);
  });

  test('when author Markdown holds raw HTML, then it is shown as text, never as markup', async () => {
    const source = readCourseFolder(path.join(library, 'alcohol-awareness'));
    const [firstModule] = Object.keys(source.files).filter((f) => f.endsWith('.md')).sort();
    const text = source.files[firstModule!]!.replace(/\n## /, '\n## Script test\n\n<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[link](javascript:alert(1))\n\n## ');
    const outcome = await context.services.courses.importSource({ ...source, files: { ...source.files, [firstModule!]: text } });
    expect(outcome.outcome).toBe('new-version');
    const version = await context.services.courses.newestVersion('alcohol-awareness');
    const course = await context.services.courses.renderedVersion(version!.id);
    const html = course!.steps.find((s) => s.title === 'Script test')!.parts.map((p) => (p.kind === 'html' ? p.html : '')).join('');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;');
  });
});
