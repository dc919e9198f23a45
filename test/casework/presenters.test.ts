import type { Block } from '../../src/courses/model';
import { contactFormPage } from '../../src/casework/presenters/contact-form';
import { contactRequestsPage } from '../../src/casework/presenters/contact-requests';
import { answerShown, recordPage } from '../../src/casework/presenters/record';
import { referralCasework } from '../../src/casework/presenters/referral-casework';
import type { QueuedContactRequest } from '../../src/casework/store';
import type { CourseTaken } from '../../src/learning/record-service';

/** Presenters are pure: hand-built data in, the words the page prints out. No database, no HTTP. */

// 14:05 in London in summer (BST) is 13:05 UTC; in winter (GMT) the same.
const SUMMER_AFTERNOON = new Date('2027-07-05T13:05:00Z');
const WINTER_MORNING = new Date('2027-01-12T09:30:00Z');
const LATE_EVENING_UTC = new Date('2027-07-05T23:30:00Z');

const choice: Block = {
  kind: 'choice',
  id: 'units-pint',
  prompt: 'About how many units are in a pint of strong lager?',
  options: [
    { text: '1', correct: false },
    { text: '3', correct: true },
  ],
  feedback: 'About 2.8 units.',
};
const reflection: Block = { kind: 'reflection', id: 'last-time', prompt: 'What was happening?' };
const plan: Block = {
  kind: 'plan',
  id: 'my-plan',
  prompt: 'Your plan',
  items: [
    { id: 'when', label: 'When I feel the urge' },
    { id: 'who', label: 'Who I can call' },
  ],
};

describe('a learner’s record, in words', () => {
  test.each([
    ['a right choice', choice, 1, ['3 (right)']],
    ['a wrong choice', choice, 0, ['1 (not the right answer)']],
    ['a choice not made', choice, undefined, ['No answer']],
    ['a choice out of range', choice, 7, ['No answer']],
    ['a reflection', reflection, 'I was at a party', ['I was at a party']],
    ['a reflection left out', reflection, undefined, ['No answer']],
    ['a plan, one item left out', plan, { when: 'Go for a walk' }, ['When I feel the urge: Go for a walk', 'Who I can call: No answer']],
    ['a plan not saved', plan, undefined, ['When I feel the urge: No answer', 'Who I can call: No answer']],
  ])('when the answer is %s, then the caseworker reads it as the learner left it', (_case, block, answer, lines) => {
    expect(answerShown(block, answer)).toEqual({ prompt: block.prompt, lines });
  });

  const completed: CourseTaken = {
    courseId: 'alcohol-awareness',
    title: 'Alcohol awareness',
    version: 2,
    startedAt: WINTER_MORNING,
    completedAt: SUMMER_AFTERNOON,
    completedLate: true,
    steps: [
      { number: 1, title: 'Welcome', savedAt: WINTER_MORNING, answers: [] },
      { number: 2, title: 'Units', savedAt: LATE_EVENING_UTC, answers: [{ block: choice, answer: 1 }, { block: reflection, answer: 'Mostly at weekends' }] },
      { number: 3, title: 'Your plan', savedAt: null, answers: [] },
    ],
    attitude: {
      overall: 'positive',
      comment: null,
      answeredAt: SUMMER_AFTERNOON,
      statements: [
        { text: 'I understand how drinking affected what happened.', answer: 'agree' },
        { text: 'I can work out how many units I am drinking.', answer: null },
      ],
    },
  };
  const notStarted: CourseTaken = {
    courseId: 'anger',
    title: 'Managing anger',
    version: null,
    startedAt: null,
    completedAt: null,
    completedLate: null,
    steps: [],
    attitude: null,
  };

  test('when a learner finished one course late and has not started another, then the page says so in London time', () => {
    const page = recordPage({ publicId: 'abc-123', reference: 'TEST/1/1' }, 'Robin Lee', [completed, notStarted]);
    expect(page).toEqual({
      title: 'Record of Robin Lee',
      backHref: '/referrals/abc-123',
      learnerName: 'Robin Lee',
      contactRequests: [],
      reference: 'TEST/1/1',
      courses: [
        {
          headingId: 'course-0',
          title: 'Alcohol awareness',
          versionLabel: 'version 2',
          started: '12 Jan 2027, 09:30',
          completed: '5 Jul 2027, 14:05 (after the deadline)',
          notStarted: false,
          steps: [
            { number: 1, title: 'Welcome', status: 'done 12 Jan 2027, 09:30', answers: [] },
            {
              number: 2,
              title: 'Units',
              status: 'done 6 Jul 2027, 00:30',
              answers: [
                { prompt: choice.prompt, lines: ['3 (right)'] },
                { prompt: reflection.prompt, lines: ['Mostly at weekends'] },
              ],
            },
            { number: 3, title: 'Your plan', status: 'not done yet', answers: [] },
          ],
          attitude: {
            overall: 'Positive',
            statements: [
              { text: 'I understand how drinking affected what happened.', answer: 'agree' },
              { text: 'I can work out how many units I am drinking.', answer: 'No answer' },
            ],
            comment: 'None',
          },
        },
        {
          headingId: 'course-1',
          title: 'Managing anger',
          versionLabel: null,
          started: 'Not yet',
          completed: 'Not yet',
          notStarted: true,
          steps: [],
          attitude: null,
        },
      ],
    });
  });

  test('when the learner asked to be contacted, then the record shows each request and what happened, newest first', () => {
    const base = { referralId: 3, contactBy: 'phone' as const, pickedUpBy: null, pickedUpAt: null };
    const handled = { ...base, id: 2, message: 'Stuck on step 3', createdAt: new Date('2027-07-05T13:05:00Z'), handledAt: new Date('2027-07-06T09:00:00Z'), handledBy: 'Cass Worker (caseworker)', outcome: 'Called, explained step 3' };
    const open = { ...base, id: 3, message: null, createdAt: new Date('2027-07-07T09:00:00Z'), handledAt: null, handledBy: null, outcome: null };
    expect(recordPage({ publicId: 'p', reference: 'R' }, 'Sam', [], [open, handled]).contactRequests).toEqual([
      { askedAt: '7 Jul 2027, 10:00', contactBy: 'Phone', message: 'None', outcome: 'Waiting in the queue' },
      { askedAt: '5 Jul 2027, 14:05', contactBy: 'Phone', message: 'Stuck on step 3', outcome: 'Handled by Cass Worker (caseworker), 6 Jul 2027, 10:00: Called, explained step 3' },
    ]);
  });

  test('when the learner has no course at all, then the page has none to show', () => {
    expect(recordPage({ publicId: 'p', reference: 'R' }, 'Sam', []).courses).toEqual([]);
  });
});

