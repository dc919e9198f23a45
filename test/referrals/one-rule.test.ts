import request from 'supertest';
import { signedInStaff } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

// Four years on: the form's and the API's "today" must be the Clock's, not the machine's.
const clock = { now: () => new Date('2030-06-01T11:00:00Z') };
let context: TestContext;
let key: string;
let officer: request.Agent;

beforeAll(async () => {
  context = await createTestContext({}, { clock });
  const days = { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 };
  const forceId = await context.services.forces.create({ name: 'Clock Force', code: 'CK', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  key = await context.services.forces.createApiKey(forceId, 'Case system', null);
  ({ agent: officer } = await signedInStaff(context, 'police', { forceId }));
  forceIdOf = forceId;
});
let forceIdOf: number;
afterAll(() => context.close());

const person = { firstName: 'Casey', lastName: 'Morgan', dateOfBirth: '1995-07-30' };

describe('rules that depend on the day follow the Clock', () => {
  test.each([
    ['2030-06-10', 303, 201],
    ['2030-05-31', 400, 400],
    ['2031-06-02', 400, 400],
  ])('when the deadline is %s (the Clock says 1 June 2030), then the police form answers %i and the API %i', async (deadline, formStatus, apiStatus) => {
    const reference = `CK/${deadline}`;
    const form = await submitForm(
      officer,
      '/referrals/new',
      { reference, disposalType: 'community-resolution', courses: ['alcohol-awareness'], ...person, officerName: 'PC Clock', officerEmail: 'pc@clock.police.uk', deadline },
      '/referrals',
    );
    expect(form.status).toBe(formStatus);
    const api = await request(context.app)
      .post('/api/v1/referrals')
      .set('authorization', `Bearer ${key}`)
      .send({ reference: `${reference}/api`, disposal: 'community_resolution', courses: ['alcohol-awareness'], person, officer: { name: 'PC Clock', email: 'pc@clock.police.uk' }, deadline });
    expect(api.status).toBe(apiStatus);
  });

  test.each([
    ['2030-05-31', 303, 201],
    ['2030-06-02', 400, 400],
  ])('when the date of birth is %s (the Clock says 1 June 2030), then the police form answers %i and the API %i', async (dateOfBirth, formStatus, apiStatus) => {
    const born = { ...person, dateOfBirth };
    const form = await submitForm(
      officer,
      '/referrals/new',
      { reference: `CK/born/${dateOfBirth}`, disposalType: 'community-resolution', courses: ['alcohol-awareness'], ...born, officerName: 'PC Clock', officerEmail: 'pc@clock.police.uk' },
      '/referrals',
    );
    expect(form.status).toBe(formStatus);
    const api = await request(context.app)
      .post('/api/v1/referrals')
      .set('authorization', `Bearer ${key}`)
      .send({ reference: `CK/born/${dateOfBirth}/api`, disposal: 'community_resolution', courses: ['alcohol-awareness'], person: born, officer: { name: 'PC Clock', email: 'pc@clock.police.uk' } });
    expect(api.status).toBe(apiStatus);
    if (apiStatus === 400) expect(JSON.stringify(api.body)).toContain('The date of birth must be in the past');
  });
});

describe('the police form and the API give one answer', () => {
  async function newReferral(reference: string) {
    const made = await request(context.app)
      .post('/api/v1/referrals')
      .set('authorization', `Bearer ${key}`)
      .send({ reference, disposal: 'community_resolution', courses: ['alcohol-awareness'], person, officer: { name: 'PC Clock', email: 'pc@clock.police.uk' } })
      .expect(201);
    return made.body.id as string;
  }
  const checks = async (id: string) => context.db('reoffending_checks').join('referrals', 'referrals.id', 'reoffending_checks.referral_id').where('referrals.public_id', id).count<{ n: number }[]>('* as n');

  test('when a re-offending check says "no" but gives an offence date, then the page and the API both refuse it, naming the offence date', async () => {
    const id = await newReferral('CK/check/1');
    const page = await submitForm(officer, `/referrals/${id}`, { checkedOn: '2030-05-20', reoffended: 'no', offenceDate: '2030-05-01' }, `/referrals/${id}/reoffending-checks`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('An offence date is only for a re-offence');
    const api = await request(context.app)
      .post(`/api/v1/referrals/${id}/reoffending-checks`)
      .set('authorization', `Bearer ${key}`)
      .send({ checkedOn: '2030-05-20', reoffended: false, offenceDate: '2030-05-01' });
    expect(api.status).toBe(400);
    expect(JSON.stringify(api.body)).toContain('An offence date is only for a re-offence');
    expect(Number((await checks(id))[0]!.n)).toBe(0);
  });

  test('when a reason is over 1,000 characters, then the page refuses it as the API does, instead of cutting it', async () => {
    const id = await newReferral('CK/reason/1');
    const long = 'x'.repeat(1001);
    const extended = await submitForm(officer, `/referrals/${id}`, { deadline: '2030-07-01', reason: long }, `/referrals/${id}/extend`);
    expect(extended.status).toBe(400);
    expect(extended.text).toContain('The reason must be 1,000 characters or fewer');
    const withdrawn = await submitForm(officer, `/referrals/${id}`, { withdrawReason: 'other', otherReason: long }, `/referrals/${id}/withdraw`);
    expect(withdrawn.status).toBe(400);
    expect(withdrawn.text).toContain('The reason must be 1,000 characters or fewer');
    const api = await request(context.app).post(`/api/v1/referrals/${id}/withdraw`).set('authorization', `Bearer ${key}`).send({ reason: long });
    expect(api.status).toBe(400);
    expect(JSON.stringify(api.body)).toContain('The reason must be 1,000 characters or fewer');
    expect(await context.db('referrals').where({ public_id: id, force_id: forceIdOf }).first('status', 'deadline')).toMatchObject({ status: 'referred' });
  });
});

describe('a re-offending check: dates between the referral date and today, on the page and in the API alike', () => {
  // Referred on 1 May 2030 (London); the Clock says 1 June 2030.
  async function referredOnFirstMay(reference: string) {
    const made = await request(context.app)
      .post('/api/v1/referrals')
      .set('authorization', `Bearer ${key}`)
      .send({ reference, disposal: 'community_resolution', courses: ['alcohol-awareness'], person, officer: { name: 'PC Clock', email: 'pc@clock.police.uk' } })
      .expect(201);
    await context.db('referrals').where({ public_id: made.body.id }).update({ referred_at: '2030-05-01T10:00:00Z' });
    return made.body.id as string;
  }
  const checksOf = async (id: string) =>
    Number((await context.db('reoffending_checks').join('referrals', 'referrals.id', 'reoffending_checks.referral_id').where('referrals.public_id', id).count<{ n: number }[]>('* as n'))[0]!.n);

  test.each([
    ['a check in the future', { checkedOn: '2030-06-02', reoffended: false }, 'The date of the check must be today or earlier'],
    ['a check before the referral date', { checkedOn: '2030-04-30', reoffended: false }, 'The date of the check must be the same as or after the referral date'],
    ['an offence after the check', { checkedOn: '2030-05-20', reoffended: true, offenceDate: '2030-05-25' }, 'The offence date must be the same as or before the date of the check'],
    ['an offence before the referral date', { checkedOn: '2030-05-20', reoffended: true, offenceDate: '2030-04-30' }, 'The offence date must be the same as or after the referral date'],
    ['an offence in the future', { checkedOn: '2030-06-01', reoffended: true, offenceDate: '2030-06-02' }, 'The offence date must be today or earlier'],
    ['an offence date with no re-offence', { checkedOn: '2030-05-20', reoffended: false, offenceDate: '2030-05-10' }, 'An offence date is only for a re-offence'],
  ])('when %s is recorded, then the page and the API both refuse it with the same words, and nothing is recorded', async (what, check, message) => {
    const id = await referredOnFirstMay(`CK/dates/${what}`);
    const form = { checkedOn: check.checkedOn, reoffended: check.reoffended ? 'yes' : 'no', offenceDate: (check as { offenceDate?: string }).offenceDate ?? '' };
    const page = await submitForm(officer, `/referrals/${id}`, form, `/referrals/${id}/reoffending-checks`);
    expect(page.status).toBe(400);
    expect(page.text).toContain(message);
    const api = await request(context.app).post(`/api/v1/referrals/${id}/reoffending-checks`).set('authorization', `Bearer ${key}`).send(check);
    expect(api.status).toBe(400);
    expect(api.body.details).toEqual([{ path: Object.keys(check).includes('offenceDate') && !message.startsWith('The date of the check') ? 'offenceDate' : 'checkedOn', message: expect.stringContaining(message) }]);
    expect(await checksOf(id)).toBe(0);
  });

  test('when the check is on the referral date or today and the offence between them, then the page and the API both record it', async () => {
    const id = await referredOnFirstMay('CK/dates/ok');
    const page = await submitForm(officer, `/referrals/${id}`, { checkedOn: '2030-06-01', reoffended: 'yes', offenceDate: '2030-05-01' }, `/referrals/${id}/reoffending-checks`);
    expect(page.status).toBe(303);
    const api = await request(context.app).post(`/api/v1/referrals/${id}/reoffending-checks`).set('authorization', `Bearer ${key}`).send({ checkedOn: '2030-05-01', reoffended: false });
    expect(api.status).toBe(201);
    expect(await checksOf(id)).toBe(2);
  });
});
