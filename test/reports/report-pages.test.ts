import request from 'supertest';
import { signedInStaff } from '../support/staff';
import { createTestContext, type TestContext } from '../support/test-app';
import { buildCohort, TODAY } from './fixture';

let context: TestContext;
let forces: { north: number; south: number };
type Agent = Awaited<ReturnType<typeof signedInStaff>>['agent'];
let northOfficer: Agent;
let southOfficer: Agent;
let admin: Agent;

beforeAll(async () => {
  context = await createTestContext({}, { clock: { now: () => TODAY } });
  forces = await buildCohort(context.db);
  northOfficer = (await signedInStaff(context, 'police', { forceId: forces.north })).agent;
  southOfficer = (await signedInStaff(context, 'police', { forceId: forces.south })).agent;
  admin = (await signedInStaff(context, 'admin')).agent;
});
afterAll(() => context.close());

/** The cells of the table row headed `heading`, as the page shows them. */
function row(html: string, heading: string): string[] {
  const match = new RegExp(`<th class="govuk-table__header" scope="row">${heading}</th>([\\s\\S]*?)</tr>`).exec(html);
  if (!match) throw new Error(`No row headed ${heading}`);
  return [...match[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1]!);
}

describe('who may see reports', () => {
  test('when nobody is signed in, then the report pages and downloads send them to sign in', async () => {
    for (const path of ['/reports', '/reports/period?month=2026-03', '/reports/evaluation.csv?from=2026-03-01&to=2026-03-31&table=compliance']) {
      const response = await request(context.app).get(path).expect(302);
      expect(response.headers.location).toBe('/sign-in');
    }
  });

  test('when a course author asks, then it is 403', async () => {
    const { agent } = await signedInStaff(context, 'author');
    const page = await agent.get('/reports/period?month=2026-03').expect(403);
    expect(page.text).toContain('Your role does not give you access to reports.');
    await agent.get('/reports/referrals.csv?from=2026-03-01&to=2026-03-31').expect(403);
  });

  test('when an officer opens the period report, then they see their own force’s figures, whatever force the address names', async () => {
    const page = await northOfficer.get('/reports/period?month=2026-03').expect(200);
    expect(page.text).toContain('Period report, North Police');
    expect(row(page.text, 'Referrals received')).toEqual(['8']);
    expect(page.text).not.toContain('name="force"');

    const asSouth = await northOfficer.get(`/reports/period?month=2026-03&force=${forces.south}`).expect(200);
    expect(row(asSouth.text, 'Referrals received')).toEqual(['8']);
    expect(asSouth.text).not.toContain('South Police');
    const asAll = await northOfficer.get('/reports/evaluation?from=2026-03-01&to=2026-03-31&force=all').expect(200);
    expect(row(asAll.text, 'All disposal types')[0]).toBe('8');

    const south = await southOfficer.get(`/reports/period?month=2026-03&force=${forces.north}`).expect(200);
    expect(row(south.text, 'Referrals received')).toEqual(['2']);
    expect(south.text).not.toContain('North Police');
  });

  test('when an officer downloads a CSV naming another force, then it holds their own force’s figures', async () => {
    const csv = await southOfficer.get(`/reports/period.csv?from=2026-03-01&to=2026-03-31&force=${forces.north}&table=summary`).expect(200);
    expect(csv.headers['content-disposition']).toContain('pathways-period-SP-2026-03-01-to-2026-03-31-summary.csv');
    expect(csv.text).toContain('Referrals received,2\r\n');
    const rows = await southOfficer.get(`/reports/referrals.csv?from=2026-03-01&to=2026-03-31&force=${forces.north}`).expect(200);
    expect(rows.text.trim().split('\r\n')).toHaveLength(3);
    expect(rows.text).not.toContain('NP,');
  });

  test('when provider staff choose a force or every force, then they get it; an unknown force is a 400 naming the field', async () => {
    const south = await admin.get(`/reports/period?quarter=2026-Q1&force=${forces.south}`).expect(200);
    expect(row(south.text, 'Referrals received')).toEqual(['2']);
    const all = await admin.get('/reports/period?period=custom&from=2026-03-01&to=2026-03-31&force=all').expect(200);
    expect(row(all.text, 'Referrals received')).toEqual(['10']);
    expect(all.text).toContain('Period report, All forces');
    const { agent: caseworker } = await signedInStaff(context, 'caseworker');
    const north = await caseworker.get(`/reports/evaluation?from=2026-03-01&to=2026-03-31&force=${forces.north}`).expect(200);
    expect(row(north.text, 'All disposal types').slice(0, 3)).toEqual(['8', '3', '37.5%']);
    const unknown = await admin.get('/reports/period?month=2026-03&force=999999').expect(400);
    expect(unknown.text).toContain('Choose a force from the list, or all forces');
  });
});

