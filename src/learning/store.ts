import type { Database } from '../db/database';
import type { CourseFacts, LearnerProgress } from './progress';

export interface EnrolmentRow {
  id: number;
  referral_id: number;
  course_id: string;
  course_version_id: number | null;
  started_at: Date | null;
  completed_at: Date | null;
  completed_late: boolean | null;
}

export interface ReferralSummary {
  id: number;
  reference: string;
  deadline: string;
  forceName: string;
}

export type Answers = Record<string, unknown>;

/** The columns of an enrolment, named apart from the referral's in the one-query open below. */
const ENROLMENT_COLUMNS = ['id', 'referral_id', 'course_id', 'course_version_id', 'started_at', 'completed_at', 'completed_late'] as const;

export function learningStore(db: Database, progress: LearnerProgress) {
  return {
    async referralOf(learnerId: number): Promise<ReferralSummary | undefined> {
      return db('referrals')
        .join('forces', 'forces.id', 'referrals.force_id')
        .where('referrals.learner_id', learnerId)
        .select('referrals.id', 'referrals.reference', 'referrals.deadline', 'forces.name as forceName')
        .first();
    },

    /** Each enrolment with the number of steps saved so far. */
    async enrolmentsOf(referralId: number): Promise<(EnrolmentRow & { steps_saved: number; attitude_answered: boolean })[]> {
      return db('enrolments')
        .where({ referral_id: referralId })
        .select(
          'enrolments.*',
          db('step_answers').count('*').where('enrolment_id', db.ref('enrolments.id')).as('steps_saved'),
          db.raw('exists (select 1 from attitude_responses a where a.enrolment_id = enrolments.id) as attitude_answered'),
        )
        .orderBy('enrolments.id');
    },

    /**
     * Everything a course page needs, in one round trip (every learner page view asks for it): the
     * learner's referral, their enrolment on the course (none when they are not on it) and the
     * answers saved so far. No referral at all: undefined.
     */
    async openCourse(learnerId: number, courseId: string): Promise<{ referral: ReferralSummary; enrolment?: EnrolmentRow; saved: Map<number, Answers> } | undefined> {
      const row = await db('referrals')
        .join('forces', 'forces.id', 'referrals.force_id')
        .leftJoin('enrolments', (on) => on.on('enrolments.referral_id', 'referrals.id').andOnVal('enrolments.course_id', '=', courseId))
        .where('referrals.learner_id', learnerId)
        .select('referrals.id', 'referrals.reference', 'referrals.deadline', 'forces.name as forceName')
        .select(ENROLMENT_COLUMNS.map((column) => `enrolments.${column} as enrolment_${column}`))
        .select(
          db.raw(
            `(select coalesce(json_agg(json_build_array(s.step_number, s.answers)), '[]'::json) from step_answers s where s.enrolment_id = enrolments.id) as saved`,
          ),
        )
        .first();
      if (!row) return undefined;
      const referral: ReferralSummary = { id: row.id, reference: row.reference, deadline: row.deadline, forceName: row.forceName };
      if (row.enrolment_id === null) return { referral, saved: new Map() };
      const enrolment = Object.fromEntries(ENROLMENT_COLUMNS.map((column) => [column, row[`enrolment_${column}`]])) as unknown as EnrolmentRow;
      const saved = new Map((row.saved as [number, Answers][]).map(([step, answers]) => [step, answers]));
      return { referral, enrolment, saved };
    },

    /** Pins the version on first start; a second, racing start keeps the first pin. `course` is the referral's course and the version's title. */
    async start(enrolmentId: number, versionId: number, course: CourseFacts): Promise<void> {
      await db.transaction(async (trx) => {
        const started = await trx('enrolments')
          .where({ id: enrolmentId })
          .whereNull('course_version_id')
          .update({ course_version_id: versionId, started_at: trx.fn.now() });
        if (started > 0) await progress.courseStarted(trx, course);
      });
    },

    async saveAnswers(enrolmentId: number, stepNumber: number, answers: Answers): Promise<void> {
      await db('step_answers')
        .insert({ enrolment_id: enrolmentId, step_number: stepNumber, answers: JSON.stringify(answers), saved_at: db.fn.now() })
        .onConflict(['enrolment_id', 'step_number'])
        .merge(['answers', 'saved_at']);
    },

    async attitudeResponse(enrolmentId: number) {
      return db('attitude_responses').where({ enrolment_id: enrolmentId }).first();
    },

    /** The attitude test is the last part of a course: answering it completes the course, once. */
    async complete(
      enrolmentId: number,
      response: { overall: string; comment: string | null; statements: Record<string, string> },
      completedLate: boolean,
      course: CourseFacts,
      titleOfVersion: (versionId: number | null) => string | null,
    ): Promise<boolean> {
      return db.transaction(async (trx) => {
        const inserted = await trx('attitude_responses')
          .insert({ enrolment_id: enrolmentId, ...response, statements: JSON.stringify(response.statements) })
          .onConflict('enrolment_id')
          .ignore()
          .returning('enrolment_id');
        if (inserted.length === 0) return false;
        await trx('enrolments')
          .where({ id: enrolmentId })
          .whereNull('completed_at')
          .update({ completed_at: trx.fn.now(), completed_late: completedLate });
        // The force's notification is written with the completion: a crash cannot lose one without the other.
        const enrolments = await outcomesOf(trx, course.referralId);
        await progress.courseCompleted(trx, {
          ...course,
          late: completedLate,
          attitude: response.overall,
          enrolments: enrolments.map((enrolment) => ({
            courseId: enrolment.course_id,
            title: titleOfVersion(enrolment.course_version_id),
            completed: enrolment.completed_at !== null,
            completedLate: enrolment.completed_late,
            attitude: enrolment.overall,
          })),
        });
        return true;
      });
    },
  };
}

