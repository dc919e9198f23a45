import { contactRequestFromForm, noteFromForm, outcomeFromForm } from '../../src/casework/input';

/** Casework's forms, one schema each: what each accepts, and the message for what it refuses. */

describe('the learner’s contact form', () => {
  test.each([
    ['phone, with a message', { contactBy: 'phone', message: '  Stuck on module 2 ' }, { contactBy: 'phone', message: 'Stuck on module 2' }],
    ['email, no message', { contactBy: 'email' }, { contactBy: 'email', message: null }],
    ['either, a blank message', { contactBy: 'either', message: '   ' }, { contactBy: 'either', message: null }],
    ['a message of exactly 1,000 characters', { contactBy: 'phone', message: 'x'.repeat(1000) }, { contactBy: 'phone', message: 'x'.repeat(1000) }],
  ])('when it is %s, then it is accepted', (_case, body, value) => {
    expect(contactRequestFromForm(body)).toMatchObject({ value });
  });

  test.each([
    ['no way chosen', { message: 'Hello' }, { contactBy: 'Choose how you would like us to contact you' }],
    ['a way that is not offered', { contactBy: 'pigeon' }, { contactBy: 'Choose how you would like us to contact you' }],
    [
      'a message too long, and no way',
      { contactBy: '', message: 'x'.repeat(1001) },
      { contactBy: 'Choose how you would like us to contact you', message: 'Your message must be 1,000 characters or fewer' },
    ],
    ['nothing at all', undefined, { contactBy: 'Choose how you would like us to contact you' }],
  ])('when it has %s, then each wrong field has its message', (_case, body, errors) => {
    expect(contactRequestFromForm(body)).toMatchObject({ errors });
  });

  test('when it is refused, then what the learner typed comes back to show again (trimmed, as the form reads it)', () => {
    expect(contactRequestFromForm({ contactBy: 'pigeon', message: ' Hi ' }).values).toEqual({ contactBy: 'pigeon', message: 'Hi' });
    expect(contactRequestFromForm({ contactBy: 'phone', message: ['a', 'b'] })).toMatchObject({ value: { contactBy: 'phone', message: null } });
  });
});

describe('a case note', () => {
  test.each([
    ['text', { note: ' Prefers calls after 5pm ' }, { text: 'Prefers calls after 5pm' }],
    ['4,000 characters', { note: 'n'.repeat(4000) }, { text: 'n'.repeat(4000) }],
    ['only spaces', { note: '   ' }, { refused: 'note-empty' }],
    ['no note field', {}, { refused: 'note-empty' }],
    ['a repeated field', { note: ['a', 'b'] }, { refused: 'note-empty' }],
    ['4,001 characters', { note: 'n'.repeat(4001) }, { refused: 'note-too-long' }],
  ])('when it is %s, then the answer is as the referral page says it', (_case, body, expected) => {
    expect(noteFromForm(body)).toEqual(expected);
  });
});

describe('what happened, when a contact request is handled', () => {
  test.each([
    ['words', { outcome: ' Called them ' }, { outcome: 'Called them' }],
    ['exactly 1,000 characters', { outcome: 'y'.repeat(1000) }, { outcome: 'y'.repeat(1000) }],
    ['longer than 1,000 characters (refused, never cut)', { outcome: 'y'.repeat(1001) }, { error: 'What happened must be 1,000 characters or fewer' }],
    ['empty', { outcome: '  ' }, { error: 'Say what happened, for example “Called, reset their access”' }],
    ['missing', undefined, { error: 'Say what happened, for example “Called, reset their access”' }],
  ])('when it is %s, then the answer is right', (_case, body, expected) => {
    expect(outcomeFromForm(body)).toEqual(expected);
  });
});
