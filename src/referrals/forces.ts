import type { Database } from '../db/database';
import type { DeadlineDays } from './model';

/**
 * What referrals asks of the forces capability (its service provides these, src/staff/forces.ts today):
 * who to tell about a referral, and a force's default deadlines. Said here, by shape, so referrals does
 * not depend on where forces' files live.
 */
export interface ForcesForReferrals {
  /** The force's code (in webhook bodies), its OOCD hub's email and its webhook address, in the caller's transaction. */
  notificationTargets(forceId: number, trx?: Database): Promise<{ code: string; notificationEmail: string | null; webhookUrl: string | null } | undefined>;
  /** Days from referral to deadline, by disposal type, as the force set them. */
  deadlineDays(forceId: number, trx?: Database): Promise<DeadlineDays | undefined>;
}
