import type { DeclaredRoute } from '../../src/http/route-registry';

/**
 * Who may do what, written by hand from what the product is for (README: learners, provider staff,
 * police; docs/security.md), and deliberately NOT read from src/http/route-registry.ts: the matrix
 * test compares what the app does with this table, so a wrong role in the registry fails it.
 */

export const IDENTITIES = [
  'anonymous',
  'learner',
  'another learner',
  'admin',
  'author',
  'caseworker',
  'police',
  'police of another force',
  'API key',
  'API key of another force',
] as const;
export type Identity = (typeof IDENTITIES)[number];

export type Outcome = 'allowed' | 'learner sign-in' | 'staff sign-in' | 'forbidden' | 'not found' | 'no key' | 'expired form';
/** For public routes: anything but a refusal (a made-up token is not found; a page may send you on). */
export type Expected = Outcome | 'open';

/** Who guards an area, and so what someone it does not let in gets. */
type Guard = 'nobody' | 'learner sign-in' | 'staff sign-in' | 'api key';

interface Area {
  guard: Guard;
  /** `METHOD /path` with `*` for one segment and a trailing `/**` for the path and anything under it; `ANY` is GET and POST. */
  routes: string[];
}

/**
 * The areas of the app. A route belongs to the FIRST area with a pattern that matches it, so the
 * narrower areas come before the wider ones they sit in. A route that no area covers fails the
 * matrix: whoever adds it writes down here who may use it.
 */
const AREAS = {
  'public pages': {
    guard: 'nobody',
    routes: [
      'GET /', 'GET /privacy', 'GET /accessibility', 'POST /text-size', 'POST /sign-out', 'GET /healthz', 'GET /readyz', 'GET /media/*',
      'GET /api/v1/openapi.json', 'ANY /learn/sign-in', 'ANY /learn/first-sign-in', 'ANY /learn/create-password',
      'ANY /sign-in/**', 'ANY /password/*',
    ],
  },
  "a learner's courses": { guard: 'learner sign-in', routes: ['ANY /learn/courses/**'] },
  learning: { guard: 'learner sign-in', routes: ['ANY /learn/**'] },
  "a force's referral by API": { guard: 'api key', routes: ['ANY /api/v1/referrals/*/**'] },
  'the API': { guard: 'api key', routes: ['ANY /api/v1/**'] },
  'your account': { guard: 'staff sign-in', routes: ['ANY /account/**'] },
  referring: { guard: 'staff sign-in', routes: ['GET /referrals/new', 'POST /referrals'] },
  "learners' records and casework": {
    guard: 'staff sign-in',
    routes: ['GET /referrals/*/record', 'POST /referrals/*/reset-access', 'POST /referrals/*/notes', 'ANY /casework/**'],
  },
  'a referral': { guard: 'staff sign-in', routes: ['ANY /referrals/*/**'] },
  'referral lists': { guard: 'staff sign-in', routes: ['GET /referrals'] },
  reports: { guard: 'staff sign-in', routes: ['ANY /reports/**'] },
  'the delivery log': { guard: 'staff sign-in', routes: ['GET /admin/deliveries'] },
  'running the service': { guard: 'staff sign-in', routes: ['ANY /admin/**'] },
  authoring: { guard: 'staff sign-in', routes: ['ANY /authoring/**'] },
} satisfies Record<string, Area>;
export type AreaName = keyof typeof AREAS;

/**
 * One row per identity: the areas it may use, and what it gets there. In an area not in its row,
 * staff of the wrong role are refused (403), and everyone else is sent to the area's sign-in
 * (or, for the API, told a key is needed).
 */
