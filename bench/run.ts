/**
 * npm run bench: the production build on its own PostgreSQL database with seeded data, a bare
 * Express baseline in the same run, the learner, police and API scenarios at 10 and 50
 * connections, page weight and Lighthouse; one table and the budgets, also in bench/results.md.
 *
 *   BENCH_DURATION=3 npm run bench        seconds per scenario (default 10)
 *   npm run bench:lighthouse              page weight and Lighthouse only, no load
 *   BENCH_DATABASE_URL=postgres://…/x_bench  another database (dropped and made again; its name must contain "bench")
 *   BENCH_CPU_PROF=1                      the server writes a CPU profile to $TMPDIR/pathways-bench/ when it stops
 *                                         (summarise it with: npx tsx bench/profile-summary.ts <file>)
 *   BENCH_SCENARIOS=step,api              only the scenarios whose names contain one of these words
 *   BENCH_SERVER=/other/dist/src/server.js  another build (e.g. before a change), with BENCH_SKIP_BUILD=1
 *   BENCH_NODE_FLAGS="--trace-gc"         the server's node flags instead of npm start's (empty: none; output in $TMPDIR/pathways-bench/server-run.log)
 *   BENCH_STRICT=1                        exit with 1 when a budget is missed (for CI)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { learnerSignIn, policeSignIn, FORWARDED } from './client';
import { lighthouse } from './lighthouse';
import { answerPostScenario, apiScenario, baselineScenario, learnerStepScenario, measure, type Measurement, policeListScenario, savedStep, type SignedInLearner } from './load';
import { pageWeights } from './pages';
import { roundTrips } from './round-trips';
import { baselineArgs, memoryKb, ROOT, type Started, startProcess, stopProcess } from './processes';
import { budgets, markdown, type RunResults, writeResults } from './report';
import { BENCH_PASSWORD, BENCH_SECRETS, type BenchData, freshDatabase, seed } from './seed';

const SECONDS = Number(process.env.BENCH_DURATION ?? 10);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pathways_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3390);
const CONNECTIONS = [10, 50];
/** Sessions the load rotates through: enough that no one row is the whole load. */
const LEARNER_SESSIONS = 20;
const PAGES_ONLY = process.argv.includes('--pages-only');
/** Server logs and CPU profiles: outside the project, so they are never committed. */
const LOGS = path.join(os.tmpdir(), 'pathways-bench');

const began = Date.now();
const say = (what: string) => console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${what}`);

/** The node flags `npm start` runs the server with, so the bench measures the process as production runs it. */
function productionNodeFlags(): string[] {
  const start: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start;
  return start.split(' ').filter((word) => word.startsWith('--'));
}

function serverArgs(): string[] {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${LOGS}`] : [];
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? productionNodeFlags();
  return [...profile, ...flags, process.env.BENCH_SERVER ?? path.join(ROOT, 'dist', 'src', 'server.js')];
}

const serverEnv = {
  NODE_ENV: 'production',
  DATABASE_URL,
  ...BENCH_SECRETS,
  // As behind a TLS-terminating proxy in production: the bench says https in X-Forwarded-Proto.
  TRUST_PROXY: 'true',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
  PUBLIC_URL: `http://127.0.0.1:${PORT}`,
};

async function startServer(which: string): Promise<Started> {
  return startProcess(serverArgs(), serverEnv, PORT, '/readyz', path.join(LOGS, `server-${which}.log`));
}

async function signInLearners(base: string, data: BenchData): Promise<SignedInLearner[]> {
  const signedIn: SignedInLearner[] = [];
  for (const learner of data.learners.slice(0, LEARNER_SESSIONS)) {
    const client = await learnerSignIn(base, learner.accessCode, BENCH_PASSWORD);
    signedIn.push({ client, learner, csrf: await client.token('/learn') });
  }
  return signedIn;
}

