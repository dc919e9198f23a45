import request from 'supertest';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, csrfToken, type TestContext } from '../support/test-app';

/**
 * Each request here answered 500 until the fuzz test found it. They stay as plain tests, so they
 * are checked whatever seed the fuzz runs with.
 */
let context: TestContext;
let referralId: string;
let apiKey: string;
let staff: Record<'police' | 'caseworker' | 'admin', { agent: request.Agent; token: string }>;

beforeAll(async () => {
  context = await createTestContext();
  const referral = await createReferral(context);
  const row = await context.db('referrals').where({ id: referral.referralId }).first('public_id', 'force_id');
  referralId = row.public_id;
  apiKey = await context.services.forces.createApiKey(row.force_id, 'Case system', null);
  const signIn = async (role: 'police' | 'caseworker' | 'admin') => {
    const { agent } = await signedInStaff(context, role, { forceId: role === 'police' ? row.force_id : null });
    return { agent, token: csrfToken((await agent.get('/account')).text) };
  };
  staff = { police: await signIn('police'), caseworker: await signIn('caseworker'), admin: await signIn('admin') };
});
afterAll(() => context.close());

const api = () => ({ Authorization: `Bearer ${apiKey}` });

describe('what the fuzz found', () => {
  test.each([
    ['a cursor past the largest id', `/api/v1/referrals?cursor=${Buffer.from('99999999999').toString('base64url')}`],
    ['a year the database cannot hold', '/api/v1/referrals?updatedSince=99999-01-01'],
  ])('when the API is asked for referrals with %s, then it answers 400', async (_what, url) => {
    const response = await request(context.app).get(url).set(api());
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('validation_failed');
  });

  test('when a re-offending check is dated 30 February, then the API and the page both refuse it with 400', async () => {
    const viaApi = await request(context.app).post(`/api/v1/referrals/${referralId}/reoffending-checks`).set(api()).send({ checkedOn: '2026-02-30', reoffended: false });
    expect(viaApi.status).toBe(400);
    const viaPage = await staff.police.agent.post(`/referrals/${referralId}/reoffending-checks`).type('form').send({ _csrf: staff.police.token, checkedOn: '2026-13-01', reoffended: 'no' });
    expect(viaPage.status).toBe(400);
    expect(await context.db('reoffending_checks').count('* as n').first()).toEqual({ n: 0 });
  });

  test.each([
    ['admin', 'get', '/admin/users/2147483648'],
    ['admin', 'get', '/admin/forces/4294967296'],
    ['admin', 'post', '/admin/users/2147483648/disable'],
    ['admin', 'post', '/admin/forces/1/api-keys/2147483648/revoke'],
    ['admin', 'post', '/admin/deliveries/9007199254740993/redeliver'],
    ['caseworker', 'post', '/casework/contact-requests/2147483648/handled'],
  ] as const)('when the %s asks for %s %s (an id past the largest), then it is not found', async (role, method, url) => {
    const { agent, token } = staff[role];
    const response = method === 'get' ? await agent.get(url) : await agent.post(url).type('form').send({ _csrf: token, outcome: 'Called back' });
    expect(response.status).toBe(404);
  });

  test('when text holds a NUL character, then it is refused with 400 and nothing is saved, on a page and in the API', async () => {
    const note = await staff.caseworker.agent.post(`/referrals/${referralId}/notes`).type('form').send({ _csrf: staff.caseworker.token, note: 'a\u0000b' });
    expect(note.status).toBe(400);
    expect(await context.db('case_notes').count('* as n').first()).toEqual({ n: 0 });
    const person = { firstName: 'Sam\u0000', lastName: 'Lee', dateOfBirth: '1999-03-04' };
    const viaApi = await request(context.app).post('/api/v1/referrals').set(api())
      .send({ reference: 'NUL/1', disposal: 'community_resolution', courses: ['alcohol-awareness'], person, officer: { name: 'PC Lee', email: 'pc@force.test' } });
    expect(viaApi.status).toBe(400);
    expect(viaApi.body.error).toBe('invalid_text');
    expect(await context.db('referrals').where({ reference: 'NUL/1' })).toEqual([]);
  });

  test.each([
    ['a charset it cannot read', { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-16' }, 415],
    ['an encoding it does not know', { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'compress' }, 415],
    ['gzip that is not gzip', { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'gzip' }, 400],
  ])('when a form arrives in %s, then it is refused with a 4xx', async (_what, headers, status) => {
    const response = await staff.caseworker.agent.post(`/referrals/${referralId}/notes`).set({ ...headers, 'X-CSRF-Token': staff.caseworker.token }).send('note=hello');
    expect(response.status).toBe(status);
  });

  test.each([
    ['admin', '/reports/period?month=0000-01', 'month must be a month between 1900 and 2999'],
    ['caseworker', '/reports/period?quarter=9999-Q4', 'quarter must be a quarter between 1900 and 2999'],
    ['police', '/reports/evaluation?from=0000-01-01&to=0000-12-31', 'from must be a date between 1900 and 2999'],
    ['caseworker', '/reports/period?from=9990-01-01&to=9999-12-31', 'to must be a date between 1900 and 2999'],
    ['police', '/reports/referrals.csv?from=9990-01-01&to=9999-12-31', 'to must be a date between 1900 and 2999'],
    ['admin', '/reports/evaluation.csv?from=0000-01-01&to=0000-12-31&table=compliance', 'from must be a date between 1900 and 2999'],
    ['admin', '/admin/audit?from=0000-01-01', 'from must be a date between 1900 and 2999'],
    ['admin', '/admin/audit?to=9999-12-31', 'to must be a date between 1900 and 2999'],
  ] as const)('when the %s asks for %s (a year the database cannot hold), then it is a 400 that says which years', async (role, url, message) => {
    const response = await staff[role].agent.get(url);
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
  });

  test('when the API is asked for a report in year 0 or up to 9999-12-31, then it answers 400 naming the field', async () => {
    for (const [query, path] of [['from=0000-01-01&to=0000-12-31', 'from'], ['from=9990-01-01&to=9999-12-31', 'to']] as const) {
      const response = await request(context.app).get(`/api/v1/reports/evaluation?${query}`).set(api());
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('validation_failed');
      expect(response.body.details).toContainEqual({ path, message: `${path} must be a date between 1900 and 2999` });
    }
  });

  test('when an address holds a broken escape, then it is a 400, not a 500', async () => {
    const response = await staff.caseworker.agent.post('/referrals/%E0%A4%A/notes').type('form').send({ _csrf: staff.caseworker.token, note: 'x' });
    expect(response.status).toBe(400);
  });
});
