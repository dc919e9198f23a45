import type { Database } from '../db/database';
import type { DeliveryRow, Outbox } from './deliveries';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'held', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A delivery as the log shows it: with the force's name and the referral it is about, if any. */
export type LoggedDelivery = DeliveryRow & { force_name: string | null; reference: string | null; public_id: string | null };

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
      const rows: LoggedDelivery[] = await db('deliveries')
        .leftJoin('forces', 'forces.id', 'deliveries.force_id')
        .leftJoin('referrals', 'referrals.id', 'deliveries.referral_id')
        .modify((query) => {
          if (filter.status) void query.where('deliveries.status', filter.status);
        })
        .orderBy('deliveries.id', 'desc')
        .limit(SHOWN)
        .select('deliveries.*', 'forces.name as force_name', 'referrals.reference', 'referrals.public_id');
      return filter.withErrors ? rows : rows.map((row) => ({ ...row, last_error: null }));
    },

    /** Sends a delivery again, whatever happened to it before; false when there is no such delivery. */
    redeliver: (deliveryId: number) => outbox.redeliver(db, deliveryId),
  };
}

export type DeliveryLog = ReturnType<typeof deliveryLog>;
