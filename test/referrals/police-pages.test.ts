import { DateTime } from 'luxon';
import request from 'supertest';
import { hashPassword } from '../../src/auth/passwords';
import { signedInStaff } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

let context: TestContext;
const PASSWORD = 'a long test password';
const days = { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 };

async function user(email: string, role: string, forceId: number | null) {
  await context.db('users').insert({ email, name: `User ${email}`, role, force_id: forceId, password_hash: await hashPassword(PASSWORD) });
}

async function signedIn(email: string) {
  const agent = request.agent(context.app);
  const response = await submitForm(agent, '/sign-in', { email, password: PASSWORD });
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  return agent;
}

const referralForm = (overrides: Record<string, string | string[]> = {}) => ({
  reference: 'NF/2026/77',
  disposalType: 'conditional-caution',
  courses: ['alcohol-awareness', 'victim-awareness'],
  firstName: 'Casey',
  lastName: 'Morgan',
  dateOfBirth: '1995-07-30',
  email: '',
  phone: '07700 900 982',
  preferredLanguage: 'English',
  supportNeeds: 'Dyslexia: prefers read-aloud',
  officerName: 'PC North',
  officerEmail: 'north@north.test',
  ...overrides,
});

beforeAll(async () => {
  context = await createTestContext();
  const north = await context.services.forces.create({ name: 'North Police', code: 'NF', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  const south = await context.services.forces.create({ name: 'South Police', code: 'SF', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  await user('north@north.test', 'police', north);
  await user('south@south.test', 'police', south);
  await user('casey@provider.test', 'caseworker', null);
  await user('author@provider.test', 'author', null);
});
afterAll(() => context.close());

describe('an officer referring someone through the form', () => {
  test('when they refer, then they get a printable letter with the code, and the referral is on their list with a timeline', async () => {
    const officer = await signedIn('north@north.test');
    const form = await officer.get('/referrals/new').expect(200);
    expect(form.text).toContain('value="User north@north.test"');

    const made = await submitForm(officer, '/referrals/new', referralForm(), '/referrals');
    expect(made.status).toBe(303);
    const letter = await officer.get(made.headers.location).expect(200);
    expect(letter.text).toMatch(/class="access-code">[A-Z2-9]{4}-[A-Z2-9]{4}</);
    const sixteenWeeks = DateTime.now().setZone('Europe/London').plus({ days: 112 });
    expect(letter.text).toContain(sixteenWeeks.toFormat('cccc d LLLL yyyy'));
    expect(letter.text).toContain('Victim awareness');

    const list = await officer.get('/referrals?q=morgan').expect(200);
    expect(list.text).toContain('NF/2026/77');
    const id = /\/referrals\/([0-9a-f-]{36})\/letter/.exec(made.headers.location)![1];
    const page = await officer.get(`/referrals/${id}`).expect(200);
    expect(page.text).toContain('Referred, deadline');
    expect(page.text).toContain('Dyslexia: prefers read-aloud');
  });

  test('when the form is wrong, then each field says what is wrong and nothing is made', async () => {
    const officer = await signedIn('north@north.test');
    const before = await context.db('referrals').count('* as n').first();
    const bad = await submitForm(officer, '/referrals/new', referralForm({ reference: '', courses: [], firstName: '', dateOfBirth: '2999-01-01', email: 'not-an-email', deadline: '2001-01-01' }), '/referrals');
    expect(bad.status).toBe(400);
    for (const message of ['Enter the force reference', 'Choose at least one course', 'Enter the first name', 'The date of birth must be in the past', 'Enter an email address like name@example.com', 'The deadline must be today or later']) {
      expect(bad.text).toContain(message);
    }
    const again = await submitForm(officer, '/referrals/new', referralForm({ firstName: 'Someone else' }), '/referrals');
    expect(again.status).toBe(409);
    expect(again.text).toContain('There is already a referral with the reference NF/2026/77');
    expect(await context.db('referrals').count('* as n').first()).toEqual({ n: Number(before?.n) });
  });

  test('when they correct the person’s details, then a wrong date is refused and changes nothing, and a good one is saved and on the timeline', async () => {
    const officer = await signedIn('north@north.test');
    const referral = await context.db('referrals').where({ reference: 'NF/2026/77' }).first();
    const path = `/referrals/${referral.public_id}/details`;
    const form = (await officer.get(path)).text;
    expect(form).toContain('value="Casey"');
    // The stored date of birth in the Day, Month and Year boxes, never as YYYY-MM-DD.
    expect(form).toMatch(/name="dateOfBirth-day"[^>]*value="30"/);
    expect(form).toMatch(/name="dateOfBirth-month"[^>]*value="7"/);
    expect(form).toMatch(/name="dateOfBirth-year"[^>]*value="1995"/);
    expect(form).not.toContain('1995-07-30');

    const wrong = await submitForm(officer, path, { ...referralForm(), dateOfBirth: '1995-02-30', firstName: '' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('The date of birth must be a real date');
    expect(wrong.text).toContain('Enter the first name');
    expect(await context.db('learners').where({ id: referral.learner_id }).first()).toMatchObject({ first_name: 'Casey', date_of_birth: '1995-07-30' });

    const saved = await submitForm(officer, path, { ...referralForm(), firstName: 'Cassie', dateOfBirth: '1995-07-03', email: 'cassie@example.test' });
    expect(saved.status).toBe(303);
    expect(await context.db('learners').where({ id: referral.learner_id }).first()).toMatchObject({
      name: 'Cassie Morgan', first_name: 'Cassie', date_of_birth: '1995-07-03', email: 'cassie@example.test',
    });
    expect((await officer.get(`/referrals/${referral.public_id}`)).text).toContain('Personal details corrected');

    const south = await signedIn('south@south.test');
    expect((await submitForm(south, '/referrals', { ...referralForm(), firstName: 'Mallory' }, path)).status).toBe(404);
    expect((await context.db('learners').where({ id: referral.learner_id }).first()).first_name).toBe('Cassie');
  });

  test('when they extend or withdraw, then a reason is required and the timeline and force are told', async () => {
    const officer = await signedIn('north@north.test');
    const referral = await context.db('referrals').where({ reference: 'NF/2026/77' }).first();
    const path = `/referrals/${referral.public_id}`;
    const noReason = await submitForm(officer, path, { deadline: DateTime.now().plus({ days: 200 }).toISODate()!, reason: '' }, `${path}/extend`);
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Enter the reason for the extension');
    const extended = await submitForm(officer, path, { deadline: DateTime.now().plus({ days: 200 }).toISODate()!, reason: 'In hospital' }, `${path}/extend`);
    expect(extended.status).toBe(303);
    expect((await officer.get(path)).text).toContain('Reason: In hospital');

    const noReasonChosen = await submitForm(officer, path, { withdrawReason: 'made-up' }, `${path}/withdraw`);
    expect(noReasonChosen.status).toBe(400);
    expect(noReasonChosen.text).toContain('Choose the reason for withdrawing the referral');
    const otherWithoutWords = await submitForm(officer, path, { withdrawReason: 'other', otherReason: ' ' }, `${path}/withdraw`);
    expect(otherWithoutWords.text).toContain('Say why the referral is withdrawn');
    expect((await context.db('referrals').where({ id: referral.id }).first()).status).not.toBe('withdrawn');
    const withdrawn = await submitForm(officer, path, { withdrawReason: 'other', otherReason: 'Charged instead' }, `${path}/withdraw`);
    expect(withdrawn.status).toBe(303);
    expect(await context.db('referrals').where({ id: referral.id }).first()).toMatchObject({ status: 'withdrawn', withdrawal_reason: 'Other: Charged instead' });
    const types = (await context.db('deliveries').where({ referral_id: referral.id })).map((d) => d.event_type);
    expect(types).toEqual(expect.arrayContaining(['deadline.extended', 'referral.withdrawn']));
  });
});

describe('who may see referrals', () => {
  test('when an officer of another force asks for a referral, then it is not found and nothing changes', async () => {
    const referral = await context.db('referrals').where({ reference: 'NF/2026/77' }).first();
    const path = `/referrals/${referral.public_id}`;
    const south = await signedIn('south@south.test');
    await south.get(path).expect(404);
    await south.get(`${path}/letter`).expect(404);
    await south.get(`${path}/details`).expect(404);
    expect((await south.get('/referrals').expect(200)).text).not.toContain('NF/2026/77');
    expect((await south.get('/referrals?q=NF%2F2026%2F77').expect(200)).text).not.toContain(referral.public_id);
    const page = await south.get('/referrals');
    for (const action of ['extend', 'withdraw', 'courses', 'resend-letter', 'reoffending-checks', 'details']) {
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      await south.post(`${path}/${action}`).type('form').send({ _csrf: token, reason: 'x', deadline: '2030-01-01' }).expect(404);
    }
    await south.get('/referrals/not-a-uuid').expect(404);
  });

  test('when a caseworker looks, then they see every force; an author may not; no one signed in is sent to sign in', async () => {
    const caseworker = await signedIn('casey@provider.test');
    const list = await caseworker.get('/referrals').expect(200);
    expect(list.text).toContain('NF/2026/77');
    expect(list.text).toContain('North Police');
    await caseworker.get('/referrals/new').expect(403);
    const author = await signedIn('author@provider.test');
    await author.get('/referrals').expect(403);
    const anonymous = await request(context.app).get('/referrals').expect(302);
    expect(anonymous.headers.location).toBe('/sign-in');
  });

  test('when mail has no server, then staff read it in the outbox; only admins redeliver; police may not look', async () => {
    for (const pending of await context.db('deliveries').where({ status: 'pending', channel: 'email' })) {
      await context.services.deliveries.deliver(pending.id);
    }
    const caseworker = await signedIn('casey@provider.test');
    const log = await caseworker.get('/admin/deliveries?status=held').expect(200);
    expect(log.text).toContain('deadline.extended');
    expect(log.text).not.toContain('Redeliver');
    const { agent: admin } = await signedInStaff(context, 'admin');
    const page = await admin.get('/admin/deliveries').expect(200);
    const id = /\/admin\/deliveries\/(\d+)\/redeliver/.exec(page.text)![1];
    const redelivered = await submitForm(admin, '/admin/deliveries', {}, `/admin/deliveries/${id}/redeliver`);
    expect(redelivered.status).toBe(303);
    expect(await context.db('deliveries').where({ id: Number(id) }).first()).toMatchObject({ status: 'pending' });
    await (await signedIn('north@north.test')).get('/admin/deliveries').expect(403);
  });

  test('when the password is wrong five times, then the account is locked', async () => {
    const agent = request.agent(context.app);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await submitForm(agent, '/sign-in', { email: 'south@south.test', password: 'wrong password' })).status).toBe(401);
    }
    const locked = await submitForm(agent, '/sign-in', { email: 'south@south.test', password: 'wrong password' });
    expect(locked.status).toBe(429);
    expect((await submitForm(agent, '/sign-in', { email: 'south@south.test', password: PASSWORD })).status).toBe(429);
  });
});
