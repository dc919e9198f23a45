import { DomainError } from '../errors/domain-error';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Clock } from '../time/clock';
import type { CourseService } from '../courses/service';
import type { Database } from '../db/database';
import type { LearnerPeopleService } from '../learning/account-service';
import type { EnrolmentService } from '../learning/enrolment-service';
import { londonDate, longDate, ZONE } from '../time/london';
import type { Outbox } from '../notifications/deliveries';
import { lockUnlessAnonymised, NEEDS_PERSONAL_DATA, type NeedsPersonalData } from './anonymised';
import type { ReferralEvents } from './events';
import type { ForcesForReferrals } from './forces';
import { letterEmail } from './letter';
import { type ActionRefusal, type Actor, type DeadlineDays, type NewReferral, type Referral, type ReferralAction, type ReoffendingCheck, type ReferralEvent, refusalOf, type Scope } from './model';
import { insertCorrection, insertReoffendingCheck, markVoided, reoffendingCheckOf, reoffendingChecksOf } from './store/checks';
import { eventsOf } from './store/events';
import { type ListFilters, listReferrals, type ReferralListLine, referralListLines } from './store/lists';
import { insertReferral, markWithdrawn, referralByPublicId, referralByReference, reopenCompleted, setDeadline, touchReferral } from './store/referrals';

/** Said here too for the reports, which ask the referrals service for a scope's referrals. */
export type { Scope };

/** A referral rule said no, about one field: 400 when the input is wrong, 409 when it clashes with what exists. */
export class ReferralProblem extends DomainError {
  declare readonly field: string;

  constructor(
    field: string,
    message: string,
    readonly kind: 'invalid' | 'conflict' = 'invalid',
  ) {
    super(kind === 'conflict' ? 'referral_conflict' : 'referral_invalid', message, kind === 'conflict' ? 409 : 400, { field });
  }
}

/**
 * The referral an action is asked for, as the caller read it: the action reads the rest again, locked,
 * in its transaction (see ./anonymised). The deadline and status are those the person asking saw.
 */
export type ReferralAsSeen = Pick<Referral, 'id' | 'deadline' | 'status'>;

/** What a re-offending check says, once read by `reoffendingCheckRules` (./input.ts). */
export type CheckAnswer = Pick<ReoffendingCheck, 'checkedOn' | 'reoffended' | 'offenceDate'>;

const checkWords = (check: CheckAnswer) => ({ checkedOn: check.checkedOn, reoffended: check.reoffended });

/**
 * The check to correct or void, locked in the transaction: it must be the referral's (404 at the route
 * before this) and still count: a check already voided or replaced is refused (409), so two people
 * correcting one check at once make one correction, not two.
 */
async function countingCheck(trx: Database, referral: Pick<Referral, 'id'>, checkId: number): Promise<ReoffendingCheck> {
  const check = await reoffendingCheckOf(trx, referral.id, checkId, true);
  if (!check) throw new ReferralProblem('check', 'There is no such re-offending check on this referral', 'conflict');
  if (check.voided) throw new ReferralProblem('check', 'This check was voided: it can no longer be corrected or voided', 'conflict');
  if (check.replacedById !== null) throw new ReferralProblem('check', 'This check was already corrected: correct or void the correction instead', 'conflict');
  return check;
}

type PersonDetails = Pick<NewReferral, 'firstName' | 'lastName' | 'dateOfBirth' | 'email' | 'phone' | 'preferredLanguage' | 'supportNeeds'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function fingerprint(input: NewReferral): string {
  return createHash('sha256').update(JSON.stringify({ ...input, courses: [...input.courses].sort() })).digest('hex');
}

const personOf = (input: PersonDetails): PersonDetails => ({
  firstName: input.firstName,
  lastName: input.lastName,
  dateOfBirth: input.dateOfBirth,
  email: input.email,
  phone: input.phone,
  preferredLanguage: input.preferredLanguage,
  supportNeeds: input.supportNeeds,
});

/**
 * Referrals: making them, following them and acting on them. The referral's own tables are its
 * store's (./store/); the person and their courses are learning's, asked of learning's services in
 * the same transaction; the force's settings are the forces service's.
 */
