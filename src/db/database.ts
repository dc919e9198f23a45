import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import type { Logger } from 'pino';

export type Database = Knex;

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** Both engines answer alike: bigint and counts as numbers, dates as 'YYYY-MM-DD' strings. */
pg.types.setTypeParser(INT8, Number);
pg.types.setTypeParser(NUMERIC, Number);
pg.types.setTypeParser(DATE, (value: string) => value);
const pgliteParsers = {
  [INT8]: Number,
  [NUMERIC]: Number,
  [DATE]: (value: string) => value,
};

const migrationsDirectory = path.join(__dirname, '..', '..', 'migrations');
/** `.ts` when run from source (tests, `npm run dev`, `npm run migrate`), `.js` from the build. */
const migrationExtension = path.extname(__filename);

/**
 * The migrations folder, each migration named without its extension: knex's own source records
 * `x.ts` from source and `x.js` from the build, and then refuses a database the other one migrated
 * ("migration directory is corrupt").
 */
const migrationFiles: Knex.MigrationSource<string> = {
  async getMigrations() {
    const files = await fs.promises.readdir(migrationsDirectory);
    return files.filter((file) => file.endsWith(migrationExtension) && !file.endsWith('.d.ts')).sort();
  },
  getMigrationName: (file) => path.basename(file, migrationExtension),
  getMigration: (file) => import(path.join(migrationsDirectory, file)),
};

export const migrationConfig: Knex.MigratorConfig = { migrationSource: migrationFiles, tableName: 'knex_migrations' };

/** Databases migrated before names lost their extension: renamed once, before knex compares names. */
async function forgetMigrationExtensions(db: Database): Promise<void> {
  if (!(await db.schema.hasTable('knex_migrations'))) return;
  await db('knex_migrations').whereRaw("name ~ '\\.(ts|js)$'").update({ name: db.raw("regexp_replace(name, '\\.(ts|js)$', '')") });
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** Folder of the embedded database; ignored when databaseUrl is set. */
  dataDir?: string;
  /** An embedded database loaded from a dump (tests): in memory, never written to disk. */
  pgliteDump?: Blob;
  logger?: Logger;
}

export function createDatabase(options: DatabaseOptions): Database {
  if (options.databaseUrl) return createPostgres(options.databaseUrl, options.logger);
  return createEmbedded(options);
}

function createPostgres(connectionString: string, logger?: Logger): Database {
  return knex({
    client: 'pg',
    connection: { connectionString },
    pool: {
      min: 0,
      max: 10,
      // An idle client whose server went away emits 'error'; without a listener the process dies.
      afterCreate(connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) {
        connection.on('error', (error) => logger?.warn({ err: error }, 'database connection lost'));
        done(null, connection);
      },
    },
    acquireConnectionTimeout: 10_000,
  });
}

function createEmbedded(options: DatabaseOptions): Database {
  const pgliteOptions: PGliteOptions = { parsers: pgliteParsers };
  if (options.pgliteDump) pgliteOptions.loadDataDir = options.pgliteDump;
  else if (options.dataDir) pgliteOptions.dataDir = options.dataDir;
  const pglite = new PGlite(pgliteOptions);
  return knex({
    client: ClientPgLite,
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
    acquireConnectionTimeout: 60_000,
  });
}

export async function migrateToLatest(db: Database): Promise<string[]> {
  await forgetMigrationExtensions(db);
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}
