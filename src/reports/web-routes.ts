import { type Request, type Response, Router } from 'express';
import { notFound } from '../http/http-error';
import { dateBoxesOf, hasDateBoxes, readDateBoxes } from '../forms/dates';
import { longDate } from '../time/london';
import type { Services } from '../services';
import { auditActorOf, staffOf } from '../staff/roles';
import { attitudeChart, complianceRateChart, completionRateChart, completionsChart } from './charts';
import { csvFile, headingCsv, rowLinesCsv, tableCsv } from './csv';
import { percent } from './figures';
import { longRange, periodFromQuery, periodKind, rangeFromQuery, recentPeriods, type ReportRange } from './range';
import { REFERRAL_COLUMNS } from './referral-rows';
import { type ReportScope, reportScope } from './scope';
import { evaluationTables, periodTables, type ReportTable } from './tables';

type Kind = 'period' | 'evaluation';
type Chosen = { range: ReportRange; who: ReportScope };

/** The query string of a link to the same referrals: police links carry no force (theirs is implied). */
const linkQuery = (range: ReportRange, who: ReportScope, extra: Record<string, string> = {}) =>
  new URLSearchParams({ from: range.from, to: range.to, ...(who.choice ? { force: who.choice } : {}), ...extra }).toString();

/** The same report's link for a page: the dates as the form's Day, Month and Year boxes send them, so no YYYY-MM-DD reaches the page (CSV links keep them). */
const pageLinkQuery = (range: ReportRange, who: ReportScope) =>
  new URLSearchParams({ ...dateBoxesOf('from', range.from), ...dateBoxesOf('to', range.to), ...(who.choice ? { force: who.choice } : {}) }).toString();

/** The dates of the custom range, as the form's messages start: "The first date (from) must include a month". */
const RANGE_DATES = { from: 'The first date (from)', to: 'The last date (to)' };

const asked = (query: Record<string, unknown>) =>
  ['period', 'month', 'quarter', 'from', 'to'].some((key) => query[key] !== undefined) || hasDateBoxes(query, 'from') || hasDateBoxes(query, 'to');

/**
 * Report pages for police (their own force only, from their account) and provider staff
 * (any force or all), with charts, tables, definitions and CSV downloads.
 */
