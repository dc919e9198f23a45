import request from 'supertest';
import { SESSION_COOKIE } from '../../src/http/session';
import { eventually } from '../support/receivers';
import { signedInStaff, STAFF_PASSWORD } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'a-production-session-secret-of-enough-length',
  ACCESS_CODE_SECRET: 'a-production-access-code-secret-of-enough-length',
  TRUST_PROXY: 'true',
};

const sessionCookie = (response: request.Response) =>
  ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));

describe('in production', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext(PRODUCTION);
  });
  afterAll(() => context.close());

  test('when a page is served over https, then the session cookie is Secure, HttpOnly and SameSite, and the headers forbid framing, sniffing and inline script', async () => {
    const response = await request(context.app).get('/learn/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
    const cookie = sessionCookie(response)!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
  });
});

describe('behind the proxy', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext(PRODUCTION);
  });
  afterAll(() => context.close());

  test('when a client writes its own X-Forwarded-For, then the limit still counts the address the proxy saw', async () => {
    // The cookie is Secure, so it is sent by hand: the test speaks plain http as the proxy would.
    const page = await request(context.app).get('/sign-in/forgotten-password').set('X-Forwarded-Proto', 'https');
    const cookie = sessionCookie(page)!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    let status = 0;
    for (let attempt = 0; attempt < 51 && status !== 429; attempt += 1) {
      status = (
        await request(context.app)
          .post('/sign-in/forgotten-password')
          .set('Cookie', cookie)
          .set('X-Forwarded-Proto', 'https')
          .set('X-Forwarded-For', `10.0.${attempt}.1, 203.0.113.9`)
          .type('form')
          .send({ _csrf: token, email: 'someone@provider.test' })
      ).status;
    }
    expect(status).toBe(429);
  });
});

describe('staff sessions', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  test('when someone signs in, then they get a new session id, and the one from before sign-in is worth nothing', async () => {
    const { email } = await signedInStaff(context, 'caseworker', { forms: true });
    const agent = request.agent(context.app);
    const before = sessionCookie(await agent.get('/sign-in'))!.split(';')[0]!;
    const signedIn = await submitForm(agent, '/sign-in', { email, password: STAFF_PASSWORD });
    const after = sessionCookie(signedIn)!.split(';')[0]!;
    expect(after).not.toBe(before);
    expect((await request(context.app).get('/referrals').set('Cookie', before)).headers.location).toBe('/sign-in');
    await request(context.app).get('/referrals').set('Cookie', after).expect(200);
  });

  test('when someone signs out, then the session is gone from the server: the old cookie signs nobody in', async () => {
    const { email } = await signedInStaff(context, 'caseworker', { forms: true });
    const agent = request.agent(context.app);
    const cookie = sessionCookie(await submitForm(agent, '/sign-in', { email, password: STAFF_PASSWORD }))!.split(';')[0]!;
    const sessionsBefore = Number((await context.db('sessions').count('* as n').first())?.n);
    await submitForm(agent, '/referrals', {}, '/sign-out');
    expect(Number((await context.db('sessions').count('* as n').first())?.n)).toBe(sessionsBefore - 1);
    expect((await request(context.app).get('/referrals').set('Cookie', cookie)).headers.location).toBe('/sign-in');
  });

  test('when a session is idle, then it ends after an hour: the cookie and the stored session both say so', async () => {
    const { agent } = await signedInStaff(context, 'caseworker', { forms: true });
    const response = await agent.get('/referrals').expect(200);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(sessionCookie(response)!)![1]!);
    expect(expires - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    const newest = await context.db('sessions').orderBy('expire', 'desc').first();
    expect(new Date(newest.expire).getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000 + 5_000);
  });

  test('when someone asks for password links over and over, then the address is slowed down', async () => {
    const agent = request.agent(context.app);
    const page = await agent.get('/sign-in/forgotten-password');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    let status = 0;
    for (let attempt = 0; attempt < 51 && status !== 429; attempt += 1) {
      status = (await agent.post('/sign-in/forgotten-password').type('form').send({ _csrf: token, email: 'someone@provider.test' })).status;
    }
    expect(status).toBe(429);
  });
});

describe('expired sessions', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext(PRODUCTION);
  });
  afterAll(() => context.close());

  test('when the scheduled sweep runs, then a session whose expiry has passed is deleted and a live one is kept', async () => {
    // Written directly: no request makes a session that expired an hour ago.
    const hour = 60 * 60 * 1000;
    await context.db('sessions').insert([
      { sid: 'expired-an-hour-ago', sess: JSON.stringify({ cookie: {} }), expire: new Date(Date.now() - hour) },
      { sid: 'live-for-an-hour', sess: JSON.stringify({ cookie: {} }), expire: new Date(Date.now() + hour) },
    ]);
    await context.services.startWorkers(0.5);
    await eventually(async () => !(await context.db('sessions').where({ sid: 'expired-an-hour-ago' }).first()), 'the expired session deleted');
    expect(await context.db('sessions').where({ sid: 'live-for-an-hour' }).first()).toBeDefined();
  });
});
