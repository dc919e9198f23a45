import type { Database } from '../db/database';
import type { AttitudeOverall } from './journey-service';
import type { Answers } from './store';

/**
 * Learning's tables read for a learner's record (what caseworkers see of a person's own work) and for
 * the contact form. Each function takes the database or a transaction first and answers in camelCase.
 */

export interface EnrolmentTaken {
  id: number;
  courseId: string;
  /** Pinned when the learner starts; null before. */
  courseVersionId: number | null;
  startedAt: Date | null;
  completedAt: Date | null;
  completedLate: boolean | null;
}

export interface SavedStep {
  enrolmentId: number;
  stepNumber: number;
  answers: Answers;
  savedAt: Date;
}

export interface AttitudeResponse {
  enrolmentId: number;
  overall: AttitudeOverall;
  comment: string | null;
  /** Statement id → agree, unsure or disagree. */
  statements: Record<string, string>;
  answeredAt: Date;
}

/** A referral's enrolments, in the order they were made. */
export async function enrolmentsTaken(db: Database, referralId: number): Promise<EnrolmentTaken[]> {
  const rows = await db('enrolments')
    .where({ referral_id: referralId })
    .orderBy('id')
    .select('id', 'course_id', 'course_version_id', 'started_at', 'completed_at', 'completed_late');
  return rows.map((row) => ({
    id: row.id,
    courseId: row.course_id,
    courseVersionId: row.course_version_id,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    completedLate: row.completed_late,
  }));
}

/** Every step saved on these enrolments. */
export async function savedSteps(db: Database, enrolmentIds: number[]): Promise<SavedStep[]> {
  if (enrolmentIds.length === 0) return [];
  const rows = await db('step_answers').whereIn('enrolment_id', enrolmentIds).select('enrolment_id', 'step_number', 'answers', 'saved_at');
  return rows.map((row) => ({ enrolmentId: row.enrolment_id, stepNumber: row.step_number, answers: row.answers ?? {}, savedAt: row.saved_at }));
}

/** The attitude test answers of these enrolments (one at most each). */
export async function attitudeResponses(db: Database, enrolmentIds: number[]): Promise<AttitudeResponse[]> {
  if (enrolmentIds.length === 0) return [];
  const rows = await db('attitude_responses').whereIn('enrolment_id', enrolmentIds).select('enrolment_id', 'overall', 'comment', 'statements', 'answered_at');
  return rows.map((row) => ({ enrolmentId: row.enrolment_id, overall: row.overall, comment: row.comment, statements: row.statements ?? {}, answeredAt: row.answered_at }));
}

/** The phone number and email address a learner can be contacted on. */
export async function contactOf(db: Database, learnerId: number): Promise<{ phone: string | null; email: string | null } | undefined> {
  return db('learners').where({ id: learnerId }).first('phone', 'email');
}
