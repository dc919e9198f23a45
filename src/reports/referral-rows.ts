import type { Database } from '../db/database';
import type { Scope } from '../referrals/service';
import { CHECKS_CTE, cohortSql, reportQuery, reportTransaction } from './cohort';
import type { ReportRange } from './range';

/** The per-referral CSV's columns, in order. */
export const REFERRAL_COLUMNS = [
  'force', 'reference', 'disposal_type', 'referral_date', 'deadline', 'status', 'courses', 'courses_completed', 'started', 'completed',
  'completed_on', 'days_to_completion', 'complied', 'completed_late', 'withdrawn_on', 'attitude', 'last_checked_on', 'first_reoffence_on', 'reoffence_band',
];

/**
 * One line per referral in the cohort, for force analysts: facts and dates only. No names,
 * dates of birth, reflections, comments or reasons: nothing a person typed.
 */
export async function referralRows(db: Database, scope: Scope, range: ReportRange): Promise<Record<string, unknown>[]> {
  const { sql, bindings } = referralRowsSql(scope, range);
  return reportQuery<Record<string, unknown>>(db, sql, bindings);
}

/**
 * The per-referral CSV's lines, made a batch of rows at a time through a cursor: every force's
 * referrals over years is 100,000 rows, about 230 MB of heap as row objects (more than the
 * server's heap limit) but 15 MB as CSV text. The text is returned once the transaction is over,
 * so a slow download never holds a database connection (the embedded engine has only one).
 */
export async function referralCsvLines(
  db: Database,
  scope: Scope,
  range: ReportRange,
  toLines: (rows: Record<string, unknown>[]) => string,
  batchSize = 2000,
): Promise<{ chunks: string[]; rows: number }> {
  const { sql, bindings } = referralRowsSql(scope, range);
  return reportTransaction(db, async (trx) => {
    await trx.raw(`declare referral_rows no scroll cursor for ${sql}`, bindings);
    const chunks: string[] = [];
    let count = 0;
    for (;;) {
      const { rows } = (await trx.raw(`fetch ${batchSize} from referral_rows`)) as { rows: Record<string, unknown>[] };
      if (rows.length === 0) return { chunks, rows: count };
      chunks.push(toLines(rows));
      count += rows.length;
    }
  });
}

function referralRowsSql(scope: Scope, range: ReportRange) {
  const cohort = cohortSql(scope, range, { started: true });
  return {
    bindings: cohort.bindings,
    sql: `${cohort.sql}, ${CHECKS_CTE}, progress as (
      select e.referral_id, count(*) as courses, count(e.completed_at) as courses_completed,
        string_agg(e.course_id || ': ' || a.overall, '; ' order by e.course_id) as attitude
      from enrolments e
      left join attitude_responses a on a.enrolment_id = e.id
      where e.referral_id in (select id from facts)
      group by e.referral_id
    )
    select fo.code as force, r.reference, f.disposal_type, to_char(f.referral_date, 'YYYY-MM-DD') as referral_date,
      to_char(f.deadline, 'YYYY-MM-DD') as deadline, f.status, coalesce(p.courses, 0) as courses, coalesce(p.courses_completed, 0) as courses_completed, f.started, f.completed,
      to_char(f.completed_on, 'YYYY-MM-DD') as completed_on,
      case when f.completed then f.completed_on - f.referral_date end as days_to_completion,
      f.complied, f.completed and f.completed_on > f.deadline as completed_late,
      to_char((f.withdrawn_at at time zone 'Europe/London')::date, 'YYYY-MM-DD') as withdrawn_on,
      p.attitude,
      to_char(ch.last_checked_on, 'YYYY-MM-DD') as last_checked_on,
      to_char(ch.first_reoffence_on, 'YYYY-MM-DD') as first_reoffence_on,
      case when ch.first_reoffence_on is null then null
        when ch.first_reoffence_on < f.referral_date + interval '6 months' then '0-6'
        when ch.first_reoffence_on < f.referral_date + interval '12 months' then '6-12'
        when ch.first_reoffence_on < f.referral_date + interval '18 months' then '12-18'
        else 'after 18' end as reoffence_band
    from facts f
    join referrals r on r.id = f.id
    join forces fo on fo.id = f.force_id
    left join checks ch on ch.referral_id = f.id
    left join progress p on p.referral_id = f.id
    order by f.referral_date, fo.code, r.reference`,
  };
}