export function reportWebRoutes(services: Services): Router {
  const { reports, forces, audit, clock } = services;
  const router = Router();

  /** The range and force asked for, or the form's errors. */
  async function choose(req: Request, res: Response, kind: Kind): Promise<Chosen | { errors: Record<string, string> }> {
    // The custom range's Day, Month and Year boxes, or a link's (or the API's) from=2026-10-01.
    const dates = readDateBoxes(req.query as Record<string, unknown>, RANGE_DATES);
    const query = dates.form;
    const range = kind === 'period' ? periodFromQuery(query) : rangeFromQuery(query);
    const who = reportScope(staffOf(res), await forces.list(), query);
    // The boxes' own problems count only when the dates are the choice (not a month or a quarter).
    const dated = kind === 'evaluation' || periodKind(query) === 'custom';
    const rangeErrors = 'errors' in range ? range.errors : {};
    const errors = { ...('errors' in who ? who.errors : {}), ...(dated ? dates.errors(rangeErrors) : rangeErrors) };
    if ('errors' in range || 'errors' in who || Object.keys(errors).length > 0) return { errors };
    return { range: range.range, who };
  }

  async function formLocals(req: Request, res: Response) {
    const user = staffOf(res);
    return {
      forces: user.forceId === null ? await forces.list() : [],
      periods: recentPeriods(clock.now()),
      values: req.query as Record<string, unknown>,
    };
  }

  router.get('/reports', async (req, res) => {
    res.render('reports/index', { title: 'Reports', errors: {}, ...(await formLocals(req, res)) });
  });

  async function page(req: Request, res: Response, kind: Kind) {
    const title = kind === 'period' ? 'Period report' : 'Evaluation report';
    const locals = { errors: {} as Record<string, string>, ...(await formLocals(req, res)), percent, longDate, kind };
    if (!asked(req.query)) return res.render(`reports/${kind}`, { title, report: null, ...locals });
    const chosen = await choose(req, res, kind);
    if ('errors' in chosen) return res.status(400).render(`reports/${kind}`, { title: `Error: ${title}`, report: null, ...locals, errors: chosen.errors });
    const { range, who } = chosen;
    const common = {
      ...locals,
      who,
      range,
      rangeWords: longRange(range),
      download: (table: string) => `/reports/${kind}.csv?${linkQuery(range, who, { table })}`,
      referralsCsv: `/reports/referrals.csv?${linkQuery(range, who)}`,
      otherReport: `/reports/${kind === 'period' ? 'evaluation' : 'period'}?${pageLinkQuery(range, who)}`,
    };
    if (kind === 'period') {
      const report = await reports.period(who.scope, range);
      const charts = { completions: completionsChart(report), completionRate: completionRateChart(report), attitude: attitudeChart(report.byCourse) };
      return res.render('reports/period', { title: `${title}: ${who.label}, ${longRange(range)}`, report, tables: periodTables(report), charts, ...common });
    }
    const report = await reports.evaluation(who.scope, range);
    const charts = { complianceRate: complianceRateChart(report), attitude: attitudeChart(report.attitudeByCourse) };
    res.render('reports/evaluation', { title: `${title}: ${who.label}, ${longRange(range)}`, report, tables: evaluationTables(report), charts, ...common });
  }

  router.get('/reports/period', (req, res) => page(req, res, 'period'));
  router.get('/reports/evaluation', (req, res) => page(req, res, 'evaluation'));

  /** The export is written to the audit trail first: no file leaves without its line in the trail. */
  async function sendCsv(req: Request, res: Response, fileName: string, csv: string, details: Record<string, unknown>) {
    await audit.record(auditActorOf(req, res), { action: 'report-exported', details });
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '-')}"`);
    res.send(csvFile(csv));
  }

  async function chosenOr400(req: Request, res: Response, kind: Kind): Promise<Chosen | undefined> {
    const chosen = await choose(req, res, kind);
    if (!('errors' in chosen)) return chosen;
    res.status(400).type('text/plain').send(Object.values(chosen.errors).join('\n'));
    return undefined;
  }

  async function tableDownload(req: Request, res: Response, kind: Kind) {
    const chosen = await chosenOr400(req, res, kind);
    if (!chosen) return;
    const { range, who } = chosen;
    const tables: ReportTable[] =
      kind === 'period' ? periodTables(await reports.period(who.scope, range)) : evaluationTables(await reports.evaluation(who.scope, range));
    const table = tables.find((candidate) => candidate.id === req.query.table);
    if (!table) throw notFound('table');
    const name = `pathways-${kind}-${who.code}-${range.from}-to-${range.to}-${table.id}.csv`;
    await sendCsv(req, res, name, tableCsv(table), { report: kind, table: table.id, from: range.from, to: range.to, force: who.code });
  }

  router.get('/reports/period.csv', (req, res) => tableDownload(req, res, 'period'));
  router.get('/reports/evaluation.csv', (req, res) => tableDownload(req, res, 'evaluation'));

  router.get('/reports/referrals.csv', async (req, res) => {
    const chosen = await chosenOr400(req, res, 'evaluation');
    if (!chosen) return;
    const { range, who } = chosen;
    const name = `pathways-referrals-${who.code}-${range.from}-to-${range.to}.csv`;
    // Read as CSV text a batch of rows at a time: years of every force's referrals as row objects would not fit the heap.
    const { chunks, rows } = await reports.referralCsvLines(who.scope, range, (batch) => rowLinesCsv(batch, REFERRAL_COLUMNS));
    await sendCsv(req, res, name, [headingCsv(REFERRAL_COLUMNS), ...chunks].join(''), { report: 'referrals', from: range.from, to: range.to, force: who.code, rows });
  });

  return router;
}
