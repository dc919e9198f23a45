import type { Knex } from 'knex';

/**
 * Learners' sessions end as staff sessions do: the account's `session_version` is raised (reset access,
 * retention), and a session made before it no longer reads as signed in (src/auth/sessions.ts). Until now
 * their session rows were deleted by matching the JSON inside them, which a request still in flight could
 * write back. Every existing session carries no version and counts as 0, the version every learner starts at.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('learners', (table) => {
    table.integer('session_version').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('learners', (table) => {
    table.dropColumn('session_version');
  });
}
