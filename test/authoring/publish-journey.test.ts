import type request from 'supertest';
import { answersFor } from '../support/answers';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, csrfToken, signedInLearner, startCourse, submitForm, type TestContext } from '../support/test-app';
import { PNG, textareaOf, uploadForm, wordsOf } from './support';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

const COURSE = 'alcohol-awareness';
const DRAFT = `/authoring/courses/${COURSE}/draft`;
const OLD_WORDS = 'Welcome to this course.';
const NEW_WORDS = 'Hello, and thank you for starting this course.';
const OLD_PICTURE = 'media/thoughts-feelings-actions.svg';

async function renderedNewest() {
  const version = await context.services.courses.newestVersion(COURSE);
  return (await context.services.courses.renderedVersion(version!.id))!;
}

/** Opens a module in the editor, changes its text, and sends it with Save or Preview. */
async function editModule(agent: request.Agent, file: string, change: (markdown: string) => string, action: 'save' | 'preview') {
  const page = await agent.get(`${DRAFT}/modules/${file}`).expect(200);
  const startedFrom = /name="startedFrom" value="([^"]+)"/.exec(page.text)![1]!;
  return agent
    .post(`${DRAFT}/modules/${file}`)
    .type('form')
    .send({ _csrf: csrfToken(page.text), startedFrom, markdown: change(textareaOf(page.text, 'markdown')), action });
}

/** Saves every step before the given one, so the learner can open it. */
async function workUpTo(agent: request.Agent, stepNumber: number) {
  const course = await renderedNewest();
  for (const step of course.steps.slice(0, stepNumber - 1)) {
    const saved = await submitForm(agent, `/learn/courses/${COURSE}/steps/${step.number}`, answersFor(step));
    expect([302, 303]).toContain(saved.status);
  }
}

