/**
 * SIGTERM during a burst of slow-ish requests (learner sign-ins: argon2 on purpose takes tens of
 * milliseconds each, and they queue for the thread pool). Every request the server had accepted
 * must get its whole answer; new connections must be refused; the process must exit 0.
 *
 * "Accepted" is read from the kernel just before the signal (`ss`): a connection the server process
 * holds. One still in the listen backlog, handshake done but not yet taken by a busy event loop,
 * is reset when the listening socket closes, as with any server: that is a refusal, not a drop.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { Client, csrfToken, FORWARDED, sleep } from './client';
import { LEARNER_PASSWORD, type SeededLearner } from './seed';
import type { Exit, RunningServer } from './server';

/** At most this long for the process to accept the burst's connections before the signal. */
const ACCEPT_WAIT_MS = 1_000;
const EXIT_TIMEOUT_MS = 25_000;

export interface DrainResult {
  sent: number;
  /** Answered before the signal, or held by the server process when it was sent. */
  accepted: number;
  /** Of those, still unanswered when the signal was sent. */
  inFlightAtSignal: number;
  /** Accepted requests answered in full (a 303 to /learn with its body read to the end). */
  completed: number;
  failures: string[];
  /** Milliseconds from the signal until a new connection was refused; undefined if it never was. */
  refusedAfterMs?: number;
  exit?: Exit;
  exitMs?: number;
}

interface Sent {
  /** The client side's port, to find the connection in `ss`. */
  port?: number;
  written: Promise<void>;
  answered: Promise<string | undefined>;
  done: boolean;
}

/** One sign-in on its own connection; `answered` resolves with a problem, or undefined if all is well. */
function send(url: URL, cookie: string, body: string): Sent {
  const sent = {} as Sent;
  const request = http.request({
    host: url.hostname,
    port: url.port,
    path: '/learn/sign-in',
    method: 'POST',
    agent: false,
    headers: { ...FORWARDED, cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
  });
  request.once('socket', (socket) => socket.once('connect', () => (sent.port = socket.localPort)));
  sent.written = new Promise((resolve) => request.once('finish', () => resolve()));
  sent.answered = new Promise((resolve) => {
    request.once('error', (error) => resolve(`no full answer: ${error.message}`));
    request.once('response', (response) => {
      response.resume();
      response.once('error', (error) => resolve(`answer cut off: ${error.message}`));
      response.once('end', () => {
        const ok = response.statusCode === 303 && response.headers.location === '/learn';
        resolve(ok ? undefined : `answered ${response.statusCode} ${response.headers.location ?? ''}`);
      });
    });
  }).finally(() => (sent.done = true)) as Promise<string | undefined>;
  request.end(body);
  return sent;
}

/** The client ports of the connections to `port` that process `pid` has accepted (it holds their sockets). */
function acceptedBy(pid: number, port: number): Set<number> {
  const lines = execFileSync('ss', ['-tnpH', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' }).split('\n');
  const owned = lines.filter((line) => line.includes(`pid=${pid},`));
  return new Set(owned.map((line) => Number(/\S+:(\d+)\s+users:/.exec(line)?.[1])));
}

/** Whether a new TCP connection is refused: the server has stopped listening. */
function refused(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Milliseconds until new connections are refused (the signal is handled on a busy event loop), if within the limit. */
async function refusedWithin(url: URL, limitMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await refused(url)) return performance.now() - started;
    await sleep(25);
  }
  return undefined;
}

export async function sigtermDrain(server: RunningServer, learners: SeededLearner[], burst: number): Promise<DrainResult> {
  const url = new URL(server.url);
  // Each request its own session and form token, fetched before the burst.
  const prepared: { cookie: string; body: string }[] = [];
  for (let i = 0; i < burst; i += 1) {
    const client = new Client(server.url);
    const page = await client.request('/learn/sign-in');
    const learner = learners[i % learners.length]!;
    const form = { _csrf: csrfToken(page.text) ?? '', accessCode: learner.accessCode, password: LEARNER_PASSWORD };
    prepared.push({ cookie: client.cookie, body: new URLSearchParams(form).toString() });
  }
  const sent = prepared.map(({ cookie, body }) => send(url, cookie, body));
  await Promise.all(sent.map((s) => s.written));
  // Give the process a moment to take the connections off its backlog, but signal while they are
  // still in its hands: when all are accepted, or as the first answer comes back.
  const until = performance.now() + ACCEPT_WAIT_MS;
  let held = acceptedBy(server.pid, Number(url.port));
  while (performance.now() < until && !sent.some((s) => s.done) && sent.some((s) => !held.has(s.port ?? -1))) {
    await sleep(10);
    held = acceptedBy(server.pid, Number(url.port));
  }
  const accepted = sent.filter((s) => s.done || (s.port !== undefined && held.has(s.port)));
  const inFlightAtSignal = accepted.filter((s) => !s.done).length;
  const signalledAt = performance.now();
  server.child.kill('SIGTERM');
  const refusedAfterMs = await refusedWithin(url, 5_000);

  await Promise.all(sent.map((s) => s.answered));
  const problems = await Promise.all(accepted.map((s) => s.answered));
  const failures = problems.filter((problem): problem is string => problem !== undefined);
  const exit = await Promise.race([server.exited, sleep(EXIT_TIMEOUT_MS).then(() => undefined)]);
  return {
    sent: sent.length,
    accepted: accepted.length,
    inFlightAtSignal,
    completed: accepted.length - failures.length,
    failures,
    refusedAfterMs,
    exit,
    exitMs: exit ? performance.now() - signalledAt : undefined,
  };
}
