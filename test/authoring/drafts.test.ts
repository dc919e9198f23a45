import type request from 'supertest';
import { readDetails } from '../../src/authoring/course-yaml';
import { signedInStaff } from '../support/staff';
import { createTestContext, csrfToken, submitForm, type TestContext } from '../support/test-app';
import { BILLION_LAUGHS, blockOf, DEEP_MAP, PROTOTYPE_KINDS } from '../support/hostile';
import { textareaOf, wordsOf } from './support';

let context: TestContext;
let agent: request.Agent;
beforeAll(async () => {
  context = await createTestContext();
  agent = (await signedInStaff(context, 'author', { name: 'Dee Drafter' })).agent;
});
afterAll(() => context.close());

const draftOf = (courseId: string) => context.services.authoring.draft(courseId);
const coursePage = (courseId: string) => `/authoring/courses/${courseId}`;

async function openEditor(path: string) {
  const page = await agent.get(path).expect(200);
  return { page, token: csrfToken(page.text), startedFrom: /name="startedFrom" value="([^"]+)"/.exec(page.text)![1]!, markdown: textareaOf(page.text, 'markdown') };
}

describe('a new course, written from scratch', () => {
  const NEW = '/authoring/courses/gambling-awareness';

  test('when the form is wrong, then each field says what to fix and nothing is created', async () => {
    const response = await submitForm(agent, '/authoring/new', { id: 'Gambling Awareness', title: '', summary: 'x', minutes: 'ninety' }, '/authoring/courses');
    expect(response.status).toBe(400);
    const words = wordsOf(response.text);
    expect(words).toContain('The course id must be lower-case letters and digits joined by hyphens');
    expect(words).toContain('Enter the title');
    expect(words).toContain('Enter the minutes as a whole number from 1 to 600');
    expect(await context.db('course_drafts').count('* as n').first()).toEqual({ n: 0 });
  });

  test('when an author creates a course, adds, orders and writes modules and publishes, then it is in the catalogue for referrals', async () => {
    const created = await submitForm(agent, '/authoring/new', { id: 'gambling-awareness', title: 'Gambling awareness', summary: 'Understand gambling and make a plan.', minutes: '50' }, '/authoring/courses');
    expect(created.headers.location).toBe(`${NEW}/draft?done=created`);
    const taken = await submitForm(agent, '/authoring/new', { id: 'alcohol-awareness', title: 'Again', summary: 'x', minutes: '50' }, '/authoring/courses');
    expect(taken.status).toBe(409);
    expect(wordsOf(taken.text)).toContain('There is already a course with the id alcohol-awareness');

    const added = await submitForm(agent, `${NEW}/draft`, { moduleTitle: 'My plan' }, `${NEW}/draft/modules`);
    expect(added.headers.location).toBe(`${NEW}/draft/modules/02-my-plan.md?done=module-added`);
    await submitForm(agent, `${NEW}/draft`, { moduleTitle: 'What is going on' }, `${NEW}/draft/modules`);
    const moved = await submitForm(agent, `${NEW}/draft`, { direction: 'up' }, `${NEW}/draft/modules/03-what-is-going-on.md/move`);
    expect(moved.status).toBe(303);
    expect(readDetails((await draftOf('gambling-awareness'))!.files.text['course.yaml']!)).toMatchObject({ title: 'Gambling awareness', minutes: 50 });
    expect((await draftOf('gambling-awareness'))!.files.text['course.yaml']).toContain('modules:\n  - 01-getting-started.md\n  - 03-what-is-going-on.md\n  - 02-my-plan.md');

    const confirm = await agent.get(`${NEW}/draft/modules/02-my-plan.md/remove`).expect(200);
    expect(wordsOf(confirm.text)).toContain('Remove the module My plan?');
    await agent.post(`${NEW}/draft/modules/02-my-plan.md/remove`).type('form').send({ _csrf: csrfToken(confirm.text) }).expect(303);
    expect(Object.keys((await draftOf('gambling-awareness'))!.files.text).sort()).toEqual(['01-getting-started.md', '03-what-is-going-on.md', 'course.yaml']);

    const editor = await openEditor(`${NEW}/draft/modules/03-what-is-going-on.md`);
    const markdown = `${editor.markdown}\n## Your turn\n\n\`\`\`reflection\nid: when-i-gamble\nprompt: When do you most want to gamble?\n\`\`\`\n`;
    await agent.post(`${NEW}/draft/modules/03-what-is-going-on.md`).type('form').send({ _csrf: editor.token, startedFrom: editor.startedFrom, markdown, action: 'save' }).expect(303);

    const checked = await agent.get(`${NEW}/draft/validate`).expect(200);
    expect(wordsOf(checked.text)).toContain('No problems found');
    const publish = await agent.get(`${NEW}/draft/publish`).expect(200);
    expect(wordsOf(publish.text)).toContain('Publish version 1');
    const revision = /name="revision" value="(\d+)"/.exec(publish.text)![1]!;
    await agent.post(`${NEW}/draft/publish`).type('form').send({ _csrf: csrfToken(publish.text), revision }).expect(303);

    expect((await context.services.courses.catalogue()).map((course) => course.id)).toContain('gambling-awareness');
    const version = await context.services.courses.newestVersion('gambling-awareness');
    const course = await context.services.courses.renderedVersion(version!.id);
    expect(course!.modules.map((module) => module.title)).toEqual(['Getting started', 'What is going on']);
    const actions = await context.db('audit_events').where({ subject_id: 'gambling-awareness' }).orderBy('id').pluck('action');
    expect(actions).toEqual(['course-created', 'draft-changed', 'draft-changed', 'draft-changed', 'draft-changed', 'draft-changed', 'course-published']);
  });
});

