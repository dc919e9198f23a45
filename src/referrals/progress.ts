import type { Database } from '../db/database';
import type { ReferralEvents } from './events';

interface EnrolmentFacts {
  referral_id: number;
  course_id: string;
  title: string | null;
  status: string;
}

async function enrolmentFacts(trx: Database, enrolmentId: number): Promise<EnrolmentFacts> {
  return trx('enrolments')
    .join('referrals', 'referrals.id', 'enrolments.referral_id')
    .leftJoin('course_versions', 'course_versions.id', 'enrolments.course_version_id')
    .where('enrolments.id', enrolmentId)
    .select('enrolments.referral_id', 'enrolments.course_id', 'course_versions.title', 'referrals.status')
    .first();
}

/**
 * What a learner does, as the referral and the force see it. Each runs inside the transaction
 * that records the learner's step, so the timeline and the force's notification are never lost.
 */
export function referralProgress(events: ReferralEvents) {
  return {
    async firstSignIn(trx: Database, learnerId: number): Promise<void> {
      const referral = await trx('referrals').where({ learner_id: learnerId }).first('id');
      if (referral) await events.record(trx, referral.id, 'first_sign_in');
    },

    async courseStarted(trx: Database, enrolmentId: number): Promise<void> {
      const facts = await enrolmentFacts(trx, enrolmentId);
      const course = { id: facts.course_id, title: facts.title };
      await events.record(trx, facts.referral_id, 'course_started', { course: facts.title });
      if (facts.status !== 'referred') return;
      await trx('referrals').where({ id: facts.referral_id }).update({ status: 'in_progress', updated_at: trx.fn.now() });
      await events.notifyForce(trx, facts.referral_id, 'referral.started', { course });
    },

    async courseCompleted(trx: Database, enrolmentId: number, late: boolean, attitude: string): Promise<void> {
      const facts = await enrolmentFacts(trx, enrolmentId);
      await events.record(trx, facts.referral_id, 'course_completed', { course: facts.title, attitude, late });
      await trx('referrals').where({ id: facts.referral_id }).update({ updated_at: trx.fn.now() });
      await events.notifyForce(trx, facts.referral_id, 'course.completed', {
        course: { id: facts.course_id, title: facts.title, attitude, late },
      });

      const enrolments = await trx('enrolments')
        .leftJoin('attitude_responses', 'attitude_responses.enrolment_id', 'enrolments.id')
        .leftJoin('course_versions', 'course_versions.id', 'enrolments.course_version_id')
        .where('enrolments.referral_id', facts.referral_id)
        .select('enrolments.course_id', 'enrolments.completed_at', 'enrolments.completed_late', 'attitude_responses.overall', 'course_versions.title');
      if (enrolments.some((enrolment) => !enrolment.completed_at)) return;
      const anyLate = enrolments.some((enrolment) => enrolment.completed_late);
      const updated = await trx('referrals')
        .where({ id: facts.referral_id })
        .whereNot('status', 'withdrawn')
        .whereNull('completed_at')
        .update({ status: 'completed', completed_at: trx.fn.now(), completed_late: anyLate, updated_at: trx.fn.now() });
      if (updated === 0) return;
      await events.record(trx, facts.referral_id, 'referral_completed', { late: anyLate });
      await events.notifyForce(trx, facts.referral_id, 'referral.completed', {
        late: anyLate,
        courses: enrolments.map((enrolment) => ({ id: enrolment.course_id, title: enrolment.title, attitude: enrolment.overall })),
      });
    },
  };
}

export type ReferralProgress = ReturnType<typeof referralProgress>;
