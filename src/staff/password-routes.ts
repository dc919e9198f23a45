import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { passwordProblem } from '../auth/passwords';
import type { Services } from '../services';

/** Staff and police passwords guard many people's records: longer than learners'. */
export const STAFF_PASSWORD_MIN_LENGTH = 12;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Choosing a password through a one-time link: a new account's first, or after "forgotten password". */
export function passwordRoutes(services: Services): Router {
  const { staffAccounts, passwordLinks, audit, rateLimits } = services;
  const router = Router();
  const ceiling = rateLimits.perAddress({ name: 'password-links', limit: 50, windowMinutes: 15 });

  router.get('/sign-in/forgotten-password', (_req, res) => {
    res.render('staff/forgotten-password', { title: 'Forgotten your password?', values: {}, errors: {}, sent: false });
  });

  router.post('/sign-in/forgotten-password', ceiling, async (req, res) => {
    const email = text(req.body?.email).trim();
    if (!z.email().safeParse(email).success) {
      return res.status(400).render('staff/forgotten-password', {
        title: 'Forgotten your password?', values: { email }, errors: { email: 'Enter your email address, like name@example.com' }, sent: false,
      });
    }
    const user = await staffAccounts.findByEmail(email);
    if (user && !user.disabledAt) await passwordLinks.emailReset(user);
    // The same answer whether or not the address has an account, so the page cannot be used to find out.
    res.render('staff/forgotten-password', { title: 'Check your email', values: { email }, errors: {}, sent: true });
  });

  async function linkOf(req: Request, res: Response) {
    const link = await passwordLinks.find(String(req.params.token));
    if (!link) res.status(404).render('staff/link-expired', { title: 'This link no longer works' });
    return link;
  }

  router.get('/password/:token', async (req, res) => {
    const link = await linkOf(req, res);
    if (link) res.render('staff/choose-password', { title: 'Choose your password', link, errors: {}, minLength: STAFF_PASSWORD_MIN_LENGTH });
  });

  router.post('/password/:token', ceiling, async (req, res) => {
    const link = await linkOf(req, res);
    if (!link) return;
    const password = text(req.body?.password);
    const errors: Record<string, string> = {};
    const problem = password ? passwordProblem(password, STAFF_PASSWORD_MIN_LENGTH) : 'Enter a new password';
    if (problem) errors.password = problem;
    else if (password !== text(req.body?.confirmPassword)) errors.confirmPassword = 'The passwords do not match. Type the same password twice';
    if (Object.keys(errors).length > 0) {
      return res.status(400).render('staff/choose-password', { title: 'Choose your password', link, errors, minLength: STAFF_PASSWORD_MIN_LENGTH });
    }
    if (!(await passwordLinks.use(link.id, link.userId, password))) return res.status(404).render('staff/link-expired', { title: 'This link no longer works' });
    await audit.record({ userId: link.userId, name: link.name, ip: req.ip }, { action: 'password-changed', subjectType: 'user', subjectId: link.userId, details: { by: link.purpose } });
    res.redirect(303, '/sign-in?password-set=1');
  });

  return router;
}
