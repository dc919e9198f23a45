import type request from 'supertest';
import { DEFAULT_DEADLINE_DAYS } from '../../src/referrals/model';
import { signedInStaff } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

// Private addresses are not allowed here, as in a real deployment.
let context: TestContext;
let agent: request.Agent;
let forceId: number;

beforeAll(async () => {
  context = await createTestContext();
  ({ agent } = await signedInStaff(context, 'admin'));
  forceId = await context.services.forces.create({ name: 'Northshire Police', code: 'NSP', deadlineDays: DEFAULT_DEADLINE_DAYS, notificationEmail: null, webhookUrl: null });
});
afterAll(() => context.close());

const forceForm = (webhookUrl: string, code = 'NSP') => ({
  name: 'Northshire Police',
  code,
  'deadline-community-resolution': '28',
  'deadline-conditional-caution': '112',
  'deadline-diversionary-caution': '112',
  'deadline-community-caution': '28',
  notificationEmail: '',
  webhookUrl,
  webhookSecret: 'a-shared-secret-of-enough-length',
});

const MESSAGE = 'The webhook address must be on the public internet';

describe('an admin setting where a force’s webhooks go', () => {
  test.each([
    ['http://127.0.0.1:9/x', '127.0.0.1 is this server itself'],
    ['https://0x7f000001/', '127.0.0.1 is this server itself'],
    ['https://2130706433/', '127.0.0.1 is this server itself'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
    ['https://[::1]/', '::1 is this server itself'],
    ['https://[::ffff:127.0.0.1]/', '127.0.0.1 is this server itself'],
    ['https://[fd00::1]/', 'fd00::1 is a private network'],
    ['https://[fe80::1]/', 'fe80::1 is a link-local address'],
    ['https://100.64.0.1/', '100.64.0.1 is a shared network inside an internet provider'],
    ['https://10.0.0.1/', '10.0.0.1 is a private network'],
    ['https://192.168.1.1/', '192.168.1.1 is a private network'],
    ['https://0.0.0.0/', '0.0.0.0 is not the address of one public server'],
    ['https://224.0.0.1/', '224.0.0.1 is not the address of one public server'],
    ['https://localhost/', 'localhost leads to 127.0.0.1, which is this server itself'],
  ])('when the address is %s, then the form says it must be on the public internet (%s) and nothing changes', async (webhookUrl, why) => {
    const before = await context.db('forces').where({ id: forceId }).first();
    const response = await submitForm(agent, `/admin/forces/${forceId}`, forceForm(webhookUrl));
    expect(response.status).toBe(400);
    expect(response.text).toContain('There is a problem');
    expect(response.text).toContain(`${MESSAGE}: ${why}`);
    expect(await context.db('forces').where({ id: forceId }).first()).toEqual(before);
  });

  test('when a new force is added with an internal webhook address, then it is refused and no force is made', async () => {
    const before = await context.db('forces').count('* as n').first();
    const response = await submitForm(agent, '/admin/forces/new', forceForm('https://10.20.30.40/pathways', 'NEW'), '/admin/forces');
    expect(response.status).toBe(400);
    expect(response.text).toContain(`${MESSAGE}: 10.20.30.40 is a private network`);
    expect(await context.db('forces').count('* as n').first()).toEqual(before);
  });

  test('when the address is on the public internet, then it is saved (nothing is sent to it)', async () => {
    const response = await submitForm(agent, `/admin/forces/${forceId}`, forceForm('https://[2606:4700::1111]/pathways'));
    expect(response.status).toBe(303);
    expect(await context.db('forces').where({ id: forceId }).first()).toMatchObject({ webhook_url: 'https://[2606:4700::1111]/pathways' });
  });
});
