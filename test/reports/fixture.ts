import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database';

/**
 * A cohort with known answers: North Police's referrals made in March 2026 (London dates),
 * two just outside it, and two of South Police's. The figures each test expects were worked
 * out by hand from the comments here, not by the code under test.
 *
 * "Today" for the reports is 15 October 2027, so every re-offending band has ended.
 */
export const TODAY = new Date('2027-10-15T10:00:00Z');
export const N8_REFERENCE = '=HYPERLINK("http://evil.test","N8")';
export const MARCH = { from: '2026-03-01', to: '2026-03-31' };

interface CourseFixture {
  id: 'alcohol-awareness' | 'thinking-skills' | 'victim-awareness';
  startedAt?: string;
  completedAt?: string;
  late?: boolean;
  attitude?: 'positive' | 'neutral' | 'negative';
}

interface ReferralFixture {
  reference: string;
  disposal: 'community-resolution' | 'conditional-caution' | 'diversionary-caution' | 'community-caution';
  referredAt: string;
  deadline: string;
  status: 'referred' | 'in_progress' | 'completed' | 'overdue' | 'withdrawn';
  completedAt?: string;
  completedLate?: boolean;
  withdrawnAt?: string;
  courses: CourseFixture[];
  checks?: { checkedOn: string; reoffended: boolean; offenceDate?: string }[];
}

