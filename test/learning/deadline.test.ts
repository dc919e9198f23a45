import { describeDeadline, isLate, londonDate } from '../../src/time/london';

describe('deadlines in words', () => {
  const at = new Date('2026-12-03T10:00:00Z');

  test('when the deadline is ahead, then it says the day and how many days are left', () => {
    expect(describeDeadline('2026-12-12', at)).toEqual({ text: 'due by Saturday 12 December 2026, 9 days left', overdue: false, daysLeft: 9 });
    expect(describeDeadline('2026-12-04', at).text).toBe('due by Friday 4 December 2026, 1 day left');
  });

  test('when the deadline is today, then it is not yet overdue', () => {
    expect(describeDeadline('2026-12-03', at)).toMatchObject({ text: 'due by today, Thursday 3 December 2026', overdue: false });
    expect(isLate('2026-12-03', at)).toBe(false);
  });

  test('when the deadline has passed, then it says how long ago', () => {
    expect(describeDeadline('2026-11-30', at)).toMatchObject({ text: 'due by Monday 30 November 2026, 3 days ago', overdue: true });
    expect(isLate('2026-12-02', at)).toBe(true);
  });

  test('when it is just after midnight in London in summer, then it is already the next London day', () => {
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});
