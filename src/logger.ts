import pino, { type Logger } from 'pino';

/** Secrets and personal data never reach the logs, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.accessCode',
  '*.access_code',
  '*.dateOfBirth',
  '*.date_of_birth',
  '*.day',
  '*.month',
  '*.year',
  '*.password_hash',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
