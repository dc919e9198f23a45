import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '../errors/domain-error';
import { notFound } from './http-error';
import { loggedPath } from './request-log';

interface Problem {
  status: number;
  title: string;
  /** The API's error code, when the status alone does not say it. */
  code?: string;
}

const DATABASE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', 'ETIMEDOUT']);

/** Turns anything thrown into what the person should be told; the details stay in the log. */
function describe(error: unknown): Problem {
  if (error instanceof DomainError) return { status: error.status, title: error.message, code: error.code };
  const candidate = error as { status?: unknown; statusCode?: unknown; type?: unknown; code?: unknown; message?: unknown; name?: unknown };
  const status = Number(candidate.status ?? candidate.statusCode);
  if (candidate.code === 'csrf') return { status: 403, title: String(candidate.message) };
  if (status === 413) return { status: 413, title: 'What you sent is too large.' };
  if (status === 415) return { status: 415, title: 'What you sent is in a form Pathways cannot read. Send it from the page again.' };
  // Anything else the request itself got wrong (a body that will not parse or inflate, an address that
  // will not decode) carries a 4xx status from the library that refused it: it is the sender's problem.
  if (status >= 400 && status < 500) return { status, title: 'What you sent could not be read. Check it and try again.' };
  // PostgreSQL cannot store a NUL character, in text or in JSON, and only a request brings one in:
  // one rule here rather than a check in every route that saves text.
  if (candidate.code === '22021' || candidate.code === '22P05') {
    return { status: 400, title: 'What you sent contains a character that cannot be saved (a NUL character). Remove it and try again.', code: 'invalid_text' };
  }
  if (DATABASE_UNAVAILABLE.has(String(candidate.code)) || candidate.name === 'KnexTimeoutError') {
    return { status: 503, title: 'Pathways is not available right now. Your work is saved: please try again in a few minutes.' };
  }
  return { status: 500, title: 'Something went wrong on our side. Your work is saved: please try again.' };
}

const ERROR_CODES: Record<number, string> = {
  400: 'invalid_json',
  403: 'forbidden',
  404: 'not_found',
  413: 'too_large',
  415: 'unsupported_media_type',
  500: 'internal_error',
  503: 'unavailable',
};

/** API paths, and clients that ask for JSON and not HTML, get a JSON problem instead of a page. */
export const wantsJson = (path: string, accept = '') =>
  path.startsWith('/api/') || (accept.includes('application/json') && !accept.includes('text/html'));

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    const problem = describe(error);
    if (problem.status >= 500) logger.error({ err: error, path: loggedPath(req.originalUrl) }, 'request failed');
    else logger.debug({ status: problem.status, path: loggedPath(req.originalUrl) }, problem.title);
    if (res.headersSent) {
      next(error);
      return;
    }
    res.status(problem.status);
    if (problem.status === 503) res.set('Retry-After', '30');
    if (wantsJson(req.path, req.get('accept'))) {
      // The API's one error shape: { error, message }.
      res.json({ error: problem.code ?? ERROR_CODES[problem.status] ?? 'error', message: problem.title });
      return;
    }
    res.render('errors/error', { problem, title: problem.status === 404 ? 'Page not found' : 'Sorry, there is a problem' });
  };
}
