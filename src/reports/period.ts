import type { Database } from '../db/database';
import { DISPOSALS, disposalToApi } from '../referrals/model';
import type { Scope } from '../referrals/service';
import { cohortSql, coursesSql, jsonRows, reportQuery } from './cohort';
import { type CourseFigures, rate } from './figures';
import type { ReportRange } from './range';

export interface PeriodFigures {
  received: number;
  started: number;
  completed: number;
  completedLate: number;
  completionRate: number | null;
  withdrawn: number;
  overdue: number;
}

export interface PeriodReport {
  from: string;
  to: string;
  /** The London date the figures stand at: later completions change them. */
  asOf: string;
  summary: PeriodFigures & { medianDaysToCompletion: number | null; attitudeResponseRate: number | null };
  byDisposal: (PeriodFigures & { disposal: string; label: string })[];
  byCourse: CourseFigures[];
  allCourses: CourseFigures;
  completionsOverTime: { unit: 'week' | 'month'; buckets: { start: string; completed: number }[] };
}

/** Weeks for a quarter or less, months beyond that: at most about a dozen bars either way. */
export const bucketUnit = (range: ReportRange): 'week' | 'month' =>
  (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 <= 92 ? 'week' : 'month';

interface CountRow {
  disposal_type: string | null;
  received: number;
  started: number;
  completed: number;
  completed_late: number;
  withdrawn: number;
  overdue: number;
  median_days: number | null;
}

interface CourseRow {
  course_id: string | null;
  title: string | null;
  enrolments: number;
  completions: number;
  responses: number;
  positive: number;
  neutral: number;
  negative: number;
}

const figures = (row: CountRow | undefined): PeriodFigures => ({
  received: row?.received ?? 0,
  started: row?.started ?? 0,
  completed: row?.completed ?? 0,
  completedLate: row?.completed_late ?? 0,
  completionRate: rate(row?.completed ?? 0, row?.received ?? 0),
  withdrawn: row?.withdrawn ?? 0,
  overdue: row?.overdue ?? 0,
});

const toCourseFigures = (row: CourseRow | undefined): CourseFigures => ({
  course: row?.course_id ?? null,
  title: row?.title ?? row?.course_id ?? 'All courses',
  enrolments: row?.enrolments ?? 0,
  completions: row?.completions ?? 0,
  completionRate: rate(row?.completions ?? 0, row?.enrolments ?? 0),
  attitudeResponses: row?.responses ?? 0,
  attitude: { positive: row?.positive ?? 0, neutral: row?.neutral ?? 0, negative: row?.negative ?? 0 },
});

/** Courses in title order, and their total. */
export async function courseFigures(db: Database, scope: Scope, range: ReportRange): Promise<{ rows: CourseFigures[]; total: CourseFigures }> {
  const { sql, bindings } = coursesSql(scope, range);
  const rows = await reportQuery<CourseRow>(db, sql, bindings);
  return { rows: rows.filter((row) => row.course_id !== null).map(toCourseFigures), total: toCourseFigures(rows.find((row) => row.course_id === null)) };
}

/**
 * One statement: counts by disposal type and in total (grouping sets), and the
 * referrals completing everything by the week (from Monday) or month of their last course,
 * with empty weeks filled in.
 */
function periodSql(scope: Scope, range: ReportRange, today: string, unit: 'week' | 'month') {
  const cohort = cohortSql(scope, range, { started: true });
  const sql = `${cohort.sql}, counts as (
      select disposal_type,
        count(*) as received,
        count(*) filter (where started) as started,
        count(*) filter (where completed) as completed,
        count(*) filter (where completed and completed_on > deadline) as completed_late,
        count(*) filter (where withdrawn) as withdrawn,
        count(*) filter (where not completed and not withdrawn and deadline < ?::date) as overdue,
        percentile_cont(0.5) within group (order by completed_on - referral_date) filter (where completed) as median_days
      from facts
      group by grouping sets ((disposal_type), ())
    ), done as (
      select date_trunc('${unit}', completed_on::timestamp)::date as bucket, count(*) as completed
      from facts where completed group by 1
    ), buckets as (
      select to_char(s.bucket, 'YYYY-MM-DD') as start, coalesce(done.completed, 0) as completed
      from generate_series(
        date_trunc('${unit}', ?::timestamp),
        date_trunc('${unit}', greatest(?::date, (select max(bucket) from done))::timestamp),
        interval '1 ${unit}'
      ) as s(bucket)
      left join done on done.bucket = s.bucket::date
    )
    select ${jsonRows('counts')} as counts, ${jsonRows('buckets', 'start')} as buckets`;
  return { sql, bindings: [...cohort.bindings, today, range.from, range.to] };
}

export async function periodReport(db: Database, scope: Scope, range: ReportRange, today: string): Promise<PeriodReport> {
  const unit = bucketUnit(range);
  const { sql, bindings } = periodSql(scope, range, today, unit);
  const [[result], courses] = await Promise.all([
    reportQuery<{ counts: CountRow[]; buckets: { start: string; completed: number }[] }>(db, sql, bindings),
    courseFigures(db, scope, range),
  ]);
  const total = result.counts.find((row) => row.disposal_type === null);
  return {
    from: range.from,
    to: range.to,
    asOf: today,
    summary: {
      ...figures(total),
      medianDaysToCompletion: total?.median_days ?? null,
      attitudeResponseRate: rate(courses.total.attitudeResponses, courses.total.enrolments),
    },
    byDisposal: DISPOSALS.map((disposal) => ({
      disposal: disposalToApi(disposal.value),
      label: disposal.label,
      ...figures(result.counts.find((row) => row.disposal_type === disposal.value)),
    })),
    byCourse: courses.rows,
    allCourses: courses.total,
    completionsOverTime: { unit, buckets: result.buckets },
  };
}
