import { Router } from 'express';
import { staffUser } from '../auth/passport';
import { notFound } from '../http/http-error';
import { notices } from '../http/notices';
import { isRowId } from '../http/row-id';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery-log';
import { deliveriesPage } from './presenters/deliveries-page';
import type { Services } from '../services';

const deliveryNotices = notices({ redelivered: 'Sent again. Refresh to see how it went.' });

const statusOf = (value: string) => ((DELIVERY_STATUSES as readonly string[]).includes(value) ? (value as DeliveryStatus) : undefined);

/**
 * Every email and webhook Pathways sent or tried to: the admins' delivery log with Redeliver, and
 * the outbox where mail waits when no SMTP server is set (caseworkers read it to pass codes on).
 * Why a delivery failed is for admins, who fix force endpoints; caseworkers see only how each one went.
 */
export function deliveryRoutes(services: Services): Router {
  const deliveries = services.deliveryLog;
  const router = Router();

  router.get('/admin/deliveries', async (req, res) => {
    const status = statusOf(String(req.query.status));
    const admin = staffUser(req.user)?.role === 'admin';
    res.render('admin/deliveries', {
      title: 'Delivery log and outbox',
      ...deliveriesPage(await deliveries.list({ status, withErrors: admin }), status, admin),
      notice: deliveryNotices.of(req),
    });
  });

  router.post('/admin/deliveries/:id/redeliver', async (req, res) => {
    const id = Number(req.params.id);
    if (!isRowId(id) || !(await deliveries.redeliver(id))) throw notFound('delivery');
    deliveryNotices.redirect(res, '/admin/deliveries', 'redelivered');
  });

  return router;
}
