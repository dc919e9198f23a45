import type { Knex } from 'knex';
import { CONTACT_CLOSED, RETENTION_ACTOR, type Removal, TEXT_REMOVED } from '../retention/removed';

/**
 * What staff wrote about the person and what the person asked: case notes lose their text (who wrote
 * them and when stay); contact requests lose the message and the outcome. A request still open is
 * closed: with the phone number and email gone, nobody can act on it.
 */
export async function forgetPersonalData(trx: Knex, referralIds: number[], removal: Removal): Promise<void> {
  const ofTheseReferrals = 'referral_id = any(?::int[])';
  await trx('case_notes').whereRaw(ofTheseReferrals, [referralIds]).update({ text: TEXT_REMOVED });
  await trx('contact_requests')
    .whereRaw(ofTheseReferrals, [referralIds])
    .update({
      message: null,
      outcome: trx.raw('case when handled_at is null then ? when outcome is null then null else ? end', [CONTACT_CLOSED, TEXT_REMOVED]),
      handled_by: trx.raw('case when handled_at is null then ? else handled_by end', [RETENTION_ACTOR]),
      handled_at: trx.raw('coalesce(handled_at, ?)', [removal.at]),
    });
}
