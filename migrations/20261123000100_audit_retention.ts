import type { Knex } from 'knex';

/**
 * The audit trail stops keeping people's typed words, and gets a retention period of its own.
 *
 * 1. Lines written before this kept words staff typed about a person: the reason for an extension,
 *    the words after "Other:" of a withdrawal, what happened on a contact request. The same words
 *    are on the referral itself, where retention removes them; the trail now keeps only what was
 *    chosen from a list. The trigger that refuses changes is off for these three statements only.
 * 2. The trigger still refuses every UPDATE, and refuses a DELETE unless the transaction has set
 *    `pathways.audit_purge_before` (SET LOCAL, or set_config(..., true)) to a time the line is older
 *    than. Only the retention run does that (src/retention/audit-lines.ts). It guards against a slip
 *    in code or at a psql prompt, not against the database's owner, who could drop the trigger.
 *    TRUNCATE, which row triggers never see, is refused too.
 * 3. Contact requests left open on referrals already anonymised (by runs before retention closed
 *    them) are closed: nobody can call a person whose details are gone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table audit_events disable trigger audit_events_no_change');
  await knex.raw("update audit_events set details = details - 'reason' where action = 'deadline-extended' and details->'reason' is not null");
  await knex.raw(
    "update audit_events set details = jsonb_set(details, '{reason}', '\"Other\"') where action = 'referral-withdrawn' and details->>'reason' like 'Other:%'",
  );
  await knex.raw("update audit_events set details = details - 'outcome' where action = 'contact-request-handled' and details->'outcome' is not null");
  await knex.raw('alter table audit_events enable trigger audit_events_no_change');

  // Nested IFs: OLD does not exist for TRUNCATE, and plpgsql does not promise to stop at a false AND.
  await knex.raw(`create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    declare
      purge_before text := nullif(current_setting('pathways.audit_purge_before', true), '');
    begin
      if tg_op = 'DELETE' then
        if purge_before is null then
          raise exception 'the audit trail is append-only: only the retention run deletes lines, once older than AUDIT_RETENTION_DAYS';
        end if;
        if old.at < purge_before::timestamptz then
          return old;
        end if;
        raise exception 'the audit trail is append-only: line % is from %, not before %', old.id, old.at, purge_before;
      end if;
      raise exception 'the audit trail is append-only: a line cannot be changed (%)', tg_op;
    end $$`);
  await knex.raw('create trigger audit_events_no_truncate before truncate on audit_events for each statement execute function audit_events_append_only()');

  await knex.raw(
    `update contact_requests set handled_at = now(), handled_by = 'Pathways (retention)',
       outcome = 'Closed: the person’s details were removed after the retention period'
     where handled_at is null and referral_id in (select id from referrals where personal_data_removed_at is not null)`,
  );
}

/** The words removed by up() are not brought back; the trigger refuses every change and delete again. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger audit_events_no_truncate on audit_events');
  await knex.raw(`create or replace function audit_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'the audit trail is append-only'; end $$`);
}
