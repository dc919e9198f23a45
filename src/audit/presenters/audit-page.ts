import { londonDateAndTimeToTheSecond } from '../../time/london';
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, type AuditLine } from '../trail';

/** Most actions read well as their name; these say more. A new action in ../trail.ts may add its words here. */
const ACTION_WORDS: Record<string, string> = {
  'personal-data-removed': 'personal data removed after the retention period',
  'audit-lines-removed': 'audit lines removed after the audit retention period',
  'letter-viewed': 'referral letter viewed (it shows the access code)',
};

export const actionInWords = (action: string) => ACTION_WORDS[action] ?? action.replaceAll('-', ' ');

/** "2,557 days (about 7 years)": how long a line is kept. */
export function keptFor(days: number): string {
  const years = Math.round((days / 365.25) * 10) / 10;
  return `${days.toLocaleString('en-GB')} days${years >= 1 ? ` (about ${years} year${years === 1 ? '' : 's'})` : ''}`;
}

export interface AuditLineView {
  /** For the time element's datetime attribute. */
  atIso: string;
  at: string;
  actor: string;
  did: string;
  record: string;
  details: { name: string; value: string }[];
  ip: string;
}

export interface AuditPageView {
  lines: AuditLineView[];
  actions: { value: string; label: string; selected: boolean }[];
  keptFor: string;
  /** The query for the next page, when this page is full. */
  older?: string;
}

/** The audit trail page (views/admin/audit.ejs), from a page of lines and the filter as typed. */
export function auditPage(lines: AuditLine[], values: Record<string, string>, retentionDays: number): AuditPageView {
  const last = lines.at(-1);
  return {
    lines: lines.map((line) => ({
      atIso: line.at.toISOString(),
      at: londonDateAndTimeToTheSecond(line.at),
      actor: line.actor,
      did: actionInWords(line.action),
      record: line.subjectType ? `${line.subjectType} ${line.subjectId}` : '',
      details: Object.entries(line.details).map(([name, value]) => ({ name, value: typeof value === 'object' ? JSON.stringify(value) : String(value) })),
      ip: line.ip || '',
    })),
    actions: AUDIT_ACTIONS.map((action) => ({ value: action, label: actionInWords(action), selected: values.action === action })),
    keptFor: keptFor(retentionDays),
    ...(lines.length === AUDIT_PAGE_SIZE && last ? { older: new URLSearchParams({ ...values, before: String(last.id) }).toString() } : {}),
  };
}
