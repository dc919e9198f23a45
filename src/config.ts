import path from 'node:path';
import { z } from 'zod';

/** Secrets used when none are set, outside production only: a fresh clone runs with no setup. */
const DEVELOPMENT_SECRET = 'pathways-development-secret-not-for-production';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z.url().optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    COURSES_DIR: z.string().min(1).default('./courses'),
    SESSION_SECRET: z.string().min(32).optional(),
    ACCESS_CODE_SECRET: z.string().min(32).optional(),
    SEED_DEMO: z.enum(['true', 'false']).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Unset: this server on this machine, at the port it listens on (links in emails and letters).
    PUBLIC_URL: z.url().optional(),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    SMTP_URL: z.url().optional(),
    MAIL_FROM: z.string().min(3).default('Pathways <no-reply@pathways.invalid>'),
    // At least 30 days, so a slip (RETENTION_DAYS=2 meant as years) cannot wipe this month's cases.
    RETENTION_DAYS: z.coerce.number().int().min(30).max(36500).default(730),
    // Seven years (2557 days) by default: how long an audit line is kept, whatever it is about.
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36500).default(2557),
    // Lets webhooks reach loopback and private addresses: for tests and the fault script's own receiver only.
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z.enum(['true', 'false']).default('false'),
  })
  .superRefine((env, ctx) => {
    // The trail is kept at least as long as a closed referral's personal data: who looked at or
    // changed a person's details stays answerable about as long as those details exist. (Lines count
    // from when they were written, data from when the referral closed: a referral open for months
    // can keep its details a little longer than its oldest lines; the seven-year default covers it.)
    if (env.AUDIT_RETENTION_DAYS < env.RETENTION_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_RETENTION_DAYS'],
        message: `must be at least RETENTION_DAYS (${env.RETENTION_DAYS}); it is ${env.AUDIT_RETENTION_DAYS}. Raise AUDIT_RETENTION_DAYS (default 2557, seven years) or lower RETENTION_DAYS`,
      });
    }
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['SESSION_SECRET', 'ACCESS_CODE_SECRET'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  production: boolean;
  port: number;
  /** Real PostgreSQL when set; otherwise the embedded database in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  coursesDir: string;
  sessionSecret: string;
  accessCodeSecret: string;
  /** Demo data goes into a new embedded database outside production, or anywhere when SEED_DEMO=true. */
  seedDemo: boolean | undefined;
  logLevel: string;
  publicUrl: string;
  trustProxy: boolean;
  /** Mail goes out through this server; without it, mail waits in the outbox page for staff. */
  smtpUrl?: string;
  mailFrom: string;
  /** Days after a referral closes before the person's details and words are removed (see src/retention). */
  retentionDays: number;
  /** Days an audit line is kept before the retention run removes it; never fewer than retentionDays. */
  auditRetentionDays: number;
  /**
   * Webhooks may go to loopback, private and link-local addresses. Off unless set: a real
   * deployment never sets it, or a force's webhook address could reach this server's own network.
   */
  webhookAllowPrivateAddresses: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (e.g. `DATABASE_URL=` in a compose file) means the same as an unset one.
  const set = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    production: env.NODE_ENV === 'production',
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(env.DATA_DIR),
    coursesDir: path.resolve(env.COURSES_DIR),
    sessionSecret: env.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    accessCodeSecret: env.ACCESS_CODE_SECRET ?? DEVELOPMENT_SECRET,
    seedDemo: env.SEED_DEMO === undefined ? undefined : env.SEED_DEMO === 'true',
    logLevel: env.LOG_LEVEL,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    trustProxy: env.TRUST_PROXY === 'true',
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    retentionDays: env.RETENTION_DAYS,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    webhookAllowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES === 'true',
  };
}

/** Settings that are allowed but unsafe for a real deployment: the server logs each at start. */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.webhookAllowPrivateAddresses) {
    warnings.push('WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on: webhooks may reach this server and its private network. For tests and development only; never set it in a real deployment.');
  }
  return warnings;
}
