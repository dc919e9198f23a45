import type { Knex } from 'knex';
import type { Removal } from '../retention/removed';
import * as store from './store/personal-data';
import { learnersOf } from './store/referrals';

/**
 * What retention (src/retention/service.ts) asks of referrals, in its one transaction: which referrals
 * are due, whose they are (so learning can forget the person), and forgetting the referral's own part.
 */
export { LISTED_WITHDRAWAL_REASONS } from './store/personal-data';

/** The referrals closed before `cutoff` whose personal data is still held, locked until the caller's transaction ends. */
export const closedBefore = (trx: Knex, cutoff: Date): Promise<number[]> => store.closedBefore(trx, cutoff);

/** Each referral's learner: learning forgets the person, the notifications the emails sent to them. */
export const learnersOfReferrals = (trx: Knex, referralIds: number[]): Promise<{ referralId: number; learnerId: number }[]> => learnersOf(trx, referralIds);

/** The referral's own personal data: notes, fingerprint, reasons in someone's own words; the referral is marked. */
export const forgetPersonalData = (trx: Knex, referralIds: number[], removal: Removal): Promise<void> => store.forgetPersonalData(trx, referralIds, removal);
