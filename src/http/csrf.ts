import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/** Synchroniser tokens kept in the session: every form carries one in a hidden `_csrf` field. */
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody: unknown = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
  },
  size: 32,
  errorConfig: { statusCode: 403, message: 'This form has expired. Go back, reload the page and try again.', code: 'csrf' },
});

export const csrfProtection = csrfSynchronisedProtection;

/** Makes the token available to every view as `csrfToken`. */
export function csrfTokenForViews(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = generateToken(req);
  next();
}
