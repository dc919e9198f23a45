import { londonDate } from '../../src/time/london';
/**
 * Every route the fuzz test sends bad input to: each form POST, each API route, the GET forms
 * (filters) and the pages that take an id in their address. Add a route here when you add one
 * to the app; the fuzz test fails while a POST or API route of the registry is missing. Every GET
 * route of the registry is fuzzed as well, by fuzz-pages.test.ts, with the good query given here.
 */

/** Who sends the requests: someone allowed to use the route. */
export type Actor = 'anonymous' | 'learner' | 'newLearner' | 'police' | 'caseworker' | 'admin' | 'author' | 'sessionEnder' | 'api';

/** How the route's own client sends input; the fuzz sends that, and every other kind too. */
export type Encoding = 'form' | 'multipart' | 'json' | 'query';

/** The records made for the fuzz whose ids fill a route's `:params` (see fuzz-fixtures.ts). */
export type FixtureName =
  | 'referral' | 'withdrawReferral' | 'otherForceReferral' | 'user' | 'force' | 'homeForce' | 'apiKey' | 'delivery' | 'contactRequest' | 'reoffendingCheck' | 'passwordToken'
  | 'stepCourse' | 'attitudeCourse' | 'step' | 'draftCourse' | 'discardCourse' | 'firstModule' | 'lastModule' | 'version' | 'mediaName';

/** Values only known once the fixtures exist: a step's answers, the attitude test, the draft's revision. */
export interface FixtureValues {
  stepForm: Record<string, string>;
  attitudeForm: Record<string, string>;
  revision: string;
  mediaFile: string;
}

export interface FuzzRoute {
  method: 'GET' | 'POST';
  /** The path exactly as the app declares it. */
  path: string;
  as: Actor;
  encoding: Encoding;
  /** Which fixture fills each `:param` when it is not being fuzzed. */
  params?: Record<string, FixtureName>;
  /** The fields the route reads, each with a good value: the fuzz breaks some or all of them. */
  fields?: Record<string, unknown> | ((values: FixtureValues) => Record<string, unknown>);
  /** Query fields of a POST (the route reads them from the address). */
  query?: (values: FixtureValues) => Record<string, string>;
  /** The multipart field that carries the file. */
  fileField?: string;
  /** It may end or replace the session it is sent on (a sign-in makes a new one): the next request gets a new one. */
  endsSession?: boolean;
  /** At most this many requests (each needs a new sign-in, which is rate limited). */
  limit?: number;
}

const person = { firstName: 'Sam', lastName: 'Lee', dateOfBirth: '1999-03-04', email: 'sam@example.test', phone: '07700 900982', preferredLanguage: 'English', supportNeeds: 'Dyslexia' };
const range = { from: '2026-01-01', to: '2026-12-31' };
/** A date as the staff pages send it, in GOV.UK Day, Month and Year boxes (src/forms/dates.ts readDateBoxes). */
const boxes = (name: string, day: string, month: string, year: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });
const boxedPerson = { ...Object.fromEntries(Object.entries(person).filter(([name]) => name !== 'dateOfBirth')), ...boxes('dateOfBirth', '4', '3', '1999') };
const boxedRange = { ...boxes('from', '1', '1', '2026'), ...boxes('to', '31', '12', '2026') };
const deadlineDays = { 'deadline-community-resolution': '28', 'deadline-conditional-caution': '112', 'deadline-diversionary-caution': '112', 'deadline-community-caution': '28' };
// A public address, so a good form is saved without asking DNS; the fuzz starts no workers, so nothing is sent to it.
const force = { name: 'Fuzz Police', code: 'FUZZ', notificationEmail: 'hub@fuzz.police.test', webhookUrl: 'https://8.8.8.8/fuzz-hook', webhookSecret: 's'.repeat(32), ...deadlineDays };
const referral = { id: 'referral' } as const;
const draft = { courseId: 'draftCourse' } as const;

