import type { EvaluationReport } from './evaluation';
import { type AttitudeCounts, type CourseFigures, percent } from './figures';
import type { PeriodReport } from './period';
import { bucketLabel } from './tables';

/**
 * What the charts draw, worked out here so the templates only place shapes. Bars are sized in
 * percent of the chart's width and rows in em, so a chart fits a 320 px screen and grows with
 * the text size; the same figures are in the table beside each chart.
 */
export interface BarChart {
  kind: 'bars';
  id: string;
  title: string;
  summary: string;
  rows: { label: string; value: string; width: number }[];
}

export interface StackedChart {
  kind: 'stacked';
  id: string;
  title: string;
  summary: string;
  rows: { label: string; value: string; counts: string; segments: { answer: keyof AttitudeCounts; x: number; width: number }[] }[];
}

export type Chart = BarChart | StackedChart;

const width = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function completionsChart(report: PeriodReport): BarChart {
  const { unit, buckets } = report.completionsOverTime;
  const most = Math.max(0, ...buckets.map((bucket) => bucket.completed));
  const busiest = buckets.find((bucket) => bucket.completed === most && most > 0);
  return {
    kind: 'bars',
    id: 'chart-completions',
    title: `Referrals completed each ${unit}`,
    summary:
      `${plural(report.summary.completed, 'referral')} completed over ${plural(buckets.length, unit)}` +
      (busiest ? `; the most in one ${unit} was ${most}, in the ${unit} ${unit === 'week' ? 'of ' : ''}${bucketLabel(busiest.start, unit).replace('Week of ', '')}.` : '.'),
    rows: buckets.map((bucket) => ({ label: bucketLabel(bucket.start, unit), value: String(bucket.completed), width: width(bucket.completed, most) })),
  };
}

export function rateChart(id: string, title: string, rows: { label: string; part: number; whole: number; rate: number | null }[]): BarChart {
  return {
    kind: 'bars',
    id,
    title,
    summary: rows.map((row) => `${row.label}: ${percent(row.rate)} (${row.part} of ${row.whole})`).join('; ') + '.',
    rows: rows.map((row) => ({ label: `${row.label} (${row.part} of ${row.whole})`, value: percent(row.rate), width: row.rate === null ? 0 : Math.round(row.rate * 1000) / 10 })),
  };
}

export const completionRateChart = (report: PeriodReport) =>
  rateChart(
    'chart-completion-rate',
    'Completion rate by disposal type',
    report.byDisposal.map((row) => ({ label: row.label, part: row.completed, whole: row.received, rate: row.completionRate })),
  );

export const complianceRateChart = (report: EvaluationReport) =>
  rateChart(
    'chart-compliance-rate',
    'Compliance rate by disposal type',
    report.byDisposal.map((row) => ({ label: row.label, part: row.complied, whole: row.issued, rate: row.complianceRate })),
  );

export function attitudeChart(courses: CourseFigures[]): StackedChart {
  const describe = (course: CourseFigures) => `${course.attitude.positive} positive, ${course.attitude.neutral} neutral, ${course.attitude.negative} negative`;
  return {
    kind: 'stacked',
    id: 'chart-attitude',
    title: 'Attitude test answers by course',
    summary: courses.length === 0 ? 'No attitude tests were answered.' : courses.map((course) => `${course.title}: ${describe(course)}`).join('; ') + '.',
    rows: courses.map((course) => {
      let x = 0;
      const segments = (['positive', 'neutral', 'negative'] as const).map((answer) => {
        const segment = { answer, x, width: width(course.attitude[answer], course.attitudeResponses) };
        x += segment.width;
        return segment;
      });
      return { label: course.title, value: plural(course.attitudeResponses, 'answer'), counts: describe(course), segments: segments.filter((s) => s.width > 0) };
    }),
  };
}
