import { DomainError } from '../errors/domain-error';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { accessCodeLookup, decryptAccessCode, encryptAccessCode, generateAccessCode, normaliseAccessCode } from '../auth/access-code';
import { endingEverySession } from '../auth/sessions';
import type { Clock } from '../time/clock';
import type { CourseService } from '../courses/service';
import type { Database } from '../db/database';
import { londonDate, ZONE } from '../time/london';
import type { Outbox } from '../notifications/deliveries';
import { lockUnlessAnonymised } from './anonymised';
import { referralLists, scoped } from './lists';
import type { ReferralEvents } from './events';
import { letterEmail } from './letter';
import type { Actor, DeadlineDays, NewReferral, ReferralStatus, Scope } from './model';

/** Said here too for the reports, which ask the referrals service for a scope's referrals. */
export type { Scope };

export interface ReferralRow {
  id: number;
  public_id: string;
  force_id: number;
  learner_id: number;
  reference: string;
  disposal_type: string;
  deadline: string;
  status: ReferralStatus;
  referred_at: Date;
  completed_at: Date | null;
  completed_late: boolean | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  officer_name: string | null;
  officer_email: string | null;
  notes: string | null;
  request_fingerprint: string | null;
  updated_at: Date;
  /** Set by retention: the person's details are gone, and nothing that needs them can be done (see ./anonymised). */
  personal_data_removed_at: Date | null;
}

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function fingerprint(input: NewReferral): string {
  return createHash('sha256').update(JSON.stringify({ ...input, courses: [...input.courses].sort() })).digest('hex');
}

