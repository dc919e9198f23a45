import type { Database } from '../../db/database';
import type { ReferralEvent } from '../model';

interface EventRow {
  id: number;
  referral_id: number;
  type: string;
  details: Record<string, unknown>;
  actor: string | null;
  at: Date;
}

/** A line on the referral's timeline, in the caller's transaction. */
export async function insertEvent(trx: Database, referralId: number, type: string, details: Record<string, unknown>, actor: string | null): Promise<void> {
  await trx('referral_events').insert({ referral_id: referralId, type, details: JSON.stringify(details), actor });
}

/** The timeline, oldest first. */
export async function eventsOf(db: Database, referralId: number): Promise<ReferralEvent[]> {
  const rows: EventRow[] = await db('referral_events').where({ referral_id: referralId }).orderBy([{ column: 'at' }, { column: 'id' }]);
  return rows.map((row) => ({ id: row.id, referralId: row.referral_id, type: row.type, details: row.details, actor: row.actor, at: row.at }));
}

/** Notes that a reminder goes for this deadline; false when it already went (each goes once per deadline). */
export async function noteReminder(trx: Database, referralId: number, kind: string, deadline: string): Promise<boolean> {
  const inserted = await trx('reminders').insert({ referral_id: referralId, kind, deadline }).onConflict(['referral_id', 'kind', 'deadline']).ignore().returning('referral_id');
  return inserted.length > 0;
}
