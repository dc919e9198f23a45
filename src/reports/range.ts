import { DateTime } from 'luxon';
import { z } from 'zod';
import { DATE_YEARS, dateField } from '../forms/dates';
import { ZONE } from '../time/london';

/** The referrals a report covers: those made between two London dates, both inclusive. */
export interface ReportRange {
  from: string;
  to: string;
}

/** The longest range a report may cover: long enough for any evaluation, short enough to stay quick. */
export const MAX_RANGE_YEARS = 10;

const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });

/** The instants the range covers: from London midnight at the start of `from` to the one after `to`. */
export function rangeInstants(range: ReportRange): { start: Date; end: Date } {
  return { start: day(range.from).startOf('day').toJSDate(), end: day(range.to).plus({ days: 1 }).startOf('day').toJSDate() };
}

export function monthRange(month: string): ReportRange {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: ZONE });
  return { from: start.toISODate() as string, to: start.endOf('month').toISODate() as string };
}

export function quarterRange(quarter: string): ReportRange {
  const [year, number] = quarter.split('-Q').map(Number) as [number, number];
  const start = DateTime.fromObject({ year, month: (number - 1) * 3 + 1, day: 1 }, { zone: ZONE });
  return { from: start.toISODate() as string, to: start.plus({ months: 2 }).endOf('month').toISODate() as string };
}

/** The calendar month before the one `now` falls in, in London. */
export function previousMonth(now: Date): { month: string; range: ReportRange } {
  const month = DateTime.fromJSDate(now, { zone: ZONE }).startOf('month').minus({ months: 1 }).toFormat('yyyy-MM');
  return { month, range: monthRange(month) };
}

/** The last `count` months (newest first) and quarters, for the period form. */
export function recentPeriods(now: Date, count = { months: 24, quarters: 8 }) {
  const thisMonth = DateTime.fromJSDate(now, { zone: ZONE }).startOf('month');
  const months = Array.from({ length: count.months }, (_, i) => thisMonth.minus({ months: i })).map((m) => ({
    value: m.toFormat('yyyy-MM'),
    label: m.toFormat('LLLL yyyy'),
  }));
  const thisQuarter = thisMonth.startOf('quarter');
  const quarters = Array.from({ length: count.quarters }, (_, i) => thisQuarter.minus({ months: 3 * i })).map((q) => ({
    value: `${q.year}-Q${q.quarter}`,
    label: `${q.toFormat('LLL')} to ${q.plus({ months: 2 }).toFormat('LLL yyyy')}`,
  }));
  return { months, quarters };
}

export const longRange = (range: ReportRange) =>
  range.from === range.to ? day(range.from).toFormat('d LLLL yyyy') : `${day(range.from).toFormat('d LLLL yyyy')} to ${day(range.to).toFormat('d LLLL yyyy')}`;

const yearsWords = `between ${DATE_YEARS.first} and ${DATE_YEARS.last}`;
/** A YYYY-MM or YYYY-Qn whose year a date may have (src/forms/dates.ts says why there are limits). */
const inDateYears = (value: string) => Number(value.slice(0, 4)) >= DATE_YEARS.first && Number(value.slice(0, 4)) <= DATE_YEARS.last;

/** `from` and `to` as the API and the custom-dates form send them, read as every date is. Messages name the field. */
export const rangeSchema = z
  .object({
    from: dateField('from', { missing: 'Enter the first date (from), as YYYY-MM-DD' }),
    to: dateField('to', { missing: 'Enter the last date (to), as YYYY-MM-DD' }),
  })
  // zod runs these only once both dates are read: otherwise the field's own message says what is wrong.
  .refine((range) => range.from <= range.to, { path: ['to'], message: 'to must be the same as or after from' })
  .refine((range) => day(range.to).diff(day(range.from), 'years').years <= MAX_RANGE_YEARS, {
    path: ['to'],
    message: `A report covers at most ${MAX_RANGE_YEARS} years`,
  });

type Chosen = { range: ReportRange } | { errors: Record<string, string> };

/**
 * The period form's choice: a month (YYYY-MM), a quarter (YYYY-Qn) or custom from/to, as its
 * radios (`period`) say; a link may give just one of month, quarter or from/to.
 */
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** Which period the form or link chose: its radio (`period`), else whichever of month or quarter it gives, else custom dates. */
export function periodKind(query: Record<string, unknown>): 'month' | 'quarter' | 'custom' {
  const period = String(query.period);
  if (period === 'month' || period === 'quarter' || period === 'custom') return period;
  return text(query.month) ? 'month' : text(query.quarter) ? 'quarter' : 'custom';
}

export function periodFromQuery(query: Record<string, unknown>): Chosen {
  const month = text(query.month);
  const quarter = text(query.quarter);
  const kind = periodKind(query);
  if (kind === 'month') {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return { errors: { month: 'month must be a month as YYYY-MM, like 2026-10' } };
    if (!inDateYears(month)) return { errors: { month: `month must be a month ${yearsWords}` } };
    return { range: monthRange(month) };
  }
  if (kind === 'quarter') {
    if (!/^\d{4}-Q[1-4]$/.test(quarter)) return { errors: { quarter: 'quarter must be a quarter as YYYY-Qn, like 2026-Q4' } };
    if (!inDateYears(quarter)) return { errors: { quarter: `quarter must be a quarter ${yearsWords}` } };
    return { range: quarterRange(quarter) };
  }
  return rangeFromQuery(query);
}

export function rangeFromQuery(query: Record<string, unknown>): Chosen {
  const parsed = rangeSchema.safeParse({ from: query.from ?? '', to: query.to ?? '' });
  if (parsed.success) return { range: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'from')] ??= issue.message;
  return { errors };
}
