import type { CourseProgress } from '../../learning/enrolment-service';
import { longDate } from '../../time/london';
import { STATUS_LABELS } from '../model';
import type { ReferralListLine } from '../store/lists';
import { statusTagClass } from './status-tag';

/** A line of the referral list page as it shows it: progress is the mean of the referral's courses, in whole percent. */
export interface ReferralListRow {
  publicId: string;
  reference: string;
  learnerName: string;
  forceName: string;
  statusLabel: string;
  /** The status's GOV.UK tag classes (its colour). */
  statusTag: string;
  late: boolean;
  progress: number;
  deadlineWords: string;
}

export function referralListRows(lines: ReferralListLine[], progress: Pick<CourseProgress, 'referralId' | 'progress'>[]): ReferralListRow[] {
  const progressOf = new Map<number, number[]>();
  for (const course of progress) progressOf.set(course.referralId, [...(progressOf.get(course.referralId) ?? []), course.progress]);
  return lines.map((line) => {
    const mine = progressOf.get(line.id) ?? [];
    return {
      publicId: line.publicId,
      reference: line.reference,
      learnerName: line.learnerName,
      forceName: line.forceName,
      statusLabel: STATUS_LABELS[line.status],
      statusTag: statusTagClass(line.status),
      late: line.completedLate === true,
      progress: mine.length ? Math.round((mine.reduce((sum, p) => sum + p, 0) / mine.length) * 100) : 0,
      deadlineWords: longDate(line.deadline),
    };
  });
}
