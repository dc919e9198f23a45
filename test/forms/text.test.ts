import { text } from '../../src/forms/text';

describe('one text rule', () => {
  const reason = text('The reason', { max: 10, missing: 'Enter the reason for the extension' });
  const notes = text('Notes', { max: 10, required: false });
  const message = (parsed: { success: boolean; error?: { issues: { message: string }[] } }) => parsed.error?.issues[0]!.message;

  test('when the words fit, then they are kept, without the spaces around them', () => {
    expect(reason.parse('  Ill again  ')).toBe('Ill again');
    expect(reason.parse(' ten chars ')).toBe('ten chars');
    expect(notes.parse('0123456789')).toBe('0123456789');
  });

  test('when the words are too long, then they are refused naming the field and the limit, never cut', () => {
    expect(message(reason.safeParse('x'.repeat(11)))).toBe('The reason must be 10 characters or fewer');
    expect(message(notes.safeParse('x'.repeat(11)))).toBe('Notes must be 10 characters or fewer');
    expect(message(text('The reason', { max: 1000 }).safeParse('x'.repeat(1001)))).toBe('The reason must be 1,000 characters or fewer');
  });

  test('when required words are missing, then the field says so; optional ones read as null', () => {
    for (const missing of ['', '   ', undefined, null, 42]) expect(message(reason.safeParse(missing))).toBe('Enter the reason for the extension');
    expect(message(text('The first name', { max: 100 }).safeParse(''))).toBe('Enter the first name');
    for (const empty of ['', '   ', undefined, null]) expect(notes.parse(empty)).toBeNull();
    expect(message(notes.safeParse(42))).toBe('Notes must be text');
  });
});
