import { createReferral, createTestContext, type TestContext } from '../support/test-app';

let now = new Date();
const clock = { now: () => now };
let context: TestContext;

beforeAll(async () => {
  context = await createTestContext({}, { clock });
});
afterAll(() => context.close());

async function referralDue(deadline: string, email: string | null = 'learner@example.test') {
  const referral = await createReferral(context);
  await context.db('referrals').where({ id: referral.referralId }).update({ deadline, officer_email: 'officer@force.test' });
  await context.db('learners').where({ id: referral.learnerId }).update({ email });
  return referral.referralId;
}

const statusOf = async (id: number) => (await context.db('referrals').where({ id }).first()).status;
const remindersTo = async (id: number) =>
  (await context.db('deliveries').where({ referral_id: id, channel: 'email' }).whereLike('event_type', 'reminder.%').orderBy('id')).map((d) => d.event_type);

describe('the deadline sweep', () => {
  test('when a deadline day ends on the day the clocks go forward, then the referral is overdue at midnight London time, not before', async () => {
    const id = await referralDue('2026-03-29');
    now = new Date('2026-03-29T22:59:00Z'); // 23:59 BST
    await context.services.deadlines.sweep();
    expect(await statusOf(id)).toBe('referred');
    now = new Date('2026-03-29T23:00:00Z'); // 00:00 BST on the 30th
    await context.services.deadlines.sweep();
    expect(await statusOf(id)).toBe('overdue');
    const told = await context.db('deliveries').where({ referral_id: id, event_type: 'referral.overdue' });
    expect(told.map((d) => d.recipient)).toEqual(['officer@force.test']);
    await context.services.deadlines.sweep();
    expect(await context.db('referral_events').where({ referral_id: id, type: 'overdue' })).toHaveLength(1);
  });

  test('when the clocks go back on the deadline day, then the day ends at midnight GMT', async () => {
    const id = await referralDue('2026-10-25');
    now = new Date('2026-10-25T23:59:00Z'); // 23:59 GMT
    await context.services.deadlines.sweep();
    expect(await statusOf(id)).toBe('referred');
    now = new Date('2026-10-26T00:00:00Z');
    await context.services.deadlines.sweep();
    expect(await statusOf(id)).toBe('overdue');
  });

  test('when 7 days and then 1 day are left, then the learner is reminded once each, and never after withdrawal', async () => {
    const id = await referralDue('2026-06-20');
    const withdrawn = await referralDue('2026-06-20');
    await context.db('referrals').where({ id: withdrawn }).update({ status: 'withdrawn' });
    const noEmail = await referralDue('2026-06-20', null);

    now = new Date('2026-06-12T09:00:00Z');
    await context.services.deadlines.sweep();
    expect(await remindersTo(id)).toEqual([]);
    now = new Date('2026-06-13T09:00:00Z');
    await context.services.deadlines.sweep();
    await context.services.deadlines.sweep();
    expect(await remindersTo(id)).toEqual(['reminder.seven-day']);
    now = new Date('2026-06-19T07:00:00Z');
    await context.services.deadlines.sweep();
    expect(await remindersTo(id)).toEqual(['reminder.seven-day', 'reminder.one-day']);
    const reminder = await context.db('deliveries').where({ referral_id: id, event_type: 'reminder.one-day' }).first();
    expect(reminder.content.subject).toBe('Reminder: your Pathways course is due tomorrow');
    expect(await remindersTo(withdrawn)).toEqual([]);
    expect(await remindersTo(noEmail)).toEqual([]);
  });

  test('when an overdue referral is given a later deadline, then it is open again, the sweep leaves it alone until then, and the force is told', async () => {
    const id = await referralDue('2026-07-10');
    now = new Date('2026-07-11T08:00:00Z');
    await context.services.deadlines.sweep();
    expect(await statusOf(id)).toBe('overdue');

    const referral = await context.db('referrals').where({ id }).first();
    await context.services.referrals.extendDeadline(referral, '2026-07-31', 'Was in hospital', { label: 'Test caseworker' });
    expect(await context.db('referrals').where({ id }).first()).toMatchObject({ status: 'referred', overdue_at: null, deadline: '2026-07-31' });
    await context.services.deadlines.sweep();
    expect(await statusOf(id)).toBe('referred');
    const extended = await context.db('deliveries').where({ referral_id: id, event_type: 'deadline.extended' });
    expect(extended.map((d) => d.recipient)).toEqual(['officer@force.test']);

    now = new Date('2026-08-01T00:00:00Z'); // 01:00 BST on 1 August: the new deadline day is over
    await context.services.deadlines.sweep();
    expect(await statusOf(id)).toBe('overdue');
    expect(await context.db('referral_events').where({ referral_id: id, type: 'overdue' })).toHaveLength(2);
  });
});
