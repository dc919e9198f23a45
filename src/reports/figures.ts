/** A share of a whole, or null when there is nothing to share (never a division by zero). */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** A rate as people read it: "73%", or "72.7%" when a whole number would mislead; a dash for none. */
export function percent(value: number | null): string {
  if (value === null) return '–';
  const tenths = Math.round(value * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}%`;
}

export interface AttitudeCounts {
  positive: number;
  neutral: number;
  negative: number;
}

/** One course's figures, or every course's when `course` is null. */
export interface CourseFigures {
  course: string | null;
  title: string;
  enrolments: number;
  completions: number;
  completionRate: number | null;
  attitudeResponses: number;
  attitude: AttitudeCounts;
}