describe('reading a report', () => {
  test('when the dates are missing or wrong, then the form comes back with a 400 naming the field', async () => {
    const missing = await northOfficer.get('/reports/evaluation?from=2026-03-01').expect(400);
    expect(missing.text).toContain('href="#to"');
    expect(missing.text).toContain('Enter the last date (to), as YYYY-MM-DD');
    const backwards = await northOfficer.get('/reports/period?period=custom&from=2026-03-31&to=2026-03-01').expect(400);
    expect(backwards.text).toContain('to must be the same as or after from');
    const month = await northOfficer.get('/reports/period?period=month&month=2026-13').expect(400);
    expect(month.text).toContain('month must be a month as YYYY-MM');
    const noMonth = await northOfficer.get('/reports/period?period=month&month=&quarter=2026-Q1').expect(400);
    expect(noMonth.text).toContain('href="#month"');
    const impossible = await northOfficer.get('/reports/evaluation?from=2026-02-30&to=2026-03-31').expect(400);
    expect(impossible.text).toContain('from must be a real date');
    const csv = await northOfficer.get('/reports/period.csv?from=nonsense&to=2026-03-31&table=summary').expect(400);
    expect(csv.text).toContain('from must be a real date');
  });

  test('when the whole period form is sent, then the chosen radio decides which fields count', async () => {
    const form = { month: '2026-03', quarter: '2026-Q1', from: '2026-03-01', to: '2026-03-04' };
    const custom = await northOfficer.get('/reports/period').query({ period: 'custom', ...form }).expect(200);
    expect(custom.text).toContain('Referrals made from 1 March 2026 to 4 March 2026');
    // N7 (1 March) and N1 (2 March); N2 came on the 5th.
    expect(row(custom.text, 'Referrals received')).toEqual(['2']);
    const quarter = await northOfficer.get('/reports/period').query({ period: 'quarter', ...form }).expect(200);
    expect(quarter.text).toContain('Referrals made from 1 January 2026 to 31 March 2026');
    const month = await northOfficer.get('/reports/period').query({ period: 'month', ...form, from: '' }).expect(200);
    expect(row(month.text, 'Referrals received')).toEqual(['8']);
  });

  test('when the forms are opened, then they need no report yet and offer months and quarters', async () => {
    const index = await admin.get('/reports').expect(200);
    expect(index.text).toContain('action="/reports/period"');
    expect(index.text).toContain('action="/reports/evaluation"');
    expect(index.text).toContain('<option value="2026-03">March 2026</option>');
    expect(index.text).toContain('<option value="2026-Q1">Jan to Mar 2026</option>');
    expect(index.text).toContain('North Police');
    await northOfficer.get('/reports/period').expect(200);
    await northOfficer.get('/reports/evaluation').expect(200);
  });

  test('when the evaluation report is shown, then it has the published tables, its definitions and charts readable without script', async () => {
    const page = await northOfficer.get('/reports/evaluation?from=2026-03-01&to=2026-03-31').expect(200);
    expect(row(page.text, 'Community Resolution')).toEqual(['4', '2', '50%', '2', '0']);
    // Disposal, issued, then for each band: re-offended, rate, checked with none, not checked yet.
    expect(row(page.text, 'Did not comply')).toEqual(['5', '1', '20%', '3', '1', '2', '40%', '1', '1', '1', '20%', '0', '1']);
    expect(row(page.text, 'Positive')).toEqual(['4', '1', '0']);
    expect(page.text).toContain('a deadline that was extended counts as extended');
    expect(page.text).toContain('both dates are included');
    expect(page.text).toContain('<svg class="chart__svg" role="img" aria-labelledby="chart-compliance-rate-title chart-compliance-rate-desc"');
    expect(page.text).toContain('<desc id="chart-attitude-desc">Alcohol awareness: 4 positive, 1 neutral, 1 negative;');
    expect(page.text).not.toMatch(/<script(?![^>]*src=)/);
  });

  test('when the period report is shown, then its charts and tables carry the figures and every table can be downloaded', async () => {
    const page = await northOfficer.get('/reports/period?month=2026-03').expect(200);
    expect(row(page.text, 'Conditional Caution')).toEqual(['2', '2', '1', '0', '50%', '0', '1']);
    expect(row(page.text, 'Median days from referral to completion')).toEqual(['29']);
    expect(page.text).toContain('<desc id="chart-completion-rate-desc">Community Resolution: 100% (4 of 4); Conditional Caution: 50% (1 of 2)');
    expect(page.text).toContain('<desc id="chart-completions-desc">5 referrals completed over 21 weeks; the most in one week was 1');
    for (const table of ['summary', 'by-disposal', 'by-course', 'completions']) {
      expect(page.text).toContain(`/reports/period.csv?from=2026-03-01&amp;to=2026-03-31&amp;table=${table}`);
    }
  });
});

