/**
 * Database round trips per request, counted exactly: the app built in this process from the
 * sources, on the bench database with the same secrets (so the load's sessions work here too),
 * every pg query counted. Unlike req/s, this does not move when other work shares the machine.
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDatabase } from '../src/db/database';
import { createLogger } from '../src/logger';
import { services } from '../src/services';
import type { Scenario } from './load';
import { BENCH_SECRETS } from './seed';

export async function roundTrips(databaseUrl: string, scenarios: Scenario[]): Promise<Map<string, number>> {
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, ...BENCH_SECRETS, TRUST_PROXY: 'true', LOG_LEVEL: 'silent' });
  const db = createDatabase({ databaseUrl });
  // No job workers: none of the scenarios enqueues a job, and the sweep's queries would be counted.
  const app = createApp(services(db, config, createLogger('silent'), { background: false }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let queries = 0;
  const query = pg.Client.prototype.query;
  // Every statement, knex's and the session store's, goes through pg's Client.query.
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: Parameters<typeof query>) {
    queries += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const counts = new Map<string, number>();
  try {
    for (const scenario of scenarios) {
      const once = async () => {
        const request = scenario.next();
        const response = await fetch(`${base}${request.path}`, { method: scenario.method, headers: request.headers as Record<string, string>, body: request.body, redirect: 'manual' });
        await response.arrayBuffer();
        if (response.status !== scenario.expected) throw new Error(`${scenario.name}: ${response.status} while counting round trips`);
      };
      // Once round first: a session's first request here writes its expiry, a key's first use notes
      // the time; under load neither happens again within the minute. Then once round, counted.
      for (let i = 0; i < scenario.rotation; i += 1) await once();
      queries = 0;
      for (let i = 0; i < scenario.rotation; i += 1) await once();
      counts.set(scenario.name, queries / scenario.rotation);
    }
  } finally {
    pg.Client.prototype.query = query;
    server.close();
    await db.destroy();
  }
  return counts;
}
