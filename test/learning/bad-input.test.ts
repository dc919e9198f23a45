import request from 'supertest';
import { MAX_FAILED_SIGN_INS } from '../../src/auth/sign-in-attempts';
import { answersFor } from '../support/answers';
import { createReferral, createTestContext, csrfToken, signedInLearner, signInFirstTime, startCourse, submitForm, type TestContext } from '../support/test-app';

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

/** Every row a learner's actions can change, to prove a rejected request changed nothing. */
async function learnerState(learnerId: number) {
  const learner = await context.db('learners').where({ id: learnerId }).select('password_hash', 'first_signed_in_at').first();
  const enrolments = await context.db('enrolments').join('referrals', 'referrals.id', 'enrolments.referral_id').where('referrals.learner_id', learnerId).select('enrolments.*');
  const ids = enrolments.map((e: { id: number }) => e.id);
  const answers = await context.db('step_answers').whereIn('enrolment_id', ids).orderBy(['enrolment_id', 'step_number']);
  const attitude = await context.db('attitude_responses').whereIn('enrolment_id', ids);
  return JSON.stringify({ learner, enrolments, answers, attitude });
}

async function startedLearner() {
  const referral = await createReferral(context, { courses: ['alcohol-awareness'] });
  const agent = await signedInLearner(context, referral);
  await startCourse(agent, 'alcohol-awareness');
  const version = await context.services.courses.newestVersion('alcohol-awareness');
  const course = (await context.services.courses.renderedVersion(version!.id))!;
  return { referral, agent, course };
}

describe('signing in with the wrong details', () => {
  test('when the access code is wrong, then the page says so and nobody is signed in', async () => {
    const agent = request.agent(context.app);
    const response = await submitForm(agent, '/learn/first-sign-in', { accessCode: 'ZZZZ-9999', day: '1', month: '1', year: '2000' });
    expect(response.status).toBe(401);
    expect(response.text).toContain('The access code or date of birth is not right');
    await agent.get('/learn').expect(302);
  });

  test('when the date of birth is wrong, then the same message is given, so it does not reveal that the code exists', async () => {
    const referral = await createReferral(context);
    const before = await learnerState(referral.learnerId);
    const response = await submitForm(request.agent(context.app), '/learn/first-sign-in', { accessCode: referral.accessCode, day: '2', month: '2', year: '1991' });
    expect(response.status).toBe(401);
    expect(response.text).toContain('The access code or date of birth is not right');
    expect(await learnerState(referral.learnerId)).toBe(before);
  });

  test.each([
    [{ day: '', month: '', year: '' }, 'Enter your date of birth'],
    [{ day: '31', month: '2', year: '2000' }, 'Date of birth must be a real date'],
    [{ day: '1', month: '13', year: '2000' }, 'Date of birth must be a real date'],
    [{ day: '1', month: '1', year: '20' }, 'Year must include 4 numbers'],
    [{ day: 'x', month: '1', year: '2000' }, 'Date of birth must be a real date'],
    [{ day: '', month: '1', year: '2000' }, 'Date of birth must include a day'],
    [{ day: '1', month: '1', year: '2999' }, 'Date of birth must be in the past'],
  ])('when the date of birth is %j, then the page says "%s"', async (date, message) => {
    const response = await submitForm(request.agent(context.app), '/learn/first-sign-in', { accessCode: 'ABCD-2345', ...date });
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
    expect(response.text).toContain('There is a problem');
  });

  test('when the code is tried too many times, then it is locked even with the right date of birth', async () => {
    const referral = await createReferral(context);
    const agent = request.agent(context.app);
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt += 1) {
      await submitForm(agent, '/learn/first-sign-in', { accessCode: referral.accessCode, day: '9', month: '9', year: '1999' });
    }
    const [year, month, day] = referral.dateOfBirth.split('-') as [string, string, string];
    const response = await submitForm(agent, '/learn/first-sign-in', { accessCode: referral.accessCode, day, month, year });
    expect(response.status).toBe(429);
    expect(response.text).toContain('Too many tries');
  });

  test('when the password is wrong, then sign-in fails and says so', async () => {
    const referral = await createReferral(context);
    await signInFirstTime(context.app, referral, 'the right password');
    const response = await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: referral.accessCode, password: 'the wrong password' });
    expect(response.status).toBe(401);
    expect(response.text).toContain('The access code or password is not right');
  });

  test('when a learner who already made a password uses the date of birth again, then they are told to use their password', async () => {
    const referral = await createReferral(context);
    await signInFirstTime(context.app, referral);
    const [year, month, day] = referral.dateOfBirth.split('-') as [string, string, string];
    const response = await submitForm(request.agent(context.app), '/learn/first-sign-in', { accessCode: referral.accessCode, day, month, year });
    expect(response.status).toBe(409);
    expect(response.text).toContain('Sign in with your access code and password instead');
  });

  test.each([
    [{ password: 'short', confirmPassword: 'short' }, 'at least 8 characters'],
    [{ password: 'password123', confirmPassword: 'password123' }, 'too easy to guess'],
    [{ password: 'a good long one', confirmPassword: 'a different one' }, 'do not match'],
  ])('when the new password is %j, then it is refused with "%s"', async (form, message) => {
    const referral = await createReferral(context);
    const agent = request.agent(context.app);
    const [year, month, day] = referral.dateOfBirth.split('-') as [string, string, string];
    await submitForm(agent, '/learn/first-sign-in', { accessCode: referral.accessCode, day, month, year });
    const response = await submitForm(agent, '/learn/create-password', form);
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
    const learner = await context.db('learners').where({ id: referral.learnerId }).first();
    expect(learner.password_hash).toBeNull();
  });
});

