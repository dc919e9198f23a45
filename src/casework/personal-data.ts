import type { Knex } from 'knex';
import type { Removal } from '../retention/removed';
import { forgetCasework } from './store';

/**
 * What staff wrote about the person and what the person asked: case notes lose their text (who wrote
 * them and when stay); contact requests lose the message and the outcome. A request still open is
 * closed: with the phone number and email gone, nobody can act on it. Retention calls this inside its
 * transaction; the SQL is casework's store's.
 */
export async function forgetPersonalData(trx: Knex, referralIds: number[], removal: Removal): Promise<void> {
  await forgetCasework(trx, referralIds, removal);
}
