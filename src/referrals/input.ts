import { DateTime } from 'luxon';
import { z } from 'zod';
import { type FieldErrors, fieldErrors } from '../forms/field-errors';
import { londonDate, ZONE } from '../time/london';
import { DISPOSALS, type NewReferral } from './model';

const optionalText = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(max, `${what} must be ${max} characters or fewer`)
    .transform((value) => value || null)
    .nullish()
    .transform((value) => value ?? null);

const requiredText = (max: number, what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer`);

/** YYYY-MM-DD, or DD/MM/YYYY as people type it where a browser has no date picker. */
function isoDate(what: string) {
  return z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).transform((value, ctx) => {
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    const date = uk
      ? DateTime.fromObject({ day: Number(uk[1]), month: Number(uk[2]), year: Number(uk[3]) }, { zone: ZONE })
      : DateTime.fromFormat(value, 'yyyy-MM-dd', { zone: ZONE });
    if (!date.isValid) {
      ctx.addIssue({ code: 'custom', message: `${what[0]!.toUpperCase()}${what.slice(1)} must be a real date, like 2026-03-27` });
      return z.NEVER;
    }
    return date.toISODate() as string;
  });
}

/**
 * The referral's rules, some of which depend on today's London date (a deadline from today to a year
 * ahead, a date of birth in the past): built from the Clock's time when a form or an API body is
 * read, so the police form and the API give one answer, and tests can move the day.
 */
export function referralRules(now: Date) {
  const today = londonDate(now);
  const inAYear = DateTime.fromISO(today, { zone: ZONE }).plus({ years: 1 }).toISODate() as string;
  const longAgo = DateTime.fromISO(today, { zone: ZONE }).minus({ years: 120 }).toISODate() as string;

  /** A deadline: today or later, within a year. */
  const deadline = isoDate('the deadline')
    .refine((date) => date >= today, 'The deadline must be today or later')
    .refine((date) => date <= inAYear, 'The deadline must be within a year');

  /** The person referred, as the officer gives them and may later correct them. */
  const personFields = {
    firstName: requiredText(100, 'the first name'),
    lastName: requiredText(100, 'the last name'),
    dateOfBirth: isoDate('the date of birth').refine((date) => date < today && date >= longAgo, 'The date of birth must be in the past'),
    email: optionalText(254, 'Email address').refine((v) => v === null || z.email().safeParse(v).success, 'Enter an email address like name@example.com'),
    phone: optionalText(30, 'Phone number').refine((v) => v === null || /^\+?[0-9 ()-]{7,}$/.test(v), 'Enter a phone number like 07700 900 982'),
    preferredLanguage: optionalText(60, 'Preferred language'),
    supportNeeds: optionalText(1000, 'Support needs'),
  };

  const referral = z
    .object({
      reference: z
        .string({ error: 'Enter the force reference' })
        .trim()
        .min(1, 'Enter the force reference')
        .max(50, 'The force reference must be 50 characters or fewer')
        .regex(/^[A-Za-z0-9][A-Za-z0-9 /._-]*$/, 'The force reference can only use letters, numbers, spaces and / . _ -'),
      disposalType: z.enum(DISPOSALS.map((d) => d.value) as [string, ...string[]], { error: 'Choose the disposal type' }),
      courses: z
        .array(z.string().trim().min(1), { error: 'Choose at least one course' })
        .min(1, 'Choose at least one course')
        .max(5, 'Choose no more than 5 courses')
        .transform((courses) => [...new Set(courses)]),
      ...personFields,
      deadline: deadline.nullish().transform((value) => value ?? null),
      officerName: requiredText(100, 'the referring officer’s name'),
      officerEmail: optionalText(254, 'Officer email').refine((v) => v === null || z.email().safeParse(v).success, 'Enter the officer’s email address like name@police.uk'),
      notes: optionalText(2000, 'Notes'),
    })
    .transform((value) => value as NewReferral);

  return { deadline, person: z.object(personFields), referral };
}

export type PersonDetails = z.infer<ReturnType<typeof referralRules>['person']>;

/** A real day written YYYY-MM-DD (not Date.parse: it takes 2026-02-30 as 2 March). */
const isoDay = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .refine((value) => /^[1-9]\d{3}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid, message);

/** A re-offending check: the same rule for the referral page and the API. */
export const reoffendingCheckSchema = z
  .object({
    checkedOn: isoDay('Enter the date of the check, like 2026-11-01'),
    reoffended: z.boolean({ error: 'Say whether the person re-offended' }),
    offenceDate: isoDay('Enter the offence date like 2026-10-01, or leave it empty')
      .nullish()
      .transform((value) => value ?? null),
  })
  .refine((check) => check.reoffended || check.offenceDate === null, {
    path: ['offenceDate'],
    message: 'An offence date is only for a re-offence: leave it empty when the person did not re-offend',
  });
export type ReoffendingCheck = z.infer<typeof reoffendingCheckSchema>;

/** Words typed about a person (an extension's reason, why a referral is withdrawn): refused, never cut, when too long. */
export const reasonText = (missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(1000, 'The reason must be 1000 characters or fewer');

/** Reads the police form. Empty boxes are "not given". */
export function referralFromForm(body: Record<string, unknown>, now: Date): { value: NewReferral } | { errors: FieldErrors } {
  const courses = body.courses === undefined ? [] : Array.isArray(body.courses) ? body.courses : [body.courses];
  const parsed = referralRules(now).referral.safeParse({ ...body, courses, deadline: body.deadline || null });
  return parsed.success ? { value: parsed.data } : { errors: fieldErrors(parsed.error) };
}

/** Reads the "correct the person's details" form. */
export function personFromForm(body: Record<string, unknown>, now: Date): { value: PersonDetails } | { errors: FieldErrors } {
  const parsed = referralRules(now).person.safeParse(body);
  return parsed.success ? { value: parsed.data } : { errors: fieldErrors(parsed.error) };
}
