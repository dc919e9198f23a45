import request from 'supertest';
import { signedInStaff } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

// The Clock says 1 June 2030; the referral is made that day.
const clock = { now: () => new Date('2030-06-01T11:00:00Z') };
let context: TestContext;
let key: string;
let officer: request.Agent;
let otherForceOfficer: request.Agent;

beforeAll(async () => {
  context = await createTestContext({}, { clock });
  const days = { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 };
  const forceId = await context.services.forces.create({ name: 'Fix Force', code: 'FX', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  const otherForce = await context.services.forces.create({ name: 'Other Force', code: 'OF', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  key = await context.services.forces.createApiKey(forceId, 'Case system', null);
  ({ agent: officer } = await signedInStaff(context, 'police', { forceId }));
  ({ agent: otherForceOfficer } = await signedInStaff(context, 'police', { forceId: otherForce }));
});
afterAll(() => context.close());

async function referralWithCheck(reference: string) {
  const made = await request(context.app)
    .post('/api/v1/referrals')
    .set('authorization', `Bearer ${key}`)
    .send({ reference, disposal: 'community_resolution', courses: ['alcohol-awareness'], person: { firstName: 'Casey', lastName: 'Morgan', dateOfBirth: '1995-07-30' }, officer: { name: 'PC Fix', email: 'pc@fix.police.uk' } })
    .expect(201);
  const id = made.body.id as string;
  await request(context.app).post(`/api/v1/referrals/${id}/reoffending-checks`).set('authorization', `Bearer ${key}`).send({ checkedOn: '2030-06-01', reoffended: true, offenceDate: '2030-06-01' }).expect(201);
  const check = await context.db('reoffending_checks').join('referrals', 'referrals.id', 'reoffending_checks.referral_id').where('referrals.public_id', id).first('reoffending_checks.id');
  return { id, checkId: check.id as number };
}
const checksOf = (id: string) =>
  context.db('reoffending_checks').join('referrals', 'referrals.id', 'reoffending_checks.referral_id').where('referrals.public_id', id).orderBy('reoffending_checks.id').select('reoffending_checks.*');
const auditOf = (action: string, id: string) => context.db('audit_events').where({ action, subject_id: id }).select('details');

describe('correcting and voiding a re-offending check on the referral page', () => {
  test('when the officer corrects a check with a reason, then a new check replaces it, the old one stays, and it is audited and on the timeline', async () => {
    const { id, checkId } = await referralWithCheck('FX/1');
    const page = await officer.get(`/referrals/${id}`);
    expect(page.text).toContain(`/referrals/${id}/reoffending-checks/${checkId}/correct`);
    const correctPage = `/referrals/${id}/reoffending-checks/${checkId}/correct`;
    const saved = await submitForm(officer, correctPage, { checkedOn: '2030-06-01', reoffended: 'no', offenceDate: '', reason: 'Wrong person' });
    expect(saved.status).toBe(303);
    const [old, correction] = await checksOf(id);
    expect(old).toMatchObject({ id: checkId, reoffended: true, replaced_by_id: correction.id });
    expect(correction).toMatchObject({ reoffended: false, corrected_from_id: checkId, correction_reason: 'Wrong person' });
    expect(await auditOf('reoffending-check-corrected', id)).toEqual([{ details: { check: checkId, replacedBy: correction.id } }]);
    const after = await officer.get(`/referrals/${id}`);
    expect(after.text).toContain('corrected: now');
    expect(after.text).toContain('Reason: Wrong person');
    // The replaced check offers nothing more.
    expect((await officer.get(correctPage)).status).toBe(409);
  });

  test('when the officer voids a check, then it is marked voided with the reason, audited without the words, and cannot be voided again', async () => {
    const { id, checkId } = await referralWithCheck('FX/2');
    const voidPage = `/referrals/${id}/reoffending-checks/${checkId}/void`;
    const saved = await submitForm(officer, voidPage, { reason: 'Entered twice' });
    expect(saved.status).toBe(303);
    const [voided] = await checksOf(id);
    expect(voided).toMatchObject({ void_reason: 'Entered twice', voided_by: expect.any(String) });
    expect(voided.voided_at).not.toBeNull();
    expect(await auditOf('reoffending-check-voided', id)).toEqual([{ details: { check: checkId } }]);
    expect((await officer.get(`/referrals/${id}`)).text).toContain('voided: no longer counted. Reason: Entered twice');
    expect((await officer.get(voidPage)).status).toBe(409);
  });

  test.each([
    ['a correction with no reason', 'correct', { checkedOn: '2030-06-01', reoffended: 'no', offenceDate: '', reason: '' }, 'Enter the reason for the correction'],
    ['a correction in the future', 'correct', { checkedOn: '2030-06-02', reoffended: 'no', offenceDate: '', reason: 'Typo' }, 'The date of the check must be today or earlier'],
    ['a void with no reason', 'void', { reason: '' }, 'Enter the reason for voiding the check'],
  ])('when %s is sent, then the page says so (400) and nothing changes', async (_what, page, form, message) => {
    const { id, checkId } = await referralWithCheck(`FX/bad/${_what}`);
    const before = await checksOf(id);
    const answer = await submitForm(officer, `/referrals/${id}/reoffending-checks/${checkId}/${page}`, form);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(message);
    expect(await checksOf(id)).toEqual(before);
  });

  test('when the check is another referral’s, not a number, or the referral another force’s, then it is not found', async () => {
    const first = await referralWithCheck('FX/3');
    const second = await referralWithCheck('FX/4');
    expect((await officer.get(`/referrals/${first.id}/reoffending-checks/${second.checkId}/correct`)).status).toBe(404);
    expect((await officer.get(`/referrals/${first.id}/reoffending-checks/abc/void`)).status).toBe(404);
    expect((await officer.get(`/referrals/${first.id}/reoffending-checks/99999999999/void`)).status).toBe(404);
    expect((await otherForceOfficer.get(`/referrals/${first.id}/reoffending-checks/${first.checkId}/void`)).status).toBe(404);
  });
});