export const NORTH: ReferralFixture[] = [
  // N1 CR: two courses, done 20 Mar (18 days), on time: complied. Checked 5 Sep 2026 and 10 Mar 2027, never after 2 Sep 2027.
  { reference: 'N1', disposal: 'community-resolution', referredAt: '2026-03-02T10:00:00Z', deadline: '2026-03-30', status: 'completed', completedAt: '2026-03-20T12:00:00Z', completedLate: false,
    courses: [
      { id: 'alcohol-awareness', startedAt: '2026-03-03T09:00:00Z', completedAt: '2026-03-10T09:00:00Z', attitude: 'positive' },
      { id: 'thinking-skills', startedAt: '2026-03-11T09:00:00Z', completedAt: '2026-03-20T12:00:00Z', attitude: 'neutral' },
    ],
    checks: [{ checkedOn: '2026-09-05', reoffended: false }, { checkedOn: '2027-03-10', reoffended: false }] },
  // N2 CR: done 10 Apr, after the 2 Apr deadline (36 days): late, not complied. Re-offended 20 May 2026: band 0-6.
  { reference: 'N2', disposal: 'community-resolution', referredAt: '2026-03-05T09:00:00Z', deadline: '2026-04-02', status: 'completed', completedAt: '2026-04-10T10:00:00Z', completedLate: true,
    courses: [{ id: 'alcohol-awareness', startedAt: '2026-03-06T09:00:00Z', completedAt: '2026-04-10T10:00:00Z', late: true, attitude: 'positive' }],
    checks: [{ checkedOn: '2026-06-01', reoffended: true, offenceDate: '2026-05-20' }] },
  // N3 CC: done 15 Jul (127 days), marked late against the first deadline, which was then extended to 31 Jul: complied.
  // Checked 20 Sep 2027 (after every band's end, 10 Sep 2027): no re-offence.
  { reference: 'N3', disposal: 'conditional-caution', referredAt: '2026-03-10T12:00:00Z', deadline: '2026-07-31', status: 'completed', completedAt: '2026-07-15T10:00:00Z', completedLate: true,
    courses: [{ id: 'alcohol-awareness', startedAt: '2026-03-11T09:00:00Z', completedAt: '2026-07-15T10:00:00Z', late: true, attitude: 'negative' }],
    checks: [{ checkedOn: '2027-09-20', reoffended: false }] },
  // N4 CC: one of two courses done, deadline 5 Jul passed: overdue. Re-offence found by a check on 1 Oct 2026, no offence date: band 6-12.
  { reference: 'N4', disposal: 'conditional-caution', referredAt: '2026-03-15T11:00:00Z', deadline: '2026-07-05', status: 'overdue',
    courses: [
      { id: 'alcohol-awareness', startedAt: '2026-03-16T09:00:00Z', completedAt: '2026-04-01T09:00:00Z', attitude: 'positive' },
      { id: 'victim-awareness', startedAt: '2026-04-02T09:00:00Z' },
    ],
    checks: [{ checkedOn: '2026-10-01', reoffended: true }] },
  // N5 DC: withdrawn before starting; never checked.
  { reference: 'N5', disposal: 'diversionary-caution', referredAt: '2026-03-20T15:00:00Z', deadline: '2026-07-10', status: 'withdrawn', withdrawnAt: '2026-04-01T09:00:00Z',
    courses: [{ id: 'thinking-skills' }] },
  // N6 Community Caution: made 23:30 on 31 March, London time (22:30 UTC): in March. Started, not done, deadline passed
  // (the status still says in progress: the figures go by the dates). An offence before the referral does not count;
  // the one on 20 Mar 2027 falls before 31 Mar 2027: band 6-12.
  { reference: 'N6', disposal: 'community-caution', referredAt: '2026-03-31T22:30:00Z', deadline: '2026-04-28', status: 'in_progress',
    courses: [{ id: 'thinking-skills', startedAt: '2026-04-01T09:00:00Z' }],
    checks: [{ checkedOn: '2026-04-15', reoffended: true, offenceDate: '2026-03-01' }, { checkedOn: '2027-04-05', reoffended: true, offenceDate: '2027-03-20' }] },
  // N7 CR: made 00:10 on 1 March. Finished 23:30 UTC on 29 March, which is 00:30 on the 30th in London: a day late (29 days).
  // Re-offended 1 Jun 2027 (after 1 Mar 2027, before 1 Sep 2027): band 12-18; checked 15 Sep 2027.
  { reference: 'N7', disposal: 'community-resolution', referredAt: '2026-03-01T00:10:00Z', deadline: '2026-03-29', status: 'completed', completedAt: '2026-03-29T23:30:00Z', completedLate: true,
    courses: [{ id: 'alcohol-awareness', startedAt: '2026-03-02T09:00:00Z', completedAt: '2026-03-29T23:30:00Z', late: true, attitude: 'neutral' }],
    checks: [{ checkedOn: '2027-09-15', reoffended: true, offenceDate: '2027-06-01' }] },
  // N8 CR: two courses, done 21 Apr (27 days), on time: complied. Never checked. Its reference would be a spreadsheet formula.
  { reference: N8_REFERENCE, disposal: 'community-resolution', referredAt: '2026-03-25T10:00:00Z', deadline: '2026-04-22', status: 'completed', completedAt: '2026-04-21T10:00:00Z', completedLate: false,
    courses: [
      { id: 'alcohol-awareness', startedAt: '2026-03-26T09:00:00Z', completedAt: '2026-04-20T10:00:00Z', attitude: 'positive' },
      { id: 'thinking-skills', startedAt: '2026-04-20T11:00:00Z', completedAt: '2026-04-21T10:00:00Z', attitude: 'positive' },
    ] },
  // Outside March in London: 23:30 UTC on 31 March is 00:30 on 1 April; 23:30 UTC on 28 Feb is still 28 Feb.
  { reference: 'X1', disposal: 'community-resolution', referredAt: '2026-03-31T23:30:00Z', deadline: '2026-04-28', status: 'completed', completedAt: '2026-04-02T10:00:00Z', completedLate: false,
    courses: [{ id: 'alcohol-awareness', startedAt: '2026-04-01T09:00:00Z', completedAt: '2026-04-02T10:00:00Z', attitude: 'negative' }],
    checks: [{ checkedOn: '2026-05-01', reoffended: true }] },
  { reference: 'X2', disposal: 'conditional-caution', referredAt: '2026-02-28T23:30:00Z', deadline: '2026-06-20', status: 'withdrawn', withdrawnAt: '2026-03-02T10:00:00Z',
    courses: [{ id: 'victim-awareness' }] },
];

