import type { Knex } from 'knex';

const DEFAULT_DEADLINE_DAYS = {
  'community-resolution': 28,
  'conditional-caution': 112,
  'diversionary-caution': 112,
  'community-caution': 28,
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('forces', (table) => {
    table.jsonb('deadline_days').notNullable().defaultTo(JSON.stringify(DEFAULT_DEADLINE_DAYS));
    table.text('notification_email');
    table.text('webhook_url');
    // Encrypted with the application secret: it must be read back to sign each delivery.
    table.text('webhook_secret_encrypted');
  });

  await knex.schema.createTable('api_keys', (table) => {
    table.increments('id');
    table.integer('force_id').notNullable().references('forces.id');
    table.text('name').notNullable();
    // SHA-256 of the key: keys are long and random, so a plain hash is enough to look one up.
    table.text('key_hash').notNullable().unique();
    table.text('key_hint').notNullable();
    table.integer('created_by').references('users.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('last_used_at', { useTz: true });
    table.timestamp('revoked_at', { useTz: true });
  });

  await knex.schema.alterTable('learners', (table) => {
    table.text('first_name');
    table.text('last_name');
    table.text('email');
    table.text('phone');
    table.text('preferred_language');
    table.text('support_needs');
  });

  await knex.schema.alterTable('referrals', (table) => {
    // The id force systems and page addresses use: random, so it says nothing about other referrals.
    table.uuid('public_id').notNullable().unique().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('status').notNullable().defaultTo('referred');
    table.text('officer_name');
    table.text('officer_email');
    table.integer('referred_by').references('users.id');
    table.text('notes');
    // What the force system sent, so the same reference again can be told apart from a conflict.
    table.text('request_fingerprint');
    table.timestamp('completed_at', { useTz: true });
    table.boolean('completed_late');
    table.timestamp('overdue_at', { useTz: true });
    table.timestamp('withdrawn_at', { useTz: true });
    table.text('withdrawal_reason');
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['force_id', 'status']);
    table.index(['force_id', 'updated_at']);
  });
  await knex.raw(
    "alter table referrals add constraint referrals_status_check check (status in ('referred', 'in_progress', 'completed', 'overdue', 'withdrawn'))",
  );

  // The timeline of a referral, in the words the police page shows.
  await knex.schema.createTable('referral_events', (table) => {
    table.increments('id');
    table.integer('referral_id').notNullable().references('referrals.id').index();
    table.text('type').notNullable();
    table.jsonb('details').notNullable().defaultTo('{}');
    table.text('actor');
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Reminders to the learner: one of each kind per deadline, never twice.
  await knex.schema.createTable('reminders', (table) => {
    table.integer('referral_id').notNullable().references('referrals.id');
    table.text('kind').notNullable();
    table.date('deadline').notNullable();
    table.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['referral_id', 'kind', 'deadline']);
  });

  // Every email and webhook Pathways sends, with what happened to it: the delivery log and outbox.
  await knex.schema.createTable('deliveries', (table) => {
    table.increments('id');
    table.uuid('event_id').notNullable();
    table.text('event_type').notNullable();
    table.integer('force_id').references('forces.id');
    table.integer('referral_id').references('referrals.id');
    table.text('channel').notNullable();
    table.text('recipient').notNullable();
    table.jsonb('content').notNullable();
    table.text('status').notNullable().defaultTo('pending');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error');
    table.timestamp('last_attempt_at', { useTz: true });
    table.timestamp('delivered_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.index(['status', 'created_at']);
  });
  await knex.raw("alter table deliveries add constraint deliveries_channel_check check (channel in ('email', 'webhook'))");
  await knex.raw(
    "alter table deliveries add constraint deliveries_status_check check (status in ('pending', 'delivered', 'held', 'failed'))",
  );

  await knex.schema.createTable('reoffending_checks', (table) => {
    table.increments('id');
    table.integer('referral_id').notNullable().references('referrals.id').index();
    table.date('checked_on').notNullable();
    table.boolean('reoffended').notNullable();
    table.date('offence_date');
    table.text('recorded_by');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reoffending_checks');
  await knex.schema.dropTable('deliveries');
  await knex.schema.dropTable('reminders');
  await knex.schema.dropTable('referral_events');
  await knex.raw('alter table referrals drop constraint referrals_status_check');
  await knex.schema.alterTable('referrals', (table) => {
    table.dropIndex(['force_id', 'status']);
    table.dropIndex(['force_id', 'updated_at']);
    for (const column of ['public_id', 'status', 'officer_name', 'officer_email', 'referred_by', 'notes', 'request_fingerprint',
      'completed_at', 'completed_late', 'overdue_at', 'withdrawn_at', 'withdrawal_reason', 'updated_at']) table.dropColumn(column);
  });
  await knex.schema.alterTable('learners', (table) => {
    for (const column of ['first_name', 'last_name', 'email', 'phone', 'preferred_language', 'support_needs']) table.dropColumn(column);
  });
  await knex.schema.dropTable('api_keys');
  await knex.schema.alterTable('forces', (table) => {
    for (const column of ['deadline_days', 'notification_email', 'webhook_url', 'webhook_secret_encrypted']) table.dropColumn(column);
  });
}