describe('answering a step with bad input', () => {
  test('when a reflection is left empty, then the step says what is missing and nothing is saved', async () => {
    const { referral, agent, course } = await startedLearner();
    const step = course.steps.find((s) => s.parts.some((p) => p.kind === 'block' && p.block.kind === 'reflection'))!;
    for (const earlier of course.steps.slice(0, step.number - 1)) {
      await submitForm(agent, `/learn/courses/alcohol-awareness/steps/${earlier.number}`, answersFor(earlier));
    }
    const before = await learnerState(referral.learnerId);
    const empty = Object.fromEntries(Object.keys(answersFor(step)).map((field) => [field, '   ']));
    const response = await submitForm(agent, `/learn/courses/alcohol-awareness/steps/${step.number}`, empty);
    expect(response.status).toBe(400);
    expect(response.text).toContain('Write your answer in the box');
    expect(await learnerState(referral.learnerId)).toBe(before);
  });

  test.each([
    ['choice', '99', 'Choose one answer'],
    ['choice', '-1', 'Choose one answer'],
    ['reflection', 'x'.repeat(5001), 'too long'],
  ])('when a %s answer is %#, then it is refused and nothing is saved', async (kind, value, message) => {
    const { referral, agent, course } = await startedLearner();
    const step = course.steps.find((s) => s.parts.some((p) => p.kind === 'block' && p.block.kind === kind))!;
    for (const earlier of course.steps.slice(0, step.number - 1)) {
      await submitForm(agent, `/learn/courses/alcohol-awareness/steps/${earlier.number}`, answersFor(earlier));
    }
    const before = await learnerState(referral.learnerId);
    const form = Object.fromEntries(Object.keys(answersFor(step)).map((field) => [field, value]));
    const response = await submitForm(agent, `/learn/courses/alcohol-awareness/steps/${step.number}`, form);
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
    expect(await learnerState(referral.learnerId)).toBe(before);
  });

  test('when a step is opened before the course was started, then the learner is sent to start it', async () => {
    const referral = await createReferral(context, { courses: ['thinking-skills'] });
    const agent = await signedInLearner(context, referral);
    const early = await agent.get('/learn/courses/thinking-skills/steps/1').expect(302);
    expect(early.headers.location).toBe('/learn/courses/thinking-skills/start');
    expect((await agent.get(early.headers.location!).expect(200)).text).toContain('Start course');
    const started = await startCourse(agent, 'thinking-skills');
    expect(started.headers.location).toBe('/learn/courses/thinking-skills/steps/1');
    await agent.get('/learn/courses/thinking-skills/steps/1').expect(200);
  });

  test('when a step number is tampered with, then the learner is sent to their first unfinished step and nothing is saved', async () => {
    const { referral, agent, course } = await startedLearner();
    const before = await learnerState(referral.learnerId);
    for (const tampered of ['5', '0', '-1', 'abc', '99999', String(course.steps.length + 1)]) {
      const page = await agent.get('/learn').expect(200);
      const response = await agent
        .post(`/learn/courses/alcohol-awareness/steps/${tampered}`)
        .type('form')
        .send({ _csrf: csrfToken(page.text), ...answersFor(course.steps[4]!) });
      expect([303, 404]).toContain(response.status);
      if (response.status === 303) expect(response.headers.location).toBe('/learn/courses/alcohol-awareness/steps/1');
    }
    const ahead = await agent.get('/learn/courses/alcohol-awareness/steps/7').expect(302);
    expect(ahead.headers.location).toBe('/learn/courses/alcohol-awareness/steps/1');
    expect(await learnerState(referral.learnerId)).toBe(before);
  });

  test("when a learner opens a course they were not referred to, or another learner's, then it is not found", async () => {
    const { agent } = await startedLearner();
    const other = await createReferral(context, { courses: ['cannabis-awareness'] });
    const otherAgent = await signedInLearner(context, other);
    expect((await startCourse(otherAgent, 'cannabis-awareness')).status).toBe(303);
    const before = await learnerState(other.learnerId);

    const response = await agent.get('/learn/courses/cannabis-awareness/steps/1');
    expect(response.status).toBe(404);
    expect(response.text).toContain('Page not found');
    const post = await submitForm(agent, '/learn', { x: '1' }, '/learn/courses/cannabis-awareness/steps/1');
    expect(post.status).toBe(404);
    await agent.get('/learn/courses/no-such-course/certificate').expect(404);
    await agent.get('/learn/courses/cannabis-awareness/certificate').expect(404);
    expect(await learnerState(other.learnerId)).toBe(before);
  });

  test('when the attitude test is sent without a feeling or with a bad value, then it says what is missing and the course stays open', async () => {
    const { referral, agent, course } = await startedLearner();
    for (const step of course.steps) await submitForm(agent, `/learn/courses/alcohol-awareness/steps/${step.number}`, answersFor(step));
    const before = await learnerState(referral.learnerId);
    const response = await submitForm(agent, '/learn/courses/alcohol-awareness/attitude-test', { overall: 'delighted', comment: 'y'.repeat(2001) });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Choose how you feel about this course now');
    expect(response.text).toContain('2,000 characters or fewer');
    expect(await learnerState(referral.learnerId)).toBe(before);
  });

  test('when a form is sent without its CSRF token, then it is refused and nothing changes', async () => {
    const { referral, agent, course } = await startedLearner();
    const before = await learnerState(referral.learnerId);
    const response = await agent.post('/learn/courses/alcohol-awareness/steps/1').type('form').send(answersFor(course.steps[0]!));
    expect(response.status).toBe(403);
    expect(response.text).toContain('This form has expired');
    expect(await learnerState(referral.learnerId)).toBe(before);
  });

  test('when a body is malformed or huge, then the answer is a clear 4xx, never a 500', async () => {
    const { agent } = await startedLearner();
    const malformed = await agent.post('/learn/courses/alcohol-awareness/steps/1').type('form').send('%E0%A4%A=%');
    expect(malformed.status).toBeLessThan(500);
    const huge = await agent.post('/learn/courses/alcohol-awareness/steps/1').type('form').send(`a=${'x'.repeat(200_000)}`);
    expect(huge.status).toBe(413);
    const wrongType = await agent.post('/learn/courses/alcohol-awareness/steps/1').set('Content-Type', 'application/json').send('{"__proto__": {"x": 1}}');
    expect(wrongType.status).toBe(403);
  });
});
