import { DateTime } from 'luxon';
import type request from 'supertest';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, submitForm, type TestContext } from '../support/test-app';

/**
 * A withdrawn referral is closed: the page offers nothing that would change it, and the routes refuse
 * the same actions (referrals/model.ts decides for both), so a stale page or a hand-made request
 * cannot extend, add a course, resend the letter or correct the details behind the page's back.
 */
let context: TestContext;
let caseworker: request.Agent;
let path: string;
let referralId: number;

beforeAll(async () => {
  context = await createTestContext();
  ({ agent: caseworker } = await signedInStaff(context, 'caseworker'));
  const referral = await createReferral(context);
  referralId = referral.referralId;
  const found = await context.services.referrals.find({ allForces: true }, (await context.db('referrals').where({ id: referralId }).first('public_id')).public_id);
  path = `/referrals/${found!.publicId}`;
  const withdrawn = await submitForm(caseworker, path, { withdrawReason: 'moved-away' }, `${path}/withdraw`);
  expect(withdrawn.status).toBe(303);
});
afterAll(() => context.close());

const state = async () => {
  const referral = await context.services.referrals.find({ allForces: true }, path.split('/')[2]!);
  const timeline = await context.services.referrals.timeline(referral!);
  return { deadline: referral!.deadline, status: referral!.status, courses: await context.services.referrals.courseTitles(referral!), events: timeline.length };
};

describe('a withdrawn referral', () => {
  test('when its page is shown, then it offers no extension, new course, letter, correction or second withdrawal', async () => {
    const page = await caseworker.get(path).expect(200);
    for (const action of ['extend', 'courses', 'resend-letter', 'withdraw']) expect(page.text).not.toContain(`action="${path}/${action}"`);
    expect(page.text).not.toContain(`href="${path}/details"`);
  });

  test.each([
    ['extend', { deadline: DateTime.now().plus({ days: 60 }).toISODate()!, reason: 'More time' }, 'The deadline cannot be extended: this referral was withdrawn'],
    ['courses', { course: 'anger-management' }, 'A course cannot be added: this referral was withdrawn'],
    ['resend-letter', {}, 'There is no letter to print or email: this referral was withdrawn'],
    ['withdraw', { withdrawReason: 'duplicate' }, 'This referral has already been withdrawn'],
  ])('when %s is posted anyway, then it is refused (409) saying why, and nothing changes', async (action, form, message) => {
    const before = await state();
    const answer = await submitForm(caseworker, path, form, `${path}/${action}`);
    expect(answer.status).toBe(409);
    expect(answer.text).toContain(message);
    expect(await state()).toEqual(before);
  });

  test('when corrected details are posted anyway, then they are refused (409) and the person is unchanged', async () => {
    const before = await context.services.referrals.learner((await context.services.referrals.find({ allForces: true }, path.split('/')[2]!))!);
    const answer = await submitForm(caseworker, path, { firstName: 'Changed', lastName: 'Name', dateOfBirth: '1990-05-17' }, `${path}/details`);
    expect(answer.status).toBe(409);
    expect(answer.text).toContain('The person’s details cannot be corrected: this referral was withdrawn');
    const after = await context.services.referrals.learner((await context.services.referrals.find({ allForces: true }, path.split('/')[2]!))!);
    expect(after.firstName).toBe(before.firstName);
  });

  test('when a re-offending check is recorded, then it is kept: checks go on after a withdrawal', async () => {
    const answer = await submitForm(caseworker, path, { checkedOn: DateTime.now().toISODate()!, reoffended: 'no' }, `${path}/reoffending-checks`);
    expect(answer.status).toBe(303);
    expect((await context.services.referrals.reoffendingChecks({ id: referralId })).length).toBe(1);
  });
});
