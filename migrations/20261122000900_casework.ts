import type { Knex } from 'knex';

// Caseworkers' own notes on a referral, and learners' requests to be contacted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_notes', (table) => {
    table.increments('id');
    table.integer('referral_id').notNullable().references('referrals.id').index();
    table.integer('author_id').references('users.id');
    table.text('author').notNullable();
    table.text('text').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('contact_requests', (table) => {
    table.increments('id');
    table.integer('referral_id').notNullable().references('referrals.id').index();
    table.text('contact_by').notNullable();
    table.text('message');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('handled_at', { useTz: true });
    table.text('handled_by');
    table.text('outcome');
  });
  await knex.raw("alter table contact_requests add constraint contact_requests_contact_by_check check (contact_by in ('phone', 'email', 'either'))");
  await knex.raw('create index contact_requests_open on contact_requests (created_at) where handled_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('contact_requests');
  await knex.schema.dropTable('case_notes');
}
