import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import type { Outbox } from '../notifications/deliveries';
import { randomUUID } from 'node:crypto';
import { disposalToApi, type Actor } from './model';

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

/** The timeline of a referral, and the force told of what matters, both in the caller's transaction. */
export function referralEvents(outbox: Outbox, publicUrl: string, clock: Clock) {
  async function record(trx: Database, referralId: number, type: string, details: Record<string, unknown> = {}, actor?: Actor) {
    await trx('referral_events').insert({ referral_id: referralId, type, details: JSON.stringify(details), actor: actor?.label ?? null });
  }

  async function notifyForce(trx: Database, referralId: number, event: ForceEvent, data: Record<string, unknown>) {
    const referral = await trx('referrals')
      .join('forces', 'forces.id', 'referrals.force_id')
      .join('learners', 'learners.id', 'referrals.learner_id')
      .where('referrals.id', referralId)
      .select(
        'referrals.*',
        'forces.code as force_code',
        'forces.notification_email',
        'forces.webhook_url',
        'learners.name as learner_name',
      )
      .first();
    const eventId = randomUUID();
    const at = clock.now().toISOString();
    const delivery = { eventId, eventType: event, forceId: referral.force_id, referralId };
    const body = JSON.stringify({
      id: eventId,
      type: event,
      createdAt: at,
      force: referral.force_code,
      referral: {
        id: referral.public_id,
        reference: referral.reference,
        status: referral.status,
        disposal: disposalToApi(referral.disposal_type),
        deadline: referral.deadline,
        completedAt: referral.completed_at ? new Date(referral.completed_at).toISOString() : null,
        completedLate: referral.completed_late ?? null,
      },
      data,
    });
    if (referral.webhook_url) await outbox.webhook(trx, { ...delivery, url: referral.webhook_url }, body);

    const subject = `Pathways: ${referral.reference} ${SUBJECTS[event]}`;
    const lines = [
      `${referral.learner_name} (reference ${referral.reference}) ${SUBJECTS[event]}.`,
      '',
      ...Object.entries(describe(data)).map(([key, value]) => `${key}: ${value}`),
      '',
      `See the referral and its timeline: ${publicUrl}/referrals/${referral.public_id}`,
    ];
    const recipients = new Set([referral.officer_email, referral.notification_email].filter(Boolean) as string[]);
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
