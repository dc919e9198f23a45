import { z } from 'zod';
import { dateField, inThePast, readDateBoxes, notAfter, notBefore, todayOrLater, withinAYear, withinTheLast } from '../forms/dates';
import { type FieldErrors, fieldErrors } from '../forms/field-errors';
import { text } from '../forms/text';
import { londonDate, longDate } from '../time/london';
import { DISPOSALS, type NewReferral, type Referral } from './model';

/**
 * The referral's rules, some of which depend on today's London date (a deadline from today to a year
 * ahead, a date of birth in the past): built from the Clock's time when a form or an API body is
 * read, so the police form and the API give one answer, and tests can move the day.
 */
export function referralRules(now: Date) {
  const today = londonDate(now);

  /** A deadline: today or later, within a year. */
  const deadline = dateField('The deadline', { limits: [todayOrLater(today), withinAYear(today)] });

  /** The person referred, as the officer gives them and may later correct them. */
  const personFields = {
    firstName: text('The first name', { max: 100 }),
    lastName: text('The last name', { max: 100 }),
    dateOfBirth: dateField('The date of birth', { limits: [inThePast(today), withinTheLast(today, 120)] }),
    email: text('Email address', { max: 254, required: false }).refine((v) => v === null || z.email().safeParse(v).success, 'Enter an email address like name@example.com'),
    phone: text('Phone number', { max: 30, required: false }).refine((v) => v === null || /^\+?[0-9 ()-]{7,}$/.test(v), 'Enter a phone number like 07700 900 982'),
    preferredLanguage: text('Preferred language', { max: 60, required: false }),
    supportNeeds: text('Support needs', { max: 1000, required: false }),
  };

  const referral = z
    .object({
      reference: text('The force reference', { max: 50 }).refine(
        (reference) => /^[A-Za-z0-9][A-Za-z0-9 /._-]*$/.test(reference),
        'The force reference can only use letters, numbers, spaces and / . _ -',
      ),
      disposalType: z.enum(DISPOSALS.map((d) => d.value) as [string, ...string[]], { error: 'Choose the disposal type' }),
      courses: z
        .array(z.string().trim().min(1), { error: 'Choose at least one course' })
        .min(1, 'Choose at least one course')
        .max(5, 'Choose no more than 5 courses')
        .transform((courses) => [...new Set(courses)]),
      ...personFields,
      deadline: deadline.nullish().transform((value) => value ?? null),
      officerName: text('The referring officer’s name', { max: 100 }),
      officerEmail: text('Officer email', { max: 254, required: false }).refine((v) => v === null || z.email().safeParse(v).success, 'Enter the officer’s email address like name@police.uk'),
      notes: text('Notes', { max: 2000, required: false }),
    })
    .transform((value) => value as NewReferral);

  return { deadline, person: z.object(personFields), referral };
}

export type PersonDetails = z.infer<ReturnType<typeof referralRules>['person']>;

/**
 * A re-offending check's rules, the same for the referral page and the API: checks are data for the
 * evaluation, so their dates must be possible. The check and any offence fall between the referral's
 * London date and today (the Clock's); an offence date only with a re-offence, and not after the check
 * that found it. Built per request from the Clock's time and the referral, as `referralRules(now)` is.
 */
export function reoffendingCheckRules(now: Date, referral: Pick<Referral, 'referredAt'>) {
  const today = londonDate(now);
  const referralDate = londonDate(referral.referredAt);
  const limits = [notAfter(today, 'must be today or earlier, not in the future'), notBefore(referralDate, `must be the same as or after the referral date, ${longDate(referralDate)}`)];
  return z
    .object({
      checkedOn: dateField('The date of the check', { limits }),
      reoffended: z.boolean({ error: 'Say whether the person re-offended' }),
      offenceDate: dateField('The offence date', { limits })
        .nullish()
        .transform((value) => value ?? null),
    })
    .refine((check) => check.reoffended || check.offenceDate === null, {
      path: ['offenceDate'],
      message: 'An offence date is only for a re-offence: leave it empty when the person did not re-offend',
    })
    .refine((check) => check.offenceDate === null || check.offenceDate <= check.checkedOn, {
      path: ['offenceDate'],
      message: 'The offence date must be the same as or before the date of the check',
    });
}
export type ReoffendingCheckInput = z.infer<ReturnType<typeof reoffendingCheckRules>>;

/** Words typed about a person (an extension's reason, why a referral is withdrawn): refused, never cut, when too long. */
export const reasonText = (missing: string) => text('The reason', { max: 1000, missing });

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

/** Reads the re-offending check form (record or correct a check): "yes"/"no" radios, an empty offence date is none. */
/** The check's dates as their Day, Month and Year boxes' messages start. */
const CHECK_DATE_LABELS = { checkedOn: 'The date of the check', offenceDate: 'The offence date' };

/** A check from the page's form (recording one or correcting one): its dates in boxes, then the same rules as the API. */
export function reoffendingCheckFromForm(body: Record<string, unknown>, now: Date, referral: Pick<Referral, 'referredAt'>): { value: ReoffendingCheckInput } | { errors: FieldErrors } {
  const dates = readDateBoxes(body, CHECK_DATE_LABELS);
  const typed = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const answer = typed(dates.form.reoffended);
  const parsed = reoffendingCheckRules(now, referral).safeParse({
    checkedOn: typed(dates.form.checkedOn),
    reoffended: answer === 'yes' ? true : answer === 'no' ? false : undefined,
    offenceDate: typed(dates.form.offenceDate) || null,
  });
  const errors = dates.errors(parsed.success ? {} : fieldErrors(parsed.error));
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { value: parsed.data };
}
