import type { z } from 'zod';

/** What is wrong with a form or a JSON body: one message per field, keyed by the field's name. */
export type FieldErrors = Record<string, string>;

/** The first message for each field, keyed by the field's path (e.g. "person.firstName"). */
export function fieldErrors(error: z.ZodError, rename: (path: string) => string = (path) => path): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = rename(issue.path.join('.'));
    errors[key] ??= issue.message;
  }
  return errors;
}
