/**
 * npm run bench:reports: builds 100,000 referrals with their courses, progress, attitude answers
 * and re-offending checks on PostgreSQL (DATABASE_URL; use a scratch database), then times both
 * reports. Rows are made by set-based inserts (generate_series), a few seconds in all; a run
 * first removes the rows an earlier run made (force BENCH), so it can be repeated.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/pathways_bench npm run bench:reports
 *   REFERRALS=20000 ... for a smaller run.
 */
import path from 'node:path';
import { systemClock } from '../src/time/clock';
import { courseService } from '../src/courses/service';
import { createDatabase, type Database, migrateToLatest } from '../src/db/database';
import { createLogger } from '../src/logger';
import type { Scope } from '../src/referrals/service';
import type { ReportRange } from '../src/reports/range';
import { reportService } from '../src/reports/service';

const REFERRALS = Number(process.env.REFERRALS ?? 100_000);
const RUNS = 5;
const YEAR: ReportRange = { from: '2025-01-01', to: '2025-12-31' };
const MONTH: ReportRange = { from: '2025-06-01', to: '2025-06-30' };

let started = Date.now();
function step(what: string): void {
  console.log(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  started = Date.now();
}

async function removeEarlierRun(db: Database): Promise<void> {
  const force = await db('forces').where({ code: 'BENCH' }).first('id');
  if (!force) return;
  const referrals = () => db('referrals').where({ force_id: force.id }).select('id');
  await db('attitude_responses').whereIn('enrolment_id', db('enrolments').whereIn('referral_id', referrals()).select('id')).delete();
  for (const table of ['enrolments', 'reoffending_checks', 'referral_events', 'deliveries', 'reminders']) await db(table).whereIn('referral_id', referrals()).delete();
  await db('referrals').where({ force_id: force.id }).delete();
  await db('learners').whereLike('access_code_lookup', 'bench-%').delete();
  step('removed the rows of an earlier run');
}

/** One statement per step: the referrals of one year, then what their learners did, all set-based. */
async function build(db: Database, forceId: number, courseIds: string[]): Promise<void> {
  await db.raw(
    `with people as (
       insert into learners (name, date_of_birth, access_code_lookup)
       select 'Bench person ' || g, date '1970-01-01' + (g % 15000), 'bench-' || g || '-' || md5(random()::text)
       from generate_series(1, ?) g
       returning id
     )
     insert into referrals (force_id, learner_id, reference, disposal_type, deadline, referred_at, status)
     select ?, id, 'BENCH/' || id,
       (array['community-resolution', 'conditional-caution', 'diversionary-caution', 'community-caution'])[1 + (id % 4)],
       (at::date + case when id % 4 in (1, 2) then 112 else 28 end),
       at, 'referred'
     from (select id, timestamptz '2025-01-01 09:00+00' + random() * interval '364 days' as at from people) made`,
    [REFERRALS, forceId],
  );
  step(`${REFERRALS.toLocaleString('en-GB')} referrals`);
  // One to three different courses each.
  await db.raw(
    `insert into enrolments (referral_id, course_id)
     select r.id, (?::text[])[1 + ((r.id + k * 3) % ?)]
     from referrals r cross join generate_series(0, 2) k
     where r.force_id = ? and k <= r.id % 3`,
    [courseIds, courseIds.length, forceId],
  );
  step('enrolments');
  // 85% start; of those, most finish, some after the deadline.
  await db.raw(
    `update enrolments e set
       started_at = r.referred_at + random() * interval '5 days',
       completed_at = case when random() < 0.8 then r.referred_at + interval '6 days' + random() * interval '120 days' end
     from referrals r
     where r.id = e.referral_id and r.force_id = ? and random() < 0.85`,
    [forceId],
  );
  await db.raw(
    `update enrolments e set completed_late = ((e.completed_at at time zone 'Europe/London')::date > r.deadline)
     from referrals r where r.id = e.referral_id and r.force_id = ? and e.completed_at is not null`,
    [forceId],
  );
  step('progress');
  await db.raw(
    `insert into attitude_responses (enrolment_id, overall, statements, answered_at)
     select e.id, (array['positive', 'positive', 'neutral', 'negative'])[1 + floor(random() * 4)::int], '{}', e.completed_at
     from enrolments e join referrals r on r.id = e.referral_id
     where r.force_id = ? and e.completed_at is not null`,
    [forceId],
  );
  step('attitude answers');
  await db.raw(
    `update referrals r set
       status = case when p.done then 'completed' when p.started then 'in_progress' else 'referred' end,
       completed_at = case when p.done then p.last end,
       completed_late = case when p.done then (p.last at time zone 'Europe/London')::date > r.deadline end
     from (select referral_id, bool_and(completed_at is not null) as done, bool_or(started_at is not null) as started, max(completed_at) as last
           from enrolments group by referral_id) p
     where p.referral_id = r.id and r.force_id = ?`,
    [forceId],
  );
  await db.raw(`update referrals set status = 'withdrawn', withdrawn_at = referred_at + interval '10 days' where force_id = ? and random() < 0.03`, [forceId]);
  await db.raw(`update referrals set status = 'overdue', overdue_at = deadline where force_id = ? and status in ('referred', 'in_progress') and deadline < current_date`, [forceId]);
  step('referral statuses');
  // Checks at about 7, 13 and 19 months for most people; some re-offend.
  await db.raw(
    `insert into reoffending_checks (referral_id, checked_on, reoffended, offence_date)
     select r.id, c.checked_on, c.reoffended, case when c.reoffended then c.checked_on - 20 end
     from referrals r
     cross join generate_series(1, 3) n
     cross join lateral (select (r.referred_at::date + (n * 6 + 1) * 30) as checked_on, random() < 0.08 as reoffended) c
     where r.force_id = ? and random() < 0.7`,
    [forceId],
  );
  step('re-offending checks');
  // Clears what an earlier run's removal left behind, and gives the planner fresh statistics.
  for (const table of ['learners', 'referrals', 'enrolments', 'attitude_responses', 'reoffending_checks']) await db.raw(`vacuum analyze ${table}`);
  step('vacuum analyze');
}

async function time(what: string, run: () => Promise<unknown>): Promise<number> {
  await run(); // warm the cache and the plan
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)]!;
  console.log(`  ${what.padEnd(48)} median ${median.toFixed(0).padStart(5)} ms   (fastest ${times[0]!.toFixed(0)}, slowest ${times.at(-1)!.toFixed(0)})`);
  return median;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to a scratch PostgreSQL database: the benchmark adds 100,000 referrals to it.');
  if (process.env.NODE_ENV === 'production') throw new Error('Not in production: the benchmark writes made-up referrals.');
  const db = createDatabase({ databaseUrl: url });
  try {
    console.log(`Building ${REFERRALS.toLocaleString('en-GB')} referrals on ${new URL(url).pathname.slice(1)}:`);
    await migrateToLatest(db);
    await courseService(db, createLogger('silent')).importLibrary(path.join(__dirname, '..', 'courses'));
    const courseIds: string[] = await db('courses').orderBy('id').pluck('id');
    step('migrated, courses imported');
    await removeEarlierRun(db);
    const force = (await db('forces').where({ code: 'BENCH' }).first('id')) ?? (await db('forces').insert({ name: 'Bench Constabulary', code: 'BENCH' }).returning('id'))[0];
    await build(db, force.id, courseIds);

    const reports = reportService(db, systemClock);
    const counted = await reports.period({ forceId: force.id }, YEAR);
    console.log(`\nTiming (${RUNS} runs each after one warm-up; the year holds ${counted.summary.received.toLocaleString('en-GB')} referrals):`);
    const scopes: [string, Scope][] = [['one force', { forceId: force.id }], ['all forces', { allForces: true }]];
    for (const [who, scope] of scopes) {
      await time(`period report, a year, ${who}`, () => reports.period(scope, YEAR));
      await time(`evaluation report, a year, ${who}`, () => reports.evaluation(scope, YEAR));
    }
    await time('period report, one month, one force', () => reports.period({ forceId: force.id }, MONTH));
    await time('evaluation report, one month, one force', () => reports.evaluation({ forceId: force.id }, MONTH));
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
