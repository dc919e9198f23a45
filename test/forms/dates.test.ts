import { dateBoxesOf, dateField, dateParts, inThePast, notAfter, notBefore, readDateBoxes, readDateParts, readTypedDate, todayOrLater, withinAYear, withinTheLast } from '../../src/forms/dates';
import { fieldErrors } from '../../src/forms/field-errors';

describe('a typed date', () => {
  test.each([
    ['2024-02-29', '2024-02-29'],
    ['29/02/2024', '2024-02-29'],
    ['1/3/2026', '2026-03-01'],
    ['01/03/2026', '2026-03-01'],
    ['  2026-03-27 ', '2026-03-27'],
    ['1900-01-01', '1900-01-01'],
    ['2999-12-31', '2999-12-31'],
  ])('when it is "%s", then it reads as %s', (typed, date) => {
    expect(readTypedDate(typed)).toEqual({ date });
  });

  test.each([
    ['2023-02-29', 'not-real'], // no 29 February in 2023
    ['29/02/2023', 'not-real'],
    ['2026-04-31', 'not-real'], // April has 30 days
    ['31/04/2026', 'not-real'],
    ['03/15/1995', 'not-real'], // US order: there is no month 15
    ['15031995', 'not-real'],
    ['1e3', 'not-real'],
    ['２０２６-０３-２７', 'not-real'], // full-width digits
    ['2026-3-27', 'not-real'],
    ['2026 - 03 - 27', 'not-real'],
    ['27 / 03 / 2026', 'not-real'],
    ['2026-03-27T00:00:00Z', 'not-real'],
    ['10000-01-01', 'not-real'],
    ['27/03/26', 'not-real'],
    ['2026-00-10', 'not-real'],
    ['0999-12-31', 'outside-years'],
    ['0000-01-01', 'outside-years'],
    ['3000-01-01', 'outside-years'],
    ['9999-12-31', 'outside-years'],
    ['', 'missing'],
    ['   ', 'missing'],
  ])('when it is "%s", then it is refused as %s', (typed, problem) => {
    expect(readTypedDate(typed)).toEqual({ problem });
  });
});

describe('the Day, Month and Year boxes', () => {
  const read = (day: string, month: string, year: string) => readDateParts({ day, month, year }, 'Date of birth', 'Enter your date of birth');

  test.each([
    ['29', '2', '2024', '2024-02-29'],
    [' 7 ', '03', ' 1995 ', '1995-03-07'],
    ['07', '3', '1995', '1995-03-07'],
  ])('when they say %s/%s/%s, then it reads as %s', (day, month, year, date) => {
    expect(read(day, month, year)).toEqual({ date });
  });

  test.each([
    ['', '', '', 'day', 'Enter your date of birth'],
    [' ', ' ', ' ', 'day', 'Enter your date of birth'],
    ['', '3', '1995', 'day', 'Date of birth must include a day'],
    ['7', '', '1995', 'month', 'Date of birth must include a month'],
    ['7', '3', '', 'year', 'Date of birth must include a year'],
    ['', '', '1995', 'day', 'Date of birth must include a day and month'],
    ['7', '', '', 'month', 'Date of birth must include a month and year'],
    ['29', '2', '2023', 'day', 'Date of birth must be a real date'],
    ['31', '4', '2026', 'day', 'Date of birth must be a real date'],
    ['0', '4', '2026', 'day', 'Date of birth must be a real date'],
    ['15', '13', '1995', 'month', 'Date of birth must be a real date'],
    ['x', '3', '1995', 'day', 'Date of birth must be a real date'],
    ['1e1', '3', '1995', 'day', 'Date of birth must be a real date'],
    ['７', '3', '1995', 'day', 'Date of birth must be a real date'],
    ['7', 'March', '1995', 'month', 'Date of birth must be a real date'],
    ['7', '3', '95', 'year', 'Year must include 4 numbers'],
    ['7', '3', '10000', 'year', 'Year must include 4 numbers'],
    ['7', '3', '1e３', 'year', 'Year must include 4 numbers'],
    ['7', '3', '0999', 'year', 'Date of birth must be a date between 1900 and 2999'],
  ])('when they say "%s"/"%s"/"%s", then the %s box says "%s"', (day, month, year, part, message) => {
    expect(read(day, month, year)).toMatchObject({ part, message });
  });
});

