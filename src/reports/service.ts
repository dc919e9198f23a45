import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import { londonDate } from '../time/london';
import type { Scope } from '../referrals/service';
import { evaluationReport } from './evaluation';
import { periodReport } from './period';
import type { ReportRange } from './range';
import { referralCsvLines, referralRows } from './referral-rows';

/**
 * Reports for forces, computed in the database from live data: the period report (referrals
 * made in a month, quarter or custom dates, and where they stand now) and the evaluation report
 * (compliance, re-offending by time band and attitude by course for a cohort).
 */
export function reportService(db: Database, clock: Clock) {
  return {
    period: (scope: Scope, range: ReportRange) => periodReport(db, scope, range, londonDate(clock.now())),
    evaluation: (scope: Scope, range: ReportRange) => evaluationReport(db, scope, range, londonDate(clock.now())),
    /** One row per referral for analysts: no names and nothing a person typed. */
    referralRows: (scope: Scope, range: ReportRange) => referralRows(db, scope, range),
    referralCsvLines: (scope: Scope, range: ReportRange, toLines: (rows: Record<string, unknown>[]) => string) => referralCsvLines(db, scope, range, toLines),
  };
}

export type ReportService = ReturnType<typeof reportService>;
