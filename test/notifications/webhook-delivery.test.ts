import request from 'supertest';
import { DEFAULT_DEADLINE_DAYS } from '../../src/referrals/model';
import { webhookReceiver } from '../support/receivers';
import { signedInStaff } from '../support/staff';
import { createTestContext, type TestContext } from '../support/test-app';

const SECRET = 'whsec-delivery-test-secret-0001';
type Receiver = Awaited<ReturnType<typeof webhookReceiver>>;

/**
 * A force whose webhook address was saved before addresses were checked (or whose name now
 * leads somewhere else): written through the service, as an old row would be, not the form.
 */
async function forceWithWebhook(context: TestContext, code: string, webhookUrl: string) {
  const forceId = await context.services.forces.create({ name: `${code} Police`, code, deadlineDays: DEFAULT_DEADLINE_DAYS, notificationEmail: null, webhookUrl, webhookSecret: SECRET });
  return { forceId, key: await context.services.forces.createApiKey(forceId, 'Case system', null) };
}

/** The force refers someone through the API and withdraws the referral: the webhook it is owed. */
async function withdrawalWebhook(context: TestContext, force: { forceId: number; key: string }, reference: string) {
  const api = (path: string) => request(context.app).post(path).set('authorization', `Bearer ${force.key}`);
  const person = { firstName: 'Alex', lastName: 'Moss', dateOfBirth: '1995-02-03' };
  const officer = { name: 'PC Jo Park', email: 'jo.park@force.test' };
  const created = await api('/api/v1/referrals').send({ reference, disposal: 'community_resolution', courses: ['thinking-skills'], person, officer }).expect(201);
  await api(`/api/v1/referrals/${created.body.id}/withdraw`).send({ reason: 'Charged instead' }).expect(200);
  return context.db('deliveries').where({ channel: 'webhook', force_id: force.forceId, event_type: 'referral.withdrawn' }).orderBy('id', 'desc').first();
}

describe('webhooks when private addresses are not allowed (every real deployment)', () => {
  let context: TestContext;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await webhookReceiver(SECRET);
    context = await createTestContext();
  });
  afterAll(async () => {
    await context.close();
    await receiver.close();
  });

  test('when a force’s webhook points at this machine, then nothing is sent, and the delivery fails once with the reason instead of retrying', async () => {
    const delivery = await withdrawalWebhook(context, await forceWithWebhook(context, 'LOOP', receiver.url), 'LOOP/1');
    // Resolving, not throwing: a throw is how a delivery asks the job queue to try again later.
    await expect(context.services.deliveries.deliver(delivery.id)).resolves.toBeUndefined();
    expect(receiver.requests()).toBe(0);
    expect(await context.db('deliveries').where({ id: delivery.id }).first()).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'Address not allowed: 127.0.0.1 is not on the public internet',
    });
  });

  test('when a force’s webhook name leads to this machine, then it is caught when the name is looked up to connect', async () => {
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    const delivery = await withdrawalWebhook(context, await forceWithWebhook(context, 'NAME', byName), 'NAME/1');
    await context.services.deliveries.deliver(delivery.id);
    expect(receiver.requests()).toBe(0);
    expect(await context.db('deliveries').where({ id: delivery.id }).first()).toMatchObject({
      status: 'failed',
      last_error: expect.stringMatching(/^Address not allowed: localhost leads to (127\.0\.0\.1|::1), which is not on the public internet$/),
    });
  });

  test('when a caseworker reads the delivery log, then they see how each delivery went but not why it failed; an admin sees why', async () => {
    const { agent: caseworker } = await signedInStaff(context, 'caseworker');
    const { agent: admin } = await signedInStaff(context, 'admin');
    const theirs = await caseworker.get('/admin/deliveries?status=failed').expect(200);
    expect(theirs.text).toContain('failed, 1 attempt');
    expect(theirs.text).not.toContain('Address not allowed');
    expect(theirs.text).not.toContain('Last error');
    const admins = await admin.get('/admin/deliveries?status=failed').expect(200);
    expect(admins.text).toContain('Address not allowed: 127.0.0.1 is not on the public internet');
  });
});

describe('webhooks when WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true (tests and development only)', () => {
  let context: TestContext;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await webhookReceiver(SECRET);
    context = await createTestContext({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' });
  });
  afterAll(async () => {
    await context.close();
    await receiver.close();
  });

  test('when a force’s webhook points at the loopback receiver, then it is delivered', async () => {
    const delivery = await withdrawalWebhook(context, await forceWithWebhook(context, 'LOOP', receiver.url), 'LOOP/2');
    await context.services.deliveries.deliver(delivery.id);
    expect(receiver.events().map((event) => event.id)).toEqual([delivery.event_id]);
    expect(await context.db('deliveries').where({ id: delivery.id }).first()).toMatchObject({ status: 'delivered', last_error: null });
  });

  test('when the receiver answers with an error, then a caseworker sees the delivery is pending but not the receiver’s answer; an admin sees it', async () => {
    receiver.answerWith(500);
    const delivery = await withdrawalWebhook(context, await forceWithWebhook(context, 'FAIL', receiver.url), 'FAIL/1');
    await expect(context.services.deliveries.deliver(delivery.id)).rejects.toThrow('The receiver answered 500');
    const { agent: caseworker } = await signedInStaff(context, 'caseworker');
    const { agent: admin } = await signedInStaff(context, 'admin');
    const theirs = await caseworker.get('/admin/deliveries?status=pending').expect(200);
    expect(theirs.text).toContain('pending, 1 attempt');
    expect(theirs.text).not.toContain('The receiver answered 500');
    expect((await admin.get('/admin/deliveries?status=pending').expect(200)).text).toContain('The receiver answered 500');
  });
});
