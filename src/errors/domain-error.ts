/**
 * A rule of the product said no. Every refusal a person or a force system can meet is one of these:
 * a stable `code` that programs (and the API's JSON problem) rely on, a message written for people,
 * the HTTP status it answers with when nothing more specific catches it, the form field it is about
 * (if any), and the original error as `cause` for the log. The one error handler (src/http/errors.ts)
 * renders it as a page or a JSON problem.
 */
export class DomainError extends Error {
  readonly field?: string;

  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.field = options.field;
  }
}
