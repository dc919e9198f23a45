import type { Knex } from 'knex';

// Staff sign-in hardening (two-factor, one-time links, sign-out everywhere) and the audit trail.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (table) => {
    table.text('totp_secret_encrypted');
    table.timestamp('totp_enabled_at', { useTz: true });
    // The last 30-second step a code was accepted for: the same code cannot be used twice.
    table.bigInteger('totp_last_step');
    // Raised by "sign out everywhere" and by a password change: sessions made before it end.
    table.integer('session_version').notNullable().defaultTo(0);
    table.integer('created_by').references('users.id');
  });

  await knex.schema.createTable('password_links', (table) => {
    table.increments('id');
    table.integer('user_id').notNullable().references('users.id').index();
    table.text('token_hash').notNullable().unique();
    table.text('purpose').notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw("alter table password_links add constraint password_links_purpose_check check (purpose in ('new-account', 'reset'))");

  await knex.schema.createTable('audit_events', (table) => {
    table.bigIncrements('id');
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.integer('user_id').references('users.id');
    table.text('actor').notNullable();
    table.text('action').notNullable();
    table.text('subject_type');
    table.text('subject_id');
    table.jsonb('details').notNullable().defaultTo('{}');
    table.text('ip');
    table.index(['at']);
    table.index(['action', 'at']);
    table.index(['subject_type', 'subject_id']);
  });
  // Append-only: the database itself refuses to change or remove a line of the trail.
  await knex.raw(`create function audit_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'the audit trail is append-only'; end $$`);
  await knex.raw(
    'create trigger audit_events_no_change before update or delete on audit_events for each row execute function audit_events_append_only()',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger audit_events_no_change on audit_events');
  await knex.raw('drop function audit_events_append_only()');
  await knex.schema.dropTable('audit_events');
  await knex.schema.dropTable('password_links');
  await knex.schema.alterTable('users', (table) => {
    table.dropColumn('totp_secret_encrypted');
    table.dropColumn('totp_enabled_at');
    table.dropColumn('totp_last_step');
    table.dropColumn('session_version');
    table.dropColumn('created_by');
  });
}
