import express from 'express';
import request, { type Response } from 'supertest';
import { checkRoutesDeclared } from '../../src/http/access';
import { isPrivate } from '../../src/http/no-store';
import { ROUTES } from '../../src/http/route-registry';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, csrfToken, signedInLearner, type TestContext } from '../support/test-app';
import { areaOf, emptyAreas, type Expected, expectedOutcome, type Identity, IDENTITIES, type Outcome } from './access-table';

let context: TestContext;
const ids: Record<string, string> = {};
const apiKeys: Partial<Record<Identity, string>> = {};
const agents = new Map<Identity, request.Agent>();
let signIn: Record<Identity, () => Promise<request.Agent>>;

/** POSTs after which the identity is signed out and must sign in again. */
const ENDS_SESSION = new Set(['POST /sign-out', 'POST /account/sign-out-everywhere']);

beforeAll(async () => {
  context = await createTestContext();
  const { db, services } = context;
  const days = { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 };
  const learnerOne = await createReferral(context, { courses: ['alcohol-awareness'] });
  const learnerTwo = await createReferral(context, { courses: ['thinking-skills'] });
  const target = await createReferral(context, { courses: ['alcohol-awareness'] });
  const forceA = (await db('forces').where({ code: 'TEST' }).first()).id as number;
  const forceB = await services.forces.create({ name: 'Elsewhere Police', code: 'ELSE', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  const spareForce = await services.forces.create({ name: 'Spare Police', code: 'SPARE', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  await services.forces.createApiKey(spareForce, 'spare', null, 'pw_spare_key_for_the_access_matrix_1234');
  apiKeys['API key'] = await services.forces.createApiKey(forceA, 'matrix', null);
  apiKeys['API key of another force'] = await services.forces.createApiKey(forceB, 'matrix', null);
  const [spareUser] = await db('users').insert({ email: 'spare@provider.test', name: 'Spare', role: 'caseworker' }).returning('id');
  const [contact] = await db('contact_requests').insert({ referral_id: target.referralId, contact_by: 'phone' }).returning('id');
  const [delivery] = await db('deliveries').insert({ event_id: '00000000-0000-4000-8000-000000000001', event_type: 'test', channel: 'email', recipient: 'x@test.test', content: '{}', status: 'held' }).returning('id');
  // A re-offending check on the referral, for the pages that correct or void one.
  const [check] = await db('reoffending_checks').insert({ referral_id: target.referralId, checked_on: '2026-01-01', reoffended: false }).returning('id');
  const version = await services.courses.newestVersion('alcohol-awareness');
  const key = await db('api_keys').where({ force_id: spareForce }).first('id');
  Object.assign(ids, {
    referral: (await db('referrals').where({ id: target.referralId }).first()).public_id,
    user: String(spareUser.id), force: String(spareForce), keyId: String(key.id), requestId: String(contact.id), delivery: String(delivery.id), checkId: String(check.id),
    file: Object.keys(version!.files.text).find((file) => file.endsWith('.md')) ?? '01.md', version: String(version!.version),
    media: Object.keys(version!.files.media)[0] ?? 'media/none.png',
  });

  // A new session each time one is needed (the matrix signs out as it goes).
  const learnerAgent = (referral: typeof learnerOne) => signedInLearner(context, referral, 'a learner password');
  const staff = async (role: 'admin' | 'author' | 'caseworker' | 'police', forceId: number | null = null) => (await signedInStaff(context, role, { forceId })).agent;
  const plain = async () => request.agent(context.app);
  signIn = {
    anonymous: plain,
    learner: () => learnerAgent(learnerOne),
    'another learner': () => learnerAgent(learnerTwo),
    admin: () => staff('admin'),
    author: () => staff('author'),
    caseworker: () => staff('caseworker'),
    police: () => staff('police', forceA),
    'police of another force': () => staff('police', forceB),
    'API key': plain,
    'API key of another force': plain,
  };
});
afterAll(() => context.close());

function urlOf(path: string): string {
  const id = path.startsWith('/admin/users') ? ids.user : path.startsWith('/admin/forces') ? ids.force : path.startsWith('/admin/deliveries') ? ids.delivery : ids.referral;
  return path
    .replace(':courseId', 'alcohol-awareness')
    .replace(':step', '1')
    .replace(':file', encodeURIComponent(ids.file!))
    .replace(':version', ids.version!)
    .replace(':keyId', ids.keyId!)
    .replace(':requestId', ids.requestId!)
    .replace(':checkId', ids.checkId!)
    .replace(':token', 'A'.repeat(43))
    .replace(':name', 'no-such-media.png')
    .replace(':id', id!)
    .concat(path.endsWith('/media/remove') ? `?file=${encodeURIComponent(ids.media!)}` : '');
}

function outcomeOf(response: Response): Outcome | `status ${number}` {
  const location = response.headers.location ?? '';
  if (response.status >= 500) return `status ${response.status}`;
  if (response.status === 401) return 'no key';
  if (response.status === 403) return response.text.includes('This form has expired') ? 'expired form' : 'forbidden';
  if (response.status === 404) return 'not found';
  if (response.status >= 300 && response.status < 400 && location === '/learn/sign-in') return 'learner sign-in';
  if (response.status >= 300 && response.status < 400 && location === '/sign-in') return 'staff sign-in';
  return 'allowed';
}

async function agentFor(identity: Identity): Promise<request.Agent> {
  if (!agents.has(identity)) agents.set(identity, await signIn[identity]());
  return agents.get(identity)!;
}

/** Each authoring call starts from a fresh draft, so an earlier call (remove a module, discard) does not decide the outcome. */
async function freshDraft(path: string, identity: Identity) {
  if (!path.includes('/draft/') || !['admin', 'author'].includes(identity)) return;
  await context.db('course_drafts').where({ course_id: 'alcohol-awareness' }).del();
  await context.services.authoring.openDraft('alcohol-awareness', { userId: null, name: 'access matrix' });
}

const matches = (expected: Expected, actual: Outcome | string) =>
  expected === 'open' ? ['allowed', 'not found', 'learner sign-in', 'staff sign-in'].includes(actual) : actual === expected;

async function call(identity: Identity, method: 'GET' | 'POST', path: string, withToken: boolean): Promise<Response> {
  const agent = await agentFor(identity);
  await freshDraft(path, identity);
  const url = urlOf(path);
  const key = apiKeys[identity];
  if (path.startsWith('/api/')) {
    const req = method === 'GET' ? agent.get(url) : agent.post(url).send({});
    return key ? req.set('Authorization', `Bearer ${key}`) : req;
  }
  if (method === 'GET') return agent.get(url);
  const token = withToken ? csrfToken((await agent.get('/privacy')).text) : undefined;
  const response = await agent.post(url).type('form').send(token ? { _csrf: token } : {});
  if (ENDS_SESSION.has(`POST ${path}`)) agents.delete(identity);
  return response;
}

describe('the access matrix', () => {
  test('when a route is in the registry, then the hand-written table says who may use it, and every area of the table still has a route', () => {
    expect(ROUTES.filter((route) => !areaOf(route)).map((route) => `${route.method} ${route.path}`)).toEqual([]);
    expect(emptyAreas(ROUTES)).toEqual([]);
    // A new area is not covered until someone writes it down.
    expect(areaOf({ method: 'GET', path: '/partner/referrals' })).toBeUndefined();
  });

  test('every declared route, as every identity, with and without the form token, gets what the hand-written table says', async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const route of ROUTES.filter((declared) => areaOf(declared))) {
      for (const identity of IDENTITIES) {
        for (const withToken of route.method === 'POST' && !route.path.startsWith('/api/') ? [false, true] : [true]) {
          const expected = expectedOutcome(route, identity, withToken);
          const response = await call(identity, route.method, route.path, withToken);
          const actual = outcomeOf(response);
          cells += 1;
          const cell = `${route.method} ${route.path} as ${identity}${withToken ? '' : ' without token'}`;
          if (!matches(expected, actual)) wrong.push(`${cell}: expected ${expected}, got ${actual}`);
          // Whatever a private route answers (the page, a redirect to sign in, a refusal) is never kept.
          if (isPrivate(route) && response.headers['cache-control'] !== 'no-store') wrong.push(`${cell}: Cache-Control ${response.headers['cache-control']}, not no-store`);
        }
      }
    }
    console.log(`access matrix: ${ROUTES.length} routes x ${IDENTITIES.length} identities, ${cells} requests`);
    expect(wrong).toEqual([]);
    // Over a thousand requests: on a shared 2-core machine this takes 40-60 s, so it has three minutes.
  }, 180_000);

  test('when a route is not in the registry, then the app refuses to start', () => {
    const app = express();
    app.get('/healthz', (_req, res) => void res.send('ok'));
    app.get('/a-forgotten-route', (_req, res) => void res.send('oops'));
    expect(() => checkRoutesDeclared(app, [{ method: 'GET', path: '/healthz', access: 'anyone', secretParams: [] }])).toThrow('not declared: GET /a-forgotten-route');
  });
});
