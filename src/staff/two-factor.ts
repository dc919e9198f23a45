import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { seal, TOTP_SECRET, unseal } from '../auth/seal';
import type { Database } from '../db/database';
import type { StaffUser } from './model';
import * as store from './store';

const PERIOD_SECONDS = 30;

const totpFor = (secret: string, email: string) =>
  new TOTP({ issuer: 'Pathways', label: email, secret: Secret.fromBase32(secret), digits: 6, period: PERIOD_SECONDS });

/** Six digits, spaces allowed ("123 456" as apps show it). */
const cleanCode = (code: string) => code.replace(/\s+/g, '');

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238). The secret is sealed in the
 * database; a code is accepted for the step before or after now, to forgive a phone's clock.
 */
export function twoFactorService(db: Database, appSecret: string) {
  /** The 30-second step a code is good for, or undefined if it is not right. */
  function stepOf(secret: string, email: string, code: string): number | undefined {
    const token = cleanCode(code);
    if (!/^\d{6}$/.test(token)) return undefined;
    const delta = totpFor(secret, email).validate({ token, window: 1 });
    return delta === null ? undefined : Math.floor(Date.now() / 1000 / PERIOD_SECONDS) + delta;
  }

  /** What an app needs: the QR code to scan, and the key in groups of four to type in instead. */
  async function describe(secret: string, email: string) {
    const uri = totpFor(secret, email).toString();
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, uri, qrSvg, grouped: secret.match(/.{1,4}/g)!.join(' ') };
  }

  return {
    /** A fresh secret to set up, with the QR code an app scans and the key to type in instead. */
    newSecret(email: string) {
      return describe(new Secret({ size: 20 }).base32, email);
    },

    describe,

    /** Turns two-factor on once the person proves their app makes the right codes. */
    async enable(user: StaffUser, secret: string, code: string): Promise<boolean> {
      const step = stepOf(secret, user.email, code);
      if (step === undefined) return false;
      await store.enableTwoFactor(db, user.id, seal(secret, appSecret, TOTP_SECRET), step);
      return true;
    },

    /** The step a sign-in code is good for, checked against the person's own secret. */
    stepFor(user: StaffUser, code: string): number | undefined {
      if (!user.totpSecretSealed) return undefined;
      return stepOf(unseal(user.totpSecretSealed, appSecret, TOTP_SECRET), user.email, code);
    },
  };
}

export type TwoFactorService = ReturnType<typeof twoFactorService>;
