import {
  accessCodeLookup,
  CODE_ALPHABET,
  decryptAccessCode,
  encryptAccessCode,
  generateAccessCode,
  normaliseAccessCode,
} from '../../src/auth/access-code';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';

describe('access codes', () => {
  test('when codes are made, then they look like ABCD-2345 and use no confusable characters', () => {
    const codes = Array.from({ length: 200 }, generateAccessCode);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(CODE_ALPHABET).not.toMatch(/[01IO]/);
  });

  test('when a code is typed in lower case, with spaces or without the hyphen, then it is still found', () => {
    expect(normaliseAccessCode(' abcd 2345 ')).toBe('ABCD2345');
    expect(normaliseAccessCode('ABCD2345')).toBe('ABCD2345');
    expect(normaliseAccessCode('ABCD-234')).toBeUndefined();
    expect(normaliseAccessCode('ABCD-2340')).toBeUndefined();
  });

  test('when a code is stored, then it is found by a keyed hash that depends on the secret', () => {
    expect(accessCodeLookup('ABCD2345', SECRET)).toBe(accessCodeLookup('ABCD2345', SECRET));
    expect(accessCodeLookup('ABCD2345', SECRET)).not.toBe(accessCodeLookup('ABCD2345', `${SECRET}x`));
    expect(accessCodeLookup('ABCD2345', SECRET)).not.toContain('ABCD');
  });

  test('when a letter is reprinted before first sign-in, then the encrypted code can be read back, and not with another secret', () => {
    const stored = encryptAccessCode('ABCD2345', SECRET);
    expect(stored).not.toContain('ABCD');
    expect(decryptAccessCode(stored, SECRET)).toBe('ABCD2345');
    expect(() => decryptAccessCode(stored, `${SECRET}x`)).toThrow();
  });
});
