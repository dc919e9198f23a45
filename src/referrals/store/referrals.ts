import type { Knex } from 'knex';
import type { Database } from '../../db/database';
import type { Referral, ReferralStatus, Scope } from '../model';

/** A row of `referrals` as the database gives it; nothing outside this folder sees one. */
export interface ReferralRow {
  id: number;
  public_id: string;
  force_id: number;
  learner_id: number;
  reference: string;
  disposal_type: string;
  deadline: string;
  status: ReferralStatus;
  referred_at: Date;
  completed_at: Date | null;
  completed_late: boolean | null;
  overdue_at: Date | null;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
  officer_name: string | null;
  officer_email: string | null;
  notes: string | null;
  request_fingerprint: string | null;
  updated_at: Date;
  personal_data_removed_at: Date | null;
}

/** The row in the words of the code. */
export function referralFrom(row: ReferralRow): Referral {
  return {
    id: row.id,
    publicId: row.public_id,
    forceId: row.force_id,
    learnerId: row.learner_id,
    reference: row.reference,
    disposalType: row.disposal_type,
    deadline: row.deadline,
    status: row.status,
    referredAt: row.referred_at,
    completedAt: row.completed_at,
    completedLate: row.completed_late,
    overdueAt: row.overdue_at ?? null,
    withdrawnAt: row.withdrawn_at,
    withdrawalReason: row.withdrawal_reason,
    officerName: row.officer_name,
    officerEmail: row.officer_email,
    notes: row.notes,
    requestFingerprint: row.request_fingerprint,
    updatedAt: row.updated_at,
    personalDataRemovedAt: row.personal_data_removed_at,
  };
}

const OPEN: ReferralStatus[] = ['referred', 'in_progress'];

/** Narrows a query on `referrals` to what the scope may see. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const scoped = (scope: Scope) => (query: Knex.QueryBuilder<any, any>) => {
  if ('forceId' in scope) void query.where('referrals.force_id', scope.forceId);
};

const one = (row: ReferralRow | undefined) => (row ? referralFrom(row) : undefined);

export async function referralById(db: Database, id: number): Promise<Referral | undefined> {
  return one(await db<ReferralRow>('referrals').where({ id }).first());
}

export async function referralByPublicId(db: Database, scope: Scope, publicId: string): Promise<Referral | undefined> {
  return one(await db<ReferralRow>('referrals').where('referrals.public_id', publicId).modify(scoped(scope)).first());
}

export async function referralByReference(db: Database, forceId: number, reference: string): Promise<Referral | undefined> {
  return one(await db<ReferralRow>('referrals').where({ force_id: forceId, reference }).first());
}

/** The learner's referral (one each). */
export async function referralIdOfLearner(db: Database, learnerId: number): Promise<number | undefined> {
  const row = await db('referrals').where({ learner_id: learnerId }).first('id');
  return row?.id;
}

/** Each referral's learner, for the capabilities that forget a referral's person. */
export async function learnersOf(db: Database, referralIds: number[]): Promise<{ referralId: number; learnerId: number }[]> {
  const rows: { id: number; learner_id: number }[] = await db('referrals').whereRaw('id = any(?::int[])', [referralIds]).orderBy('id').select('id', 'learner_id');
  return rows.map((row) => ({ referralId: row.id, learnerId: row.learner_id }));
}

export interface ReferralToInsert {
  forceId: number;
  learnerId: number;
  reference: string;
  disposalType: string;
  deadline: string;
  officerName: string | null;
  officerEmail: string | null;
  referredBy: number | null;
  notes: string | null;
  requestFingerprint: string;
}

export async function insertReferral(trx: Database, referral: ReferralToInsert): Promise<Referral> {
  const [row]: ReferralRow[] = await trx('referrals')
    .insert({
      force_id: referral.forceId,
      learner_id: referral.learnerId,
      reference: referral.reference,
      disposal_type: referral.disposalType,
      deadline: referral.deadline,
      officer_name: referral.officerName,
      officer_email: referral.officerEmail,
      referred_by: referral.referredBy,
      notes: referral.notes,
      request_fingerprint: referral.requestFingerprint,
    })
    .returning('*');
  return referralFrom(row!);
}

