import { loadConfig } from '../../src/config';
import { migrationConfig } from '../../src/db/database';
import { removeAuditLinesBefore } from '../../src/audit/purge';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, submitForm, type TestContext } from '../support/test-app';

const DAY_MS = 86_400_000;
let context: TestContext;

beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

/** An audit line written `daysAgo` days ago (an insert is always allowed: the trail is append-only). */
async function lineFrom(daysAgo: number, action = 'sign-in'): Promise<number> {
  const [row] = await context.db('audit_events').insert({ actor: 'Test', action, at: new Date(Date.now() - daysAgo * DAY_MS), details: '{}' }).returning('id');
  return row.id;
}
const lineExists = async (id: number) => (await context.db('audit_events').where({ id }).first()) !== undefined;

describe('the audit trail in the database', () => {
  test('when anything tries to change a line, then the database refuses', async () => {
    const id = await lineFrom(1);
    await expect(context.db('audit_events').where({ id }).update({ actor: 'Someone else' })).rejects.toThrow(/append-only/);
    // Not even inside the retention run's own setting.
    await expect(
      context.db.transaction(async (trx) => {
        await trx.raw("select set_config('pathways.audit_purge_before', ?, true)", [new Date().toISOString()]);
        await trx('audit_events').where({ id }).update({ details: '{}' });
      }),
    ).rejects.toThrow(/append-only/);
    expect((await context.db('audit_events').where({ id }).first()).actor).toBe('Test');
  });

  test('when a line is deleted without the retention setting, or the table truncated, then the database refuses', async () => {
    const old = await lineFrom(4000);
    await expect(context.db('audit_events').where({ id: old }).del()).rejects.toThrow(/append-only/);
    await expect(context.db.raw('truncate audit_events')).rejects.toThrow(/append-only/);
    expect(await lineExists(old)).toBe(true);
  });

  test('when the setting is made, then only lines older than it can be deleted, and only in that transaction', async () => {
    const old = await lineFrom(4000);
    const recent = await lineFrom(10);
    const before = new Date(Date.now() - 3000 * DAY_MS);

    // A line newer than the setting: refused, even by hand.
    await expect(
      context.db.transaction(async (trx) => {
        await trx.raw(`set local pathways.audit_purge_before = '${before.toISOString()}'`);
        await trx('audit_events').where({ id: recent }).del();
      }),
    ).rejects.toThrow(/append-only/);
    expect(await lineExists(recent)).toBe(true);

    const removed = await context.db.transaction((trx) => removeAuditLinesBefore(trx, before));
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await lineExists(old)).toBe(false);
    expect(await lineExists(recent)).toBe(true);

    // The setting ended with its transaction.
    const older = await lineFrom(5000);
    await expect(context.db('audit_events').where({ id: older }).del()).rejects.toThrow(/append-only/);
    expect(await lineExists(older)).toBe(true);
  });
});

describe('audit retention', () => {
  test('when the retention run comes, then lines older than AUDIT_RETENTION_DAYS go, newer ones stay, and one line says how many went', async () => {
    const days = context.services.config.auditRetentionDays;
    expect(days).toBe(2557);
    const tooOld = [await lineFrom(days + 1), await lineFrom(days + 400)];
    const kept = [await lineFrom(days - 1), await lineFrom(30)];
    const olderThanPeriod = Number((await context.db('audit_events').where('at', '<', new Date(Date.now() - days * DAY_MS)).count('* as n').first())!.n);

    const run = await context.services.retention.removeExpired();
    expect(run.auditLines).toBe(olderThanPeriod);
    for (const id of tooOld) expect(await lineExists(id)).toBe(false);
    for (const id of kept) expect(await lineExists(id)).toBe(true);
    const noted = await context.db('audit_events').where({ action: 'audit-lines-removed' });
    expect(noted).toHaveLength(1);
    expect(noted[0]).toMatchObject({ user_id: null, actor: 'retention', details: { lines: olderThanPeriod, auditRetentionDays: days } });

    expect((await context.services.retention.removeExpired()).auditLines).toBe(0);
    expect(await context.db('audit_events').where({ action: 'audit-lines-removed' })).toHaveLength(1);
  });

  test('when an admin reads the trail, then the removal reads as words and the page says how long lines are kept', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    const html = (await agent.get('/admin/audit?action=audit-lines-removed').expect(200)).text;
    expect(html).toContain('audit lines removed after the audit retention period');
    expect(html).toContain('Each line is kept for 2,557 days (about 7 years)');
  });

  test('when AUDIT_RETENTION_DAYS is not set, then lines are kept seven years; when it is shorter than RETENTION_DAYS, then the server refuses to start', () => {
    expect(loadConfig({}).auditRetentionDays).toBe(2557);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '730' }).auditRetentionDays).toBe(730);
    expect(loadConfig({ RETENTION_DAYS: '365', AUDIT_RETENTION_DAYS: '400' }).auditRetentionDays).toBe(400);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '700' })).toThrow(/AUDIT_RETENTION_DAYS: must be at least RETENTION_DAYS \(730\)/);
    expect(() => loadConfig({ RETENTION_DAYS: '3000' })).toThrow(/AUDIT_RETENTION_DAYS: must be at least RETENTION_DAYS \(3000\); it is 2557/);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: 'seven years' })).toThrow(/AUDIT_RETENTION_DAYS/);
  });
});

