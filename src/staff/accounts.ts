import { hashPassword, verifyPassword } from '../auth/passwords';
import type { Database } from '../db/database';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
/** However busy, a staff session ends this long after signing in. */
export const SESSION_HOURS = 12;

export const STAFF_ROLES = ['admin', 'author', 'caseworker', 'police'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

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
  /** Sessions made before "sign out everywhere" or a password change carry an older number. */
  sessionVersion: number;
  signedInAt: number;
}

export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  force_id: number | null;
  password_hash: string | null;
  failed_sign_ins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  totp_secret_encrypted: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  session_version: number;
}

export type StaffSignIn = { ok: true; user: SignedInStaff } | { ok: false; reason: 'wrong' | 'locked' };

export const signedInStaffFrom = (user: UserRow): SignedInStaff => ({
  kind: 'staff',
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  forceId: user.force_id,
  twoFactor: Boolean(user.totp_enabled_at),
  sessionVersion: user.session_version,
  signedInAt: Date.now(),
});

/** Sign-in by email and password for staff and police, locked for a while after repeated failures. */
export function staffAccountService(db: Database) {
  let unknownUserHash: Promise<string> | undefined;

  /** A wrong password or a wrong code: five in a row lock the account for a while. */
  async function failed(user: UserRow): Promise<StaffSignIn> {
    await db('users')
      .where({ id: user.id })
      .update({
        failed_sign_ins: db.raw('failed_sign_ins + 1'),
        locked_until: db.raw('case when failed_sign_ins + 1 >= ? then now() + make_interval(mins => ?) else locked_until end', [
          MAX_FAILED_SIGN_INS,
          LOCK_MINUTES,
        ]),
      });
    return { ok: false, reason: user.failed_sign_ins + 1 >= MAX_FAILED_SIGN_INS ? 'locked' : 'wrong' };
  }

  const isLocked = (user: UserRow) => Boolean(user.locked_until && user.locked_until > new Date());
  const find = (id: number) => db<UserRow>('users').where({ id }).first();
  const findByEmail = (email: string) => db<UserRow>('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first();

  return {
    find,
    findByEmail,

    /** The password step. With two-factor on, the caller asks for the code before signing them in. */
    async signIn(email: string, password: string): Promise<StaffSignIn> {
      const user = await findByEmail(email);
      // The same work whether or not the address exists, so timing does not tell which.
      unknownUserHash ??= hashPassword('no such user');
      const matches = await verifyPassword(user?.password_hash ?? (await unknownUserHash), password);
      if (!user || user.disabled_at) return { ok: false, reason: 'wrong' };
      if (isLocked(user)) return { ok: false, reason: 'locked' };
      if (!matches) return failed(user);
      if (!user.totp_enabled_at) await db('users').where({ id: user.id }).update({ failed_sign_ins: 0, locked_until: null });
      return { ok: true, user: signedInStaffFrom(user) };
    },

    /** The code step: a code that checks out for a step later than the last one used. */
    async confirmCode(id: number, step: number | undefined): Promise<StaffSignIn> {
      const user = await find(id);
      if (!user || user.disabled_at) return { ok: false, reason: 'wrong' };
      if (isLocked(user)) return { ok: false, reason: 'locked' };
      if (step === undefined || (user.totp_last_step !== null && step <= Number(user.totp_last_step))) return failed(user);
      await db('users').where({ id }).update({ failed_sign_ins: 0, locked_until: null, totp_last_step: step });
      return { ok: true, user: signedInStaffFrom(user) };
    },

    /** Still allowed in? Disabled, signed out everywhere, or past the session's hours: no. */
    async stillActive(user: SignedInStaff): Promise<boolean> {
      if (Date.now() - user.signedInAt > SESSION_HOURS * 60 * 60 * 1000) return false;
      const row = await db('users').where({ id: user.id, session_version: user.sessionVersion }).whereNull('disabled_at').first('id');
      return Boolean(row);
    },

    async signOutEverywhere(id: number): Promise<void> {
      await db('users').where({ id }).update({ session_version: db.raw('session_version + 1') });
    },
  };
}

export type StaffAccountService = ReturnType<typeof staffAccountService>;
