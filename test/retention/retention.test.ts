import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import type { ReportRange } from '../../src/reports/range';
import type { Scope } from '../../src/referrals/service';
import { NAME_REMOVED, TEXT_REMOVED } from '../../src/retention/service';
import { buildCohort, MARCH, TODAY } from '../reports/fixture';
import { createReferral, createTestContext, signInFirstTime, submitForm, type TestContext } from '../support/test-app';

/** The reports are read at TODAY; the retention job runs later, when the default 730 days have passed for most of the cohort. */
const RUN_AT = new Date('2028-09-01T03:00:00Z'); // closed before 2 Sep 2026 → removed
let now = TODAY;
const clock = { now: () => now };
let context: TestContext;
let forces: { north: number; south: number };

beforeAll(async () => {
  context = await createTestContext({}, { clock });
  forces = await buildCohort(context.db);
});
afterAll(() => context.close());

const referralOf = (reference: string) => context.db('referrals').where({ reference }).first();
const learnerOf = async (reference: string) => context.db('learners').where({ id: (await referralOf(reference)).learner_id }).first();

/** Everything a person told us, or staff wrote about them, on every referral of the cohort. */
async function givePersonalData() {
  const { db } = context;
  await db('learners').update({
    first_name: 'Jo', last_name: 'Bloggs', name: 'Jo Bloggs', date_of_birth: '1990-05-17', email: db.raw("'jo' || id || '@example.test'"),
    phone: '07700 900982', preferred_language: 'Welsh', support_needs: 'Dyslexia', password_hash: 'argon2-hash', access_code_encrypted: 'sealed-code',
  });
  await db('referrals').update({ notes: 'Lives with his mother', request_fingerprint: 'fingerprint' });
  await db('referrals').where({ status: 'withdrawn' }).update({ withdrawal_reason: 'Other: moved to Spain' });
  // A reason from the list, and one a force system sent through the API in its own words.
  await db('referrals').where({ reference: 'X2' }).update({ withdrawal_reason: 'Moved away' });
  await db('referrals').where({ reference: 'S2' }).update({ withdrawal_reason: 'Charged: assault on his partner' });
  await db('referrals').where({ reference: 'N4' }).update({ overdue_at: '2026-07-06T00:00:00Z' });
  for (const referral of await db('referrals').join('learners', 'learners.id', 'referrals.learner_id').select('referrals.id', 'referrals.force_id', 'learners.email')) {
    await db('case_notes').insert({ referral_id: referral.id, author: 'Case Worker', text: 'Said his brother was ill' });
    await db('contact_requests').insert({ referral_id: referral.id, contact_by: 'phone', message: 'Call after 5', outcome: 'Called, he was at work', handled_at: db.fn.now() });
    await db('referral_events').insert([
      { referral_id: referral.id, type: 'deadline_extended', details: JSON.stringify({ from: '2026-03-30', to: '2026-04-30', reason: 'In hospital with pneumonia' }) },
      { referral_id: referral.id, type: 'withdrawn', details: JSON.stringify({ reason: 'Other: moved to Spain' }) },
      { referral_id: referral.id, type: 'withdrawn', details: JSON.stringify({ reason: 'Duplicate referral' }) },
      // A force system's own words, through the API: not from the list, so someone's words.
      { referral_id: referral.id, type: 'withdrawn', details: JSON.stringify({ reason: 'Charged: assault on his partner' }) },
      { referral_id: referral.id, type: 'contact_request_handled', details: JSON.stringify({ outcome: 'Called, he was at work' }) },
    ]);
    const email = { to: referral.email, subject: 'Your Pathways course: how to start', text: 'Dear Jo Bloggs, your code is ABCD-2345' };
    const webhook = (type: string, reason: string) => ({
      event_id: randomUUID(), event_type: type, force_id: referral.force_id, referral_id: referral.id, channel: 'webhook', recipient: 'https://force.example/hook', status: 'delivered',
      content: JSON.stringify({ body: JSON.stringify({ id: 'e', type, referral: { reference: 'R' }, data: { reason } }) }),
    });
    await db('deliveries').insert([webhook('deadline.extended', 'In hospital with pneumonia'), webhook('referral.withdrawn', 'Other: moved to Spain'), webhook('referral.withdrawn', 'Duplicate referral')]);
    await db('deliveries').insert({ event_id: randomUUID(), event_type: 'letter', force_id: referral.force_id, referral_id: referral.id, channel: 'email', recipient: referral.email, content: JSON.stringify(email), status: 'delivered' });
  }
  await db('attitude_responses').update({ statements: JSON.stringify({ calm: 'agree' }) });
  for (const { id } of await db('enrolments').whereNotNull('started_at').select('id')) {
    const answers = { 'units-pint': 1, 'last-time': 'I drank at my cousin’s wedding', plan: { who: 'My mum', when: 'Every Friday' } };
    await db('step_answers').insert({ enrolment_id: id, step_number: 1, answers: JSON.stringify(answers) });
  }
}

