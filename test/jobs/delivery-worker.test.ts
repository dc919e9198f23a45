import { eventually } from '../support/receivers';
import { createTestContext, type TestContext } from '../support/test-app';

let context: TestContext;

beforeAll(async () => {
  // No SMTP: each email is held at once, so the time taken is the worker's own.
  context = await createTestContext();
});

afterAll(async () => {
  await context.close();
});

describe('the delivery worker', () => {
  test('when many deliveries are waiting, then they go out together, not one per polling interval', async () => {
    const { db, outbox } = context.services;
    await db.transaction(async (trx) => {
      for (let i = 0; i < 20; i += 1) {
        await outbox.email(trx, { eventType: 'test.backlog' }, { to: `hub${i}@force.test`, subject: 'Backlog', text: 'A waiting email' });
      }
    });
    const started = Date.now();
    await context.services.startWorkers(2);
    // One job a poll, as before, took 20 polls of 2 s (40 s) for these.
    await eventually(async () => {
      const waiting = await db('deliveries').where({ event_type: 'test.backlog', status: 'pending' }).count({ n: '*' }).first();
      return Number(waiting?.n) === 0;
    }, 'the backlog to clear', 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await db('deliveries').where({ event_type: 'test.backlog', status: 'held' }).count({ n: '*' }).first()).toEqual({ n: 20 });
  });
});