async function load(server: Started, data: BenchData): Promise<Measurement[]> {
  const learners = await signInLearners(server.url, data);
  const police = await Promise.all(data.police.map((p) => policeSignIn(server.url, p.email, BENCH_PASSWORD)));
  const pairs = data.apiKeys.map(({ key, forceId }, i) => {
    const ids = data.publicIds.get(forceId)!;
    return { key, publicId: ids[i % ids.length]! };
  });
  say(`signed in ${learners.length} learners and ${police.length} police officers; starting the baseline`);
  const baseline = await startProcess(baselineArgs, { NODE_ENV: 'production' }, PORT + 1, '/', path.join(LOGS, 'baseline.log'));
  const only = process.env.BENCH_SCENARIOS?.split(',').filter(Boolean);
  const scenarios = [learnerStepScenario(learners), answerPostScenario(learners), policeListScenario(police), apiScenario(pairs)].filter(
    (scenario) => !only || only.some((word) => scenario.name.includes(word)),
  );
  const results: Measurement[] = [];
  try {
    const queries = await roundTrips(DATABASE_URL, scenarios);
    say(`database round trips per request: ${[...queries].map(([name, count]) => `${name} ${count}`).join(', ')}`);
    for (const connections of CONNECTIONS) {
      results.push(await measure(baseline.url, baseline.child.pid!, baselineScenario(), connections, SECONDS));
      say(`baseline at ${connections}: ${results.at(-1)!.rps.toFixed(0)} req/s, ${results.at(-1)!.cpuMsPerRequest.toFixed(3)} CPU ms/request`);
      for (const scenario of scenarios) {
        results.push({ ...(await measure(server.url, server.child.pid!, scenario, connections, SECONDS)), queries: queries.get(scenario.name) });
        const m = results.at(-1)!;
        say(`${scenario.name} at ${connections}: ${m.rps.toFixed(0)} req/s, p99 ${m.p99} ms, ${m.cpuMsPerRequest.toFixed(2)} CPU ms/request, RSS ${(m.rssKb / 1024).toFixed(0)} MB, ${m.statuses}`);
      }
    }
  } finally {
    await stopProcess(baseline.child);
  }
  return results;
}

async function main(): Promise<void> {
  if (!Number.isFinite(SECONDS) || SECONDS < 1) throw new Error('BENCH_DURATION must be a number of seconds, at least 1');
  if (!process.env.BENCH_SKIP_BUILD) {
    say('building (npm run build)');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  say(`making ${new URL(DATABASE_URL).pathname.slice(1)} afresh`);
  await freshDatabase(DATABASE_URL);
  // The first start migrates the empty database, imports the course library and makes pg-boss's tables.
  const first = await startServer('first');
  say(`first start (empty database: migrations, course import) ready in ${(first.readyMs / 1000).toFixed(2)} s`);
  await stopProcess(first.child);
  const data = await seed(DATABASE_URL);
  say('seeded: 10,000 referrals across 4 forces, 1,000 learners mid-course');
  const server = await startServer('run');
  say(`restart on the seeded database ready in ${(server.readyMs / 1000).toFixed(2)} s`);
  const results: RunResults = { seconds: SECONDS, nodeFlags: serverArgs().filter((arg) => arg.startsWith('--') && !arg.startsWith('--cpu-prof')), load: [], readyMs: { first: first.readyMs, restart: server.readyMs } };
  try {
    if (!PAGES_ONLY) {
      results.load = await load(server, data);
    }
    say('weighing learner pages');
    results.pages = await pageWeights(server.url, data);
    say('running Lighthouse on a learner step page');
    const learner = data.learners[LEARNER_SESSIONS] ?? data.learners[0]!;
    const client = await learnerSignIn(server.url, learner.accessCode, BENCH_PASSWORD);
    const stepUrl = `${server.url}/learn/courses/${learner.course.id}/steps/${savedStep(learner)}`;
    results.lighthouse = await lighthouse(stepUrl, { ...FORWARDED, Cookie: client.cookie });
    results.rssPeakKb = memoryKb(server.child.pid!, 'VmHWM');
  } finally {
    await stopProcess(server.child);
  }

  // The page-weight and Lighthouse run prints its part; bench/results.md keeps the last full run.
  console.log(`\n${PAGES_ONLY ? markdown(results) : writeResults(results)}\n`);
  const missed = budgets(results).filter((b) => !b.met);
  console.log(missed.length ? `${missed.length} budget(s) missed: see README, Performance` : 'Every budget met.');
  say(PAGES_ONLY ? 'done' : 'done (table written to bench/results.md)');
  if (missed.length && process.env.BENCH_STRICT) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
