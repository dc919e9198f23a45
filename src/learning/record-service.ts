import type { CourseService } from '../courses/service';
import { type Block, blocksOf } from '../courses/model';
import type { Database } from '../db/database';
import type { ReferralProgress } from '../referrals/progress';
import { attitudeResponses, contactOf, enrolmentsTaken, savedSteps } from './record-store';
import type { AttitudeOverall } from './journey-service';
import { learningStore } from './store';

/** One step of a course as the learner left it: its blocks beside what they answered, once saved. */
export interface StepTaken {
  number: number;
  title: string;
  savedAt: Date | null;
  /** Empty until the step is saved. */
  answers: { block: Block; answer: unknown }[];
}

/** A course on the learner's referral: the version they took, their own work in it, and their attitude test. */
export interface CourseTaken {
  courseId: string;
  title: string;
  /** The version's number; null before the learner starts (no version is pinned yet). */
  version: number | null;
  startedAt: Date | null;
  completedAt: Date | null;
  completedLate: boolean | null;
  /** Every step of the version taken; none before the learner starts. */
  steps: StepTaken[];
  attitude: {
    overall: AttitudeOverall;
    comment: string | null;
    answeredAt: Date;
    /** Each statement of the version taken, with the learner's answer (null: not answered). */
    statements: { text: string; answer: string | null }[];
  } | null;
}

/**
 * What learning tells casework: a learner's own work, course by course, each read in the version the
 * learner took (for caseworkers, never for police), and how to reach the learner who asks to be contacted.
 */
export function learnerRecordService(db: Database, courses: CourseService, progress: ReferralProgress) {
  const store = learningStore(db, progress);

  return {
    async recordOf(referralId: number): Promise<CourseTaken[]> {
      const enrolments = await enrolmentsTaken(db, referralId);
      const ids = enrolments.map((enrolment) => enrolment.id);
      const [steps, attitudes, catalogue] = await Promise.all([savedSteps(db, ids), attitudeResponses(db, ids), courses.catalogue()]);
      const titles = new Map(catalogue.map((course) => [course.id, course.title]));
      const record: CourseTaken[] = [];
      for (const enrolment of enrolments) {
        const versionId = enrolment.courseVersionId;
        const [version, course] = versionId === null ? [undefined, undefined] : [await courses.versionOf(versionId), await courses.renderedVersion(versionId)];
        const saved = new Map(steps.filter((step) => step.enrolmentId === enrolment.id).map((step) => [step.stepNumber, step]));
        const attitude = attitudes.find((response) => response.enrolmentId === enrolment.id);
        record.push({
          courseId: enrolment.courseId,
          title: version?.title ?? titles.get(enrolment.courseId) ?? enrolment.courseId,
          version: version?.version ?? null,
          startedAt: enrolment.startedAt,
          completedAt: enrolment.completedAt,
          completedLate: enrolment.completedLate,
          steps: (course?.steps ?? []).map((step) => {
            const savedStep = saved.get(step.number);
            return {
              number: step.number,
              title: step.title,
              savedAt: savedStep?.savedAt ?? null,
              answers: savedStep ? blocksOf(step).map((block) => ({ block, answer: savedStep.answers[block.id] })) : [],
            };
          }),
          attitude: attitude
            ? {
                overall: attitude.overall,
                comment: attitude.comment,
                answeredAt: attitude.answeredAt,
                statements: (course?.attitudeStatements ?? []).map((statement) => {
                  const answer = attitude.statements[statement.id];
                  return { text: statement.text, answer: answer === undefined || answer === null ? null : String(answer) };
                }),
              }
            : null,
        });
      }
      return record;
    },

    /** The learner's referral, and the phone and email they can be contacted on; undefined without a referral. */
    async contactDetails(learnerId: number): Promise<{ referralId: number; phone: string | null; email: string | null } | undefined> {
      const referral = await store.referralOf(learnerId);
      const contact = referral && (await contactOf(db, learnerId));
      return referral && contact && { referralId: referral.id, phone: contact.phone, email: contact.email };
    },
  };
}

export type LearnerRecordService = ReturnType<typeof learnerRecordService>;
