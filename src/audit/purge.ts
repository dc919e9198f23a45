import type { Knex } from 'knex';

/**
 * Deletes the audit lines written before `before`, in the caller's transaction.
 *
 * The trail's trigger refuses every DELETE unless the transaction has set
 * `pathways.audit_purge_before`, and then only of lines older than it (migration
 * 20261123000100_audit_retention). set_config(..., true) is SET LOCAL with a bound value: the
 * setting ends with the transaction, so nothing after it can delete a line by accident.
 */
export async function removeAuditLinesBefore(trx: Knex.Transaction, before: Date): Promise<number> {
  await trx.raw("select set_config('pathways.audit_purge_before', ?, true)", [before.toISOString()]);
  // Counted in SQL: knex-pglite answers a delete with its raw result, not the count knex's pg client gives.
  const { rows } = await trx.raw('with gone as (delete from audit_events where at < ? returning 1) select count(*)::int as lines from gone', [before]);
  return Number(rows[0].lines);
}
