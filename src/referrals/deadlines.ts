import { DateTime } from 'luxon';
import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import { londonDate, longDate, ZONE } from '../time/london';
import type { LearnerPeopleService } from '../learning/account-service';
import type { Outbox } from '../notifications/deliveries';
import type { ReferralEvents } from './events';
import { startAddress } from './letter';
import { noteReminder } from './store/events';
import { dueToBeOverdue, markOverdue as markReferralOverdue, openWithDeadlineBetween } from './store/referrals';

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
export function deadlineSweep(deps: { db: Database; events: ReferralEvents; outbox: Outbox; clock: Clock; publicUrl: string; people: Pick<LearnerPeopleService, 'people'> }) {
  const { db, events, outbox, clock, people } = deps;

  async function markOverdue(today: string): Promise<number> {
    const due = await dueToBeOverdue(db, today);
    for (const id of due) {
      await db.transaction(async (trx) => {
        const referral = await markReferralOverdue(trx, id, today, clock.now());
        if (!referral) return;
        await events.record(trx, id, 'overdue', { deadline: referral.deadline });
        await events.notifyForce(trx, id, 'referral.overdue', { deadline: referral.deadline });
      });
    }
    return due.length;
  }

  /** The open referrals due within a week whose person has an email address: their names and addresses asked of learning at once. */
  async function reminderCandidates(today: string) {
    const lastDay = DateTime.fromISO(today, { zone: ZONE }).plus({ days: 7 }).toISODate() as string;
    const due = await openWithDeadlineBetween(db, today, lastDay);
    const found = await people.people(due.map((referral) => referral.learnerId));
    return due.flatMap((referral) => {
      const person = found.get(referral.learnerId);
      return person?.email ? [{ id: referral.id, deadline: referral.deadline, forceId: referral.forceId, email: person.email, name: person.name }] : [];
    });
  }

  async function sendReminders(today: string): Promise<number> {
    let sent = 0;
    for (const referral of await reminderCandidates(today)) {
      const daysLeft = Math.round(DateTime.fromISO(referral.deadline, { zone: ZONE }).diff(DateTime.fromISO(today, { zone: ZONE }), 'days').days);
      const reminder = REMINDERS.find((r) => daysLeft <= r.daysLeft);
      if (!reminder) continue;
      await db.transaction(async (trx) => {
        if (!(await noteReminder(trx, referral.id, reminder.kind, referral.deadline))) return;
        const when = daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`;
        await outbox.email(
          trx,
          { eventType: `reminder.${reminder.kind}`, forceId: referral.forceId, referralId: referral.id },
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
