import { z } from 'zod';
import { fieldErrors, type FieldErrors } from '../forms/field-errors';
import { text as textRule } from '../forms/text';
import { CONTACT_BY, type ContactBy } from './store';

/**
 * Casework's forms, one schema each: what the learner's contact form, a case note and a handled
 * contact request accept. There is no API for casework: if one comes, it uses these same schemas.
 */

export const CONTACT_MESSAGE_MAX = 1000;
export const NOTE_MAX = 4000;
/** Longer outcomes are refused, never cut: a cut outcome says something its writer did not. */
export const OUTCOME_MAX = 1000;

/** A form field that is not text (absent, repeated, an object) reads as empty, as the forms always have. */
const text = (value: unknown) => (typeof value === 'string' ? value : '');

export const contactRequestSchema = z.object({
  contactBy: z.preprocess((value) => String(value ?? ''), z.enum(CONTACT_BY, { error: 'Choose how you would like us to contact you' })),
  message: z.preprocess(text, textRule('Your message', { max: CONTACT_MESSAGE_MAX, required: false })),
});

export type ContactRequestInput = { contactBy: ContactBy; message: string | null };

/** The form as typed, to show again beside its errors. */
export interface ContactFormValues {
  contactBy: string;
  message: string;
}

/** The learner's contact form as typed, and what they asked for or one message per field that is wrong. */
export function contactRequestFromForm(body: unknown): { values: ContactFormValues } & ({ value: ContactRequestInput } | { errors: FieldErrors }) {
  const form = (body ?? {}) as { contactBy?: unknown; message?: unknown };
  const values = { contactBy: String(form.contactBy ?? ''), message: text(form.message).trim() };
  const parsed = contactRequestSchema.safeParse(form);
  return parsed.success ? { values, value: parsed.data } : { values, errors: fieldErrors(parsed.error) };
}

export const noteSchema = z.preprocess(text, z.string().trim().min(1).max(NOTE_MAX));

/** A case note's text, or which of the referral page's notices says why it was not saved. */
export function noteFromForm(body: unknown): { text: string } | { refused: 'note-empty' | 'note-too-long' } {
  const parsed = noteSchema.safeParse((body as { note?: unknown } | undefined)?.note);
  if (parsed.success) return { text: parsed.data };
  return { refused: parsed.error.issues[0]?.code === 'too_big' ? 'note-too-long' : 'note-empty' };
}

export const outcomeSchema = z.preprocess(text, textRule('What happened', { max: OUTCOME_MAX, missing: 'Say what happened, for example “Called, reset their access”' }));

/** What happened when a caseworker handled a contact request, or the message for the field. */
export function outcomeFromForm(body: unknown): { outcome: string } | { error: string } {
  const parsed = outcomeSchema.safeParse((body as { outcome?: unknown } | undefined)?.outcome);
  return parsed.success ? { outcome: parsed.data } : { error: parsed.error.issues[0]!.message };
}