export function referralService(deps: {
  db: Database;
  courses: CourseService;
  events: ReferralEvents;
  outbox: Outbox;
  clock: Clock;
  secret: string;
  publicUrl: string;
}) {
  const { db, courses, events, outbox, clock, secret } = deps;

  async function find(scope: Scope, publicId: string): Promise<ReferralRow | undefined> {
    if (!UUID.test(publicId)) return undefined;
    return db<ReferralRow>('referrals').where('referrals.public_id', publicId).modify(scoped(scope)).first();
  }

  /** The code on the letter, while the learner has not yet signed in (after that it is not kept). */
  async function accessCodeOf(trx: Database, learnerId: number): Promise<string | null> {
    const learner = await trx('learners').where({ id: learnerId }).first('access_code_encrypted');
    if (!learner?.access_code_encrypted) return null;
    const code = decryptAccessCode(learner.access_code_encrypted, secret);
    return `${code.slice(0, 4)}-${code.slice(4)}`;
  }

  async function checkCourses(ids: string[]): Promise<void> {
    const known = new Set((await courses.catalogue()).map((course) => course.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ReferralProblem('courses', `There is no course called ${unknown.join(', ')}`);
  }

  /** Titles are looked up before the transaction: the embedded engine has one connection, held by it. */
  async function sendLetter(trx: Database, referral: ReferralRow, accessCode: string, titles: string[]) {
    const learner = await trx('learners').where({ id: referral.learner_id }).first();
    if (!learner?.email) return false;
    const email = letterEmail({ name: learner.name, accessCode, deadline: referral.deadline, courses: titles, publicUrl: deps.publicUrl });
    await outbox.email(trx, { eventType: 'letter', forceId: referral.force_id, referralId: referral.id }, { to: learner.email, ...email });
    return true;
  }

  async function courseTitles(referralId: number): Promise<string[]> {
    const catalogue = new Map((await courses.catalogue()).map((course) => [course.id, course.title]));
    const rows = await db('enrolments').where({ referral_id: referralId }).orderBy('id').select('course_id');
    return rows.map((row) => catalogue.get(row.course_id) ?? row.course_id);
  }

  return {
    find,
    accessCodeOf: (referral: ReferralRow) => accessCodeOf(db, referral.learner_id),

    async defaultDeadline(forceId: number, disposalType: string): Promise<string> {
      const force = await db('forces').where({ id: forceId }).first('deadline_days');
      const days = (force?.deadline_days as DeadlineDays | undefined)?.[disposalType as keyof DeadlineDays] ?? 28;
      return DateTime.fromJSDate(clock.now(), { zone: ZONE }).plus({ days }).toISODate() as string;
    },

    /**
     * Makes a referral, or (the same reference again) finds the one already made: the same request
     * gets the same answer, a different one with the same reference is a conflict.
     */
    async create(forceId: number, input: NewReferral, actor: Actor): Promise<{ referral: ReferralRow; accessCode: string | null; created: boolean }> {
      await checkCourses(input.courses);
      const print = fingerprint(input);
      const existing = await db<ReferralRow>('referrals').where({ force_id: forceId, reference: input.reference }).first();
      if (existing) {
        if (existing.request_fingerprint !== print) {
          throw new ReferralProblem('reference', `There is already a referral with the reference ${input.reference}`, 'conflict');
        }
        return { referral: existing, accessCode: await accessCodeOf(db, existing.learner_id), created: false };
      }
      const deadline = input.deadline ?? (await this.defaultDeadline(forceId, input.disposalType));
      const catalogue = new Map((await courses.catalogue()).map((course) => [course.id, course.title]));
      const titles = input.courses.map((id) => catalogue.get(id) ?? id);
      const code = generateAccessCode();
      const canonical = normaliseAccessCode(code) as string;
      try {
        const referral = await db.transaction(async (trx) => {
          const [learner] = await trx('learners')
            .insert({
              name: `${input.firstName} ${input.lastName}`,
              first_name: input.firstName,
              last_name: input.lastName,
              date_of_birth: input.dateOfBirth,
              email: input.email,
              phone: input.phone,
              preferred_language: input.preferredLanguage,
              support_needs: input.supportNeeds,
              access_code_lookup: accessCodeLookup(canonical, secret),
              access_code_encrypted: encryptAccessCode(canonical, secret),
            })
            .returning('id');
          const [row]: ReferralRow[] = await trx('referrals')
            .insert({
              force_id: forceId,
              learner_id: learner.id,
              reference: input.reference,
              disposal_type: input.disposalType,
              deadline,
              officer_name: input.officerName,
              officer_email: input.officerEmail,
              referred_by: actor.userId ?? null,
              notes: input.notes,
              request_fingerprint: print,
            })
            .returning('*');
          for (const courseId of input.courses) await trx('enrolments').insert({ referral_id: row!.id, course_id: courseId });
          await events.record(trx, row!.id, 'referred', { deadline, courses: input.courses }, actor);
          if (await sendLetter(trx, row!, code, titles)) await events.record(trx, row!.id, 'letter_emailed', {}, actor);
          return row!;
        });
        return { referral, accessCode: code, created: true };
      } catch (error) {
        // Two requests with one reference at once: the second finds what the first made.
        if ((error as { code?: string }).code === '23505') {
          const raced = await db<ReferralRow>('referrals').where({ force_id: forceId, reference: input.reference }).first();
          if (raced && raced.request_fingerprint === print) {
            return { referral: raced, accessCode: await accessCodeOf(db, raced.learner_id), created: false };
          }
          if (raced) throw new ReferralProblem('reference', `There is already a referral with the reference ${input.reference}`, 'conflict');
        }
        throw error;
      }
    },

    async learner(referral: ReferralRow) {
      return db('learners').where({ id: referral.learner_id }).first();
    },

    /** Each course with how far the learner has got: never their answers. */
    async courseProgress(referralIds: number[]) {
      if (referralIds.length === 0) return [];
      const rows = await db('enrolments')
        .leftJoin('attitude_responses', 'attitude_responses.enrolment_id', 'enrolments.id')
        .whereIn('enrolments.referral_id', referralIds)
        .orderBy('enrolments.id')
        .select(
          'enrolments.*',
          'attitude_responses.overall as attitude',
          db('step_answers').count('*').where('enrolment_id', db.ref('enrolments.id')).as('steps_saved'),
        );
      const catalogue = new Map((await courses.catalogue()).map((course) => [course.id, course]));
      return Promise.all(
        rows.map(async (row) => {
          const versionId = row.course_version_id ?? catalogue.get(row.course_id)?.versionId;
          const version = versionId ? await courses.renderedVersion(versionId) : undefined;
          const total = version ? version.steps.length + 1 : 1;
          const done = Number(row.steps_saved) + (row.completed_at ? 1 : 0);
          return {
            referralId: row.referral_id as number,
            id: row.course_id as string,
            title: version?.title ?? row.course_id,
            status: row.completed_at ? 'completed' : row.started_at ? 'in_progress' : 'not_started',
            progress: Math.min(1, Math.round((done / total) * 100) / 100),
            startedAt: row.started_at as Date | null,
            completedAt: row.completed_at as Date | null,
            completedLate: row.completed_late as boolean | null,
            attitude: (row.attitude ?? null) as string | null,
          };
        }),
      );
    },

    async timeline(referral: ReferralRow) {
      return db('referral_events').where({ referral_id: referral.id }).orderBy([{ column: 'at' }, { column: 'id' }]);
    },

    ...referralLists(db, clock),

    async correctDetails(referral: ReferralRow, details: Partial<Pick<NewReferral, 'firstName' | 'lastName' | 'dateOfBirth' | 'email' | 'phone' | 'preferredLanguage' | 'supportNeeds'>>, actor: Actor) {
      await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'details');
        await trx('learners').where({ id: referral.learner_id }).update({
          name: `${details.firstName} ${details.lastName}`,
          first_name: details.firstName,
          last_name: details.lastName,
          date_of_birth: details.dateOfBirth,
          email: details.email,
          phone: details.phone,
          preferred_language: details.preferredLanguage,
          support_needs: details.supportNeeds,
        });
        await trx('referrals').where({ id: referral.id }).update({ updated_at: trx.fn.now() });
        await events.record(trx, referral.id, 'details_corrected', {}, actor);
      });
    },

    async addCourse(referral: ReferralRow, courseId: string, actor: Actor) {
      await checkCourses([courseId]);
      const title = (await courses.catalogue()).find((course) => course.id === courseId)?.title ?? courseId;
      await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'course');
        const inserted = await trx('enrolments').insert({ referral_id: referral.id, course_id: courseId }).onConflict(['referral_id', 'course_id']).ignore().returning('id');
        if (inserted.length === 0) throw new ReferralProblem('course', 'That course is already on this referral');
        // A completed referral has more to do again.
        await trx('referrals')
          .where({ id: referral.id })
          .update({
            status: trx.raw("case when status = 'completed' then 'in_progress' else status end"),
            completed_at: null,
            completed_late: null,
            updated_at: trx.fn.now(),
          });
        await events.record(trx, referral.id, 'course_added', { course: title }, actor);
      });
    },

    async extendDeadline(referral: ReferralRow, deadline: string, reason: string, actor: Actor) {
      if (deadline <= referral.deadline) throw new ReferralProblem('deadline', `The new deadline must be after ${referral.deadline}`);
      await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'extend');
        const reopened = referral.status === 'overdue' && deadline >= londonDate(clock.now());
        const started = await trx('enrolments').where({ referral_id: referral.id }).whereNotNull('started_at').first('id');
        await trx('referrals')
          .where({ id: referral.id })
          .update({
            deadline,
            updated_at: trx.fn.now(),
            ...(reopened ? { status: started ? 'in_progress' : 'referred', overdue_at: null } : {}),
          });
        await events.record(trx, referral.id, 'deadline_extended', { from: referral.deadline, to: deadline, reason }, actor);
        await events.notifyForce(trx, referral.id, 'deadline.extended', { previousDeadline: referral.deadline, deadline, reason });
      });
    },

    async withdraw(referral: ReferralRow, reason: string, actor: Actor) {
      if (referral.status === 'withdrawn') throw new ReferralProblem('reason', 'This referral has already been withdrawn', 'conflict');
      await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'withdraw');
        await trx('referrals')
          .where({ id: referral.id })
          .update({ status: 'withdrawn', withdrawn_at: trx.fn.now(), withdrawal_reason: reason, updated_at: trx.fn.now() });
        await events.record(trx, referral.id, 'withdrawn', { reason }, actor);
        await events.notifyForce(trx, referral.id, 'referral.withdrawn', { reason });
      });
    },

    /** Emails the letter again; only while the code is still kept (before the first sign-in). */
    async resendLetter(referral: ReferralRow, actor: Actor): Promise<void> {
      const titles = await courseTitles(referral.id);
      await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'letter');
        const code = await accessCodeOf(trx, referral.learner_id);
        if (!code) throw new ReferralProblem('letter', 'The person has already signed in, so their access code is no longer kept. They sign in with their password.');
        if (!(await sendLetter(trx, referral, code, titles))) throw new ReferralProblem('email', 'Add an email address for the person first');
        await events.record(trx, referral.id, 'letter_emailed', {}, actor);
      });
    },

    /**
     * A new access code for someone locked out or whose letter went astray: the old code and any
     * password stop working, they are signed out everywhere, and the new letter is emailed if we can.
     */
    async resetAccess(referral: ReferralRow, actor: Actor): Promise<{ accessCode: string; emailed: boolean }> {
      const titles = await courseTitles(referral.id);
      const code = generateAccessCode();
      const canonical = normaliseAccessCode(code) as string;
      const emailed = await db.transaction(async (trx) => {
        await lockUnlessAnonymised(trx, referral, 'access');
        await trx('learners').where({ id: referral.learner_id }).update({
          access_code_lookup: accessCodeLookup(canonical, secret),
          access_code_encrypted: encryptAccessCode(canonical, secret),
          password_hash: null,
          ...endingEverySession(trx),
        });
        await trx('referrals').where({ id: referral.id }).update({ updated_at: trx.fn.now() });
        await events.record(trx, referral.id, 'access_reset', {}, actor);
        return sendLetter(trx, referral, code, titles);
      });
      return { accessCode: code, emailed };
    },

    async recordReoffendingCheck(referral: ReferralRow, check: { checkedOn: string; reoffended: boolean; offenceDate: string | null }, actor: Actor) {
      await db.transaction(async (trx) => {
        await trx('reoffending_checks').insert({
          referral_id: referral.id, checked_on: check.checkedOn, reoffended: check.reoffended, offence_date: check.offenceDate, recorded_by: actor.label,
        });
        await trx('referrals').where({ id: referral.id }).update({ updated_at: trx.fn.now() });
        await events.record(trx, referral.id, 'reoffending_check', { checkedOn: check.checkedOn, reoffended: check.reoffended }, actor);
      });
    },

    async reoffendingChecks(referral: ReferralRow) {
      return db('reoffending_checks').where({ referral_id: referral.id }).orderBy('checked_on');
    },

    courseTitles: (referral: ReferralRow) => courseTitles(referral.id),
  };
}

export type ReferralService = ReturnType<typeof referralService>;
