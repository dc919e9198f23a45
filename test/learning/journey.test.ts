import path from 'node:path';
import request from 'supertest';
import { listCourseFolders } from '../../src/courses/folder';
import { answersFor } from '../support/answers';
import { COURSES_DIR, createReferral, createTestContext, csrfToken, signedInLearner, signInFirstTime, startCourse, submitForm, type TestContext } from '../support/test-app';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

async function courseOf(courseId: string) {
  const version = await context.services.courses.newestVersion(courseId);
  const course = await context.services.courses.renderedVersion(version!.id);
  return course!;
}

describe('a learner with a referral letter', () => {
  test('when they sign in for the first time, then they choose a password and see their courses with the deadline', async () => {
    const referral = await createReferral(context, { courses: ['alcohol-awareness', 'thinking-skills'], deadlineInDays: 9 });
    const agent = await signInFirstTime(context.app, referral);

    const home = await agent.get('/learn').expect(200);
    expect(home.text).toContain('Alcohol awareness');
    expect(home.text).toContain('Thinking skills');
    expect(home.text).toMatch(/due by \w+day \d{1,2} \w+ \d{4}, 9 days left/);
    expect(home.text).toContain('Start course<span class="govuk-visually-hidden">: Alcohol awareness');
    expect(home.text).toContain(`Your reference: ${referral.reference} (Test Constabulary)`);
    expect(home.text).toContain('Sign out');
  });

  test('when they sign in again with the code and password on another device, then they resume at the first unfinished step', async () => {
    const referral = await createReferral(context);
    const agent = await signInFirstTime(context.app, referral, 'my long password');
    const course = await courseOf('alcohol-awareness');

    const start = await startCourse(agent, 'alcohol-awareness');
    expect(start.status).toBe(303);
    expect(start.headers.location).toBe('/learn/courses/alcohol-awareness/steps/1');
    for (const step of course.steps.slice(0, 3)) {
      const saved = await submitForm(agent, `/learn/courses/alcohol-awareness/steps/${step.number}`, answersFor(step));
      expect(saved.status).toBe(303);
    }

    const phone = request.agent(context.app);
    const signedIn = await submitForm(phone, '/learn/sign-in', { accessCode: referral.accessCode.toLowerCase(), password: 'my long password' });
    expect(signedIn.headers.location).toBe('/learn');
    const home = await phone.get('/learn').expect(200);
    expect(home.text).toContain(`3 of ${course.steps.length} steps done`);
    expect(home.text).toContain('href="/learn/courses/alcohol-awareness/steps/4" class="govuk-button">Continue course');
    const resume = await startCourse(phone, 'alcohol-awareness');
    expect(resume.headers.location).toBe('/learn/courses/alcohol-awareness/steps/4');

    const step = await phone.get('/learn/courses/alcohol-awareness/steps/2').expect(200);
    expect(step.text).toContain(course.steps[1]!.title.replace(/'/g, '&#39;'));
  });

  test('when they answer a knowledge check, then they are told whether they were right and why', async () => {
    const referral = await createReferral(context);
    const agent = await signedInLearner(context, referral);
    const course = await courseOf('alcohol-awareness');
    await startCourse(agent, 'alcohol-awareness');
    const choiceStep = course.steps.find((step) => step.parts.some((p) => p.kind === 'block' && p.block.kind === 'choice'))!;
    for (const step of course.steps.slice(0, choiceStep.number - 1)) {
      await submitForm(agent, `/learn/courses/alcohol-awareness/steps/${step.number}`, answersFor(step));
    }
    const form = answersFor(choiceStep);
    const block = choiceStep.parts.find((p) => p.kind === 'block' && p.block.kind === 'choice');
    if (block?.kind !== 'block' || block.block.kind !== 'choice') throw new Error('no choice');
    const wrong = block.block.options.findIndex((option) => !option.correct);
    form[block.block.id] = String(wrong);

    const saved = await submitForm(agent, `/learn/courses/alcohol-awareness/steps/${choiceStep.number}`, form);
    expect(saved.headers.location).toBe(`/learn/courses/alcohol-awareness/steps/${choiceStep.number}?answered=1#feedback`);
    const feedback = await agent.get(`/learn/courses/alcohol-awareness/steps/${choiceStep.number}?answered=1`).expect(200);
    expect(feedback.text).toContain('Not quite. The answer is:');
    expect(feedback.text).toContain('Continue');
  });

  test.each(listCourseFolders(COURSES_DIR).map((folder) => path.basename(folder)))(
    'when they work through %s to the end and answer the attitude test, then the course is complete with a certificate',
    async (courseId) => {
      const referral = await createReferral(context, { courses: [courseId], name: 'Jo Bloggs' });
      const agent = await signedInLearner(context, referral);
      const course = await courseOf(courseId);
      expect((await startCourse(agent, courseId)).status).toBe(303);

      const early = await agent.get(`/learn/courses/${courseId}/attitude-test`).expect(302);
      expect(early.headers.location).toBe(`/learn/courses/${courseId}/steps/1`);

      for (const step of course.steps) {
        const page = await agent.get(`/learn/courses/${courseId}/steps/${step.number}`).expect(200);
        const saved = await agent
          .post(`/learn/courses/${courseId}/steps/${step.number}`)
          .type('form')
          .send({ _csrf: csrfToken(page.text), ...answersFor(step) });
        expect(saved.status).toBe(303);
      }
      const incomplete = await context.db('enrolments').where({ referral_id: referral.referralId }).first();
      expect(incomplete.completed_at).toBeNull();

      const form: Record<string, string> = { overall: 'positive', comment: 'It helped me think.' };
      for (const statement of course.attitudeStatements) form[`statement-${statement.id}`] = 'agree';
      const finished = await submitForm(agent, `/learn/courses/${courseId}/attitude-test`, form);
      expect(finished.headers.location).toBe(`/learn/courses/${courseId}/certificate`);

      const certificate = await agent.get(`/learn/courses/${courseId}/certificate`).expect(200);
      expect(certificate.text).toContain('Certificate of completion');
      expect(certificate.text).toContain('Jo Bloggs');
      expect(certificate.text).toContain(course.title.replace(/'/g, '&#39;'));
      expect(certificate.text).toContain(referral.reference);
      expect(certificate.text).toContain('My plan:');

      const enrolment = await context.db('enrolments').where({ referral_id: referral.referralId }).first();
      expect(enrolment.completed_at).not.toBeNull();
      expect(enrolment.completed_late).toBe(false);
      const attitude = await context.db('attitude_responses').where({ enrolment_id: enrolment.id }).first();
      expect(attitude.overall).toBe('positive');
      const saved = await context.db('step_answers').where({ enrolment_id: enrolment.id }).count('* as count').first();
      expect(Number(saved?.count)).toBe(course.steps.length);

      const home = await agent.get('/learn').expect(200);
      expect(home.text).toContain('View certificate');
    },
  );

  test('when the deadline has passed, then they can still finish and the completion is recorded as late', async () => {
    const referral = await createReferral(context, { courses: ['thinking-skills'], deadlineInDays: -3 });
    const agent = await signedInLearner(context, referral);
    const home = await agent.get('/learn').expect(200);
    expect(home.text).toContain('3 days ago');
    expect(home.text).toContain('You can still finish them');
    const course = await courseOf('thinking-skills');
    await startCourse(agent, 'thinking-skills');
    for (const step of course.steps) {
      await submitForm(agent, `/learn/courses/thinking-skills/steps/${step.number}`, answersFor(step));
    }
    const form: Record<string, string> = { overall: 'neutral' };
    for (const statement of course.attitudeStatements) form[`statement-${statement.id}`] = 'unsure';
    await submitForm(agent, '/learn/courses/thinking-skills/attitude-test', form);
    const enrolment = await context.db('enrolments').where({ referral_id: referral.referralId }).first();
    expect(enrolment.completed_late).toBe(true);
    const certificate = await agent.get('/learn/courses/thinking-skills/certificate').expect(200);
    expect(certificate.text).toContain('(after the deadline)');
  });

  test('when their course is one a reader may need to leave fast, then every page of it offers "Leave this site quickly"', async () => {
    const referral = await createReferral(context, { courses: ['domestic-abuse'] });
    const agent = await signedInLearner(context, referral);
    expect((await agent.get('/learn').expect(200)).text).toContain('Leave this site quickly');
    expect((await startCourse(agent, 'domestic-abuse')).status).toBe(303);
    expect((await agent.get('/learn/courses/domestic-abuse/steps/1').expect(200)).text).toContain('Leave this site quickly');

    const other = await signedInLearner(context, await createReferral(context, { courses: ['alcohol-awareness'] }));
    expect((await other.get('/learn').expect(200)).text).not.toContain('Leave this site quickly');
  });

  test('when they sign out, then their session no longer opens their courses', async () => {
    const referral = await createReferral(context);
    const agent = await signInFirstTime(context.app, referral);
    const signedOut = await submitForm(agent, '/learn', {}, '/sign-out');
    expect(signedOut.status).toBe(303);
    const after = await agent.get('/learn').expect(302);
    expect(after.headers.location).toBe('/learn/sign-in');
  });
});
