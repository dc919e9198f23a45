import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { openDatabase, prepareDatabase } from '../startup';
import { DataDirInUseError } from './lock';

/** npm run migrate: brings the configured database up to date, as the server does on start. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config, logger);
  try {
    await prepareDatabase(database.db, config, logger);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
});
