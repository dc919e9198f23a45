import { londonDate } from '../../src/time/london';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { blocksOf } from '../../src/courses/model';
import { DEFAULT_DEADLINE_DAYS } from '../../src/referrals/model';
import { answersFor } from '../support/answers';
import { staffSession } from '../support/sessions';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, csrfToken, signedInLearner, startCourse, submitForm, type TestContext, type TestReferral } from '../support/test-app';
import type { Actor, FixtureName, FixtureValues } from './fuzz-routes';

export interface Session {
  agent: request.Agent;
  csrfToken: string;
}

const DRAFT_COURSE = 'anger-management';
const DISCARD_COURSE = 'hate-crime';
const STEP_COURSE = 'thinking-skills';
const ATTITUDE_COURSE = 'alcohol-awareness';

/** A session's form token, read from a page that has a form (every page has the text-size form). */
async function withToken(agent: request.Agent, page: string): Promise<Session> {
  const response = await agent.get(page);
  return { agent, csrfToken: csrfToken(response.text) };
}

const publicIdOf = async (context: TestContext, referral: TestReferral) =>
  (await context.db('referrals').where({ id: referral.referralId }).first('public_id')).public_id as string;

/** The app and its fixtures for a fuzz file. FUZZ_DEBUG=1 prints the server's own log of each 5xx (stack and SQL): the app logs nothing in tests. */
export async function fuzzApp(): Promise<{ context: TestContext; fixtures: FuzzFixtures }> {
  const context = await createTestContext();
  const fixtures = await fuzzFixtures(context);
  if (process.env.FUZZ_DEBUG) (context.services.logger as unknown as { error: (...args: unknown[]) => void }).error = (...args) => console.error(...args);
  return { context, fixtures };
}

/**
 * The people and records the fuzz works on. Requests that may end a session, or damage the
 * record they act on (withdraw, discard, disable), are pointed at records of their own, so
 * the rest of the run still reaches its routes.
 */
