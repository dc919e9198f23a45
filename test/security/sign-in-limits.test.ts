import request from 'supertest';
import { createApp } from '../../src/app';
import { MAX_FAILED_SIGN_INS } from '../../src/auth/sign-in-attempts';
import { passwordProblem } from '../../src/auth/passwords';
import { createLogger } from '../../src/logger';
import { services as buildServices } from '../../src/services';
import { codeFor, signedInStaff, STAFF_PASSWORD } from '../support/staff';
import { createReferral, createTestContext, csrfToken, signInFirstTime, submitForm, type TestContext } from '../support/test-app';

let now = new Date();
const clock = { now: () => now };
let context: TestContext;
beforeAll(async () => {
  context = await createTestContext({}, { clock });
});
afterAll(() => context.close());
afterEach(() => {
  now = new Date();
});

const LEARNER_PASSWORD = 'correct horse battery';
/** What the page says is wrong with the form, without the markup. */
const errorOf = (html: string) =>
  /<p class="govuk-error-message"[^>]*>([\s\S]*?)<\/p>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>|Error:/g, '')
    .trim();

/** Posts the same form `times` times at once, on one session, and gives the statuses. */
async function atOnce(agent: request.Agent, pagePath: string, form: Record<string, string>, times: number, postPath = pagePath) {
  const token = csrfToken((await agent.get(pagePath)).text);
  const responses = await Promise.all(Array.from({ length: times }, () => agent.post(postPath).type('form').send({ _csrf: token, ...form })));
  return responses.map((response) => response.status);
}
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('learner sign-in', () => {
  const dateOf = (dateOfBirth: string) => {
    const [year, month, day] = dateOfBirth.split('-') as [string, string, string];
    return { day, month, year };
  };

  test('when wrong passwords are mixed with the right date of birth, then the date of birth does not wipe the count: the fifth wrong password locks', async () => {
    const referral = await createReferral(context);
    await signInFirstTime(context.app, referral, LEARNER_PASSWORD);
    const agent = request.agent(context.app);
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= MAX_FAILED_SIGN_INS; attempt += 1) {
      statuses.push((await submitForm(agent, '/learn/sign-in', { accessCode: referral.accessCode, password: `wrong ${attempt}` })).status);
      const rightDate = await submitForm(agent, '/learn/first-sign-in', { accessCode: referral.accessCode, ...dateOf(referral.dateOfBirth) });
      if (attempt < MAX_FAILED_SIGN_INS) expect(rightDate.status).toBe(409);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect((await submitForm(agent, '/learn/sign-in', { accessCode: referral.accessCode, password: LEARNER_PASSWORD })).status).toBe(429);
  });

  test('when a real code with no password yet is tried with a password, then the answer is the one a made-up code gets, and points to the first sign-in', async () => {
    const referral = await createReferral(context);
    const real = await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: referral.accessCode, password: 'anything at all' });
    const madeUp = await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: 'ZZZZ-9999', password: 'anything at all' });
    expect(real.status).toBe(401);
    expect(madeUp.status).toBe(401);
    expect(real.headers.location).toBeUndefined();
    expect(errorOf(real.text)).toBe(errorOf(madeUp.text));
    expect(errorOf(real.text)).toContain('sign in for the first time');
  });

  test('when 25 wrong passwords arrive at once, then no more than the allowed number are checked and the rest are refused as locked', async () => {
    const referral = await createReferral(context);
    await signInFirstTime(context.app, referral, LEARNER_PASSWORD);
    const statuses = await atOnce(request.agent(context.app), '/learn/sign-in', { accessCode: referral.accessCode, password: 'a wrong password' }, 25);
    expect(count(statuses, 401)).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS - 1);
    expect(count(statuses, 429)).toBe(25 - count(statuses, 401));
    expect((await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: referral.accessCode, password: LEARNER_PASSWORD })).status).toBe(429);
  });

  test('when learners sign in or are refused, then the audit trail says so, naming the learner only when the code is theirs', async () => {
    const referral = await createReferral(context);
    await signInFirstTime(context.app, referral, LEARNER_PASSWORD);
    await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: referral.accessCode, password: 'not it at all' });
    await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: referral.accessCode, password: LEARNER_PASSWORD });
    const lines = await context.db('audit_events').where({ subject_type: 'learner', subject_id: String(referral.learnerId) }).orderBy('id');
    expect(lines.map((line) => [line.action, line.details.reason])).toEqual([
      ['learner-signed-in', undefined],
      ['learner-sign-in-failed', 'wrong'],
      ['learner-signed-in', undefined],
    ]);
    await submitForm(request.agent(context.app), '/learn/sign-in', { accessCode: 'QQQQ-8888', password: 'my secret words' });
    const unknown = await context.db('audit_events').where({ action: 'learner-sign-in-failed' }).orderBy('id', 'desc').first();
    expect(unknown).toMatchObject({ actor: 'unknown access code', subject_id: null });
    expect(JSON.stringify(await context.db('audit_events').select('*'))).not.toMatch(/QQQQ|secret words/);
  });
});

