import { Router } from 'express';
import { z } from 'zod';
import { fieldErrors } from '../forms/field-errors';
import { REPORT_YEARS } from '../reports/range';
import { requireStaffRole } from '../http/guards';
import type { Services } from '../services';
import { auditPage } from './presenters/audit-page';
import { AUDIT_ACTIONS } from './trail';

// Year 0 and the day after 9999-12-31 (`to` is inclusive) are dates the database cannot take: they were a 500.
const date = z.iso
  .date('Enter a date like 2026-11-01')
  .refine(
    (value) => value >= `${REPORT_YEARS.first}-01-01` && value <= `${REPORT_YEARS.last}-12-31`,
    `Enter a date between ${REPORT_YEARS.first} and ${REPORT_YEARS.last}`,
  )
  .optional();
const filterSchema = z.object({
  action: z.enum(AUDIT_ACTIONS, { error: 'Choose an action from the list' }).optional(),
  subject: z.string().trim().max(100, 'The record must be 100 characters or fewer').optional(),
  from: date,
  to: date,
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
  router.use('/admin/audit', requireStaffRole(['admin'], 'the audit trail'));

  router.get('/admin/audit', async (req, res) => {
    const values = given(req.query);
    const parsed = filterSchema.safeParse(values);
    const filter = parsed.success ? parsed.data : {};
    // `to` is inclusive: the whole of that day.
    const to = filter.to ? new Date(Date.parse(filter.to) + 86_400_000).toISOString().slice(0, 10) : undefined;
    const lines = await audit.list({ ...filter, to });
    res.status(parsed.success ? 200 : 400).render('admin/audit', {
      title: 'Audit trail',
      ...auditPage(lines, values, auditRetentionDays),
      values,
      errors: parsed.success ? {} : fieldErrors(parsed.error),
    });
  });

  return router;
}
