import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

function keyFor(purpose: string, secret: string): Buffer {
  return createHash('sha256').update(`${purpose}:${secret}`).digest();
}

/** AES-256-GCM with a key derived from the application secret and what the value is for. */
export function seal(text: string, secret: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose, secret), iv);
  const encrypted = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), encrypted].map((part) => part.toString('base64url')).join('.');
}

export function unseal(stored: string, secret: string, purpose: string): string {
  const [iv, tag, encrypted] = stored.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !encrypted) throw new Error('Sealed value is malformed');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose, secret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(encrypted), decipher.final()]).toString('utf8');
}

export const WEBHOOK_SECRET = 'webhook-secret';
export const TOTP_SECRET = 'totp-secret';
