import { DateTime } from 'luxon';
import { ZONE } from '../time/london';
import { BANDS, type CohortFigures, type EvaluationReport } from './evaluation';
import type { CourseFigures } from './figures';
import type { PeriodFigures, PeriodReport } from './period';

/** A rate in a table: a percentage on the page, a number of percent in a CSV. */
export interface Rate {
  rate: number | null;
}
export type Cell = string | number | null | Rate;

/** One table of a report, as the page shows it and as its CSV download holds it. */
export interface ReportTable {
  id: string;
  caption: string;
  /** Column groups above the headings (the re-offending bands), each spanning `span` columns. */
  groups?: { heading: string; span: number }[];
  columns: string[];
  rows: Cell[][];
  /** The last row is a total, shown in bold. */
  hasTotal?: boolean;
}

const r = (rate: number | null): Rate => ({ rate });

function periodRow(label: string, figures: PeriodFigures): Cell[] {
  return [label, figures.received, figures.started, figures.completed, figures.completedLate, r(figures.completionRate), figures.withdrawn, figures.overdue];
}

const courseRow = (course: CourseFigures): Cell[] => [
  course.title,
  course.enrolments,
  course.completions,
  r(course.completionRate),
  course.attitudeResponses,
  course.attitude.positive,
  course.attitude.neutral,
  course.attitude.negative,
];

export const bucketLabel = (start: string, unit: 'week' | 'month') =>
  unit === 'week' ? `Week of ${DateTime.fromISO(start, { zone: ZONE }).toFormat('d LLL yyyy')}` : DateTime.fromISO(start, { zone: ZONE }).toFormat('LLLL yyyy');

export function periodTables(report: PeriodReport): ReportTable[] {
  const s = report.summary;
  return [
    {
      id: 'summary',
      caption: 'Summary',
      columns: ['Figure', 'Value'],
      rows: [
        ['Referrals received', s.received],
        ['Started at least one course', s.started],
        ['Completed everything', s.completed],
        ['Of which completed after the deadline', s.completedLate],
        ['Completion rate', r(s.completionRate)],
        ['Withdrawn', s.withdrawn],
        ['Overdue (deadline passed, not completed, not withdrawn)', s.overdue],
        ['Median days from referral to completion', s.medianDaysToCompletion],
        ['Attitude test response rate (answers out of courses assigned)', r(s.attitudeResponseRate)],
      ],
    },
    {
      id: 'by-disposal',
      caption: 'Referrals by disposal type',
      columns: ['Disposal type', 'Received', 'Started', 'Completed', 'Completed late', 'Completion rate', 'Withdrawn', 'Overdue'],
      rows: [...report.byDisposal.map((row) => periodRow(row.label, row)), periodRow('All disposal types', s)],
      hasTotal: true,
    },
    {
      id: 'by-course',
      caption: 'Courses',
      columns: ['Course', 'Enrolments', 'Completions', 'Completion rate', 'Attitude tests answered', 'Positive', 'Neutral', 'Negative'],
      rows: [...report.byCourse.map(courseRow), courseRow(report.allCourses)],
      hasTotal: true,
    },
    {
      id: 'completions',
      caption: `Referrals completed, by the ${report.completionsOverTime.unit} everything was finished`,
      columns: [report.completionsOverTime.unit === 'week' ? 'Week' : 'Month', 'Referrals completed'],
      rows: report.completionsOverTime.buckets.map((bucket) => [bucketLabel(bucket.start, report.completionsOverTime.unit), bucket.completed]),
    },
  ];
}

const bandCells = (figures: CohortFigures): Cell[] =>
  figures.bands.flatMap((band) => [band.reoffended, r(band.reoffendedRate), band.notReoffended, band.notChecked]);

const reoffendingTable = (id: string, caption: string, firstColumn: string, rows: [string, CohortFigures][]): ReportTable => ({
  id,
  caption,
  groups: [{ heading: '', span: 2 }, ...BANDS.map((band) => ({ heading: `Re-offending ${band.label} after referral`, span: 4 }))],
  columns: [firstColumn, 'Issued', ...BANDS.flatMap(() => ['Re-offended', 'Rate', 'Checked, no re-offence', 'Not checked yet'])],
  rows: rows.map(([label, figures]) => [label, figures.issued, ...bandCells(figures)]),
  hasTotal: true,
});

export function evaluationTables(report: EvaluationReport): ReportTable[] {
  const complianceRow = (label: string, f: CohortFigures): Cell[] => [label, f.issued, f.complied, r(f.complianceRate), f.completedLate, f.withdrawn];
  const courses = report.attitudeByCourse;
  return [
    {
      id: 'compliance',
      caption: 'Compliance by disposal type',
      columns: ['Disposal type', 'Issued', 'Complied', 'Compliance rate', 'Completed late', 'Withdrawn'],
      rows: [...report.byDisposal.map((row) => complianceRow(row.label, row)), complianceRow('All disposal types', report.total)],
      hasTotal: true,
    },
    reoffendingTable('reoffending', 'Re-offending by disposal type, everyone issued', 'Disposal type', [
      ...report.byDisposal.map((row): [string, CohortFigures] => [row.label, row]),
      ['All disposal types', report.total],
    ]),
    reoffendingTable('reoffending-by-compliance', 'Re-offending by compliance', 'People who', [
      ['Complied', report.byCompliance.complied],
      ['Did not comply', report.byCompliance.notComplied],
      ['Everyone issued', report.total],
    ]),
    {
      id: 'attitude',
      caption: 'Attitude test answers by course',
      columns: ['Answer', ...courses.map((course) => course.title)],
      rows: (['positive', 'neutral', 'negative'] as const)
        .map((answer): Cell[] => [answer[0]!.toUpperCase() + answer.slice(1), ...courses.map((course) => course.attitude[answer])])
        .concat([['All answers', ...courses.map((course) => course.attitudeResponses)]]),
      hasTotal: true,
    },
  ];
}
