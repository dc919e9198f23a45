import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** NCSC guidance: length over complexity, and none of the passwords attackers try first. */
const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwertyuiop', 'qwerty123',
  'iloveyou', 'football', 'liverpool', 'arsenal1', 'chelsea1', 'sunshine', 'princess', 'abc12345',
  'letmein1', 'welcome1', 'monkey123', 'baseball', 'passw0rd', '11111111', '00000000', 'aaaaaaaa',
]);

/** Why a new password cannot be used, in words for the person choosing it; undefined if it is fine. */
export function passwordProblem(password: string, minLength = PASSWORD_MIN_LENGTH): string | undefined {
  if (password.length < minLength) return `Your password must be at least ${minLength} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Your password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'That password is too easy to guess. Try three random words, like "river-toast-blue"';
  return undefined;
}
