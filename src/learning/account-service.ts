import { accessCodeLookup, normaliseAccessCode } from '../auth/access-code';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords';
import type { Database } from '../db/database';
import type { ReferralProgress } from '../referrals/progress';
import { learnerAccountStore, type LearnerRow } from './account-store';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

export type SignInResult =
  | { ok: true; learner: { id: number; name: string; hasPassword: boolean } }
  | { ok: false; reason: 'wrong' | 'locked' | 'password-already-set' | 'no-password-yet' };

export function learnerAccountService(db: Database, accessCodeSecret: string, progress: ReferralProgress) {
  const store = learnerAccountStore(db, progress);

  async function findByCode(typedCode: string): Promise<LearnerRow | undefined> {
    const code = normaliseAccessCode(typedCode);
    return code ? store.byCodeLookup(accessCodeLookup(code, accessCodeSecret)) : undefined;
  }

  const isLocked = (learner: LearnerRow) => learner.locked_until !== null && learner.locked_until > new Date();

  async function check(learner: LearnerRow | undefined, matches: (l: LearnerRow) => Promise<boolean> | boolean): Promise<SignInResult> {
    if (!learner) return { ok: false, reason: 'wrong' };
    if (isLocked(learner)) return { ok: false, reason: 'locked' };
    if (!(await matches(learner))) {
      await store.recordFailure(learner.id, MAX_FAILED_SIGN_INS, LOCK_MINUTES);
      return { ok: false, reason: learner.failed_sign_ins + 1 >= MAX_FAILED_SIGN_INS ? 'locked' : 'wrong' };
    }
    await store.recordSuccess(learner.id);
    return { ok: true, learner: { id: learner.id, name: learner.name, hasPassword: learner.password_hash !== null } };
  }

  return {
    /** First sign-in: the code from the letter and the date of birth the police recorded. */
    async signInWithDateOfBirth(typedCode: string, dateOfBirth: string): Promise<SignInResult> {
      const learner = await findByCode(typedCode);
      const result = await check(learner, (l) => l.date_of_birth === dateOfBirth);
      if (result.ok && result.learner.hasPassword) return { ok: false, reason: 'password-already-set' };
      return result;
    },

    async signInWithPassword(typedCode: string, password: string): Promise<SignInResult> {
      const learner = await findByCode(typedCode);
      if (learner && learner.password_hash === null && !isLocked(learner)) return { ok: false, reason: 'no-password-yet' };
      return check(learner, (l) => verifyPassword(l.password_hash, password));
    },

    passwordProblem,

    async setPassword(learnerId: number, password: string): Promise<void> {
      await store.setPassword(learnerId, await hashPassword(password));
    },

    async learner(id: number) {
      const learner = await store.byId(id);
      return learner && { id: learner.id, name: learner.name, hasPassword: learner.password_hash !== null };
    },
  };
}

export type LearnerAccountService = ReturnType<typeof learnerAccountService>;
