import type { Logger } from 'pino';
import { removeAuditLinesBefore } from '../audit/purge';
import type { AuditTrail } from '../audit/trail';
import * as casework from '../casework/personal-data';
import type { Database } from '../db/database';
import * as learning from '../learning/personal-data';
import * as notifications from '../notifications/personal-data';
import * as referrals from '../referrals/personal-data';
import type { Clock } from '../time/clock';

export { CONTACT_CLOSED, NAME_REMOVED, RETENTION_ACTOR, TEXT_REMOVED } from './removed';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: some time after a referral closes, the person's details, everything they wrote, and what
 * staff wrote about them are removed; everything the reports count stays (dates, statuses, disposal
 * type, force reference, courses, completion, attitude answers without the comment, re-offending checks).
 *
 * This service decides when (RETENTION_DAYS after the referral closed) and records that it happened;
 * each capability forgets what it holds, in its own tables (their `personal-data.ts`), one set-based
 * statement per table, all in one transaction. Then, in a second transaction, audit lines older than
 * AUDIT_RETENTION_DAYS (seven years by default) are deleted.
 */
export function retentionService(deps: { db: Database; audit: AuditTrail; clock: Clock; logger: Logger; retentionDays: number; auditRetentionDays: number }) {
  const { db, audit, clock, logger, retentionDays, auditRetentionDays } = deps;

  /**
   * Audit lines older than AUDIT_RETENTION_DAYS go, whatever they are about, and one line says how
   * many went. A transaction of its own: the setting that lets the trigger allow the delete ends with it.
   */
  async function removeOldAuditLines(runAt: Date): Promise<number> {
    const before = new Date(runAt.getTime() - auditRetentionDays * DAY_MS);
    const lines = await db.transaction(async (trx) => {
      const removed = await removeAuditLinesBefore(trx, before);
      if (removed > 0) {
        await audit.record({ userId: null, name: 'retention' }, { action: 'audit-lines-removed', details: { lines: removed, auditRetentionDays, before: before.toISOString() } }, trx);
      }
      return removed;
    });
    if (lines > 0) logger.info({ lines, auditRetentionDays }, 'audit lines removed after the audit retention period');
    return lines;
  }

  return {
    async removeExpired(): Promise<{ referrals: number; auditLines: number }> {
      const runAt = clock.now();
      const cutoff = new Date(runAt.getTime() - retentionDays * DAY_MS);
      const count = await db.transaction(async (trx) => {
        const referralIds = await referrals.closedBefore(trx, cutoff);
        if (referralIds.length === 0) return 0;
        const removal = { at: runAt, retentionDays };
        // Whose referrals they are: the referral holds the link to its learner.
        const learners = await referrals.learnersOfReferrals(trx, referralIds);
        const learnerIds = learners.map((each) => each.learnerId);
        // Read before learning forgets them: the emails sent to these addresses lose them too.
        const emailOf = new Map((await learning.emailAddresses(trx, learnerIds)).map((each) => [each.learnerId, each.email]));
        const personAddresses = learners.map(({ referralId, learnerId }) => ({ referralId, email: emailOf.get(learnerId) ?? null }));
        await referrals.forgetPersonalData(trx, referralIds, removal);
        await notifications.forgetPersonalData(trx, referralIds, { personAddresses, listedWithdrawalReasons: referrals.LISTED_WITHDRAWAL_REASONS });
        await casework.forgetPersonalData(trx, referralIds, removal);
        await learning.forgetPersonalData(trx, { referralIds, learnerIds });
        await audit.record(
          { userId: null, name: 'retention' },
          { action: 'personal-data-removed', details: { referrals: referralIds.length, retentionDays, closedBefore: cutoff.toISOString(), markedAt: runAt.toISOString() } },
          trx,
        );
        return referralIds.length;
      });
      if (count > 0) logger.info({ referrals: count, retentionDays }, 'personal data removed after the retention period');
      return { referrals: count, auditLines: await removeOldAuditLines(runAt) };
    },
  };
}

export type RetentionService = ReturnType<typeof retentionService>;
