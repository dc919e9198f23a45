import type { Database } from '../db/database';
import type { Email } from './mailer';

/**
 * The only code that touches notifications' table, `deliveries` (the outbox). Every function takes
 * the database or the caller's transaction first and answers in camelCase: no row leaves here.
 */

export const DELIVERY_STATUSES = ['pending', 'delivered', 'held', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An email or a signed webhook waiting to go, sent, held (no SMTP) or given up on. */
export interface Delivery {
  id: number;
  eventId: string;
  eventType: string;
  forceId: number | null;
  referralId: number | null;
  channel: 'email' | 'webhook';
  recipient: string;
  content: Email | { body: string };
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** A delivery as the log lists it: with the force's name and the referral it is about, if any. */
export interface ListedDelivery extends Delivery {
  forceName: string | null;
  referral: { reference: string; publicId: string } | null;
}

export type NewDeliveryRecord = Pick<Delivery, 'eventId' | 'eventType' | 'forceId' | 'referralId' | 'channel' | 'recipient' | 'content'>;

interface DeliveryRow {
  id: number;
  event_id: string;
  event_type: string;
  force_id: number | null;
  referral_id: number | null;
  channel: 'email' | 'webhook';
  recipient: string;
  content: Email | { body: string };
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
}

type ListedRow = DeliveryRow & { force_name: string | null; reference: string | null; public_id: string | null };

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  eventId: row.event_id,
  eventType: row.event_type,
  forceId: row.force_id,
  referralId: row.referral_id,
  channel: row.channel,
  recipient: row.recipient,
  content: row.content,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
});

/** Writes a delivery (pending) and answers its id. */
export async function insertDelivery(trx: Database, delivery: NewDeliveryRecord): Promise<number> {
  const [inserted] = await trx('deliveries')
    .insert({
      event_id: delivery.eventId,
      event_type: delivery.eventType,
      force_id: delivery.forceId,
      referral_id: delivery.referralId,
      channel: delivery.channel,
      recipient: delivery.recipient,
      content: JSON.stringify(delivery.content),
    })
    .returning('id');
  return inserted.id;
}

/** Whether a delivery for this event is already written. */
export async function deliveryWritten(db: Database, eventType: string, eventId: string): Promise<boolean> {
  return Boolean(await db('deliveries').where({ event_type: eventType, event_id: eventId }).first('id'));
}

/** Puts a delivery back to pending, as if written now; false when there is no such delivery. */
export async function markPendingAgain(trx: Database, deliveryId: number): Promise<boolean> {
  const updated = await trx('deliveries').where({ id: deliveryId }).update({ status: 'pending', created_at: trx.fn.now() });
  return updated > 0;
}

export async function deliveryById(db: Database, deliveryId: number): Promise<Delivery | undefined> {
  const row = await db<DeliveryRow>('deliveries').where({ id: deliveryId }).first();
  return row ? toDelivery(row) : undefined;
}

/** One more attempt at a delivery, and what came of it. */
export async function recordAttempt(
  db: Database,
  deliveryId: number,
  outcome: { status: DeliveryStatus; lastError: string | null; deliveredAt?: Date },
  at: Date,
): Promise<void> {
  await db('deliveries')
    .where({ id: deliveryId })
    .update({
      status: outcome.status,
      last_error: outcome.lastError,
      ...(outcome.deliveredAt ? { delivered_at: outcome.deliveredAt } : {}),
      attempts: db.raw('attempts + 1'),
      last_attempt_at: at,
    });
}

/** Newest first, at most `limit`, with each line's force and referral named in the same statement. */
export async function listDeliveries(db: Database, filter: { status?: DeliveryStatus; limit: number }): Promise<ListedDelivery[]> {
  const rows: ListedRow[] = await db('deliveries')
    .leftJoin('forces', 'forces.id', 'deliveries.force_id')
    .leftJoin('referrals', 'referrals.id', 'deliveries.referral_id')
    .modify((query) => {
      if (filter.status) void query.where('deliveries.status', filter.status);
    })
    .orderBy('deliveries.id', 'desc')
    .limit(filter.limit)
    .select('deliveries.*', 'forces.name as force_name', 'referrals.reference', 'referrals.public_id');
  return rows.map((row) => ({
    ...toDelivery(row),
    forceName: row.force_name,
    referral: row.reference && row.public_id ? { reference: row.reference, publicId: row.public_id } : null,
  }));
}

/**
 * Emails about these referrals keep their subject and lose their text, and the person's address
 * (as it was before removal) wherever it was sent to them.
 */
export async function forgetEmailsAbout(
  trx: Database,
  referralIds: number[],
  personAddresses: { referralId: number; email: string | null }[],
  removed: { name: string; text: string },
): Promise<void> {
  await trx.raw(
    `update deliveries d set
       recipient = case when d.recipient = p.email then ?::text else d.recipient end,
       content = jsonb_build_object('to', case when d.content->>'to' = p.email then ?::text else d.content->>'to' end, 'subject', d.content->>'subject', 'text', ?::text)
     from unnest(?::int[]) as r(id) left join jsonb_to_recordset(?::jsonb) as p("referralId" int, email text) on p."referralId" = r.id
     where d.referral_id = r.id and d.channel = 'email'`,
    [removed.name, removed.name, removed.text, referralIds, JSON.stringify(personAddresses)],
  );
}

/**
 * Webhook bodies about these referrals lose `data.reason`: an extension's becomes `removedText`, a
 * withdrawal's becomes "Other" unless it is one of `listedWithdrawalReasons`.
 */
export async function forgetWebhookReasonsAbout(trx: Database, referralIds: number[], listedWithdrawalReasons: readonly string[], removedText: string): Promise<void> {
  const reason = "(d.content->>'body')::jsonb->'data'->>'reason'";
  await trx.raw(
    `update deliveries d set content = jsonb_build_object('body', jsonb_set((d.content->>'body')::jsonb, '{data,reason}',
       to_jsonb(case when d.event_type = 'referral.withdrawn' then 'Other' else ?::text end))::text)
     where d.referral_id = any(?::int[]) and d.channel = 'webhook' and ${reason} is not null
       and not (d.event_type = 'referral.withdrawn' and ${reason} in (${listedWithdrawalReasons.map(() => '?').join(', ')}))`,
    [removedText, referralIds, ...listedWithdrawalReasons],
  );
}
