import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session, { type SessionData } from 'express-session';
import type { Config } from '../config';
import type { Database } from '../db/database';

export const SESSION_COOKIE = 'pathways.sid';
const IDLE_MINUTES = 60;
/**
 * Rolling sessions would write the session's expiry on every request (one UPDATE per page view,
 * the most common write in the app). Written at most once a minute per session instead, a session
 * ends after 59 to 60 minutes idle rather than exactly 60: the early side, never the late one.
 */
export const TOUCH_EVERY_MS = 60 * 1000;

/**
 * A stored session as read for a request. `ended`: the account's sessions were ended since it was
 * written (auth/sessions decides, in the statement that reads it), so it comes back signed out and is
 * written back that way.
 */
export interface FoundSession {
  session: SessionData;
  ended: boolean;
}
export type SessionReader = (sid: string) => Promise<FoundSession | undefined>;

/**
 * connect-pg-simple talks to a pg-style pool; this one borrows knex's connection, so sessions
 * work the same on PostgreSQL and on the embedded engine (whose one connection knex owns).
 */
function knexPool(db: Database) {
  return {
    async query(text: string, params: unknown[]) {
      const connection = await db.client.acquireConnection();
      try {
        return await connection.query(text, params);
      } finally {
        await db.client.releaseConnection(connection);
      }
    },
  };
}

/**
 * When this process last wrote each session's expiry. Two generations, swapped every interval,
 * keep it to the sessions seen in the last two minutes however long the process runs.
 */
function expiryWrites() {
  let current = new Map<string, number>();
  let previous = new Map<string, number>();
  let swappedAt = Date.now();
  return {
    recent(sid: string): boolean {
      const at = current.get(sid) ?? previous.get(sid);
      return at !== undefined && Date.now() - at < TOUCH_EVERY_MS;
    },
    written(sid: string): void {
      if (Date.now() - swappedAt > TOUCH_EVERY_MS) {
        previous = current;
        current = new Map();
        swappedAt = Date.now();
      }
      current.set(sid, Date.now());
    },
    forget(sid: string): void {
      current.delete(sid);
      previous.delete(sid);
    },
  };
}

/** `read`: the one statement a request spends on its session (auth/sessions), in place of connect-pg-simple's. */
export function sessionMiddleware(db: Database, config: Config, read: SessionReader): RequestHandler {
  const PgStore = connectPgSimple(session);
  const writes = expiryWrites();

  class SessionStore extends PgStore {
    override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
      read(sid).then(
        (found) => {
          if (!found?.ended) return callback(null, found?.session ?? null);
          this.set(sid, found.session, (error) => callback(error ?? null, error ? undefined : found.session));
        },
        (error: unknown) => callback(error),
      );
    }

    override set(sid: string, data: SessionData, callback?: (error?: unknown) => void): void {
      writes.written(sid);
      super.set(sid, data, callback);
    }

    override touch(sid: string, data: SessionData, callback?: () => void): void {
      if (writes.recent(sid)) return callback?.();
      writes.written(sid);
      super.touch(sid, data, callback);
    }

    override destroy(sid: string, callback?: (error?: unknown) => void): void {
      writes.forget(sid);
      super.destroy(sid, callback);
    }
  }

  const store = new SessionStore({
    pool: knexPool(db) as never,
    tableName: 'sessions',
    createTableIfMissing: false,
    // No timer of its own: in a test app built with the production config it fired after the test file
    // ended. Expired sessions are deleted by the scheduled sweep instead (auth/sessions forgetExpiredSessions).
    pruneSessionInterval: false,
  });
  return session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.trustProxy,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.production,
      maxAge: IDLE_MINUTES * 60 * 1000,
    },
  });
}
