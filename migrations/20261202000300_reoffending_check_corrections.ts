import type { Knex } from 'knex';

/**
 * Re-offending checks are data for the evaluation, so a wrong one is corrected or voided, never edited
 * or deleted: what was recorded stays, marked, and the reports count only checks that are neither.
 * - A correction is a new check (`corrected_from_id`, `correction_reason`; who and when are its own
 *   `recorded_by` and `created_at`) that replaces its earlier one: the earlier one gets `replaced_by_id`.
 * - A void marks the check (`voided_at`, `voided_by`, `void_reason`).
 * Every existing check is neither, and counts as it did.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reoffending_checks', (table) => {
    table.integer('corrected_from_id').references('reoffending_checks.id').unique();
    table.text('correction_reason');
    table.integer('replaced_by_id').references('reoffending_checks.id');
    table.timestamp('voided_at', { useTz: true });
    table.text('voided_by');
    table.text('void_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reoffending_checks', (table) => {
    for (const column of ['corrected_from_id', 'correction_reason', 'replaced_by_id', 'voided_at', 'voided_by', 'void_reason']) table.dropColumn(column);
  });
}
