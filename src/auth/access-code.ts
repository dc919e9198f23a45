import { createHmac, randomInt } from 'node:crypto';
import { seal, unseal } from './seal';

/**
 * Access codes are printed on a referral letter and typed on a phone, so they leave out
 * characters people confuse (0/O, 1/I). 32 symbols, 8 of them: 32^8 ≈ 1.1 × 10^12 codes.
 */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export function generateAccessCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The code as typed, made canonical (case, spaces and hyphens do not matter); undefined if it cannot be a code. */
export function normaliseAccessCode(typed: string): string | undefined {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== CODE_LENGTH) return undefined;
  return [...compact].every((character) => CODE_ALPHABET.includes(character)) ? compact : undefined;
}

/** Codes are found by a keyed hash, so a copy of the database alone does not reveal them. */
export function accessCodeLookup(code: string, secret: string): string {
  return createHmac('sha256', secret).update(code).digest('hex');
}

const PURPOSE = 'access-code-encryption';

/** Kept (encrypted) only until the learner's first sign-in, so the letter can be reprinted. */
export function encryptAccessCode(code: string, secret: string): string {
  return seal(code, secret, PURPOSE);
}

export function decryptAccessCode(stored: string, secret: string): string {
  return unseal(stored, secret, PURPOSE);
}
