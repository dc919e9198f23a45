import { auditPage, keptFor } from '../../src/audit/presenters/audit-page';
import type { AuditLine } from '../../src/audit/trail';

const line = (overrides: Partial<AuditLine>): AuditLine => ({
  id: 500,
  at: new Date('2026-07-01T09:30:05Z'),
  actor: 'Al Khan (admin)',
  action: 'force-changed',
  subjectType: 'force',
  subjectId: '7',
  details: { fields: ['name', 'code'], keyId: 3 },
  ip: '127.0.0.1',
  ...overrides,
});

describe('the audit trail page, without HTTP', () => {
  test('when lines are shown, then each has its London time to the second, the action in words and its details', () => {
    const page = auditPage([line({}), line({ id: 499, action: 'letter-viewed', subjectType: null, subjectId: null, details: {}, ip: null })], {}, 2557);
    expect(page.lines).toEqual([
      {
        atIso: '2026-07-01T09:30:05.000Z',
        at: '1 Jul 2026, 10:30:05',
        actor: 'Al Khan (admin)',
        did: 'force changed',
        record: 'force 7',
        details: [
          { name: 'fields', value: '["name","code"]' },
          { name: 'keyId', value: '3' },
        ],
        ip: '127.0.0.1',
      },
      { atIso: '2026-07-01T09:30:05.000Z', at: '1 Jul 2026, 10:30:05', actor: 'Al Khan (admin)', did: 'referral letter viewed (it shows the access code)', record: '', details: [], ip: '' },
    ]);
    expect(page.older).toBeUndefined();
  });

  test('when the filter names an action, then it is the one chosen in the list, and a full page links to older lines', () => {
    const full = Array.from({ length: 100 }, (_, index) => line({ id: 1000 - index }));
    const page = auditPage(full, { action: 'sign-in' }, 90);
    expect(page.actions.filter((action) => action.selected)).toEqual([{ value: 'sign-in', label: 'sign in', selected: true }]);
    expect(page.older).toBe('action=sign-in&before=901');
  });

  test('when retention is given in days, then the page says it in days and, from a year, in years', () => {
    expect(keptFor(2557)).toBe('2,557 days (about 7 years)');
    expect(keptFor(365)).toBe('365 days (about 1 year)');
    expect(keptFor(90)).toBe('90 days');
  });
});
