import { londonDate } from '../../src/time/london';
import request from 'supertest';
import { PersonalDataRemoved } from '../../src/referrals/anonymised';
import type { ReferralRow } from '../../src/referrals/store/referrals';
import { CONTACT_CLOSED, NAME_REMOVED } from '../../src/retention/service';
import { tableWatch } from '../security/table-checksum';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, submitForm, type TestContext } from '../support/test-app';

/**
 * A referral whose personal data retention has removed: every action that needs the person's details
 * is refused through the real routes (pages 409 or a message on the referral page, API 409) and
 * changes nothing; the referral page says what happened and offers none of them.
 */
let context: TestContext;
let publicId: string;
let stale: ReferralRow;
let caseworker: request.Agent;
let police: request.Agent;
let apiKey: string;
let watch: Awaited<ReturnType<typeof tableWatch>>;

const page = () => `/referrals/${publicId}`;
const auditLines = async () => Number((await context.db('audit_events').count('* as n').first())!.n);
const REMOVED = /the person’s details were removed on \w+ \d{1,2} \w+ \d{4}, after the retention period/;

beforeAll(async () => {
  context = await createTestContext();
  const referral = await createReferral(context, { name: 'Alex Morgan', courses: ['alcohol-awareness'] });
  const { db } = context;
  await db('learners').where({ id: referral.learnerId }).update({ email: 'alex@example.test', phone: '07700 900123' });
  await db('contact_requests').insert({ referral_id: referral.referralId, contact_by: 'phone', message: 'Call me after 6' });
  // Completed three years ago: past the default 730 days.
  await db('referrals').where({ id: referral.referralId }).update({ status: 'completed', completed_at: new Date(Date.now() - 3 * 365 * 86_400_000) });
  stale = (await db<ReferralRow>('referrals').where({ id: referral.referralId }).first())!;
  publicId = stale.public_id;
  expect((await context.services.retention.removeExpired()).referrals).toBe(1);

  caseworker = (await signedInStaff(context, 'caseworker')).agent;
  const force = await db('forces').where({ code: 'TEST' }).first();
  police = (await signedInStaff(context, 'police', { forceId: force.id })).agent;
  apiKey = await context.services.forces.createApiKey(force.id, 'Case system', null);
  watch = await tableWatch(db);
});
afterAll(() => context.close());

/** Nothing in any table moved, and no audit line was written. */
async function expectNothingChanged(linesBefore: number) {
  expect(await watch.changedSinceLastLook()).toEqual([]);
  expect(await auditLines()).toBe(linesBefore);
}

describe('the page of a referral whose personal data was removed', () => {
  test('when staff open it, then it says when the data was removed and offers no action that needs the person’s details', async () => {
    for (const agent of [caseworker, police]) {
      const html = (await agent.get(page()).expect(200)).text;
      expect(html).toContain('The person’s personal data was removed on');
      expect(html).toContain(NAME_REMOVED);
      for (const action of ['details', 'letter', 'extend', 'withdraw', 'courses', 'resend-letter', 'notes', 'reset-access']) {
        expect(html).not.toContain(`${page()}/${action}"`);
      }
      // A re-offending check needs no personal data, and the reports count it.
      expect(html).toContain(`action="${page()}/reoffending-checks"`);
    }
  });
});

