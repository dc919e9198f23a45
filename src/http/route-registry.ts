import type { StaffRole } from './roles';

/**
 * Who may use a route:
 * - `anyone`: public pages, sign-in forms, health checks, media;
 * - `learner`: a learner signed in with their password chosen;
 * - `api-key`: a force system with a live API key (its force's data only);
 * - `{ staff, for }`: staff and police of those roles (`for` names the area in the 403 message);
 *   police reach only their own force's records, which the route itself checks (404 otherwise).
 */
export type Access = 'anyone' | 'learner' | 'api-key' | { staff: readonly StaffRole[]; for: string; beforeTwoFactor?: boolean };

export interface DeclaredRoute {
  method: 'GET' | 'POST';
  path: string;
  access: Access;
  /** Its path parameters that are secrets (see SECRET_PARAMS); empty for most routes. */
  secretParams: string[];
}

/**
 * Path parameters that are secrets: whoever holds the address can act with it (a one-time link's
 * token lets its holder choose a staff member's password). Request and error logs show such a
 * segment as [redacted], and the page is never stored by a browser or a proxy. A new route that
 * carries a secret in its address names the parameter :token, or adds its name here.
 */
export const SECRET_PARAMS: readonly string[] = ['token'];

const CASE_ROLES = ['police', 'admin', 'caseworker'] as const;
const POLICE = ['police'] as const;
const PROVIDER_CASEWORK = ['admin', 'caseworker'] as const;
const AUTHORS = ['author', 'admin'] as const;
const ADMINS = ['admin'] as const;
const EVERY_STAFF_ROLE = ['admin', 'author', 'caseworker', 'police'] as const;