/**
 * Locks the referral's row until the transaction ends and gives it as it is now: an action and a
 * retention run on the same referral go one after the other (see ../anonymised).
 */
export async function lockReferral(trx: Database, id: number): Promise<Referral | undefined> {
  return one(await trx<ReferralRow>('referrals').where({ id }).forNoKeyUpdate().first());
}

/** Something about the referral changed (the API's `updatedSince` finds it). */
export async function touchReferral(trx: Database, id: number): Promise<void> {
  await trx('referrals').where({ id }).update({ updated_at: trx.fn.now() });
}

/** A course added: a completed referral has more to do again. */
export async function reopenCompleted(trx: Database, id: number): Promise<void> {
  await trx('referrals')
    .where({ id })
    .update({
      status: trx.raw("case when status = 'completed' then 'in_progress' else status end"),
      completed_at: null,
      completed_late: null,
      updated_at: trx.fn.now(),
    });
}

/** A new deadline; an overdue referral whose new deadline is still to come is open again. */
export async function setDeadline(trx: Database, id: number, deadline: string, reopenAs?: 'in_progress' | 'referred'): Promise<void> {
  await trx('referrals')
    .where({ id })
    .update({ deadline, updated_at: trx.fn.now(), ...(reopenAs ? { status: reopenAs, overdue_at: null } : {}) });
}

export async function markWithdrawn(trx: Database, id: number, reason: string): Promise<void> {
  await trx('referrals').where({ id }).update({ status: 'withdrawn', withdrawn_at: trx.fn.now(), withdrawal_reason: reason, updated_at: trx.fn.now() });
}

/** The learner started their first course. */
export async function markInProgress(trx: Database, id: number): Promise<void> {
  await trx('referrals').where({ id }).update({ status: 'in_progress', updated_at: trx.fn.now() });
}

/** Every course done: completed once, never after a withdrawal. True when this call completed it. */
export async function markCompleted(trx: Database, id: number, late: boolean): Promise<boolean> {
  const updated = await trx('referrals')
    .where({ id })
    .whereNot('status', 'withdrawn')
    .whereNull('completed_at')
    .update({ status: 'completed', completed_at: trx.fn.now(), completed_late: late, updated_at: trx.fn.now() });
  return updated > 0;
}

/** Open referrals whose deadline day ended before `today`. */
export async function dueToBeOverdue(db: Database, today: string): Promise<number[]> {
  const rows: { id: number }[] = await db('referrals').whereIn('status', OPEN).where('deadline', '<', today).select('id');
  return rows.map((row) => row.id);
}

/** Overdue now, if still open and past its deadline; the referral as it then is, or undefined when something else got there first. */
export async function markOverdue(trx: Database, id: number, today: string, now: Date): Promise<Referral | undefined> {
  const updated = await trx('referrals').where({ id }).whereIn('status', OPEN).where('deadline', '<', today).update({ status: 'overdue', overdue_at: now, updated_at: now });
  return updated === 0 ? undefined : referralById(trx, id);
}

/** Open referrals whose deadline falls between two days, for the reminders. */
export async function openWithDeadlineBetween(db: Database, first: string, last: string): Promise<Pick<Referral, 'id' | 'deadline' | 'forceId' | 'learnerId'>[]> {
  const rows: { id: number; deadline: string; force_id: number; learner_id: number }[] = await db('referrals')
    .whereIn('status', OPEN)
    .whereBetween('deadline', [first, last])
    .orderBy('id')
    .select('id', 'deadline', 'force_id', 'learner_id');
  return rows.map((row) => ({ id: row.id, deadline: row.deadline, forceId: row.force_id, learnerId: row.learner_id }));
}
