import { referralCsvLines } from '../../src/reports/referral-rows';
import { createTestContext, type TestContext } from '../support/test-app';
import { buildCohort, MARCH, N8_REFERENCE, TODAY } from './fixture';

let context: TestContext;
let forces: { north: number; south: number };
const clock = { now: () => TODAY };

beforeAll(async () => {
  context = await createTestContext({}, { clock });
  forces = await buildCohort(context.db);
});
afterAll(() => context.close());

const band = (reoffended: number, notReoffended: number, notChecked: number, issued: number) => ({
  reoffended,
  reoffendedRate: issued > 0 ? reoffended / issued : null,
  notReoffended,
  notChecked,
});

describe('the period report for North Police, March 2026 (see fixture.ts for each person)', () => {
  test('when asked for, then the summary counts each referral made in March in London, as it stands on 15 October 2027', async () => {
    const report = await context.services.reports.period({ forceId: forces.north }, MARCH);
    expect(report).toMatchObject({ from: '2026-03-01', to: '2026-03-31', asOf: '2027-10-15' });
    expect(report.summary).toEqual({
      received: 8,
      started: 7,
      completed: 5,
      completedLate: 2,
      completionRate: 5 / 8,
      withdrawn: 1,
      overdue: 2,
      medianDaysToCompletion: 29,
      attitudeResponseRate: 8 / 11,
    });
  });

  test('when asked for, then each disposal type has its own figures, including those with none', async () => {
    const { byDisposal } = await context.services.reports.period({ forceId: forces.north }, MARCH);
    expect(byDisposal).toEqual([
      { disposal: 'community_resolution', label: 'Community Resolution', received: 4, started: 4, completed: 4, completedLate: 2, completionRate: 1, withdrawn: 0, overdue: 0 },
      { disposal: 'conditional_caution', label: 'Conditional Caution', received: 2, started: 2, completed: 1, completedLate: 0, completionRate: 0.5, withdrawn: 0, overdue: 1 },
      { disposal: 'diversionary_caution', label: 'Diversionary Caution', received: 1, started: 0, completed: 0, completedLate: 0, completionRate: 0, withdrawn: 1, overdue: 0 },
      { disposal: 'community_caution', label: 'Community Caution', received: 1, started: 1, completed: 0, completedLate: 0, completionRate: 0, withdrawn: 0, overdue: 1 },
    ]);
  });

  test('when asked for, then each course has its enrolments, completions and attitude answers', async () => {
    const { byCourse } = await context.services.reports.period({ forceId: forces.north }, MARCH);
    expect(byCourse).toEqual([
      { course: 'alcohol-awareness', title: 'Alcohol awareness', enrolments: 6, completions: 6, completionRate: 1, attitudeResponses: 6, attitude: { positive: 4, neutral: 1, negative: 1 } },
      { course: 'thinking-skills', title: 'Thinking skills', enrolments: 4, completions: 2, completionRate: 0.5, attitudeResponses: 2, attitude: { positive: 1, neutral: 1, negative: 0 } },
      { course: 'victim-awareness', title: 'Victim awareness', enrolments: 1, completions: 0, completionRate: 0, attitudeResponses: 0, attitude: { positive: 0, neutral: 0, negative: 0 } },
    ]);
  });

  test('when asked for, then completions are counted by the London week of the last course, with empty weeks shown', async () => {
    const { completionsOverTime } = await context.services.reports.period({ forceId: forces.north }, MARCH);
    expect(completionsOverTime.unit).toBe('week');
    // Monday 23 February (the week of Sunday 1 March) to Monday 13 July (N3's week): 21 weeks.
    expect(completionsOverTime.buckets).toHaveLength(21);
    expect(completionsOverTime.buckets[0]).toEqual({ start: '2026-02-23', completed: 0 });
    expect(completionsOverTime.buckets.filter((bucket) => bucket.completed > 0)).toEqual([
      { start: '2026-03-16', completed: 1 },
      { start: '2026-03-30', completed: 1 },
      { start: '2026-04-06', completed: 1 },
      { start: '2026-04-20', completed: 1 },
      { start: '2026-07-13', completed: 1 },
    ]);
  });

  test('when every force is asked for, then South Police’s two referrals are added; when South is asked for, only theirs', async () => {
    const all = await context.services.reports.period({ allForces: true }, MARCH);
    expect(all.summary).toMatchObject({ received: 10, started: 8, completed: 6, completedLate: 2, withdrawn: 2, overdue: 2, attitudeResponseRate: 9 / 13 });
    // 18, 27, 29, 36, 127 and South's 10 days: the middle of six is halfway between 27 and 29.
    expect(all.summary.medianDaysToCompletion).toBe(28);
    const south = await context.services.reports.period({ forceId: forces.south }, MARCH);
    expect(south.summary).toMatchObject({ received: 2, started: 1, completed: 1, withdrawn: 1, overdue: 0, medianDaysToCompletion: 10 });
  });

  test('when a period has no referrals, then every figure is zero and no rate is made up', async () => {
    const report = await context.services.reports.period({ forceId: forces.north }, { from: '2025-01-01', to: '2025-01-31' });
    expect(report.summary).toEqual({
      received: 0, started: 0, completed: 0, completedLate: 0, completionRate: null, withdrawn: 0, overdue: 0, medianDaysToCompletion: null, attitudeResponseRate: null,
    });
    expect(report.byCourse).toEqual([]);
    expect(report.completionsOverTime.buckets.map((b) => b.start)).toEqual(['2024-12-30', '2025-01-06', '2025-01-13', '2025-01-20', '2025-01-27']);
  });

  test('when the range is longer than a quarter, then completions are counted by month', async () => {
    const report = await context.services.reports.period({ forceId: forces.north }, { from: '2026-01-01', to: '2026-12-31' });
    expect(report.completionsOverTime.unit).toBe('month');
    // March adds X2 (28 Feb, withdrawn) and X1 (1 April, done 2 April) to the year.
    expect(report.summary).toMatchObject({ received: 10, completed: 6, withdrawn: 2 });
    expect(report.completionsOverTime.buckets.map((b) => b.completed)).toEqual([0, 0, 2, 3, 0, 0, 1, 0, 0, 0, 0, 0]);
  });
});