/** Every route of the app and who may use it. The app refuses to start with a route that is not here. */
const GROUPS: { access: Access; routes: string[] }[] = [
  {
    access: 'anyone',
    routes: [
      'GET /healthz', 'GET /readyz', 'GET /media/:name', 'GET /api/v1/openapi.json',
      'GET /', 'GET /privacy', 'GET /accessibility', 'POST /text-size', 'POST /sign-out',
      'GET /learn/sign-in', 'POST /learn/sign-in', 'GET /learn/first-sign-in', 'POST /learn/first-sign-in',
      // Only a learner in the middle of their first sign-in gets the form; the route sends anyone else on.
      'GET /learn/create-password', 'POST /learn/create-password',
      'GET /sign-in', 'POST /sign-in', 'GET /sign-in/code', 'POST /sign-in/code',
      'GET /sign-in/forgotten-password', 'POST /sign-in/forgotten-password', 'GET /password/:token', 'POST /password/:token',
    ],
  },
  {
    access: 'api-key',
    routes: [
      'POST /api/v1/referrals', 'GET /api/v1/referrals', 'GET /api/v1/referrals/:id', 'POST /api/v1/referrals/:id/withdraw',
      'POST /api/v1/referrals/:id/reoffending-checks', 'GET /api/v1/reports/period', 'GET /api/v1/reports/evaluation',
    ],
  },
  {
    access: 'learner',
    routes: [
      'GET /learn', 'GET /learn/courses/:courseId/start', 'POST /learn/courses/:courseId/start', 'GET /learn/courses/:courseId/steps/:step', 'POST /learn/courses/:courseId/steps/:step',
      'GET /learn/courses/:courseId/attitude-test', 'POST /learn/courses/:courseId/attitude-test', 'GET /learn/courses/:courseId/certificate',
      'GET /learn/contact', 'POST /learn/contact',
    ],
  },
  {
    access: { staff: EVERY_STAFF_ROLE, for: 'your account', beforeTwoFactor: true },
    routes: ['GET /account', 'GET /account/two-factor', 'POST /account/two-factor', 'POST /account/sign-out-everywhere'],
  },
  {
    access: { staff: CASE_ROLES, for: 'referrals' },
    routes: [
      'GET /referrals', 'GET /referrals/:id', 'GET /referrals/:id/letter',
      'GET /referrals/:id/details', 'POST /referrals/:id/details', 'POST /referrals/:id/extend', 'POST /referrals/:id/withdraw',
      'POST /referrals/:id/courses', 'POST /referrals/:id/resend-letter', 'POST /referrals/:id/reoffending-checks',
      'GET /referrals/:id/reoffending-checks/:checkId/correct', 'POST /referrals/:id/reoffending-checks/:checkId/correct',
      'GET /referrals/:id/reoffending-checks/:checkId/void', 'POST /referrals/:id/reoffending-checks/:checkId/void',
    ],
  },
  {
    // A referral belongs to the force that makes it, so only police refer (provider staff work across forces).
    access: { staff: POLICE, for: 'referring someone: only police refer, as a referral belongs to their force' },
    routes: ['GET /referrals/new', 'POST /referrals'],
  },
  { access: { staff: CASE_ROLES, for: 'reports' }, routes: ['GET /reports', 'GET /reports/period', 'GET /reports/evaluation', 'GET /reports/period.csv', 'GET /reports/evaluation.csv', 'GET /reports/referrals.csv'] },
  {
    access: { staff: PROVIDER_CASEWORK, for: 'learners’ records and casework' },
    routes: ['GET /referrals/:id/record', 'POST /referrals/:id/reset-access', 'POST /referrals/:id/notes', 'GET /casework/contact-requests', 'POST /casework/contact-requests/:requestId/pick-up', 'POST /casework/contact-requests/:requestId/handled'],
  },
  { access: { staff: PROVIDER_CASEWORK, for: 'the delivery log' }, routes: ['GET /admin/deliveries'] },
  { access: { staff: ADMINS, for: 'redelivery' }, routes: ['POST /admin/deliveries/:id/redeliver'] },
  {
    access: { staff: AUTHORS, for: 'course authoring' },
    routes: [
      'GET /authoring', 'POST /authoring/import', 'GET /authoring/new', 'POST /authoring/courses', 'GET /authoring/courses/:courseId',
      'POST /authoring/courses/:courseId/draft', 'GET /authoring/courses/:courseId/diff', 'GET /authoring/courses/:courseId/versions/:version/export',
      'GET /authoring/courses/:courseId/draft', 'POST /authoring/courses/:courseId/draft/details', 'POST /authoring/courses/:courseId/draft/modules',
      'POST /authoring/courses/:courseId/draft/modules/:file/move', 'GET /authoring/courses/:courseId/draft/modules/:file/remove',
      'POST /authoring/courses/:courseId/draft/modules/:file/remove', 'GET /authoring/courses/:courseId/draft/validate',
      'GET /authoring/courses/:courseId/draft/publish', 'POST /authoring/courses/:courseId/draft/publish', 'GET /authoring/courses/:courseId/draft/discard',
      'POST /authoring/courses/:courseId/draft/discard', 'GET /authoring/courses/:courseId/draft/modules/:file', 'POST /authoring/courses/:courseId/draft/modules/:file',
      'GET /authoring/courses/:courseId/draft/media', 'POST /authoring/courses/:courseId/draft/media', 'GET /authoring/courses/:courseId/draft/media/remove',
      'POST /authoring/courses/:courseId/draft/media/remove',
    ],
  },
  {
    access: { staff: ADMINS, for: 'force settings' },
    routes: ['GET /admin/forces', 'GET /admin/forces/new', 'POST /admin/forces', 'GET /admin/forces/:id', 'POST /admin/forces/:id', 'POST /admin/forces/:id/api-keys', 'POST /admin/forces/:id/api-keys/:keyId/revoke'],
  },
  {
    access: { staff: ADMINS, for: 'user accounts' },
    routes: [
      'GET /admin/users', 'GET /admin/users/new', 'POST /admin/users', 'GET /admin/users/:id', 'POST /admin/users/:id/disable',
      'POST /admin/users/:id/enable', 'POST /admin/users/:id/password-link', 'POST /admin/users/:id/reset-two-factor',
    ],
  },
  { access: { staff: ADMINS, for: 'the audit trail' }, routes: ['GET /admin/audit'] },
];

export const ROUTES: DeclaredRoute[] = GROUPS.flatMap(({ access, routes }) =>
  routes.map((route) => {
    const [method, path] = route.split(' ') as [DeclaredRoute['method'], string];
    const secretParams = [...path.matchAll(/:(\w+)/g)].map(([, name]) => name!).filter((name) => SECRET_PARAMS.includes(name));
    return { method, path, access, secretParams };
  }),
);

export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
