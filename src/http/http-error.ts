import { DomainError } from '../errors/domain-error';

const CODES: Record<number, string> = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

/** An error with a status and a message safe to show the person who made the request. */
export class HttpError extends DomainError {
  constructor(status: number, message: string) {
    super(CODES[status] ?? 'error', message, status);
  }
}

export const notFound = (what = 'page') => new HttpError(404, `We could not find that ${what}.`);