/** Each action's refusal starts as the referral page words it (the same words as when personal data is gone). */
const REFUSAL_WORDS: Record<Exclude<ActionRefusal, 'personal-data-removed'>, string> = {
  withdrawn: 'this referral was withdrawn',
  completed: 'the person has completed everything on this referral',
};

/**
 * First in an action's transaction: the referral locked as it now is, refused (409, beside its status)
 * when its personal data is gone or its state no longer allows the action (referrals/model.ts decides,
 * for the page and for here), so a stale page or a hand-made request cannot do what the page does not offer.
 */
async function lockForAction(trx: Database, referral: Pick<Referral, 'id'>, needs: NeedsPersonalData, action: ReferralAction): Promise<Referral> {
  const locked = await lockUnlessAnonymised(trx, referral, needs);
  const refusal = refusalOf(locked, action);
  if (refusal && refusal !== 'personal-data-removed') throw new ReferralProblem('status', `${NEEDS_PERSONAL_DATA[needs]}: ${REFUSAL_WORDS[refusal]}`, 'conflict');
  return locked;
}

export function referralService(deps: {
  db: Database;
  courses: CourseService;
  events: ReferralEvents;
  outbox: Outbox;
  clock: Clock;
  publicUrl: string;
  people: LearnerPeopleService;
  enrolments: EnrolmentService;
  forces: Pick<ForcesForReferrals, 'deadlineDays'>;
}) {
  const { db, courses, events, outbox, clock, people, enrolments, forces } = deps;

  async function find(scope: Scope, publicId: string): Promise<Referral | undefined> {
    if (!UUID.test(publicId)) return undefined;
    return referralByPublicId(db, scope, publicId);
  }

  async function checkCourses(ids: string[]): Promise<void> {
    const known = new Set((await courses.catalogue()).map((course) => course.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ReferralProblem('courses', `There is no course called ${unknown.join(', ')}`);
  }

  /** Titles are looked up before the transaction: the embedded engine has one connection, held by it. */
  async function sendLetter(trx: Database, referral: Referral, accessCode: string, titles: string[]) {
    const person = await people.person(referral.learnerId, trx);
    if (!person?.email) return false;
    const email = letterEmail({ name: person.name, accessCode, deadline: referral.deadline, courses: titles, publicUrl: deps.publicUrl });
    await outbox.email(trx, { eventType: 'letter', forceId: referral.forceId, referralId: referral.id }, { to: person.email, ...email });
    return true;
  }

  async function courseTitles(referralId: number): Promise<string[]> {
    const catalogue = new Map((await courses.catalogue()).map((course) => [course.id, course.title]));
    return (await enrolments.courseIdsOf(referralId)).map((id) => catalogue.get(id) ?? id);
  }

  async function defaultDeadline(forceId: number, disposalType: string): Promise<string> {
    const days = (await forces.deadlineDays(forceId))?.[disposalType as keyof DeadlineDays] ?? 28;
    return DateTime.fromJSDate(clock.now(), { zone: ZONE }).plus({ days }).toISODate() as string;
  }

  /** The same request again gets the same answer; a different one with the same reference is a conflict. */
  async function sameAgain(existing: Referral, print: string, reference: string) {
    if (existing.requestFingerprint !== print) throw new ReferralProblem('reference', `There is already a referral with the reference ${reference}`, 'conflict');
    return { referral: existing, accessCode: await people.accessCodeOf(existing.learnerId), created: false };
  }

  return {
    find,
    accessCodeOf: (referral: Pick<Referral, 'learnerId'>) => people.accessCodeOf(referral.learnerId),
    defaultDeadline,

    /**
     * Makes a referral, or (the same reference again) finds the one already made: the same request
     * gets the same answer, a different one with the same reference is a conflict.
     */
    async create(forceId: number, input: NewReferral, actor: Actor): Promise<{ referral: Referral; accessCode: string | null; created: boolean }> {
      await checkCourses(input.courses);
      const print = fingerprint(input);
      const existing = await referralByReference(db, forceId, input.reference);
      if (existing) return sameAgain(existing, print, input.reference);
      const deadline = input.deadline ?? (await defaultDeadline(forceId, input.disposalType));
      const catalogue = new Map((await courses.catalogue()).map((course) => [course.id, course.title]));
      const titles = input.courses.map((id) => catalogue.get(id) ?? id);
      try {
        return await db.transaction(async (trx) => {
          const { learnerId, accessCode } = await people.createPerson(trx, personOf(input));
          const referral = await insertReferral(trx, {
            forceId,
            learnerId,
            reference: input.reference,
            disposalType: input.disposalType,
            deadline,
            officerName: input.officerName,
            officerEmail: input.officerEmail,
            referredBy: actor.userId ?? null,
            notes: input.notes,
            requestFingerprint: print,
          });
          await enrolments.enrol(trx, referral.id, input.courses);
          await events.record(trx, referral.id, 'referred', { deadline, courses: input.courses }, actor);
          if (await sendLetter(trx, referral, accessCode, titles)) await events.record(trx, referral.id, 'letter_emailed', {}, actor);
          return { referral, accessCode, created: true };
        });
      } catch (error) {
        // Two requests with one reference at once: the second finds what the first made.
        if ((error as { code?: string }).code === '23505') {
          const raced = await referralByReference(db, forceId, input.reference);
          if (raced) return sameAgain(raced, print, input.reference);
        }
        throw error;
      }
    },

    /** The person referred. */
    async learner(referral: Pick<Referral, 'learnerId'>) {
      const person = await people.person(referral.learnerId);
      if (!person) throw new Error(`No learner ${referral.learnerId}`);
      return person;
    },

    /** Each course with how far the learner has got: never their answers. */
    courseProgress: (referralIds: number[]) => enrolments.courseProgress(referralIds),

    timeline: (referral: Pick<Referral, 'id'>): Promise<ReferralEvent[]> => eventsOf(db, referral.id),

    /** Whole referrals, newest first: the API's list. */
    list: (scope: Scope, filters: ListFilters): Promise<Referral[]> => listReferrals(db, clock.now(), scope, filters),

    /** Only what the referral list page shows, newest first. */
    summaries: (scope: Scope, filters: ListFilters): Promise<ReferralListLine[]> => referralListLines(db, clock.now(), scope, filters),

    async correctDetails(referral: Pick<Referral, 'id'>, details: Partial<PersonDetails>, actor: Actor) {
      await db.transaction(async (trx) => {
        const locked = await lockForAction(trx, referral, 'details', 'correctDetails');
        await people.correctDetails(trx, locked.learnerId, details);
        await touchReferral(trx, locked.id);
        await events.record(trx, locked.id, 'details_corrected', {}, actor);
      });
    },

    async addCourse(referral: Pick<Referral, 'id'>, courseId: string, actor: Actor) {
      await checkCourses([courseId]);
      const title = (await courses.catalogue()).find((course) => course.id === courseId)?.title ?? courseId;
      await db.transaction(async (trx) => {
        await lockForAction(trx, referral, 'course', 'addCourse');
        if (!(await enrolments.addCourse(trx, referral.id, courseId))) throw new ReferralProblem('course', 'That course is already on this referral');
        await reopenCompleted(trx, referral.id);
        await events.record(trx, referral.id, 'course_added', { course: title }, actor);
      });
    },

    async extendDeadline(referral: ReferralAsSeen, deadline: string, reason: string, actor: Actor) {
      if (deadline <= referral.deadline) throw new ReferralProblem('deadline', `The new deadline must be after ${longDate(referral.deadline)}`);
      await db.transaction(async (trx) => {
        await lockForAction(trx, referral, 'extend', 'extendDeadline');
        const reopened = referral.status === 'overdue' && deadline >= londonDate(clock.now());
        const reopenAs = reopened ? ((await enrolments.anyCourseStarted(trx, referral.id)) ? 'in_progress' : 'referred') : undefined;
        await setDeadline(trx, referral.id, deadline, reopenAs);
        await events.record(trx, referral.id, 'deadline_extended', { from: referral.deadline, to: deadline, reason }, actor);
        await events.notifyForce(trx, referral.id, 'deadline.extended', { previousDeadline: referral.deadline, deadline, reason });
      });
    },

    async withdraw(referral: ReferralAsSeen, reason: string, actor: Actor) {
      // The status as the caller saw it; whether the person's details are still held is checked, locked, in the transaction.
      if (refusalOf({ status: referral.status, personalDataRemovedAt: null }, 'withdraw') === 'withdrawn') {
        throw new ReferralProblem('reason', 'This referral has already been withdrawn', 'conflict');
      }
      await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'withdraw');
        await markWithdrawn(trx, referral.id, reason);
        await events.record(trx, referral.id, 'withdrawn', { reason }, actor);
        await events.notifyForce(trx, referral.id, 'referral.withdrawn', { reason });
      });
    },

    /** Emails the letter again; only while the code is still kept (before the first sign-in). */
    async resendLetter(referral: Pick<Referral, 'id'>, actor: Actor): Promise<void> {
      const titles = await courseTitles(referral.id);
      await db.transaction(async (trx) => {
        const locked = await lockForAction(trx, referral, 'letter', 'resendLetter');
        const code = await people.accessCodeOf(locked.learnerId, trx);
        if (!code) throw new ReferralProblem('letter', 'The person has already signed in, so their access code is no longer kept. They sign in with their password.');
        if (!(await sendLetter(trx, locked, code, titles))) throw new ReferralProblem('email', 'Add an email address for the person first');
        await events.record(trx, referral.id, 'letter_emailed', {}, actor);
      });
    },

    /**
     * A new access code for someone locked out or whose letter went astray: the old code and any
     * password stop working, they are signed out everywhere, and the new letter is emailed if we can.
     */
    async resetAccess(referral: Pick<Referral, 'id'>, actor: Actor): Promise<{ accessCode: string; emailed: boolean }> {
      const titles = await courseTitles(referral.id);
      return db.transaction(async (trx) => {
        const locked = await lockForAction(trx, referral, 'access', 'resetAccess');
        const accessCode = await people.resetAccess(trx, locked.learnerId);
        await touchReferral(trx, locked.id);
        await events.record(trx, locked.id, 'access_reset', {}, actor);
        return { accessCode, emailed: await sendLetter(trx, locked, accessCode, titles) };
      });
    },

    async recordReoffendingCheck(referral: Pick<Referral, 'id'>, check: CheckAnswer, actor: Actor) {
      await db.transaction(async (trx) => {
        await insertReoffendingCheck(trx, referral.id, { ...check, recordedBy: actor.label });
        await touchReferral(trx, referral.id);
        await events.record(trx, referral.id, 'reoffending_check', { checkedOn: check.checkedOn, reoffended: check.reoffended }, actor);
      });
    },

    reoffendingChecks: (referral: Pick<Referral, 'id'>): Promise<ReoffendingCheck[]> => reoffendingChecksOf(db, referral.id),

    /** One check of the referral, or undefined (another referral's check is not found either). */
    reoffendingCheck: (referral: Pick<Referral, 'id'>, checkId: number): Promise<ReoffendingCheck | undefined> => reoffendingCheckOf(db, referral.id, checkId),

    /**
     * A correction: a new check that replaces the one given, which stays, marked replaced, and no longer
     * counts in the reports. Only a check that still counts can be corrected (409 otherwise). The reason
     * is on the timeline, where retention removes it with the others. Returns the new check's id.
     */
    async correctReoffendingCheck(referral: Pick<Referral, 'id'>, checkId: number, check: CheckAnswer, reason: string, actor: Actor): Promise<number> {
      return db.transaction(async (trx) => {
        const replaced = await countingCheck(trx, referral, checkId);
        const id = await insertCorrection(trx, replaced, { ...check, recordedBy: actor.label }, reason);
        await touchReferral(trx, referral.id);
        await events.record(trx, referral.id, 'reoffending_check_corrected', { from: checkWords(replaced), checkedOn: check.checkedOn, reoffended: check.reoffended, reason }, actor);
        return id;
      });
    },

    /** A void: the check stays, marked voided with the reason, and no longer counts in the reports. */
    async voidReoffendingCheck(referral: Pick<Referral, 'id'>, checkId: number, reason: string, actor: Actor): Promise<void> {
      await db.transaction(async (trx) => {
        const voided = await countingCheck(trx, referral, checkId);
        await markVoided(trx, voided.id, { at: clock.now(), by: actor.label, reason });
        await touchReferral(trx, referral.id);
        await events.record(trx, referral.id, 'reoffending_check_voided', { ...checkWords(voided), reason }, actor);
      });
    },

    courseTitles: (referral: Pick<Referral, 'id'>) => courseTitles(referral.id),
  };
}

export type ReferralService = ReturnType<typeof referralService>;
