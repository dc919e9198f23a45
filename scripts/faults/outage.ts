/**
 * PostgreSQL stopped and started under load (the run's own cluster only). While it is away the
 * server must answer 503 on /readyz and on pages, and stay up; once it is back the server must
 * answer again by itself, with no restart (the same process id before and after).
 */
import { Client, current, sleep } from './client';
import { startCluster, stopCluster } from './cluster';
import { alive, type RunningServer } from './server';

const AWAY_MS = 5_000;
const RECOVERY_TIMEOUT_MS = 30_000;
/** Requests sent while the database was away may be answered just after it is back. */
const IN_FLIGHT_GRACE_MS = 1_000;

export interface OutageResult {
  /** Probe answers while the database was away, by "path status". */
  probes: Map<string, number>;
  /** Probe answers that were not 503 (a 500, a 200 from a page that needs the database, no answer). */
  unexpected: string[];
  stayedUp: boolean;
  samePid: boolean;
  /** From starting PostgreSQL again to /readyz answering 200, and a page answering 200. */
  recoveryMs?: number;
}

async function probe(client: Client, path: string): Promise<string> {
  try {
    return String((await client.request(path)).status);
  } catch {
    return 'no answer';
  }
}

/** `page` is a page that reads the database for a signed-in learner (its client carries the cookie). */
export async function databaseOutage(server: RunningServer, page: { client: Client; path: string }): Promise<OutageResult> {
  const anonymous = new Client(server.url);
  const result: OutageResult = { probes: new Map(), unexpected: [], stayedUp: true, samePid: true };
  const note = (what: string) => result.probes.set(what, (result.probes.get(what) ?? 0) + 1);

  current.phase = 'outage';
  stopCluster();
  const until = Date.now() + AWAY_MS;
  while (Date.now() < until) {
    for (const [client, path] of [[anonymous, '/readyz'], [page.client, page.path]] as const) {
      const status = await probe(client, path);
      note(`${path} ${status}`);
      if (status !== '503') result.unexpected.push(`${path} answered ${status} while the database was away`);
    }
    if (!alive(server)) break;
    await sleep(100);
  }
  result.stayedUp = alive(server);

  const restartedAt = Date.now();
  startCluster();
  while (Date.now() - restartedAt < RECOVERY_TIMEOUT_MS && alive(server)) {
    if ((await probe(anonymous, '/readyz')) === '200' && (await probe(page.client, page.path)) === '200') {
      result.recoveryMs = Date.now() - restartedAt;
      break;
    }
    await sleep(100);
  }
  await sleep(IN_FLIGHT_GRACE_MS);
  current.phase = 'normal';
  result.stayedUp &&= alive(server);
  result.samePid = result.stayedUp && server.child.pid === server.pid;
  return result;
}
