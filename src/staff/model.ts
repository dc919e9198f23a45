import type { StaffRole } from '../http/roles';

/** A member of provider staff or a police user, as the staff accounts' store gives them. */
export interface StaffUser {
  id: number;
  name: string;
  email: string;
  role: StaffRole;
  /** Police belong to one force; provider staff to none. */
  forceId: number | null;
  disabledAt: Date | null;
  /** When they turned two-factor sign-in on; null while it is off. */
  twoFactorSince: Date | null;
  sessionVersion: number;
  /** The argon2 hash; null until they choose a password through their link. Never shown. */
  passwordHash: string | null;
  /** Their authenticator app's secret, sealed (auth/seal); null while two-factor is off. Never shown. */
  totpSecretSealed: string | null;
}

export type LinkPurpose = 'new-account' | 'reset';

/** A one-time password link that still works, with whose account it is. */
export interface LivePasswordLink {
  id: number;
  userId: number;
  purpose: LinkPurpose;
  name: string;
  email: string;
}
