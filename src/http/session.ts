import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Config } from '../config';
import type { Database } from '../db/database';

export const SESSION_COOKIE = 'pathways.sid';
const IDLE_MINUTES = 60;

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

export function sessionMiddleware(db: Database, config: Config): RequestHandler {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: knexPool(db) as never,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: config.env === 'test' ? false : 15 * 60,
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
