import type { LoggedDelivery } from '../../src/notifications/delivery-log';
import { deliveriesPage } from '../../src/notifications/presenters/deliveries-page';

const webhook: LoggedDelivery = {
  id: 41,
  eventType: 'referral.completed',
  channel: 'webhook',
  recipient: 'https://cases.westshire.police.test/pathways',
  content: { body: '{}' },
  status: 'failed',
  attempts: 1,
  lastError: 'HTTP 503',
  createdAt: new Date('2026-07-01T09:30:00Z'),
  forceName: 'Westshire Police',
  referral: { reference: 'WS/123/26', publicId: 'r-abc' },
};
const reset: LoggedDelivery = {
  ...webhook,
  id: 42,
  eventType: 'staff.password-reset',
  channel: 'email',
  recipient: 'sam@westshire.police.test',
  content: { to: 'sam@westshire.police.test', subject: 'Reset your Pathways password', text: 'the link', private: true },
  status: 'held',
  attempts: 2,
  lastError: null,
  createdAt: new Date('2026-01-10T08:00:00Z'),
  forceName: null,
  referral: null,
};
const started: LoggedDelivery = { ...reset, id: 43, eventType: 'referral.started', content: { to: 'hub@westshire.police.test', subject: 'Started', text: 'They have started.' } };

describe('the delivery log page, without HTTP', () => {
  test('when an admin reads it, then each delivery says what, to whom, how it went and when, and can be sent again', () => {
    const page = deliveriesPage([webhook], 'failed', true);
    expect(page.deliveries).toEqual([
      {
        id: 41,
        heading: 'referral.completed: webhook to https://cases.westshire.police.test/pathways',
        status: 'failed, 1 attempt',
        lastError: 'HTTP 503',
        created: '1 Jul 2026, 10:30',
        forceName: 'Westshire Police',
        referral: { reference: 'WS/123/26', href: '/referrals/r-abc' },
        email: null,
        redeliverHref: '/admin/deliveries/41/redeliver',
      },
    ]);
    expect(page.statuses).toEqual([
      { value: 'pending', label: 'Pending', selected: false },
      { value: 'delivered', label: 'Delivered', selected: false },
      { value: 'held', label: 'Held', selected: false },
      { value: 'failed', label: 'Failed', selected: true },
    ]);
  });

  test('when a caseworker reads it, then emails can be read except a private one’s words, and nothing can be sent again', () => {
    const [privateEmail, email] = deliveriesPage([reset, started], undefined, false).deliveries;
    expect(privateEmail).toMatchObject({ status: 'held, 2 attempts', created: '10 Jan 2026, 08:00', email: { subject: 'Reset your Pathways password' } });
    expect(privateEmail!.email).not.toHaveProperty('text');
    expect(email!.email).toEqual({ subject: 'Started', text: 'They have started.' });
    expect(email).not.toHaveProperty('redeliverHref');
  });
});
