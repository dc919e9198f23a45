import { type Request, type Response, Router } from 'express';
import { HttpError, notFound } from '../http/http-error';
import { notices } from '../http/notices';
import { isRowId } from '../http/row-id';
import { STAFF_ROLES } from '../http/roles';
import type { Services } from '../services';
import { auditActorOf, staffOf } from './roles';
import { EmailTaken } from './user-admin';
import { userPage, usersPage } from './presenters/users-page';
import { ROLE_WORDS, userFromForm } from './user-input';

declare module 'express-session' {
  interface SessionData {
    /** A set-password link just made, shown once to the admin on the next page. */
    passwordLink?: { userId: number; link: string };
  }
}

/** What the user's page says after a change: the address carries the code (see http/notices). */
const userNotices = notices({
  disabled: 'Account disabled: they are signed out and cannot sign in.',
  enabled: 'Account enabled.',
  'two-factor-reset': 'Two-factor sign-in reset: they set it up again when they next sign in.',
});

/** The admins' pages for people: staff and police accounts, made, disabled and helped back in. */
export function userRoutes(services: Services): Router {
  const { users, forces, audit } = services;
  const router = Router();

  async function userOf(req: Request) {
    const id = Number(req.params.id);
    const user = isRowId(id) ? await users.find(id) : undefined;
    if (!user) throw notFound('user');
    return user;
  }

  const renderNew = async (res: Response, status: number, values: Record<string, unknown>, errors: Record<string, string>) =>
    res.status(status).render('admin/user-new', { title: 'Add a user', values, errors, roles: STAFF_ROLES.map((value) => ({ value, ...ROLE_WORDS[value] })), forces: await forces.list() });

  router.get('/admin/users', async (req, res) => {
    res.render('admin/users', { title: 'Users', ...usersPage(await users.list(), await forces.list()), notice: userNotices.of(req) });
  });

  router.get('/admin/users/new', (_req, res) => renderNew(res, 200, {}, {}));

  router.post('/admin/users', async (req, res) => {
    const forceIds = (await forces.list()).map((force) => force.id);
    const input = userFromForm(req.body ?? {}, forceIds);
    if ('errors' in input) return renderNew(res, 400, req.body ?? {}, input.errors);
    try {
      const { id, link } = await users.create(input.value, staffOf(res).name);
      await audit.record(auditActorOf(req, res), { action: 'user-created', subjectType: 'user', subjectId: id, details: { role: input.value.role, forceId: input.value.forceId } });
      req.session.passwordLink = { userId: id, link };
      res.redirect(303, `/admin/users/${id}`);
    } catch (error) {
      if (!(error instanceof EmailTaken)) throw error;
      await renderNew(res, 409, req.body ?? {}, { email: 'There is already an account with that email address' });
    }
  });

  router.get('/admin/users/:id', async (req, res) => {
    const user = await userOf(req);
    const shown = req.session.passwordLink;
    const link = shown && shown.userId === user.id ? shown.link : undefined;
    delete req.session.passwordLink;
    const force = user.forceId === null ? undefined : await forces.find(user.forceId);
    res.render('admin/user', { title: user.name, user: userPage(user, force ? [force] : [], user.id === staffOf(res).id), link, notice: userNotices.of(req) });
  });

  for (const change of ['disable', 'enable'] as const) {
    router.post(`/admin/users/:id/${change}`, async (req, res) => {
      const user = await userOf(req);
      const disable = change === 'disable';
      if (disable && user.id === staffOf(res).id) throw new HttpError(400, 'You cannot disable your own account: ask another admin.');
      await users.setDisabled(user.id, disable);
      await audit.record(auditActorOf(req, res), { action: disable ? 'user-disabled' : 'user-enabled', subjectType: 'user', subjectId: user.id });
      userNotices.redirect(res, `/admin/users/${user.id}`, disable ? 'disabled' : 'enabled');
    });
  }

  router.post('/admin/users/:id/password-link', async (req, res) => {
    const user = await userOf(req);
    if (user.disabledAt) throw new HttpError(400, 'Enable the account before sending a link.');
    const link = await users.newLink(user.id, staffOf(res).name);
    await audit.record(auditActorOf(req, res), { action: 'password-link-made', subjectType: 'user', subjectId: user.id });
    req.session.passwordLink = { userId: user.id, link };
    res.redirect(303, `/admin/users/${user.id}`);
  });

  router.post('/admin/users/:id/reset-two-factor', async (req, res) => {
    const user = await userOf(req);
    await users.resetTwoFactor(user.id);
    await audit.record(auditActorOf(req, res), { action: 'two-factor-reset', subjectType: 'user', subjectId: user.id });
    userNotices.redirect(res, `/admin/users/${user.id}`, 'two-factor-reset');
  });

  return router;
}
