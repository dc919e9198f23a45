import type { Knex } from 'knex';

/**
 * "I'll handle this": a caseworker picks up a waiting contact request so two people do not call the same
 * learner. Who and when; a request can be picked up again by someone else (the queue shows who has it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contact_requests', (table) => {
    table.text('picked_up_by');
    table.timestamp('picked_up_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contact_requests', (table) => {
    table.dropColumn('picked_up_by');
    table.dropColumn('picked_up_at');
  });
}
