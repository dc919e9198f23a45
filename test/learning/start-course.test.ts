import type request from 'supertest';
import { answersFor } from '../support/answers';
import { createReferral, createTestContext, csrfToken, signedInLearner, submitForm, type TestContext, type TestReferral } from '../support/test-app';
import { tableWatch } from '../security/table-checksum';

const COURSE = 'alcohol-awareness';
const START = `/learn/courses/${COURSE}/start`;

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

/** A learner signed in, whose force's hub is emailed when they start. */
async function learner(): Promise<{ agent: request.Agent; referral: TestReferral }> {
  const referral = await createReferral(context, { courses: [COURSE] });
  await context.db('forces').where({ code: 'TEST' }).update({ notification_email: 'hub@test.police.test' });
  return { agent: await signedInLearner(context, referral), referral };
}

async function courseOf(courseId: string) {
  return (await context.services.courses.renderedVersion((await context.services.courses.newestVersion(courseId))!.id))!;
}

const startedNotices = (referralId: number) => context.db('deliveries').where({ referral_id: referralId, event_type: 'referral.started' });
const enrolmentOf = (referralId: number) => context.db('enrolments').where({ referral_id: referralId, course_id: COURSE }).first();

describe('starting a course', () => {
  test('when a learner opens the start address, then they see what the course is and a Start button, and nothing changes', async () => {
    const { agent, referral } = await learner();
    const course = await courseOf(COURSE);
    const watch = await tableWatch(context.db);

    const page = await agent.get(START).expect(200);
    expect(page.text).toContain(`<h1>${course.title}</h1>`);
    expect(page.text).toContain(course.summary.replace(/'/g, '&#39;'));
    expect(page.text).toContain(`About ${course.minutes} minutes`);
    expect(page.text).toContain(`${course.steps.length} short steps`);
    for (const module of course.modules) expect(page.text).toContain(module.title.replace(/'/g, '&#39;'));
    expect(page.text).toMatch(new RegExp(`<form method="post" action="${START}"[^>]*>\\s*<input type="hidden" name="_csrf"`));
    expect(page.text).toContain('<button type="submit" class="govuk-button">Start course</button>');

    expect(await watch.changedSinceLastLook()).toEqual([]);
    expect((await enrolmentOf(referral.referralId)).started_at).toBeNull();
    expect(await startedNotices(referral.referralId)).toHaveLength(0);
  });

  test('when a page on another site sends the learner’s browser to start the course without the form token, then it is refused and nothing changes', async () => {
    const { agent, referral } = await learner();
    const watch = await tableWatch(context.db);
    const forged = await agent.post(START).type('form').send({});
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('This form has expired');
    expect(await watch.changedSinceLastLook()).toEqual([]);
    expect((await enrolmentOf(referral.referralId)).started_at).toBeNull();
    expect(await startedNotices(referral.referralId)).toHaveLength(0);
  });

  test('when the learner presses Start, then the course starts at step 1 and the force is told once, however often they press it', async () => {
    const { agent, referral } = await learner();
    const started = await submitForm(agent, START, {});
    expect(started.status).toBe(303);
    expect(started.headers.location).toBe(`/learn/courses/${COURSE}/steps/1`);
    expect((await enrolmentOf(referral.referralId)).started_at).not.toBeNull();
    expect(await startedNotices(referral.referralId)).toHaveLength(1);

    // A second press (a double tap, the back button, another tab) goes where they are, and tells no one again.
    const again = await agent.post(START).type('form').send({ _csrf: csrfToken((await agent.get('/learn')).text) });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`/learn/courses/${COURSE}/steps/1`);
    expect(await startedNotices(referral.referralId)).toHaveLength(1);
    expect(await context.db('referral_events').where({ referral_id: referral.referralId, type: 'course_started' })).toHaveLength(1);
  });

  test('when the course is under way, then the start address offers to continue where they left off, and My courses goes straight there', async () => {
    const { agent } = await learner();
    const course = await courseOf(COURSE);
    await submitForm(agent, START, {});
    for (const step of course.steps.slice(0, 2)) await submitForm(agent, `/learn/courses/${COURSE}/steps/${step.number}`, answersFor(step));

    const page = await agent.get(START).expect(200);
    expect(page.text).toContain(`2 of ${course.steps.length} steps done`);
    expect(page.text).toContain(`<a href="/learn/courses/${COURSE}/steps/3" class="govuk-button">Continue where you left off</a>`);
    expect(page.text).not.toContain('Start course');
    expect((await agent.get('/learn').expect(200)).text).toContain(`href="/learn/courses/${COURSE}/steps/3" class="govuk-button">Continue course`);
  });

  test('when the course is finished, then the start address leads to the certificate', async () => {
    const { agent, referral } = await learner();
    await submitForm(agent, START, {});
    await context.db('enrolments').where({ referral_id: referral.referralId }).update({ completed_at: new Date() });
    const page = await agent.get(START).expect(200);
    expect(page.text).toContain(`<a href="/learn/courses/${COURSE}/certificate" class="govuk-button">View your certificate</a>`);
    expect(page.text).not.toContain('<form method="post" action="/learn/courses');
  });
});
