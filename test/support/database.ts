import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { createDatabase, type Database, migrateToLatest } from '../../src/db/database';

/**
 * The migrated embedded database every test file starts from (written once by global setup).
 * Named after the checkout, so two clones (a CI run beside a working copy) never share one.
 */
const checkout = createHash('sha256').update(path.resolve(__dirname, '../..')).digest('hex').slice(0, 12);
export const TEMPLATE_DUMP = path.join(os.tmpdir(), `pathways-test-template-${process.getuid?.() ?? 0}-${checkout}.tar.gz`);

export interface TestDatabase {
  db: Database;
  drop(): Promise<void>;
}

/**
 * A database of this test file's own: on PostgreSQL when TEST_DATABASE_URL is set (a new
 * database per file, dropped afterwards), otherwise an in-memory embedded one.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dump = fs.existsSync(TEMPLATE_DUMP) ? new Blob([fs.readFileSync(TEMPLATE_DUMP)]) : undefined;
    const db = createDatabase(dump ? { pgliteDump: dump } : {});
    await migrateToLatest(db);
    return { db, drop: () => db.destroy() };
  }
  const name = `pathways_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(db);
  return {
    db,
    async drop() {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}
