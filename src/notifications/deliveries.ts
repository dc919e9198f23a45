import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { fetch } from 'undici';
import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import type { JobQueue } from '../jobs/queue';
import type { Email, Mailer } from './mailer';
import { signatureHeader } from './signature';
import { type Delivery, type NewDeliveryRecord, deliveryById, deliveryWritten, insertDelivery, markPendingAgain, recordAttempt } from './store';
import { addressRefusal, webhookAgent } from './webhook-agent';

/** A webhook's last chance is 24 hours after it was first due. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
const WEBHOOK_TIMEOUT_MS = 10_000;

interface NewDelivery {
  eventId?: string;
  eventType: string;
  forceId?: number | null;
  referralId?: number | null;
}

/** Writes deliveries and their jobs inside the caller's transaction. */
export function outbox(jobs: JobQueue) {
  async function add(trx: Database, delivery: NewDeliveryRecord): Promise<number> {
    const id = await insertDelivery(trx, delivery);
    await jobs.enqueueDelivery(trx, id);
    return id;
  }
  const common = (delivery: NewDelivery) => ({
    eventId: delivery.eventId ?? randomUUID(),
    eventType: delivery.eventType,
    forceId: delivery.forceId ?? null,
    referralId: delivery.referralId ?? null,
  });
  return {
    email: (trx: Database, delivery: NewDelivery, email: Email) =>
      add(trx, { ...common(delivery), channel: 'email', recipient: email.to, content: email }),
    webhook: (trx: Database, delivery: NewDelivery & { url: string }, body: string) =>
      add(trx, { ...common(delivery), channel: 'webhook', recipient: delivery.url, content: { body } }),

    /** Whether a delivery for this event is already in the outbox (events with a fixed id are sent once). */
    async written(db: Database, eventType: string, eventId: string): Promise<boolean> {
      return deliveryWritten(db, eventType, eventId);
    },

    /** Sends a delivery again (from the log), whatever happened to it before. */
    async redeliver(db: Database, deliveryId: number): Promise<boolean> {
      return db.transaction(async (trx) => {
        if (!(await markPendingAgain(trx, deliveryId))) return false;
        await jobs.enqueueDelivery(trx, deliveryId);
        return true;
      });
    },
  };
}

export type Outbox = ReturnType<typeof outbox>;

/**
 * Makes one attempt at a delivery. A failure that is worth retrying throws, and the job queue
 * tries again later with backoff; after 24 hours the delivery is marked failed for an admin.
 * A webhook to an address that is not on the public internet fails at once and for good: trying
 * again would only knock on the same door. Without SMTP, email is held in the outbox page instead
 * of vanishing. `allowPrivateAddresses` is the switch for tests and development (see config.ts).
 */
/** What the worker asks of forces: the secret a force's webhooks are signed with (forces owns it, sealed). */
export type SigningSecretOf = (forceId: number) => Promise<string | undefined>;

export function deliveryWorker(deps: { db: Database; mailer?: Mailer; clock: Clock; logger: Logger; signingSecretOf: SigningSecretOf; allowPrivateAddresses: boolean }) {
  const { db, mailer, clock, logger } = deps;
  const dispatcher = webhookAgent({ allowPrivateAddresses: deps.allowPrivateAddresses, connectTimeoutMs: WEBHOOK_TIMEOUT_MS });

  const record = (id: number, outcome: Parameters<typeof recordAttempt>[2]) => recordAttempt(db, id, outcome, clock.now());

  /** Signed with the real time of sending: receivers check it against their own clocks. */
  async function sendWebhook(delivery: Delivery): Promise<void> {
    const signingSecret = delivery.forceId === null ? undefined : await deps.signingSecretOf(delivery.forceId);
    if (!signingSecret) throw new Error('The force has no webhook secret');
    const { body } = delivery.content as { body: string };
    const response = await fetch(delivery.recipient, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Pathways-Webhooks/1',
        'pathways-event-id': delivery.eventId,
        'pathways-event-type': delivery.eventType,
        'pathways-signature': signatureHeader(signingSecret, body, new Date()),
      },
      body,
      // A redirect is the receiver's answer, not an address to follow: it could lead anywhere.
      redirect: 'manual',
      dispatcher,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) throw new Error(`The receiver answered ${response.status}`);
  }

  return {
    async deliver(deliveryId: number): Promise<void> {
      const delivery = await deliveryById(db, deliveryId);
      if (!delivery || delivery.status === 'delivered' || delivery.status === 'failed') return;
      if (delivery.channel === 'email' && !mailer) {
        await record(delivery.id, { status: 'held', lastError: null });
        return;
      }
      try {
        if (delivery.channel === 'email') await mailer!.send(delivery.content as Email);
        else await sendWebhook(delivery);
        await record(delivery.id, { status: 'delivered', deliveredAt: clock.now(), lastError: null });
      } catch (error) {
        const refused = addressRefusal(error);
        const message = refused?.message ?? (error instanceof Error ? error.message : String(error));
        const gaveUp = Boolean(refused) || clock.now().getTime() - new Date(delivery.createdAt).getTime() >= GIVE_UP_AFTER_MS;
        await record(delivery.id, { status: gaveUp ? 'failed' : 'pending', lastError: message });
        logger.warn({ deliveryId, channel: delivery.channel, error: message, gaveUp }, 'delivery failed');
        if (!gaveUp) throw error;
      }
    },
  };
}
