import { type Request, type Response, Router } from 'express';
import { staffUser, STAFF_PASSWORD_STRATEGY } from '../auth/passport';
import { signIn } from '../auth/sign-in';
import { LOCK_MINUTES } from '../auth/sign-in-attempts';
import type { Services } from '../services';
import type { SignedInStaff, StaffSignIn } from './accounts';
import { homeOf } from './home';

declare module 'express-session' {
  interface SessionData {
    /** Password right, code still to come: who, and since when. */
    pendingStaff?: { id: number; since: number };
  }
}

const CODE_MINUTES = 5;
const LOCKED = `Too many tries. The account is locked for ${LOCK_MINUTES} minutes`;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Email and password sign-in for provider staff and police users, then a code from their app when two-factor is on. */
export function staffSignInRoutes(services: Services): Router {
  const { passport, staffAccounts, twoFactor, audit, rateLimits } = services;
  const router = Router();
  const ceiling = rateLimits.perAddress({ name: 'staff-sign-in', limit: 300, windowMinutes: 15 });
  const render = (res: Response, status: number, values: Record<string, string>, errors: Record<string, string>) =>
    res.status(status).render('staff/sign-in', { title: 'Sign in: staff and police', values, errors });
  const renderCode = (res: Response, status: number, errors: Record<string, string>) =>
    res.status(status).render('staff/sign-in-code', { title: 'Enter the code from your app', values: {}, errors });

  async function signedIn(req: Request, res: Response, user: SignedInStaff) {
    await signIn(req, user);
    await audit.record({ userId: user.id, name: `${user.name} (${user.role})`, ip: req.ip }, { action: 'sign-in', subjectType: 'user', subjectId: user.id });
    res.redirect(303, homeOf(user));
  }

  /** The account refused, or "unknown account": never the words typed in the email box (sometimes a password). */
  const failed = (req: Request, account: { id: number; name: string } | undefined, reason: string) =>
    audit.record(
      { userId: account?.id ?? null, name: account?.name ?? 'unknown account', ip: req.ip },
      { action: 'sign-in-failed', ...(account ? { subjectType: 'user', subjectId: account.id } : {}), details: { reason } },
    );

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
    passport.authenticate(STAFF_PASSWORD_STRATEGY, (error: unknown, user: SignedInStaff | false, info?: { message?: string; account?: { id: number; name: string } }) => {
      if (error) return next(error);
      const done = async () => {
        if (!user) {
          const locked = info?.message === 'locked';
          await failed(req, info?.account, locked ? 'locked' : 'wrong password');
          return render(res, locked ? 429 : 401, values, { email: locked ? LOCKED : 'The email address or password is not right' });
        }
        if (!user.twoFactor) return signedIn(req, res, user);
        req.session.pendingStaff = { id: user.id, since: Date.now() };
        res.redirect(303, '/sign-in/code');
      };
      done().catch(next);
    })(req, res, next);
  });

  const pendingOf = (req: Request) => {
    const pending = req.session.pendingStaff;
    return pending && Date.now() - pending.since < CODE_MINUTES * 60 * 1000 ? pending : undefined;
  };

  router.get('/sign-in/code', (req, res) => {
    if (!pendingOf(req)) return res.redirect('/sign-in');
    renderCode(res, 200, {});
  });

  router.post('/sign-in/code', ceiling, async (req, res) => {
    const pending = pendingOf(req);
    if (!pending) return res.redirect(303, '/sign-in');
    const code = text(req.body?.code);
    if (!code.trim()) return renderCode(res, 400, { code: 'Enter the 6-digit code from your authenticator app' });
    const user = await staffAccounts.find(pending.id);
    const result: StaffSignIn = await staffAccounts.confirmCode(pending.id, user ? twoFactor.stepFor(user, code) : undefined);
    if (!result.ok) {
      await failed(req, result.account, result.reason === 'locked' ? 'locked' : 'wrong code');
      if (result.reason === 'locked') delete req.session.pendingStaff;
      return renderCode(res, result.reason === 'locked' ? 429 : 401, {
        code: result.reason === 'locked' ? LOCKED : 'The code is not right. Enter the newest code your app shows',
      });
    }
    delete req.session.pendingStaff;
    await signedIn(req, res, result.user);
  });

  return router;
}
