import request from 'supertest';
import { DEFAULT_DEADLINE_DAYS } from '../../src/referrals/model';
import { learnerSession, staffSession } from './sessions';
import { signedInStaff } from './staff';
import { createReferral, createTestContext, signInFirstTime, submitForm, type TestContext } from './test-app';

/**
 * The suite's fixtures held to the real thing. Most tests sign in through sessions written for them
 * (./sessions), not the forms: if sign-in starts keeping something new in the session, these fail
 * until the shortcut keeps it too. And a test's referral must be one the police could have made.
 */

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

interface StoredSession {
  cookie: Record<string, unknown>;
  passport: { user: Record<string, unknown> };
  [key: string]: unknown;
}

/** The newest stored session of this kind of user and id. */
async function storedSession(kind: 'staff' | 'learner', id: number): Promise<StoredSession> {
  const rows = await context.db('sessions').select('sess');
  const sessions = rows.map((row) => (typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess) as StoredSession);
  const found = sessions.filter((sess) => sess.passport?.user?.kind === kind && sess.passport.user.id === id);
  if (found.length !== 1) throw new Error(`${found.length} sessions for ${kind} ${id}`);
  return found[0]!;
}

/** What any sign-in leaves, with what differs from one sign-in to the next (when, and who) taken out. */
function shape(sess: StoredSession, personal: string[]) {
  // The form token comes with the first page, whichever way the session was made.
  const keys = Object.keys(sess).filter((key) => key !== 'csrfToken');
  const user = Object.fromEntries(Object.entries(sess.passport.user).map(([key, value]) => [key, personal.includes(key) ? typeof value : value]));
  return { keys: keys.sort(), cookie: Object.keys(sess.cookie).sort(), user };
}

const STAFF_PERSONAL = ['id', 'name', 'email', 'signedInAt'];

describe('signing in without the forms, for tests that are not about signing in', () => {
  test.each([['a caseworker', 'caseworker'], ['an admin', 'admin'], ['a police user', 'police']] as const)('when %s is given a session, then it holds what the sign-in forms put there, and opens their pages', async (_who, role) => {
    const forceId = role === 'police' ? await context.services.forces.create({ name: 'Police of the test', code: 'POL', deadlineDays: DEFAULT_DEADLINE_DAYS, notificationEmail: null, webhookUrl: null }) : null;
    const real = await signedInStaff(context, role, { forms: true, forceId });
    const shortcut = await signedInStaff(context, role, { forceId });
    const realSession = await storedSession('staff', real.userId);
    const shortcutSession = await storedSession('staff', shortcut.userId);
    expect(shape(shortcutSession, STAFF_PERSONAL)).toEqual(shape(realSession, STAFF_PERSONAL));
    expect(shortcutSession.passport.user).toMatchObject({ id: shortcut.userId, email: shortcut.email });
    await shortcut.agent.get('/account').expect(200);
  });

  test('when a member of staff signs out everywhere, then a session given before it ends as a signed-in one does', async () => {
    const { agent, userId } = await signedInStaff(context, 'caseworker');
    const second = await staffSession(context, userId);
    await submitForm(agent, '/account', {}, '/account/sign-out-everywhere');
    expect((await second.get('/referrals')).headers.location).toBe('/sign-in');
  });

  test('when a learner is given a session, then it holds what signing in with their password puts there, and their first sign-in is on the timeline', async () => {
    const realReferral = await createReferral(context);
    await submitForm(await signInFirstTime(context.app, realReferral, 'a learner password'), '/learn', {}, '/sign-out');
    const signedIn = await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: realReferral.accessCode, password: 'a learner password' });
    expect(signedIn.headers.location).toBe('/learn');
    const referral = await createReferral(context);
    const agent = await learnerSession(context, referral.learnerId, 'a learner password');

    const personal = ['id', 'name'];
    expect(shape(await storedSession('learner', referral.learnerId), personal)).toEqual(shape(await storedSession('learner', realReferral.learnerId), personal));
    await agent.get('/learn').expect(200);
    const learnerRow = (learnerId: number) => context.db('learners').where({ id: learnerId }).first('access_code_encrypted', 'first_signed_in_at');
    const events = (referralId: number) => context.db('referral_events').where({ referral_id: referralId }).orderBy('id').pluck('type');
    const [realRow, shortcutRow] = [await learnerRow(realReferral.learnerId), await learnerRow(referral.learnerId)];
    expect({ code: shortcutRow.access_code_encrypted, signedIn: Boolean(shortcutRow.first_signed_in_at) }).toEqual({ code: realRow.access_code_encrypted, signedIn: Boolean(realRow.first_signed_in_at) });
    expect(await events(referral.referralId)).toEqual(await events(realReferral.referralId));
    // The password is the one given: the learner can sign in with it through the form too.
    const again = await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: referral.accessCode, password: 'a learner password' });
    expect(again.headers.location).toBe('/learn');
  });
});

describe('referrals made for tests', () => {
  test('when a test makes a referral, then it is made as the police make one: referred on its timeline, by an officer, with its courses and deadline', async () => {
    const referral = await createReferral(context, { courses: ['alcohol-awareness', 'thinking-skills'], deadlineInDays: 9, name: 'Robin Lee' });
    const row = await context.db('referrals').where({ id: referral.referralId }).first();
    expect(row).toMatchObject({ reference: referral.reference, learner_id: referral.learnerId, status: 'referred', officer_name: expect.any(String) });
    expect(row.request_fingerprint).toEqual(expect.any(String));
    const events = await context.db('referral_events').where({ referral_id: referral.referralId }).select('type', 'details');
    expect(events).toEqual([{ type: 'referred', details: { deadline: row.deadline, courses: ['alcohol-awareness', 'thinking-skills'] } }]);
    const learner = await context.db('learners').where({ id: referral.learnerId }).first('first_name', 'last_name', 'date_of_birth');
    expect(learner).toEqual({ first_name: 'Robin', last_name: 'Lee', date_of_birth: referral.dateOfBirth });
    // The code returned is the one on the letter: the learner's first sign-in takes it.
    const [year, month, day] = referral.dateOfBirth.split('-') as [string, string, string];
    const signedIn = await submitForm(request.agent(context.app), '/learn/first-sign-in', { accessCode: referral.accessCode, day, month, year });
    expect(signedIn.headers.location).toBe('/learn/create-password');
  });
});
