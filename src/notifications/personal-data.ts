import type { Database } from '../db/database';
import { NAME_REMOVED, TEXT_REMOVED } from '../retention/removed';
import { forgetEmailsAbout, forgetWebhookReasonsAbout } from './store';

export interface DeliveriesToForget {
  /** Each referral's person and their email address (before it was removed): emails sent to it lose it. */
  personAddresses: { referralId: number; email: string | null }[];
  /** Withdrawal reasons picked from a list, not anybody's words: they stay in webhook bodies. */
  listedWithdrawalReasons: readonly string[];
}

/**
 * The copies of a referral's personal data in what was sent about it. An email (content `{ to, subject,
 * text }`) keeps its subject (no names in it) but loses its text, and the person's address wherever it
 * was sent to them. A webhook body (content `{ body }`, the JSON the force received) holds no names, but
 * its `data.reason` can be someone's words: an extension's reason goes; a withdrawal's becomes "Other"
 * unless it was picked from the list. The stored body then no longer matches its signature: it was
 * delivered long ago.
 */
export async function forgetPersonalData(trx: Database, referralIds: number[], deliveries: DeliveriesToForget): Promise<void> {
  await forgetEmailsAbout(trx, referralIds, deliveries.personAddresses, { name: NAME_REMOVED, text: TEXT_REMOVED });
  await forgetWebhookReasonsAbout(trx, referralIds, deliveries.listedWithdrawalReasons, TEXT_REMOVED);
}
