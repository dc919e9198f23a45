import type { Database } from '../db/database';
import type { CourseFacts, EnrolmentOutcome, LearnerProgress } from '../learning/progress';
import type { ReferralEvents } from './events';
import { markCompleted, markInProgress, referralById, referralIdOfLearner, touchReferral } from './store/referrals';

/**
 * What a learner does, as the referral and the force see it. Learning calls these with the facts it
 * has, inside the transaction that records the learner's step, so the timeline and the force's
 * notification are never lost.
 */
export function referralProgress(events: ReferralEvents) {
  return {
    async firstSignIn(trx: Database, learnerId: number): Promise<void> {
      const referralId = await referralIdOfLearner(trx, learnerId);
      if (referralId !== undefined) await events.record(trx, referralId, 'first_sign_in');
    },

    async courseStarted(trx: Database, facts: CourseFacts): Promise<void> {
      const course = { id: facts.courseId, title: facts.title };
      await events.record(trx, facts.referralId, 'course_started', { course: facts.title });
      const referral = await referralById(trx, facts.referralId);
      if (referral?.status !== 'referred') return;
      await markInProgress(trx, facts.referralId);
      await events.notifyForce(trx, facts.referralId, 'referral.started', { course });
    },

    async courseCompleted(trx: Database, facts: CourseFacts & { late: boolean; attitude: string; enrolments: EnrolmentOutcome[] }): Promise<void> {
      const { referralId, courseId, title, late, attitude, enrolments } = facts;
      await events.record(trx, referralId, 'course_completed', { course: title, attitude, late });
      await touchReferral(trx, referralId);
      await events.notifyForce(trx, referralId, 'course.completed', { course: { id: courseId, title, attitude, late } });

      if (enrolments.some((enrolment) => !enrolment.completed)) return;
      const anyLate = enrolments.some((enrolment) => enrolment.completedLate);
      if (!(await markCompleted(trx, referralId, anyLate))) return;
      await events.record(trx, referralId, 'referral_completed', { late: anyLate });
      await events.notifyForce(trx, referralId, 'referral.completed', {
        late: anyLate,
        courses: enrolments.map((enrolment) => ({ id: enrolment.courseId, title: enrolment.title, attitude: enrolment.attitude })),
      });
    },
  } satisfies LearnerProgress;
}

export type ReferralProgress = ReturnType<typeof referralProgress>;
