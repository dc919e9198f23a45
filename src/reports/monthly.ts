import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import { londonDate, longDate } from '../time/london';
import type { ForceInbox } from '../forces/model';
import type { Outbox } from '../notifications/deliveries';
import { csvFile, tableCsv } from './csv';
import { percent } from './figures';
import { monthRange, previousMonth, rangeInstants } from './range';
import type { ReportService } from './service';
import { periodTables } from './tables';

export const MONTHLY_REPORT_EVENT = 'report.monthly';

/** The same id for a force's report for a month, whichever server makes it: the database keeps one. */
export function monthlyEventId(forceId: number, month: string): string {
  const hex = createHash('sha256').update(`${MONTHLY_REPORT_EVENT}:${forceId}:${month}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What the monthly report asks of forces: the hub inboxes that existed before a moment. */
interface Forces {
  reportInboxes(createdBefore: Date): Promise<ForceInbox[]>;
}

/**
 * From the 1st of each month, each force with an inbox gets the previous month's period report,
 * its tables attached as CSV. It runs with the deadline sweep (a pg-boss schedule, every 10
 * minutes, in every server) and sends each force's month once: the delivery is written under an
 * advisory lock after checking none exists, and a unique index refuses a second one anyway.
 * A server that was down on the 1st catches up when it next runs.
 */
export function monthlyReportMail(deps: { db: Database; reports: ReportService; forces: Forces; outbox: Outbox; clock: Clock; logger: Logger; publicUrl: string }) {
  const { db, reports, outbox, clock, logger } = deps;

  async function emailFor(force: ForceInbox, month: string) {
    const range = monthRange(month);
    const report = await reports.period({ forceId: force.id }, range);
    const tables = periodTables(report);
    const monthWords = longDate(range.from).replace(/^\S+ 1 /, '');
    const lines = tables[0]!.rows.map(([label, value]) => `${label}: ${typeof value === 'object' && value !== null ? percent(value.rate) : (value ?? '–')}`);
    const disposals = report.byDisposal.map((row) => `- ${row.label}: ${row.received} received, ${row.completed} completed (${percent(row.completionRate)})`);
    return {
      to: force.notificationEmail,
      subject: `Pathways monthly report for ${force.name}: ${monthWords}`,
      text: [
        `Referrals ${force.name} made in ${monthWords} (${longDate(range.from)} to ${longDate(range.to)}, London dates), as on ${longDate(report.asOf)}.`,
        '',
        ...lines,
        '',
        'By disposal type:',
        ...disposals,
        '',
        'The tables are attached as CSV files. Rates are out of the referrals received; definitions are printed on the report.',
        `See the report with its charts: ${deps.publicUrl}/reports/period?month=${month}`,
      ].join('\n'),
      attachments: tables.map((table) => ({
        filename: `pathways-period-${force.code}-${range.from}-to-${range.to}-${table.id}.csv`.replace(/[^A-Za-z0-9._-]/g, '-'),
        content: csvFile(tableCsv(table)),
        contentType: 'text/csv; charset=utf-8',
      })),
    };
  }

  /** Writes the force's delivery unless one exists: true when this call wrote it. */
  async function sendOnce(force: ForceInbox, month: string): Promise<boolean> {
    const eventId = monthlyEventId(force.id, month);
    if (await outbox.written(db, MONTHLY_REPORT_EVENT, eventId)) return false;
    // Worked out before the transaction: the embedded database has one connection, which it holds.
    const email = await emailFor(force, month);
    return db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [eventId]);
      if (await outbox.written(trx, MONTHLY_REPORT_EVENT, eventId)) return false;
      await outbox.email(trx, { eventId, eventType: MONTHLY_REPORT_EVENT, forceId: force.id }, email);
      return true;
    });
  }

  return {
    /** Sends last month's report to every force inbox that has not had it; returns how many it sent. */
    async sendDue(): Promise<number> {
      const { month, range } = previousMonth(clock.now());
      // A force added after the month ended has nothing to report for it.
      const inboxes = await deps.forces.reportInboxes(rangeInstants(range).end);
      let sent = 0;
      for (const force of inboxes) {
        try {
          if (await sendOnce(force, month)) sent += 1;
        } catch (error) {
          // One force's failure must not hold back the others, nor the deadline sweep it runs with.
          logger.error({ err: error, forceId: force.id, month, today: londonDate(clock.now()) }, 'monthly report not sent');
        }
      }
      return sent;
    },
  };
}

export type MonthlyReportMail = ReturnType<typeof monthlyReportMail>;
