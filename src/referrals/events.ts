import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import type { LearnerPeopleService } from '../learning/account-service';
import type { Outbox } from '../notifications/deliveries';
import { randomUUID } from 'node:crypto';
import type { ForcesForReferrals } from './forces';
import { forceEmail, type ForceEvent, type ForceEventData } from './force-email';
import { disposalToApi, type Actor } from './model';
import { insertEvent } from './store/events';
import { referralById } from './store/referrals';

/** Who the force is and the person's name: asked of their owners (forces, learning) in the caller's transaction. */
export interface EventLookups {
  forces: Pick<ForcesForReferrals, 'notificationTargets'>;
  people: Pick<LearnerPeopleService, 'person'>;
}

/** The timeline of a referral, and the force told of what matters, both in the caller's transaction. */
export function referralEvents(outbox: Outbox, publicUrl: string, clock: Clock, lookups: EventLookups) {
  async function record(trx: Database, referralId: number, type: string, details: Record<string, unknown> = {}, actor?: Actor) {
    await insertEvent(trx, referralId, type, details, actor?.label ?? null);
  }

  async function notifyForce<E extends ForceEvent>(trx: Database, referralId: number, event: E, data: ForceEventData[E]) {
    const referral = await referralById(trx, referralId);
    if (!referral) throw new Error(`No referral ${referralId}`);
    const force = await lookups.forces.notificationTargets(referral.forceId, trx);
    const person = await lookups.people.person(referral.learnerId, trx);
    const eventId = randomUUID();
    const at = clock.now().toISOString();
    const delivery = { eventId, eventType: event, forceId: referral.forceId, referralId };
    const body = JSON.stringify({
      id: eventId,
      type: event,
      createdAt: at,
      force: force?.code,
      referral: {
        id: referral.publicId,
        reference: referral.reference,
        status: referral.status,
        disposal: disposalToApi(referral.disposalType),
        deadline: referral.deadline,
        completedAt: referral.completedAt ? new Date(referral.completedAt).toISOString() : null,
        completedLate: referral.completedLate ?? null,
      },
      data,
    });
    if (force?.webhookUrl) await outbox.webhook(trx, { ...delivery, url: force.webhookUrl }, body);

    const email = forceEmail(event, data, { publicId: referral.publicId, reference: referral.reference, personName: person?.name }, publicUrl);
    const recipients = new Set([referral.officerEmail, force?.notificationEmail].filter(Boolean) as string[]);
    for (const to of recipients) await outbox.email(trx, delivery, { to, ...email });
  }

  return { record, notifyForce };
}

export type ReferralEvents = ReturnType<typeof referralEvents>;
