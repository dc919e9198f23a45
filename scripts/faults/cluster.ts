/**
 * The fault run's own PostgreSQL: a throwaway cluster ("15 faults", port 5433), made at the start,
 * stopped and started as a fault, and dropped at the end. Every command names this cluster, so the
 * shared server (5432) is never touched. Needs root (or the postgres user) for pg_createcluster.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import knex from 'knex';

const VERSION = '15';
const NAME = 'faults';
export const CLUSTER_PORT = Number(process.env.FAULTS_PG_PORT ?? 5433);
const DATABASE = 'pathways_faults';

export const DATABASE_URL = `postgres://postgres@127.0.0.1:${CLUSTER_PORT}/${DATABASE}`;
const MAINTENANCE_URL = `postgres://postgres@127.0.0.1:${CLUSTER_PORT}/postgres`;

/** Trust for local and loopback connections only: the cluster lives for one run and holds test data. */
const HBA = ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host all all ::1/128 trust', ''].join('\n');

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function exists(): boolean {
  return run('pg_lsclusters', ['--no-header']).split('\n').some((line) => {
    const [version, name] = line.trim().split(/\s+/);
    return version === VERSION && name === NAME;
  });
}

export function dropCluster(): void {
  if (exists()) run('pg_dropcluster', [VERSION, NAME, '--stop']);
}

/** Makes the cluster afresh (dropping one left by an interrupted run), starts it and makes the database. */
export async function createCluster(): Promise<void> {
  if (CLUSTER_PORT === 5432) throw new Error('Refusing to use port 5432: that is the shared server.');
  dropCluster();
  run('pg_createcluster', [VERSION, NAME, '-p', String(CLUSTER_PORT)]);
  fs.writeFileSync(`/etc/postgresql/${VERSION}/${NAME}/pg_hba.conf`, HBA);
  startCluster();
  const admin = knex({ client: 'pg', connection: MAINTENANCE_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`create database ${DATABASE}`);
  } finally {
    await admin.destroy();
  }
}

/** A fast shutdown, as when the database server is restarted: sessions are ended, clients see errors. */
export function stopCluster(): void {
  run('pg_ctlcluster', [VERSION, NAME, 'stop', '-m', 'fast']);
}

export function startCluster(): void {
  run('pg_ctlcluster', [VERSION, NAME, 'start']);
}