describe('staff sign-in', () => {
  const signIn = (email: string, password = 'not the password at all') => submitForm(request.agent(context.app), '/sign-in', { email, password });

  async function tries(email: string, times: number) {
    const answers: [number, string | undefined][] = [];
    for (let attempt = 0; attempt < times; attempt += 1) {
      const response = await signIn(email);
      answers.push([response.status, errorOf(response.text)]);
    }
    return answers;
  }

  test('when an email is tried over and over, then a known and an unknown one get the same statuses and words: 401 four times, then 429', async () => {
    const { email } = await signedInStaff(context, 'caseworker', { forms: true });
    const known = await tries(email, MAX_FAILED_SIGN_INS + 2);
    const unknown = await tries('nobody-here@provider.test', MAX_FAILED_SIGN_INS + 2);
    expect(known.map(([status]) => status)).toEqual([401, 401, 401, 401, 429, 429, 429]);
    expect(unknown).toEqual(known);
    expect((await signIn(email.toUpperCase(), STAFF_PASSWORD)).status).toBe(429);
  });

  test('when a lock ends, then one wrong try does not lock again: the count starts over', async () => {
    const { email } = await signedInStaff(context, 'caseworker', { forms: true });
    await tries(email, MAX_FAILED_SIGN_INS);
    expect((await signIn(email, STAFF_PASSWORD)).status).toBe(429);
    now = new Date(Date.now() + 16 * 60_000);
    expect((await signIn(email)).status).toBe(401);
    expect((await signIn(email, STAFF_PASSWORD)).status).toBe(303);
  });

  test('when a locked-out colleague uses a password link, then the lock ends', async () => {
    const { email, userId } = await signedInStaff(context, 'caseworker', { forms: true });
    await tries(email, MAX_FAILED_SIGN_INS);
    const token = await context.services.passwordLinks.create(context.db, userId, 'reset');
    const newPassword = 'a brand new long password';
    expect(passwordProblem(newPassword)).toBeUndefined();
    const chosen = await submitForm(request.agent(context.app), `/password/${token}`, { password: newPassword, confirmPassword: newPassword });
    expect(chosen.status).toBe(303);
    expect((await signIn(email, newPassword)).status).toBe(303);
  });

  test('when 25 wrong passwords arrive at once, then no more than the allowed number are checked', async () => {
    const { email } = await signedInStaff(context, 'author', { forms: true });
    const statuses = await atOnce(request.agent(context.app), '/sign-in', { email, password: 'a wrong password' }, 25);
    expect(count(statuses, 401)).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS - 1);
    expect(count(statuses, 429)).toBe(25 - count(statuses, 401));
  });

  test('when one two-factor code is sent twice at once, then it signs in once', async () => {
    const { email, totpSecret } = await signedInStaff(context, 'admin', { forms: true });
    const code = codeFor(totpSecret!, email, Date.now() + 30_000);
    const agents = [request.agent(context.app), request.agent(context.app)];
    for (const agent of agents) expect((await submitForm(agent, '/sign-in', { email, password: STAFF_PASSWORD })).headers.location).toBe('/sign-in/code');
    const tokens = await Promise.all(agents.map(async (agent) => csrfToken((await agent.get('/sign-in/code')).text)));
    const answers = await Promise.all(agents.map((agent, index) => agent.post('/sign-in/code').type('form').send({ _csrf: tokens[index], code })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 401]);
  });

  test('when wrong two-factor codes arrive at once, then no more than the allowed number are checked', async () => {
    const { email } = await signedInStaff(context, 'admin', { forms: true });
    const agent = request.agent(context.app);
    await submitForm(agent, '/sign-in', { email, password: STAFF_PASSWORD });
    // A locked answer ends the half-done sign-in, so a try that reads the session after it is sent back to /sign-in (303).
    const statuses = await atOnce(agent, '/sign-in/code', { code: '000000' }, 25);
    expect(count(statuses, 401)).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS - 1);
    expect(count(statuses, 401) + count(statuses, 429) + count(statuses, 303)).toBe(25);
  });

  test('when a sign-in fails, then the audit trail names the account, or "unknown account", and never keeps what was typed', async () => {
    const { email, userId } = await signedInStaff(context, 'caseworker', { forms: true });
    await signIn(email);
    await signIn('Tr0ub4dor&3 typed in the wrong box');
    const failed = await context.db('audit_events').where({ action: 'sign-in-failed' }).orderBy('id', 'desc').limit(2);
    expect(failed.map((line) => [line.user_id, line.actor])).toEqual([
      [null, 'unknown account'],
      [userId, expect.stringContaining('(caseworker)')],
    ]);
    expect(JSON.stringify(await context.db('audit_events').select('*'))).not.toMatch(/Tr0ub4dor|wrong box/);
  });
});

