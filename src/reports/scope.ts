import type { Scope } from '../referrals/service';
import type { SignedInStaff } from '../staff/accounts';
import type { Force } from '../forces/model';

export interface ReportScope {
  scope: Scope;
  /** Whose figures, in words: the force's name or "All forces". */
  label: string;
  /** For file names and links: the force's code, or "all". */
  code: string;
  /** The force picked on the form ('' for a police user, who has no choice). */
  choice: string;
}

/**
 * Whose figures a report shows. Police: their own force, always, whatever the address says.
 * Provider staff: the force they pick, or every force.
 */
export function reportScope(user: SignedInStaff, forces: Force[], query: Record<string, unknown>): ReportScope | { errors: Record<string, string> } {
  if (user.forceId !== null) {
    const own = forces.find((force) => force.id === user.forceId);
    return { scope: { forceId: user.forceId }, label: own?.name ?? 'Your force', code: own?.code ?? String(user.forceId), choice: '' };
  }
  const asked = typeof query.force === 'string' ? query.force.trim() : '';
  if (asked === '' || asked === 'all') return { scope: { allForces: true }, label: 'All forces', code: 'all', choice: 'all' };
  const force = /^\d{1,9}$/.test(asked) ? forces.find((candidate) => candidate.id === Number(asked)) : undefined;
  if (!force) return { errors: { force: 'Choose a force from the list, or all forces' } };
  return { scope: { forceId: force.id }, label: force.name, code: force.code, choice: String(force.id) };
}
