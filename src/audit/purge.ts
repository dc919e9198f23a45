import type { Knex } from 'knex';
import { deleteAuditLinesBefore } from './store';

/**
 * Deletes the audit lines written before `before`, in the caller's transaction (the retention run's).
 * Only this may delete from the trail: the trigger refuses any other delete (see store.ts).
 */
export async function removeAuditLinesBefore(trx: Knex.Transaction, before: Date): Promise<number> {
  return deleteAuditLinesBefore(trx, before);
}
