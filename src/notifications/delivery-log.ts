import type { Database } from '../db/database';
import type { Outbox } from './deliveries';
import type { Email } from './mailer';
import { type DeliveryStatus, type ListedDelivery, listDeliveries } from './store';

export { DELIVERY_STATUSES, type DeliveryStatus } from './store';

/** A delivery as the log shows it: with the force's name and the referral it is about, if any. */
export interface LoggedDelivery {
  id: number;
  eventType: string;
  channel: 'email' | 'webhook';
  recipient: string;
  content: Email | { body: string };
  status: DeliveryStatus;
  attempts: number;
  /** Left out (null) unless the reader fixes force endpoints (see `withErrors`). */
  lastError: string | null;
  createdAt: Date;
  forceName: string | null;
  referral: { reference: string; publicId: string } | null;
}

const toLoggedDelivery = (delivery: ListedDelivery, withErrors: boolean): LoggedDelivery => ({
  id: delivery.id,
  eventType: delivery.eventType,
  channel: delivery.channel,
  recipient: delivery.recipient,
  content: delivery.content,
  status: delivery.status,
  attempts: delivery.attempts,
  lastError: withErrors ? delivery.lastError : null,
  createdAt: delivery.createdAt,
  forceName: delivery.forceName,
  referral: delivery.referral,
});

/** The newest deliveries shown at once; the filter finds older ones. */
const SHOWN = 200;

/**
 * The log of every email and webhook Pathways sent or tried to: read by admins and caseworkers,
 * and where a delivery is sent again from.
 */
export function deliveryLog(db: Database, outbox: Outbox) {
  return {
    /**
     * Newest first. Why a delivery failed (a receiver's status, a connection error) is for those who fix
     * force endpoints: without `withErrors` it is left out of the rows, not just off the page.
     */
    async list(filter: { status?: DeliveryStatus; withErrors: boolean }): Promise<LoggedDelivery[]> {
      const deliveries = await listDeliveries(db, { status: filter.status, limit: SHOWN });
      return deliveries.map((delivery) => toLoggedDelivery(delivery, filter.withErrors));
    },

    /** Sends a delivery again, whatever happened to it before; false when there is no such delivery. */
    redeliver: (deliveryId: number) => outbox.redeliver(db, deliveryId),
  };
}

export type DeliveryLog = ReturnType<typeof deliveryLog>;
