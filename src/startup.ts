import type { Logger } from 'pino';
import { isEmpty, seedDemo } from '../seeds/demo';
import type { Config } from './config';
import { courseService } from './courses/service';
import { createDatabase, type Database, migrateToLatest } from './db/database';
import { lockDataDir } from './db/lock';

export interface OpenDatabase {
  db: Database;
  close(): Promise<void>;
}

/** Opens the configured database; the embedded one is locked to this process first. */
export function openDatabase(config: Config, logger: Logger): OpenDatabase {
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  const db = createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  return {
    db,
    async close() {
      await db.destroy();
      release();
    },
  };
}

/** Demo data: in a new embedded database outside production, or wherever SEED_DEMO=true asks for it. */
function wantsDemoData(config: Config): boolean {
  return config.seedDemo ?? (!config.production && !config.databaseUrl);
}

/** Brings a database up to date: migrations, the course library, and demo data where wanted. */
export async function prepareDatabase(db: Database, config: Config, logger: Logger): Promise<void> {
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  await courseService(db, logger).importLibrary(config.coursesDir);
  if (wantsDemoData(config) && (await isEmpty(db))) {
    await seedDemo(db, config.accessCodeSecret);
    logger.info('demo data added (see README: Demo accounts)');
  }
}
