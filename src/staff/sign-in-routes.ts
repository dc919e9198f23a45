import { type Request, type Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { type createPassport, staffUser, STAFF_PASSWORD_STRATEGY } from '../auth/passport';
import { LOCK_MINUTES, type SignedInStaff } from './accounts';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Where each role starts after signing in. */
export const homeOf = (user: SignedInStaff) => (user.role === 'author' ? '/' : '/referrals');

/** Email and password sign-in for provider staff and police users. */
export function staffSignInRoutes(passport: ReturnType<typeof createPassport>): Router {
  const router = Router();
  const ceiling = rateLimit({ windowMs: 15 * 60 * 1000, limit: 300, standardHeaders: 'draft-8', legacyHeaders: false });
  const render = (res: Response, status: number, values: Record<string, string>, errors: Record<string, string>) =>
    res.status(status).render('staff/sign-in', { title: 'Sign in: staff and police', values, errors });

  router.get('/sign-in', (req, res) => {
    const user = staffUser(req.user);
    if (user) return res.redirect(homeOf(user));
    render(res, 200, {}, {});
  });

  router.post('/sign-in', ceiling, (req: Request, res: Response, next) => {
    const values = { email: text(req.body?.email).trim() };
    const errors: Record<string, string> = {};
    if (!values.email) errors.email = 'Enter your email address';
    if (!text(req.body?.password)) errors.password = 'Enter your password';
    if (Object.keys(errors).length > 0) return render(res, 400, values, errors);
    passport.authenticate(STAFF_PASSWORD_STRATEGY, (error: unknown, user: SignedInStaff | false, info?: { message?: string }) => {
      if (error) return next(error);
      if (!user) {
        const locked = info?.message === 'locked';
        const message = locked
          ? `Too many tries. The account is locked for ${LOCK_MINUTES} minutes`
          : 'The email address or password is not right';
        return render(res, locked ? 429 : 401, values, { email: message });
      }
      req.login(user, (loginError) => (loginError ? next(loginError) : res.redirect(303, homeOf(user))));
    })(req, res, next);
  });

  return router;
}
