import { DateTime } from 'luxon';
import request from 'supertest';
import { signedInStaff } from '../support/staff';
import { createTestContext, submitForm, type TestContext } from '../support/test-app';

/**
 * Issue 16: every date staff type is a GOV.UK date input (Day, Month, Year) read by the one parser,
 * and every date shown reads in words. The harm it stops: a browser date picker showing mm/dd/yyyy
 * turned 15031995 into 3 December 1995, the page showed "1995-12-03", and the learner's real date
 * of birth was refused at first sign-in.
 */
let context: TestContext;
type Agent = Awaited<ReturnType<typeof signedInStaff>>['agent'];
let officer: Agent;
let caseworker: Agent;

const london = () => DateTime.now().setZone('Europe/London');
/** A date as its three boxes, for a form. */
const boxes = (name: string, date: DateTime) => ({ [`${name}-day`]: String(date.day), [`${name}-month`]: String(date.month), [`${name}-year`]: String(date.year) });
/** YYYY-MM-DD anywhere a person reads: the page less the `datetime` attributes of <time> elements, which are for machines. */
const isoForPeople = (html: string) => html.replace(/datetime="[^"]*"/g, '').match(/\d{4}-\d{2}-\d{2}/g) ?? [];

const referralForm = (overrides: Record<string, string | string[]> = {}) => ({
  reference: `DATES/${Math.random().toString(36).slice(2, 8)}`,
  disposalType: 'community-resolution',
  courses: ['alcohol-awareness'],
  firstName: 'Jo',
  lastName: 'Bloggs',
  email: '',
  phone: '',
  preferredLanguage: '',
  supportNeeds: '',
  officerName: 'PC Dates',
  officerEmail: '',
  ...overrides,
});

