import type { Person } from '../../src/learning/account-service';
import type { CourseProgress } from '../../src/learning/enrolment-service';
import { allowedActions, type Referral, type ReferralStatus, refusalOf } from '../../src/referrals/model';
import { referralListRows } from '../../src/referrals/presenters/referral-list';
import { referralPage } from '../../src/referrals/presenters/referral-page';

/** The referral page's view model and the one rule of which actions a referral allows: no HTTP, no database. */

const referral = (changes: Partial<Referral> = {}): Referral => ({
  id: 7,
  publicId: '6f1c2a52-4c1e-4f38-9d0e-6f2b8f9a1c11',
  forceId: 1,
  learnerId: 3,
  reference: 'NF/2026/77',
  disposalType: 'conditional-caution',
  deadline: '2026-07-10',
  status: 'in_progress',
  referredAt: new Date('2026-06-01T09:00:00Z'),
  completedAt: null,
  completedLate: null,
  overdueAt: null,
  withdrawnAt: null,
  withdrawalReason: null,
  officerName: 'PC North',
  officerEmail: 'north@north.test',
  notes: null,
  requestFingerprint: 'abc',
  updatedAt: new Date('2026-06-01T09:00:00Z'),
  personalDataRemovedAt: null,
  ...changes,
});

const person: Person = {
  id: 3, name: 'Casey Morgan', firstName: 'Casey', lastName: 'Morgan', dateOfBirth: '1995-07-30',
  email: null, phone: '07700 900982', preferredLanguage: null, supportNeeds: 'Reads slowly',
};

const course = (changes: Partial<CourseProgress> = {}): CourseProgress => ({
  referralId: 7, id: 'alcohol-awareness', title: 'Alcohol awareness', status: 'in_progress', progress: 0.5,
  startedAt: new Date('2026-06-02T09:00:00Z'), completedAt: null, completedLate: null, attitude: null, ...changes,
});

const page = (changes: Partial<Referral> = {}, providerStaff = true) =>
  referralPage({
    referral: referral(changes),
    person,
    progress: [course(), course({ id: 'thinking-skills', title: 'Thinking skills', status: 'completed', progress: 1, completedAt: new Date('2026-06-20T23:30:00Z'), completedLate: true, attitude: 'positive' })],
    timeline: [{ id: 1, referralId: 7, type: 'deadline_extended', details: { from: '2026-07-01', to: '2026-07-10', reason: 'In hospital' }, actor: 'PC North', at: new Date('2026-06-03T10:15:00Z') }],
    checks: [{ id: 1, referralId: 7, checkedOn: '2026-12-01', reoffended: true, offenceDate: '2026-11-20', recordedBy: 'PC North' }],
    catalogue: [{ id: 'alcohol-awareness', title: 'Alcohol awareness' }, { id: 'anger', title: 'Managing anger' }, { id: 'thinking-skills', title: 'Thinking skills' }],
    now: new Date('2026-07-08T12:00:00Z'),
    providerStaff,
  });

describe('which actions a referral allows (referrals/model.ts)', () => {
  const everything = { correctDetails: true, printLetter: true, extendDeadline: true, addCourse: true, resendLetter: true, withdraw: true, resetAccess: true, addNote: true, recordReoffendingCheck: true };

  test.each<ReferralStatus>(['referred', 'in_progress', 'overdue'])('when it is %s, then every action is allowed', (status) => {
    expect(allowedActions({ status, personalDataRemovedAt: null })).toEqual(everything);
  });

  test('when it is completed, then everything but a new access code is allowed', () => {
    expect(allowedActions({ status: 'completed', personalDataRemovedAt: null })).toEqual({ ...everything, resetAccess: false });
    expect(refusalOf({ status: 'completed', personalDataRemovedAt: null }, 'resetAccess')).toBe('completed');
  });

  test('when it is withdrawn, then only the letter, notes and re-offending checks are left', () => {
    expect(allowedActions({ status: 'withdrawn', personalDataRemovedAt: null })).toEqual({
      ...everything, correctDetails: false, extendDeadline: false, addCourse: false, resendLetter: false, withdraw: false, resetAccess: false,
    });
    expect(refusalOf({ status: 'withdrawn', personalDataRemovedAt: null }, 'withdraw')).toBe('withdrawn');
  });

  test('when the personal data was removed, then only re-offending checks are left, and that is the reason given first', () => {
    const removed = { status: 'withdrawn' as const, personalDataRemovedAt: new Date('2028-09-01T10:00:00Z') };
    expect(allowedActions(removed)).toEqual({ ...Object.fromEntries(Object.keys(everything).map((action) => [action, false])), recordReoffendingCheck: true });
    expect(refusalOf(removed, 'resetAccess')).toBe('personal-data-removed');
  });
});