describe('the contact-request queue, in words', () => {
  const waiting: QueuedContactRequest = {
    id: 7,
    referralId: 3,
    contactBy: 'either',
    message: null,
    createdAt: SUMMER_AFTERNOON,
    handledAt: null,
    handledBy: null,
    outcome: null,
    pickedUpBy: null,
    pickedUpAt: null,
    referralPublicId: 'abc-123',
    reference: 'TEST/1/1',
    learnerName: 'Robin Lee',
    phone: '07700 900 123',
    email: null,
    preferredLanguage: 'Welsh',
    supportNeeds: '',
    forceName: 'Test Constabulary',
  };

  test('when a learner is waiting, then the caseworker reads who, how to reach them and what they asked, with the blanks said in words', () => {
    expect(contactRequestsPage([waiting], { now: SUMMER_AFTERNOON, notice: 'Marked as handled.' })).toEqual({
      title: 'Contact requests',
      notice: 'Marked as handled.',
      errors: {},
      requests: [
        {
          id: 7,
          headingId: 'request-7',
          learnerName: 'Robin Lee',
          forceName: 'Test Constabulary',
          referralHref: '/referrals/abc-123',
          reference: 'TEST/1/1',
          askedAt: '5 Jul 2027, 14:05',
          waiting: 'Asked today',
          waitingTooLong: false,
          pickedUp: null,
          pickUpAction: '/casework/contact-requests/7/pick-up',
          contactBy: 'Phone or email',
          phone: '07700 900 123',
          email: 'Not given',
          language: 'Welsh',
          supportNeeds: null,
          message: 'None',
          outcomeField: 'outcome-7',
          handledAction: '/casework/contact-requests/7/handled',
        },
      ],
    });
  });

  test.each([
    ['phone', 'Phone'],
    ['email', 'Email'],
    ['either', 'Phone or email'],
  ] as const)('when they asked to be contacted by %s, then the queue says “%s”', (contactBy, words) => {
    expect(contactRequestsPage([{ ...waiting, contactBy, message: 'Call after 5pm' }], { now: SUMMER_AFTERNOON }).requests[0]).toMatchObject({ contactBy: words, message: 'Call after 5pm' });
  });

  test('when an outcome was left out, then its error is keyed by that request’s box and there is no notice', () => {
    const page = contactRequestsPage([waiting], { now: SUMMER_AFTERNOON, errors: { 'outcome-7': 'Say what happened' } });
    expect(page.errors).toEqual({ 'outcome-7': 'Say what happened' });
    expect(page.notice).toBeUndefined();
  });

  test.each([
    ['the same day', '2027-07-05T16:00:00Z', 'Asked today', false],
    ['the next morning', '2027-07-06T08:00:00Z', 'Waiting 1 working day', false],
    ['the Friday after (a Monday request)', '2027-07-09T09:00:00Z', 'Waiting 4 working days', true],
  ])('when it is read %s, then the wait is counted in working days', (_when, now, words, tooLong) => {
    expect(contactRequestsPage([waiting], { now: new Date(now) }).requests[0]).toMatchObject({ waiting: words, waitingTooLong: tooLong });
  });

  test('when a bank holiday and a weekend fall in the wait, then they are not counted', () => {
    // Asked on Friday 27 August 2027; Monday 30 August is the summer bank holiday in England and Wales.
    const askedFriday = { ...waiting, createdAt: new Date('2027-08-27T10:00:00Z') };
    expect(contactRequestsPage([askedFriday], { now: new Date('2027-08-31T10:00:00Z') }).requests[0]!.waiting).toBe('Waiting 1 working day');
  });

  test('when a caseworker has picked it up, then the queue says who and when', () => {
    const pickedUp = { ...waiting, pickedUpBy: 'Alex Smith', pickedUpAt: new Date('2027-07-05T14:30:00Z') };
    expect(contactRequestsPage([pickedUp], { now: SUMMER_AFTERNOON }).requests[0]!.pickedUp).toBe('Picked up by Alex Smith, 5 Jul 2027, 15:30');
  });
});

