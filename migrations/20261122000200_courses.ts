import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('courses', (table) => {
    table.text('id').primary();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // A version is immutable once written: its files and media never change.
  await knex.schema.createTable('course_versions', (table) => {
    table.increments('id');
    table.text('course_id').notNullable().references('courses.id');
    table.integer('version').notNullable();
    table.text('title').notNullable();
    table.text('source').notNullable();
    table.text('content_hash').notNullable();
    table.jsonb('files').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.unique(['course_id', 'version']);
  });
  await knex.raw(
    "alter table course_versions add constraint course_versions_source_check check (source in ('files', 'authoring'))",
  );

  // Media is stored once per content hash and shared by every version that uses it.
  await knex.schema.createTable('course_media', (table) => {
    table.text('hash').primary();
    table.text('content_type').notNullable();
    table.binary('data').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('course_media');
  await knex.schema.dropTable('course_versions');
  await knex.schema.dropTable('courses');
}
