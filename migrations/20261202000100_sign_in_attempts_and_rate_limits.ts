import type { Knex } from 'knex';

/**
 * Sign-in failures and per-address rate limits move into tables of their own.
 *
 * 1. `sign_in_attempts`: wrong tries counted per key (a keyed hash of a staff email, or of a learner's
 *    access code), whether or not an account has it, so a lock says nothing about which emails or codes
 *    exist. A try is counted before it is checked, in one statement, so parallel tries cannot all be
 *    checked (src/auth/sign-in-attempts.ts). The counters on `users` and `learners` go: they could only
 *    count known accounts.
 * 2. `rate_limit_hits`: the per-address ceilings of express-rate-limit, shared by every server and kept
 *    across restarts (src/http/rate-limit-store.ts). A row is a fixed window: hits since `resets_at`
 *    minus the window.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_attempts', (table) => {
    table.text('key').primary();
    table.integer('failures').notNullable();
    table.timestamp('locked_until', { useTz: true });
    table.timestamp('last_try_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('rate_limit_hits', (table) => {
    table.text('key').primary();
    table.integer('hits').notNullable();
    table.timestamp('resets_at', { useTz: true }).notNullable().index();
  });
  await knex.schema.alterTable('users', (table) => {
    table.dropColumn('failed_sign_ins');
    table.dropColumn('locked_until');
  });
  await knex.schema.alterTable('learners', (table) => {
    table.dropColumn('failed_sign_ins');
    table.dropColumn('locked_until');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const name of ['users', 'learners']) {
    await knex.schema.alterTable(name, (table) => {
      table.integer('failed_sign_ins').notNullable().defaultTo(0);
      table.timestamp('locked_until', { useTz: true });
    });
  }
  await knex.schema.dropTable('rate_limit_hits');
  await knex.schema.dropTable('sign_in_attempts');
}
