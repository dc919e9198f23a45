import type { Database } from '../db/database';
import type { DeliveryRow, Outbox } from './deliveries';
import type { Email } from './mailer';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'held', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

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

type LoggedRow = DeliveryRow & { force_name: string | null; reference: string | null; public_id: string | null };

const toLoggedDelivery = (row: LoggedRow, withErrors: boolean): LoggedDelivery => ({
  id: row.id,
  eventType: row.event_type,
  channel: row.channel,
  recipient: row.recipient,
  content: row.content,
  status: row.status,
  attempts: row.attempts,
  lastError: withErrors ? row.last_error : null,
  createdAt: row.created_at,
  forceName: row.force_name,
  referral: row.reference && row.public_id ? { reference: row.reference, publicId: row.public_id } : null,
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
      const rows: LoggedRow[] = await db('deliveries')
        .leftJoin('forces', 'forces.id', 'deliveries.force_id')
        .leftJoin('referrals', 'referrals.id', 'deliveries.referral_id')
        .modify((query) => {
          if (filter.status) void query.where('deliveries.status', filter.status);
        })
        .orderBy('deliveries.id', 'desc')
        .limit(SHOWN)
        .select('deliveries.*', 'forces.name as force_name', 'referrals.reference', 'referrals.public_id');
      return rows.map((row) => toLoggedDelivery(row, filter.withErrors));
    },

    /** Sends a delivery again, whatever happened to it before; false when there is no such delivery. */
    redeliver: (deliveryId: number) => outbox.redeliver(db, deliveryId),
  };
}

export type DeliveryLog = ReturnType<typeof deliveryLog>;
