import type { ApiKey, Force } from '../../src/forces/model';
import { forceFields, forceFormValues } from '../../src/forces/presenters/force-form';
import { forcePage, forcesPage } from '../../src/forces/presenters/forces-page';

const westshire: Force = {
  id: 7,
  name: 'Westshire Police',
  code: 'WSP',
  deadlineDays: { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 90, 'community-caution': 21 },
  notificationEmail: 'hub@westshire.police.test',
  webhookUrl: 'https://cases.westshire.police.test/pathways',
  hasWebhookSecret: true,
};
const eastshire: Force = { ...westshire, id: 8, name: 'Eastshire Police', code: 'ESP', notificationEmail: null, webhookUrl: null, hasWebhookSecret: false };

const key = (overrides: Partial<ApiKey>): ApiKey => ({
  id: 3,
  forceId: 7,
  name: 'Niche RMS',
  hint: 'x9Qa',
  createdAt: new Date('2026-03-03T14:05:09Z'),
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

describe('the forces pages, without HTTP', () => {
  test('when forces are listed, then each line links to its page and says whether notifications go anywhere', () => {
    expect(forcesPage([westshire, eastshire])).toEqual({
      forces: [
        { name: 'Westshire Police', href: '/admin/forces/7', code: 'WSP', notificationInbox: 'hub@westshire.police.test', webhook: 'Set' },
        { name: 'Eastshire Police', href: '/admin/forces/8', code: 'ESP', notificationInbox: 'None', webhook: 'None' },
      ],
    });
  });

  test('when a force has keys, then each shows its last four characters and London times in words; a live key can be revoked', () => {
    const page = forcePage(westshire, [
      key({ id: 4, name: 'New system', lastUsedAt: new Date('2026-07-01T09:30:00Z') }),
      key({ revokedAt: new Date('2026-07-02T23:15:00Z') }),
    ]);
    expect(page.name).toBe('Westshire Police');
    expect(page.saveHref).toBe('/admin/forces/7');
    expect(page.newKeyHref).toBe('/admin/forces/7/api-keys');
    expect(page.keys).toEqual([
      { name: 'New system', endsIn: '…x9Qa', made: '3 Mar 2026, 14:05', lastUsed: '1 Jul 2026, 10:30', revokeHref: '/admin/forces/7/api-keys/4/revoke' },
      { name: 'Niche RMS', endsIn: '…x9Qa', made: '3 Mar 2026, 14:05', lastUsed: 'Never', revoked: 'Revoked 3 Jul 2026, 00:15' },
    ]);
  });

  test('when the settings form is filled, then it shows the force’s own values, or the default deadlines for a new force', () => {
    expect(forceFormValues(westshire)).toEqual({
      name: 'Westshire Police',
      code: 'WSP',
      notificationEmail: 'hub@westshire.police.test',
      webhookUrl: 'https://cases.westshire.police.test/pathways',
      'deadline-community-resolution': '28',
      'deadline-conditional-caution': '112',
      'deadline-diversionary-caution': '90',
      'deadline-community-caution': '21',
    });
    expect(forceFormValues(undefined)).toMatchObject({ name: '', code: '', notificationEmail: '', webhookUrl: '' });
  });

  test('when a secret is set, then the secret box says leaving it empty keeps it; otherwise that a webhook needs one', () => {
    expect(forceFields(westshire).webhookSecretHint).toBe('A secret is set. Enter a new one of at least 24 characters to replace it, or leave this empty to keep it.');
    expect(forceFields(eastshire).webhookSecretHint).toMatch(/^Needed with a webhook address: at least 24 characters/);
    expect(forceFields(undefined).deadlines).toEqual([
      { name: 'deadline-community-resolution', label: 'Community Resolution' },
      { name: 'deadline-conditional-caution', label: 'Conditional Caution' },
      { name: 'deadline-diversionary-caution', label: 'Diversionary Caution' },
      { name: 'deadline-community-caution', label: 'Community Caution' },
    ]);
  });
});
