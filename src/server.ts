import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, configWarnings, loadConfig } from './config';
import { DataDirInUseError } from './db/lock';
import { createLogger } from './logger';
import { services } from './services';
import { BANK_HOLIDAYS_KNOWN_UNTIL, bankHolidaysRunOutWithin } from './time/working-days';
import { openDatabase, prepareDatabase } from './startup';

const DRAIN_SECONDS = 10;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  for (const warning of configWarnings(config)) logger.warn(warning);
  if (bankHolidaysRunOutWithin(180, new Date())) {
    logger.warn({ knownUntil: BANK_HOLIDAYS_KNOWN_UNTIL }, 'bank holidays run out soon: copy the next years from GOV.UK into reference/bank-holidays-england-and-wales.json');
  }
  const database = openDatabase(config, logger);
  await prepareDatabase(database.db, config, logger);

  const all = services(database.db, config, logger);
  await all.jobs.start();
  await all.startWorkers();
  const app = createApp(all);
  const server: Server = app.listen(config.port, (error?: Error) => {
    if (error) {
      // Express 5 hands a failed listen (the port already taken) to this callback. Without this the
      // process ran on, working jobs but answering no one, and logged that it was listening.
      logger.fatal({ err: error, port: config.port }, 'Pathways could not listen');
      void all.jobs.stop().finally(() => database.close()).finally(() => process.exit(1));
      return;
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ port, database: config.databaseUrl ? 'postgresql' : `embedded (${config.dataDir})` }, 'Pathways is listening');
  });

  // SIGTERM: stop taking new requests, let the ones in flight finish, then close the database.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_SECONDS * 1000).unref();
    server.close(async () => {
      clearTimeout(force);
      await all.jobs.stop();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    console.error(error.message);
  } else {
    console.error('Pathways could not start:', error);
  }
  process.exit(1);
});
