import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError, notFound } from './http-error';

interface Problem {
  status: number;
  title: string;
}

const DATABASE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', 'ETIMEDOUT']);

/** Turns anything thrown into what the person should be told; the details stay in the log. */
function describe(error: unknown): Problem {
  if (error instanceof HttpError) return { status: error.status, title: error.message };
  const candidate = error as { status?: unknown; statusCode?: unknown; type?: unknown; code?: unknown; message?: unknown; name?: unknown };
  const status = Number(candidate.status ?? candidate.statusCode);
  if (candidate.code === 'csrf') return { status: 403, title: String(candidate.message) };
  if (status === 413) return { status: 413, title: 'What you sent is too large.' };
  if (status === 400 && typeof candidate.type === 'string') return { status: 400, title: 'What you sent could not be read. Check it and try again.' };
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
    if (problem.status >= 500) logger.error({ err: error, url: req.originalUrl }, 'request failed');
    else logger.debug({ status: problem.status, url: req.originalUrl }, problem.title);
    if (res.headersSent) {
      next(error);
      return;
    }
    res.status(problem.status);
    if (problem.status === 503) res.set('Retry-After', '30');
    if (wantsJson(req.path, req.get('accept'))) {
      // The API's one error shape: { error, message }.
      res.json({ error: ERROR_CODES[problem.status] ?? 'error', message: problem.title });
      return;
    }
    res.render('errors/error', { problem, title: problem.status === 404 ? 'Page not found' : 'Sorry, there is a problem' });
  };
}
