import type { Knex } from 'knex';

// Course authoring in the browser: one shared draft per course, and who published each version.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('course_versions', (table) => {
    // Null for versions imported from the course library on start.
    table.integer('created_by').references('users.id');
  });
  // 'import': a content folder or archive imported by an author (page or command line). Kept apart
  // from 'files' so a restart compares the library folder only with what was last imported from it.
  await knex.raw('alter table course_versions drop constraint course_versions_source_check');
  await knex.raw(
    "alter table course_versions add constraint course_versions_source_check check (source in ('files', 'authoring', 'import'))",
  );

  // The draft holds files exactly as a course folder would: course.yaml and the modules as text,
  // media as path → content hash (the bytes are in course_media). Publishing it is an import.
  await knex.schema.createTable('course_drafts', (table) => {
    table.text('course_id').primary();
    // The version number the draft was opened from; null for a course not yet published.
    table.integer('based_on_version');
    table.jsonb('files').notNullable();
    // What the author said about each uploaded file: alt text, transcript, original name.
    table.jsonb('media_notes').notNullable().defaultTo('{}');
    // Raised by every change: a publish names the revision the author checked, so nobody publishes unseen changes.
    table.integer('revision').notNullable().defaultTo(1);
    table.integer('created_by').references('users.id');
    table.integer('updated_by').references('users.id');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('course_drafts');
  await knex.raw('alter table course_versions drop constraint course_versions_source_check');
  // Enrolments may point at imported versions: keep them, as the nearest older kind.
  await knex.raw("update course_versions set source = 'authoring' where source = 'import'");
  await knex.raw(
    "alter table course_versions add constraint course_versions_source_check check (source in ('files', 'authoring'))",
  );
  await knex.schema.alterTable('course_versions', (table) => {
    table.dropColumn('created_by');
  });
}
