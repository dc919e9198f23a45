import { forceEmail, type ForceEvent, type ForceEventData } from '../../src/referrals/force-email';
import { DEFAULT_DEADLINE_DAYS, type NewReferral } from '../../src/referrals/model';
import { eventually, mailReceiver } from '../support/receivers';
import { signedInStaff } from '../support/staff';
import { createReferral, createTestContext, type TestContext } from '../support/test-app';

/**
 * The emails a force's officer and OOCD hub get: one plain sentence per event and a link to the
 * referral, never the webhook's field names (previousDeadline, referral.started) or ISO dates.
 */
const PUBLIC_URL = 'https://pathways.example.org';
const referral = { publicId: 'abc123', reference: 'NF/2026/77', personName: 'Sam Taylor' };
const LINK = `See the referral and its timeline: ${PUBLIC_URL}/referrals/abc123`;
const RAW = /previousDeadline|referral\.|course\.completed|deadline\.extended|\d{4}-\d{2}-\d{2}|\[object|undefined|null/;

const events: { [E in ForceEvent]: [E, ForceEventData[E], string, string] }[ForceEvent][] = [
  ['referral.started', { course: { id: 'alcohol-awareness', title: 'Alcohol awareness' } }, 'Pathways: course started on referral NF/2026/77', 'Sam Taylor (reference NF/2026/77) has started their course: Alcohol awareness.'],
  [
    'course.completed',
    { course: { id: 'alcohol-awareness', title: 'Alcohol awareness', attitude: 'positive', late: true } },
    'Pathways: a course completed on referral NF/2026/77',
    'Sam Taylor (reference NF/2026/77) has completed Alcohol awareness, after the deadline. Their attitude test at the end was positive.',
  ],
  [
    'referral.completed',
    { late: false, courses: [{ id: 'alcohol-awareness', title: 'Alcohol awareness', attitude: 'positive' }, { id: 'thinking-skills', title: 'Thinking skills', attitude: null }] },
    'Pathways: referral NF/2026/77 completed',
    'Sam Taylor (reference NF/2026/77) has completed everything on their referral, on time. Courses completed: Alcohol awareness, Thinking skills.',
  ],
  [
    'referral.overdue',
    { deadline: '2026-12-23' },
    'Pathways: referral NF/2026/77 missed its deadline',
    "Sam Taylor (reference NF/2026/77) has missed the deadline of Wednesday 23 December 2026. Whether to take any action is the force's decision.",
  ],
  ['referral.withdrawn', { reason: 'Moved away' }, 'Pathways: referral NF/2026/77 withdrawn', 'The referral for Sam Taylor (reference NF/2026/77) has been withdrawn. Reason given: Moved away.'],
  [
    'deadline.extended',
    { previousDeadline: '2026-12-23', deadline: '2027-01-15', reason: 'In hospital.' },
    'Pathways: deadline moved for referral NF/2026/77',
    'The deadline for Sam Taylor (reference NF/2026/77) was moved from Wednesday 23 December 2026 to Friday 15 January 2027. Reason given: In hospital.',
  ],
];

describe('the words of a force email', () => {
  test.each(events)('when the event is %s, then the email is one plain sentence and the link', (event, data, subject, sentence) => {
    const email = forceEmail(event, data as never, referral, PUBLIC_URL);
    expect(email).toEqual({ subject, text: `${sentence}\n\n${LINK}` });
    expect(`${email.subject}\n${email.text.replace(LINK, '')}`).not.toMatch(RAW);
  });

  test('when the person’s details are gone, then the email says "the person referred"', () => {
    const email = forceEmail('referral.withdrawn', { reason: 'Duplicate' }, { ...referral, personName: null }, PUBLIC_URL);
    expect(email.text).toMatch(/^The referral for the person referred \(reference NF\/2026\/77\) has been withdrawn\./);
    const started = forceEmail('referral.started', { course: { id: 'x', title: null } }, { ...referral, personName: undefined }, PUBLIC_URL);
    expect(started.text).toMatch(/^The person referred \(reference NF\/2026\/77\) has started their course: a course\./);
  });
});

/** The text of a mail as sent: quoted-printable soft line breaks joined and escapes decoded. */
const decoded = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\r\n/g, '\n');
const bodyOf = (raw: string) => decoded(raw.slice(raw.indexOf('\r\n\r\n') + 4));

