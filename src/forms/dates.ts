import { DateTime } from 'luxon';
import { z } from 'zod';
import { ZONE } from '../time/london';

/**
 * One reading of a date a person enters, for every form and the API, so one date gets one answer
 * everywhere: the Day, Month and Year boxes (GOV.UK date input) or a typed date, YYYY-MM-DD (the
 * API's and the browser date picker's format) or DD/MM/YYYY (how people type it). Nothing else:
 * 03/15/1995 (US order) is not a real date, 15031995 is not a date. The result is always YYYY-MM-DD.
 *
 * The bounds that depend on today take today from the caller (the London date of the Clock's time):
 * this file never reads the wall clock.
 */

/**
 * The years any date may have. Year 0 and the day after 9999-12-31 are dates the database cannot
 * hold, and asking for them was a 500 (a report range, the audit filter); no referral, birth or
 * deadline we deal with is before 1900 or after 2999.
 */
export const DATE_YEARS = { first: 1900, last: 2999 } as const;

export type DateParts = { day: string; month: string; year: string };
export type DatePart = keyof DateParts;

/** Why a date cannot be read: not given at all, not a real date, or a year outside DATE_YEARS. */
export type DateProblem = 'missing' | 'not-real' | 'outside-years';
export type DateReading = { date: string } | { problem: DateProblem; part?: DatePart; message?: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** A real day, as YYYY-MM-DD; undefined for 31 April or 29 February in a year that has none. */
function realDay(year: number, month: number, day: number): string | undefined {
  const date = DateTime.fromObject({ year, month, day }, { zone: ZONE });
  return date.isValid ? `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : undefined;
}

const inYears = (date: string) => {
  const year = Number(date.slice(0, 4));
  return year >= DATE_YEARS.first && year <= DATE_YEARS.last;
};

const checked = (date: string | undefined): DateReading =>
  date === undefined ? { problem: 'not-real' } : inYears(date) ? { date } : { problem: 'outside-years' };

/** A typed date: YYYY-MM-DD or DD/MM/YYYY, spaces around it ignored. `\d` is ASCII only: full-width digits are refused. */
export function readTypedDate(typed: string): DateReading {
  const text = typed.trim();
  if (!text) return { problem: 'missing' };
  const iso = ISO.exec(text);
  if (iso) return checked(realDay(Number(iso[1]), Number(iso[2]), Number(iso[3])));
  const uk = UK.exec(text);
  if (uk) return checked(realDay(Number(uk[3]), Number(uk[2]), Number(uk[1])));
  return { problem: 'not-real' };
}

const yearsWords = `${DATE_YEARS.first} and ${DATE_YEARS.last}`;
const PART_ORDER: DatePart[] = ['day', 'month', 'year'];
const and = (words: string[]) => (words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/** "Enter the deadline" for the label "The deadline". */
const enter = (label: string) => `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`;

/**
 * The Day, Month and Year boxes, with GOV.UK's messages naming the box that is wrong: "<Label> must
 * include a month", "Year must include 4 numbers", "<Label> must be a real date". The label starts
 * the messages as it is given ("Date of birth").
 */
export function readDateParts(parts: Partial<DateParts>, label: string, missing = enter(label)): DateReading {
  const given = { day: (parts.day ?? '').trim(), month: (parts.month ?? '').trim(), year: (parts.year ?? '').trim() };
  const empty = PART_ORDER.filter((part) => !given[part]);
  if (empty.length === 3) return { problem: 'missing', part: 'day', message: missing };
  if (empty.length > 0) return { problem: 'missing', part: empty[0], message: `${label} must include a ${and(empty)}` };
  const notReal = (part: DatePart): DateReading => ({ problem: 'not-real', part, message: `${label} must be a real date` });
  if (!/^\d{1,2}$/.test(given.day)) return notReal('day');
  if (!/^\d{1,2}$/.test(given.month)) return notReal('month');
  if (!/^\d{4}$/.test(given.year)) return { problem: 'not-real', part: 'year', message: 'Year must include 4 numbers' };
  const [day, month, year] = [Number(given.day), Number(given.month), Number(given.year)];
  if (month < 1 || month > 12) return notReal('month');
  const date = realDay(year, month, day);
  if (date === undefined) return notReal('day');
  if (!inYears(date)) return { problem: 'outside-years', part: 'year', message: `${label} must be a date between ${yearsWords}` };
  return { date };
}

/** A limit on a date: the earliest or the latest day allowed, and what the rule says after the field's label. */
export type DateLimit = { earliest: string; says: string } | { latest: string; says: string };

const plus = (date: string, duration: { days?: number; years?: number }) =>
  DateTime.fromISO(date, { zone: ZONE }).plus(duration).toISODate() as string;
const inWords = (date: string) => DateTime.fromISO(date, { zone: ZONE }).toFormat('d LLLL yyyy');

export const notBefore = (date: string, says = `must be the same as or after ${inWords(date)}`): DateLimit => ({ earliest: date, says });
export const notAfter = (date: string, says = `must be the same as or before ${inWords(date)}`): DateLimit => ({ latest: date, says });
/** `today` is the London date of the Clock's time (src/time/london.ts), as every limit below. */
export const inThePast = (today: string): DateLimit => notAfter(plus(today, { days: -1 }), 'must be in the past');
export const todayOrLater = (today: string): DateLimit => notBefore(today, 'must be today or later');
export const withinAYear = (today: string): DateLimit => notAfter(plus(today, { years: 1 }), 'must be within a year');
/** At most `years` years before today (a date of birth). */
export const withinTheLast = (today: string, years: number): DateLimit => notBefore(plus(today, { years: -years }), `must be within the last ${years} years`);

/** The first limit the date breaks, as a message naming the field. */
function brokenLimit(date: string, label: string, limits: DateLimit[]): string | undefined {
  const broken = limits.find((limit) => ('earliest' in limit ? date < limit.earliest : date > limit.latest));
  return broken && `${label} ${broken.says}`;
}

export interface DateFieldOptions {
  /** The message for an empty field; "Enter <label>" unless said. */
  missing?: string;
  limits?: DateLimit[];
}

const missingWords = (label: string, options: DateFieldOptions) => options.missing ?? enter(label);

/**
 * A typed date field (the API and the staff forms' date boxes). The label starts each message as it
 * is given: "The deadline", or "from" where the API names its field. YYYY-MM-DD out.
 */
export function dateField(label: string, options: DateFieldOptions = {}) {
  const missing = missingWords(label, options);
  const problems: Record<DateProblem, string> = {
    missing,
    'not-real': `${label} must be a real date as YYYY-MM-DD, like 2026-10-01`,
    'outside-years': `${label} must be a date between ${yearsWords}`,
  };
  return z.string({ error: missing }).transform((typed, ctx) => {
    const reading = readTypedDate(typed);
    const message = 'date' in reading ? brokenLimit(reading.date, label, options.limits ?? []) : problems[reading.problem];
    if (message === undefined && 'date' in reading) return reading.date;
    ctx.addIssue({ code: 'custom', message: message ?? missing });
    return z.NEVER;
  });
}

/**
 * The Day, Month and Year boxes as one field: errors are keyed by the box that is wrong (day, month
 * or year), so the page can mark that box. YYYY-MM-DD out.
 */
export function dateParts(label: string, options: DateFieldOptions = {}) {
  const part = z.string().optional().catch(undefined);
  return z.object({ day: part, month: part, year: part }).transform((parts, ctx) => {
    const reading = readDateParts(parts, label, missingWords(label, options));
    if (!('date' in reading)) {
      ctx.addIssue({ code: 'custom', message: reading.message ?? `${label} must be a real date`, path: [reading.part ?? 'day'] });
      return z.NEVER;
    }
    const broken = brokenLimit(reading.date, label, options.limits ?? []);
    if (broken) {
      ctx.addIssue({ code: 'custom', message: broken, path: ['year'] });
      return z.NEVER;
    }
    return reading.date;
  });
}

/** The names of a date's three boxes in a form: `<name>-day`, `<name>-month` and `<name>-year`. */
export const dateBoxName = (name: string, part: DatePart) => `${name}-${part}`;

/** A YYYY-MM-DD date as its Day, Month and Year boxes send it ("15", "3", "1995"): for a link's query, so no YYYY-MM-DD reaches a page. */
export function dateBoxesOf(name: string, date: string): Record<string, string> {
  const [year, month, day] = date.split('-');
  return { [dateBoxName(name, 'day')]: String(Number(day)), [dateBoxName(name, 'month')]: String(Number(month)), [dateBoxName(name, 'year')]: year };
}

/** Whether a form (a body or a query) has the Day, Month and Year boxes of the date `name`. */
export const hasDateBoxes = (form: Record<string, unknown>, name: string) => PART_ORDER.some((part) => dateBoxName(name, part) in form);

export interface DateBoxes {
  /** The form with each boxed date as YYYY-MM-DD (or '' when all three boxes are empty) under its own name. */
  form: Record<string, unknown>;
  /**
   * The form's errors as a page shows them: a boxed date's problems keyed by the box that is wrong
   * (`dateOfBirth-month`), so the error summary links to that box and the page marks it; a problem
   * with the whole date (the form's own rules: in the future, before another date) is keyed by its
   * Day box. `ruleErrors` are the form's rules' errors, keyed by field names as the API gives them.
   * Empty when the form may be saved.
   */
  errors(ruleErrors?: Record<string, string>): Record<string, string>;
}

/**
 * A staff form's dates typed in GOV.UK Day, Month and Year boxes, read with readDateParts and put
 * back under the field's own name as YYYY-MM-DD, so the form's rules (dateField and its limits) read
 * them as they read the API's typed dates: one parser, one answer. A form without a date's boxes
 * (the API, a link like ?from=2026-10-01, older tests) keeps its typed `<name>` as it is.
 * `labels` gives each date's label as the messages start with it: "The date of birth must include a month".
 */
export function readDateBoxes(form: Record<string, unknown>, labels: Record<string, string>): DateBoxes {
  const read: Record<string, unknown> = { ...form };
  const boxErrors: Record<string, string> = {};
  const empty = new Set<string>();
  const box = (name: string, part: DatePart) => {
    const value = form[dateBoxName(name, part)];
    return typeof value === 'string' ? value : '';
  };
  const boxed = Object.keys(labels).filter((name) => hasDateBoxes(form, name));
  for (const name of boxed) {
    const label = labels[name];
    const reading = readDateParts({ day: box(name, 'day'), month: box(name, 'month'), year: box(name, 'year') }, label);
    if ('date' in reading) {
      read[name] = reading.date;
      continue;
    }
    // All three empty is "not given", for the form's rules to allow or refuse; a date the boxes
    // refused is not given to the rules either: the box's own message says more.
    read[name] = '';
    if (reading.problem === 'missing' && reading.message === enter(label)) empty.add(name);
    else boxErrors[dateBoxName(name, reading.part ?? 'day')] = reading.message ?? `${label} must be a real date`;
  }
  const errors = (ruleErrors: Record<string, string> = {}) => {
    const shown: Record<string, string> = {};
    for (const [key, message] of Object.entries(ruleErrors)) {
      if (!boxed.includes(key)) shown[key] = message;
      // "Enter the first date (from)", not the API's "…, as YYYY-MM-DD": nobody typed one.
      else if (empty.has(key)) shown[dateBoxName(key, 'day')] = enter(labels[key]);
      else if (!PART_ORDER.some((part) => dateBoxName(key, part) in boxErrors)) shown[dateBoxName(key, 'day')] = message;
    }
    return { ...shown, ...boxErrors };
  };
  return { form: read, errors };
}
