import path from 'node:path';
import type { Express } from 'express';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import { ZONE } from '../../src/time/london';
import { createLogger } from '../../src/logger';
import { DEFAULT_DEADLINE_DAYS, type NewReferral } from '../../src/referrals/model';
import { type ServiceOptions, type Services, services as buildServices } from '../../src/services';
import { createTestDatabase } from './database';
import { learnerSession } from './sessions';

export const COURSES_DIR = path.join(__dirname, '..', '..', 'courses');

export interface TestContext {
  app: Express;
  db: Database;
  services: Services;
  close(): Promise<void>;
}

/** The real app on a database of its own, with the course library imported; silent unless given a logger. */
export async function createTestContext(environment: Record<string, string> = {}, options: ServiceOptions = {}, logger: Logger = createLogger('silent')): Promise<TestContext> {
  const { db, drop } = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', COURSES_DIR, LOG_LEVEL: 'silent', ...environment });
  const services = buildServices(db, config, logger, options);
  await services.courses.importLibrary(COURSES_DIR);
  await services.jobs.start();
  return {
    app: createApp(services),
    db,
    services,
    async close() {
      await services.jobs.stop();
      await drop();
    },
  };
}

let referenceCounter = 0;

export interface TestReferral {
  accessCode: string;
  dateOfBirth: string;
  learnerId: number;
  referralId: number;
  reference: string;
}

/**
 * A referral as the police make it, through the referrals service the form and the API use: the
 * person, the code on their letter, the courses, the deadline, and the `referred` event on its
 * timeline. Made for the Test Constabulary (created on first use) by a test officer.
 */
export async function createReferral(
  context: TestContext,
  options: { courses?: string[]; deadlineInDays?: number; dateOfBirth?: string; name?: string } = {},
): Promise<TestReferral> {
  const { db, services } = context;
  const dateOfBirth = options.dateOfBirth ?? '1990-05-17';
  referenceCounter += 1;
  const reference = `TEST/${process.pid}/${referenceCounter}`;
  const force = await db('forces').where({ code: 'TEST' }).first('id');
  const forceId = force ? (force.id as number) : await services.forces.create({ name: 'Test Constabulary', code: 'TEST', deadlineDays: DEFAULT_DEADLINE_DAYS, notificationEmail: null, webhookUrl: null });
  const [firstName, ...rest] = (options.name ?? 'Sam Taylor').split(' ');
  const input: NewReferral = {
    reference,
    disposalType: 'community-resolution',
    courses: options.courses ?? ['alcohol-awareness'],
    firstName: firstName!,
    lastName: rest.join(' '),
    dateOfBirth,
    email: null,
    phone: null,
    preferredLanguage: null,
    supportNeeds: null,
    deadline: DateTime.now().setZone(ZONE).plus({ days: options.deadlineInDays ?? 21 }).toISODate(),
    officerName: 'PC Test Officer',
    officerEmail: null,
    notes: null,
  };
  const { referral, accessCode } = await services.referrals.create(forceId, input, { label: 'PC Test Officer (Test Constabulary)' });
  return { accessCode: accessCode!, dateOfBirth, learnerId: referral.learnerId, referralId: referral.id, reference };
}

export function csrfToken(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('No CSRF token in page');
  return token;
}

/** GETs a page and posts its form back with the page's CSRF token. */
export async function submitForm(agent: request.Agent, pagePath: string, form: Record<string, string | string[]>, postPath = pagePath) {
  const page = await agent.get(pagePath);
  return agent.post(postPath).type('form').send({ _csrf: csrfToken(page.text), ...form });
}

/** Starts a course as the learner does: its page, then the Start button (a form with the page's token). */
export async function startCourse(agent: request.Agent, courseId: string) {
  return submitForm(agent, `/learn/courses/${courseId}/start`, {});
}

/**
 * A learner signed in, having chosen this password: through a session written for the test (see
 * ./sessions) unless `forms` asks for the real pages (as signInFirstTime), as tests about signing in do.
 */
export async function signedInLearner(context: TestContext, referral: TestReferral, password = 'correct horse battery', options: { forms?: boolean } = {}): Promise<request.Agent> {
  if (options.forms) return signInFirstTime(context.app, referral, password);
  return learnerSession(context, referral.learnerId, password);
}

/** Signs in for the first time through the pages (code + date of birth) and chooses a password. */
export async function signInFirstTime(app: Express, referral: TestReferral, password = 'correct horse battery'): Promise<request.Agent> {
  const agent = request.agent(app);
  const [year, month, day] = referral.dateOfBirth.split('-') as [string, string, string];
  const signedIn = await submitForm(agent, '/learn/first-sign-in', { accessCode: referral.accessCode, day, month, year });
  if (signedIn.headers.location !== '/learn/create-password') throw new Error(`First sign-in failed: ${signedIn.status}`);
  const created = await submitForm(agent, '/learn/create-password', { password, confirmPassword: password });
  if (created.headers.location !== '/learn') throw new Error(`Creating a password failed: ${created.status}`);
  return agent;
}
