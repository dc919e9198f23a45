import { BANK_HOLIDAYS_KNOWN_UNTIL, bankHolidaysRunOutWithin, isWorkingDay, workingDaysSince } from '../../src/time/working-days';

describe('working days in England and Wales', () => {
  test.each([
    ['a Wednesday', '2026-12-02', true],
    ['a Saturday', '2026-12-05', false],
    ['Christmas Day 2026 (a Friday)', '2026-12-25', false],
    ['Monday 28 December 2026, the substitute for Boxing Day on a Saturday', '2026-12-28', false],
    ['Good Friday 2027', '2027-03-26', false],
    ['Easter Monday 2027', '2027-03-29', false],
    ['the Tuesday after Easter 2027', '2027-03-30', true],
  ])('when the day is %s, then it is a working day: %s', (_name, day, working) => {
    expect(isWorkingDay(day)).toBe(working);
  });

  test.each([
    ['asked and read the same day', '2026-12-02T09:00:00Z', '2026-12-02T17:00:00Z', 0],
    ['asked on a Friday, read on the Monday', '2026-12-04T16:00:00Z', '2026-12-07T09:00:00Z', 1],
    ['asked on Christmas Eve, read on 29 December (Christmas, a weekend and a substitute day between)', '2026-12-24T10:00:00Z', '2026-12-29T10:00:00Z', 1],
    ['asked late on a Saturday night London time (Sunday in no zone), read on Tuesday', '2026-06-13T22:30:00Z', '2026-06-16T08:00:00Z', 2],
  ])('when %s, then the wait is %i working days', (_name, since, now, days) => {
    expect(workingDaysSince(new Date(since), new Date(now))).toBe(days);
  });

  test('the shipped dates reach beyond the next year, and a warning is due when they are about to run out', () => {
    expect(BANK_HOLIDAYS_KNOWN_UNTIL >= '2027-12-31').toBe(true);
    expect(bankHolidaysRunOutWithin(180, new Date('2028-10-01T00:00:00Z'))).toBe(true);
    expect(bankHolidaysRunOutWithin(180, new Date('2026-12-02T00:00:00Z'))).toBe(false);
  });
});
