import type { Knex } from 'knex';
import { type Removal, RETENTION_ACTOR, TEXT_REMOVED } from '../../retention/removed';
import { WITHDRAWAL_REASONS } from '../model';

/**
 * A withdrawal reason picked from the list stays; anything else is someone's own words: "Other: …"
 * from the form, or whatever a force system sent through the API. Those become "Other". The force was
 * sent the same reasons in webhooks, which the notifications capability forgets by this same list.
 */
export const LISTED_WITHDRAWAL_REASONS: readonly string[] = WITHDRAWAL_REASONS.map((reason) => reason.label);
const IS_LISTED_REASON = (column: string) => `${column} in (${LISTED_WITHDRAWAL_REASONS.map(() => '?').join(', ')})`;

/**
 * A referral is closed when it is completed, withdrawn, or overdue (its deadline passed and it was
 * never completed); it counts from that moment. Open referrals (referred, in progress) never do.
 * A late completion or an extension moves an overdue referral out of "overdue", so it counts again
 * from its new state.
 */
const CLOSED_BEFORE = `((status = 'completed' and completed_at < ?) or (status = 'withdrawn' and withdrawn_at < ?) or (status = 'overdue' and overdue_at < ?))`;

/**
 * The referrals closed before `cutoff` whose personal data is still held, locked until the caller's
 * transaction ends: an action that needs the person's details (./anonymised) waits for it, then is refused.
 */
export async function closedBefore(trx: Knex, cutoff: Date): Promise<number[]> {
  const rows: { id: number }[] = await trx('referrals')
    .whereNull('personal_data_removed_at')
    .whereRaw(CLOSED_BEFORE, [cutoff, cutoff, cutoff])
    .orderBy('id')
    .forNoKeyUpdate()
    .select('id');
  return rows.map((row) => row.id);
}

/**
 * The referral's own personal data: officers' notes, the request's fingerprint (a hash of the request,
 * name and date of birth included: guessable from a list of people), reasons in someone's own words on
 * the referral, its timeline and its re-offending checks' corrections and voids. The referral is marked (`personal_data_removed_at`), and its timeline
 * says so. Dates, statuses, disposal, reference and re-offending checks stay: the reports count them.
 */
export async function forgetPersonalData(trx: Knex, referralIds: number[], removal: Removal): Promise<void> {
  const ofTheseReferrals = 'referral_id = any(?::int[])';
  await trx('referrals')
    .whereRaw('id = any(?::int[])', [referralIds])
    .update({
      personal_data_removed_at: removal.at,
      notes: null,
      request_fingerprint: null,
      withdrawal_reason: trx.raw(`case when withdrawal_reason is null or ${IS_LISTED_REASON('withdrawal_reason')} then withdrawal_reason else 'Other' end`, LISTED_WITHDRAWAL_REASONS),
    });
  // Reasons typed by staff or sent by a force system (extensions, withdrawals not from the list); a reason picked from the list stays.
  await trx('referral_events')
    .whereRaw(ofTheseReferrals, [referralIds])
    .whereRaw(`details->>'reason' is not null and not (type = 'withdrawn' and ${IS_LISTED_REASON("details->>'reason'")})`, LISTED_WITHDRAWAL_REASONS)
    .update({ details: trx.raw("jsonb_set(details, '{reason}', to_jsonb(case when type = 'withdrawn' then 'Other' else ?::text end))", [TEXT_REMOVED]) });
  // What a caseworker wrote when handling a contact request: their words about the person.
  await trx('referral_events')
    .whereRaw(ofTheseReferrals, [referralIds])
    .whereRaw("details->>'outcome' is not null")
    .update({ details: trx.raw("jsonb_set(details, '{outcome}', to_jsonb(?::text))", [TEXT_REMOVED]) });
  // Why a re-offending check was corrected or voided is staff's own words; the checks, and which count, stay.
  await trx('reoffending_checks').whereRaw(ofTheseReferrals, [referralIds]).whereNotNull('void_reason').update({ void_reason: TEXT_REMOVED });
  await trx('reoffending_checks').whereRaw(ofTheseReferrals, [referralIds]).whereNotNull('correction_reason').update({ correction_reason: TEXT_REMOVED });
  await trx.raw(
    `insert into referral_events (referral_id, type, details, actor)
     select id, 'personal_data_removed', jsonb_build_object('retentionDays', ?::int), ? from referrals where id = any(?::int[])`,
    [removal.retentionDays, RETENTION_ACTOR, referralIds],
  );
}
