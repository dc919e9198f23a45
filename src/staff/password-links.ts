import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import type { SignInAttempts } from '../auth/sign-in-attempts';
import type { Database } from '../db/database';
import type { Outbox } from '../notifications/deliveries';
import type { LinkPurpose, LivePasswordLink } from './model';
import { staffMail } from './staff-mail';
import * as store from './store';

export type { LinkPurpose } from './model';

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
    await store.spendUnusedLinks(trx, userId);
    await store.insertPasswordLink(trx, { userId, tokenHash: hashOf(token), purpose, lifetimeHours: LIFETIME_HOURS[purpose] });
    return token;
  }

  return {
    create,

    /** "Forgotten password": a reset link by email, unless the account has had its few for this hour. */
    async emailReset(user: { id: number; email: string; name: string }): Promise<void> {
      await db.transaction(async (trx) => {
        if ((await store.resetLinksInTheLastHour(trx, user.id)) >= RESETS_PER_HOUR) return;
        const token = await create(trx, user.id, 'reset');
        await mail.outbox.email(trx, { eventType: 'staff.password-reset' }, staffMail.passwordReset(user.email, user.name, `${mail.publicUrl}/password/${token}`));
      });
    },

    /** The live link for a token, with whose it is; undefined when unknown, used, expired or the account is disabled. */
    async find(token: string): Promise<LivePasswordLink | undefined> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      return store.findLiveLink(db, hashOf(token));
    },

    /** Sets the password and spends the link; every other session of the account ends, and any lock on it. */
    async use(linkId: number, userId: number, password: string): Promise<boolean> {
      const passwordHash = await hashPassword(password);
      return db.transaction(async (trx) => {
        if (!(await store.spendLink(trx, linkId))) return false;
        const email = await store.setPassword(trx, userId, passwordHash);
        await attempts.clear(attempts.staffKey(email as string), trx);
        return true;
      });
    },
  };
}

export type PasswordLinkService = ReturnType<typeof passwordLinkService>;
