import request from 'supertest';
import { answersFor } from '../support/answers';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, signedInLearner, signInFirstTime, startCourse, submitForm, type TestContext, type TestReferral } from '../support/test-app';

let context: TestContext;
let referral: TestReferral;
let publicId: string;
let learner: request.Agent;

beforeAll(async () => {
  context = await createTestContext();
  referral = await createReferral(context, { courses: ['alcohol-awareness'], name: 'Robin Lee', deadlineInDays: 5 });
  await context.db('referrals').where({ id: referral.referralId }).update({ officer_email: 'officer@test-force.test' });
  await context.db('forces').where({ code: 'TEST' }).update({ notification_email: 'hub@test-force.test' });
  publicId = (await context.db('referrals').where({ id: referral.referralId }).first()).public_id;

  learner = await signedInLearner(context, referral, 'my first password');
  await startCourse(learner, 'alcohol-awareness');
  const version = await context.services.courses.newestVersion('alcohol-awareness');
  const course = (await context.services.courses.renderedVersion(version!.id))!;
  const withReflection = course.steps.findIndex((step) => step.parts.some((part) => part.kind === 'block' && part.block.kind === 'reflection'));
  for (const step of course.steps.slice(0, withReflection + 1)) {
    await submitForm(learner, `/learn/courses/alcohol-awareness/steps/${step.number}`, answersFor(step));
  }
});
afterAll(() => context.close());

const policeOfTheForce = async () => {
  const force = await context.db('forces').where({ code: 'TEST' }).first();
  return (await signedInStaff(context, 'police', { forceId: force.id })).agent;
};

describe('a caseworker finding cases', () => {
  test('when they filter by force, due within 7 days and needs support, then they find the right people', async () => {
    const { agent } = await signedInStaff(context, 'caseworker');
    const later = await createReferral(context, { name: 'Later Person', deadlineInDays: 30 });
    await context.db('learners').where({ id: later.learnerId }).update({ support_needs: 'Reads with a screen reader' });
    const force = await context.db('forces').where({ code: 'TEST' }).first();

    const dueSoon = (await agent.get(`/referrals?due=7&force=${force.id}`).expect(200)).text;
    expect(dueSoon).toContain('Robin Lee');
    expect(dueSoon).not.toContain('Later Person');
    const support = (await agent.get('/referrals?support=1').expect(200)).text;
    expect(support).toContain('Later Person');
    expect(support).not.toContain('Robin Lee');
    expect((await agent.get('/referrals?force=999999').expect(200)).text).toContain('No referrals match');
  });
});

describe('a learner asking to be contacted', () => {
  test('when they ask, then it waits in the caseworkers’ queue once, and a caseworker marks it handled with what happened', async () => {
    expect((await request(context.app).get('/learn/contact')).headers.location).toBe('/learn/sign-in');
    expect((await learner.get('/learn').expect(200)).text).toContain('I would like someone to contact me');
    const wrong = await submitForm(learner, '/learn/contact', { contactBy: 'pigeon', message: 'x'.repeat(1001) });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Choose how you would like us to contact you');
    expect(wrong.text).toContain('Your message must be 1,000 characters or fewer');
    expect(await context.db('contact_requests')).toHaveLength(0);

    expect((await submitForm(learner, '/learn/contact', { contactBy: 'phone', message: 'I am stuck on module 2' })).headers.location).toBe('/learn/contact?sent=1');
    await submitForm(learner, '/learn/contact', { contactBy: 'either', message: 'My new number is 07700 900 111' });
    const requests = await context.db('contact_requests');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ contact_by: 'either', message: 'My new number is 07700 900 111' });

    const { agent } = await signedInStaff(context, 'caseworker', { name: 'Cass Worker' });
    const queue = (await agent.get('/casework/contact-requests').expect(200)).text;
    expect(queue).toContain('Robin Lee');
    expect(queue).toContain('My new number is 07700 900 111');
    expect((await agent.get('/referrals?support=1')).text).toContain('Robin Lee');
    expect(queue).toContain('Asked today');
    expect(queue).toContain('Nobody yet');
    expect((await submitForm(agent, '/casework/contact-requests', {}, `/casework/contact-requests/${requests[0].id}/pick-up`)).status).toBe(303);
    expect((await agent.get('/casework/contact-requests')).text).toContain('Picked up by Cass Worker (caseworker)');
    expect(await context.db('audit_events').where({ action: 'contact-request-picked-up' })).toHaveLength(1);
    expect((await submitForm(agent, '/casework/contact-requests', {}, '/casework/contact-requests/999999/pick-up')).status).toBe(404);
    const path = `/casework/contact-requests/${requests[0].id}/handled`;
    const noOutcome = await submitForm(agent, '/casework/contact-requests', { outcome: '' }, path);
    expect((await agent.get('/casework/contact-requests')).text).toContain(`name="outcome"`);
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.text).toContain('Say what happened');
    expect((await submitForm(agent, '/casework/contact-requests', { outcome: 'Called, talked through module 2' }, path)).status).toBe(303);
    expect(await context.db('contact_requests').where({ id: requests[0].id }).first()).toMatchObject({ handled_by: 'Cass Worker (caseworker)', outcome: 'Called, talked through module 2' });
    expect((await agent.get('/casework/contact-requests')).text).toContain('No one is waiting');
    expect(await context.db('audit_events').where({ action: 'contact-request-handled' })).toHaveLength(1);
    // It stays on the referral's timeline and the learner's record, with what happened.
    const referralPath = `/referrals/${(await context.db('referrals').where({ id: requests[0].referral_id }).first()).public_id}`;
    expect((await agent.get(referralPath)).text).toContain('Contact request handled: Called, talked through module 2');
    const record = (await agent.get(`${referralPath}/record`).expect(200)).text;
    expect(record).toContain('My new number is 07700 900 111');
    expect(record).toContain('Called, talked through module 2');
    expect((await (await policeOfTheForce()).get('/casework/contact-requests')).status).toBe(403);
  });
});

