import type { DeadlineDays } from '../referrals/model';

/** A police force that refers people: its settings and where its notifications go. */
export interface Force {
  id: number;
  name: string;
  /** The short code force systems and reports know it by, like DEMO. */
  code: string;
  /** Default days from the referral to the deadline, per disposal. */
  deadlineDays: DeadlineDays;
  notificationEmail: string | null;
  webhookUrl: string | null;
  /** Whether a webhook secret is set; the sealed secret itself never leaves the store. */
  hasWebhookSecret: boolean;
}

/** A force's settings as the admin form gives them. */
export interface ForceSettings {
  name: string;
  code: string;
  deadlineDays: DeadlineDays;
  notificationEmail: string | null;
  webhookUrl: string | null;
  /** Undefined keeps the secret already set. */
  webhookSecret?: string;
}

/** Where a force hears about its referrals: its inbox and its case system's webhook. */
export interface NotificationTargets {
  code: string;
  notificationEmail: string | null;
  webhookUrl: string | null;
}

/** A key a force's case system uses for the API. Only a hash of the key is kept, and its last four characters. */
/** A force hub's inbox, where its monthly report goes. */
export interface ForceInbox {
  id: number;
  name: string;
  code: string;
  notificationEmail: string;
}

export interface ApiKey {
  id: number;
  forceId: number;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