export async function fuzzFixtures(context: TestContext) {
  const { db, services, app } = context;
  const learnerReferral = await createReferral(context, { courses: [ATTITUDE_COURSE, STEP_COURSE] });
  const referral = await createReferral(context);
  const withdrawReferral = await createReferral(context);
  const forceId = (await db('referrals').where({ id: referral.referralId }).first('force_id')).force_id as number;

  const staff = {
    police: await signedInStaff(context, 'police', { forceId }),
    caseworker: await signedInStaff(context, 'caseworker'),
    admin: await signedInStaff(context, 'admin'),
    author: await signedInStaff(context, 'author'),
    sessionEnder: await signedInStaff(context, 'caseworker'),
  };
  const actor = { userId: staff.author.userId, name: 'Fuzz author (author)', ip: null };
  await services.authoring.openDraft(DRAFT_COURSE, actor);
  await services.authoring.openDraft(DISCARD_COURSE, actor);
  const draft = (await services.authoring.draft(DRAFT_COURSE))!;
  const modules = Object.keys(draft.files.text).filter((file) => file.endsWith('.md')).sort();
  const [mediaFile, mediaHash] = Object.entries(draft.files.media)[0]!;

  const user = await services.users.create({ email: 'victim@staff.test', name: 'Victim User', role: 'caseworker', forceId: null }, 'Fuzz Admin');
  const victimForce = {
    id: await services.forces.create({ name: 'Victim Police', code: 'VICTIM', deadlineDays: DEFAULT_DEADLINE_DAYS, notificationEmail: null, webhookUrl: null }),
  };
  await services.forces.createApiKey(victimForce.id, 'Victim key', null);
  const victimKey = await db('api_keys').where({ force_id: victimForce.id }).first('id');
  // Several keys for the force: the API allows each key 600 requests a minute.
  const apiKeys = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => services.forces.createApiKey(forceId, `Fuzz key ${n}`, null)));
  // A referral of another force: police and API keys of the fuzz's force must not find it.
  const otherForceReferral = await createReferral(context);
  await db('referrals').where({ id: otherForceReferral.referralId }).update({ force_id: victimForce.id });
  await services.casework.requestContact(referral.referralId, 'phone', 'Call me');
  const today = londonDate(context.services.clock.now());
  await services.referrals.recordReoffendingCheck({ id: referral.referralId }, { checkedOn: today, reoffended: false, offenceDate: null }, { label: 'Fuzz officer' });
  const [reoffendingCheck] = await services.referrals.reoffendingChecks({ id: referral.referralId });
  const contactRequest = await db('contact_requests').where({ referral_id: referral.referralId }).whereNull('handled_at').first('id');
  // Written directly: a delivery held back (status 'held') is a state no service makes on demand.
  const [delivery] = await db('deliveries')
    .insert({ event_id: randomUUID(), event_type: 'letter', force_id: forceId, referral_id: referral.referralId, channel: 'email', recipient: 'sam@example.test', content: JSON.stringify({ to: 'sam@example.test', subject: 'Your letter', text: 'Hello' }), status: 'held' })
    .returning('id');
  const passwordToken = await services.passwordLinks.create(db, user.id, 'new-account');

  // The learner has finished every step of one course (so its attitude test opens) and started another.
  const learner = await signedInLearner(context, learnerReferral);
  const courseOf = async (id: string) => (await services.courses.renderedVersion((await services.courses.newestVersion(id))!.id))!;
  const attitudeCourse = await courseOf(ATTITUDE_COURSE);
  await startCourse(learner, ATTITUDE_COURSE);
  for (const step of attitudeCourse.steps) await submitForm(learner, `/learn/courses/${ATTITUDE_COURSE}/steps/${step.number}`, answersFor(step));
  await startCourse(learner, STEP_COURSE);
  const stepCourse = await courseOf(STEP_COURSE);
  const firstStep = stepCourse.steps.find((step) => blocksOf(step).length > 0) ?? stepCourse.steps[0]!;

  const params: Record<FixtureName, string> = {
    referral: await publicIdOf(context, referral),
    withdrawReferral: await publicIdOf(context, withdrawReferral),
    otherForceReferral: await publicIdOf(context, otherForceReferral),
    user: String(user.id),
    force: String(victimForce.id),
    homeForce: String(forceId),
    apiKey: String(victimKey.id),
    delivery: String(delivery.id),
    contactRequest: String(contactRequest.id),
    reoffendingCheck: String(reoffendingCheck!.id),
    passwordToken,
    stepCourse: STEP_COURSE,
    attitudeCourse: ATTITUDE_COURSE,
    step: String(firstStep.number),
    draftCourse: DRAFT_COURSE,
    discardCourse: DISCARD_COURSE,
    firstModule: modules[0]!,
    lastModule: modules.at(-1)!,
    version: '1',
    mediaName: `${mediaHash}${path.extname(mediaFile)}`,
  };
  const values: FixtureValues = {
    stepForm: answersFor(firstStep),
    attitudeForm: {
      overall: 'positive',
      comment: 'It helped',
      ...Object.fromEntries(attitudeCourse.attitudeStatements.map((statement) => [`statement-${statement.id}`, 'agree'])),
    },
    revision: String(draft.revision),
    mediaFile,
  };

  async function newSession(as: Exclude<Actor, 'api'>): Promise<Session> {
    switch (as) {
      case 'anonymous':
        return withToken(request.agent(app), '/learn/sign-in');
      case 'learner':
        return withToken(learner, '/learn');
      case 'newLearner': {
        // A new person each time: the last one may have chosen their password.
        const fresh = await createReferral(context);
        const agent = request.agent(app);
        const [year, month, day] = fresh.dateOfBirth.split('-') as [string, string, string];
        await submitForm(agent, '/learn/first-sign-in', { accessCode: fresh.accessCode, day, month, year });
        return withToken(agent, '/learn/create-password');
      }
      case 'sessionEnder': {
        // Signed out everywhere by the last request: a new session, of the account as it is now.
        return withToken(await staffSession(context, staff.sessionEnder.userId), '/account');
      }
      case 'police':
        // Police have no two-factor yet: opening its page starts a set-up the form can then be fuzzed against.
        return withToken(staff.police.agent, '/account/two-factor');
      default:
        return withToken(staff[as].agent, '/account');
    }
  }

  const sessions = new Map<Actor, Session>();
  let keyTurn = 0;
  return {
    params,
    values,
    /** The actor's session, and whether it was just made (signing in writes rows of its own). */
    async session(as: Exclude<Actor, 'api'>): Promise<{ session: Session; made: boolean }> {
      const existing = sessions.get(as);
      if (existing) return { session: existing, made: false };
      const made = await newSession(as);
      sessions.set(as, made);
      return { session: made, made: true };
    },
    /** After a request that ends its session: the next one signs in afresh. */
    forget(as: Actor) {
      sessions.delete(as);
    },
    nextApiKey: () => apiKeys[keyTurn++ % apiKeys.length]!,
  };
}

export type FuzzFixtures = Awaited<ReturnType<typeof fuzzFixtures>>;
