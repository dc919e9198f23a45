import { createHash, randomBytes } from 'node:crypto';
import { seal, unseal, WEBHOOK_SECRET } from '../auth/seal';
import type { Database } from '../db/database';
import type { DeadlineDays } from '../referrals/model';
import type { ApiKey, Force, ForceInbox, ForceSettings, NotificationTargets } from './model';
import * as store from './store';

export type { ApiKey, Force, ForceInbox, ForceSettings, NotificationTargets } from './model';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Forces, their settings and their API keys (admin pages, the API's key check, and where notifications go). */
export function forceService(db: Database, secret: string) {
  const columns = (settings: ForceSettings): store.ForceColumns => ({
    name: settings.name,
    code: settings.code,
    deadlineDays: settings.deadlineDays,
    notificationEmail: settings.notificationEmail,
    webhookUrl: settings.webhookUrl,
    webhookSecretSealed: settings.webhookSecret ? seal(settings.webhookSecret, secret, WEBHOOK_SECRET) : undefined,
  });

  return {
    list: (): Promise<Force[]> => store.listForces(db),
    find: (id: number): Promise<Force | undefined> => store.findForce(db, id),

    create: (settings: ForceSettings): Promise<number> => store.insertForce(db, columns(settings)),

    update: (id: number, settings: ForceSettings): Promise<void> => store.updateForce(db, id, columns(settings)),

    /** Where a force's notifications go; pass the transaction the notification is written in. */
    notificationTargets: (forceId: number, trx: Database = db): Promise<NotificationTargets | undefined> => store.notificationTargetsOf(trx, forceId),

    /** The secret the force's webhooks are signed with, unsealed at the moment of sending; undefined when it has none. */
    async webhookSigningSecret(forceId: number): Promise<string | undefined> {
      const sealed = await store.webhookSecretSealedOf(db, forceId);
      return sealed ? unseal(sealed, secret, WEBHOOK_SECRET) : undefined;
    },

    /** The hub inboxes of forces that existed before a moment (a force added later has nothing to report for it). */
    reportInboxes: (createdBefore: Date): Promise<ForceInbox[]> => store.inboxesCreatedBefore(db, createdBefore),

    /** The force's default days to each disposal's deadline. */
    deadlineDays: (forceId: number, trx: Database = db): Promise<DeadlineDays | undefined> => store.deadlineDaysOf(trx, forceId),

    /** A new key, shown once: only its hash is kept. */
    async createApiKey(forceId: number, name: string, createdBy: number | null, key = `pw_${randomBytes(24).toString('base64url')}`): Promise<string> {
      await store.insertApiKey(db, { forceId, name, keyHash: hashApiKey(key), hint: key.slice(-4), createdBy });
      return key;
    },

    apiKeys: (forceId: number): Promise<ApiKey[]> => store.apiKeysOf(db, forceId),

    revokeApiKey: (forceId: number, keyId: number): Promise<boolean> => store.revokeApiKey(db, forceId, keyId),

    /** The force a key belongs to, if the key is live; notes when it was last used (at most once a minute). */
    async forceForKey(key: string): Promise<{ keyId: number; forceId: number } | undefined> {
      const apiKey = await store.liveApiKeyByHash(db, hashApiKey(key));
      if (!apiKey) return undefined;
      if (!apiKey.lastUsedAt || Date.now() - new Date(apiKey.lastUsedAt).getTime() > 60_000) await store.noteApiKeyUsed(db, apiKey.id);
      return { keyId: apiKey.id, forceId: apiKey.forceId };
    },
  };
}

export type ForceService = ReturnType<typeof forceService>;