describe('the zod fields', () => {
  const today = '2026-06-01';

  test('when a typed date is empty, wrong or outside its limits, then the message names the field', () => {
    const deadline = dateField('The deadline', { limits: [todayOrLater(today), withinAYear(today)] });
    const message = (typed: unknown) => {
      const parsed = deadline.safeParse(typed);
      return parsed.success ? parsed.data : parsed.error.issues[0]!.message;
    };
    expect(message('01/06/2026')).toBe('2026-06-01');
    expect(message('2027-06-01')).toBe('2027-06-01');
    expect(message('')).toBe('Enter the deadline');
    expect(message(undefined)).toBe('Enter the deadline');
    expect(message(['2026-06-02'])).toBe('Enter the deadline');
    expect(message('2026-02-30')).toBe('The deadline must be a real date as YYYY-MM-DD, like 2026-10-01');
    expect(message('0000-01-01')).toBe('The deadline must be a date between 1900 and 2999');
    expect(message('2026-05-31')).toBe('The deadline must be today or later');
    expect(message('2027-06-02')).toBe('The deadline must be within a year');
  });

  test('when a date of birth is today, or longer ago than the limit, then it is refused', () => {
    const born = dateField('The date of birth', { limits: [inThePast(today), withinTheLast(today, 120)] });
    expect(born.safeParse('2026-05-31')).toMatchObject({ success: true, data: '2026-05-31' });
    expect(born.safeParse('2026-06-01').error?.issues[0]!.message).toBe('The date of birth must be in the past');
    expect(born.safeParse('1906-06-01')).toMatchObject({ success: true });
    expect(born.safeParse('1906-05-31').error?.issues[0]!.message).toBe('The date of birth must be within the last 120 years');
  });

  test('when limits are given as dates, then the message says the date in words', () => {
    const field = dateField('to', { limits: [notBefore('2026-01-01'), notAfter('2026-12-31')] });
    expect(field.safeParse('2025-12-31').error?.issues[0]!.message).toBe('to must be the same as or after 1 January 2026');
    expect(field.safeParse('2027-01-01').error?.issues[0]!.message).toBe('to must be the same as or before 31 December 2026');
    expect(dateField('from', { missing: 'Enter the first date (from)' }).safeParse('').error?.issues[0]!.message).toBe('Enter the first date (from)');
  });

  test('when the boxes are wrong, then the error is keyed by the box', () => {
    const born = dateParts('Date of birth', { missing: 'Enter your date of birth', limits: [inThePast(today)] });
    const errors = (parts: unknown) => {
      const parsed = born.safeParse(parts);
      return parsed.success ? parsed.data : fieldErrors(parsed.error);
    };
    expect(errors({ day: '31', month: '5', year: '2026' })).toBe('2026-05-31');
    expect(errors({})).toEqual({ day: 'Enter your date of birth' });
    expect(errors({ day: ['1'], month: '5', year: '2000' })).toEqual({ day: 'Date of birth must include a day' });
    expect(errors({ day: '1', month: '14', year: '2000' })).toEqual({ month: 'Date of birth must be a real date' });
    expect(errors({ day: '1', month: '6', year: '2026' })).toEqual({ year: 'Date of birth must be in the past' });
  });
});

describe('a staff form’s dates in Day, Month and Year boxes (readDateBoxes)', () => {
  const labels = { dateOfBirth: 'The date of birth', deadline: 'The deadline' };

  test('when the boxes make a date, then the field is that date as YYYY-MM-DD, for the form’s rules to read', () => {
    const read = readDateBoxes({ 'dateOfBirth-day': '15', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1995', firstName: 'Jo' }, labels);
    expect(read.form).toMatchObject({ dateOfBirth: '1995-03-15', firstName: 'Jo' });
    expect(read.errors()).toEqual({});
  });

  test('when a form has no boxes for a date (the API, a link), then its typed field is left as it is', () => {
    const read = readDateBoxes({ dateOfBirth: '15/03/1995' }, labels);
    expect(read.form.dateOfBirth).toBe('15/03/1995');
    expect(read.errors({ dateOfBirth: 'The date of birth must be in the past' })).toEqual({ dateOfBirth: 'The date of birth must be in the past' });
  });

  test('when month and day are swapped (3 / 15 / 1995), then the month box is wrong and the rules see no date', () => {
    const read = readDateBoxes({ 'dateOfBirth-day': '3', 'dateOfBirth-month': '15', 'dateOfBirth-year': '1995' }, labels);
    expect(read.form.dateOfBirth).toBe('');
    expect(read.errors({ dateOfBirth: 'Enter the date of birth' })).toEqual({ 'dateOfBirth-month': 'The date of birth must be a real date' });
  });

  test('when every box is empty, then the date is not given: the rules refuse it (at the Day box) or let it be', () => {
    const read = readDateBoxes({ 'dateOfBirth-day': '', 'dateOfBirth-month': ' ', 'dateOfBirth-year': '', 'deadline-day': '', 'deadline-month': '', 'deadline-year': '' }, labels);
    expect(read.form).toMatchObject({ dateOfBirth: '', deadline: '' });
    expect(read.errors({ dateOfBirth: 'Enter the date of birth' })).toEqual({ 'dateOfBirth-day': 'Enter the date of birth' });
    expect(read.errors()).toEqual({});
  });

  test('when a part is missing, then the GOV.UK message names it at its box; a rule about the whole date is at the Day box', () => {
    expect(readDateBoxes({ 'deadline-day': '1', 'deadline-year': '2027' }, labels).errors()).toEqual({ 'deadline-month': 'The deadline must include a month' });
    const whole = readDateBoxes({ 'deadline-day': '1', 'deadline-month': '1', 'deadline-year': '2001' }, labels);
    expect(whole.errors({ deadline: 'The deadline must be today or later', courses: 'Choose at least one course' })).toEqual({
      'deadline-day': 'The deadline must be today or later',
      courses: 'Choose at least one course',
    });
  });

  test('when a box is not text (a repeated field), then it counts as empty', () => {
    expect(readDateBoxes({ 'deadline-day': ['1', '2'], 'deadline-month': '1', 'deadline-year': '2027' }, labels).errors()).toEqual({ 'deadline-day': 'The deadline must include a day' });
  });

  test('a date as its boxes send it, for a link', () => {
    expect(dateBoxesOf('from', '2026-03-01')).toEqual({ 'from-day': '1', 'from-month': '3', 'from-year': '2026' });
  });
});
