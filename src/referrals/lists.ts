import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import { londonDate, ZONE } from '../time/london';
import type { ReferralStatus, Scope } from './model';

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
  public_id: string;
  reference: string;
  status: ReferralStatus;
  deadline: string;
  completed_late: boolean | null;
  learner_name: string;
  force_name: string;
}

/** Narrows a query on `referrals` to what the scope may see. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const scoped = (scope: Scope) => (query: Knex.QueryBuilder<any, any>) => {
  if ('forceId' in scope) void query.where('referrals.force_id', scope.forceId);
};

/** The referral lists: the API's (whole rows) and the list page's (only what it shows). */
export function referralLists(db: Database, clock: Clock) {
  /** The referrals a list shows: in scope, matching the filters, newest first, at most `limit`. */
  function filtered(scope: Scope, filters: ListFilters) {
    return db('referrals')
      .join('learners', 'learners.id', 'referrals.learner_id')
      .join('forces', 'forces.id', 'referrals.force_id')
      .modify(scoped(scope))
      .modify((query) => {
        if (filters.status) void query.where('referrals.status', filters.status);
        if (filters.dueBefore) void query.where('referrals.deadline', '<=', filters.dueBefore);
        if (filters.forceId) void query.where('referrals.force_id', filters.forceId);
        if (filters.dueWithinDays !== undefined) {
          const today = londonDate(clock.now());
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

  return {
    /** Whole rows, newest first: the API's list. */
    async list(scope: Scope, filters: ListFilters) {
      return filtered(scope, filters).select('referrals.*', 'learners.name as learner_name', 'forces.name as force_name', 'forces.code as force_code');
    },

    /** Only what the referral list page shows, newest first: a page of these is cheap to read and render. */
    async summaries(scope: Scope, filters: ListFilters): Promise<ReferralListLine[]> {
      return filtered(scope, filters).select(
        'referrals.id',
        'referrals.public_id',
        'referrals.reference',
        'referrals.status',
        'referrals.deadline',
        'referrals.completed_late',
        'learners.name as learner_name',
        'forces.name as force_name',
      );
    },
  };
}
