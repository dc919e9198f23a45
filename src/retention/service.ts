import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/trail';
import { endingEverySession } from '../auth/sessions';
import type { Clock } from '../time/clock';
import type { Database } from '../db/database';
import { WITHDRAWAL_REASONS } from '../referrals/model';
import { removeAuditLinesBefore } from './audit-lines';

/** What a learner's name becomes, and what stands where someone's words were. */
export const NAME_REMOVED = 'Personal data removed';
export const TEXT_REMOVED = 'Removed after the retention period';
/** The outcome of a contact request still open when the person's details go: nobody can contact them now. */
export const CONTACT_CLOSED = 'Closed: the person’s details were removed after the retention period';
export const RETENTION_ACTOR = 'Pathways (retention)';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A referral is closed when it is completed, withdrawn, or overdue (its deadline passed and it was
 * never completed); it counts from that moment. Open referrals (referred, in progress) never do.
 * A late completion or an extension moves an overdue referral out of "overdue", so it counts again
 * from its new state.
 */
const CLOSED_BEFORE = `((status = 'completed' and completed_at < ?) or (status = 'withdrawn' and withdrawn_at < ?) or (status = 'overdue' and overdue_at < ?))`;

/**
 * A withdrawal reason picked from the list stays; anything else is someone's own words: "Other: …"
 * from the form, or whatever a force system sent through the API. Those become "Other".
 */
const LISTED_REASONS = WITHDRAWAL_REASONS.map((reason) => reason.label);
const IS_LISTED_REASON = (column: string) => `${column} in (${LISTED_REASONS.map(() => '?').join(', ')})`;

/** A reflection becomes "", a plan's items each become "": the shape of the record stays, the words go. Choices are kept. */
const BLANK_FREE_TEXT = `coalesce((select jsonb_object_agg(a.key, case jsonb_typeof(a.value)
    when 'string' then '""'::jsonb
    when 'object' then coalesce((select jsonb_object_agg(p.key, '""'::jsonb) from jsonb_each(a.value) p), '{}'::jsonb)
    else a.value end) from jsonb_each(answers) a), '{}'::jsonb)`;

