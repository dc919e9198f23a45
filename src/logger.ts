import pino, { type DestinationStream, type Logger } from 'pino';

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

/** The app's logger; tests give a destination to read what it writes. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