describe('a learner’s record', () => {
  test('when a caseworker opens it, then they read the learner’s own words and the view is in the audit trail; police and authors may not', async () => {
    const { agent, userId } = await signedInStaff(context, 'caseworker');
    const viewsBefore = (await context.db('audit_events').where({ action: 'learner-record-viewed' })).length;
    const page = await agent.get(`/referrals/${publicId}/record`).expect(200);
    expect(page.text).toContain('My own answer to:');
    expect(page.text).toContain('Alcohol awareness');
    const views = await context.db('audit_events').where({ action: 'learner-record-viewed', user_id: userId });
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ subject_type: 'referral', subject_id: publicId });

    const police = await policeOfTheForce();
    expect((await police.get(`/referrals/${publicId}`).expect(200)).text).not.toContain('My own answer to:');
    expect((await police.get(`/referrals/${publicId}/record`)).status).toBe(403);
    expect((await (await signedInStaff(context, 'author')).agent.get(`/referrals/${publicId}/record`)).status).toBe(403);
    expect(await context.db('audit_events').where({ action: 'learner-record-viewed' })).toHaveLength(viewsBefore + 1);
  });

  test('when a caseworker adds a note, then staff see it and police do not', async () => {
    const { agent } = await signedInStaff(context, 'caseworker');
    const empty = await submitForm(agent, `/referrals/${publicId}`, { note: '  ' }, `/referrals/${publicId}/notes`);
    expect((await agent.get(empty.headers.location)).text).toContain('Note not saved: Write the note first');
    await submitForm(agent, `/referrals/${publicId}`, { note: 'Prefers calls after 5pm' }, `/referrals/${publicId}/notes`);
    expect((await agent.get(`/referrals/${publicId}`)).text).toContain('Prefers calls after 5pm');
    expect((await (await policeOfTheForce()).get(`/referrals/${publicId}`)).text).not.toContain('Prefers calls after 5pm');
  });
});

