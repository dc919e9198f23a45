/**
 * npm run faults: the production build on a throwaway PostgreSQL cluster of its own, loaded with
 * autocannon while learners complete courses over HTTP; SIGKILL mid-load (twice), PostgreSQL
 * stopped and started, then SIGTERM during a burst. Prints a table; exits non-zero if a check fails.
 * Not part of CI or npm test. Needs pg_createcluster (Debian's postgresql-common) and root.
 *
 *   FAULTS_SKIP_BUILD=1       use the build already in dist/
 *   FAULTS_LEARNERS=20        learners completing courses
 *   FAULTS_CONNECTIONS=4      autocannon connections
 *   FAULTS_PG_PORT=5433       the throwaway cluster's port (never 5432)
 *   FAULTS_KEEP_CLUSTER=1     leave the cluster running afterwards, to look into a failure
 *                             (then: pg_dropcluster 15 faults --stop)
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '../../src/db/database';
import { awaitNotifications, duplicates, lostAnswers, retriedDeliveries } from './checks';
import { traffic } from './client';
import { createCluster, DATABASE_URL, dropCluster } from './cluster';
import { sigtermDrain } from './drain';
import { type FaultRun, runFaults } from './faults';
import { acknowledged } from './learner';
// The same force end as the tests: signatures checked as a force would.
import { mailReceiver, webhookReceiver } from '../../test/support/receivers';
import { serverErrors } from './load';
import { check, info, type Row, statuses, table } from './report';
import { FORCE_WEBHOOK_SECRET, SECRETS, seedLearners } from './seed';
import { alive, freePort, ROOT, type RunningServer, startServer, stopServer } from './server';

const LEARNERS = Number(process.env.FAULTS_LEARNERS ?? 20);
const CONNECTIONS = Number(process.env.FAULTS_CONNECTIONS ?? 4);
const LOAD_LEARNERS = 4;
const DRAIN_BURST = 40;
/** A delivery claimed by the killed process waits out pg-boss's lease (expireInSeconds 120) before its retry. */
const NOTIFY_TIMEOUT_MS = 240_000;
const KEEP_CLUSTER = Boolean(process.env.FAULTS_KEEP_CLUSTER);
/** The server process of this run, whichever start it is. */
let live: RunningServer | undefined;
const LOG_FILE = path.join(os.tmpdir(), 'pathways-faults', 'server.log');

const began = Date.now();
const say = (what: string) => console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${what}`);
const sum = (counts: Map<number, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

function merged(...all: Map<number, number>[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const counts of all) for (const [status, n] of counts) out.set(status, (out.get(status) ?? 0) + n);
  return out;
}

function rows(run: FaultRun, results: Awaited<ReturnType<typeof verify>>, drain: Awaited<ReturnType<typeof sigtermDrain>>): Row[] {
  const { load, outage, crashes } = run;
  const outage5xx = serverErrors(merged(load.tally.byPhase.outage, traffic.byPhase.outage));
  const other5xx = serverErrors(merged(load.tally.byPhase.normal, traffic.byPhase.normal));
  const wrongOutage = [...outage5xx.keys()].filter((s) => s !== 503);
  const { lost, notified, dups } = results;
  return [
    info('faults injected', `${crashes.length} × SIGKILL mid-load, ${outage ? 1 : 0} × PostgreSQL stop/start, 1 × SIGTERM under a burst`),
    check('SIGKILL: process died by the signal', crashes.map((c) => c.exit.signal).join(', '), 'SIGKILL', crashes.every((c) => c.exit.signal === 'SIGKILL')),
    info('restart after SIGKILL, ready in', crashes.map((c) => `${(c.restartMs / 1000).toFixed(1)} s`).join(', ')),
    info('requests sent: autocannon', `${load.tally.answered + load.tally.errors} (${load.tally.answered} answered; ${load.tally.errors} refused or cut off around the kills)`),
    info('requests sent: learners and probes', `${traffic.sent} (${traffic.networkErrors} refused or cut off by the kills)`),
    check('5xx seen during DB outage', statuses(outage5xx), 'only 503', wrongOutage.length === 0 && sum(outage5xx) > 0),
    check('5xx seen at any other time', statuses(other5xx), 0, sum(other5xx) === 0),
    check('DB outage: /readyz and a page while away', statuses(outage?.probes ?? new Map()), 'only 503', outage !== undefined && outage.unexpected.length === 0),
    check('DB outage: server stayed up, same process', outage?.samePid ? 'yes' : 'no', 'yes', outage?.samePid === true),
    check('DB outage: recovered without a restart in', outage?.recoveryMs === undefined ? 'never' : `${(outage.recoveryMs / 1000).toFixed(1)} s`, '< 30 s', outage?.recoveryMs !== undefined),
    info('answers acknowledged (303)', `${acknowledged.steps.size} steps of ${run.totalSteps}, ${acknowledged.completions.size} attitude tests`),
    check('answers lost', lost.length, 0, lost.length === 0),
    info('notifications expected for completions', `${notified.expected} (webhook + officer + inbox per completion); ${notified.missing.length ? 'gave up' : 'all in'} after ${(notified.waitedMs / 1000).toFixed(1)} s`),
    check('completions not notified', notified.missing.length, 0, notified.missing.length === 0),
    info('received', `${dups.webhookEvents} webhook events, ${dups.emails} emails; ${dups.resent} arrivals repeated an event already received (same event id)`),
    info('delivery jobs retried', `${results.retried} (a claim held by a killed process waits out pg-boss's 120 s lease)`),
    check('duplicate notifications (different event ids)', dups.differentIds.length, 0, dups.differentIds.length === 0),
    info('SIGTERM: burst of sign-ins', `${drain.sent} sent, ${drain.accepted} accepted by the process (${drain.inFlightAtSignal} in flight at the signal)`),
    check('SIGTERM: accepted requests answered in full', `${drain.completed}/${drain.accepted}`, `${drain.accepted}/${drain.accepted}`, drain.failures.length === 0 && drain.inFlightAtSignal > 0),
    check('SIGTERM: new connections refused', drain.refusedAfterMs === undefined ? 'no' : `after ${drain.refusedAfterMs.toFixed(0)} ms`, 'yes', drain.refusedAfterMs !== undefined),
    check('SIGTERM: exit code', drain.exit ? `${drain.exit.code ?? drain.exit.signal} after ${((drain.exitMs ?? 0) / 1000).toFixed(1)} s` : 'did not exit', 0, drain.exit?.code === 0),
  ];
}

