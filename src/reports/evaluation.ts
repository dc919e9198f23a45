import type { Database } from '../db/database';
import { DISPOSALS, disposalToApi } from '../referrals/model';
import type { Scope } from '../referrals/service';
import { CHECKS_CTE, cohortSql, jsonRows, reportQuery } from './cohort';
import { type CourseFigures, rate } from './figures';
import { courseFigures } from './period';
import type { ReportRange } from './range';

/** Re-offending bands, in whole months after the referral date. */
export const BANDS = [
  { key: '0-6', label: '0 to 6 months', fromMonths: 0, toMonths: 6 },
  { key: '6-12', label: '6 to 12 months', fromMonths: 6, toMonths: 12 },
  { key: '12-18', label: '12 to 18 months', fromMonths: 12, toMonths: 18 },
] as const;

export interface BandFigures {
  band: string;
  /** Re-offended for the first time in this band. */
  reoffended: number;
  reoffendedRate: number | null;
  /** Checked on or after the band's end with no re-offence in this or an earlier band. */
  notReoffended: number;
  /** No re-offence recorded so far and no check yet dated on or after the band's end. */
  notChecked: number;
}

export interface CohortFigures {
  issued: number;
  complied: number;
  complianceRate: number | null;
  completedLate: number;
  withdrawn: number;
  bands: BandFigures[];
}

export interface EvaluationReport {
  from: string;
  to: string;
  asOf: string;
  byDisposal: (CohortFigures & { disposal: string; label: string })[];
  total: CohortFigures;
  byCompliance: { complied: CohortFigures; notComplied: CohortFigures };
  attitudeByCourse: CourseFigures[];
}

const bandColumns = BANDS.map((band, index) => {
  const end = `(referral_date + interval '${band.toMonths} months')`;
  const n = index + 1;
  return `count(*) filter (where band = ${n}) as reoffended_${n},
      count(*) filter (where (band is null or band > ${n}) and last_checked_on >= ${end}) as not_reoffended_${n},
      count(*) filter (where (band is null or band > ${n}) and (last_checked_on is null or last_checked_on < ${end})) as not_checked_${n}`;
}).join(',\n      ');

const bandCase = BANDS.map((band, index) => `when first_reoffence_on < f.referral_date + interval '${band.toMonths} months' then ${index + 1}`).join(' ');

/**
 * Compliance and re-offending for each disposal type, for each side of compliance and in total:
 * three grouping sets over the same per-referral facts, in one statement.
 * A person counts once, in the band of their first re-offence (its offence date, else the
 * check date) on or after the referral date.
 */
function evaluationSql(scope: Scope, range: ReportRange) {
  const cohort = cohortSql(scope, range);
  const sql = `${cohort.sql}, ${CHECKS_CTE}, banded as (
      select f.disposal_type, f.complied, f.completed, f.withdrawn, f.deadline, f.completed_on, f.referral_date, ch.last_checked_on,
        case ${bandCase} end as band
      from facts f
      left join checks ch on ch.referral_id = f.id
    ), groups as (
      select grouping(disposal_type) as every_disposal, grouping(complied) as either_compliance, disposal_type, complied,
        count(*) as issued,
        count(*) filter (where complied) as complied_count,
        count(*) filter (where completed and completed_on > deadline) as completed_late,
        count(*) filter (where withdrawn) as withdrawn,
        ${bandColumns}
      from banded
      group by grouping sets ((disposal_type), (complied), ())
    )
    select ${jsonRows('groups')} as groups`;
  return { sql, bindings: cohort.bindings };
}

type GroupRow = Record<string, number | string | boolean | null>;

function figuresOf(row: GroupRow | undefined): CohortFigures {
  const n = (column: string) => Number(row?.[column] ?? 0);
  const issued = n('issued');
  return {
    issued,
    complied: n('complied_count'),
    complianceRate: rate(n('complied_count'), issued),
    completedLate: n('completed_late'),
    withdrawn: n('withdrawn'),
    bands: BANDS.map((band, index) => ({
      band: band.key,
      reoffended: n(`reoffended_${index + 1}`),
      reoffendedRate: rate(n(`reoffended_${index + 1}`), issued),
      notReoffended: n(`not_reoffended_${index + 1}`),
      notChecked: n(`not_checked_${index + 1}`),
    })),
  };
}

export async function evaluationReport(db: Database, scope: Scope, range: ReportRange, today: string): Promise<EvaluationReport> {
  const { sql, bindings } = evaluationSql(scope, range);
  const [[result], courses] = await Promise.all([reportQuery<{ groups: GroupRow[] }>(db, sql, bindings), courseFigures(db, scope, range)]);
  const rows = result.groups;
  const byDisposal = rows.filter((row) => Number(row.every_disposal) === 0);
  const byCompliance = rows.filter((row) => Number(row.either_compliance) === 0);
  return {
    from: range.from,
    to: range.to,
    asOf: today,
    byDisposal: DISPOSALS.map((disposal) => ({
      disposal: disposalToApi(disposal.value),
      label: disposal.label,
      ...figuresOf(byDisposal.find((row) => row.disposal_type === disposal.value)),
    })),
    total: figuresOf(rows.find((row) => Number(row.every_disposal) === 1 && Number(row.either_compliance) === 1)),
    byCompliance: {
      complied: figuresOf(byCompliance.find((row) => row.complied === true)),
      notComplied: figuresOf(byCompliance.find((row) => row.complied === false)),
    },
    attitudeByCourse: courses.rows,
  };
}
