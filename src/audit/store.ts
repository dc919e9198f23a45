import type { Knex } from 'knex';
import type { Database } from '../db/database';

/**
 * The only code that touches audit's table, `audit_events`. Every function takes the database or the
 * caller's transaction first and answers in camelCase: no row leaves here.
 */

export interface AuditFilter {
  action?: string;
  userId?: number;
  subject?: string;
  from?: string;
  to?: string;
  before?: number;
}

/** One line of the trail, as the audit page reads it. */
export interface AuditLine {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/** A line to write: who (their id, if staff, and name), what, about what, from where. */
export interface NewAuditLine extends Omit<AuditLine, 'id' | 'at'> {
  userId: number | null;
}

interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

const toAuditLine = (row: AuditRow): AuditLine => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  action: row.action,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  details: row.details ?? {},
  ip: row.ip,
});

export async function insertAuditLine(trx: Database, line: NewAuditLine): Promise<void> {
  await trx('audit_events').insert({
    user_id: line.userId,
    actor: line.actor,
    action: line.action,
    subject_type: line.subjectType,
    subject_id: line.subjectId,
    details: JSON.stringify(line.details),
    ip: line.ip,
  });
}

/** Newest first, at most `limit` lines (`before` = the last id seen). */
export async function auditLines(db: Database, filter: AuditFilter, limit: number): Promise<AuditLine[]> {
  const rows: AuditRow[] = await db('audit_events')
    .modify((query) => {
      if (filter.action) void query.where('action', filter.action);
      if (filter.userId) void query.where('user_id', filter.userId);
      if (filter.subject) void query.where('subject_id', filter.subject);
      if (filter.from) void query.where('at', '>=', filter.from);
      if (filter.to) void query.where('at', '<', filter.to);
      if (filter.before) void query.where('id', '<', filter.before);
    })
    .orderBy('id', 'desc')
    .limit(limit)
    .select('*');
  return rows.map(toAuditLine);
}

/**
 * Deletes the lines written before `before` and answers how many, in the caller's transaction.
 *
 * The trail's trigger refuses every DELETE unless the transaction has set
 * `pathways.audit_purge_before`, and then only of lines older than it (migration
 * 20261123000100_audit_retention). set_config(..., true) is SET LOCAL with a bound value: the
 * setting ends with the transaction, so nothing after it can delete a line by accident.
 */
export async function deleteAuditLinesBefore(trx: Knex.Transaction, before: Date): Promise<number> {
  await trx.raw("select set_config('pathways.audit_purge_before', ?, true)", [before.toISOString()]);
  // Counted in SQL: knex-pglite answers a delete with its raw result, not the count knex's pg client gives.
  const { rows } = await trx.raw('with gone as (delete from audit_events where at < ? returning 1) select count(*)::int as lines from gone', [before]);
  return Number(rows[0].lines);
}
