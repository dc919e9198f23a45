import type { Database } from '../db/database';
import type { ReferralProgress } from '../referrals/progress';

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
  force_name: string;
}

export type Answers = Record<string, unknown>;

export function learningStore(db: Database, progress: ReferralProgress) {
  return {
    async referralOf(learnerId: number): Promise<ReferralSummary | undefined> {
      return db('referrals')
        .join('forces', 'forces.id', 'referrals.force_id')
        .where('referrals.learner_id', learnerId)
        .select('referrals.id', 'referrals.reference', 'referrals.deadline', 'forces.name as force_name')
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

    async enrolment(referralId: number, courseId: string): Promise<EnrolmentRow | undefined> {
      return db<EnrolmentRow>('enrolments').where({ referral_id: referralId, course_id: courseId }).first();
    },

    /** Pins the version on first start; a second, racing start keeps the first pin. */
    async start(enrolmentId: number, versionId: number): Promise<void> {
      await db.transaction(async (trx) => {
        const started = await trx('enrolments')
          .where({ id: enrolmentId })
          .whereNull('course_version_id')
          .update({ course_version_id: versionId, started_at: trx.fn.now() });
        if (started > 0) await progress.courseStarted(trx, enrolmentId);
      });
    },

    async savedAnswers(enrolmentId: number): Promise<Map<number, Answers>> {
      const rows: { step_number: number; answers: Answers }[] = await db('step_answers')
        .where({ enrolment_id: enrolmentId })
        .select('step_number', 'answers');
      return new Map(rows.map((row) => [row.step_number, row.answers]));
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
        await progress.courseCompleted(trx, enrolmentId, completedLate, response.overall);
        return true;
      });
    },
  };
}

export type LearningStore = ReturnType<typeof learningStore>;
