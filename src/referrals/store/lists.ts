import { DateTime } from 'luxon';
import type { Database } from '../../db/database';
import { londonDate, ZONE } from '../../time/london';
import type { Referral, ReferralStatus, Scope } from '../model';
import { referralFrom, type ReferralRow, scoped } from './referrals';

/** What the referral lists can be narrowed by; `after` is the last id of the previous page (newest first). */
export interface ListFilters {
  status?: string;
  q?: string;
  dueBefore?: string;
  dueWithinDays?: number;
  needsSupport?: boolean;
  forceId?: number;
  updatedSince?: Date;
  after?: number;
  limit: number;
}

/** A line of the referral list page. */
export interface ReferralListLine {
  id: number;
  publicId: string;
  reference: string;
  status: ReferralStatus;
  deadline: string;
  completedLate: boolean | null;
  learnerName: string;
  forceName: string;
}

/**
 * The referrals a list shows: in scope, matching the filters, newest first, at most `limit`. The one
 * place in referrals that reads other owners' tables: a list filters and searches by the person's
 * name (learning's `learners`), shows the force's name (`forces`) and finds open contact requests
 * (casework's `contact_requests`), a page at a time, in one statement.
 */
function filtered(db: Database, today: string, scope: Scope, filters: ListFilters) {
  return db('referrals')
    .join('learners', 'learners.id', 'referrals.learner_id')
    .join('forces', 'forces.id', 'referrals.force_id')
    .modify(scoped(scope))
    .modify((query) => {
      if (filters.status) void query.where('referrals.status', filters.status);
      if (filters.dueBefore) void query.where('referrals.deadline', '<=', filters.dueBefore);
      if (filters.forceId) void query.where('referrals.force_id', filters.forceId);
      if (filters.dueWithinDays !== undefined) {
        const last = DateTime.fromISO(today, { zone: ZONE }).plus({ days: filters.dueWithinDays }).toISODate() as string;
        void query.whereIn('referrals.status', ['referred', 'in_progress']).whereBetween('referrals.deadline', [today, last]);
      }
      if (filters.needsSupport) {
        void query.where((inner) =>
          inner
            .whereRaw("coalesce(learners.support_needs, '') <> ''")
            .orWhereExists((open) => open.select(db.raw('1')).from('contact_requests').whereRaw('contact_requests.referral_id = referrals.id').whereNull('contact_requests.handled_at')),
        );
      }
      if (filters.updatedSince) void query.where('referrals.updated_at', '>=', filters.updatedSince);
      if (filters.after) void query.where('referrals.id', '<', filters.after);
      if (filters.q) {
        const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        void query.where((inner) => inner.whereILike('referrals.reference', like).orWhereILike('learners.name', like));
      }
    })
    .orderBy('referrals.id', 'desc')
    .limit(filters.limit);
}

/** Whole referrals, newest first: the API's list. `now` gives London's today for "due within". */
export async function listReferrals(db: Database, now: Date, scope: Scope, filters: ListFilters): Promise<Referral[]> {
  const rows: ReferralRow[] = await filtered(db, londonDate(now), scope, filters).select('referrals.*');
  return rows.map(referralFrom);
}

/** Only what the referral list page shows, newest first: a page of these is cheap to read and render. */
export async function referralListLines(db: Database, now: Date, scope: Scope, filters: ListFilters): Promise<ReferralListLine[]> {
  const rows: { id: number; public_id: string; reference: string; status: ReferralStatus; deadline: string; completed_late: boolean | null; learner_name: string; force_name: string }[] =
    await filtered(db, londonDate(now), scope, filters).select(
      'referrals.id',
      'referrals.public_id',
      'referrals.reference',
      'referrals.status',
      'referrals.deadline',
      'referrals.completed_late',
      'learners.name as learner_name',
      'forces.name as force_name',
    );
  return rows.map((row) => ({
    id: row.id,
    publicId: row.public_id,
    reference: row.reference,
    status: row.status,
    deadline: row.deadline,
    completedLate: row.completed_late,
    learnerName: row.learner_name,
    forceName: row.force_name,
  }));
}