describe('an author improving a course while learners are part-way through it', () => {
  test('when the author changes a step and a picture, previews and publishes, then new learners see the change and a learner mid-course does not', async () => {
    const before = await renderedNewest();
    const catalogueBefore = await context.services.courses.catalogue();
    const pictureStep = before.steps.find((step) => step.parts.some((part) => part.kind === 'html' && part.html.includes('.svg')) && step.moduleNumber === 2)!;

    // A learner is part-way through version 1.
    const midCourse = await signedInLearner(context, await createReferral(context));
    expect((await startCourse(midCourse, COURSE)).status).toBe(303);
    await workUpTo(midCourse, pictureStep.number);

    const { agent: author } = await signedInStaff(context, 'author', { name: 'Ada Author' });
    const opened = await submitForm(author, `/authoring/courses/${COURSE}`, {}, DRAFT);
    expect(opened.headers.location).toBe(`${DRAFT}?done=opened`);

    const uploaded = await uploadForm(author, `${DRAFT}/media`, `${DRAFT}/media`, { alt: 'A triangle linking thoughts, feelings and actions' }, { field: 'file', data: PNG, name: 'triangle.png' });
    expect(uploaded.status).toBe(303);
    const library = await author.get(`${DRAFT}/media`).expect(200);
    const newPicture = /(media\/[a-f0-9]{16}\.png)/.exec(library.text)![1]!;
    expect(wordsOf(library.text)).toContain(`![A triangle linking thoughts, feelings and actions](${newPicture})`);

    const preview = await editModule(author, '01-what-is-going-on.md', (text) => text.replace(OLD_WORDS, NEW_WORDS), 'preview');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Preview: what learners will see');
    expect(preview.text).toContain(NEW_WORDS);
    expect((await author.get(`${DRAFT}/modules/01-what-is-going-on.md`)).text).not.toContain(NEW_WORDS);

    expect((await editModule(author, '01-what-is-going-on.md', (text) => text.replace(OLD_WORDS, NEW_WORDS), 'save')).status).toBe(303);
    const picturePreview = await editModule(author, '02-thoughts-feelings-and-facts.md', (text) => text.replace(OLD_PICTURE, newPicture), 'preview');
    expect(picturePreview.text).toMatch(/<img src="\/media\/[a-f0-9]{64}\.png" alt="A triangle with three circles/);
    expect((await editModule(author, '02-thoughts-feelings-and-facts.md', (text) => text.replace(OLD_PICTURE, newPicture), 'save')).status).toBe(303);

    const diff = await author.get(`/authoring/courses/${COURSE}/diff?from=1&to=draft`).expect(200);
    expect(diff.text).toContain('01-what-is-going-on.md: changed');
    expect(wordsOf(diff.text)).toContain(`Removed ${OLD_WORDS}`);
    expect(wordsOf(diff.text)).toContain(`Added ${NEW_WORDS}`);

    const confirm = await author.get(`${DRAFT}/publish`).expect(200);
    expect(wordsOf(confirm.text)).toContain('People part-way through stay on the version they started');
    const revision = /name="revision" value="(\d+)"/.exec(confirm.text)![1]!;
    const published = await author.post(`${DRAFT}/publish`).type('form').send({ _csrf: csrfToken(confirm.text), revision });
    expect(published.headers.location).toBe(`/authoring/courses/${COURSE}?done=published`);

    const coursePage = await author.get(`/authoring/courses/${COURSE}`).expect(200);
    expect(wordsOf(coursePage.text)).toContain('Ada Author (published in pathways)');
    expect(coursePage.text).toContain('There is no draft');
    const audit = await context.db('audit_events').where({ action: 'course-published', subject_id: COURSE });
    expect(audit).toEqual([expect.objectContaining({ actor: 'Ada Author (author)', details: { version: 2, basedOn: 1 } })]);

    // The learner part-way through finishes on version 1: old words, old picture.
    const oldStep = await midCourse.get(`/learn/courses/${COURSE}/steps/1`).expect(200);
    expect(oldStep.text).toContain(OLD_WORDS);
    expect(oldStep.text).not.toContain(NEW_WORDS);
    const oldPicture = await midCourse.get(`/learn/courses/${COURSE}/steps/${pictureStep.number}`).expect(200);
    expect(oldPicture.text).toMatch(/<img src="\/media\/[a-f0-9]{64}\.svg"/);

    // A new learner starts on version 2.
    const newcomer = await signedInLearner(context, await createReferral(context));
    expect((await startCourse(newcomer, COURSE)).status).toBe(303);
    const newStep = await newcomer.get(`/learn/courses/${COURSE}/steps/1`).expect(200);
    expect(newStep.text).toContain(NEW_WORDS);
    await workUpTo(newcomer, pictureStep.number);
    const newPictureStep = await newcomer.get(`/learn/courses/${COURSE}/steps/${pictureStep.number}`).expect(200);
    expect(newPictureStep.text).toMatch(/<img src="\/media\/[a-f0-9]{64}\.png" alt="A triangle with three circles/);
    const pictureUrl = /<img src="(\/media\/[a-f0-9]{64}\.png)"/.exec(newPictureStep.text)![1]!;
    const served = await newcomer.get(pictureUrl).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, PNG)).toBe(0);

    // The catalogue (kept in memory) moved on to version 2 with the publish.
    const catalogue = await context.services.courses.catalogue();
    const version2 = await context.services.courses.newestVersion(COURSE);
    expect(catalogue.find((course) => course.id === COURSE)?.versionId).toBe(version2!.id);
    expect(catalogueBefore.find((course) => course.id === COURSE)?.versionId).not.toBe(version2!.id);
  });

  test('when a draft has a mistake, then checking it names the module and line, and it cannot be published', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    await submitForm(agent, '/authoring/courses/thinking-skills', {}, '/authoring/courses/thinking-skills/draft');
    const draft = '/authoring/courses/thinking-skills/draft';
    const page = await agent.get(`${draft}/modules/01-what-happened.md`).expect(200);
    const broken = `${textareaOf(page.text, 'markdown')}\n\n## A broken question\n\n\`\`\`choice\nid: broken-one\nprompt: Which?\noptions: [ "a", "b" ]\n\`\`\`\n`;
    const startedFrom = /name="startedFrom" value="([^"]+)"/.exec(page.text)![1]!;
    const saved = await agent.post(`${draft}/modules/01-what-happened.md`).type('form').send({ _csrf: csrfToken(page.text), startedFrom, markdown: broken, action: 'save' });
    expect(saved.status).toBe(303);

    const checked = await agent.get(`${draft}/validate`).expect(200);
    const fenceLine = broken.split('\n').lastIndexOf('```choice') + 1;
    expect(wordsOf(checked.text)).toContain(`01-what-happened.md, line ${fenceLine + 1}: choice block: feedback: is missing`);
    expect(wordsOf(checked.text)).toContain('Module: What happened');

    const editor = await agent.get(`${draft}/modules/01-what-happened.md`).expect(200);
    expect(wordsOf(editor.text)).toContain(`Line ${fenceLine + 1}: choice block: feedback: is missing`);

    const confirm = await agent.get(`${draft}/publish`).expect(200);
    expect(confirm.text).not.toContain('name="revision"');
    const refused = await agent.post(`${draft}/publish`).type('form').send({ _csrf: csrfToken(confirm.text), revision: '2' });
    expect(refused.status).toBe(400);
    expect(await context.db('course_versions').where({ course_id: 'thinking-skills' }).count('* as n').first()).toEqual({ n: 1 });
  });
});