/**
 * Retention: some time after a referral closes, the person's name, date of birth (kept as the 1st
 * of January of the birth year: age bands stay possible), contact details, language, support needs,
 * sign-in secrets, everything they wrote, and what staff wrote about them are removed. Everything
 * the reports count stays: dates, statuses, disposal type, force reference, courses, completion,
 * attitude answers (not the comment) and re-offending checks.
 *
 * One transaction, one set-based statement per table. The first statement marks the referrals
 * with the time of the run; each later one picks them by that mark. Then, in a second transaction,
 * audit lines older than AUDIT_RETENTION_DAYS (seven years by default) are deleted.
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
        const marked = await trx('referrals')
          .whereNull('personal_data_removed_at')
          .whereRaw(CLOSED_BEFORE, [cutoff, cutoff, cutoff])
          .update({
            personal_data_removed_at: runAt,
            notes: null,
            // A hash of the request, name and date of birth included: guessable from a list of people.
            request_fingerprint: null,
            withdrawal_reason: trx.raw(`case when withdrawal_reason is null or ${IS_LISTED_REASON('withdrawal_reason')} then withdrawal_reason else 'Other' end`, LISTED_REASONS),
          });
        if (marked === 0) return 0;
        const referralIds = trx('referrals').where('personal_data_removed_at', runAt).select('id');
        const enrolmentIds = trx('enrolments').whereIn('referral_id', referralIds.clone()).select('id');

        // Emails keep their subject (no names in them) but lose the text and the person's address.
        await trx.raw(
          `update deliveries d set
             recipient = case when d.recipient = l.email then ?::text else d.recipient end,
             content = jsonb_build_object('to', case when d.content->>'to' = l.email then ?::text else d.content->>'to' end, 'subject', d.content->>'subject', 'text', ?::text)
           from referrals r join learners l on l.id = r.learner_id
           where d.referral_id = r.id and d.channel = 'email' and r.personal_data_removed_at = ?`,
          [NAME_REMOVED, NAME_REMOVED, TEXT_REMOVED, runAt],
        );
        // Webhook bodies hold no names, but an extension's or a withdrawal's reason can be someone's
        // words: the same rule as the timeline below. (The stored body no longer matches its
        // signature; it was delivered long ago.)
        await trx.raw(
          `update deliveries d set content = jsonb_build_object('body', jsonb_set((d.content->>'body')::jsonb, '{data,reason}',
             to_jsonb(case when d.event_type = 'referral.withdrawn' then 'Other' else ?::text end))::text)
           from referrals r
           where d.referral_id = r.id and r.personal_data_removed_at = ? and d.channel = 'webhook'
             and (d.content->>'body')::jsonb->'data'->>'reason' is not null
             and not (d.event_type = 'referral.withdrawn' and ${IS_LISTED_REASON("(d.content->>'body')::jsonb->'data'->>'reason'")})`,
          [TEXT_REMOVED, runAt, ...LISTED_REASONS],
        );
        await trx('step_answers').whereIn('enrolment_id', enrolmentIds.clone()).update({ answers: trx.raw(BLANK_FREE_TEXT) });
        await trx('attitude_responses').whereIn('enrolment_id', enrolmentIds.clone()).whereNotNull('comment').update({ comment: null });
        await trx('case_notes').whereIn('referral_id', referralIds.clone()).update({ text: TEXT_REMOVED });
        // A request still open is closed: with the phone number and email gone, nobody can act on it.
        await trx('contact_requests')
          .whereIn('referral_id', referralIds.clone())
          .update({
            message: null,
            outcome: trx.raw('case when handled_at is null then ? when outcome is null then null else ? end', [CONTACT_CLOSED, TEXT_REMOVED]),
            handled_by: trx.raw('case when handled_at is null then ? else handled_by end', [RETENTION_ACTOR]),
            handled_at: trx.raw('coalesce(handled_at, ?)', [runAt]),
          });
        // Reasons typed by staff or sent by a force system (extensions, withdrawals not from the list); a reason picked from the list stays.
        await trx('referral_events')
          .whereIn('referral_id', referralIds.clone())
          .whereRaw(`details->>'reason' is not null and not (type = 'withdrawn' and ${IS_LISTED_REASON("details->>'reason'")})`, LISTED_REASONS)
          .update({ details: trx.raw("jsonb_set(details, '{reason}', to_jsonb(case when type = 'withdrawn' then 'Other' else ?::text end))", [TEXT_REMOVED]) });
        await trx.raw(
          `insert into referral_events (referral_id, type, details, actor)
           select id, 'personal_data_removed', jsonb_build_object('retentionDays', ?::int), ? from referrals where personal_data_removed_at = ?`,
          [retentionDays, RETENTION_ACTOR, runAt],
        );
        await trx('learners')
          .whereIn('id', trx('referrals').where('personal_data_removed_at', runAt).select('learner_id'))
          .update({
            name: NAME_REMOVED,
            first_name: null,
            last_name: null,
            date_of_birth: trx.raw("date_trunc('year', date_of_birth)::date"),
            email: null,
            phone: null,
            preferred_language: null,
            support_needs: null,
            // Unique and never the hash of a real code: nobody can sign in as this learner again.
            access_code_lookup: trx.raw("'removed:' || id"),
            access_code_encrypted: null,
            password_hash: null,
            // Signed out everywhere: a session holds their name, and signing in again needs the code or password removed here.
            ...endingEverySession(trx),
          });
        await audit.record(
          { userId: null, name: 'retention' },
          { action: 'personal-data-removed', details: { referrals: marked, retentionDays, closedBefore: cutoff.toISOString(), markedAt: runAt.toISOString() } },
          trx,
        );
        return marked;
      });
      if (count > 0) logger.info({ referrals: count, retentionDays }, 'personal data removed after the retention period');
      return { referrals: count, auditLines: await removeOldAuditLines(runAt) };
    },
  };
}

export type RetentionService = ReturnType<typeof retentionService>;