async function allReports() {
  const scopes: Scope[] = [{ forceId: forces.north }, { forceId: forces.south }, { allForces: true }];
  const ranges: ReportRange[] = [MARCH, { from: '2026-01-01', to: '2027-12-31' }];
  const { reports } = context.services;
  const figures = [];
  for (const scope of scopes) {
    for (const range of ranges) figures.push(await reports.period(scope, range), await reports.evaluation(scope, range), await reports.referralRows(scope, range));
  }
  return figures;
}

describe('retention', () => {
  let recentReference: string;
  let before: unknown[];
  let removed: { referrals: number };

  beforeAll(async () => {
    await givePersonalData();
    // Completed a year before the run: kept.
    const recent = await createReferral(context, { name: 'Recent Person' });
    await context.db('referrals').where({ id: recent.referralId }).update({ status: 'completed', completed_at: '2027-09-20T10:00:00Z', referred_at: '2027-09-01T10:00:00Z' });
    recentReference = recent.reference;
    before = await allReports();
    now = RUN_AT;
    removed = await context.services.retention.removeExpired();
    now = TODAY;
  });

  test('when the run is over, then both reports (and the analysts’ rows) give the same figures as before it', async () => {
    expect(removed.referrals).toBeGreaterThan(0);
    expect(await allReports()).toEqual(before);
  });

  test('when a referral closed more than the retention period ago, then the person’s details and words are gone', async () => {
    for (const reference of ['N1', 'N4', 'N5', 'S2']) {
      const referral = await referralOf(reference);
      expect(referral.personal_data_removed_at).not.toBeNull();
      expect(referral).toMatchObject({ notes: null, request_fingerprint: null });
      const learner = await learnerOf(reference);
      expect(learner).toMatchObject({
        name: NAME_REMOVED, first_name: null, last_name: null, email: null, phone: null, preferred_language: null, support_needs: null,
        password_hash: null, access_code_encrypted: null, access_code_lookup: `removed:${learner.id}`,
      });
      expect(String(learner.date_of_birth)).toMatch(/^1990-01-01|Jan 01 1990/);
      expect(await context.db('case_notes').where({ referral_id: referral.id }).pluck('text')).toEqual([TEXT_REMOVED]);
      expect(await context.db('contact_requests').where({ referral_id: referral.id }).first('message', 'outcome')).toEqual({ message: null, outcome: TEXT_REMOVED });
      const reasons = await context.db('referral_events').where({ referral_id: referral.id }).whereRaw("details->>'reason' is not null").orderBy('id').select(context.db.raw("details->>'reason' as reason"));
      expect(reasons.map((event) => event.reason)).toEqual([TEXT_REMOVED, 'Other', 'Duplicate referral', 'Other']);
      const outcomes = await context.db('referral_events').where({ referral_id: referral.id, type: 'contact_request_handled' }).select(context.db.raw("details->>'outcome' as outcome"));
      expect(outcomes.map((event) => event.outcome)).toEqual([TEXT_REMOVED]);
      const delivery = await context.db('deliveries').where({ referral_id: referral.id, channel: 'email' }).first();
      const webhooks = await context.db('deliveries').where({ referral_id: referral.id, channel: 'webhook' }).orderBy('id').pluck('content');
      expect(webhooks.map((content) => JSON.parse(content.body).data.reason)).toEqual([TEXT_REMOVED, 'Other', 'Duplicate referral']);
      expect(delivery.recipient).toBe(NAME_REMOVED);
      expect(delivery.content).toEqual({ to: NAME_REMOVED, subject: 'Your Pathways course: how to start', text: TEXT_REMOVED });
      expect(await context.db('referral_events').where({ referral_id: referral.id, type: 'personal_data_removed' })).toHaveLength(1);
    }
    expect((await referralOf('N5')).withdrawal_reason).toBe('Other');
    expect((await referralOf('S2')).withdrawal_reason).toBe('Other');
    expect((await referralOf('X2')).withdrawal_reason).toBe('Moved away');
    const answers = await context.db('step_answers').join('enrolments', 'enrolments.id', 'step_answers.enrolment_id').where('enrolments.referral_id', (await referralOf('N1')).id).pluck('answers');
    expect(answers[0]).toEqual({ 'units-pint': 1, 'last-time': '', plan: { who: '', when: '' } });
    const attitude = await context.db('attitude_responses').join('enrolments', 'enrolments.id', 'attitude_responses.enrolment_id').where('enrolments.referral_id', (await referralOf('N1')).id).orderBy('enrolments.id').select('overall', 'comment', 'statements');
    expect(attitude).toEqual([{ overall: 'positive', comment: null, statements: { calm: 'agree' } }, { overall: 'neutral', comment: null, statements: { calm: 'agree' } }]);
    const audit = await context.db('audit_events').where({ action: 'personal-data-removed' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: null, actor: 'retention', details: { referrals: removed.referrals, retentionDays: 730 } });
  });

  test('when a referral closed recently, or is still open, then nothing about the person is removed', async () => {
    for (const reference of ['N6', recentReference]) {
      expect((await referralOf(reference)).personal_data_removed_at).toBeNull();
      expect((await learnerOf(reference)).name).not.toBe(NAME_REMOVED);
    }
    const open = await referralOf('N6');
    expect(await context.db('case_notes').where({ referral_id: open.id }).pluck('text')).toEqual(['Said his brother was ill']);
    expect(await learnerOf('N6')).toMatchObject({ email: expect.stringContaining('@example.test'), phone: '07700 900982' });
  });

  test('when the job runs again, then it finds nothing more to do and writes nothing', async () => {
    now = RUN_AT;
    const events = await context.db('referral_events').count('* as n').first();
    expect(await context.services.retention.removeExpired()).toEqual({ referrals: 0, auditLines: 0 });
    expect(await context.db('referral_events').count('* as n').first()).toEqual(events);
    now = TODAY;
  });
});