async function verify(db: Database, received: Parameters<typeof awaitNotifications>[1]) {
  const lost = await lostAnswers(db, acknowledged);
  say('waiting for every completion to reach the force');
  const notified = await awaitNotifications(db, received, NOTIFY_TIMEOUT_MS);
  const dups = await duplicates(db, received);
  return { lost, notified, dups, retried: await retriedDeliveries(db) };
}

async function main(): Promise<number> {
  if (!process.env.FAULTS_SKIP_BUILD) {
    say('building (npm run build)');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const webhook = await webhookReceiver(FORCE_WEBHOOK_SECRET);
  const mail = await mailReceiver();
  let db: Database | undefined;
  try {
    say('making the throwaway PostgreSQL cluster "15 faults"');
    await createCluster();
    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      ...SECRETS,
      DATABASE_URL,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TRUST_PROXY: 'true',
      SMTP_URL: mail.url,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      // The force's webhook is this script's receiver on 127.0.0.1, which a real deployment refuses.
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    };
    const start = async () => (live = await startServer(env, port, LOG_FILE));
    const first = await start();
    say(`server ready on ${port} (log: ${LOG_FILE}); seeding ${LEARNERS + LOAD_LEARNERS} learners`);
    const people = await seedLearners(DATABASE_URL, webhook.url, LEARNERS + LOAD_LEARNERS);
    const run = await runFaults({ server: first, restart: start, walkers: people.slice(0, LEARNERS), loaders: people.slice(LEARNERS), connections: CONNECTIONS, say });

    db = createDatabase({ databaseUrl: DATABASE_URL });
    const results = await verify(db, { events: webhook.arrivals, mail: mail.mail });
    say(`SIGTERM during a burst of ${DRAIN_BURST} sign-ins`);
    const drain = await sigtermDrain(run.server, people.slice(0, LEARNERS), DRAIN_BURST);

    const all = rows(run, results, drain);
    console.log(`\n${table(all)}\n`);
    for (const problem of [...results.lost, ...results.notified.missing, ...results.dups.differentIds, ...drain.failures, ...(run.outage?.unexpected ?? [])].slice(0, 20)) {
      console.log(`  - ${problem}`);
    }
    const failed = all.filter((row) => !row.ok);
    console.log(failed.length ? `${failed.length} check(s) FAILED` : 'Every check passed.');
    return failed.length ? 1 : 0;
  } finally {
    await db?.destroy();
    await stopServer(live);
    await webhook.close();
    await mail.close();
    if (KEEP_CLUSTER) say(`cluster kept: ${DATABASE_URL} (pg_dropcluster 15 faults --stop)`);
    else {
      dropCluster();
      say('throwaway cluster dropped');
    }
  }
}

/** However the run ends (an exception, Ctrl-C): no server of ours left running, no cluster left behind. */
function cleanUp(): void {
  if (live && alive(live)) live.child.kill('SIGKILL');
  if (KEEP_CLUSTER) return;
  try {
    dropCluster();
  } catch {
    // Never made, or already gone.
  }
}
process.on('exit', cleanUp);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