export const SOUTH: ReferralFixture[] = [
  // S1 CR: done 20 Mar, on time: complied. Re-offended 1 Jul 2026: band 0-6.
  { reference: 'S1', disposal: 'community-resolution', referredAt: '2026-03-10T10:00:00Z', deadline: '2026-04-07', status: 'completed', completedAt: '2026-03-20T10:00:00Z', completedLate: false,
    courses: [{ id: 'alcohol-awareness', startedAt: '2026-03-11T09:00:00Z', completedAt: '2026-03-20T10:00:00Z', attitude: 'positive' }],
    checks: [{ checkedOn: '2026-08-01', reoffended: true, offenceDate: '2026-07-01' }] },
  // S2 CC: withdrawn, never started.
  { reference: 'S2', disposal: 'conditional-caution', referredAt: '2026-03-12T10:00:00Z', deadline: '2026-07-01', status: 'withdrawn', withdrawnAt: '2026-03-20T10:00:00Z',
    courses: [{ id: 'thinking-skills' }] },
];

const days = { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 };

/** Written directly, on purpose: a hand-worked cohort dated months back (referred, started, completed, late), which no service makes. */
async function insertReferral(db: Database, forceId: number, fixture: ReferralFixture): Promise<number> {
  const [learner] = await db('learners')
    .insert({ name: 'Report Person', date_of_birth: '1990-01-01', access_code_lookup: randomUUID() })
    .returning('id');
  const [referral] = await db('referrals')
    .insert({
      force_id: forceId,
      learner_id: learner.id,
      reference: fixture.reference,
      disposal_type: fixture.disposal,
      deadline: fixture.deadline,
      referred_at: fixture.referredAt,
      status: fixture.status,
      completed_at: fixture.completedAt ?? null,
      completed_late: fixture.completedLate ?? null,
      withdrawn_at: fixture.withdrawnAt ?? null,
      withdrawal_reason: fixture.withdrawnAt ? 'Charged instead' : null,
    })
    .returning('id');
  for (const course of fixture.courses) {
    const [enrolment] = await db('enrolments')
      .insert({
        referral_id: referral.id,
        course_id: course.id,
        started_at: course.startedAt ?? null,
        completed_at: course.completedAt ?? null,
        completed_late: course.completedAt ? (course.late ?? false) : null,
      })
      .returning('id');
    if (course.attitude) {
      await db('attitude_responses').insert({ enrolment_id: enrolment.id, overall: course.attitude, comment: 'My own words', statements: '{}' });
    }
  }
  for (const check of fixture.checks ?? []) {
    await db('reoffending_checks').insert({ referral_id: referral.id, checked_on: check.checkedOn, reoffended: check.reoffended, offence_date: check.offenceDate ?? null });
  }
  return referral.id;
}

/** Two forces and their referrals; returns the forces' ids. */
export async function buildCohort(db: Database): Promise<{ north: number; south: number }> {
  // Forces that existed before the cohort: a monthly report goes only to forces that existed in the month.
  // Written directly: the forces service stamps created_at with today, not a date in the past.
  const since = '2026-01-01T00:00:00Z';
  const [north] = await db('forces')
    .insert({ name: 'North Police', code: 'NP', deadline_days: JSON.stringify(days), notification_email: 'hub@north.test', created_at: since })
    .returning('id');
  const [south] = await db('forces').insert({ name: 'South Police', code: 'SP', deadline_days: JSON.stringify(days), created_at: since }).returning('id');
  for (const fixture of NORTH) await insertReferral(db, north.id, fixture);
  for (const fixture of SOUTH) await insertReferral(db, south.id, fixture);
  return { north: north.id, south: south.id };
}
