import type { Db as IDatabase } from 'pg-boss';
import type { Database } from '../db/database';

type Result = { rows: unknown[] };

interface QueryableConnection {
  /** pg answers several statements with one result each (an array); the embedded engine refuses them. */
  query(text: string, values?: unknown[]): Promise<Result | Result[]>;
  /** The embedded engine's way to run several statements at once. */
  exec?(text: string): Promise<Result[]>;
}

/**
 * pg-boss's statements through knex's own connections. On the embedded engine there is one
 * connection, so pg-boss must queue for it like everything else; given a transaction, its
 * statements run inside that transaction (so a job is written with the change that caused it).
 * Several statements in one call come back as one result each, as pg-boss expects.
 */
export function knexAdapter(db: Database): IDatabase {
  return {
    async executeSql(text, values) {
      const connection = (await db.client.acquireConnection()) as QueryableConnection;
      try {
        if ((values === undefined || values.length === 0) && connection.exec) {
          const results = await connection.exec(text);
          return (results.length === 1 ? results[0] : results) as { rows: never[] };
        }
        return (await connection.query(text, values)) as { rows: never[] };
      } finally {
        await db.client.releaseConnection(connection);
      }
    },
  };
}
