import request from 'supertest';
import { GIVE_UP_AFTER_MS } from '../../src/notifications/deliveries';
import { answersFor } from '../support/answers';
import { eventually, mailReceiver, webhookReceiver } from '../support/receivers';
import { createTestContext, signInFirstTime, startCourse, submitForm, type TestContext } from '../support/test-app';

const SECRET = 'whsec-test-force-secret';
let now = new Date();
const clock = { now: () => now };
let context: TestContext;
let webhook: Awaited<ReturnType<typeof webhookReceiver>>;
let smtp: Awaited<ReturnType<typeof mailReceiver>>;
let key: string;
let otherKey: string;

const body = (overrides: Record<string, unknown> = {}) => ({
  reference: 'TF/2026/100',
  disposal: 'community_resolution',
  courses: ['thinking-skills'],
  person: { firstName: 'Jordan', lastName: 'Reed', dateOfBirth: '1998-04-12', email: 'jordan@example.test' },
  officer: { name: 'PC Kim Hale', email: 'kim.hale@force.test' },
  ...overrides,
});

async function courseOf(courseId: string) {
  const version = await context.services.courses.newestVersion(courseId);
  return (await context.services.courses.renderedVersion(version!.id))!;
}

const api = (method: 'get' | 'post', path: string, apiKey = key) =>
  request(context.app)[method](path).set('authorization', `Bearer ${apiKey}`);

