import type { Database } from '../../src/db/database';

/**
 * Tables a rejected request may change on purpose: sessions (every request may touch its own),
 * the audit trail (failed sign-ins are written there), the counters of sign-in tries and of
 * requests per address (a refused try is counted: that is their job), and the migration bookkeeping.
 * pg-boss keeps its tables in a schema of its own, which is not read at all.
 */
const NOT_COMPARED = new Set(['sessions', 'audit_events', 'sign_in_attempts', 'rate_limit_hits', 'knex_migrations', 'knex_migrations_lock']);

/** Columns noted on every authenticated call, accepted or not: an API key's last use (at most once a minute). */
const NOTED_ON_EVERY_CALL: Record<string, string[]> = { api_keys: ['last_used_at'] };

export type Checksums = Record<string, string>;

const rowsOf = (result: { rows: { name: string; value: string | number | null }[] }) =>
  Object.fromEntries(result.rows.map((row) => [row.name, String(row.value)]));

/**
 * Watches every application table for changes. The proof is an md5 of each table's rows (each
 * row's md5, sorted, so storage order does not matter). Computing it costs ~10 ms on the embedded
 * engine, most of it in the course versions, so a cheap probe runs first: any insert, update or
 * delete changes a table's row count or the newest transaction id among its rows (xmin), and
 * only when the probe moves are the checksums computed again.
 */
export async function tableWatch(db: Database) {
  const rows: { table_name: string }[] = await db('information_schema.tables')
    .where({ table_schema: db.raw('current_schema()'), table_type: 'BASE TABLE' })
    .orderBy('table_name')
    .select('table_name');
  const tables = rows.map((row) => row.table_name).filter((table) => !NOT_COMPARED.has(table));
  const checksumSql = tables
    .map((table) => {
      const ignored = NOTED_ON_EVERY_CALL[table] ?? [];
      const row = ignored.length > 0 ? `(to_jsonb(t) ${ignored.map((column) => `- '${column}'`).join(' ')})::text` : 't::text';
      return `select '${table}' as name, (select md5(coalesce(string_agg(h, '' order by h), '')) from (select md5(${row}) as h from "${table}" t) r) as value`;
    })
    .join(' union all ');
  const probeSql = tables
    .map((table) => `select '${table}' as name, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) || ':' || coalesce(sum(xmin::text::bigint), 0) as value from "${table}"`)
    .join(' union all ');

  const checksums = async (): Promise<Checksums> => rowsOf(await db.raw(checksumSql));
  const probe = async () => JSON.stringify(rowsOf(await db.raw(probeSql)));
  let written = await probe();
  let current = await checksums();

  return {
    tables,
    checksums,
    /** The tables whose rows differ from when this was last asked (or from the start). */
    async changedSinceLastLook(): Promise<string[]> {
      const now = await probe();
      if (now === written) return [];
      written = now;
      const after = await checksums();
      const changed = Object.keys(after).filter((table) => after[table] !== current[table]);
      current = after;
      return changed;
    },
  };
}
