import type { CourseService } from '../courses/service';
import type { Database } from '../db/database';
import { anyEnrolmentStarted, courseIdsOf, insertEnrolment, insertEnrolments, progressOf } from './store';

/** How far a learner has got on one course of a referral: never their answers. */
export interface CourseProgress {
  referralId: number;
  id: string;
  title: string;
  status: 'completed' | 'in_progress' | 'not_started';
  /** 0 to 1, in hundredths: the steps saved and the attitude test, of all there are. */
  progress: number;
  startedAt: Date | null;
  completedAt: Date | null;
  completedLate: boolean | null;
  attitude: string | null;
}

/**
 * A referral's courses, for the referrals capability: enrolling the person (in the caller's
 * transaction, with the referral) and how far they have got.
 */
export function enrolmentService(db: Database, courses: CourseService) {
  return {
    enrol: (trx: Database, referralId: number, courseIds: string[]) => insertEnrolments(trx, referralId, courseIds),

    /** One more course on the referral; false when it is already on it. */
    addCourse: (trx: Database, referralId: number, courseId: string) => insertEnrolment(trx, referralId, courseId),

    /** Whether the learner has started any of the referral's courses. */
    anyCourseStarted: (trx: Database, referralId: number) => anyEnrolmentStarted(trx, referralId),

    /** The referral's course ids, in the order they were added. */
    courseIdsOf: (referralId: number, trx: Database = db) => courseIdsOf(trx, referralId),

    /** Each course of these referrals with how far the learner has got, in the order they were added. */
    async courseProgress(referralIds: number[]): Promise<CourseProgress[]> {
      if (referralIds.length === 0) return [];
      const rows = await progressOf(db, referralIds);
      const catalogue = new Map((await courses.catalogue()).map((course) => [course.id, course]));
      return Promise.all(
        rows.map(async (row) => {
          const versionId = row.course_version_id ?? catalogue.get(row.course_id)?.versionId;
          const version = versionId ? await courses.renderedVersion(versionId) : undefined;
          const total = version ? version.steps.length + 1 : 1;
          const done = Number(row.steps_saved) + (row.completed_at ? 1 : 0);
          return {
            referralId: row.referral_id,
            id: row.course_id,
            title: version?.title ?? row.course_id,
            status: row.completed_at ? 'completed' : row.started_at ? 'in_progress' : 'not_started',
            progress: Math.min(1, Math.round((done / total) * 100) / 100),
            startedAt: row.started_at,
            completedAt: row.completed_at,
            completedLate: row.completed_late,
            attitude: row.attitude ?? null,
          } satisfies CourseProgress;
        }),
      );
    },
  };
}

export type EnrolmentService = ReturnType<typeof enrolmentService>;
