import type { Knex } from 'knex';

/**
 * When the person's details were removed from a referral after the retention period (null while
 * they are kept). The retention job marks the referrals it anonymises with the time of its run,
 * so every table it changes picks the same referrals, and none is done twice.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('referrals', (table) => {
    table.timestamp('personal_data_removed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('referrals', (table) => {
    table.dropColumn('personal_data_removed_at');
  });
}
