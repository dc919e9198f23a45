import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('enrolments', (table) => {
    table.increments('id');
    table.integer('referral_id').notNullable().references('referrals.id');
    table.text('course_id').notNullable().references('courses.id');
    // Set when the learner starts: they stay on this version even if a newer one is published.
    table.integer('course_version_id').references('course_versions.id');
    table.timestamp('started_at', { useTz: true });
    table.timestamp('completed_at', { useTz: true });
    table.boolean('completed_late');
    table.unique(['referral_id', 'course_id']);
  });

  await knex.schema.createTable('step_answers', (table) => {
    table.integer('enrolment_id').notNullable().references('enrolments.id');
    table.integer('step_number').notNullable();
    table.jsonb('answers').notNullable();
    table.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.primary(['enrolment_id', 'step_number']);
  });

  await knex.schema.createTable('attitude_responses', (table) => {
    table.integer('enrolment_id').primary().references('enrolments.id');
    table.text('overall').notNullable();
    table.text('comment');
    table.jsonb('statements').notNullable();
    table.timestamp('answered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    'alter table attitude_responses add constraint attitude_overall_check ' +
      "check (overall in ('positive', 'neutral', 'negative'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attitude_responses');
  await knex.schema.dropTable('step_answers');
  await knex.schema.dropTable('enrolments');
}
