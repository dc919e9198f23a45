import { londonDateAndTime } from '../../time/london';
import type { ApiKey, Force } from '../model';
import { forceFields, type ForceFieldsView } from './force-form';

export interface ForceLine {
  name: string;
  href: string;
  code: string;
  notificationInbox: string;
  webhook: 'Set' | 'None';
}

/** The list of forces (views/admin/forces.ejs). */
export function forcesPage(forces: Force[]): { forces: ForceLine[] } {
  return {
    forces: forces.map((force) => ({
      name: force.name,
      href: `/admin/forces/${force.id}`,
      code: force.code,
      notificationInbox: force.notificationEmail || 'None',
      webhook: force.webhookUrl ? 'Set' : 'None',
    })),
  };
}

export interface ApiKeyLine {
  name: string;
  endsIn: string;
  made: string;
  lastUsed: string;
  /** "Revoked 3 Mar 2026, 14:05", or undefined while the key works (then it can be revoked). */
  revoked?: string;
  revokeHref?: string;
}

export interface ForcePageView {
  name: string;
  saveHref: string;
  newKeyHref: string;
  fields: ForceFieldsView;
  keys: ApiKeyLine[];
}

/** One force's page (views/admin/force.ejs): its settings form and its API keys. */
export function forcePage(force: Force, keys: ApiKey[]): ForcePageView {
  const when = (at: Date | null) => (at ? londonDateAndTime(at) : 'Never');
  return {
    name: force.name,
    saveHref: `/admin/forces/${force.id}`,
    newKeyHref: `/admin/forces/${force.id}/api-keys`,
    fields: forceFields(force),
    keys: keys.map((key) => ({
      name: key.name,
      endsIn: `…${key.hint}`,
      made: when(key.createdAt),
      lastUsed: when(key.lastUsedAt),
      ...(key.revokedAt ? { revoked: `Revoked ${when(key.revokedAt)}` } : { revokeHref: `/admin/forces/${force.id}/api-keys/${key.id}/revoke` }),
    })),
  };
}