describe('the learner’s contact form', () => {
  test('when the learner has a phone and an email, then each way to be contacted names it, and their open request is chosen', () => {
    const page = contactFormPage({ contact: { phone: '07700 900 123', email: 'robin@example.test' }, values: { contactBy: 'either', message: 'Stuck' } });
    expect(page).toEqual({
      title: 'Ask someone to contact you',
      sent: false,
      errors: {},
      message: 'Stuck',
      options: [
        { value: 'phone', id: 'contactBy-phone', label: 'Phone (07700 900 123)', checked: false },
        { value: 'email', id: 'contactBy-email', label: 'Email (robin@example.test)', checked: false },
        { value: 'either', id: 'contactBy-either', label: 'Either is fine', checked: true },
      ],
    });
  });

  test('when the learner gave neither, or has no referral, then the ways are named alone and nothing is chosen', () => {
    for (const contact of [{ phone: null, email: '' }, undefined]) {
      const page = contactFormPage({ contact, values: { contactBy: 'pigeon', message: '' }, errors: { contactBy: 'Choose how you would like us to contact you' } });
      expect(page.options.map((option) => [option.label, option.checked])).toEqual([
        ['Phone', false],
        ['Email', false],
        ['Either is fine', false],
      ]);
      expect(page.errors).toEqual({ contactBy: 'Choose how you would like us to contact you' });
    }
  });

  test('when the request went in, then the page says so', () => {
    expect(contactFormPage({ contact: undefined, values: { contactBy: '', message: '' }, sent: true }).sent).toBe(true);
  });
});

describe('casework’s part of the referral page', () => {
  test('when there are notes and an open request, then each note has its byline in London time and the request its words', () => {
    const note = { id: 1, referralId: 3, authorId: 9, authorName: 'Cass Worker (caseworker)', text: 'Prefers calls after 5pm', createdAt: WINTER_MORNING };
    const open = { id: 7, referralId: 3, contactBy: 'either' as const, message: null, createdAt: SUMMER_AFTERNOON, handledAt: null, handledBy: null, outcome: null, pickedUpBy: null, pickedUpAt: null };
    expect(referralCasework([note], open)).toEqual({
      notes: [{ byline: 'Cass Worker (caseworker), 12 Jan 2027, 09:30', text: 'Prefers calls after 5pm' }],
      contactRequest: { contactBy: 'phone or email', message: null },
    });
    expect(referralCasework([], undefined)).toEqual({ notes: [], contactRequest: undefined });
  });
});
