import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { PROJECT_ROOT } from '../paths';
import { ZONE } from './london';

/**
 * Working days in England and Wales: Monday to Friday, less the bank holidays in
 * reference/bank-holidays-england-and-wales.json (copied from GOV.UK: there is no internet at run time).
 */
interface BankHolidays {
  source: string;
  dates: string[];
}

const FILE = path.join(PROJECT_ROOT, 'reference', 'bank-holidays-england-and-wales.json');
const holidays: BankHolidays = JSON.parse(fs.readFileSync(FILE, 'utf8')) as BankHolidays;
const BANK_HOLIDAYS = new Set(holidays.dates);

/** The last bank holiday the file knows: after it, only weekends are known to be days off. */
export const BANK_HOLIDAYS_KNOWN_UNTIL = holidays.dates.reduce((last, date) => (date > last ? date : last), '');

/** Whether a London day (YYYY-MM-DD) is a working day. */
export function isWorkingDay(day: string): boolean {
  const date = DateTime.fromISO(day, { zone: ZONE });
  return date.weekday <= 5 && !BANK_HOLIDAYS.has(day);
}

/**
 * The working days that have begun since a moment, counted in London days: asked on a Friday and read
 * on the Monday after is 1; asked today is 0. A request made on a weekend or bank holiday starts its
 * count at the next working day, as the people who answer it do.
 */
export function workingDaysSince(since: Date, now: Date): number {
  let day = DateTime.fromJSDate(since, { zone: ZONE }).startOf('day').plus({ days: 1 });
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  let count = 0;
  while (day <= today) {
    if (isWorkingDay(day.toISODate() as string)) count += 1;
    day = day.plus({ days: 1 });
  }
  return count;
}

/** Whether the file's dates run out within `days` of now: time to copy the next years from GOV.UK. */
export function bankHolidaysRunOutWithin(days: number, now: Date): boolean {
  return DateTime.fromISO(BANK_HOLIDAYS_KNOWN_UNTIL, { zone: ZONE }) < DateTime.fromJSDate(now, { zone: ZONE }).plus({ days });
}
