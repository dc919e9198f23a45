import type { SessionData } from 'express-session';
import type { Knex } from 'knex';
import type { Database } from '../db/database';
import type { FoundSession } from '../http/session';

/**
 * How a session ends, for learners and staff alike: every account (a row of `learners` or `users`)
 * has a `session_version`, a session keeps the version its account had at sign-in, and a session whose
 * version is no longer the account's is over. Ending an account's sessions is raising the number, in the
 * same statement as whatever else changes on the account (a new access code, a new password, disabled,
 * personal data removed), so the account and its sessions can never disagree.
 *
 * The check costs no statement of its own: it is part of the one statement that reads the session on
 * every request (below). Nothing finds sessions by what is inside them, and a session written back by a
 * request that was already running when its account's sessions ended is still over.
 *
 * http/session stores the sessions (express-session's store, cookie and expiry); which of them still
 * sign someone in is decided here. The `session_version` columns of `learners` and `users` mean only
 * this: their owners raise them with `endingEverySession`, and nothing else reads them.
 */

/** However busy, a staff session ends this long after signing in. */
export const SESSION_HOURS = 12;

/**
 * Added to an update of the account's own row: every session the account has ends at its next request.
 * For example `trx('users').where({ id }).update({ disabled_at: trx.fn.now(), ...endingEverySession(trx) })`.
 */
export const endingEverySession = (knex: Knex) => ({ session_version: knex.raw('session_version + 1') });

/**
 * The session and, in the same statement, whether the account it signs in to still has the version the
 * session was made with (staff: and is not disabled, and signed in under SESSION_HOURS ago). A session
 * made before versions were kept has none, and counts as 0, the version every account starts at.
 * Anyone not signed in (no passport user) is current: there is nothing to end.
 */
const READ_SESSION = `
  select s.sess, case who.u->>'kind'
    when 'learner' then exists (
      select 1 from learners l
      where l.id = (who.u->>'id')::int and l.session_version = coalesce((who.u->>'sessionVersion')::int, 0))
    when 'staff' then (who.u->>'signedInAt')::bigint > ? and exists (
      select 1 from users u
      where u.id = (who.u->>'id')::int and u.session_version = coalesce((who.u->>'sessionVersion')::int, 0) and u.disabled_at is null)
    else true end as current
  from sessions s cross join lateral (select s.sess::jsonb #> '{passport,user}' as u) who
  where s.sid = ? and s.expire >= to_timestamp(?)`;

/**
 * Reads sessions for the session store (http/session). A session whose account's sessions have ended
 * comes back signed out, and `ended` tells the store to write it back so: the stored copy loses the
 * person's name, and the same check is not answered again on every request.
 */
export function sessionReader(db: Database) {
  return async (sid: string): Promise<FoundSession | undefined> => {
    // Wall-clock time on purpose: session lifetimes are not business dates (see the Clock's exceptions).
    const now = Date.now();
    const { rows } = await db.raw(READ_SESSION, [now - SESSION_HOURS * 60 * 60 * 1000, sid, Math.ceil(now / 1000)]);
    const row = rows[0] as { sess: SessionData | string; current: boolean } | undefined;
    if (!row) return undefined;
    const session = (typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess) as SessionData & { passport?: { user?: unknown } };
    if (row.current) return { session, ended: false };
    // What passport does when it cannot find the user: the session stays, signed out.
    delete session.passport?.user;
    return { session, ended: true };
  };
}

/**
 * Deletes the sessions whose expiry has passed: nobody can use them (the read above ignores them).
 * Run by the scheduled sweep (services.ts), in place of connect-pg-simple's own timer. Returns how many.
 */
export async function forgetExpiredSessions(db: Database): Promise<number> {
  return db('sessions').where('expire', '<', db.fn.now()).del();
}