describe('the evaluation report for North Police’s March 2026 cohort', () => {
  test('when asked for, then compliance and re-offending by band are given for each disposal type', async () => {
    const report = await context.services.reports.evaluation({ forceId: forces.north }, MARCH);
    expect(report.byDisposal).toEqual([
      { disposal: 'community_resolution', label: 'Community Resolution', issued: 4, complied: 2, complianceRate: 0.5, completedLate: 2, withdrawn: 0,
        bands: [{ band: '0-6', ...band(1, 2, 1, 4) }, { band: '6-12', ...band(0, 2, 1, 4) }, { band: '12-18', ...band(1, 0, 2, 4) }] },
      { disposal: 'conditional_caution', label: 'Conditional Caution', issued: 2, complied: 1, complianceRate: 0.5, completedLate: 0, withdrawn: 0,
        bands: [{ band: '0-6', ...band(0, 2, 0, 2) }, { band: '6-12', ...band(1, 1, 0, 2) }, { band: '12-18', ...band(0, 1, 0, 2) }] },
      { disposal: 'diversionary_caution', label: 'Diversionary Caution', issued: 1, complied: 0, complianceRate: 0, completedLate: 0, withdrawn: 1,
        bands: [{ band: '0-6', ...band(0, 0, 1, 1) }, { band: '6-12', ...band(0, 0, 1, 1) }, { band: '12-18', ...band(0, 0, 1, 1) }] },
      { disposal: 'community_caution', label: 'Community Caution', issued: 1, complied: 0, complianceRate: 0, completedLate: 0, withdrawn: 0,
        bands: [{ band: '0-6', ...band(0, 1, 0, 1) }, { band: '6-12', ...band(1, 0, 0, 1) }, { band: '12-18', ...band(0, 0, 0, 1) }] },
    ]);
  });

  test('when asked for, then the totals and the complied / not complied split add up person by person', async () => {
    const report = await context.services.reports.evaluation({ forceId: forces.north }, MARCH);
    expect(report.total).toEqual({
      issued: 8, complied: 3, complianceRate: 3 / 8, completedLate: 2, withdrawn: 1,
      bands: [{ band: '0-6', ...band(1, 5, 2, 8) }, { band: '6-12', ...band(2, 3, 2, 8) }, { band: '12-18', ...band(1, 1, 3, 8) }],
    });
    expect(report.byCompliance.complied).toEqual({
      issued: 3, complied: 3, complianceRate: 1, completedLate: 0, withdrawn: 0,
      bands: [{ band: '0-6', ...band(0, 2, 1, 3) }, { band: '6-12', ...band(0, 2, 1, 3) }, { band: '12-18', ...band(0, 1, 2, 3) }],
    });
    expect(report.byCompliance.notComplied).toEqual({
      issued: 5, complied: 0, complianceRate: 0, completedLate: 2, withdrawn: 1,
      bands: [{ band: '0-6', ...band(1, 3, 1, 5) }, { band: '6-12', ...band(2, 1, 1, 5) }, { band: '12-18', ...band(1, 0, 1, 5) }],
    });
  });

  test('when asked for, then attitude is counted per course from the cohort’s answers', async () => {
    const report = await context.services.reports.evaluation({ forceId: forces.north }, MARCH);
    expect(report.attitudeByCourse.map((course) => [course.course, course.attitude])).toEqual([
      ['alcohol-awareness', { positive: 4, neutral: 1, negative: 1 }],
      ['thinking-skills', { positive: 1, neutral: 1, negative: 0 }],
      ['victim-awareness', { positive: 0, neutral: 0, negative: 0 }],
    ]);
  });

  test('when every force is asked for, then South’s complied person and their band 0-6 re-offence are added', async () => {
    const report = await context.services.reports.evaluation({ allForces: true }, MARCH);
    expect(report.total).toMatchObject({ issued: 10, complied: 4, completedLate: 2, withdrawn: 2 });
    expect(report.total.bands[0]).toMatchObject({ reoffended: 2, notReoffended: 5, notChecked: 3 });
    expect(report.byDisposal[0]).toMatchObject({ issued: 5, complied: 3 });
  });
});

