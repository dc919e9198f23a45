import { DEFAULT_DEADLINE_DAYS, DISPOSALS } from '../../referrals/model';
import type { Force } from '../model';

/** The boxes of the force settings form, filled from a force (or the defaults for a new one). */
export function forceFormValues(force: Force | undefined): Record<string, string> {
  const deadlineDays = force?.deadlineDays ?? DEFAULT_DEADLINE_DAYS;
  return {
    name: force?.name ?? '',
    code: force?.code ?? '',
    notificationEmail: force?.notificationEmail ?? '',
    webhookUrl: force?.webhookUrl ?? '',
    ...Object.fromEntries(DISPOSALS.map((d) => [`deadline-${d.value}`, String(deadlineDays[d.value])])),
  };
}

export interface ForceFieldsView {
  /** One days box per disposal. */
  deadlines: { name: string; label: string }[];
  webhookSecretHint: string;
}

/** What the settings fields (views/admin/force-fields.ejs) say: the hint for the secret depends on whether one is set. */
export function forceFields(force: Force | undefined): ForceFieldsView {
  return {
    deadlines: DISPOSALS.map((d) => ({ name: `deadline-${d.value}`, label: d.label })),
    webhookSecretHint: force?.hasWebhookSecret
      ? 'A secret is set. Enter a new one of at least 24 characters to replace it, or leave this empty to keep it.'
      : 'Needed with a webhook address: at least 24 characters, shared with the force’s system so it can check each notification’s signature.',
  };
}