describe('an action that needs the person’s details, on a referral whose personal data was removed', () => {
  const tomorrowYear = `${new Date().getFullYear() + 1}-06-30`;
  const refusedPages: [string, string, 'get' | Record<string, string>, string][] = [
    ['correcting the details (form)', '/details', 'get', 'The person’s details cannot be corrected'],
    ['correcting the details', '/details', { firstName: 'Alex', lastName: 'Morgan', dateOfBirth: '1990-05-17', email: 'new@example.test' }, 'The person’s details cannot be corrected'],
    ['printing the letter', '/letter', 'get', 'There is no letter to print or email'],
    ['emailing the letter again', '/resend-letter', {}, 'There is no letter to print or email'],
    ['extending the deadline', '/extend', { deadline: tomorrowYear, reason: 'Was in hospital' }, 'The deadline cannot be extended'],
    ['withdrawing', '/withdraw', { withdrawReason: 'moved-away' }, 'The referral cannot be withdrawn'],
    ['adding a course', '/courses', { course: 'thinking-skills' }, 'A course cannot be added'],
  ];

  test.each(refusedPages)('when a caseworker tries %s, then the referral page answers 409 saying why, and nothing changes', async (_what, action, form, words) => {
    const lines = await auditLines();
    const response = form === 'get' ? await caseworker.get(`${page()}${action}`) : await submitForm(caseworker, page(), form, `${page()}${action}`);
    expect(response.status).toBe(409);
    expect(response.text).toContain(words);
    expect(response.text).toMatch(REMOVED);
    expect(response.text).toContain('href="#personalDataRemoved"');
    await expectNothingChanged(lines);
  });

  test('when police of the force try to extend or withdraw, then they are refused the same way', async () => {
    const lines = await auditLines();
    expect((await submitForm(police, page(), { deadline: tomorrowYear, reason: 'Asked by the court' }, `${page()}/extend`)).status).toBe(409);
    expect((await submitForm(police, page(), { withdrawReason: 'other', otherReason: 'Moved to Spain' }, `${page()}/withdraw`)).status).toBe(409);
    await expectNothingChanged(lines);
  });

  test.each([
    ['resetting access', '/reset-access', {}, 'Access cannot be reset'],
    ['adding a case note', '/notes', { note: 'Rang to check on him' }, 'A case note cannot be added'],
  ])('when a caseworker tries %s, then they are back on the referral page with why, and nothing changes', async (_what, action, form, words) => {
    const lines = await auditLines();
    const response = await submitForm(caseworker, page(), form, `${page()}${action}`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(new RegExp(`^${page()}\\?done=[a-z-]+$`));
    const back = (await caseworker.get(response.headers.location).expect(200)).text;
    expect(back).toContain(`${words}: the person’s details were removed after the retention period.`);
    // The page's banner gives the day.
    expect(back).toMatch(/The person’s personal data was removed on \w+ \d{1,2} \w+ \d{4}, after the retention period/);
    await expectNothingChanged(lines);
  });

  test('when a force system withdraws it through the API, then the answer is 409 personal_data_removed and nothing changes', async () => {
    const lines = await auditLines();
    const response = await request(context.app).post(`/api/v1/referrals/${publicId}/withdraw`).set('authorization', `Bearer ${apiKey}`).send({ reason: 'Charged instead' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: 'personal_data_removed', message: expect.stringMatching(REMOVED) });
    // The key's last use is noted on every call; nothing else moves.
    await expectNothingChanged(lines);
  });

  test('when the action started from a page read before retention ran, then the service refuses it in its transaction', async () => {
    const lines = await auditLines();
    const { referrals, casework } = context.services;
    const actor = { label: 'Case Worker' };
    await expect(referrals.extendDeadline(stale, tomorrowYear, 'Was in hospital', actor)).rejects.toBeInstanceOf(PersonalDataRemoved);
    await expect(referrals.withdraw(stale, 'Moved away', actor)).rejects.toBeInstanceOf(PersonalDataRemoved);
    await expect(referrals.resetAccess(stale, actor)).rejects.toBeInstanceOf(PersonalDataRemoved);
    await expect(referrals.correctDetails(stale, { firstName: 'Alex', lastName: 'Morgan' }, actor)).rejects.toBeInstanceOf(PersonalDataRemoved);
    await expect(referrals.addCourse(stale, 'thinking-skills', actor)).rejects.toBeInstanceOf(PersonalDataRemoved);
    await expect(casework.addNote(stale, { id: 1, name: 'Case Worker' }, 'A note')).rejects.toBeInstanceOf(PersonalDataRemoved);
    await expectNothingChanged(lines);
  });

  test('when the person had asked to be contacted, then retention closed the request and nobody can handle it again', async () => {
    const closed = await context.db('contact_requests').where({ referral_id: stale.id }).first();
    expect(closed).toMatchObject({ message: null, outcome: CONTACT_CLOSED, handled_by: 'Pathways (retention)' });
    expect(closed.handled_at).not.toBeNull();
    expect((await caseworker.get('/casework/contact-requests').expect(200)).text).not.toContain(publicId);
    const lines = await auditLines();
    const handled = await submitForm(caseworker, '/casework/contact-requests', { outcome: 'Called him back' }, `/casework/contact-requests/${closed.id}/handled`);
    expect(handled.status).toBe(404);
    await expectNothingChanged(lines);
  });

  test('when a re-offending check is recorded, then it is: it needs no personal data', async () => {
    // The check's date can be no earlier than the referral (made today by the fixture) and no later than today.
    const recorded = await submitForm(caseworker, page(), { checkedOn: londonDate(new Date()), reoffended: 'no' }, `${page()}/reoffending-checks`);
    expect(recorded.status).toBe(303);
    expect(await context.db('reoffending_checks').where({ referral_id: stale.id })).toHaveLength(1);
  });
});
