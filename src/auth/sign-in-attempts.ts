import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../time/clock';
import type { Database } from '../db/database';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
/** A run of wrong tries older than this is forgotten (the daily sweep removes it). */
const FORGET_AFTER_HOURS = 24;

/** What the counter says about one try, before it is checked. */
export type TryVerdict =
  /** Locked: the try must not be checked at all. */
  | { go: false }
  /** Check it; if it is wrong and `last` is true, this try locked the key. */
  | { go: true; last: boolean };

/**
 * Wrong sign-in tries counted per key: a keyed hash of what was typed (a staff email, a learner's
 * access code), whether or not an account has it, so known and unknown get the same answers.
 *
 * A try is counted before it is checked, in one statement, so no number of parallel tries gets more
 * than MAX_FAILED_SIGN_INS of them checked. The try that makes the count MAX_FAILED_SIGN_INS sets a
 * lock of LOCK_MINUTES; tries while locked are refused without being checked and do not move the lock;
 * the first try after a lock ends starts the count again. A right answer clears the key.
 */
export function signInAttempts(db: Database, clock: Clock, secret: string) {
  const keyed = (kind: string, typed: string) => `${kind}:${createHmac('sha256', secret).update(`sign-in:${kind}:${typed}`).digest('base64url')}`;

  return {
    /** The key of a staff email: lower case, no spaces at the ends (the address in any case counts as one). */
    staffKey: (email: string) => keyed('staff', email.trim().toLowerCase()),
    /** The key of an access code as typed, once normalised (see auth/access-code). */
    learnerKey: (normalisedCode: string) => keyed('learner', normalisedCode),

    /** Counts this try, and says whether it may be checked. */
    async begin(key: string): Promise<TryVerdict> {
      const now = clock.now();
      const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
      const { rows } = await db.raw<{ rows: { failures: number }[] }>(
        `insert into sign_in_attempts as a (key, failures, locked_until, last_try_at) values (:key, 1, null, :now)
         on conflict (key) do update set
           failures = case when a.locked_until <= :now then 1 else a.failures + 1 end,
           locked_until = case
             when a.locked_until <= :now then null
             when a.locked_until is null and a.failures + 1 = :max then :lockUntil
             else a.locked_until end,
           last_try_at = :now
         returning failures`,
        { key, now, max: MAX_FAILED_SIGN_INS, lockUntil },
      );
      const failures = Number(rows[0]?.failures);
      if (failures > MAX_FAILED_SIGN_INS) return { go: false };
      return { go: true, last: failures === MAX_FAILED_SIGN_INS };
    },

    /** A right answer, or a new password from a link or an admin: the count starts again. */
    async clear(key: string, trx: Knex | Knex.Transaction = db): Promise<void> {
      await trx('sign_in_attempts').where({ key }).del();
    },

    /**
     * A right answer that does not finish signing in (a right password before the two-factor code):
     * this try is taken back, so it neither counts nor clears the wrong tries before it.
     */
    async takeBack(key: string): Promise<void> {
      await db('sign_in_attempts')
        .where({ key })
        .where('failures', '<=', MAX_FAILED_SIGN_INS)
        .update({
          failures: db.raw('failures - 1'),
          locked_until: db.raw('case when failures = ? then null else locked_until end', [MAX_FAILED_SIGN_INS]),
        });
    },

    /** Runs of wrong tries nobody has added to for a day, and locks that have ended. */
    async forgetOld(): Promise<number> {
      const before = new Date(clock.now().getTime() - FORGET_AFTER_HOURS * 3_600_000);
      return db('sign_in_attempts')
        .where('last_try_at', '<', before)
        .where((query) => void query.whereNull('locked_until').orWhere('locked_until', '<', clock.now()))
        .del();
    },
  };
}

export type SignInAttempts = ReturnType<typeof signInAttempts>;
