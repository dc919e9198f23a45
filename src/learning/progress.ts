import type { Database } from '../db/database';

/** A course as the referral hears of it: its id and the title of the version the learner is on. */
export interface CourseFacts {
  referralId: number;
  courseId: string;
  title: string | null;
}

/** One of the referral's courses when one is completed: everything the referral needs to know whether all are done. */
export interface EnrolmentOutcome {
  courseId: string;
  title: string | null;
  completed: boolean;
  completedLate: boolean | null;
  attitude: string | null;
}

/**
 * What learning tells the referral about a learner's progress, inside the transaction that records
 * the learner's step (the referral's timeline and the force's notification are never lost). Learning
 * gives the facts it already has; the referrals capability implements this (src/referrals/progress.ts),
 * and is handed to learning when the services are built.
 */
export interface LearnerProgress {
  firstSignIn(trx: Database, learnerId: number): Promise<void>;
  courseStarted(trx: Database, course: CourseFacts): Promise<void>;
  courseCompleted(trx: Database, course: CourseFacts & { late: boolean; attitude: string; enrolments: EnrolmentOutcome[] }): Promise<void>;
}