describe('editing the draft of a published course', () => {
  const COURSE = coursePage('emotional-wellbeing');
  beforeAll(() => context.services.authoring.openDraft('emotional-wellbeing', { userId: null, name: 'test' }));

  test('when the details are saved, then only what changed is written and course.yaml keeps its layout', async () => {
    const before = (await draftOf('emotional-wellbeing'))!;
    const page = await agent.get(`${COURSE}/draft`).expect(200);
    const form = Object.fromEntries([...page.text.matchAll(/<input class="govuk-input[^"]*" id="([^"]+)" name="[^"]+" type="[^"]+" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&#34;/g, '"')]));
    await agent.post(`${COURSE}/draft/details`).type('form').send({ _csrf: csrfToken(page.text), ...form }).expect(303);
    expect((await draftOf('emotional-wellbeing'))!.files.text['course.yaml']).toBe(before.files.text['course.yaml']);

    await agent.post(`${COURSE}/draft/details`).type('form').send({ _csrf: csrfToken(page.text), ...form, minutes: '75' }).expect(303);
    const after = (await draftOf('emotional-wellbeing'))!.files.text['course.yaml']!;
    expect(after).toBe(before.files.text['course.yaml']!.replace(/^minutes: \d+$/m, 'minutes: 75'));
  });

  test('when a detail is wrong, then the page says which and the draft is unchanged', async () => {
    const before = (await draftOf('emotional-wellbeing'))!;
    const response = await submitForm(agent, `${COURSE}/draft`, { title: 'x', summary: 'y', minutes: '0', statementId0: 'Not An Id', statementText0: 'Words' }, `${COURSE}/draft/details`);
    expect(response.status).toBe(400);
    expect(wordsOf(response.text)).toContain('Enter the minutes as a whole number from 1 to 600');
    expect(wordsOf(response.text)).toContain('Statement 1: enter an id in lower-case words joined by hyphens');
    expect((await draftOf('emotional-wellbeing'))!.revision).toBe(before.revision);
  });

  test('when two authors edit the same module, then the second save is refused and keeps their text on the page', async () => {
    const path = `${COURSE}/draft/modules/01-what-is-going-on.md`;
    const first = await openEditor(path);
    const second = await openEditor(path);
    await agent.post(path).type('form').send({ _csrf: first.token, startedFrom: first.startedFrom, markdown: `${first.markdown}\nFirst author's line.\n`, action: 'save' }).expect(303);
    const refused = await agent.post(path).type('form').send({ _csrf: second.token, startedFrom: second.startedFrom, markdown: `${second.markdown}\nSecond author's line.\n`, action: 'save' });
    expect(refused.status).toBe(409);
    expect(wordsOf(refused.text)).toContain('Someone else saved this module after you opened it');
    expect(textareaOf(refused.text, 'markdown')).toContain("Second author's line.");
    expect((await draftOf('emotional-wellbeing'))!.files.text['01-what-is-going-on.md']).toContain("First author's line.");
  });

  test('when the draft changes after the author checked it, then publishing is refused until they look again', async () => {
    const publish = await agent.get(`${COURSE}/draft/publish`).expect(200);
    const revision = /name="revision" value="(\d+)"/.exec(publish.text)![1]!;
    await submitForm(agent, `${COURSE}/draft`, { moduleTitle: 'One more thing' }, `${COURSE}/draft/modules`);
    const refused = await agent.post(`${COURSE}/draft/publish`).type('form').send({ _csrf: csrfToken(publish.text), revision });
    expect(refused.status).toBe(409);
    expect(wordsOf(refused.text)).toContain('The draft changed after you checked it');
    expect(await context.db('course_versions').where({ course_id: 'emotional-wellbeing' })).toHaveLength(1);
  });

  test('when the author discards the draft, then it is gone and the published version is as it was', async () => {
    const confirm = await agent.get(`${COURSE}/draft/discard`).expect(200);
    const discarded = await agent.post(`${COURSE}/draft/discard`).type('form').send({ _csrf: csrfToken(confirm.text) });
    expect(discarded.headers.location).toBe(`${COURSE}?done=discarded`);
    expect(await draftOf('emotional-wellbeing')).toBeUndefined();
    await agent.get(`${COURSE}/draft`).expect(404);
  });

  test('when an address names a course, module or version that is not there, then the page is not found, never an error', async () => {
    await agent.get('/authoring/courses/no-such-course').expect(404);
    await agent.get('/authoring/courses/Bad%20Id').expect(404);
    await agent.get('/authoring/courses/alcohol-awareness/versions/99/export').expect(404);
    await agent.get('/authoring/courses/alcohol-awareness/diff?from=abc').expect(400);
    await agent.get('/authoring/courses/alcohol-awareness/draft/modules/..%2Fcourse.yaml').expect(404);
  });
});

describe('a draft module written to break the checks', () => {
  const COURSE = coursePage('thinking-skills');
  const MODULE = `${COURSE}/draft/modules/01-what-happened.md`;
  beforeAll(() => context.services.authoring.openDraft('thinking-skills', { userId: null, name: 'test' }));

  test.each([
    ...PROTOTYPE_KINDS.map((kind) => [`a block of kind "${kind}"`, blockOf(kind), `line 7: unknown block kind "${kind}"`] as const),
    ['a block holding a billion laughs', blockOf('reflection', `id: r\nprompt: P\n${BILLION_LAUGHS}`), 'line 11: reflection block: aliases'] as const,
    ['a block nested 5,000 deep', blockOf('reflection', `id: r\nprompt: P\n${DEEP_MAP}`), 'line 10: reflection block: nested'] as const,
  ])('when the author saves %s, then every draft page still opens and Check names the problem', async (_what, block, problem) => {
    const editor = await openEditor(MODULE);
    const markdown = `---\ntitle: Broken on purpose\n---\n\n## A step\n\n${block}\n`;
    await agent.post(MODULE).type('form').send({ _csrf: editor.token, startedFrom: editor.startedFrom, markdown, action: 'save' }).expect(303);

    const edited = await agent.get(MODULE).expect(200);
    expect(wordsOf(edited.text)).toContain(problem.replace(/^line/, 'Line'));
    await agent.get(`${COURSE}/draft`).expect(200);
    await agent.get(`${COURSE}/draft/media`).expect(200);
    await agent.get(`${MODULE}/remove`).expect(200);
    await agent.get(`${COURSE}/draft/publish`).expect(200);
    const checked = await agent.get(`${COURSE}/draft/validate`).expect(200);
    expect(wordsOf(checked.text)).toContain(`01-what-happened.md, ${problem}`);
    const preview = await agent.post(MODULE).type('form').send({ _csrf: editor.token, startedFrom: editor.startedFrom, markdown, action: 'preview' });
    expect(preview.status).toBe(200);
  });
});

describe('a draft whose course.yaml holds an alias', () => {
  const COURSE = coursePage('victim-awareness');

  test('when it came from a version imported before aliases were refused, then the draft pages open, Check names the line and saving details says why it cannot', async () => {
    await context.services.authoring.openDraft('victim-awareness', { userId: null, name: 'test' });
    const draft = (await draftOf('victim-awareness'))!;
    const courseYaml = `${draft.files.text['course.yaml']}same: &same text\nagain: *same\n`;
    await context.db('course_drafts').where({ course_id: 'victim-awareness' }).update({ files: JSON.stringify({ ...draft.files, text: { ...draft.files.text, 'course.yaml': courseYaml } }) });
    const aliasLine = courseYaml.split('\n').indexOf('again: *same') + 1;

    await agent.get(`${COURSE}/draft`).expect(200);
    const checked = await agent.get(`${COURSE}/draft/validate`).expect(200);
    expect(wordsOf(checked.text)).toContain(`course.yaml, line ${aliasLine}: aliases (*name) are not allowed`);
    const refused = await submitForm(agent, `${COURSE}/draft`, { title: 'Victim awareness', summary: 'A summary.', minutes: '60', statementId0: 'know-different', statementText0: 'I know.' }, `${COURSE}/draft/details`);
    expect(refused.status).toBe(400);
    expect(wordsOf(refused.text)).toContain('course.yaml cannot be changed here: aliases (*name) are not allowed');
    expect((await draftOf('victim-awareness'))!.files.text['course.yaml']).toBe(courseYaml);
  });
});
