import type { Knex } from 'knex';
import type { Database } from '../db/database';
import { type AuditFilter, type AuditLine, auditLines, insertAuditLine } from './store';

/** Who did something, for the trail: a staff member (id and name) or the system. */
export interface AuditActor {
  userId: number | null;
  name: string;
  ip?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  subjectType?: string;
  subjectId?: string | number;
  details?: Record<string, unknown>;
}

/** Every kind of line the trail holds. Add a kind here; if its name does not read well, its words in presenters/audit-page.ts. */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in-failed',
  'learner-signed-in',
  'learner-sign-in-failed',
  'sign-out-everywhere',
  'two-factor-set-up',
  'password-changed',
  'user-created',
  'user-disabled',
  'user-enabled',
  'password-link-made',
  'two-factor-reset',
  'force-created',
  'force-changed',
  'api-key-created',
  'api-key-revoked',
  'learner-record-viewed',
  'letter-viewed',
  'learner-details-corrected',
  'access-reset',
  'deadline-extended',
  'referral-withdrawn',
  'reoffending-check-corrected',
  'reoffending-check-voided',
  'case-note-added',
  'contact-request-picked-up',
  'contact-request-handled',
  'course-created',
  'draft-changed',
  'media-uploaded',
  'course-published',
  'course-exported',
  'course-imported',
  'report-exported',
  'personal-data-removed',
  'audit-lines-removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type { AuditFilter, AuditLine } from './store';

/** The lines one page shows; "Older entries" asks for the next. */
export const AUDIT_PAGE_SIZE = 100;

/**
 * The audit trail: append-only (a trigger refuses every update, and every delete but the retention
 * run's of lines older than AUDIT_RETENTION_DAYS), written in the caller's transaction when there is one.
 * Details hold what was chosen, never words someone typed about a person: those are on the referral,
 * where retention removes them, and would outlive them here.
 */
export function auditTrail(db: Database) {
  return {
    async record(actor: AuditActor, entry: AuditEntry, trx: Knex | Knex.Transaction = db): Promise<void> {
      await insertAuditLine(trx, {
        userId: actor.userId,
        actor: actor.name,
        action: entry.action,
        subjectType: entry.subjectType ?? null,
        subjectId: entry.subjectId === undefined ? null : String(entry.subjectId),
        details: entry.details ?? {},
        ip: actor.ip ?? null,
      });
    },

    /** Newest first, a page at a time (`before` = the last id seen). */
    async list(filter: AuditFilter = {}): Promise<AuditLine[]> {
      return auditLines(db, filter, AUDIT_PAGE_SIZE);
    },
  };
}

export type AuditTrail = ReturnType<typeof auditTrail>;
