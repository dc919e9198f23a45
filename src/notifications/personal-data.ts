import type { Knex } from 'knex';
import { NAME_REMOVED, TEXT_REMOVED } from '../retention/removed';

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
export async function forgetPersonalData(trx: Knex, referralIds: number[], deliveries: DeliveriesToForget): Promise<void> {
  const { personAddresses, listedWithdrawalReasons: listed } = deliveries;
  await trx.raw(
    `update deliveries d set
       recipient = case when d.recipient = p.email then ?::text else d.recipient end,
       content = jsonb_build_object('to', case when d.content->>'to' = p.email then ?::text else d.content->>'to' end, 'subject', d.content->>'subject', 'text', ?::text)
     from unnest(?::int[]) as r(id) left join jsonb_to_recordset(?::jsonb) as p("referralId" int, email text) on p."referralId" = r.id
     where d.referral_id = r.id and d.channel = 'email'`,
    [NAME_REMOVED, NAME_REMOVED, TEXT_REMOVED, referralIds, JSON.stringify(personAddresses)],
  );
  const reason = "(d.content->>'body')::jsonb->'data'->>'reason'";
  await trx.raw(
    `update deliveries d set content = jsonb_build_object('body', jsonb_set((d.content->>'body')::jsonb, '{data,reason}',
       to_jsonb(case when d.event_type = 'referral.withdrawn' then 'Other' else ?::text end))::text)
     where d.referral_id = any(?::int[]) and d.channel = 'webhook' and ${reason} is not null
       and not (d.event_type = 'referral.withdrawn' and ${reason} in (${listed.map(() => '?').join(', ')}))`,
    [TEXT_REMOVED, referralIds, ...listed],
  );
}