describe('the per-referral rows for analysts', () => {
  test('when asked for, then each referral in the cohort has one row of facts and nothing anyone typed', async () => {
    const rows = await context.services.reports.referralRows({ forceId: forces.north }, MARCH);
    expect(rows.map((row) => row.reference)).toEqual(['N7', 'N1', 'N2', 'N3', 'N4', 'N5', N8_REFERENCE, 'N6']);
    const n7 = rows[0]!;
    expect(n7).toEqual({
      force: 'NP', reference: 'N7', disposal_type: 'community-resolution', referral_date: '2026-03-01', deadline: '2026-03-29', status: 'completed',
      courses: 1, courses_completed: 1, started: true, completed: true, completed_on: '2026-03-30', days_to_completion: 29, complied: false, completed_late: true,
      withdrawn_on: null, attitude: 'alcohol-awareness: neutral', last_checked_on: '2027-09-15', first_reoffence_on: '2027-06-01', reoffence_band: '12-18',
    });
    expect(rows.find((row) => row.reference === 'N6')).toMatchObject({ referral_date: '2026-03-31', first_reoffence_on: '2027-03-20', reoffence_band: '6-12' });
    expect(JSON.stringify(rows)).not.toContain('My own words');
    expect(JSON.stringify(rows)).not.toContain('Charged instead');
  });

  test('when read for the CSV a batch at a time, then the batches hold the same rows in the same order', async () => {
    const rows = await context.services.reports.referralRows({ allForces: true }, MARCH);
    const batches: Record<string, unknown>[][] = [];
    const read = await referralCsvLines(context.db, { allForces: true }, MARCH, (batch) => String(batches.push(batch)), 3);
    expect(rows.length).toBeGreaterThan(6);
    expect(batches).toHaveLength(Math.ceil(rows.length / 3));
    expect(batches.slice(0, -1).every((batch) => batch.length === 3)).toBe(true);
    expect(batches.flat()).toEqual(rows);
    expect(read).toEqual({ chunks: batches.map((_, index) => String(index + 1)), rows: rows.length });
  });
});
