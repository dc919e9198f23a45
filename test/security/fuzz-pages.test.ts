import request from 'supertest';
import { ROUTES } from '../../src/http/route-registry';
import type { TestContext } from '../support/test-app';
import { fuzzApp, type FuzzFixtures } from './fuzz-fixtures';
import { Rng } from './fuzz-inputs';
import { pagePath, pageQuery, type PageRoute, pageRoutes } from './fuzz-pages';
import { tableWatch } from './table-checksum';

/**
 * The page fuzz: every GET route of the route registry, as someone allowed to reach it, with
 * generated ids in its address and a generated query string. A GET changes no table (sessions
 * and the audit trail aside: "record viewed" lines are written on purpose), never answers 5xx,
 * and answers with a status a page may give. Seeded as fuzz.test.ts: FUZZ_SEED replays a run,
 * FUZZ_PAGE_REQUESTS sends more, FUZZ_DEBUG=1 prints the server's log of each 5xx.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const REQUESTS = Number(process.env.FUZZ_PAGE_REQUESTS ?? 1000);

/** What a page may answer: shown, sent on, refused (bad input, not yours, not there, too big, too many). */
const NORMAL_STATUSES = new Set([200, 302, 303, 400, 403, 404, 413, 414, 429, 431]);
/** Only the API answers a request without a live key with 401. */
const API_STATUSES = new Set([...NORMAL_STATUSES, 401]);

/** GETs that are actions, and what they may write: none (starting a course is a POST). */
const WRITES_ON_PURPOSE: Record<string, string[]> = {};

/** Input that, reflected unescaped into a page, would run in the browser. */
const SCRIPT_PROBES = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];

const { routes: PAGE_ROUTES, problems } = pageRoutes();
/** The order routes are sent to, round and round: each route `weight` times a round, spread out. */
const SCHEDULE: PageRoute[] = Array.from({ length: Math.max(...PAGE_ROUTES.map((route) => route.weight)) }, (_, round) =>
  PAGE_ROUTES.filter((route) => route.weight > round)).flat();

let context: TestContext;
let fixtures: FuzzFixtures;
beforeAll(async () => {
  ({ context, fixtures } = await fuzzApp());
}, 120_000);
afterAll(() => context.close());

describe('bad addresses and query strings to every page', () => {
  test('when a GET route is in the route registry, then the page fuzz can reach it and fill its ids', () => {
    expect(problems).toEqual([]);
    expect(PAGE_ROUTES.map((route) => `GET ${route.path}`).sort()).toEqual(ROUTES.filter((route) => route.method === 'GET').map((route) => `GET ${route.path}`).sort());
  });

  test('when every GET route is sent the fuzz, then it never answers 5xx, answers a usual status and changes no table', async () => {
    const rng = new Rng(SEED);
    const watch = await tableWatch(context.db);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const byRoute = new Map<string, Map<number, number>>();
    let serverErrors = 0;

    const turns = new Map<PageRoute, number>();
    for (let sent = 0; sent < REQUESTS; sent += 1) {
      // Round robin over the routes, and over the identities that may use each.
      const route = SCHEDULE[sent % SCHEDULE.length]!;
      const turn = turns.get(route) ?? 0;
      turns.set(route, turn + 1);
      const as = route.actors[turn % route.actors.length]!;
      const { path, brokenParam } = pagePath(rng, route, fixtures.params);
      const { query, strategy } = pageQuery(rng, route.fields(fixtures.values));
      const url = query ? `${path}?${query}` : path;

      let response: request.Response;
      if (as === 'api') {
        response = await request(context.app).get(url).set('Authorization', `Bearer ${fixtures.nextApiKey()}`);
      } else {
        const { session, made } = await fixtures.session(as);
        // Signing in writes rows of its own: they are not the page's doing.
        if (made) await watch.changedSinceLastLook();
        response = await session.agent.get(url);
      }
      const { status } = response;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const ofRoute = byRoute.get(route.path) ?? byRoute.set(route.path, new Map()).get(route.path)!;
      ofRoute.set(status, (ofRoute.get(status) ?? 0) + 1);
      if (process.env.FUZZ_DEBUG === '2') console.log(`${status} GET ${url.slice(0, 150)} as ${as} [${strategy}]`);
      const allowedWrites = status < 400 ? (WRITES_ON_PURPOSE[`GET ${route.path}`] ?? []) : [];
      const changed = (await watch.changedSinceLastLook()).filter((table) => !allowedWrites.includes(table));
      const where = `GET ${url.slice(0, 200)}${url.length > 200 ? `… (${url.length} characters)` : ''} as ${as} [${[strategy, brokenParam].filter(Boolean).join(', ')}]`;
      const location = String(response.headers.location ?? '').split('?')[0]!;
      const type = String(response.headers['content-type'] ?? '');

      if (status >= 500) {
        serverErrors += 1;
        failures.push(`${status} from ${where}: ${response.text.replace(/\s+/g, ' ').slice(0, 200)}`);
      } else if (!(as === 'api' ? API_STATUSES : NORMAL_STATUSES).has(status)) {
        failures.push(`${status} (not a status a page gives) from ${where}`);
      }
      if (changed.length > 0) failures.push(`${status} from ${where} changed ${changed.join(', ')}`);
      // Police and API keys are of the fuzz's own force: another force's referral is not theirs to find.
      if ((as === 'police' || as === 'api') && path.includes(fixtures.params.otherForceReferral) && status < 400) {
        failures.push(`${status} from ${where}: another force's referral was found`);
      }
      if (as !== 'anonymous' && as !== 'api' && /^\/(learn\/)?sign-in$|^\/account\/two-factor$/.test(location)) {
        // The session was lost: every later request as this identity would test the sign-in redirect only.
        failures.push(`${status} from ${where} sent the ${as} to ${location}`);
        fixtures.forget(as);
      }
      if (type.startsWith('text/html') && SCRIPT_PROBES.some((probe) => response.text.includes(probe))) failures.push(`${status} from ${where} put the query's script into the page unescaped`);
    }

    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    // FUZZ_DEBUG=1 also shows what each route answered: a route that only ever redirects is not being fuzzed.
    if (process.env.FUZZ_DEBUG) console.log([...byRoute].map(([path, counts]) => `${path}: ${[...counts].map(([status, count]) => `${status}×${count}`).join(' ')}`).join('\n'));
    console.log(`Page fuzz (seed ${SEED}): ${REQUESTS} requests to ${PAGE_ROUTES.length} GET routes (${turns.size} reached), ${serverErrors} answered 5xx. By status: ${byStatus}`);
    expect(failures.slice(0, 25)).toEqual([]);
    expect(serverErrors).toBe(0);
    for (const key of ['polluted', 'isAdmin', 'role', 'x']) expect(Object.prototype).not.toHaveProperty(key);
  }, 600_000);
});
