import { type Request, type Response, Router } from 'express';
import { notFound } from '../http/http-error';
import { notices } from '../http/notices';
import { isRowId } from '../http/row-id';
import type { Services } from '../services';
import { apiKeyNameSchema, checkedForceFromForm } from './input';
import type { Force } from './model';
import { forceFields, forceFormValues } from './presenters/force-form';
import { forcePage, forcesPage } from './presenters/forces-page';
import { auditActorOf, staffOf } from '../staff/roles';

declare module 'express-session' {
  interface SessionData {
    /** A key just made, shown once on the next page and then forgotten. */
    newApiKey?: { forceId: number; key: string };
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** What a force's page says after a change: the address carries the code (see http/notices). */
const forceNotices = notices({
  added: 'Force added. Now make an API key if its case system will refer.',
  saved: 'Settings saved.',
  'key-revoked': 'Key revoked: it no longer works.',
});

/**
 * The admins' pages for forces: settings, where notifications go, and API keys for force systems.
 * `allowPrivateAddresses`: webhook addresses may be on this server's own network (tests and development).
 */
export function forceRoutes(services: Services): Router {
  const { forces, audit, config } = services;
  const options = { production: config.production, allowPrivateAddresses: config.webhookAllowPrivateAddresses };
  const router = Router();

  async function forceOf(req: Request) {
    const id = Number(req.params.id);
    const force = isRowId(id) ? await forces.find(id) : undefined;
    if (!force) throw notFound('force');
    return force;
  }

  async function renderEdit(req: Request, res: Response, force: Force, status = 200, values = forceFormValues(force), errors: Record<string, string> = {}) {
    const newKey = req.session.newApiKey?.forceId === force.id ? req.session.newApiKey.key : undefined;
    delete req.session.newApiKey;
    res.status(status).render('admin/force', {
      title: force.name,
      force: forcePage(force, await forces.apiKeys(force.id)),
      values,
      errors,
      newKey,
      notice: forceNotices.of(req),
    });
  }

  router.get('/admin/forces', async (req, res) => {
    res.render('admin/forces', { title: 'Forces', ...forcesPage(await forces.list()), notice: forceNotices.of(req) });
  });

  router.get('/admin/forces/new', (_req, res) => {
    res.render('admin/force-new', { title: 'Add a force', values: forceFormValues(undefined), errors: {}, fields: forceFields(undefined) });
  });

  router.post('/admin/forces', async (req, res) => {
    const input = await checkedForceFromForm(req.body ?? {}, options);
    const again = (status: number, errors: Record<string, string>) =>
      res.status(status).render('admin/force-new', { title: 'Add a force', values: req.body ?? {}, errors, fields: forceFields(undefined) });
    if ('errors' in input) return again(400, input.errors);
    try {
      const id = await forces.create(input.value);
      await audit.record(auditActorOf(req, res), { action: 'force-created', subjectType: 'force', subjectId: id, details: { code: input.value.code } });
      forceNotices.redirect(res, `/admin/forces/${id}`, 'added');
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      again(409, { code: `Another force already uses the code ${input.value.code}` });
    }
  });

  router.get('/admin/forces/:id', async (req, res) => renderEdit(req, res, await forceOf(req)));

  router.post('/admin/forces/:id', async (req, res) => {
    const force = await forceOf(req);
    const input = await checkedForceFromForm(req.body ?? {}, { ...options, hasSecret: force.hasWebhookSecret });
    if ('errors' in input) return renderEdit(req, res, force, 400, req.body ?? {}, input.errors);
    try {
      await forces.update(force.id, input.value);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return renderEdit(req, res, force, 409, req.body ?? {}, { code: `Another force already uses the code ${input.value.code}` });
    }
    const changed = Object.keys(input.value).filter((key) => key !== 'webhookSecret' || input.value.webhookSecret);
    await audit.record(auditActorOf(req, res), { action: 'force-changed', subjectType: 'force', subjectId: force.id, details: { fields: changed } });
    forceNotices.redirect(res, `/admin/forces/${force.id}`, 'saved');
  });

  router.post('/admin/forces/:id/api-keys', async (req, res) => {
    const force = await forceOf(req);
    const name = apiKeyNameSchema.safeParse(req.body?.keyName ?? '');
    if (!name.success) return renderEdit(req, res, force, 400, forceFormValues(force), { keyName: name.error.issues[0]!.message });
    const key = await forces.createApiKey(force.id, name.data, staffOf(res).id);
    await audit.record(auditActorOf(req, res), { action: 'api-key-created', subjectType: 'force', subjectId: force.id, details: { name: name.data, hint: key.slice(-4) } });
    req.session.newApiKey = { forceId: force.id, key };
    res.redirect(303, `/admin/forces/${force.id}#api-keys`);
  });

  router.post('/admin/forces/:id/api-keys/:keyId/revoke', async (req, res) => {
    const force = await forceOf(req);
    const keyId = Number(req.params.keyId);
    if (!isRowId(keyId) || !(await forces.revokeApiKey(force.id, keyId))) throw notFound('API key');
    await audit.record(auditActorOf(req, res), { action: 'api-key-revoked', subjectType: 'force', subjectId: force.id, details: { keyId } });
    forceNotices.redirect(res, `/admin/forces/${force.id}`, 'key-revoked', '#api-keys');
  });

  return router;
}
