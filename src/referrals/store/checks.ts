import type { Database } from '../../db/database';
import type { ReoffendingCheck } from '../model';

interface CheckRow {
  id: number;
  referral_id: number;
  checked_on: string;
  reoffended: boolean;
  offence_date: string | null;
  recorded_by: string | null;
  created_at: Date;
  corrected_from_id: number | null;
  correction_reason: string | null;
  replaced_by_id: number | null;
  voided_at: Date | null;
  voided_by: string | null;
  void_reason: string | null;
}

export interface NewCheck {
  checkedOn: string;
  reoffended: boolean;
  offenceDate: string | null;
  recordedBy: string;
}

const checkOf = (row: CheckRow): ReoffendingCheck => ({
  id: row.id,
  referralId: row.referral_id,
  checkedOn: row.checked_on,
  reoffended: row.reoffended,
  offenceDate: row.offence_date,
  recordedBy: row.recorded_by,
  recordedAt: row.created_at,
  correctedFromId: row.corrected_from_id,
  correctionReason: row.correction_reason,
  replacedById: row.replaced_by_id,
  voided: row.voided_at ? { at: row.voided_at, by: row.voided_by, reason: row.void_reason ?? '' } : null,
});

const rowOf = (referralId: number, check: NewCheck) => ({
  referral_id: referralId,
  checked_on: check.checkedOn,
  reoffended: check.reoffended,
  offence_date: check.offenceDate,
  recorded_by: check.recordedBy,
});

export async function insertReoffendingCheck(trx: Database, referralId: number, check: NewCheck): Promise<void> {
  await trx('reoffending_checks').insert(rowOf(referralId, check));
}

/** The checks of a referral, by the day they were made (a correction after the check it replaces). */
export async function reoffendingChecksOf(db: Database, referralId: number): Promise<ReoffendingCheck[]> {
  const rows: CheckRow[] = await db('reoffending_checks').where({ referral_id: referralId }).orderBy(['checked_on', 'id']);
  return rows.map(checkOf);
}

/** One check of the referral, or undefined; `lock` holds it until the caller's transaction ends, so two corrections cannot both replace it. */
export async function reoffendingCheckOf(db: Database, referralId: number, checkId: number, lock = false): Promise<ReoffendingCheck | undefined> {
  const query = db('reoffending_checks').where({ referral_id: referralId, id: checkId }).first<CheckRow | undefined>();
  const row = await (lock ? query.forUpdate() : query);
  return row && checkOf(row);
}

/** The correction, as a new check, and the check it replaces marked so. Returns the new check's id. */
export async function insertCorrection(trx: Database, replaced: Pick<ReoffendingCheck, 'id' | 'referralId'>, check: NewCheck, reason: string): Promise<number> {
  const [row] = await trx('reoffending_checks')
    .insert({ ...rowOf(replaced.referralId, check), corrected_from_id: replaced.id, correction_reason: reason })
    .returning('id');
  const id = Number((row as { id: number }).id);
  await trx('reoffending_checks').where({ id: replaced.id }).update({ replaced_by_id: id });
  return id;
}

export async function markVoided(trx: Database, checkId: number, voided: { at: Date; by: string; reason: string }): Promise<void> {
  await trx('reoffending_checks').where({ id: checkId }).update({ voided_at: voided.at, voided_by: voided.by, void_reason: voided.reason });
}
