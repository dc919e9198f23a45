import { z } from 'zod';
import { fieldErrors, type FieldErrors } from '../forms/field-errors';
import { STAFF_ROLES } from '../http/roles';
import type { NewUser } from './user-admin';

export const ROLE_WORDS: Record<(typeof STAFF_ROLES)[number], { label: string; hint: string }> = {
  police: { label: 'Police officer or OOCD hub', hint: 'Refers people and follows their own force’s referrals and reports' },
  caseworker: { label: 'Caseworker', hint: 'Helps learners across every force: records, deadlines, access, contact requests' },
  author: { label: 'Course author', hint: 'Writes, previews and publishes courses' },
  admin: { label: 'Admin', hint: 'Everything, including forces, users and the audit trail. Must use two-factor sign-in' },
};

const userSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the person’s name').max(100, 'The name must be 100 characters or fewer'),
    email: z.email('Enter an email address like name@example.com').trim().max(254, 'The email address must be 254 characters or fewer'),
    role: z.enum(STAFF_ROLES, { error: 'Choose what the person does' }),
    forceId: z.coerce.number().int().positive().nullable(),
  })
  .superRefine((user, ctx) => {
    if (user.role === 'police' && user.forceId === null) ctx.addIssue({ code: 'custom', path: ['forceId'], message: 'Choose the police user’s force' });
  })
  .transform((user) => ({ ...user, forceId: user.role === 'police' ? user.forceId : null }));

/** Reads the new-user form; a force is asked for police only, and checked against the real forces. */
export function userFromForm(body: Record<string, unknown>, forceIds: number[]): { value: NewUser } | { errors: FieldErrors } {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');
  const parsed = userSchema.safeParse({ name: text('name'), email: text('email'), role: text('role') || undefined, forceId: text('forceId') || null });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  if (parsed.data.forceId !== null && !forceIds.includes(parsed.data.forceId)) return { errors: { forceId: 'Choose the police user’s force' } };
  return { value: parsed.data };
}