const MAY_USE: Record<Identity, Partial<Record<AreaName, Expected>>> = {
  anonymous: { 'public pages': 'open' },
  learner: { 'public pages': 'open', learning: 'allowed', "a learner's courses": 'allowed' },
  // Enrolled on another course: the first learner's course is not theirs to find.
  'another learner': { 'public pages': 'open', learning: 'allowed', "a learner's courses": 'not found' },
  // Police refer; provider staff help with what was referred. Admins also run the service and author.
  admin: {
    'public pages': 'open', 'your account': 'allowed', 'referral lists': 'allowed', 'a referral': 'allowed', "learners' records and casework": 'allowed',
    reports: 'allowed', 'the delivery log': 'allowed', 'running the service': 'allowed', authoring: 'allowed',
  },
  author: { 'public pages': 'open', 'your account': 'allowed', authoring: 'allowed' },
  caseworker: {
    'public pages': 'open', 'your account': 'allowed', 'referral lists': 'allowed', 'a referral': 'allowed', "learners' records and casework": 'allowed',
    reports: 'allowed', 'the delivery log': 'allowed',
  },
  // Their own force's referrals and reports; never a learner's answers or the provider's casework.
  police: { 'public pages': 'open', 'your account': 'allowed', referring: 'allowed', 'referral lists': 'allowed', 'a referral': 'allowed', reports: 'allowed' },
  // The referral the matrix opens belongs to the other force: not refused, not found.
  'police of another force': {
    'public pages': 'open', 'your account': 'allowed', referring: 'allowed', 'referral lists': 'allowed', 'a referral': 'not found', reports: 'allowed',
  },
  'API key': { 'public pages': 'open', 'the API': 'allowed', "a force's referral by API": 'allowed' },
  'API key of another force': { 'public pages': 'open', 'the API': 'allowed', "a force's referral by API": 'not found' },
};

const STAFF = new Set<Identity>(['admin', 'author', 'caseworker', 'police', 'police of another force']);

/** Uploads check who is sending before reading the file, and so before the form token. */
const UPLOADS = new Set(['POST /authoring/import', 'POST /authoring/courses/:courseId/draft/media']);

function matches(pattern: string, method: string, path: string): boolean {
  const [patternMethod, patternPath] = pattern.split(' ') as [string, string];
  if (patternMethod !== 'ANY' && patternMethod !== method) return false;
  const wanted = patternPath.split('/');
  const actual = path.split('/');
  const anything = wanted.at(-1) === '**';
  if (anything) wanted.pop();
  if (anything ? actual.length < wanted.length : actual.length !== wanted.length) return false;
  return wanted.every((segment, index) => segment === '*' || segment === actual[index]);
}

/** The area a route belongs to, or undefined when nobody has written down who may use it. */
export function areaOf(route: Pick<DeclaredRoute, 'method' | 'path'>): AreaName | undefined {
  return (Object.keys(AREAS) as AreaName[]).find((name) => AREAS[name].routes.some((pattern) => matches(pattern, route.method, route.path)));
}

/** Areas with no route in them: a pattern that no longer matches anything has gone stale. */
export function emptyAreas(routes: readonly Pick<DeclaredRoute, 'method' | 'path'>[]): AreaName[] {
  const used = new Set(routes.map(areaOf));
  return (Object.keys(AREAS) as AreaName[]).filter((name) => !used.has(name));
}

function refusal(guard: Guard, identity: Identity): Outcome {
  if (guard === 'api key') return 'no key';
  if (guard === 'learner sign-in') return 'learner sign-in';
  return STAFF.has(identity) ? 'forbidden' : 'staff sign-in';
}

/**
 * What the identity gets from the route. A form sent without its token is refused before anything
 * else (uploads excepted, see above).
 */
export function expectedOutcome(route: Pick<DeclaredRoute, 'method' | 'path'>, identity: Identity, withToken: boolean): Expected {
  const area = areaOf(route);
  if (!area) throw new Error(`${route.method} ${route.path} is in no area of test/security/access-table.ts: write down who may use it`);
  if (route.method === 'POST' && !route.path.startsWith('/api/') && !withToken) {
    const refused = UPLOADS.has(`${route.method} ${route.path}`) ? expectedOutcome(route, identity, true) : 'allowed';
    return refused === 'allowed' ? 'expired form' : refused;
  }
  return MAY_USE[identity][area] ?? refusal(AREAS[area].guard, identity);
}
