import fs from 'node:fs';
import path from 'node:path';
import { assetsBuilt, buildAssets } from '../../scripts/build-assets';
import { createDatabase, migrateToLatest } from '../../src/db/database';
import { jobQueue } from '../../src/jobs/queue';
import { createLogger } from '../../src/logger';
import { TEMPLATE_DUMP } from './database';

/** Migrates one embedded database and dumps it: each test file loads the dump (~0.5 s) instead. */
export default async function globalSetup(): Promise<void> {
  // Pages link to the generated CSS and JavaScript by content hash: on a fresh clone (no `npm run build` yet)
  // they are built here once, so `npm test` works straight after `npm ci`.
  const projectRoot = path.resolve(__dirname, '../..');
  if (!assetsBuilt(projectRoot)) buildAssets(projectRoot);
  if (process.env.TEST_DATABASE_URL) return;
  const db = createDatabase({});
  await migrateToLatest(db);
  // pg-boss's tables too, so no test file waits for them to be made.
  const jobs = jobQueue(db, createLogger('silent'), { embedded: true, background: false });
  await jobs.start();
  await jobs.stop();
  const connection = await db.client.acquireConnection();
  const dump: Blob = await connection.dumpDataDir('gzip');
  await db.client.releaseConnection(connection);
  fs.writeFileSync(TEMPLATE_DUMP, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
}
