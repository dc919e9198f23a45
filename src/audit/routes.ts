import { Router } from 'express';
import { z } from 'zod';
import { dateField, readDateBoxes } from '../forms/dates';
import { fieldErrors } from '../forms/field-errors';
import type { Services } from '../services';
import { auditPage } from './presenters/audit-page';
import { AUDIT_ACTIONS } from './trail';

const filterSchema = z.object({
  action: z.enum(AUDIT_ACTIONS, { error: 'Choose an action from the list' }).optional(),
  subject: z.string().trim().max(100, 'The record must be 100 characters or fewer').optional(),
  // Read as every date is: years the database cannot hold (year 0, the day after 9999-12-31, as `to` is inclusive) were a 500.
  from: dateField('from').optional(),
  to: dateField('to').optional(),
  before: z.coerce.number().int().positive().optional(),
});

/** Empty boxes in a GET form are "any". */
const given = (query: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== ''));

/** The admins' audit trail: who did what and when, newest first, filterable; nothing here can change it. */
export function auditRoutes(services: Services): Router {
  const { audit } = services;
  const { auditRetentionDays } = services.config;
  const router = Router();

  router.get('/admin/audit', async (req, res) => {
    const values = given(req.query);
    // The From and To boxes (or a link's ?from=2026-10-01), read as every date is; boxes left empty are "any".
    const dates = readDateBoxes(values, { from: 'From', to: 'To' });
    const parsed = filterSchema.safeParse(given(dates.form));
    const errors = dates.errors(parsed.success ? {} : fieldErrors(parsed.error));
    const filter = parsed.success && Object.keys(errors).length === 0 ? parsed.data : {};
    // `to` is inclusive: the whole of that day.
    const to = filter.to ? new Date(Date.parse(filter.to) + 86_400_000).toISOString().slice(0, 10) : undefined;
    const lines = await audit.list({ ...filter, to });
    res.status(Object.keys(errors).length === 0 ? 200 : 400).render('admin/audit', {
      title: 'Audit trail',
      ...auditPage(lines, values, auditRetentionDays),
      values,
      errors,
    });
  });

  return router;
}
