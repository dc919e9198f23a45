import request from 'supertest';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, signedInLearner, type TestContext } from '../support/test-app';

let context: TestContext;
let agents: Record<'learner' | 'police' | 'caseworker' | 'admin' | 'author', request.Agent>;
let publicId: string;
let apiKey: string;
let passwordToken: string;

beforeAll(async () => {
  context = await createTestContext();
  const referral = await createReferral(context);
  const forceId = (await context.db('referrals').where({ id: referral.referralId }).first('force_id')).force_id as number;
  publicId = (await context.db('referrals').where({ id: referral.referralId }).first('public_id')).public_id as string;
  apiKey = await context.services.forces.createApiKey(forceId, 'Case system', null);
  // A new starter as an admin adds them: the account and its set-password link.
  const { link } = await context.services.users.create({ email: 'new.starter@staff.test', name: 'New Starter', role: 'caseworker', forceId: null }, 'Test Admin');
  passwordToken = link.split('/password/')[1]!;
  agents = {
    learner: await signedInLearner(context, referral),
    police: (await signedInStaff(context, 'police', { forceId })).agent,
    caseworker: (await signedInStaff(context, 'caseworker')).agent,
    admin: (await signedInStaff(context, 'admin')).agent,
    author: (await signedInStaff(context, 'author')).agent,
  };
});
afterAll(() => context.close());

type Who = keyof typeof agents | 'anonymous' | 'API key';

/** Pages that show someone's own data, or a secret: never kept by a browser or a proxy. */
/** :referral and :token are filled in once the records exist. */
const PRIVATE: [Who, string][] = [
  ['learner', '/learn'],
  ['learner', '/learn/courses/alcohol-awareness/steps/1'],
  ['learner', '/learn/contact'],
  ['police', '/referrals/:referral'],
  ['police', '/referrals/:referral/letter'],
  ['police', '/reports/referrals.csv?from=2026-01-01&to=2026-12-31'],
  ['police', '/reports/period.csv?from=2026-01-01&to=2026-12-31&table=summary'],
  ['police', '/account'],
  ['caseworker', '/referrals/:referral/record'],
  ['caseworker', '/casework/contact-requests'],
  ['caseworker', '/admin/deliveries'],
  ['admin', '/admin/users'],
  ['admin', '/admin/audit'],
  ['author', '/authoring'],
  ['API key', '/api/v1/referrals'],
  ['API key', '/api/v1/referrals/:referral'],
  // The address itself is the secret: whoever has the page cached can choose the password.
  ['anonymous', '/password/:token'],
  // Refused or sent to sign in: the answer to a signed-in address is not kept either.
  ['anonymous', '/learn'],
  ['anonymous', '/referrals/:referral/letter'],
];

const PUBLIC: string[] = ['/learn/sign-in', '/sign-in', '/privacy', '/accessibility', '/learn/first-sign-in'];

function get(who: Who, path: string) {
  if (who === 'API key') return request(context.app).get(path).set('Authorization', `Bearer ${apiKey}`);
  if (who === 'anonymous') return request(context.app).get(path);
  return agents[who].get(path);
}

describe('what browsers and proxies may keep', () => {
  test.each(PRIVATE)('when %s opens %p, then the answer says no-store', async (who, path) => {
    const response = await get(who, path.replace(':referral', publicId).replace(':token', passwordToken));
    expect(response.status).toBeLessThan(500);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  test.each(PUBLIC)('when anyone opens the public page %s, then it keeps its caching (not no-store)', async (path) => {
    const response = await request(context.app).get(path).expect(200);
    expect(response.headers['cache-control'] ?? '').not.toContain('no-store');
  });

  test('when a page names its style sheet, then the file is cached for a year and marked immutable', async () => {
    const page = await request(context.app).get('/learn/sign-in').expect(200);
    const stylesheet = /href="(\/static\/css\/app\.css\?v=[^"]+)"/.exec(page.text)![1]!;
    const response = await agents.learner.get(stylesheet).expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
