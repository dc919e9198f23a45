import type { Database } from '../db/database';
import type { DeadlineDays } from '../referrals/model';
import type { ApiKey, Force, ForceInbox, NotificationTargets } from './model';

/** The only code that reads and writes `forces` and `api_keys`: rows in, camelCase domain objects out. */

interface ForceRow {
  id: number;
  name: string;
  code: string;
  deadline_days: DeadlineDays;
  notification_email: string | null;
  webhook_url: string | null;
  webhook_secret_encrypted: string | null;
}

interface ApiKeyRow {
  id: number;
  force_id: number;
  name: string;
  key_hash: string;
  key_hint: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** A force's columns as the service hands them over: the secret already sealed, or undefined to keep it. */
export interface ForceColumns {
  name: string;
  code: string;
  deadlineDays: DeadlineDays;
  notificationEmail: string | null;
  webhookUrl: string | null;
  webhookSecretSealed?: string;
}

const toForce = (row: ForceRow): Force => ({
  id: row.id,
  name: row.name,
  code: row.code,
  deadlineDays: row.deadline_days,
  notificationEmail: row.notification_email,
  webhookUrl: row.webhook_url,
  hasWebhookSecret: Boolean(row.webhook_secret_encrypted),
});

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  forceId: row.force_id,
  name: row.name,
  hint: row.key_hint,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

const toRow = (force: ForceColumns) => ({
  name: force.name,
  code: force.code,
  deadline_days: JSON.stringify(force.deadlineDays),
  notification_email: force.notificationEmail,
  webhook_url: force.webhookUrl,
  ...(force.webhookSecretSealed ? { webhook_secret_encrypted: force.webhookSecretSealed } : {}),
});

export async function listForces(db: Database): Promise<Force[]> {
  const rows = await db<ForceRow>('forces').orderBy('name');
  return rows.map(toForce);
}

export async function findForce(db: Database, id: number): Promise<Force | undefined> {
  const row = await db<ForceRow>('forces').where({ id }).first();
  return row && toForce(row);
}

export async function insertForce(db: Database, force: ForceColumns): Promise<number> {
  const [row] = await db('forces').insert(toRow(force)).returning('id');
  return row.id as number;
}

export async function updateForce(db: Database, id: number, force: ForceColumns): Promise<void> {
  await db('forces').where({ id }).update(toRow(force));
}

export async function notificationTargetsOf(db: Database, forceId: number): Promise<NotificationTargets | undefined> {
  const row = await db<ForceRow>('forces').where({ id: forceId }).first('code', 'notification_email', 'webhook_url');
  return row && { code: row.code, notificationEmail: row.notification_email, webhookUrl: row.webhook_url };
}

/** The sealed secret the force's webhooks are signed with, if it has one. */
export async function webhookSecretSealedOf(db: Database, forceId: number): Promise<string | undefined> {
  const row = await db<ForceRow>('forces').where({ id: forceId }).first('webhook_secret_encrypted');
  return row?.webhook_secret_encrypted ?? undefined;
}

/** Forces with a hub inbox that existed before a moment, oldest first. */
export async function inboxesCreatedBefore(db: Database, before: Date): Promise<ForceInbox[]> {
  const rows = await db<ForceRow>('forces')
    .whereNotNull('notification_email')
    .where('created_at', '<', before)
    .orderBy('id')
    .select('id', 'name', 'code', 'notification_email');
  return rows.map((row) => ({ id: row.id, name: row.name, code: row.code, notificationEmail: row.notification_email as string }));
}

export async function deadlineDaysOf(db: Database, forceId: number): Promise<DeadlineDays | undefined> {
  const row = await db<ForceRow>('forces').where({ id: forceId }).first('deadline_days');
  return row?.deadline_days;
}

export async function insertApiKey(db: Database, key: { forceId: number; name: string; keyHash: string; hint: string; createdBy: number | null }): Promise<void> {
  await db('api_keys').insert({ force_id: key.forceId, name: key.name, key_hash: key.keyHash, key_hint: key.hint, created_by: key.createdBy });
}

/** A force's keys, newest first. */
export async function apiKeysOf(db: Database, forceId: number): Promise<ApiKey[]> {
  const rows = await db<ApiKeyRow>('api_keys').where({ force_id: forceId }).orderBy('created_at', 'desc');
  return rows.map(toApiKey);
}

/** Revokes a live key of this force; false when the force has no such live key. */
export async function revokeApiKey(db: Database, forceId: number, keyId: number): Promise<boolean> {
  const updated = await db('api_keys').where({ id: keyId, force_id: forceId }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
  return updated > 0;
}

/** The live key with this hash, if any. */
export async function liveApiKeyByHash(db: Database, keyHash: string): Promise<ApiKey | undefined> {
  const row = await db<ApiKeyRow>('api_keys').where({ key_hash: keyHash }).whereNull('revoked_at').first();
  return row && toApiKey(row);
}

export async function noteApiKeyUsed(db: Database, keyId: number): Promise<void> {
  await db('api_keys').where({ id: keyId }).update({ last_used_at: db.fn.now() });
}
