import type { Database } from '../db/database';
import type { Scope } from '../referrals/service';
import { rangeInstants, type ReportRange } from './range';

export interface CohortSql {
  /** `with facts as (...)`: one row of facts per referral in the cohort. */
  sql: string;
  bindings: (string | number | Date)[];
}

/**
 * The referrals made in the range (London dates, inclusive), one row each, with what happened:
 * - completed: everything done. The referral's completed_at is set in the transaction that
 *   completes its last course (the attitude test completes a course) and cleared when a course
 *   is added, so it is the moment every assigned course was done: what the force was told;
 * - completed_on: its London date;
 * - complied: completed on or before the deadline as it stands now, so extensions count;
 * - started: at least one course begun;
 * - referral_date: the London date of the referral, which re-offending bands count from.
 * Aggregated in the database: the reports never load referrals to count them.
 */
export function cohortSql(scope: Scope, range: ReportRange, options: { started?: boolean } = {}): CohortSql {
  const { start, end } = rangeInstants(range);
  const byForce = 'forceId' in scope;
  // Only the period report asks whether anyone started: the others need not read every enrolment.
  const started = options.started ? 'exists (select 1 from enrolments e where e.referral_id = r.id and e.started_at is not null)' : 'null::boolean';
  const sql = `with facts as (
      select r.id, r.force_id, r.disposal_type, r.status, r.deadline, r.withdrawn_at,
        (r.referred_at at time zone 'Europe/London')::date as referral_date,
        (r.completed_at at time zone 'Europe/London')::date as completed_on,
        r.completed_at is not null as completed,
        r.completed_at is not null and (r.completed_at at time zone 'Europe/London')::date <= r.deadline as complied,
        r.status = 'withdrawn' as withdrawn,
        ${started} as started
      from referrals r
      where r.referred_at >= ? and r.referred_at < ?${byForce ? ' and r.force_id = ?' : ''}
    )`;
  return { sql, bindings: byForce ? [start, end, scope.forceId] : [start, end] };
}

/**
 * Appended to the facts: per referral, the latest check date and the first re-offence on or
 * after the referral date (its offence date, else the date of the check that recorded it).
 * Only checks that count: one voided, or replaced by a correction, is kept but left out here;
 * the correction counts in its place (referrals/store/checks.ts).
 */
export const CHECKS_CTE = `checks as (
      select k.referral_id,
        max(k.checked_on) as last_checked_on,
        min(coalesce(k.offence_date, k.checked_on)) filter (where k.reoffended and coalesce(k.offence_date, k.checked_on) >= c.referral_date) as first_reoffence_on
      from reoffending_checks k
      join facts c on c.id = k.referral_id
      where k.voided_at is null and k.replaced_by_id is null
      group by k.referral_id
    )`;

/**
 * The courses assigned to the referrals made in the range, per course (titled with its newest
 * version) and in total (the grouping set (), where the course is null). A statement of its
 * own, so on PostgreSQL it runs beside the report's other statement, on another connection.
 */
export function coursesSql(scope: Scope, range: ReportRange): CohortSql {
  const { start, end } = rangeInstants(range);
  const byForce = 'forceId' in scope;
  const sql = `with per_course as (
      select e.course_id,
        count(*) as enrolments,
        count(e.completed_at) as completions,
        count(a.enrolment_id) as responses,
        count(*) filter (where a.overall = 'positive') as positive,
        count(*) filter (where a.overall = 'neutral') as neutral,
        count(*) filter (where a.overall = 'negative') as negative
      from referrals r
      join enrolments e on e.referral_id = r.id
      left join attitude_responses a on a.enrolment_id = e.id
      where r.referred_at >= ? and r.referred_at < ?${byForce ? ' and r.force_id = ?' : ''}
      group by grouping sets ((e.course_id), ())
    )
    select p.*, t.title
    from per_course p
    left join (select distinct on (course_id) course_id, title from course_versions order by course_id, version desc) t on t.course_id = p.course_id
    order by t.title nulls last, p.course_id nulls last`;
  return { sql, bindings: byForce ? [start, end, scope.forceId] : [start, end] };
}

/** The JSON array of a CTE's rows, in one column of the report's single result row. */
export const jsonRows = (cte: string, order = '') => `(select coalesce(json_agg(${cte}${order ? ` order by ${order}` : ''}), '[]') from ${cte})`;

/**
 * Runs one of a report's statements. Each works the per-referral facts out once (the period and
 * evaluation statements answer one row of JSON columns). JIT compilation is off for it: on
 * PostgreSQL its compile time (over a second at 100,000 referrals, measured with bench/reports.ts)
 * costs far more than the few hundred milliseconds the query itself takes.
 */
export async function reportQuery<Row>(db: Database, sql: string, bindings: CohortSql['bindings']): Promise<Row[]> {
  return reportTransaction(db, async (trx) => (await trx.raw(sql, bindings)).rows as Row[]);
}

/** A transaction with the report settings above, for report statements. */
export async function reportTransaction<T>(db: Database, work: (trx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw('set local jit = off');
    // Room to hash 100,000 referrals' rows in memory rather than spill them to disk.
    await trx.raw("set local work_mem = '64MB'");
    return work(trx);
  });
}
