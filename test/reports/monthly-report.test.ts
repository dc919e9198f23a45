import { createDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { MONTHLY_REPORT_EVENT } from '../../src/reports/monthly';
import { type Services, services as buildServices } from '../../src/services';
import { eventually, mailReceiver } from '../support/receivers';
import { createTestContext, type TestContext } from '../support/test-app';
import { buildCohort } from './fixture';

let now = new Date('2026-04-01T06:00:00Z');
const clock = { now: () => now };
let context: TestContext;
let smtp: Awaited<ReturnType<typeof mailReceiver>>;

const monthlyMail = () => smtp.mail().filter((mail) => mail.raw.includes('Subject: Pathways monthly report'));
const monthlyDeliveries = () => context.db('deliveries').where({ event_type: MONTHLY_REPORT_EVENT }).orderBy('id');

beforeAll(async () => {
  smtp = await mailReceiver();
  context = await createTestContext({ SMTP_URL: smtp.url }, { clock });
  await buildCohort(context.db);
  await context.db('forces').insert({ name: 'East Police', code: 'EP', notification_email: 'oocd@east.test', created_at: '2026-02-01T00:00:00Z' });
  // Added after March ended: it has no March to report on.
  await context.db('forces').insert({ name: 'New Police', code: 'NEW', notification_email: 'new@new.test', created_at: '2026-04-01T05:00:00Z' });
});
afterAll(async () => {
  await context.close();
  await smtp.close();
});

describe('the monthly report by email', () => {
  test('when the sweep runs on 1 April, then each force inbox gets March’s report once, with its tables as CSV', async () => {
    expect(await context.services.monthlyReports.sendDue()).toBe(2);
    expect(await context.services.monthlyReports.sendDue()).toBe(0);
    const rows = await monthlyDeliveries();
    expect(rows.map((row) => row.recipient)).toEqual(['hub@north.test', 'oocd@east.test']);
    const north = rows[0].content;
    expect(north.subject).toBe('Pathways monthly report for North Police: March 2026');
    expect(north.text).toContain('Referrals North Police made in March 2026 (Sunday 1 March 2026 to Tuesday 31 March 2026, London dates), as on Wednesday 1 April 2026.');
    expect(north.text).toContain('Referrals received: 8');
    expect(north.text).toContain('/reports/period?month=2026-03');
    expect(north.attachments.map((file: { filename: string }) => file.filename)).toEqual([
      'pathways-period-NP-2026-03-01-to-2026-03-31-summary.csv',
      'pathways-period-NP-2026-03-01-to-2026-03-31-by-disposal.csv',
      'pathways-period-NP-2026-03-01-to-2026-03-31-by-course.csv',
      'pathways-period-NP-2026-03-01-to-2026-03-31-completions.csv',
    ]);
    expect(north.attachments[0].content).toContain('Referrals received,8\r\n');

    await context.services.deliveries.deliver(rows[0].id);
    const [mail] = await eventually(() => monthlyMail().length > 0 && monthlyMail(), 'the monthly report email');
    expect(mail!.to).toEqual(['hub@north.test']);
    expect(mail!.raw).toMatch(/Content-Type: text\/csv; charset=utf-8;?\s+name=pathways-period-NP-2026-03-01-to-2026-03-31-summary\.csv/);
    expect(mail!.raw).toContain('Content-Disposition: attachment;');
  });

  test('when it runs again later in April, then nothing more is sent; on 1 May, April’s report goes', async () => {
    now = new Date('2026-04-15T12:00:00Z');
    expect(await context.services.monthlyReports.sendDue()).toBe(0);
    now = new Date('2026-05-01T00:05:00Z');
    expect(await context.services.monthlyReports.sendDue()).toBe(3);
    const subjects = (await monthlyDeliveries()).map((row) => row.content.subject);
    expect(subjects.filter((subject) => subject.endsWith('April 2026'))).toHaveLength(3);
  });
});

// Two servers on one database need a database server: the embedded engine is one connection,
// opened by one process, so on it this test has nothing to show. It runs when TEST_DATABASE_URL is set.
const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('two servers sharing one PostgreSQL database', () => {
  let second: Services;
  let secondDb: Database;

  beforeAll(async () => {
    const { connectionString } = context.db.client.config.connection as { connectionString: string };
    secondDb = createDatabase({ databaseUrl: connectionString });
    second = buildServices(secondDb, context.services.config, createLogger('silent'), { clock });
    await second.jobs.start();
  });
  afterAll(async () => {
    await second.jobs.stop();
    await secondDb.destroy();
  });

  test('when both run the schedule on 1 June and race each other, then each force inbox gets exactly one email', async () => {
    now = new Date('2026-06-01T06:00:00Z');
    // Earlier tests' deliveries go out too once workers start: count May's reports by their subject.
    const mayReports = () => monthlyMail().filter((mail) => /^Subject: Pathways monthly report for .+: May 2026$/m.test(mail.raw));
    // Each server's workers run the sweep once at start; both are also called directly, at the same time.
    await Promise.all([context.services.startWorkers(0.5), second.startWorkers(0.5)]);
    const direct = await Promise.all([
      context.services.monthlyReports.sendDue(),
      second.monthlyReports.sendDue(),
      context.services.monthlyReports.sendDue(),
      second.monthlyReports.sendDue(),
    ]);
    expect(direct.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(3);
    await eventually(() => mayReports().length >= 3, 'three May reports');
    // Time for a duplicate to arrive, were there one.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(mayReports().map((mail) => mail.to[0]).sort()).toEqual(['hub@north.test', 'new@new.test', 'oocd@east.test']);
    expect(await context.db('deliveries').where({ event_type: MONTHLY_REPORT_EVENT }).count('* as n').first()).toEqual({ n: 8 });
  });
});
