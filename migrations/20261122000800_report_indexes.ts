import type { Knex } from 'knex';

/**
 * Reports pick a force's referrals by when they were made (or every force's, for provider
 * staff), then join enrolments, attitude answers and re-offending checks by referral, which
 * are indexed already. The monthly report is sent once per force and month: the unique index
 * makes that a promise the database keeps, whatever number of servers try at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('referrals', (table) => {
    table.index(['force_id', 'referred_at'], 'referrals_force_referred_at_index');
    table.index(['referred_at'], 'referrals_referred_at_index');
  });
  await knex.raw("create unique index deliveries_monthly_report_once on deliveries (event_id) where event_type = 'report.monthly'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index deliveries_monthly_report_once');
  await knex.schema.alterTable('referrals', (table) => {
    table.dropIndex(['force_id', 'referred_at'], 'referrals_force_referred_at_index');
    table.dropIndex(['referred_at'], 'referrals_referred_at_index');
  });
}
