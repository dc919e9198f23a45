import type { Database } from '../../db/database';
import type { ReoffendingCheck } from '../model';

interface CheckRow {
  id: number;
  referral_id: number;
  checked_on: string;
  reoffended: boolean;
  offence_date: string | null;
  recorded_by: string | null;
}

export async function insertReoffendingCheck(trx: Database, referralId: number, check: { checkedOn: string; reoffended: boolean; offenceDate: string | null; recordedBy: string }): Promise<void> {
  await trx('reoffending_checks').insert({ referral_id: referralId, checked_on: check.checkedOn, reoffended: check.reoffended, offence_date: check.offenceDate, recorded_by: check.recordedBy });
}

/** The checks of a referral, by the day they were made. */
export async function reoffendingChecksOf(db: Database, referralId: number): Promise<ReoffendingCheck[]> {
  const rows: CheckRow[] = await db('reoffending_checks').where({ referral_id: referralId }).orderBy('checked_on');
  return rows.map((row) => ({ id: row.id, referralId: row.referral_id, checkedOn: row.checked_on, reoffended: row.reoffended, offenceDate: row.offence_date, recordedBy: row.recorded_by }));
}
