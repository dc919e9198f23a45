import { Router } from 'express';
import { staffUser } from '../auth/passport';
import type { Database } from '../db/database';
import { notFound } from '../http/http-error';
import { notices } from '../http/notices';
import { isRowId } from '../http/row-id';
import type { Outbox } from '../notifications/deliveries';
import { requireStaffRole } from './roles';

const STATUSES = ['pending', 'delivered', 'held', 'failed'];

const deliveryNotices = notices({ redelivered: 'Sent again. Refresh to see how it went.' });

/**
 * Every email and webhook Pathways sent or tried to: the admins' delivery log with Redeliver, and
 * the outbox where mail waits when no SMTP server is set (caseworkers read it to pass codes on).
 * Why a delivery failed (a receiver's status, a connection error) is for admins, who fix force
 * endpoints; caseworkers see only how each one went. Left out of the rows, not just the page.
 */
export function deliveryRoutes(db: Database, outbox: Outbox): Router {
  const router = Router();
  router.use('/admin/deliveries', requireStaffRole(['admin', 'caseworker'], 'the delivery log'));

  router.get('/admin/deliveries', async (req, res) => {
    const status = STATUSES.includes(String(req.query.status)) ? String(req.query.status) : undefined;
    const rows = await db('deliveries')
      .leftJoin('forces', 'forces.id', 'deliveries.force_id')
      .leftJoin('referrals', 'referrals.id', 'deliveries.referral_id')
      .modify((query) => {
        if (status) void query.where('deliveries.status', status);
      })
      .orderBy('deliveries.id', 'desc')
      .limit(200)
      .select('deliveries.*', 'forces.name as force_name', 'referrals.reference', 'referrals.public_id');
    const admin = staffUser(req.user)?.role === 'admin';
    res.render('admin/deliveries', {
      title: 'Delivery log and outbox',
      rows: admin ? rows : rows.map((row: Record<string, unknown>) => ({ ...row, last_error: null })),
      status,
      statuses: STATUSES,
      canRedeliver: admin,
      notice: deliveryNotices.of(req),
    });
  });

  router.post('/admin/deliveries/:id/redeliver', requireStaffRole(['admin'], 'redelivery'), async (req, res) => {
    const id = Number(req.params.id);
    if (!isRowId(id) || !(await outbox.redeliver(db, id))) throw notFound('delivery');
    deliveryNotices.redirect(res, '/admin/deliveries', 'redelivered');
  });

  return router;
}