beforeAll(async () => {
  webhook = await webhookReceiver(SECRET);
  smtp = await mailReceiver();
  // The force's webhook is the loopback receiver: allowed only with the switch for tests and development.
  context = await createTestContext({ SMTP_URL: smtp.url, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }, { clock });
  const { forces } = context.services;
  const days = { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 };
  const forceId = await forces.create({ name: 'Test Force', code: 'TF', deadlineDays: days, notificationEmail: 'oocd-hub@force.test', webhookUrl: webhook.url, webhookSecret: SECRET });
  const otherId = await forces.create({ name: 'Other Force', code: 'OF', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  key = await forces.createApiKey(forceId, 'Case system', null);
  otherKey = await forces.createApiKey(otherId, 'Other case system', null);
});

afterAll(async () => {
  await context.close();
  await webhook.close();
  await smtp.close();
});

describe('a force system using the API', () => {
  test('when it creates a referral, then it gets the access code, and the same request again gets the same answer', async () => {
    const created = await api('post', '/api/v1/referrals').send(body()).expect(201);
    expect(created.body).toMatchObject({ reference: 'TF/2026/100', status: 'referred', disposal: 'community_resolution' });
    expect(created.body.accessCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(created.body.startUrl).toMatch(/\/learn\/first-sign-in$/);
    expect(created.body.courses).toEqual([expect.objectContaining({ id: 'thinking-skills', status: 'not_started', progress: 0 })]);

    const again = await api('post', '/api/v1/referrals').send(body()).expect(200);
    expect(again.body.id).toBe(created.body.id);
    expect(again.body.accessCode).toBe(created.body.accessCode);

    const different = await api('post', '/api/v1/referrals').send(body({ courses: ['alcohol-awareness'] })).expect(409);
    expect(different.body.error).toBe('conflict');
    expect(await context.db('referrals').where({ reference: 'TF/2026/100' }).count('* as n').first()).toEqual({ n: 1 });
  });

  test('when the body is wrong, then each problem is named by its path and nothing is made', async () => {
    const before = await context.db('referrals').count('* as n').first();
    const bad = await api('post', '/api/v1/referrals')
      .send(body({ reference: '', disposal: 'telling_off', courses: ['no-such-course'], person: { firstName: 'A', dateOfBirth: '31-02-2001' } }))
      .expect(400);
    expect(bad.body.error).toBe('validation_failed');
    const paths = bad.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['reference', 'disposal', 'person.lastName', 'person.dateOfBirth']));
    const unknownCourse = await api('post', '/api/v1/referrals').send(body({ reference: 'TF/X/1', courses: ['no-such-course'] })).expect(400);
    expect(unknownCourse.body.details).toEqual([{ path: 'courses', message: 'There is no course called no-such-course' }]);
    const notJson = await api('post', '/api/v1/referrals').set('content-type', 'text/plain').send('hello').expect(400);
    expect(notJson.body.error).toBe('invalid_json');
    const brokenJson = await api('post', '/api/v1/referrals').set('content-type', 'application/json').send('{"reference":').expect(400);
    expect(brokenJson.body).toEqual({ error: 'invalid_json', message: expect.any(String) });
    expect(await context.db('referrals').count('* as n').first()).toEqual(before);
  });

  test('when the API description is asked for, then it is served without a key', async () => {
    const doc = await request(context.app).get('/api/v1/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/referrals/{id}/withdraw');
  });

  test('when the key is missing, wrong or revoked, then it is 401; another force’s referral is 404', async () => {
    await request(context.app).get('/api/v1/referrals').expect(401);
    const wrong = await api('get', '/api/v1/referrals', 'pw_not-a-key').expect(401);
    expect(wrong.body.error).toBe('unauthorized');

    const created = await api('post', '/api/v1/referrals').send(body({ reference: 'TF/2026/200' })).expect(201);
    await api('get', `/api/v1/referrals/${created.body.id}`, otherKey).expect(404);
    await api('post', `/api/v1/referrals/${created.body.id}/withdraw`, otherKey).send({ reason: 'x' }).expect(404);
    await api('post', `/api/v1/referrals/${created.body.id}/reoffending-checks`, otherKey).send({ checkedOn: '2026-01-01', reoffended: false }).expect(404);
    await api('get', '/api/v1/referrals/not-even-an-id').expect(404);
    const theirs = await api('get', '/api/v1/referrals', otherKey).expect(200);
    expect(theirs.body.items).toEqual([]);
    const ours = await api('get', '/api/v1/referrals?status=referred').expect(200);
    expect(ours.body.items.map((r: { reference: string }) => r.reference)).toContain('TF/2026/200');

    const otherForce = await context.db('forces').where({ code: 'OF' }).first();
    const [keyRow] = await context.services.forces.apiKeys(otherForce.id);
    await context.services.forces.revokeApiKey(otherForce.id, keyRow.id);
    await api('get', '/api/v1/referrals', otherKey).expect(401);
  });

  test('when the learner works through the course, then the force gets signed webhooks and emails for each event', async () => {
    const created = await api('post', '/api/v1/referrals').send(body({ reference: 'TF/2026/300' })).expect(201);
    const agent = await signInFirstTime(context.app, { accessCode: created.body.accessCode, dateOfBirth: '1998-04-12', learnerId: 0, referralId: 0, reference: 'TF/2026/300' });
    const course = await courseOf('thinking-skills');
    expect((await startCourse(agent, 'thinking-skills')).status).toBe(303);
    for (const step of course.steps) await submitForm(agent, `/learn/courses/thinking-skills/steps/${step.number}`, answersFor(step));
    const form: Record<string, string> = { overall: 'positive' };
    for (const statement of course.attitudeStatements) form[`statement-${statement.id}`] = 'agree';
    await submitForm(agent, '/learn/courses/thinking-skills/attitude-test', form);

    // The jobs were written with the learner's steps while no worker ran; they go out once one starts.
    expect(webhook.events()).toEqual([]);
    await context.services.startWorkers(0.5);
    const events = await eventually(() => {
      const mine = webhook.events().filter((e) => (e.body.referral as { reference: string }).reference === 'TF/2026/300');
      return mine.length >= 3 && mine;
    }, 'three webhooks');
    expect(events.map((e) => e.type).sort()).toEqual(['course.completed', 'referral.completed', 'referral.started']);
    const completed = events.find((e) => e.type === 'referral.completed')!;
    expect(completed.body.data).toEqual({ late: false, courses: [{ id: 'thinking-skills', title: course.title, attitude: 'positive' }] });
    expect(webhook.rejected()).toBe(0);
    expect(JSON.stringify(completed.body)).not.toContain('My own answer');

    const mail = await eventually(() => {
      const found = smtp.mail().filter((m) => m.raw.includes('TF/2026/300') && m.raw.includes('has completed everything'));
      return found.length >= 2 && found;
    }, 'completion emails');
    expect(mail.flatMap((m) => m.to).sort()).toEqual(['kim.hale@force.test', 'oocd-hub@force.test']);
    expect(smtp.mail().some((m) => m.to.includes('jordan@example.test') && m.raw.includes(created.body.accessCode))).toBe(true);

    const view = await api('get', `/api/v1/referrals/${created.body.id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'completed', completedLate: false });
    expect(view.body.courses[0]).toMatchObject({ status: 'completed', progress: 1, attitude: 'positive' });
  });

  test('when the webhook receiver fails, then the delivery is retried until 24 hours have passed, then marked failed', async () => {
    webhook.answerWith(500);
    const created = await api('post', '/api/v1/referrals').send(body({ reference: 'TF/2026/400' })).expect(201);
    await api('post', `/api/v1/referrals/${created.body.id}/withdraw`).send({ reason: 'Charged instead' }).expect(200);
    const delivery = await context.db('deliveries').where({ channel: 'webhook', event_type: 'referral.withdrawn' }).orderBy('id', 'desc').first();
    const { deliver } = context.services.deliveries;

    now = new Date(new Date(delivery.created_at).getTime() + 60_000);
    await expect(deliver(delivery.id)).rejects.toThrow('The receiver answered 500');
    expect(await context.db('deliveries').where({ id: delivery.id }).first()).toMatchObject({ status: 'pending', attempts: expect.any(Number) });

    now = new Date(new Date(delivery.created_at).getTime() + GIVE_UP_AFTER_MS + 1);
    await deliver(delivery.id);
    expect(await context.db('deliveries').where({ id: delivery.id }).first()).toMatchObject({ status: 'failed', last_error: 'The receiver answered 500' });

    webhook.answerWith(200);
    // The clock back to today first: the first attempt's job is still retrying in the queue, and on
    // a clock 24 hours on it would mark the redelivered delivery failed again before the new job ran.
    now = new Date();
    await context.services.startWorkers(0.5);
    await context.services.outbox.redeliver(context.db, delivery.id);
    await eventually(async () => (await context.db('deliveries').where({ id: delivery.id }).first()).status === 'delivered', 'redelivery', 45_000);
  }, 90_000);
});