describe('the referral page', () => {
  test('when provider staff open an open referral, then it is in words and offers every action', () => {
    const model = page();
    expect(model.referral).toEqual({ publicId: referral().publicId, reference: 'NF/2026/77', completedLate: null, officerName: 'PC North', officerEmail: 'north@north.test', withdrawalReason: null });
    expect(model.person).toMatchObject({ name: 'Casey Morgan', dateOfBirth: '30 July 1995', supportNeeds: 'Reads slowly' });
    expect(model.statusLabel).toBe('In progress');
    expect(model.disposal).toBe('Conditional Caution');
    expect(model.deadline).toEqual({ text: 'due by Friday 10 July 2026, 2 days left', overdue: false, daysLeft: 2 });
    expect(model.courses).toEqual([
      { title: 'Alcohol awareness', progressWords: '50%', completedWords: 'Not yet', attitudeWords: 'Not yet' },
      { title: 'Thinking skills', progressWords: '100%', completedWords: '21 June 2026 (late)', attitudeWords: 'Positive' },
    ]);
    expect(model.timeline).toEqual([
      { iso: '2026-06-03T10:15:00.000Z', when: '3 Jun 2026, 11:15', words: 'Deadline extended from Wednesday 1 July 2026 to Friday 10 July 2026. Reason: In hospital', actor: 'PC North' },
    ]);
    expect(model.checks).toEqual(['1 December 2026: Re-offended (offence on 20 November 2026)']);
    expect(model.addable).toEqual([{ id: 'anger', title: 'Managing anger' }]);
    expect(Object.values(model.can).every(Boolean)).toBe(true);
    expect(model.personalDataRemovedOn).toBeUndefined();
  });

  test('when the police open it, then the provider’s own actions are not offered', () => {
    const { can } = page({}, false);
    expect(can).toMatchObject({ openRecord: false, addNote: false, resetAccess: false, extendDeadline: true, withdraw: true, recordReoffendingCheck: true });
  });

  test('when it is completed or withdrawn, then the page offers what the model allows', () => {
    expect(page({ status: 'completed', completedLate: true }).can).toMatchObject({ resetAccess: false, extendDeadline: true, addNote: true });
    expect(page({ status: 'withdrawn', withdrawalReason: 'Moved away' }).can).toMatchObject({
      correctDetails: false, extendDeadline: false, addCourse: false, resendLetter: false, withdraw: false, resetAccess: false, printLetter: true, addNote: true,
    });
  });

  test('when retention removed the personal data, then the page says when and offers only re-offending checks', () => {
    const model = page({ status: 'completed', personalDataRemovedAt: new Date('2028-09-01T10:00:00Z') });
    expect(model.personalDataRemovedOn).toBe('Friday 1 September 2028');
    expect(Object.entries(model.can).filter(([, yes]) => yes).map(([action]) => action)).toEqual(['recordReoffendingCheck', 'openRecord']);
  });
});

describe('the referral list', () => {
  test('when a referral has several courses, then its progress is their mean in whole percent, and lateness and the deadline are in words', () => {
    const rows = referralListRows(
      [
        { id: 7, publicId: 'p7', reference: 'NF/1', status: 'completed', deadline: '2026-07-10', completedLate: true, learnerName: 'Casey Morgan', forceName: 'North' },
        { id: 8, publicId: 'p8', reference: 'NF/2', status: 'referred', deadline: '2026-07-11', completedLate: null, learnerName: 'Sam Taylor', forceName: 'North' },
      ],
      [{ referralId: 7, progress: 1 }, { referralId: 7, progress: 0.33 }],
    );
    expect(rows).toEqual([
      { publicId: 'p7', reference: 'NF/1', learnerName: 'Casey Morgan', forceName: 'North', statusLabel: 'Completed', statusTag: 'govuk-tag govuk-tag--green', late: true, progress: 67, deadlineWords: 'Friday 10 July 2026' },
      { publicId: 'p8', reference: 'NF/2', learnerName: 'Sam Taylor', forceName: 'North', statusLabel: 'Not started', statusTag: 'govuk-tag govuk-tag--grey', late: false, progress: 0, deadlineWords: 'Saturday 11 July 2026' },
    ]);
  });
});
