import { z } from 'zod';
import { fieldErrors } from '../forms/field-errors';
import { reasonText, referralRules } from '../referrals/input';
import { disposalFromApi, DISPOSALS, type NewReferral } from '../referrals/model';

const API_PATHS: Record<string, string> = {
  disposalType: 'disposal',
  firstName: 'person.firstName',
  lastName: 'person.lastName',
  dateOfBirth: 'person.dateOfBirth',
  email: 'person.email',
  phone: 'person.phone',
  preferredLanguage: 'person.preferredLanguage',
  supportNeeds: 'person.supportNeeds',
  officerName: 'officer.name',
  officerEmail: 'officer.email',
};

const objectOrEmpty = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export type Details = { path: string; message: string }[];

export const toDetails = (errors: Record<string, string>): Details => Object.entries(errors).map(([path, message]) => ({ path, message }));

/** The API's referral body, checked by the same rules as the police form, errors named by JSON path. */
export function referralFromApi(body: unknown, now: Date): { value: NewReferral } | { details: Details } {
  const root = objectOrEmpty(body);
  const person = objectOrEmpty(root.person);
  const officer = objectOrEmpty(root.officer);
  const details: Details = [];
  if (typeof root.person !== 'object' || root.person === null) details.push({ path: 'person', message: 'person is required: { firstName, lastName, dateOfBirth }' });
  if (typeof root.officer !== 'object' || root.officer === null) details.push({ path: 'officer', message: 'officer is required: { name, email }' });
  const disposal = typeof root.disposal === 'string' ? disposalFromApi(root.disposal) : undefined;
  const parsed = referralRules(now).referral.safeParse({
    reference: root.reference,
    disposalType: disposal ?? '',
    courses: root.courses,
    ...person,
    supportNeeds: person.supportNeeds ?? root.supportNeeds,
    deadline: root.deadline ?? null,
    officerName: officer.name,
    officerEmail: officer.email,
    notes: root.notes,
  });
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, (path) => {
      const [first, ...rest] = path.split('.');
      return [API_PATHS[first!] ?? first, ...rest].join('.');
    });
    if (errors.disposal) errors.disposal = `disposal must be one of ${DISPOSALS.map((d) => d.api).join(', ')}`;
    details.push(...toDetails(errors).filter((d) => !details.some((existing) => d.path.startsWith(`${existing.path}.`))));
  }
  if (!parsed.success || details.length > 0) return { details };
  if (!parsed.data.officerEmail) return { details: [{ path: 'officer.email', message: 'Enter the officer’s email address' }] };
  return { value: parsed.data };
}

export const withdrawSchema = z.object({
  reason: reasonText('reason is required'),
});

