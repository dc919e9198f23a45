import { signedInStaff } from '../support/staff';
import { createTestContext, type TestContext } from '../support/test-app';

/** Issue 16: the audit trail's From and To are GOV.UK date inputs read by the one parser. */
let context: TestContext;
type Agent = Awaited<ReturnType<typeof signedInStaff>>['agent'];
let admin: Agent;

beforeAll(async () => {
  context = await createTestContext();
  admin = (await signedInStaff(context, 'admin')).agent;
  await context.db('audit_events').insert([
    { at: new Date('2026-03-10T12:00:00Z'), actor: 'Old line', action: 'force-changed', details: JSON.stringify({}) },
    { at: new Date('2026-05-10T12:00:00Z'), actor: 'New line', action: 'force-changed', details: JSON.stringify({}) },
  ]);
});
afterAll(() => context.close());

describe('the audit trail’s date filter', () => {
  test('when From and To are typed in boxes, then only the lines between them show, and the boxes show what was typed', async () => {
    const page = (await admin.get('/admin/audit?from-day=1&from-month=3&from-year=2026&to-day=31&to-month=3&to-year=2026').expect(200)).text;
    expect(page).toContain('Old line');
    expect(page).not.toContain('New line');
    expect(page).toMatch(/name="to-day"[^>]*value="31"/);
  });

  test('when boxes are left empty, then they are "any"; when a part is missing, then the GOV.UK message names its box', async () => {
    const any = (await admin.get('/admin/audit?from-day=&from-month=&from-year=&to-day=&to-month=&to-year=').expect(200)).text;
    expect(any).toContain('Old line');
    expect(any).toContain('New line');
    const noYear = await admin.get('/admin/audit?from-day=1&from-month=3&from-year=').expect(400);
    expect(noYear.text).toContain('<a href="#from-year">From must include a year</a>');
    expect(noYear.text).toMatch(/govuk-input--error" id="from-year"/);
  });

  test('when a link gives from=YYYY-MM-DD (as before), then it still filters', async () => {
    const page = (await admin.get('/admin/audit?from=2026-04-01').expect(200)).text;
    expect(page).toContain('New line');
    expect(page).not.toContain('Old line');
  });
});
