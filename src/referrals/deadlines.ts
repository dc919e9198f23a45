import { DateTime } from 'luxon';
import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import { londonDate, longDate, ZONE } from '../time/london';
import type { Outbox } from '../notifications/deliveries';
import type { ReferralEvents } from './events';
import { startAddress } from './letter';

/** Reminders before a deadline, by how many days are left when they go. */
const REMINDERS = [
  { kind: 'one-day', daysLeft: 1 },
  { kind: 'seven-day', daysLeft: 7 },
] as const;

/**
 * Runs every few minutes (and at start-up): referrals whose deadline day has ended in London
 * become overdue and the force is told; learners with an email get a reminder 7 days and 1 day
 * before, once each per deadline, never after completion or withdrawal.
 */
export function deadlineSweep(deps: { db: Database; events: ReferralEvents; outbox: Outbox; clock: Clock; publicUrl: string }) {
  const { db, events, outbox, clock } = deps;

  async function markOverdue(today: string): Promise<number> {
    const due = await db('referrals').whereIn('status', ['referred', 'in_progress']).where('deadline', '<', today).select('id');
    for (const { id } of due) {
      await db.transaction(async (trx) => {
        const updated = await trx('referrals')
          .where({ id })
          .whereIn('status', ['referred', 'in_progress'])
          .where('deadline', '<', today)
          .update({ status: 'overdue', overdue_at: clock.now(), updated_at: clock.now() });
        if (updated === 0) return;
        const referral = await trx('referrals').where({ id }).first('deadline');
        await events.record(trx, id, 'overdue', { deadline: referral.deadline });
        await events.notifyForce(trx, id, 'referral.overdue', { deadline: referral.deadline });
      });
    }
    return due.length;
  }

  async function sendReminders(today: string): Promise<number> {
    const lastDay = DateTime.fromISO(today, { zone: ZONE }).plus({ days: 7 }).toISODate() as string;
    const candidates = await db('referrals')
      .join('learners', 'learners.id', 'referrals.learner_id')
      .whereIn('referrals.status', ['referred', 'in_progress'])
      .whereNotNull('learners.email')
      .whereBetween('referrals.deadline', [today, lastDay])
      .select('referrals.id', 'referrals.deadline', 'referrals.force_id', 'learners.email', 'learners.name');
    let sent = 0;
    for (const referral of candidates) {
      const daysLeft = Math.round(DateTime.fromISO(referral.deadline, { zone: ZONE }).diff(DateTime.fromISO(today, { zone: ZONE }), 'days').days);
      const reminder = REMINDERS.find((r) => daysLeft <= r.daysLeft);
      if (!reminder) continue;
      await db.transaction(async (trx) => {
        const inserted = await trx('reminders')
          .insert({ referral_id: referral.id, kind: reminder.kind, deadline: referral.deadline })
          .onConflict(['referral_id', 'kind', 'deadline'])
          .ignore()
          .returning('referral_id');
        if (inserted.length === 0) return;
        const when = daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`;
        await outbox.email(
          trx,
          { eventType: `reminder.${reminder.kind}`, forceId: referral.force_id, referralId: referral.id },
          {
            to: referral.email,
            subject: `Reminder: your Pathways course is due ${when}`,
            text: [
              `Dear ${referral.name},`,
              '',
              `This is a reminder that your Pathways course is due ${when}, by the end of ${longDate(referral.deadline)}.`,
              '',
              `Sign in to carry on where you left off: ${startAddress(deps.publicUrl).replace('/first-sign-in', '/sign-in')}`,
              '',
              'If you need more time or help, contact the officer who referred you before the deadline.',
            ].join('\n'),
          },
        );
        await events.record(trx, referral.id, 'reminder_sent', { kind: reminder.kind });
        sent += 1;
      });
    }
    return sent;
  }

  return {
    async sweep(): Promise<{ overdue: number; reminders: number }> {
      const today = londonDate(clock.now());
      return { overdue: await markOverdue(today), reminders: await sendReminders(today) };
    },
  };
}

export type DeadlineSweep = ReturnType<typeof deadlineSweep>;
