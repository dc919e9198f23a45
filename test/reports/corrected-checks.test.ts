import { randomUUID } from 'node:crypto';
import { createTestContext, type TestContext } from '../support/test-app';

/**
 * Four people referred on 10 June 2026 (London), worked by hand. Band ends: 10 Dec 2026, 10 Jun 2027, 10 Dec 2027.
 * - A: re-offended 1 Aug 2026 (band 0-6), checked 1 Sep 2026; that check is VOIDED: A has no check that counts.
 * - B: the same check, CORRECTED to: checked 15 Jan 2027, no re-offence. Counts: checked after band 0-6's end only.
 * - C: checked 20 Dec 2026, no re-offence, CORRECTED to: checked 1 Feb 2027, offence 20 Jan 2027: band 6-12.
 * - D: checked 15 Dec 2026, no re-offence, left as it is: it counts as every check did before.
 * Were the voided and replaced checks counted, A and B would both be re-offences in band 0-6.
 */
const TODAY = new Date('2027-10-15T10:00:00Z');
const JUNE = { from: '2026-06-01', to: '2026-06-30' };
let context: TestContext;
let forceId: number;

const actor = { label: 'PC Check' };
const check = (checkedOn: string, reoffended: boolean, offenceDate: string | null = null) => ({ checkedOn, reoffended, offenceDate });

async function referralWithCheck(reference: string, first: ReturnType<typeof check>): Promise<{ id: number; checkId: number }> {
  const [learner] = await context.db('learners').insert({ name: 'Check Person', date_of_birth: '1990-01-01', access_code_lookup: randomUUID() }).returning('id');
  const [referral] = await context
    .db('referrals')
    .insert({ force_id: forceId, learner_id: learner.id, reference, disposal_type: 'community-resolution', deadline: '2026-07-08', referred_at: '2026-06-10T10:00:00Z', status: 'referred' })
    .returning('id');
  await context.services.referrals.recordReoffendingCheck({ id: referral.id }, first, actor);
  const [made] = await context.services.referrals.reoffendingChecks({ id: referral.id });
  return { id: referral.id, checkId: made!.id };
}

beforeAll(async () => {
  context = await createTestContext({}, { clock: { now: () => TODAY } });
  const days = { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 };
  forceId = await context.services.forces.create({ name: 'Checks Police', code: 'CHK', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  const { referrals } = context.services;
  const a = await referralWithCheck('A', check('2026-09-01', true, '2026-08-01'));
  await referrals.voidReoffendingCheck({ id: a.id }, a.checkId, 'Recorded on the wrong person', actor);
  const b = await referralWithCheck('B', check('2026-09-01', true, '2026-08-01'));
  await referrals.correctReoffendingCheck({ id: b.id }, b.checkId, check('2027-01-15', false), 'The offence was someone else’s', actor);
  const c = await referralWithCheck('C', check('2026-12-20', false));
  await referrals.correctReoffendingCheck({ id: c.id }, c.checkId, check('2027-02-01', true, '2027-01-20'), 'The police record was late', actor);
  await referralWithCheck('D', check('2026-12-15', false));
});
afterAll(() => context.close());

describe('the evaluation report counts only checks that stand', () => {
  test('when a check is voided or replaced by a correction, then it does not count, and the correction counts in its place', async () => {
    const report = await context.services.reports.evaluation({ forceId }, JUNE);
    expect(report.total.issued).toBe(4);
    expect(report.total.bands).toEqual([
      { band: '0-6', reoffended: 0, reoffendedRate: 0, notReoffended: 3, notChecked: 1 },
      { band: '6-12', reoffended: 1, reoffendedRate: 1 / 4, notReoffended: 0, notChecked: 3 },
      { band: '12-18', reoffended: 0, reoffendedRate: 0, notReoffended: 0, notChecked: 3 },
    ]);
  });

  test('when a check was replaced or voided, then it cannot be corrected or voided again (409) and nothing changes', async () => {
    const [replaced] = await context.db('reoffending_checks').whereNotNull('replaced_by_id').orderBy('id').limit(1);
    const [voided] = await context.db('reoffending_checks').whereNotNull('voided_at').orderBy('id').limit(1);
    const before = await context.db('reoffending_checks').count<{ n: number }[]>('* as n');
    await expect(context.services.referrals.correctReoffendingCheck({ id: replaced.referral_id }, replaced.id, check('2027-03-01', false), 'Again', actor)).rejects.toMatchObject({ status: 409, field: 'check' });
    await expect(context.services.referrals.voidReoffendingCheck({ id: voided.referral_id }, voided.id, 'Again', actor)).rejects.toMatchObject({ status: 409, field: 'check' });
    expect(await context.db('reoffending_checks').count<{ n: number }[]>('* as n')).toEqual(before);
  });
});
