import { createHash, randomBytes } from 'node:crypto';
import { seal, WEBHOOK_SECRET } from '../auth/seal';
import type { Database } from '../db/database';
import type { DeadlineDays } from '../referrals/model';

export interface ForceRow {
  id: number;
  name: string;
  code: string;
  deadline_days: DeadlineDays;
  notification_email: string | null;
  webhook_url: string | null;
  webhook_secret_encrypted: string | null;
}

export interface ForceSettings {
  name: string;
  code: string;
  deadlineDays: DeadlineDays;
  notificationEmail: string | null;
  webhookUrl: string | null;
  /** Undefined keeps the secret already set. */
  webhookSecret?: string;
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Forces, their settings and their API keys (admin pages, and the API's key check). */
export function forceService(db: Database, secret: string) {
  const columns = (settings: ForceSettings) => ({
    name: settings.name,
    code: settings.code,
    deadline_days: JSON.stringify(settings.deadlineDays),
    notification_email: settings.notificationEmail,
    webhook_url: settings.webhookUrl,
    ...(settings.webhookSecret ? { webhook_secret_encrypted: seal(settings.webhookSecret, secret, WEBHOOK_SECRET) } : {}),
  });

  return {
    list: () => db<ForceRow>('forces').orderBy('name'),
    find: (id: number) => db<ForceRow>('forces').where({ id }).first(),

    /** Who is told about the force's referrals: its code (in webhook bodies), its hub's email, its webhook; in the caller's transaction. */
    async notificationTargets(forceId: number, trx: Database = db): Promise<{ code: string; notificationEmail: string | null; webhookUrl: string | null } | undefined> {
      const row = await trx<ForceRow>('forces').where({ id: forceId }).first('code', 'notification_email', 'webhook_url');
      return row && { code: row.code, notificationEmail: row.notification_email, webhookUrl: row.webhook_url };
    },

    /** The force's days from referral to deadline, by disposal type. */
    async deadlineDays(forceId: number, trx: Database = db): Promise<DeadlineDays | undefined> {
      const row = await trx<ForceRow>('forces').where({ id: forceId }).first('deadline_days');
      return row?.deadline_days;
    },

    async create(settings: ForceSettings): Promise<number> {
      const [row] = await db('forces').insert(columns(settings)).returning('id');
      return row.id;
    },

    async update(id: number, settings: ForceSettings): Promise<void> {
      await db('forces').where({ id }).update(columns(settings));
    },

    /** A new key, shown once: only its hash is kept. */
    async createApiKey(forceId: number, name: string, createdBy: number | null, key = `pw_${randomBytes(24).toString('base64url')}`) {
      await db('api_keys').insert({ force_id: forceId, name, key_hash: hashApiKey(key), key_hint: key.slice(-4), created_by: createdBy });
      return key;
    },

    apiKeys: (forceId: number) => db('api_keys').where({ force_id: forceId }).orderBy('created_at', 'desc'),

    async revokeApiKey(forceId: number, keyId: number): Promise<boolean> {
      const updated = await db('api_keys').where({ id: keyId, force_id: forceId }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
      return updated > 0;
    },

    /** The force a key belongs to, if the key is live; notes when it was last used (at most once a minute). */
    async forceForKey(key: string): Promise<{ keyId: number; forceId: number } | undefined> {
      const row = await db('api_keys').where({ key_hash: hashApiKey(key) }).whereNull('revoked_at').first('id', 'force_id', 'last_used_at');
      if (!row) return undefined;
      if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
        await db('api_keys').where({ id: row.id }).update({ last_used_at: db.fn.now() });
      }
      return { keyId: row.id, forceId: row.force_id };
    },
  };
}

export type ForceService = ReturnType<typeof forceService>;
