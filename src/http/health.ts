import { Router } from 'express';
import type { Database } from '../db/database';

/** Takes the services object like every router; the kernel names only the part it reads (the database). */
export function healthRoutes({ db }: { db: Database }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await db.raw('select 1');
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