describe('helping a stuck learner', () => {
  test('when a caseworker resets access, then the old code and password stop working, the learner is signed out, and the new code brings them back to their progress', async () => {
    const { agent } = await signedInStaff(context, 'caseworker');
    const reset = await submitForm(agent, `/referrals/${publicId}`, {}, `/referrals/${publicId}/reset-access`);
    expect(reset.headers.location).toBe(`/referrals/${publicId}/letter?reset=print`);
    const letter = (await agent.get(reset.headers.location).expect(200)).text;
    const newCode = /<p class="access-code">([A-Z0-9-]+)<\/p>/.exec(letter)![1]!;
    expect(newCode).not.toBe(referral.accessCode);

    expect((await learner.get('/learn')).headers.location).toBe('/learn/sign-in');
    const oldPassword = await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: referral.accessCode, password: 'my first password' });
    expect(oldPassword.status).toBe(401);
    const back = await signInFirstTime(context.app, { ...referral, accessCode: newCode }, 'my second password');
    expect((await startCourse(back, 'alcohol-awareness')).headers.location).not.toBe('/learn/courses/alcohol-awareness/steps/1');
    expect((await agent.get(`/referrals/${publicId}`)).text).toContain('Access reset: a new access code and letter');
    expect(await context.db('audit_events').where({ action: 'access-reset' })).toHaveLength(1);
  });

  test('when the referral is withdrawn or completed, then access is not reset and the page says why', async () => {
    const { agent } = await signedInStaff(context, 'caseworker');
    for (const status of ['withdrawn', 'completed']) {
      const closed = await createReferral(context, { name: `Closed ${status}` });
      const closedId = (await context.db('referrals').where({ id: closed.referralId }).update({ status }).returning('public_id'))[0].public_id as string;
      const before = await context.db('learners').join('referrals', 'referrals.learner_id', 'learners.id').where('referrals.id', closed.referralId).first('learners.*');
      const refused = await submitForm(agent, `/referrals/${closedId}`, {}, `/referrals/${closedId}/reset-access`);
      expect(refused.headers.location).toContain(`/referrals/${closedId}?done=`);
      expect((await agent.get(refused.headers.location).expect(200)).text).toContain(`Access not reset: the referral is ${status}`);
      expect(await context.db('learners').where({ id: before.id }).first()).toEqual(before);
      expect(await context.db('referral_events').where({ referral_id: closed.referralId, type: 'access_reset' })).toHaveLength(0);
    }
  });

  /** The learner of a new referral, signed in on a phone and again on a laptop. */
  async function signedInTwice(name: string) {
    const person = await createReferral(context, { name });
    const phone = await signInFirstTime(context.app, person, 'phone password');
    const laptop = request.agent(context.app);
    expect((await submitForm(laptop, '/learn/sign-in', { accessCode: person.accessCode, password: 'phone password' })).headers.location).toBe('/learn');
    const id = (await context.db('referrals').where({ id: person.referralId }).first()).public_id as string;
    return { phone, laptop, publicId: id };
  }

  test('when a caseworker resets access, then the learner’s sessions on every device end, not just the last one', async () => {
    const { phone, laptop, publicId: id } = await signedInTwice('Two Devices');
    await phone.get('/learn').expect(200);
    await laptop.get('/learn').expect(200);
    const { agent } = await signedInStaff(context, 'caseworker');
    expect((await submitForm(agent, `/referrals/${id}`, {}, `/referrals/${id}/reset-access`)).status).toBe(303);
    expect((await phone.get('/learn')).headers.location).toBe('/learn/sign-in');
    expect((await laptop.get('/learn')).headers.location).toBe('/learn/sign-in');
  });

  test('when a page the learner opened before the reset saves their session after it, then the session is still over', async () => {
    const { phone, publicId: id } = await signedInTwice('Slow Page');
    await phone.get('/learn').expect(200);
    // What each request in flight during the reset writes back when it ends: its session as it loaded it.
    const inFlight = await context.db('sessions').select('sid', 'sess', 'expire');
    const { agent } = await signedInStaff(context, 'caseworker');
    expect((await submitForm(agent, `/referrals/${id}`, {}, `/referrals/${id}/reset-access`)).status).toBe(303);
    for (const row of inFlight) {
      await context.db('sessions').insert({ ...row, sess: JSON.stringify(row.sess) }).onConflict('sid').merge();
    }
    expect((await phone.get('/learn')).headers.location).toBe('/learn/sign-in');
  });

  test('when a caseworker extends the deadline, then the officer and the force inbox are told and it is audited', async () => {
    const { agent } = await signedInStaff(context, 'caseworker');
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    expect((await submitForm(agent, `/referrals/${publicId}`, { deadline: to, reason: 'Was in hospital' }, `/referrals/${publicId}/extend`)).status).toBe(303);
    const told = await context.db('deliveries').where({ referral_id: referral.referralId, event_type: 'deadline.extended' });
    expect(told.map((d) => d.recipient).sort()).toEqual(['hub@test-force.test', 'officer@test-force.test']);
    expect(await context.db('audit_events').where({ action: 'deadline-extended', subject_id: publicId })).toHaveLength(1);
  });
});