describe('the referral letter', () => {
  test('when police look at a letter, then the view is in the audit trail: it shows a live access code', async () => {
    const referral = await createReferral(context);
    const [force] = await context.db('referrals').where({ id: referral.referralId }).select('force_id', 'public_id');
    const { agent, userId } = await signedInStaff(context, 'police', { forceId: force.force_id });
    await agent.get(`/referrals/${force.public_id}/letter`).expect(200);
    const line = await context.db('audit_events').where({ action: 'letter-viewed', user_id: userId }).first();
    expect(line).toMatchObject({ subject_type: 'referral', subject_id: force.public_id });
  });
});

describe('per-address ceilings', () => {
  // A database of its own: the other tests here count towards the same ceilings.
  let shared: TestContext;
  beforeAll(async () => {
    shared = await createTestContext({}, { clock });
  });
  afterAll(() => shared.close());

  test('when two servers share a database, then they share one ceiling, and a restart does not clear it', async () => {
    const serverApp = () => createApp(buildServices(shared.db, shared.services.config, createLogger('silent'), { clock }));
    const first = request.agent(serverApp());
    const statuses = await atOnce(first, '/sign-in/forgotten-password', { email: 'someone@provider.test' }, 30);
    expect(count(statuses, 429)).toBe(0);
    const second = request.agent(serverApp());
    const more = await atOnce(second, '/sign-in/forgotten-password', { email: 'someone@provider.test' }, 21);
    expect(count(more, 429)).toBe(1);
    const restarted = request.agent(serverApp());
    expect((await submitForm(restarted, '/sign-in/forgotten-password', { email: 'someone@provider.test' })).status).toBe(429);
    now = new Date(Date.now() + 16 * 60_000);
    expect((await submitForm(restarted, '/sign-in/forgotten-password', { email: 'someone@provider.test' })).status).not.toBe(429);
  });
});
