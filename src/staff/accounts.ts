import { hashPassword, verifyPassword } from '../auth/passwords';
import type { Database } from '../db/database';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

export type StaffRole = 'admin' | 'author' | 'caseworker' | 'police';

/** A member of provider staff or a police user, as kept in the session. */
export interface SignedInStaff {
  kind: 'staff';
  id: number;
  name: string;
  email: string;
  role: StaffRole;
  /** Police belong to one force; provider staff to none (they work across forces). */
  forceId: number | null;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  force_id: number | null;
  password_hash: string | null;
  failed_sign_ins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
}

export type StaffSignIn = { ok: true; user: SignedInStaff } | { ok: false; reason: 'wrong' | 'locked' };

/** Sign-in by email and password for staff and police, locked for a while after repeated failures. */
export function staffAccountService(db: Database) {
  let unknownUserHash: Promise<string> | undefined;
  return {
    async signIn(email: string, password: string): Promise<StaffSignIn> {
      const user = await db<UserRow>('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first();
      // The same work whether or not the address exists, so timing does not tell which.
      unknownUserHash ??= hashPassword('no such user');
      const matches = await verifyPassword(user?.password_hash ?? (await unknownUserHash), password);
      if (!user || user.disabled_at) return { ok: false, reason: 'wrong' };
      if (user.locked_until && user.locked_until > new Date()) return { ok: false, reason: 'locked' };
      if (!matches) {
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
      await db('users').where({ id: user.id }).update({ failed_sign_ins: 0, locked_until: null });
      return { ok: true, user: { kind: 'staff', id: user.id, name: user.name, email: user.email, role: user.role, forceId: user.force_id } };
    },

    /** Still allowed in? A disabled account's sessions end on their next request. */
    async stillActive(id: number): Promise<boolean> {
      const user = await db('users').where({ id }).whereNull('disabled_at').first('id');
      return Boolean(user);
    },
  };
}

export type StaffAccountService = ReturnType<typeof staffAccountService>;
