import { type Request, type Response, Router } from 'express';
import { seal, TOTP_SECRET, unseal } from '../auth/seal';
import { signIn } from '../auth/sign-in';
import { notFound } from '../http/http-error';
import { notices } from '../http/notices';
import type { Services } from '../services';
import { signedInStaffFrom } from './accounts';
import { auditActorOf, staffOf } from './roles';

declare module 'express-session' {
  interface SessionData {
    /** The secret being set up, sealed, until the person proves their app has it. */
    newTotpSecret?: string;
  }
}

const accountNotices = notices({ 'two-factor-on': 'Two-factor sign-in is on. Next time you sign in, enter the code from your app.' });

/** A person's own account: two-factor sign-in (admins must, everyone may) and signing out everywhere. */
export function accountRoutes(services: Services): Router {
  const { staffAccounts, twoFactor, audit } = services;
  const appSecret = services.config.accessCodeSecret;
  const router = Router();

  router.get('/account', (req, res) => {
    res.render('staff/account', { title: 'Your account', notice: accountNotices.of(req) });
  });

  /** The same secret on every showing until it is confirmed, so a scanned code keeps working after a typo. */
  async function setUpPage(req: Request, res: Response) {
    const user = staffOf(res);
    const fresh = await twoFactor.newSecret(user.email);
    const secret = req.session.newTotpSecret ? unseal(req.session.newTotpSecret, appSecret, TOTP_SECRET) : fresh.secret;
    req.session.newTotpSecret = seal(secret, appSecret, TOTP_SECRET);
    return secret === fresh.secret ? fresh : twoFactor.describe(secret, user.email);
  }

  router.get('/account/two-factor', async (req, res) => {
    if (staffOf(res).twoFactor) return res.redirect('/account');
    res.render('staff/two-factor', { title: 'Set up two-factor sign-in', setUp: await setUpPage(req, res), errors: {} });
  });

  router.post('/account/two-factor', async (req, res) => {
    const staff = staffOf(res);
    if (staff.twoFactor) return res.redirect(303, '/account');
    const user = await staffAccounts.find(staff.id);
    if (!user || !req.session.newTotpSecret) throw notFound();
    const code = typeof req.body?.code === 'string' ? req.body.code : '';
    const secret = unseal(req.session.newTotpSecret, appSecret, TOTP_SECRET);
    if (!(await twoFactor.enable(user, secret, code))) {
      const message = code.trim() ? 'The code is not right. Enter the newest code your app shows for Pathways' : 'Enter the 6-digit code from your app';
      return res.status(400).render('staff/two-factor', { title: 'Set up two-factor sign-in', setUp: await setUpPage(req, res), errors: { code: message } });
    }
    delete req.session.newTotpSecret;
    await audit.record(auditActorOf(req, res), { action: 'two-factor-set-up', subjectType: 'user', subjectId: staff.id });
    await signIn(req, signedInStaffFrom({ ...user, twoFactorSince: new Date() }));
    accountNotices.redirect(res, '/account', 'two-factor-on');
  });

  router.post('/account/sign-out-everywhere', async (req, res) => {
    const staff = staffOf(res);
    await staffAccounts.signOutEverywhere(staff.id);
    await audit.record(auditActorOf(req, res), { action: 'sign-out-everywhere', subjectType: 'user', subjectId: staff.id });
    req.session.destroy(() => res.redirect(303, '/sign-in?signed-out=1'));
  });

  return router;
}