async function referredWithBoxes(overrides: Record<string, string> = {}) {
  const made = await submitForm(officer, '/referrals/new', referralForm({ 'dateOfBirth-day': '15', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1995', ...overrides }), '/referrals');
  expect(made.status).toBe(303);
  const publicId = /\/referrals\/([0-9a-f-]{36})\/letter/.exec(made.headers.location)![1]!;
  const code = /class="access-code">([A-Z2-9]{4}-[A-Z2-9]{4})</.exec((await officer.get(made.headers.location)).text)![1]!;
  return { publicId, code };
}

beforeAll(async () => {
  context = await createTestContext();
  const forceId = await context.services.forces.create({
    name: 'Dates Police', code: 'DT', deadlineDays: { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 }, notificationEmail: null, webhookUrl: null,
  });
  officer = (await signedInStaff(context, 'police', { forceId })).agent;
  caseworker = (await signedInStaff(context, 'caseworker')).agent;
});
afterAll(() => context.close());

describe('the referral form’s dates', () => {
  test('when the officer types 15 / 3 / 1995, then 1995-03-15 is stored, the page says "15 March 1995", and the learner signs in with that date', async () => {
    const deadline = london().plus({ days: 21 });
    const { publicId, code } = await referredWithBoxes(boxes('deadline', deadline));
    const referral = await context.db('referrals').where({ public_id: publicId }).first();
    expect(referral.deadline instanceof Date ? DateTime.fromJSDate(referral.deadline).toISODate() : String(referral.deadline).slice(0, 10)).toBe(deadline.toISODate());
    const learner = await context.db('learners').where({ id: referral.learner_id }).first();
    expect(learner.date_of_birth).toBe('1995-03-15');

    const page = (await officer.get(`/referrals/${publicId}`).expect(200)).text;
    expect(page).toContain('15 March 1995');
    expect(page).toContain(deadline.toFormat('cccc d LLLL yyyy'));
    expect(isoForPeople(page)).toEqual([]);

    const learnerAgent = request.agent(context.app);
    const signedIn = await submitForm(learnerAgent, '/learn/first-sign-in', { accessCode: code, day: '15', month: '3', year: '1995' });
    expect(signedIn.headers.location).toBe('/learn/create-password');
  });

  test('when the officer types 3 / 15 / 1995 (month and day swapped), then it is refused at the month box and nothing is made', async () => {
    const before = await context.db('referrals').count('* as n').first();
    const refused = await submitForm(officer, '/referrals/new', referralForm({ 'dateOfBirth-day': '3', 'dateOfBirth-month': '15', 'dateOfBirth-year': '1995' }), '/referrals');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#dateOfBirth-month">The date of birth must be a real date</a>');
    expect(refused.text).toMatch(/govuk-input--error" id="dateOfBirth-month"/);
    expect(refused.text).not.toMatch(/govuk-input--error" id="dateOfBirth-day"/);
    // What was typed is shown back as typed.
    expect(refused.text).toMatch(/name="dateOfBirth-month"[^>]*value="15"/);
    expect(await context.db('referrals').count('* as n').first()).toEqual(before);
  });

  test('when a part is missing, then the GOV.UK message names it, at its box; an optional deadline left empty is the force’s default', async () => {
    const noYear = await submitForm(officer, '/referrals/new', referralForm({ 'dateOfBirth-day': '15', 'dateOfBirth-month': '3', 'dateOfBirth-year': '' }), '/referrals');
    expect(noYear.status).toBe(400);
    expect(noYear.text).toContain('<a href="#dateOfBirth-year">The date of birth must include a year</a>');
    const noDate = await submitForm(officer, '/referrals/new', referralForm({ 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '' }), '/referrals');
    expect(noDate.text).toContain('<a href="#dateOfBirth-day">Enter the date of birth</a>');
    const halfDeadline = await submitForm(officer, '/referrals/new', referralForm({ 'dateOfBirth-day': '15', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1995', 'deadline-day': '1', 'deadline-month': '', 'deadline-year': '' }), '/referrals');
    expect(halfDeadline.status).toBe(400);
    expect(halfDeadline.text).toContain('<a href="#deadline-month">The deadline must include a month and year</a>');
    const pastDeadline = await submitForm(officer, '/referrals/new', referralForm({ 'dateOfBirth-day': '15', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1995', ...boxes('deadline', london().minus({ days: 3 })) }), '/referrals');
    expect(pastDeadline.text).toContain('<a href="#deadline-day">The deadline must be today or later</a>');

    const { publicId } = await referredWithBoxes({ 'deadline-day': '', 'deadline-month': '', 'deadline-year': '' });
    const referral = await context.db('referrals').where({ public_id: publicId }).first();
    expect(referral.deadline).toBeTruthy();
  });

  test('when the form posts YYYY-MM-DD in one field (the API’s and older forms’ way), then it still works', async () => {
    const made = await submitForm(officer, '/referrals/new', referralForm({ dateOfBirth: '1995-03-15' }), '/referrals');
    expect(made.status).toBe(303);
  });
});

describe('the referral page’s other date forms', () => {
  test('when details are corrected with boxes, then the date is stored; a missing month is refused naming it', async () => {
    const { publicId } = await referredWithBoxes();
    const path = `/referrals/${publicId}/details`;
    const form = (await officer.get(path)).text;
    expect(form).toMatch(/name="dateOfBirth-day"[^>]*value="15"/);
    expect(isoForPeople(form)).toEqual([]);
    const base = { firstName: 'Jo', lastName: 'Bloggs', email: '', phone: '', preferredLanguage: '', supportNeeds: '' };
    const refused = await submitForm(officer, path, { ...base, 'dateOfBirth-day': '16', 'dateOfBirth-month': '', 'dateOfBirth-year': '1995' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#dateOfBirth-month">The date of birth must include a month</a>');
    expect(refused.text).toMatch(/name="dateOfBirth-day"[^>]*value="16"/);
    const saved = await submitForm(officer, path, { ...base, 'dateOfBirth-day': '16', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1995' });
    expect(saved.status).toBe(303);
    const referral = await context.db('referrals').where({ public_id: publicId }).first();
    expect((await context.db('learners').where({ id: referral.learner_id }).first()).date_of_birth).toBe('1995-03-16');
  });

  test('when the deadline is extended with boxes, then it is saved and shown with its weekday; a missing year is refused naming it', async () => {
    const { publicId } = await referredWithBoxes();
    const path = `/referrals/${publicId}`;
    const refused = await submitForm(caseworker, path, { 'deadline-day': '1', 'deadline-month': '2', 'deadline-year': '', reason: 'In hospital' }, `${path}/extend`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#deadline-year">The new deadline must include a year</a>');
    expect(refused.text).toMatch(/name="deadline-month"[^>]*value="2"/);
    const later = london().plus({ days: 200 });
    const extended = await submitForm(caseworker, path, { ...boxes('deadline', later), reason: 'In hospital' }, `${path}/extend`);
    expect(extended.status).toBe(303);
    const page = (await caseworker.get(path)).text;
    expect(page).toContain(later.toFormat('cccc d LLLL yyyy'));
    expect(isoForPeople(page)).toEqual([]);
  });

  test('when a re-offending check is recorded with boxes, then its dates are stored and shown in words; a missing day is refused naming it', async () => {
    const { publicId } = await referredWithBoxes();
    const path = `/referrals/${publicId}`;
    const refused = await submitForm(caseworker, path, { 'checkedOn-day': '', 'checkedOn-month': '3', 'checkedOn-year': '2026', reoffended: 'no' }, `${path}/reoffending-checks`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#checkedOn-day">The date of the check must include a day</a>');
    const recorded = await submitForm(
      caseworker,
      path,
      // A check and an offence can be no earlier than the referral (made today) and no later than today.
      { ...boxes('checkedOn', london()), reoffended: 'yes', ...boxes('offenceDate', london()) },
      `${path}/reoffending-checks`,
    );
    expect(recorded.status).toBe(303);
    const page = (await caseworker.get(path)).text;
    const today = london().toFormat('d MMMM yyyy');
    expect(page).toContain(`${today}: Re-offended (offence on ${today})`);
    expect(isoForPeople(page)).toEqual([]);
  });
});

describe('the referral list’s “due before” filter', () => {
  test('when the boxes give a date, then the list is filtered, its links carry the boxes, and no YYYY-MM-DD is on the page', async () => {
    await referredWithBoxes();
    const due = london().plus({ days: 400 });
    const list = await officer.get(`/referrals?${new URLSearchParams(boxes('dueBefore', due))}`).expect(200);
    expect(list.text).toContain('Bloggs');
    expect(list.text).toMatch(/name="dueBefore-day"[^>]*value="\d+"/);
    expect(isoForPeople(list.text)).toEqual([]);
    const none = await officer.get(`/referrals?${new URLSearchParams(boxes('dueBefore', london().minus({ days: 1 })))}`).expect(200);
    expect(none.text).not.toContain('Bloggs');
  });

  test('when a box is missing, then the GOV.UK message names it; a link’s ?dueBefore=YYYY-MM-DD still filters', async () => {
    const refused = await officer.get('/referrals?dueBefore-day=1&dueBefore-month=&dueBefore-year=2027').expect(400);
    expect(refused.text).toContain('<a href="#dueBefore-month">The deadline must include a month</a>');
    const linked = await officer.get(`/referrals?dueBefore=${london().minus({ days: 1 }).toISODate()}`).expect(200);
    expect(linked.text).not.toContain('Bloggs');
  });
});
