import type { Logger } from 'pino';
import type { Config } from './config';
import { courseService } from './courses/service';
import type { Database } from './db/database';
import { learnerAccountService } from './learning/account-service';
import { journeyService } from './learning/journey-service';

/** The composition root: every service, built once and passed to the app as one object. */
export function services(db: Database, config: Config, logger: Logger) {
  const courses = courseService(db, logger);
  return {
    config,
    db,
    logger,
    courses,
    learnerAccounts: learnerAccountService(db, config.accessCodeSecret),
    journey: journeyService(db, courses),
  };
}

export type Services = ReturnType<typeof services>;
