import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import type { LearnerPeopleService } from '../learning/account-service';
import type { Outbox } from '../notifications/deliveries';
import { randomUUID } from 'node:crypto';
import type { ForcesForReferrals } from './forces';
import { disposalToApi, type Actor } from './model';
import { insertEvent } from './store/events';
import { referralById } from './store/referrals';

/** What the force is told about: the names force systems subscribe to. */
export type ForceEvent =
  | 'referral.started'
  | 'course.completed'
  | 'referral.completed'
  | 'referral.overdue'
  | 'referral.withdrawn'
  | 'deadline.extended';

const SUBJECTS: Record<ForceEvent, string> = {
  'referral.started': 'has started their course',
  'course.completed': 'has completed a course',
  'referral.completed': 'has completed everything on their referral',
  'referral.overdue': 'has missed the deadline',
  'referral.withdrawn': 'referral has been withdrawn',
  'deadline.extended': 'deadline has been extended',
};

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

  async function notifyForce(trx: Database, referralId: number, event: ForceEvent, data: Record<string, unknown>) {
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

    const subject = `Pathways: ${referral.reference} ${SUBJECTS[event]}`;
    const lines = [
      `${person?.name} (reference ${referral.reference}) ${SUBJECTS[event]}.`,
      '',
      ...Object.entries(describe(data)).map(([key, value]) => `${key}: ${value}`),
      '',
      `See the referral and its timeline: ${publicUrl}/referrals/${referral.publicId}`,
    ];
    const recipients = new Set([referral.officerEmail, force?.notificationEmail].filter(Boolean) as string[]);
    for (const to of recipients) await outbox.email(trx, delivery, { to, subject, text: lines.join('\n') });
  }

  return { record, notifyForce };
}

export type ReferralEvents = ReturnType<typeof referralEvents>;

/** Event data in words for an email: one line per fact. */
function describe(data: Record<string, unknown>): Record<string, string> {
  const lines: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      lines[key] = value
        .map((item) => (typeof item === 'object' ? Object.values(item as object).filter((v) => v !== null).join(', ') : String(item)))
        .join('; ');
    } else if (typeof value === 'object') lines[key] = Object.values(value).filter((v) => v !== null).join(', ');
    else lines[key] = String(value);
  }
  return lines;
}
