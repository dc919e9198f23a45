import type { DeclaredRoute } from '../../src/http/route-registry';

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

/** Uploads check who is sending before reading the file, and so before the form token. */
const UPLOADS = new Set(['POST /authoring/import', 'POST /authoring/courses/:courseId/draft/media']);

const STAFF: Partial<Record<Identity, string>> = { admin: 'admin', author: 'author', caseworker: 'caseworker', police: 'police', 'police of another force': 'police' };

/** Routes whose own rule is narrower than their area's: only police refer (a referral belongs to a force). */
const EXCEPTIONS: Record<string, Partial<Record<Identity, Outcome>>> = {
  'GET /referrals/new': { admin: 'forbidden', caseworker: 'forbidden' },
  'POST /referrals': { admin: 'forbidden', caseworker: 'forbidden' },
};

/** Records of one force (or one learner) that the other force (or learner) must not find. */
const ownedByForce = (path: string) => path.includes('/referrals/:id');
const ownedByLearner = (path: string) => path.includes(':courseId') && path.startsWith('/learn');

/**
 * The one table of what each identity gets from each route: from the route's declared access,
 * with the exceptions above. A form sent without its token is refused before anything else.
 */
export function expectedOutcome(route: DeclaredRoute, identity: Identity, withToken: boolean): Expected {
  const key = `${route.method} ${route.path}`;
  const isApi = route.path.startsWith('/api/');
  if (route.method === 'POST' && !isApi && !withToken) {
    const refused = UPLOADS.has(key) ? expectedOutcome(route, identity, true) : 'allowed';
    return refused === 'allowed' ? 'expired form' : refused;
  }
  const exception = EXCEPTIONS[key]?.[identity];
  if (exception) return exception;
  const { access } = route;
  if (access === 'anyone') return 'open';
  if (access === 'api-key') {
    if (identity === 'API key') return 'allowed';
    if (identity === 'API key of another force') return ownedByForce(route.path) ? 'not found' : 'allowed';
    return 'no key';
  }
  if (access === 'learner') {
    if (identity === 'learner') return 'allowed';
    if (identity === 'another learner') return ownedByLearner(route.path) ? 'not found' : 'allowed';
    return 'learner sign-in';
  }
  const role = STAFF[identity];
  if (!role) return 'staff sign-in';
  if (!(access.staff as readonly string[]).includes(role)) return 'forbidden';
  return identity === 'police of another force' && ownedByForce(route.path) ? 'not found' : 'allowed';
}
