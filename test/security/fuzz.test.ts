import request from 'supertest';
import { ROUTES } from '../../src/http/route-registry';
import type { TestContext } from '../support/test-app';
import { fuzzApp, type FuzzFixtures } from './fuzz-fixtures';
import { Rng } from './fuzz-inputs';
import { fuzzRequest, type WireRequest } from './fuzz-requests';
import { FUZZ_ROUTES, type FuzzRoute } from './fuzz-routes';
import { tableWatch } from './table-checksum';

/** Fixed, so CI sends the same requests every run; FUZZ_SEED and FUZZ_REQUESTS explore further. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);

let context: TestContext;
let fixtures: FuzzFixtures;
beforeAll(async () => {
  ({ context, fixtures } = await fuzzApp());
}, 120_000);
afterAll(() => context.close());

/** Sends one generated request; `watch` is told first when making a session wrote rows, so they are not blamed on the request. */
async function send(route: FuzzRoute, rng: Rng, rebaseline: () => Promise<unknown>): Promise<{ wire: WireRequest; status: number; text: string; location?: string }> {
  if (route.as === 'api') {
    const wire = fuzzRequest(rng, route, { params: fixtures.params, values: fixtures.values });
    const started = request(context.app)[route.method === 'GET' ? 'get' : 'post'](wire.url).set({ ...wire.headers, Authorization: `Bearer ${fixtures.nextApiKey()}` });
    const response = wire.body === undefined ? await started : await started.send(wire.body);
    return { wire, status: response.status, text: response.text };
  }
  const { session, made } = await fixtures.session(route.as);
  if (made) await rebaseline();
  const wire = fuzzRequest(rng, route, { params: fixtures.params, values: fixtures.values, csrfToken: session.csrfToken });
  const started = session.agent[route.method === 'GET' ? 'get' : 'post'](wire.url).set(wire.headers);
  const response = wire.body === undefined ? await started : await started.send(wire.body);
  if (route.endsSession) fixtures.forget(route.as);
  return { wire, status: response.status, text: response.text, location: response.headers.location };
}

describe('bad input to every form and API route', () => {
  test('when every route is sent the fuzz, then it never answers 5xx and a rejected request changes no row', async () => {
    const rng = new Rng(SEED);
    const watch = await tableWatch(context.db);
    const failures: string[] = [];
    const sentTo = new Map<FuzzRoute, number>();
    const statuses = new Map<number, number>();
    let sent = 0;
    let serverErrors = 0;

    for (let turn = 0; sent < REQUESTS; turn += 1) {
      // Round robin over the routes: each gets its share of the run, whatever the seed.
      const route = FUZZ_ROUTES[turn % FUZZ_ROUTES.length]!;
      if (route.limit !== undefined && (sentTo.get(route) ?? 0) >= route.limit) continue;
      const { wire, status, text, location } = await send(route, rng, () => watch.changedSinceLastLook());
      sent += 1;
      sentTo.set(route, (sentTo.get(route) ?? 0) + 1);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const changed = await watch.changedSinceLastLook();
      const where = `${wire.method} ${wire.url.slice(0, 160)} as ${route.as} [${wire.strategy}]`;
      if (status >= 500) {
        serverErrors += 1;
        failures.push(`${status} from ${where}: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      } else if (status >= 400 && changed.length > 0) {
        failures.push(`${status} from ${where} changed ${changed.join(', ')}`);
      } else if (route.as !== 'anonymous' && !route.endsSession && /^\/(learn\/)?sign-in$|^\/account\/two-factor$/.test((location ?? '').split('?')[0]!)) {
        // The session was lost: every later request as this actor would test the sign-in redirect only.
        failures.push(`${status} from ${where} sent the ${route.as} to ${location}`);
      }
    }

    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    console.log(`Fuzz (seed ${SEED}): ${sent} requests to ${FUZZ_ROUTES.length} routes, ${serverErrors} answered 5xx. By status: ${byStatus}`);
    expect(failures.slice(0, 25)).toEqual([]);
    expect(serverErrors).toBe(0);
    // The app runs in this process: a `__proto__` key that reached an object's prototype would show here.
    for (const key of ['polluted', 'isAdmin', 'role']) expect(Object.prototype).not.toHaveProperty(key);
  }, 600_000);

  test('when a row changes, then the watch sees it; when only an API key’s last use changes, then it does not', async () => {
    const watch = await tableWatch(context.db);
    await context.db('api_keys').update({ last_used_at: new Date() });
    expect(await watch.changedSinceLastLook()).toEqual([]);
    // By id: the fuzz may have renamed the force, or changed its code (some seeds send a good form).
    const victim = context.db('forces').where({ id: Number(fixtures.params.force) });
    const { name } = await victim.clone().first('name');
    await victim.clone().update({ name });
    expect(await watch.changedSinceLastLook()).toEqual([]);
    await victim.clone().update({ name: `${name} renamed` });
    expect(await watch.changedSinceLastLook()).toEqual(['forces']);
    const [note] = await context.db('case_notes').insert({ referral_id: (await context.db('referrals').first('id')).id, author: 'x', text: 'y' }).returning('id');
    expect(await watch.changedSinceLastLook()).toEqual(['case_notes']);
    await context.db('case_notes').where({ id: note.id }).delete();
    expect(await watch.changedSinceLastLook()).toEqual(['case_notes']);
  });

  test('when a POST or API route is in the route registry, then the fuzz sends to it', () => {
    const fuzzed = new Set(FUZZ_ROUTES.map((route) => `${route.method} ${route.path}`));
    const mustBeFuzzed = ROUTES.filter((route) => route.method === 'POST' || route.path.startsWith('/api/')).map((route) => `${route.method} ${route.path}`);
    expect(mustBeFuzzed.filter((route) => !fuzzed.has(route))).toEqual([]);
  });
});
