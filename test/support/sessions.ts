import { createHmac, randomBytes } from 'node:crypto';
import request from 'supertest';
import { hashPassword } from '../../src/auth/passwords';
import { SESSION_COOKIE } from '../../src/http/session';
import { learnerAccountStore } from '../../src/learning/account-store';
import { referralEvents } from '../../src/referrals/events';
import { referralProgress } from '../../src/referrals/progress';
import { signedInStaffFrom } from '../../src/staff/accounts';
import type { TestContext } from './test-app';

/**
 * Signing in without the forms, for the many tests that are not about signing in: the session a
 * sign-in would leave is written straight into the session store, and the agent given its cookie.
 * It saves each test the argon2 work (a tenth of a second a hash on this machine) and, for admins,
 * the two-factor step. Tests about signing in (test/staff/sign-in*, test/security/sessions*,
 * sign-in-limits) use the real forms; ./fixtures.test.ts checks that a session
 * made here holds what the real sign-in puts there.
 */

const hashes = new Map<string, Promise<string>>();

/** One argon2 hash per password per test file, shared by every user given that password. */
export function passwordHashOf(password: string): Promise<string> {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

/** How express-session signs its cookie (the cookie-signature package): `s:` + id + `.` + HMAC-SHA256 in base64, unpadded. */
function signedSessionId(sid: string, secret: string): string {
  return `s:${sid}.${createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '')}`;
}

/** A session row as connect-pg-simple writes it after passport's login, and an agent that holds its cookie. */
export async function agentWithSession(context: TestContext, user: Express.User): Promise<request.Agent> {
  const sid = randomBytes(24).toString('base64url');
  const maxAge = 60 * 60 * 1000;
  const expires = new Date(Date.now() + maxAge);
  const sess = {
    cookie: { originalMaxAge: maxAge, expires: expires.toISOString(), secure: false, httpOnly: true, path: '/', sameSite: 'lax' },
    passport: { user },
  };
  await context.db('sessions').insert({ sid, sess: JSON.stringify(sess), expire: context.db.raw('to_timestamp(?)', [Math.ceil(expires.getTime() / 1000)]) });
  const agent = request.agent(context.app);
  const cookie = encodeURIComponent(signedSessionId(sid, context.services.config.sessionSecret));
  agent.jar.setCookie(`${SESSION_COOKIE}=${cookie}; Path=/; HttpOnly`, '127.0.0.1', '/');
  return agent;
}

/** What passport keeps for a member of staff: built by the same function the real sign-in uses. */
export async function staffSession(context: TestContext, userId: number): Promise<request.Agent> {
  const user = await context.services.staffAccounts.find(userId);
  if (!user) throw new Error(`No user ${userId}`);
  return agentWithSession(context, signedInStaffFrom(user));
}

/**
 * A learner who has signed in for the first time and chosen this password: the learners' own store
 * records it (the code's readable copy dropped, the first sign-in on the referral's timeline), with
 * a hash made once per file; then the session of a learner signed in with that password.
 */
export async function learnerSession(context: TestContext, learnerId: number, password: string): Promise<request.Agent> {
  const { db, services } = context;
  const progress = referralProgress(referralEvents(services.outbox, services.config.publicUrl, services.clock, { forces: services.forces, people: services.learnerPeople }));
  await learnerAccountStore(db, progress).setPassword(learnerId, await passwordHashOf(password));
  const learner = await db('learners').where({ id: learnerId }).first('id', 'name', 'session_version');
  return agentWithSession(context, { kind: 'learner', id: learner.id, name: learner.name, needsPassword: false, sessionVersion: learner.session_version });
}
