import { type Request, type Response, Router } from 'express';
import { LEARNER_PASSWORD_STRATEGY } from '../auth/passport';
import { signIn } from '../auth/sign-in';
import { LOCK_MINUTES } from '../auth/sign-in-attempts';
import { dateParts, inThePast } from '../forms/dates';
import { fieldErrors } from '../forms/field-errors';
import type { Services } from '../services';
import { londonDate } from '../time/london';
import type { SignInResult } from './account-service';

const WRONG_CODE_OR_DATE = 'The access code or date of birth is not right. Check your referral letter and try again';
/** Also what a code with no password yet gets: the page must not tell which codes are new. */
const WRONG_CODE_OR_PASSWORD =
  'The access code or password is not right. Check them and try again. If you have not made a password yet, sign in for the first time with your date of birth';
const LOCKED = `Too many tries. To keep your account safe, it is locked for ${LOCK_MINUTES} minutes. If you need help, call the number on your referral letter`;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function signInRoutes(services: Services): Router {
  const { learnerAccounts: learners, passport, rateLimits, audit, clock } = services;
  const router = Router();
  // A generous ceiling per address: an OOCD hub or a mobile network puts many people behind one
  // address, so the real limit is per access code (see auth/sign-in-attempts).
  const ceiling = rateLimits.perAddress({
    name: 'learner-sign-in',
    limit: 300,
    windowMinutes: 15,
    tooMany: (res) => res.status(429).render('learning/too-many', { title: 'Too many tries' }),
  });

  /** Every learner sign-in and refusal is in the audit trail; a refused code that is nobody's names nobody. */
  const audited = (req: Request, result: SignInResult) => {
    const learnerId = result.ok ? result.learner.id : result.learnerId;
    return audit.record(
      { userId: null, name: learnerId === undefined ? 'unknown access code' : 'the learner', ip: req.ip },
      {
        action: result.ok ? 'learner-signed-in' : 'learner-sign-in-failed',
        ...(learnerId === undefined ? {} : { subjectType: 'learner', subjectId: learnerId }),
        ...(result.ok ? {} : { details: { reason: result.reason } }),
      },
    );
  };

  router.get('/learn/sign-in', (req, res) => {
    if (req.user?.kind === 'learner') return res.redirect('/learn');
    res.render('learning/sign-in', { title: 'Sign in', values: {}, errors: {} });
  });

  router.post('/learn/sign-in', ceiling, (req, res, next) => {
    const values = { accessCode: text(req.body?.accessCode) };
    const errors: Record<string, string> = {};
    if (!values.accessCode.trim()) errors.accessCode = 'Enter the access code from your referral letter';
    if (!text(req.body?.password)) errors.password = 'Enter your password';
    if (Object.keys(errors).length > 0) return res.status(400).render('learning/sign-in', { title: 'Sign in', values, errors });

    passport.authenticate(LEARNER_PASSWORD_STRATEGY, async (error: unknown, user: Express.User | false, info?: { result?: SignInResult }) => {
      if (error) return next(error);
      try {
        if (info?.result) await audited(req, info.result);
        if (!user) {
          const locked = info?.result?.ok === false && info.result.reason === 'locked';
          const message = locked ? LOCKED : WRONG_CODE_OR_PASSWORD;
          return res.status(locked ? 429 : 401).render('learning/sign-in', { title: 'Sign in', values, errors: { accessCode: message } });
        }
        await signIn(req, user);
        res.redirect(303, '/learn');
      } catch (loginError) {
        next(loginError);
      }
    })(req, res, next);
  });

  router.get('/learn/first-sign-in', (req, res) => {
    if (req.user?.kind === 'learner') return res.redirect('/learn');
    res.render('learning/first-sign-in', { title: 'Sign in for the first time', values: {}, errors: {} });
  });

  router.post('/learn/first-sign-in', ceiling, async (req, res) => {
    const values = { accessCode: text(req.body?.accessCode), day: text(req.body?.day), month: text(req.body?.month), year: text(req.body?.year) };
    const errors: Record<string, string> = {};
    if (!values.accessCode.trim()) errors.accessCode = 'Enter the access code from your referral letter';
    const dateOfBirth = dateParts('Date of birth', { missing: 'Enter your date of birth', limits: [inThePast(londonDate(clock.now()))] }).safeParse(values);
    if (!dateOfBirth.success) Object.assign(errors, fieldErrors(dateOfBirth.error));
    const render = (status: number) => res.status(status).render('learning/first-sign-in', { title: 'Sign in for the first time', values, errors });
    if (Object.keys(errors).length > 0 || !dateOfBirth.success) return render(400);

    const result = await learners.signInWithDateOfBirth(values.accessCode, dateOfBirth.data);
    await audited(req, result);
    if (!result.ok) {
      if (result.reason === 'password-already-set') {
        errors.accessCode = 'You have already made a password. Sign in with your access code and password instead';
        return render(409);
      }
      errors.accessCode = result.reason === 'locked' ? LOCKED : WRONG_CODE_OR_DATE;
      return render(result.reason === 'locked' ? 429 : 401);
    }
    await signIn(req, { kind: 'learner', id: result.learner.id, name: result.learner.name, sessionVersion: result.learner.sessionVersion, needsPassword: true });
    res.redirect(303, '/learn/create-password');
  });

  router.get('/learn/create-password', (req, res) => {
    if (!req.user?.needsPassword) return res.redirect(req.user ? '/learn' : '/learn/first-sign-in');
    res.render('learning/create-password', { title: 'Create a password', errors: {} });
  });

  router.post('/learn/create-password', async (req, res) => {
    const user = req.user;
    if (!user?.needsPassword) return res.redirect(303, user ? '/learn' : '/learn/first-sign-in');
    const password = text(req.body?.password);
    const errors: Record<string, string> = {};
    const problem = learners.passwordProblem(password);
    if (problem) errors.password = problem;
    else if (password !== text(req.body?.confirmPassword)) errors.confirmPassword = 'The two passwords do not match';
    if (Object.keys(errors).length > 0) return res.status(400).render('learning/create-password', { title: 'Create a password', errors });
    await learners.setPassword(user.id, password);
    await signIn(req, { ...user, needsPassword: false });
    res.redirect(303, '/learn');
  });

  router.post('/sign-out', (req: Request, res: Response, next) => {
    const staff = req.user?.kind === 'staff';
    req.logout((error) => {
      if (error) return next(error);
      req.session.destroy(() => {
        res.clearCookie('pathways.sid');
        res.redirect(303, staff ? '/sign-in?signed-out=1' : '/learn/sign-in?signed-out=1');
      });
    });
  });

  return router;
}
