import request from 'supertest';
import { signedInStaff } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

let context: TestContext;
let forceId: number;

beforeAll(async () => {
  context = await createTestContext();
  forceId = await context.services.forces.create({
    name: 'Eastshire Police', code: 'ESP', notificationEmail: null, webhookUrl: null,
    deadlineDays: { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 },
  });
});
afterAll(() => context.close());

const linkOn = (html: string) => /<code class="api-key">[^<]*(\/password\/[A-Za-z0-9_-]+)<\/code>/.exec(html)?.[1];
const userCount = async () => Number((await context.db('users').count('* as n').first())?.n);

async function choosePassword(link: string, password = 'a brand new long password') {
  return submitForm(request.agent(context.app), link, { password, confirmPassword: password });
}

describe('an admin adding people', () => {
  test('when the form is wrong, then each field says so and no account is made', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    const before = await userCount();
    const wrong = await submitForm(agent, '/admin/users/new', { name: '', email: 'not-an-email', role: '' }, '/admin/users');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Enter the person’s name');
    expect(wrong.text).toContain('Enter an email address like name@example.com');
    expect(wrong.text).toContain('Choose what the person does');
    const noForce = await submitForm(agent, '/admin/users/new', { name: 'PC Nova', email: 'nova@esp.police.test', role: 'police', forceId: '' }, '/admin/users');
    expect(noForce.text).toContain('Choose the police user’s force');
    const madeUpForce = await submitForm(agent, '/admin/users/new', { name: 'PC Nova', email: 'nova@esp.police.test', role: 'police', forceId: '999999' }, '/admin/users');
    expect(madeUpForce.status).toBe(400);
    expect(await userCount()).toBe(before);
  });

  test('when an officer is added, then the admin sees the link once, it is emailed privately, and the officer sets a password and signs in to their force', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    const made = await submitForm(agent, '/admin/users/new', { name: 'PC Nova', email: 'Nova@esp.police.test', role: 'police', forceId: String(forceId) }, '/admin/users');
    expect(made.status).toBe(303);
    const page = await agent.get(made.headers.location);
    const link = linkOn(page.text)!;
    expect(link).toBeDefined();
    expect(linkOn((await agent.get(made.headers.location)).text)).toBeUndefined();
    const user = await context.db('users').where({ email: 'Nova@esp.police.test' }).first();
    expect(user).toMatchObject({ role: 'police', force_id: forceId, password_hash: null });
    const mail = await context.db('deliveries').where({ recipient: 'Nova@esp.police.test', event_type: 'staff.new-account' }).first();
    expect(mail.content).toMatchObject({ private: true, subject: 'Your Pathways account: choose a password' });
    expect(mail.content.text).toContain(link);

    const again = await submitForm(agent, '/admin/users/new', { name: 'Someone', email: 'nova@ESP.police.test', role: 'caseworker' }, '/admin/users');
    expect(again.status).toBe(409);
    expect(again.text).toContain('There is already an account with that email address');

    expect((await choosePassword(link)).headers.location).toBe('/sign-in?password-set=1');
    const officer = request.agent(context.app);
    expect((await submitForm(officer, '/sign-in', { email: 'nova@esp.police.test', password: 'a brand new long password' })).headers.location).toBe('/referrals');
    expect((await officer.get('/referrals/new')).status).toBe(200);
  });

  test('when an account is disabled, then its sessions end, it cannot sign in or use a link, until enabled again', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    const worker = await signedInStaff(context, 'caseworker');
    const path = `/admin/users/${worker.userId}`;
    const link = linkOn((await agent.get(`${path}`).then(() => submitForm(agent, path, {}, `${path}/password-link`)).then(() => agent.get(path))).text)!;
    expect((await submitForm(agent, path, {}, `${path}/disable`)).status).toBe(303);
    expect((await worker.agent.get('/referrals')).headers.location).toBe('/sign-in');
    expect((await submitForm(request.agent(context.app), '/sign-in', { email: worker.email, password: 'a long test password' })).status).toBe(401);
    expect((await choosePassword(link)).status).toBe(404);
    expect((await agent.get('/admin/users')).text).toContain('Disabled');

    expect((await submitForm(agent, path, {}, `${path}/enable`)).status).toBe(303);
    expect((await submitForm(request.agent(context.app), '/sign-in', { email: worker.email, password: 'a long test password' })).status).toBe(303);
    const trail = (await context.db('audit_events').where({ subject_type: 'user', subject_id: String(worker.userId) })).map((e) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['password-link-made', 'user-disabled', 'user-enabled']));
  });

  test('when an admin tries to disable themselves, then they are told to ask another admin', async () => {
    const { agent, userId } = await signedInStaff(context, 'admin');
    const refused = await submitForm(agent, `/admin/users/${userId}`, {}, `/admin/users/${userId}/disable`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('You cannot disable your own account');
    expect((await context.db('users').where({ id: userId }).first()).disabled_at).toBeNull();
  });

  test('when someone loses their phone, then an admin resets two-factor and they set it up again', async () => {
    const { agent } = await signedInStaff(context, 'admin');
    const other = await signedInStaff(context, 'admin');
    const path = `/admin/users/${other.userId}`;
    expect((await submitForm(agent, path, {}, `${path}/reset-two-factor`)).status).toBe(303);
    expect(await context.db('users').where({ id: other.userId }).first()).toMatchObject({ totp_enabled_at: null, totp_secret_encrypted: null });
    expect((await other.agent.get('/admin/forces')).headers.location).toBe('/sign-in');
    const back = await submitForm(request.agent(context.app), '/sign-in', { email: other.email, password: 'a long test password' });
    expect(back.headers.location).toBe('/account/two-factor');
  });
});

describe('the audit trail page', () => {
  test('when an admin filters it, then they see who did what; a wrong date is named; nobody else may look', async () => {
    const { agent } = await signedInStaff(context, 'admin', { name: 'Ada Auditor', forms: true });
    const page = await agent.get('/admin/audit?action=sign-in').expect(200);
    expect(page.text).toContain('Ada Auditor (admin)');
    expect(page.text).not.toContain('<td class="govuk-table__cell">user created</td>');
    const created = await agent.get('/admin/audit?action=user-created').expect(200);
    expect(created.text).toContain('<td class="govuk-table__cell">user created</td>');
    const badDate = await agent.get('/admin/audit?from=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('from must be a real date as YYYY-MM-DD, like 2026-10-01');
    expect((await agent.get('/admin/audit?action=nonsense')).text).toContain('Choose an action from the list');

    for (const role of ['caseworker', 'author'] as const) {
      expect((await (await signedInStaff(context, role)).agent.get('/admin/audit')).status).toBe(403);
    }
    expect((await (await signedInStaff(context, 'police', { forceId })).agent.get('/admin/users')).status).toBe(403);
    expect((await request(context.app).get('/admin/audit')).headers.location).toBe('/sign-in');
    await expect(context.db('audit_events').del()).rejects.toThrow(/append-only/);
  });
});
