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
});
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
