import request from 'supertest';
import { hashPassword } from '../../src/auth/passwords';
import { SESSION_HOURS } from '../../src/auth/sessions';
import { SESSION_COOKIE } from '../../src/http/session';
import { codeFor, signedInStaff, STAFF_PASSWORD } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

let context: TestContext;

beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

async function newUser(email: string, role: string) {
  await context.db('users').insert({ email, name: `User ${email}`, role, password_hash: await hashPassword(STAFF_PASSWORD) });
  return context.db('users').where({ email }).first();
}

async function passwordStep(email: string, password = STAFF_PASSWORD) {
  const agent = request.agent(context.app);
  const response = await submitForm(agent, '/sign-in', { email, password });
  return { agent, response };
}

const keyOn = (html: string) => /<code class="api-key">([^<]+)<\/code>/.exec(html)![1]!.replace(/\s+/g, '');
const trail = async (userId: number) => (await context.db('audit_events').where({ user_id: userId }).orderBy('id')).map((e) => e.action);

describe('two-factor sign-in', () => {
  test('when an admin without it signs in, then they must set it up first; a wrong code changes nothing; next time the code is asked for, once each', async () => {
    const admin = await newUser('new-admin@provider.test', 'admin');
    const { agent, response } = await passwordStep(admin.email);
    expect(response.headers.location).toBe('/account/two-factor');
    expect((await agent.get('/admin/forces')).headers.location).toBe('/account/two-factor');
    expect((await agent.get('/referrals')).headers.location).toBe('/account/two-factor');

    const setUp = await agent.get('/account/two-factor').expect(200);
    expect(setUp.text).toContain('<svg');
    const key = keyOn(setUp.text);
    const wrong = await submitForm(agent, '/account/two-factor', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('The code is not right');
    expect(keyOn(wrong.text)).toBe(key);
    expect((await context.db('users').where({ id: admin.id }).first()).totp_enabled_at).toBeNull();

    const setUpCode = codeFor(key, admin.email);
    expect((await submitForm(agent, '/account/two-factor', { code: setUpCode })).status).toBe(303);
    expect((await context.db('users').where({ id: admin.id }).first()).totp_secret_encrypted).not.toContain(key);
    await agent.get('/admin/forces').expect(200);

    const again = await passwordStep(admin.email);
    expect(again.response.headers.location).toBe('/sign-in/code');
    expect((await again.agent.get('/admin/forces')).headers.location).toBe('/sign-in');
    const replayed = await submitForm(again.agent, '/sign-in/code', { code: setUpCode });
    expect(replayed.status).toBe(401);
    expect(replayed.text).toContain('The code is not right');
    const next = await submitForm(again.agent, '/sign-in/code', { code: codeFor(key, admin.email, Date.now() + 30_000) });
    expect(next.status).toBe(303);
    await again.agent.get('/admin/forces').expect(200);
    // The replayed code is a failed sign-in of this account: the line names the account, never what was typed.
    expect(await trail(admin.id)).toEqual(['sign-in', 'two-factor-set-up', 'sign-in-failed', 'sign-in']);
    expect(await context.db('audit_events').where({ action: 'sign-in-failed', user_id: admin.id, actor: `${admin.name} (admin)` })).toHaveLength(1);
    expect(await context.db('audit_events').where({ actor: admin.email })).toHaveLength(0);
  });

  test('when the code is wrong five times, then the account is locked, password or not', async () => {
    const { email } = await signedInStaff(context, 'admin', { forms: true });
    const { agent } = await passwordStep(email);
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await submitForm(agent, '/sign-in/code', { code: '123456' })).status).toBe(401);
    expect((await submitForm(agent, '/sign-in/code', { code: '123456' })).status).toBe(429);
    expect((await passwordStep(email)).response.status).toBe(429);
  });

  test('when police or other staff sign in, then two-factor is offered, not forced', async () => {
    const { agent } = await signedInStaff(context, 'caseworker', { forms: true });
    await agent.get('/referrals').expect(200);
    expect((await agent.get('/account').expect(200)).text).toContain('Set up two-factor sign-in');
    const empty = await submitForm(agent, '/account/two-factor', { code: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter the 6-digit code from your app');
  });
});

describe('sessions', () => {
  test('when someone signs out everywhere, then their other sessions end too', async () => {
    const user = await newUser('everywhere@provider.test', 'caseworker');
    const laptop = (await passwordStep(user.email)).agent;
    const phone = (await passwordStep(user.email)).agent;
    await phone.get('/referrals').expect(200);
    expect((await submitForm(laptop, '/account', {}, '/account/sign-out-everywhere')).headers.location).toBe('/sign-in?signed-out=1');
    expect((await phone.get('/referrals')).headers.location).toBe('/sign-in');
    expect(await trail(user.id)).toContain('sign-out-everywhere');
  });

  test('when a session is older than the working day, then it is over', async () => {
    const user = await newUser('long-day@provider.test', 'caseworker');
    const { agent, response } = await passwordStep(user.email);
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    const sid = /^s:([^.]+)\./.exec(decodeURIComponent(cookie.split(';')[0]!.slice(SESSION_COOKIE.length + 1)))![1];
    // Signed in this long ago, as the stored session says (the time it is checked against is the wall clock's).
    const signedInAgo = (minutes: number) =>
      context.db('sessions').where({ sid }).update({ sess: context.db.raw("jsonb_set(sess::jsonb, '{passport,user,signedInAt}', to_jsonb(?::bigint))::json", [Date.now() - minutes * 60_000]) });
    await signedInAgo(SESSION_HOURS * 60 - 1);
    await agent.get('/referrals').expect(200);
    await signedInAgo(SESSION_HOURS * 60 + 1);
    expect((await agent.get('/referrals')).headers.location).toBe('/sign-in');
  });
});

describe('a forgotten password', () => {
  test('when someone asks, then the page says the same for any address, and the account gets a private one-time link', async () => {
    const user = await newUser('forgetful@provider.test', 'caseworker');
    const before = await context.db('deliveries').count('* as n').first();
    const unknown = await submitForm(request.agent(context.app), '/sign-in/forgotten-password', { email: 'nobody@provider.test' });
    expect(unknown.status).toBe(200);
    expect(await context.db('deliveries').count('* as n').first()).toEqual(before);
    const bad = await submitForm(request.agent(context.app), '/sign-in/forgotten-password', { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter your email address');

    const known = await submitForm(request.agent(context.app), '/sign-in/forgotten-password', { email: user.email });
    const samePage = (html: string, email: string) => html.replace(email, 'X').replace(/value="[a-f0-9]{32,}"/g, '');
    expect(samePage(known.text, user.email)).toEqual(samePage(unknown.text, 'nobody@provider.test'));
    const mail = await context.db('deliveries').where({ recipient: user.email, event_type: 'staff.password-reset' }).first();
    expect(mail.content.private).toBe(true);
    const link = /\/password\/[A-Za-z0-9_-]+/.exec(mail.content.text)![0];

    const signedInBefore = (await passwordStep(user.email)).agent;
    await signedInBefore.get('/referrals').expect(200);
    expect((await submitForm(request.agent(context.app), link, { password: 'short', confirmPassword: 'short' })).text).toContain('at least 12 characters');
    const mismatch = await submitForm(request.agent(context.app), link, { password: 'a brand new long password', confirmPassword: 'something else entirely' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('The passwords do not match');
    const set = await submitForm(request.agent(context.app), link, { password: 'a brand new long password', confirmPassword: 'a brand new long password' });
    expect(set.headers.location).toBe('/sign-in?password-set=1');

    expect((await request(context.app).get(link)).status).toBe(404);
    expect((await signedInBefore.get('/referrals')).headers.location).toBe('/sign-in');
    expect((await passwordStep(user.email)).response.status).toBe(401);
    expect((await passwordStep(user.email, 'a brand new long password')).response.status).toBe(303);
    expect(await trail(user.id)).toContain('password-changed');

    const { agent: caseworker } = await signedInStaff(context, 'caseworker', { forms: true });
    const outbox = await caseworker.get('/admin/deliveries').expect(200);
    expect(outbox.text).toContain('holds a one-time password link');
    expect(outbox.text).not.toContain(link);
  });

  test('when someone asks again and again, then the account gets at most three reset emails an hour, and the page still says the same', async () => {
    const user = await newUser('asks-often@provider.test', 'caseworker');
    for (let i = 0; i < 5; i += 1) {
      const asked = await submitForm(request.agent(context.app), '/sign-in/forgotten-password', { email: user.email });
      expect(asked.text).toContain('Check your email');
    }
    expect(await context.db('deliveries').where({ recipient: user.email, event_type: 'staff.password-reset' }).count('* as n').first()).toEqual({ n: 3 });
    // Only the newest link works: each new one spent the one before.
    expect(await context.db('password_links').where({ user_id: user.id }).whereNull('used_at').count('* as n').first()).toEqual({ n: 1 });
  });

  test('when a link is made up or mangled, then it says the link no longer works', async () => {
    expect((await request(context.app).get('/password/not-a-token')).status).toBe(404);
    expect((await request(context.app).get(`/password/${'A'.repeat(43)}`)).text).toContain('This link no longer works');
  });
});
