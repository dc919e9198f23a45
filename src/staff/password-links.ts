import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import { endingEverySession } from '../auth/sessions';
import type { SignInAttempts } from '../auth/sign-in-attempts';
import type { Database } from '../db/database';
import type { Outbox } from '../notifications/deliveries';
import { staffMail } from './staff-mail';

export type LinkPurpose = 'new-account' | 'reset';

/** A new account's link lasts a week (the person may be on leave); a reset link an hour. */
const LIFETIME_HOURS: Record<LinkPurpose, number> = { 'new-account': 24 * 7, reset: 1 };

/** However many times someone asks, an account gets at most this many reset emails an hour. */
const RESETS_PER_HOUR = 3;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * One-time links to choose a password: for a new account, or after "forgotten password".
 * Only a hash of the token is kept; a new link replaces any earlier one still unused.
 */
export function passwordLinkService(db: Database, attempts: SignInAttempts, mail: { outbox: Outbox; publicUrl: string }) {
  async function create(trx: Knex | Knex.Transaction, userId: number, purpose: LinkPurpose): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await trx('password_links').where({ user_id: userId }).whereNull('used_at').update({ used_at: trx.fn.now() });
    await trx('password_links').insert({
      user_id: userId,
      token_hash: hashOf(token),
      purpose,
      expires_at: trx.raw('now() + make_interval(hours => ?)', [LIFETIME_HOURS[purpose]]),
    });
    return token;
  }

  return {
    create,

    /** "Forgotten password": a reset link by email, unless the account has had its few for this hour. */
    async emailReset(user: { id: number; email: string; name: string }): Promise<void> {
      await db.transaction(async (trx) => {
        const recent = await trx('password_links')
          .where({ user_id: user.id, purpose: 'reset' })
          .where('created_at', '>', trx.raw("now() - interval '1 hour'"))
          .count('* as n')
          .first();
        if (Number(recent?.n) >= RESETS_PER_HOUR) return;
        const token = await create(trx, user.id, 'reset');
        await mail.outbox.email(trx, { eventType: 'staff.password-reset' }, staffMail.passwordReset(user.email, user.name, `${mail.publicUrl}/password/${token}`));
      });
    },

    /** The live link for a token, with whose it is; undefined when unknown, used, expired or the account is disabled. */
    async find(token: string): Promise<{ id: number; userId: number; purpose: LinkPurpose; name: string; email: string } | undefined> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      return db('password_links')
        .join('users', 'users.id', 'password_links.user_id')
        .where({ token_hash: hashOf(token) })
        .whereNull('password_links.used_at')
        .whereNull('users.disabled_at')
        .where('password_links.expires_at', '>', db.fn.now())
        .first('password_links.id', 'user_id as userId', 'purpose', 'users.name', 'users.email');
    },

    /** Sets the password and spends the link; every other session of the account ends, and any lock on it. */
    async use(linkId: number, userId: number, password: string): Promise<boolean> {
      const passwordHash = await hashPassword(password);
      return db.transaction(async (trx) => {
        const spent = await trx('password_links').where({ id: linkId }).whereNull('used_at').update({ used_at: trx.fn.now() });
        if (spent === 0) return false;
        const [user] = await trx('users')
          .where({ id: userId })
          .update({ password_hash: passwordHash, ...endingEverySession(trx) })
          .returning('email');
        await attempts.clear(attempts.staffKey(user.email as string), trx);
        return true;
      });
    },
  };
}

export type PasswordLinkService = ReturnType<typeof passwordLinkService>;
