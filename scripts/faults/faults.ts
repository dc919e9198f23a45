/**
 * The faults, in order, while autocannon loads the server and the learners complete their courses:
 * SIGKILL at about a third of all steps, PostgreSQL stopped and started at a half, SIGKILL again
 * at three quarters (with learners at their attitude tests). The server is restarted after each
 * kill on the same port and database; the learners carry on, signing in again if they must.
 */
import { FORWARDED, sleep } from './client';
import { acknowledged, Learner } from './learner';
import { BackgroundLoad, type LoadRequest } from './load';
import { databaseOutage, type OutageResult } from './outage';
import type { SeededLearner } from './seed';
import { type Exit, killServer, type RunningServer } from './server';

const WALK_TIMEOUT_MS = 150_000;

export interface Crash {
  atSteps: number;
  exit: Exit;
  restartMs: number;
}

export interface FaultRun {
  server: RunningServer;
  crashes: Crash[];
  outage?: OutageResult;
  load: BackgroundLoad;
  totalSteps: number;
  walkMs: number;
}

interface Options {
  /** The server, started and seeded. */
  server: RunningServer;
  /** Starts it again after a kill (same port, same database). */
  restart: () => Promise<RunningServer>;
  walkers: SeededLearner[];
  loaders: SeededLearner[];
  connections: number;
  say: (what: string) => void;
}

async function until(condition: () => boolean, what: string, deadline: number): Promise<void> {
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Signed-in pages for the load: each load learner's "My courses" and the first step of their course. */
async function loadRequests(url: string, loaders: SeededLearner[], deadline: number): Promise<{ requests: LoadRequest[]; first: Learner }> {
  const requests: LoadRequest[] = [];
  const signedIn: Learner[] = [];
  for (const person of loaders) {
    const learner = new Learner(url, person, deadline);
    await learner.signIn();
    const course = `/learn/courses/${person.courses[0]!.courseId}`;
    await learner.client.submit(`${course}/start`, {});
    const headers = { ...FORWARDED, cookie: learner.client.cookie, accept: 'text/html' };
    requests.push({ path: '/learn', headers }, { path: `${course}/steps/1`, headers });
    signedIn.push(learner);
  }
  return { requests, first: signedIn[0]! };
}

export async function runFaults(options: Options): Promise<FaultRun> {
  const { walkers, say } = options;
  const deadline = Date.now() + WALK_TIMEOUT_MS;
  let server = options.server;
  const { requests, first } = await loadRequests(server.url, options.loaders, deadline);
  const load = new BackgroundLoad(server.url, requests, options.connections);
  load.start();

  const totalSteps = walkers.reduce((sum, person) => sum + person.courses.reduce((n, course) => n + course.steps.length, 0), 0);
  const started = Date.now();
  const learners = walkers.map((person) => new Learner(server.url, person, deadline));
  let walkError: unknown;
  // Staggered, so that at any moment some are signing in, some mid-course, some finishing.
  const walking = Promise.all(learners.map((learner, i) => sleep(i * 200).then(() => learner.walk(() => Math.random() * 40)))).catch((error: unknown) => {
    walkError = error;
  });
  const failedOrAt = (share: number) => () => walkError !== undefined || acknowledged.steps.size >= share * totalSteps;
  say(`${walkers.length} learners walking ${totalSteps} steps under autocannon (${options.connections} connections)`);

  const crashes: Crash[] = [];
  const crash = async () => {
    const atSteps = acknowledged.steps.size;
    const exited = killServer(server);
    // autocannon reconnects at once to a closed port: stop it as soon as the signal is sent.
    await load.stop();
    const exit = await exited;
    const before = performance.now();
    server = await options.restart();
    crashes.push({ atSteps, exit, restartMs: performance.now() - before });
    load.start();
    say(`SIGKILL at ${atSteps}/${totalSteps} acknowledged steps; restarted (ready in ${(crashes.at(-1)!.restartMs / 1000).toFixed(1)} s)`);
  };

  await until(failedOrAt(0.3), 'a third of the steps', deadline);
  if (!walkError) await crash();
  await until(failedOrAt(0.5), 'half of the steps', deadline);
  let outage: OutageResult | undefined;
  if (!walkError) {
    say(`stopping PostgreSQL at ${acknowledged.steps.size}/${totalSteps} acknowledged steps`);
    outage = await databaseOutage(server, { client: first.client, path: '/learn' });
    say(`PostgreSQL back; the server ${outage.recoveryMs === undefined ? 'did NOT recover' : `recovered in ${(outage.recoveryMs / 1000).toFixed(1)} s`}`);
  }
  const finishing = () => walkError !== undefined || (failedOrAt(0.75)() && acknowledged.completions.size > 0);
  await until(finishing, 'three quarters of the steps and a completion', deadline);
  if (!walkError) await crash();

  await walking;
  await load.stop();
  if (walkError) throw walkError;
  const walkMs = Date.now() - started;
  say(`every learner has completed every course (${(walkMs / 1000).toFixed(0)} s)`);
  return { server, crashes, outage, load, totalSteps, walkMs };
}