export const FUZZ_ROUTES: FuzzRoute[] = [
  // Anyone: the sign-in forms, password links, text size.
  { method: 'POST', path: '/learn/sign-in', as: 'anonymous', encoding: 'form', fields: { accessCode: 'ABCD-2345', password: 'correct horse battery' } },
  { method: 'POST', path: '/learn/first-sign-in', as: 'anonymous', encoding: 'form', fields: { accessCode: 'ABCD-2345', day: '1', month: '1', year: '2000' } },
  { method: 'POST', path: '/learn/create-password', as: 'newLearner', encoding: 'form', endsSession: true, fields: { password: 'a long new password', confirmPassword: 'a long new password' } },
  { method: 'POST', path: '/sign-in', as: 'anonymous', encoding: 'form', fields: { email: 'nobody@staff.test', password: 'a long test password' } },
  { method: 'POST', path: '/sign-in/code', as: 'anonymous', encoding: 'form', fields: { code: '123456' } },
  { method: 'POST', path: '/sign-in/forgotten-password', as: 'anonymous', encoding: 'form', fields: { email: 'nobody@staff.test' } },
  { method: 'POST', path: '/password/:token', as: 'anonymous', encoding: 'form', params: { token: 'passwordToken' }, fields: { password: 'a brand new password', confirmPassword: 'a brand new password' } },
  { method: 'POST', path: '/text-size', as: 'anonymous', encoding: 'form', fields: { size: 'large', returnTo: '/learn' } },
  { method: 'POST', path: '/sign-out', as: 'anonymous', encoding: 'form', endsSession: true },

  // Learners.
  { method: 'POST', path: '/learn/courses/:courseId/start', as: 'learner', encoding: 'form', params: { courseId: 'stepCourse' } },
  { method: 'POST', path: '/learn/courses/:courseId/steps/:step', as: 'learner', encoding: 'form', params: { courseId: 'stepCourse', step: 'step' }, fields: (v) => v.stepForm },
  { method: 'POST', path: '/learn/courses/:courseId/attitude-test', as: 'learner', encoding: 'form', params: { courseId: 'attitudeCourse' }, fields: (v) => v.attitudeForm },
  { method: 'POST', path: '/learn/contact', as: 'learner', encoding: 'form', fields: { contactBy: 'phone', message: 'Please call me after 5' } },
  { method: 'GET', path: '/learn/courses/:courseId/steps/:step', as: 'learner', encoding: 'query', params: { courseId: 'stepCourse', step: 'step' }, fields: { answered: '1' } },

  // Police, caseworkers and admins: referrals.
  {
    method: 'POST', path: '/referrals', as: 'police', encoding: 'form',
    fields: { reference: 'FUZZ/0001', disposalType: 'community-resolution', courses: ['alcohol-awareness'], ...person, deadline: '', officerName: 'PC Fuzz', officerEmail: 'pc@fuzz.police.test', notes: 'Met at the station' },
  },
  { method: 'POST', path: '/referrals/:id/details', as: 'police', encoding: 'form', params: referral, fields: person },
  { method: 'POST', path: '/referrals/:id/extend', as: 'police', encoding: 'form', params: referral, fields: { deadline: '2099-01-01', reason: 'Was in hospital' } },
  { method: 'POST', path: '/referrals/:id/withdraw', as: 'caseworker', encoding: 'form', params: { id: 'withdrawReferral' }, fields: { withdrawReason: 'other', otherReason: 'Moved abroad' } },
  { method: 'POST', path: '/referrals/:id/courses', as: 'police', encoding: 'form', params: referral, fields: { course: 'thinking-skills' } },
  { method: 'POST', path: '/referrals/:id/resend-letter', as: 'police', encoding: 'form', params: referral },
  { method: 'POST', path: '/referrals/:id/reoffending-checks', as: 'police', encoding: 'form', params: referral, fields: { checkedOn: '2026-11-01', reoffended: 'no', offenceDate: '' } },
  { method: 'GET', path: '/referrals', as: 'caseworker', encoding: 'query', fields: { status: 'overdue', q: 'Sam', dueBefore: '2026-12-01', force: '1', due: '7', support: '1' } },
  // The same forms as the pages send their dates: in Day, Month and Year boxes.
  {
    method: 'POST', path: '/referrals', as: 'police', encoding: 'form',
    fields: { reference: 'FUZZ/0002', disposalType: 'community-resolution', courses: ['alcohol-awareness'], ...boxedPerson, ...boxes('deadline', '', '', ''), officerName: 'PC Fuzz', officerEmail: 'pc@fuzz.police.test', notes: '' },
  },
  { method: 'POST', path: '/referrals/:id/details', as: 'police', encoding: 'form', params: referral, fields: boxedPerson },
  { method: 'POST', path: '/referrals/:id/extend', as: 'police', encoding: 'form', params: referral, fields: { ...boxes('deadline', '1', '1', '2099'), reason: 'Was in hospital' } },
  { method: 'POST', path: '/referrals/:id/reoffending-checks', as: 'police', encoding: 'form', params: referral, fields: { ...boxes('checkedOn', '1', '11', '2026'), reoffended: 'no', ...boxes('offenceDate', '', '', '') } },
  { method: 'GET', path: '/referrals', as: 'caseworker', encoding: 'query', fields: { status: 'overdue', ...boxes('dueBefore', '1', '12', '2026') } },
  { method: 'GET', path: '/referrals/:id', as: 'police', encoding: 'query', params: referral, fields: { done: 'Saved' } },
  { method: 'GET', path: '/referrals/:id/letter', as: 'police', encoding: 'query', params: referral, fields: { new: '1', reset: 'print' } },
  { method: 'GET', path: '/referrals/:id/details', as: 'police', encoding: 'query', params: referral },

  // Casework.
  { method: 'POST', path: '/referrals/:id/reset-access', as: 'caseworker', encoding: 'form', params: referral },
  { method: 'POST', path: '/referrals/:id/notes', as: 'caseworker', encoding: 'form', params: referral, fields: { note: 'Called: will finish this week' } },
  { method: 'POST', path: '/referrals/:id/reoffending-checks/:checkId/correct', as: 'police', encoding: 'form', params: { ...referral, checkId: 'reoffendingCheck' }, fields: { checkedOn: londonDate(new Date()), reoffended: 'no', offenceDate: '', reason: 'Typed the wrong day' } },
  { method: 'POST', path: '/referrals/:id/reoffending-checks/:checkId/void', as: 'police', encoding: 'form', params: { ...referral, checkId: 'reoffendingCheck' }, fields: { reason: 'Recorded on the wrong person' } },
  { method: 'POST', path: '/casework/contact-requests/:requestId/pick-up', as: 'caseworker', encoding: 'form', params: { requestId: 'contactRequest' }, fields: {} },
  { method: 'POST', path: '/casework/contact-requests/:requestId/handled', as: 'caseworker', encoding: 'form', params: { requestId: 'contactRequest' }, fields: { outcome: 'Called back' } },
  { method: 'GET', path: '/referrals/:id/record', as: 'caseworker', encoding: 'query', params: referral },

  // Reports (GET forms).
  { method: 'GET', path: '/reports/period', as: 'caseworker', encoding: 'query', fields: { period: 'custom', month: '2026-03', quarter: '2026-Q1', ...range, force: 'all' } },
  { method: 'GET', path: '/reports/evaluation', as: 'police', encoding: 'query', fields: range },
  { method: 'GET', path: '/reports/period', as: 'caseworker', encoding: 'query', fields: { period: 'custom', ...boxedRange, force: 'all' } },
  { method: 'GET', path: '/reports/evaluation', as: 'police', encoding: 'query', fields: boxedRange },
  { method: 'GET', path: '/reports/period.csv', as: 'police', encoding: 'query', fields: { ...range, table: 'summary' } },
  { method: 'GET', path: '/reports/evaluation.csv', as: 'caseworker', encoding: 'query', fields: { ...range, table: 'compliance', force: 'all' } },
  { method: 'GET', path: '/reports/referrals.csv', as: 'police', encoding: 'query', fields: range },

  // Admins: users, forces, API keys, deliveries, the audit trail.
  { method: 'POST', path: '/admin/users', as: 'admin', encoding: 'form', fields: { name: 'New Person', email: 'new.person@staff.test', role: 'caseworker', forceId: '' } },
  ...(['disable', 'enable', 'password-link', 'reset-two-factor'] as const).map(
    (change): FuzzRoute => ({ method: 'POST', path: `/admin/users/:id/${change}`, as: 'admin', encoding: 'form', params: { id: 'user' } }),
  ),
  { method: 'GET', path: '/admin/users/:id', as: 'admin', encoding: 'query', params: { id: 'user' }, fields: { done: 'x' } },
  { method: 'POST', path: '/admin/forces', as: 'admin', encoding: 'form', fields: force },
  { method: 'POST', path: '/admin/forces/:id', as: 'admin', encoding: 'form', params: { id: 'force' }, fields: force },
  { method: 'POST', path: '/admin/forces/:id/api-keys', as: 'admin', encoding: 'form', params: { id: 'force' }, fields: { keyName: 'Case system' } },
  { method: 'POST', path: '/admin/forces/:id/api-keys/:keyId/revoke', as: 'admin', encoding: 'form', params: { id: 'force', keyId: 'apiKey' } },
  { method: 'GET', path: '/admin/forces/:id', as: 'admin', encoding: 'query', params: { id: 'force' } },
  { method: 'POST', path: '/admin/deliveries/:id/redeliver', as: 'admin', encoding: 'form', params: { id: 'delivery' } },
  { method: 'GET', path: '/admin/deliveries', as: 'caseworker', encoding: 'query', fields: { status: 'held' } },
  { method: 'GET', path: '/admin/audit', as: 'admin', encoding: 'query', fields: { action: 'sign-in', subject: 'x', ...range, before: '100' } },
  { method: 'GET', path: '/admin/audit', as: 'admin', encoding: 'query', fields: { action: 'sign-in', ...boxedRange } },

  // Everyone's own account.
  { method: 'POST', path: '/account/two-factor', as: 'police', encoding: 'form', fields: { code: '123456' } },
  { method: 'POST', path: '/account/sign-out-everywhere', as: 'sessionEnder', encoding: 'form', endsSession: true, limit: 20 },

  // Course authoring.
  { method: 'POST', path: '/authoring/import', as: 'author', encoding: 'multipart', fileField: 'archive' },
  { method: 'POST', path: '/authoring/courses', as: 'author', encoding: 'form', fields: { id: 'fuzz-course', title: 'Fuzz', summary: 'A course', minutes: '30' } },
  { method: 'POST', path: '/authoring/courses/:courseId/draft', as: 'author', encoding: 'form', params: draft },
  {
    method: 'POST', path: '/authoring/courses/:courseId/draft/details', as: 'author', encoding: 'form', params: draft,
    fields: { title: 'Anger', summary: 'About anger', minutes: '45', audience: 'Adults', quickExit: 'yes', statementId0: 'calm', statementText0: 'I can stay calm', helpName0: 'Samaritans', helpPhone0: '116 123', helpText0: 'Any time' },
  },
  { method: 'POST', path: '/authoring/courses/:courseId/draft/modules', as: 'author', encoding: 'form', params: draft, fields: { moduleTitle: 'A new module' } },
  { method: 'POST', path: '/authoring/courses/:courseId/draft/modules/:file/move', as: 'author', encoding: 'form', params: { ...draft, file: 'firstModule' }, fields: { direction: 'down' } },
  { method: 'POST', path: '/authoring/courses/:courseId/draft/modules/:file/remove', as: 'author', encoding: 'form', params: { ...draft, file: 'lastModule' } },
  { method: 'POST', path: '/authoring/courses/:courseId/draft/modules/:file', as: 'author', encoding: 'form', params: { ...draft, file: 'firstModule' }, fields: { markdown: '---\ntitle: X\n---\n## Step\nText', startedFrom: 'x', action: 'preview' } },
  { method: 'POST', path: '/authoring/courses/:courseId/draft/publish', as: 'author', encoding: 'form', params: draft, fields: (v) => ({ revision: v.revision }) },
  { method: 'POST', path: '/authoring/courses/:courseId/draft/discard', as: 'author', encoding: 'form', params: { courseId: 'discardCourse' } },
  { method: 'POST', path: '/authoring/courses/:courseId/draft/media', as: 'author', encoding: 'multipart', params: draft, fileField: 'file', fields: { alt: 'A calm lake', transcript: '', captionsFor: '' } },
  { method: 'POST', path: '/authoring/courses/:courseId/draft/media/remove', as: 'author', encoding: 'form', params: draft, query: (v) => ({ file: v.mediaFile }) },
  { method: 'GET', path: '/authoring/courses/:courseId/diff', as: 'author', encoding: 'query', params: draft, fields: { from: '1', to: 'draft' } },
  { method: 'GET', path: '/authoring/courses/:courseId/versions/:version/export', as: 'author', encoding: 'query', params: { ...draft, version: 'version' } },
  { method: 'GET', path: '/authoring/courses/:courseId/draft/media/remove', as: 'author', encoding: 'query', params: draft, fields: (v) => ({ file: v.mediaFile }) },
  { method: 'GET', path: '/media/:name', as: 'anonymous', encoding: 'query', params: { name: 'mediaName' } },

  // The API for force systems.
  {
    method: 'POST', path: '/api/v1/referrals', as: 'api', encoding: 'json',
    fields: { reference: 'FUZZ/API/1', disposal: 'community_resolution', courses: ['alcohol-awareness'], person, officer: { name: 'PC Fuzz', email: 'pc@fuzz.police.test' }, deadline: null, notes: null },
  },
  { method: 'GET', path: '/api/v1/referrals', as: 'api', encoding: 'query', fields: { status: 'completed', updatedSince: '2026-01-01T00:00:00Z', cursor: 'MQ' } },
  { method: 'GET', path: '/api/v1/referrals/:id', as: 'api', encoding: 'query', params: referral },
  { method: 'POST', path: '/api/v1/referrals/:id/withdraw', as: 'api', encoding: 'json', params: { id: 'withdrawReferral' }, fields: { reason: 'Moved away' } },
  { method: 'POST', path: '/api/v1/referrals/:id/reoffending-checks', as: 'api', encoding: 'json', params: referral, fields: { checkedOn: '2026-11-01', reoffended: true, offenceDate: '2026-10-01' } },
  { method: 'GET', path: '/api/v1/reports/period', as: 'api', encoding: 'query', fields: range },
  { method: 'GET', path: '/api/v1/reports/evaluation', as: 'api', encoding: 'query', fields: range },
  { method: 'GET', path: '/api/v1/openapi.json', as: 'api', encoding: 'query' },
];