describe('words typed about a person', () => {
  const detailsOf = async (action: string, subjectId: string) => (await context.db('audit_events').where({ action, subject_id: subjectId }).first()).details;

  test('when a caseworker extends with a reason and withdraws with "Other" and words, then the audit lines keep neither, and the timeline keeps both until retention', async () => {
    const { agent } = await signedInStaff(context, 'caseworker');
    const referral = await createReferral(context, { name: 'Casey Jones' });
    const { public_id: publicId } = await context.db('referrals').where({ id: referral.referralId }).first();
    const page = `/referrals/${publicId}`;
    const to = new Date(Date.now() + 40 * DAY_MS).toISOString().slice(0, 10);
    expect((await submitForm(agent, page, { deadline: to, reason: 'His mother died last week' }, `${page}/extend`)).status).toBe(303);
    expect((await submitForm(agent, page, { withdrawReason: 'other', otherReason: 'Sectioned under the Mental Health Act' }, `${page}/withdraw`)).status).toBe(303);

    expect(await detailsOf('deadline-extended', publicId)).toEqual({ from: expect.any(String), to });
    expect(await detailsOf('referral-withdrawn', publicId)).toEqual({ reason: 'Other' });
    const trail = JSON.stringify(await context.db('audit_events').where({ subject_id: publicId }));
    expect(trail).not.toContain('mother');
    expect(trail).not.toContain('Sectioned');

    const timeline = (await agent.get(page).expect(200)).text;
    expect(timeline).toContain('Reason: His mother died last week');
    expect(timeline).toContain('Reason: Other: Sectioned under the Mental Health Act');
    const admin = (await signedInStaff(context, 'admin')).agent;
    const auditPage = (await admin.get(`/admin/audit?subject=${publicId}`).expect(200)).text;
    expect(auditPage).toContain('reason: Other');
    expect(auditPage).not.toContain('Sectioned');

    // Retention, once the referral has been closed long enough, takes the words from the timeline too.
    await context.db('referrals').where({ id: referral.referralId }).update({ withdrawn_at: new Date(Date.now() - 800 * DAY_MS) });
    await context.services.retention.removeExpired();
    const after = (await agent.get(page).expect(200)).text;
    expect(after).not.toContain('mother');
    expect(after).not.toContain('Sectioned');
  });

  test('when a caseworker marks a contact request handled, then what happened stays on the request, not in the audit line', async () => {
    const { agent } = await signedInStaff(context, 'caseworker');
    const referral = await createReferral(context);
    const [request] = await context.db('contact_requests').insert({ referral_id: referral.referralId, contact_by: 'phone' }).returning('id');
    const path = `/casework/contact-requests/${request.id}/handled`;
    expect((await submitForm(agent, '/casework/contact-requests', { outcome: 'Told me about his debts' }, path)).status).toBe(303);
    expect(await detailsOf('contact-request-handled', String(request.id))).toEqual({});
  });
});

describe('the migration', () => {
  test('when lines written before it held typed words, then it removes the words and keeps the rest', async () => {
    // As the database recorded it: the migration source decides whether names keep their extension.
    const { name } = await context.db('knex_migrations').whereLike('name', '20261123000100_audit_retention%').first('name');
    await context.db.migrate.down({ ...migrationConfig, name });
    const [extended, withdrawn, listed, handled] = await context
      .db('audit_events')
      .insert([
        { actor: 'Old', action: 'deadline-extended', subject_type: 'referral', subject_id: 'old-1', details: JSON.stringify({ from: '2026-01-01', to: '2026-02-01', reason: 'In prison' }) },
        { actor: 'Old', action: 'referral-withdrawn', subject_type: 'referral', subject_id: 'old-2', details: JSON.stringify({ reason: 'Other: moved in with his sister' }) },
        { actor: 'Old', action: 'referral-withdrawn', subject_type: 'referral', subject_id: 'old-3', details: JSON.stringify({ reason: 'Moved away' }) },
        { actor: 'Old', action: 'contact-request-handled', subject_type: 'contact-request', subject_id: '999', details: JSON.stringify({ outcome: 'Called, he cried' }) },
      ])
      .returning('id');
    await context.db.migrate.up({ ...migrationConfig, name });

    const details = async (row: { id: number }) => (await context.db('audit_events').where({ id: row.id }).first()).details;
    expect(await details(extended)).toEqual({ from: '2026-01-01', to: '2026-02-01' });
    expect(await details(withdrawn)).toEqual({ reason: 'Other' });
    expect(await details(listed)).toEqual({ reason: 'Moved away' });
    expect(await details(handled)).toEqual({});
    // And the trigger is on again.
    await expect(context.db('audit_events').where({ id: extended.id }).update({ actor: 'x' })).rejects.toThrow(/append-only/);
  });
});