describe('CSV downloads', () => {
  test('when a table is downloaded, then rates are numbers of percent and the download is in the audit trail', async () => {
    const csv = await admin.get(`/reports/period.csv?from=2026-03-01&to=2026-03-31&force=${forces.north}&table=by-disposal`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Disposal type,Received,Started,Completed,Completed late,Completion rate (%),Withdrawn,Overdue');
    expect(lines[1]).toBe('Community Resolution,4,4,4,2,100,0,0');
    expect(lines[5]).toBe('All disposal types,8,7,5,2,62.5,1,2');
    const audit = await context.db('audit_events').where({ action: 'report-exported' }).orderBy('id', 'desc').first();
    expect(audit.details).toEqual({ report: 'period', table: 'by-disposal', from: '2026-03-01', to: '2026-03-31', force: 'NP' });
    expect(audit.actor).toMatch(/\(admin\)$/);
  });

  test('when the re-offending table is downloaded, then each band’s columns are named with the band', async () => {
    const csv = await northOfficer.get('/reports/evaluation.csv?from=2026-03-01&to=2026-03-31&table=reoffending-by-compliance').expect(200);
    const [header, complied] = csv.text.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toContain('People who,Issued,Re-offending 0 to 6 months after referral: Re-offended,Re-offending 0 to 6 months after referral: Rate (%)');
    expect(complied).toBe('Complied,3,0,0,2,1,0,0,2,1,0,0,1,2');
    await northOfficer.get('/reports/evaluation.csv?from=2026-03-01&to=2026-03-31&table=no-such-table').expect(404);
  });

  test('when the per-referral CSV is downloaded, then a reference that looks like a formula stays text, and nobody’s words are in it', async () => {
    const before = Number((await context.db('audit_events').where({ action: 'report-exported' }).count('* as n').first())!.n);
    const csv = await northOfficer.get('/reports/referrals.csv?from=2026-03-01&to=2026-03-31').expect(200);
    const text = csv.text.replace(/^\ufeff/, '');
    expect(text).toContain(`NP,"'=HYPERLINK(""http://evil.test"",""N8"")",community-resolution,2026-03-25,`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(text.split('\r\n')[0]).toBe(
      'force,reference,disposal_type,referral_date,deadline,status,courses,courses_completed,started,completed,completed_on,days_to_completion,complied,completed_late,withdrawn_on,attitude,last_checked_on,first_reoffence_on,reoffence_band',
    );
    expect(text).toContain('NP,N7,community-resolution,2026-03-01,2026-03-29,completed,1,1,yes,yes,2026-03-30,29,no,yes,,alcohol-awareness: neutral,2027-09-15,2027-06-01,12-18');
    expect(text).not.toContain('My own words');
    expect(text).not.toContain('Report Person');
    const after = await context.db('audit_events').where({ action: 'report-exported' }).orderBy('id', 'desc').first();
    expect(after.details).toEqual({ report: 'referrals', from: '2026-03-01', to: '2026-03-31', force: 'NP', rows: 8 });
    expect(Number((await context.db('audit_events').where({ action: 'report-exported' }).count('* as n').first())!.n)).toBe(before + 1);
  });
});
