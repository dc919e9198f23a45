import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('forces', (table) => {
    table.increments('id');
    table.text('name').notNullable();
    table.text('code').notNullable().unique();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('users', (table) => {
    table.increments('id');
    table.text('email').notNullable().unique();
    table.text('name').notNullable();
    table.text('role').notNullable();
    table.integer('force_id').references('forces.id');
    table.text('password_hash');
    table.integer('failed_sign_ins').notNullable().defaultTo(0);
    table.timestamp('locked_until', { useTz: true });
    table.timestamp('disabled_at', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    "alter table users add constraint users_role_check check (role in ('admin', 'author', 'caseworker', 'police'))",
  );
  await knex.raw(
    "alter table users add constraint users_police_have_force check ((role = 'police') = (force_id is not null))",
  );

  await knex.schema.createTable('learners', (table) => {
    table.increments('id');
    table.text('name').notNullable();
    table.date('date_of_birth').notNullable();
    table.text('access_code_lookup').notNullable().unique();
    table.text('access_code_encrypted');
    table.text('password_hash');
    table.timestamp('first_signed_in_at', { useTz: true });
    table.integer('failed_sign_ins').notNullable().defaultTo(0);
    table.timestamp('locked_until', { useTz: true });
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('referrals', (table) => {
    table.increments('id');
    table.integer('force_id').notNullable().references('forces.id');
    table.integer('learner_id').notNullable().unique().references('learners.id');
    table.text('reference').notNullable();
    table.text('disposal_type').notNullable();
    table.date('deadline').notNullable();
    table.timestamp('referred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.unique(['force_id', 'reference']);
  });
  await knex.raw(
    'alter table referrals add constraint referrals_disposal_type_check check (disposal_type in ' +
      "('community-resolution', 'conditional-caution', 'diversionary-caution', 'community-caution'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('referrals');
  await knex.schema.dropTable('learners');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('forces');
}