describe('emails to the force, through a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof mailReceiver>>;
  let context: TestContext;
  const clock = { now: () => new Date('2026-12-01T10:00:00Z') };

  beforeAll(async () => {
    smtp = await mailReceiver();
    context = await createTestContext({ SMTP_URL: smtp.url, PUBLIC_URL }, { clock });
  });
  afterAll(async () => {
    await context.close();
    await smtp.close();
  });

  test('when a caseworker moves the deadline and then withdraws the referral, then the officer and the hub each get a sentence and a link', async () => {
    const { services } = context;
    const forceId = await services.forces.create({ name: 'Northshire Police', code: 'NF', deadlineDays: DEFAULT_DEADLINE_DAYS, notificationEmail: 'hub@northshire.police.test', webhookUrl: null });
    const input: NewReferral = {
      reference: 'NF/2026/77',
      disposalType: 'community-resolution',
      courses: ['alcohol-awareness'],
      firstName: 'Sam',
      lastName: 'Taylor',
      dateOfBirth: '1990-05-17',
      email: null,
      phone: null,
      preferredLanguage: null,
      supportNeeds: null,
      deadline: '2026-12-23',
      officerName: 'PC Lee',
      officerEmail: 'pc.lee@northshire.police.test',
      notes: null,
    };
    const caseworker = { label: 'Casey Worker (caseworker)' };
    const { referral } = await services.referrals.create(forceId, input, caseworker);
    const seen = async () => (await services.referrals.find({ allForces: true }, referral.publicId))!;
    await services.referrals.extendDeadline(await seen(), '2027-01-15', 'In hospital', caseworker);
    await services.referrals.withdraw(await seen(), 'Charged with another offence', caseworker);
    await services.startWorkers(0.5);

    const mail = await eventually(() => {
      const found = smtp.mail().filter((m) => decoded(m.raw).includes('NF/2026/77'));
      return found.length >= 4 && found;
    }, 'four emails to the force');
    const link = `${PUBLIC_URL}/referrals/${referral.publicId}`;
    const extended = 'The deadline for Sam Taylor (reference NF/2026/77) was moved from Wednesday 23 December 2026 to Friday 15 January 2027. Reason given: In hospital.';
    const withdrawn = 'The referral for Sam Taylor (reference NF/2026/77) has been withdrawn. Reason given: Charged with another offence.';
    for (const to of ['pc.lee@northshire.police.test', 'hub@northshire.police.test']) {
      const theirs = mail.filter((m) => m.to.includes(to)).map((m) => ({ subject: /^Subject: (.*)$/m.exec(decoded(m.raw))?.[1], body: bodyOf(m.raw).trim() }));
      expect(theirs).toEqual(
        expect.arrayContaining([
          { subject: 'Pathways: deadline moved for referral NF/2026/77', body: `${extended}\n\nSee the referral and its timeline: ${link}` },
          { subject: 'Pathways: referral NF/2026/77 withdrawn', body: `${withdrawn}\n\nSee the referral and its timeline: ${link}` },
        ]),
      );
    }
    for (const m of mail) {
      const words = bodyOf(m.raw).replace(link, '');
      expect(words).not.toMatch(/previousDeadline|referral\.|deadline\.extended|\d{4}-\d{2}-\d{2}/);
    }
  });

  test('when a caseworker opens a referral, then the extension and withdrawal forms say the force will see the reason', async () => {
    const { agent } = await signedInStaff(context, 'caseworker');
    const { referralId } = await createReferral(context);
    const publicId = (await context.db('referrals').where({ id: referralId }).first('public_id')).public_id as string;
    const page = await agent.get(`/referrals/${publicId}`).expect(200);
    const hint = 'The police force will see this reason.';
    expect(page.text.split(hint)).toHaveLength(3);
    expect(page.text).toContain('aria-describedby="reason-hint"');
    expect(page.text).toContain('aria-describedby="withdrawReason-hint"');
  });
});
