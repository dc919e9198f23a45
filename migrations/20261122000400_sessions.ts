import type { Knex } from 'knex';

// The table connect-pg-simple expects. Created here because its own create-if-missing sends
// several statements at once, which the embedded engine refuses.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sessions', (table) => {
    table.string('sid').primary();
    table.json('sess').notNullable();
    table.timestamp('expire', { precision: 6, useTz: false }).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
}
