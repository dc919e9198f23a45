import path from 'node:path';
import { auditTrail } from '../audit/trail';
import { ConfigError, loadConfig } from '../config';
import { isCourseFolder } from '../courses/folder';
import { courseService } from '../courses/service';
import type { Database } from '../db/database';
import { DataDirInUseError } from '../db/lock';
import { createLogger } from '../logger';
import { openDatabase, prepareDatabase } from '../startup';
import { ArchiveProblem } from './archive';
import { COURSE_ID } from './forms';
import { AuthoringProblem } from './problem';
import { authoringService } from './service';

/** Where a command's words go: the console, or a test's list. */
export interface Printer {
  log(line: string): void;
  error(line: string): void;
}

/** The command line is named as such in the audit trail. */
const COMMAND_LINE = { userId: null, name: 'command line' };

const authoringOn = (db: Database) => authoringService(db, courseService(db, createLogger('silent')), auditTrail(db));

/** `npm run courses:export -- <course-id> <out-dir> [--version N]`: writes `<out-dir>/<course-id>/`. */
export async function exportCommand(args: string[], db: Database, print: Printer): Promise<number> {
  const versionAt = args.indexOf('--version');
  const versionText = versionAt === -1 ? undefined : args[versionAt + 1];
  const [courseId, outDir, ...extra] = args.filter((_, index) => versionAt === -1 || (index !== versionAt && index !== versionAt + 1));
  if (!courseId || !outDir || extra.length > 0 || (versionAt !== -1 && !/^[1-9]\d*$/.test(versionText ?? ''))) {
    print.error('Usage: npm run courses:export -- <course-id> <out-dir> [--version N]');
    return 2;
  }
  if (!COURSE_ID.test(courseId)) {
    print.error(`${courseId}: not a course id (lower-case words joined by hyphens)`);
    return 2;
  }
  const result = await authoringOn(db).exportFolder(courseId, versionText ? Number(versionText) : undefined, path.resolve(outDir), COMMAND_LINE);
  for (const name of result.removed) print.log(`removed ${path.join(result.folder, name)} (not in version ${result.version})`);
  print.log(`${courseId}: version ${result.version} written to ${result.folder}`);
  return 0;
}

/** `npm run courses:import -- <dir>`: a new version if the folder's content differs from the newest version. */
export async function importCommand(args: string[], db: Database, print: Printer): Promise<number> {
  const [folder, ...extra] = args;
  if (!folder || extra.length > 0) {
    print.error('Usage: npm run courses:import -- <course folder>');
    return 2;
  }
  if (!isCourseFolder(folder)) {
    print.error(`${folder}: not a course folder (a course folder holds a course.yaml)`);
    return 1;
  }
  const outcome = await authoringOn(db).importFolder(path.resolve(folder), COMMAND_LINE);
  if (outcome.outcome === 'invalid') {
    for (const problem of outcome.problems ?? []) print.error(`${path.join(folder, problem.file)}:${problem.line}: ${problem.message}`);
    print.error(`${outcome.courseId}: not imported, ${outcome.problems?.length ?? 0} problem(s) found`);
    return 1;
  }
  print.log(outcome.outcome === 'new-version' ? `${outcome.courseId}: imported as version ${outcome.version}` : `${outcome.courseId}: unchanged (same as version ${outcome.version}), no new version`);
  return 0;
}

/** Runs a command on the configured database (DATABASE_URL, or the embedded one), as `npm run migrate` does. */
export async function runOnConfiguredDatabase(command: typeof exportCommand, args: string[]): Promise<number> {
  try {
    const config = loadConfig();
    // Quiet unless asked: the command's own lines are what the author needs to see.
    const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
    const database = openDatabase(config, logger);
    try {
      // As the server and `npm run migrate` do: migrations, the course library, demo data where wanted.
      await prepareDatabase(database.db, config, logger);
      return await command(args, database.db, console);
    } finally {
      await database.close();
    }
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof AuthoringProblem || error instanceof ArchiveProblem;
    console.error(known ? (error as Error).message : error);
    return 1;
  }
}
