import { DateTime } from 'luxon';
import { ZONE } from '../time/london';

type DateParts = { day: string; month: string; year: string };

/** Reads the Day, Month and Year boxes (GOV.UK pattern), naming the box that is wrong. */
export function readDateOfBirth(parts: DateParts, now: Date): { date: string } | { field: keyof DateParts; error: string } {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { field: 'day', error: 'Enter your date of birth' };
  if (!/^\d{1,2}$/.test(day)) return { field: 'day', error: 'Date of birth must include a day, like 27' };
  if (!/^\d{1,2}$/.test(month)) return { field: 'month', error: 'Date of birth must include a month, like 3' };
  if (!/^\d{4}$/.test(year)) return { field: 'year', error: 'Year must be 4 numbers, like 2001' };
  const date = DateTime.fromObject({ day: Number(day), month: Number(month), year: Number(year) }, { zone: ZONE });
  if (!date.isValid) return { field: 'day', error: 'Date of birth must be a real date' };
  if (date > DateTime.fromJSDate(now, { zone: ZONE }) || date.year < 1900) {
    return { field: 'year', error: 'Date of birth must be in the past' };
  }
  return { date: date.toISODate() as string };
}