export type LearningStore = ReturnType<typeof learningStore>;

/** Each course of a referral, how it ended (if it did) and its attitude answer. */
function outcomesOf(trx: Database, referralId: number): Promise<{ course_id: string; course_version_id: number | null; completed_at: Date | null; completed_late: boolean | null; overall: string | null }[]> {
  return trx('enrolments')
    .leftJoin('attitude_responses', 'attitude_responses.enrolment_id', 'enrolments.id')
    .where('enrolments.referral_id', referralId)
    .orderBy('enrolments.id')
    .select('enrolments.course_id', 'enrolments.course_version_id', 'enrolments.completed_at', 'enrolments.completed_late', 'attitude_responses.overall');
}

/** A referral's courses, as it is made: one enrolment each. */
export async function insertEnrolments(trx: Database, referralId: number, courseIds: string[]): Promise<void> {
  for (const courseId of courseIds) await trx('enrolments').insert({ referral_id: referralId, course_id: courseId });
}

/** One more course; false when the referral already has it. */
export async function insertEnrolment(trx: Database, referralId: number, courseId: string): Promise<boolean> {
  const inserted = await trx('enrolments').insert({ referral_id: referralId, course_id: courseId }).onConflict(['referral_id', 'course_id']).ignore().returning('id');
  return inserted.length > 0;
}

export async function anyEnrolmentStarted(trx: Database, referralId: number): Promise<boolean> {
  return (await trx('enrolments').where({ referral_id: referralId }).whereNotNull('started_at').first('id')) !== undefined;
}

/** The referral's course ids, in the order they were added. */
export async function courseIdsOf(db: Database, referralId: number): Promise<string[]> {
  const rows: { course_id: string }[] = await db('enrolments').where({ referral_id: referralId }).orderBy('id').select('course_id');
  return rows.map((row) => row.course_id);
}

export interface ProgressRow extends Omit<EnrolmentRow, 'id'> {
  attitude: string | null;
  steps_saved: number;
}

/** The enrolments of these referrals with their attitude answer and the number of steps saved: never the answers. */
export async function progressOf(db: Database, referralIds: number[]): Promise<ProgressRow[]> {
  return db('enrolments')
    .leftJoin('attitude_responses', 'attitude_responses.enrolment_id', 'enrolments.id')
    .whereIn('enrolments.referral_id', referralIds)
    .orderBy('enrolments.id')
    .select(
      'enrolments.referral_id',
      'enrolments.course_id',
      'enrolments.course_version_id',
      'enrolments.started_at',
      'enrolments.completed_at',
      'enrolments.completed_late',
      'attitude_responses.overall as attitude',
      db('step_answers').count('*').where('enrolment_id', db.ref('enrolments.id')).as('steps_saved'),
    );
}
