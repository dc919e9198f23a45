import { DateTime } from 'luxon';

/** Deadlines are London dates: a course is on time if finished by the end of that day in the UK. */
export const ZONE = 'Europe/London';

/** The London date at a moment: pass the Clock's time (see src/time/clock.ts), never the wall clock. */
export function londonDate(at: Date): string {
  return DateTime.fromJSDate(at, { zone: ZONE }).toISODate() as string;
}

const dateAndTime = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });

/** A moment as staff pages show it, in London time: "5 Mar 2027, 14:05". */
export function londonDateTime(at: Date): string {
  return dateAndTime.format(at);
}

/**
 * Luxon works out the zone's offset through Intl on every call, about 40 µs: the police list
 * formats 200 deadlines a page, mostly the same few dates. The words for a given input never
 * change, so they are kept; the cache is emptied when full, so it stays small.
 */
const longDates = new Map<string, string>();
const LONG_DATES_KEPT = 2000;

export function longDate(isoDate: string): string {
  let words = longDates.get(isoDate);
  if (words === undefined) {
    words = DateTime.fromISO(isoDate, { zone: ZONE }).toFormat('cccc d LLLL yyyy');
    if (longDates.size >= LONG_DATES_KEPT) longDates.clear();
    longDates.set(isoDate, words);
  }
  return words;
}

/** A date as people read it on a page or in an email, without the weekday: "3 December 1995". */
export function dateInWords(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: ZONE }).toFormat('d LLLL yyyy');
}

/** The London day of a moment, in words: "15 March 2026". */
export function londonDayInWords(at: Date): string {
  return dateInWords(londonDate(at));
}

export function isLate(deadline: string, at: Date): boolean {
  return londonDate(at) > deadline;
}

export interface DeadlineInWords {
  text: string;
  overdue: boolean;
  daysLeft: number;
}

const days = (count: number) => `${count} ${count === 1 ? 'day' : 'days'}`;

export function describeDeadline(deadline: string, at: Date): DeadlineInWords {
  const today = DateTime.fromISO(londonDate(at), { zone: ZONE });
  const due = DateTime.fromISO(deadline, { zone: ZONE });
  const daysLeft = Math.round(due.diff(today, 'days').days);
  const when = longDate(deadline);
  if (daysLeft > 0) return { text: `due by ${when}, ${days(daysLeft)} left`, overdue: false, daysLeft };
  if (daysLeft === 0) return { text: `due by today, ${when}`, overdue: false, daysLeft };
  return { text: `due by ${when}, ${days(-daysLeft)} ago`, overdue: true, daysLeft };
}

const DATE_AND_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
const DATE_AND_TIME_TO_THE_SECOND = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'medium' });

/** A moment as people in England read it on a page, like "3 Mar 2026, 14:05" (London time). */
export function londonDateAndTime(at: Date | string): string {
  return DATE_AND_TIME.format(new Date(at));
}

/** The same with seconds, like "3 Mar 2026, 14:05:09": for the audit trail, where order within a minute matters. */
export function londonDateAndTimeToTheSecond(at: Date | string): string {
  return DATE_AND_TIME_TO_THE_SECOND.format(new Date(at));
}
