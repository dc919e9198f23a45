import { signedInStaff } from '../support/staff';
import { createTestContext, type TestContext } from '../support/test-app';
import { buildCohort, TODAY } from './fixture';

/** Issue 16: the custom range is typed in GOV.UK Day, Month and Year boxes, and the page reads its dates in words. */
let context: TestContext;
type Agent = Awaited<ReturnType<typeof signedInStaff>>['agent'];
let officer: Agent;

/**
 * YYYY-MM-DD a person would read: the page less CSV download links (machines' files keep ISO dates)
 * and hidden inputs' values (the text-size form's return address is the address as it was asked).
 */
const isoForPeople = (html: string) =>
  html
    .replace(/href="[^"]*\.csv\?[^"]*"/g, '')
    .replace(/<input type="hidden"[^>]*>/g, '')
    .replace(/datetime="[^"]*"/g, '')
    .match(/\d{4}-\d{2}-\d{2}/g) ?? [];
const march = 'from-day=1&from-month=3&from-year=2026&to-day=31&to-month=3&to-year=2026';

beforeAll(async () => {
  context = await createTestContext({}, { clock: { now: () => TODAY } });
  const forces = await buildCohort(context.db);
  officer = (await signedInStaff(context, 'police', { forceId: forces.north })).agent;
});
afterAll(() => context.close());

describe('the report range in Day, Month and Year boxes', () => {
  test('when the evaluation range is typed in boxes, then it is the same report as from=2026-03-01&to=2026-03-31, headed in words, with no YYYY-MM-DD for people', async () => {
    const boxed = (await officer.get(`/reports/evaluation?${march}`).expect(200)).text;
    const typed = (await officer.get('/reports/evaluation?from=2026-03-01&to=2026-03-31').expect(200)).text;
    expect(boxed).toContain('1 March 2026 to 31 March 2026');
    const figures = (html: string) => html.slice(html.indexOf('<table'), html.lastIndexOf('</table>'));
    expect(figures(boxed)).toBe(figures(typed));
    expect(isoForPeople(boxed)).toEqual([]);
    expect(isoForPeople(typed)).toEqual([]);
    // The form shows the range back in its boxes; the link to the other report carries boxes too.
    expect(boxed).toMatch(/name="to-day"[^>]*value="31"/);
    expect(boxed).toContain('/reports/period?from-day=1&amp;from-month=3&amp;from-year=2026&amp;to-day=31');
  });

  test('when the period report’s custom dates are in boxes, then it reads them; a chosen month ignores the boxes', async () => {
    const page = (await officer.get(`/reports/period?period=custom&${march}`).expect(200)).text;
    expect(page).toContain('Referrals made from 1 March 2026 to 31 March 2026');
    expect(isoForPeople(page)).toEqual([]);
    await officer.get('/reports/period?period=month&month=2026-03&from-day=&from-month=&from-year=&to-day=&to-month=&to-year=').expect(200);
  });

  test('when a box is missing or a date is not real, then the GOV.UK message names the box', async () => {
    const noMonth = await officer.get('/reports/evaluation?from-day=1&from-month=&from-year=2026&to-day=31&to-month=3&to-year=2026').expect(400);
    expect(noMonth.text).toContain('<a href="#from-month">The first date (from) must include a month</a>');
    expect(noMonth.text).toMatch(/name="from-day"[^>]*value="1"/);
    const empty = await officer.get('/reports/evaluation?from-day=&from-month=&from-year=&to-day=31&to-month=3&to-year=2026').expect(400);
    expect(empty.text).toContain('<a href="#from-day">Enter the first date (from)</a>');
    expect(empty.text).not.toContain('YYYY-MM-DD');
    const swapped = await officer.get('/reports/period?period=custom&from-day=3&from-month=15&from-year=2026&to-day=31&to-month=3&to-year=2026').expect(400);
    expect(swapped.text).toContain('<a href="#from-month">The first date (from) must be a real date</a>');
    const backwards = await officer.get('/reports/evaluation?from-day=31&from-month=3&from-year=2026&to-day=1&to-month=3&to-year=2026').expect(400);
    expect(backwards.text).toContain('<a href="#to-day">to must be the same as or after from</a>');
  });
});
