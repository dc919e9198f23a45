import { z } from 'zod';

/**
 * One rule for words people type (a reason, a note, a message, a name), for the forms and the API
 * alike: spaces around the words are dropped, and words over the limit are refused with a message
 * naming the field and the limit, never cut short (a cut reason says something its writer did not).
 */
export interface TextRule {
  /** The most characters allowed, after the spaces around are dropped. */
  max: number;
  /** Refuse an empty field (default); optional text reads as null when empty or not sent. */
  required?: boolean;
  /** The message for an empty required field: "Enter <label>" unless said. */
  missing?: string;
}

/** "The reason must be 1,000 characters or fewer": the label starts the sentence as it is given. */
export const tooLong = (label: string, max: number) => `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`;

/** A required text field: the trimmed words. */
export function text(label: string, rule: TextRule & { required?: true }): z.ZodType<string, unknown>;
/** An optional text field: the trimmed words, or null when empty or not sent. */
export function text(label: string, rule: TextRule & { required: false }): z.ZodType<string | null, unknown>;
export function text(label: string, { max, required = true, missing }: TextRule): z.ZodType<string | null, unknown> {
  if (required) {
    const enter = missing ?? `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
    return z.string({ error: enter }).trim().min(1, enter).max(max, tooLong(label, max));
  }
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, tooLong(label, max))
    .nullish()
    .transform((value) => value || null);
}
