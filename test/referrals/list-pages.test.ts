import type { NewReferral } from '../../src/referrals/model';
import { signedInStaff } from '../support/staff';
import { createTestContext, type TestContext } from '../support/test-app';

let context: TestContext;
let northId: number;
const days = { 'community-resolution': 28, 'conditional-caution': 112, 'diversionary-caution': 112, 'community-caution': 28 };

const referral = (n: number, overrides: Partial<NewReferral> = {}): NewReferral => ({
  reference: `NF/LIST/${String(n).padStart(3, '0')}`,
  disposalType: 'community-resolution',
  courses: ['alcohol-awareness'],
  firstName: 'Person',
  lastName: `Number${n}`,
  dateOfBirth: '1990-01-01',
  email: null,
  phone: null,
  preferredLanguage: null,
  supportNeeds: null,
  deadline: null,
  officerName: 'PC North',
  officerEmail: 'north@north.test',
  notes: null,
  ...overrides,
});

const references = (html: string) => [...html.matchAll(/>(NF\/LIST\/\d{3})</g)].map((match) => match[1]);

beforeAll(async () => {
  context = await createTestContext();
  northId = await context.services.forces.create({ name: 'North Police', code: 'NF', deadlineDays: days, notificationEmail: null, webhookUrl: null });
  // 53 referrals: a page of 50 and 3 older ones; every third needs support, so the filter pages too.
  for (let n = 1; n <= 53; n += 1) {
    await context.services.referrals.create(northId, referral(n, n % 3 === 0 ? { supportNeeds: 'Reads slowly' } : {}), { label: 'PC North' });
  }
});
afterAll(() => context.close());

describe('the referral list, a page at a time', () => {
  test('when there are more than 50, then the newest 50 show with a link to the older ones, and that link shows the rest', async () => {
    const { agent: officer } = await signedInStaff(context, 'police', { forceId: northId });
    const first = await officer.get('/referrals').expect(200);
    const newest = references(first.text);
    expect(newest).toHaveLength(50);
    expect(newest[0]).toBe('NF/LIST/053');
    expect(newest[49]).toBe('NF/LIST/004');
    expect(first.text).not.toContain('Newest referrals');

    const older = /href="(\/referrals\?after=\d+)">Older referrals</.exec(first.text);
    expect(older).not.toBeNull();
    const second = await officer.get(older![1]).expect(200);
    expect(references(second.text)).toEqual(['NF/LIST/003', 'NF/LIST/002', 'NF/LIST/001']);
    expect(second.text).not.toContain('Older referrals');
    expect(second.text).toContain('href="/referrals">Newest referrals<');
  });

  test('when the list is filtered, then the older link keeps the filter', async () => {
    const { agent: caseworker } = await signedInStaff(context, 'caseworker');
    const page = await caseworker.get('/referrals?support=1&q=person').expect(200);
    // 17 of the 53 need support: one page, no older link.
    expect(references(page.text)).toHaveLength(17);
    expect(page.text).not.toContain('Older referrals');

    const all = await caseworker.get('/referrals?q=person').expect(200);
    const older = /href="([^"]+)">Older referrals</.exec(all.text)![1].replace(/&amp;/g, '&');
    expect(older).toMatch(/^\/referrals\?q=person&after=\d+$/);
    expect(references((await caseworker.get(older).expect(200)).text)).toHaveLength(3);
  });

  test('when the older link is tampered with, then the list starts from the newest', async () => {
    const { agent: officer } = await signedInStaff(context, 'police', { forceId: northId });
    for (const after of ['-1', 'abc', '99999999999', '1.5']) {
      expect(references((await officer.get(`/referrals?after=${after}`).expect(200)).text)[0]).toBe('NF/LIST/053');
    }
  });
});
