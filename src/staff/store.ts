import { endingEverySession } from '../auth/sessions';
import type { Database } from '../db/database';
import type { StaffRole } from '../http/roles';
import type { LinkPurpose, LivePasswordLink, StaffUser } from './model';

/** The only code that reads and writes `users` and `password_links`: rows in, camelCase domain objects out. */

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  force_id: number | null;
  password_hash: string | null;
  disabled_at: Date | null;
  totp_secret_encrypted: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  session_version: number;
}

const toStaffUser = (row: UserRow): StaffUser => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  forceId: row.force_id,
  disabledAt: row.disabled_at,
  twoFactorSince: row.totp_enabled_at,
  sessionVersion: row.session_version,
  passwordHash: row.password_hash,
  totpSecretSealed: row.totp_secret_encrypted,
});

// Users

export async function findUser(db: Database, id: number): Promise<StaffUser | undefined> {
  const row = await db<UserRow>('users').where({ id }).first();
  return row && toStaffUser(row);
}

/** Email addresses are matched without regard to case or the spaces around them. */
export async function findUserByEmail(db: Database, email: string): Promise<StaffUser | undefined> {
  const row = await db<UserRow>('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first();
  return row && toStaffUser(row);
}

/** Every account: the enabled first, then by name. */
export async function listUsers(db: Database): Promise<StaffUser[]> {
  const rows = await db<UserRow>('users').orderBy([{ column: 'disabled_at', order: 'desc', nulls: 'first' }, 'name']);
  return rows.map(toStaffUser);
}

export async function insertUser(db: Database, user: { name: string; email: string; role: StaffRole; forceId: number | null }): Promise<number> {
  const [row] = await db('users').insert({ name: user.name, email: user.email, role: user.role, force_id: user.forceId }).returning('id');
  return row.id as number;
}

/** Disabling ends every session of the account. The account's email, or undefined when there is no such account. */
export async function setDisabled(db: Database, id: number, disabled: boolean): Promise<string | undefined> {
  const [row] = await db('users')
    .where({ id })
    .update(disabled ? { disabled_at: db.fn.now(), ...endingEverySession(db) } : { disabled_at: null })
    .returning('email');
  return row?.email as string | undefined;
}

/** A new password ends every session of the account; returns the account's email. */
export async function setPassword(db: Database, id: number, passwordHash: string): Promise<string | undefined> {
  const [row] = await db('users')
    .where({ id })
    .update({ password_hash: passwordHash, ...endingEverySession(db) })
    .returning('email');
  return row?.email as string | undefined;
}

export async function endEverySession(db: Database, id: number): Promise<void> {
  await db('users').where({ id }).update(endingEverySession(db));
}

export async function enableTwoFactor(db: Database, id: number, secretSealed: string, step: number): Promise<void> {
  await db('users').where({ id }).update({ totp_secret_encrypted: secretSealed, totp_enabled_at: db.fn.now(), totp_last_step: step });
}

/** Two-factor off, and every session ended: they set it up again at their next sign-in. */
export async function resetTwoFactor(db: Database, id: number): Promise<void> {
  await db('users').where({ id }).update({ totp_secret_encrypted: null, totp_enabled_at: null, totp_last_step: null, ...endingEverySession(db) });
}

/** Claims a code's 30-second step, in one statement, only if it is later than the last step used: a code works once. */
export async function claimTotpStep(db: Database, id: number, step: number): Promise<boolean> {
  const claimed = await db('users')
    .where({ id })
    .where((query) => void query.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
    .update({ totp_last_step: step });
  return claimed > 0;
}

// Password links

/** Any earlier link of the account still unused stops working. */
export async function spendUnusedLinks(db: Database, userId: number): Promise<void> {
  await db('password_links').where({ user_id: userId }).whereNull('used_at').update({ used_at: db.fn.now() });
}

export async function insertPasswordLink(db: Database, link: { userId: number; tokenHash: string; purpose: LinkPurpose; lifetimeHours: number }): Promise<void> {
  await db('password_links').insert({
    user_id: link.userId,
    token_hash: link.tokenHash,
    purpose: link.purpose,
    expires_at: db.raw('now() + make_interval(hours => ?)', [link.lifetimeHours]),
  });
}

/** How many reset links the account has been sent in the last hour. */
export async function resetLinksInTheLastHour(db: Database, userId: number): Promise<number> {
  const recent = await db('password_links')
    .where({ user_id: userId, purpose: 'reset' })
    .where('created_at', '>', db.raw("now() - interval '1 hour'"))
    .count('* as n')
    .first();
  return Number(recent?.n);
}

/** The link with this token hash if it is unused, unexpired and its account enabled. */
export async function findLiveLink(db: Database, tokenHash: string): Promise<LivePasswordLink | undefined> {
  return db('password_links')
    .join('users', 'users.id', 'password_links.user_id')
    .where({ token_hash: tokenHash })
    .whereNull('password_links.used_at')
    .whereNull('users.disabled_at')
    .where('password_links.expires_at', '>', db.fn.now())
    .first('password_links.id', 'user_id as userId', 'purpose', 'users.name', 'users.email');
}

/** Spends a link; false when it was already spent (two tabs, one link). */
export async function spendLink(db: Database, linkId: number): Promise<boolean> {
  const spent = await db('password_links').where({ id: linkId }).whereNull('used_at').update({ used_at: db.fn.now() });
  return spent > 0;
}
