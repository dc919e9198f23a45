import request from 'supertest';
import { forceFromForm } from '../../src/forces/input';
import { signedInStaff } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

let context: TestContext;

beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

const forceForm = (overrides: Record<string, string> = {}) => ({
  name: 'Westshire Police',
  code: 'wsp',
  'deadline-community-resolution': '28',
  'deadline-conditional-caution': '112',
  'deadline-diversionary-caution': '112',
  'deadline-community-caution': '21',
  notificationEmail: 'hub@westshire.police.test',
  webhookUrl: '',
  webhookSecret: '',
  ...overrides,
});

const keyIn = (html: string) => /<code class="api-key">([^<]+)<\/code>/.exec(html)?.[1];

describe('an admin managing forces', () => {
  test('when the form is wrong, then each field says so and no force is made; a good form makes one', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    const before = await context.db('forces').count('* as n').first();
    const wrong = await submitForm(agent, '/admin/forces/new', forceForm({ name: '', code: 'W', 'deadline-conditional-caution': '0', webhookUrl: 'not a url' }), '/admin/forces');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Enter the force’s name');
    expect(wrong.text).toContain('The short code must be 2 to 10 letters or numbers');
    expect(wrong.text).toContain('The days for a Conditional Caution must be at least 1');
    expect(wrong.text).toContain('Enter a webhook address like https://');
    expect(await context.db('forces').count('* as n').first()).toEqual(before);

    const noSecret = await submitForm(agent, '/admin/forces/new', forceForm({ webhookUrl: 'https://cases.westshire.test/hook' }), '/admin/forces');
    expect(noSecret.status).toBe(400);
    expect(noSecret.text).toContain('Enter a webhook secret of at least 24 characters');

    const made = await submitForm(agent, '/admin/forces/new', forceForm(), '/admin/forces');
    expect(made.status).toBe(303);
    const force = await context.db('forces').where({ code: 'WSP' }).first();
    expect(force).toMatchObject({ name: 'Westshire Police', notification_email: 'hub@westshire.police.test' });
    expect(force.deadline_days).toEqual({ 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 21 });

    const again = await submitForm(agent, '/admin/forces/new', forceForm({ name: 'Another' }), '/admin/forces');
    expect(again.status).toBe(409);
    expect(again.text).toContain('Another force already uses the code WSP');
    expect((await agent.get('/admin/forces')).text).toContain('Westshire Police');
  });

  test('when the webhook is set, then the secret is stored sealed and kept when the box is left empty', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    const force = await context.db('forces').where({ code: 'WSP' }).first();
    const path = `/admin/forces/${force.id}`;
    const secret = 'a-shared-secret-of-enough-length';
    // A public address, so it is accepted; nothing here sends to it (see webhook-addresses.test.ts for the refusals).
    const webhookUrl = 'https://8.8.8.8/westshire';
    expect((await submitForm(agent, path, forceForm({ webhookUrl, webhookSecret: secret }))).status).toBe(303);
    const sealed = (await context.db('forces').where({ id: force.id }).first()).webhook_secret_encrypted;
    expect(sealed).toBeTruthy();
    expect(sealed).not.toContain(secret);
    expect((await submitForm(agent, path, forceForm({ name: 'Westshire Constabulary', webhookUrl }))).status).toBe(303);
    expect(await context.db('forces').where({ id: force.id }).first()).toMatchObject({ name: 'Westshire Constabulary', webhook_secret_encrypted: sealed });
    expect((await agent.get(path)).text).not.toContain(secret);
  });

  test('when an admin makes an API key, then it is shown once, works for that force, shows when it was used, and stops when revoked', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    const force = await context.db('forces').where({ code: 'WSP' }).first();
    const path = `/admin/forces/${force.id}`;
    const unnamed = await submitForm(agent, path, { keyName: '' }, `${path}/api-keys`);
    expect(unnamed.status).toBe(400);
    expect(unnamed.text).toContain('Name the key after the system that will use it');

    expect((await submitForm(agent, path, { keyName: 'Niche RMS' }, `${path}/api-keys`)).status).toBe(303);
    const shown = await agent.get(path);
    const key = keyIn(shown.text);
    expect(key).toMatch(/^pw_/);
    expect(keyIn((await agent.get(path)).text)).toBeUndefined();
    const stored = await context.db('api_keys').where({ force_id: force.id }).first();
    expect(stored.key_hash).not.toContain(key);
    expect(stored.last_used_at).toBeNull();

    expect((await request(context.app).get('/api/v1/referrals').set('Authorization', `Bearer ${key}`)).status).toBe(200);
    expect((await context.db('api_keys').where({ id: stored.id }).first()).last_used_at).not.toBeNull();
    expect((await agent.get(path)).text).not.toMatch(/<td class="govuk-table__cell">Never<\/td>\s*<td class="govuk-table__cell">\s*<form/);

    expect((await submitForm(agent, path, {}, `${path}/api-keys/${stored.id}/revoke`)).status).toBe(303);
    expect((await request(context.app).get('/api/v1/referrals').set('Authorization', `Bearer ${key}`)).status).toBe(401);
    expect((await submitForm(agent, path, {}, `${path}/api-keys/${stored.id}/revoke`)).status).toBe(404);

    const trail = (await context.db('audit_events').where({ subject_type: 'force', subject_id: String(force.id) }).orderBy('id')).map((e) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['force-created', 'force-changed', 'api-key-created', 'api-key-revoked']));
  });

  test('when anyone but an admin tries, then they are refused and nothing changes', async () => {
    const force = await context.db('forces').where({ code: 'WSP' }).first();
    for (const role of ['caseworker', 'author', 'police'] as const) {
      const { agent } = await signedInStaff(context, role, { forceId: role === 'police' ? force.id : null });
      expect((await agent.get('/admin/forces')).status).toBe(403);
      expect((await agent.get(`/admin/forces/${force.id}`)).status).toBe(403);
      const page = await agent.get('/referrals');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      expect(csrf).not.toBe('');
      const refused = await agent.post(`/admin/forces/${force.id}/api-keys`).type('form').send({ _csrf: csrf, keyName: 'Sneaky' });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('Your role does not give you access to force settings');
    }
    expect(await context.db('api_keys').where({ force_id: force.id, name: 'Sneaky' })).toHaveLength(0);
    const anonymous = await request(context.app).get('/admin/forces');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/sign-in');
  });
});

describe('force settings in production', () => {
  test('when a webhook address is plain http, then it is refused', () => {
    const form = forceForm({ webhookUrl: 'http://cases.westshire.test/hook', webhookSecret: 'a-shared-secret-of-enough-length' });
    expect(forceFromForm(form, true)).toEqual({ errors: { webhookUrl: 'Enter a webhook address that starts with https://' } });
    expect(forceFromForm(form, false)).toHaveProperty('value.webhookUrl', 'http://cases.westshire.test/hook');
  });
});