describe('a learner whose details were removed', () => {
  test('when they come back, then their session is over and their code and password no longer sign them in', async () => {
    now = TODAY;
    const referral = await createReferral(context);
    const agent = await signInFirstTime(context.app, referral, 'a password of mine');
    await agent.get('/learn').expect(200);
    await context.db('referrals').where({ id: referral.referralId }).update({ status: 'withdrawn', withdrawn_at: '2025-01-01T00:00:00Z' });
    expect((await context.services.retention.removeExpired()).referrals).toBe(1);
    await agent.get('/learn').expect(302);
    const again = await submitForm(agent, '/learn/sign-in', { accessCode: referral.accessCode, password: 'a password of mine' });
    expect(again.status).toBe(401);
  });

  test('when a page they opened before the run saves their session after it, then the session is still over', async () => {
    now = TODAY;
    const referral = await createReferral(context);
    const agent = await signInFirstTime(context.app, referral, 'a password of mine');
    await agent.get('/learn').expect(200);
    await context.db('referrals').where({ id: referral.referralId }).update({ status: 'withdrawn', withdrawn_at: '2025-01-01T00:00:00Z' });
    // What each request in flight during the run writes back when it ends: its session as it loaded it.
    const inFlight = await context.db('sessions').select('sid', 'sess', 'expire');
    expect((await context.services.retention.removeExpired()).referrals).toBe(1);
    for (const row of inFlight) {
      await context.db('sessions').insert({ ...row, sess: JSON.stringify(row.sess) }).onConflict('sid').merge();
    }
    await agent.get('/learn').expect(302);
  });
});

describe('RETENTION_DAYS', () => {
  test('when it is not set, then details are kept for two years; when it is below 30 days, then the server refuses to start', () => {
    expect(loadConfig({}).retentionDays).toBe(730);
    expect(loadConfig({ RETENTION_DAYS: '365' }).retentionDays).toBe(365);
    expect(() => loadConfig({ RETENTION_DAYS: '7' })).toThrow(/RETENTION_DAYS/);
    expect(() => loadConfig({ RETENTION_DAYS: 'two years' })).toThrow(/RETENTION_DAYS/);
  });
});
