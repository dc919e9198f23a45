import { hashPassword, verifyPassword } from '../auth/passwords';
import type { SignInAttempts } from '../auth/sign-in-attempts';
import type { Database } from '../db/database';
import type { StaffRole } from '../http/roles';
import type { StaffUser } from './model';
import * as store from './store';

/** A member of provider staff or a police user, as kept in the session. */
export interface SignedInStaff {
  kind: 'staff';
  id: number;
  name: string;
  email: string;
  role: StaffRole;
  /** Police belong to one force; provider staff to none (they work across forces). */
  forceId: number | null;
  /** Whether they sign in with a code from an authenticator app as well (admins must). */
  twoFactor: boolean;
  /** Sessions made before "sign out everywhere" or a password change carry an older number (see auth/sessions). */
  sessionVersion: number;
  /** Milliseconds since 1970: the session ends SESSION_HOURS after it (auth/sessions). */
  signedInAt: number;
}

/** A refusal names the account only when one has the email, for the audit trail: never the words typed. */
export type StaffSignIn = { ok: true; user: SignedInStaff } | { ok: false; reason: 'wrong' | 'locked'; account?: { id: number; name: string } };

export const signedInStaffFrom = (user: StaffUser): SignedInStaff => ({
  kind: 'staff',
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  forceId: user.forceId,
  twoFactor: Boolean(user.twoFactorSince),
  sessionVersion: user.sessionVersion,
  signedInAt: Date.now(),
});

/**
 * Sign-in by email and password for staff and police, then the two-factor code for those who have it.
 * Wrong tries are counted per email, whether or not an account has it (see auth/sign-in-attempts), so
 * an unknown email gets the same answers, the same work and the same lock as a known one.
 */
export function staffAccountService(db: Database, attempts: SignInAttempts) {
  let unknownUserHash: Promise<string> | undefined;

  const find = (id: number): Promise<StaffUser | undefined> => store.findUser(db, id);
  const findByEmail = (email: string): Promise<StaffUser | undefined> => store.findUserByEmail(db, email);
  const refused = (last: boolean, user?: StaffUser): StaffSignIn => ({
    ok: false,
    reason: last ? 'locked' : 'wrong',
    account: user && { id: user.id, name: `${user.name} (${user.role})` },
  });

  return {
    find,
    findByEmail,

    /** The password step. With two-factor on, the caller asks for the code before signing them in. */
    async signIn(email: string, password: string): Promise<StaffSignIn> {
      const key = attempts.staffKey(email);
      const verdict = await attempts.begin(key);
      if (!verdict.go) return { ok: false, reason: 'locked' };
      const user = await findByEmail(email);
      // The same work whether or not the address exists, so timing does not tell which.
      unknownUserHash ??= hashPassword('no such user');
      const matches = await verifyPassword(user?.passwordHash ?? (await unknownUserHash), password);
      if (!user || user.disabledAt || !user.passwordHash || !matches) return refused(verdict.last, user);
      // With two-factor on, the right password is not yet a sign-in: the code step counts on.
      if (user.twoFactorSince) await attempts.takeBack(key);
      else await attempts.clear(key);
      return { ok: true, user: signedInStaffFrom(user) };
    },

    /** The code step: a code that checks out for a step later than the last one used, claimed in one statement. */
    async confirmCode(id: number, step: number | undefined): Promise<StaffSignIn> {
      const user = await find(id);
      if (!user || user.disabledAt) return refused(false, user);
      const key = attempts.staffKey(user.email);
      const verdict = await attempts.begin(key);
      if (!verdict.go) return refused(true, user);
      const claimed = step !== undefined && (await store.claimTotpStep(db, id, step));
      if (!claimed) return refused(verdict.last, user);
      await attempts.clear(key);
      return { ok: true, user: signedInStaffFrom(user) };
    },

    async signOutEverywhere(id: number): Promise<void> {
      await store.endEverySession(db, id);
    },
  };
}

export type StaffAccountService = ReturnType<typeof staffAccountService>;
