/**
 * The load: each scenario is one request template that autocannon repeats, rotating through
 * several signed-in sessions (or API keys) so no single session or key is the whole load.
 */
import autocannon from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';
import { type BenchClient, FORWARDED } from './client';
import { cpuMs, sampleRss } from './processes';
import { formFor, type BenchLearner } from './seed';

export interface Scenario {
  name: string;
  /** The status every response should have; anything else is counted as unexpected. */
  expected: number;
  method: 'GET' | 'POST';
  /** One request's path, headers and body; called for each request in turn. */
  next(): { path: string; headers: IncomingHttpHeaders; body?: string };
  /** How many different requests next() goes round (sessions or API keys). */
  rotation: number;
}

export interface Measurement {
  scenario: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  unexpected: number;
  statuses: string;
  /** Server CPU time per request: steadier than req/s when other work shares the machine. */
  cpuMsPerRequest: number;
  /** The process's peak resident memory while this scenario ran, kB. */
  rssKb: number;
  /** Database statements per request (see round-trips.ts). */
  queries?: number;
}

function rotating<T>(items: T[]): { next: () => T; rotation: number } {
  let i = 0;
  return { next: () => items[i++ % items.length]!, rotation: items.length };
}

export function baselineScenario(): Scenario {
  return { name: 'baseline: Express res.send(\'ok\')', expected: 200, method: 'GET', next: () => ({ path: '/', headers: {} }), rotation: 1 };
}

export interface SignedInLearner {
  client: BenchClient;
  learner: BenchLearner;
  csrf: string;
}

/** The last saved step with something to answer: a page with a form and the learner's answers in it. */
export function savedStep(learner: BenchLearner): number {
  const asked = learner.course.steps.filter((step) => step.number <= learner.savedSteps && step.parts.some((part) => part.kind === 'block'));
  return asked.at(-1)?.number ?? Math.max(1, learner.savedSteps);
}
const stepUrl = (learner: BenchLearner, step: number) => `/learn/courses/${learner.course.id}/steps/${step}`;

export function learnerStepScenario(learners: SignedInLearner[]): Scenario {
  const requests = rotating(learners.map(({ client, learner }) => ({ path: stepUrl(learner, savedStep(learner)), headers: { ...FORWARDED, cookie: client.cookie } })));
  return { name: 'learner step page (GET)', expected: 200, method: 'GET', ...requests };
}

/** Saving a step's answers again, as a learner who goes back and changes them does: a 303 to what comes next. */
export function answerPostScenario(learners: SignedInLearner[]): Scenario {
  const requests = rotating(
    learners.map(({ client, learner, csrf }) => {
      const step = learner.course.steps[savedStep(learner) - 1]!;
      return {
        path: stepUrl(learner, step.number),
        headers: { ...FORWARDED, cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...formFor(step) }).toString(),
      };
    }),
  );
  return { name: 'save an answer (POST)', expected: 303, method: 'POST', ...requests };
}

export function policeListScenario(police: BenchClient[]): Scenario {
  const requests = rotating(police.map((client) => ({ path: '/referrals', headers: { ...FORWARDED, cookie: client.cookie } })));
  return { name: 'police referral list (GET)', expected: 200, method: 'GET', ...requests };
}

export function apiScenario(pairs: { key: string; publicId: string }[]): Scenario {
  const requests = rotating(pairs.map(({ key, publicId }) => ({ path: `/api/v1/referrals/${publicId}`, headers: { authorization: `Bearer ${key}`, accept: 'application/json' } })));
  return { name: 'referral API (GET)', expected: 200, method: 'GET', ...requests };
}

function run(url: string, scenario: Scenario, connections: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: scenario.method, setupRequest: (request) => ({ ...request, ...scenario.next() }) }],
  });
}

/** A short warm-up (not counted), then the measured run. */
export async function measure(url: string, pid: number, scenario: Scenario, connections: number, seconds: number): Promise<Measurement> {
  const rss = sampleRss(pid);
  await run(url, scenario, connections, 1);
  const cpuBefore = cpuMs(pid);
  const result = await run(url, scenario, connections, seconds);
  const cpu = cpuMs(pid) - cpuBefore;
  const rssKb = rss.stop();
  const stats = Object.entries(result.statusCodeStats ?? {}).map(([status, { count = 0 }]) => [status, count] as const);
  const expected = stats.find(([status]) => Number(status) === scenario.expected)?.[1] ?? 0;
  const total = stats.reduce((sum, [, count]) => sum + count, 0);
  return {
    scenario: scenario.name,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    unexpected: total - expected + result.errors,
    statuses: stats.map(([status, count]) => `${status}×${count}`).join(' '),
    cpuMsPerRequest: total > 0 ? cpu / total : 0,
    rssKb,
  };
}
