import { PgBoss, type Job, type QueueOptions } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { knexAdapter } from './knex-adapter';

/** A notification (email or webhook) to send: one job per delivery row. */
export const DELIVER = 'deliver';
/** The sweep that marks referrals overdue and sends reminders. */
export const DEADLINES = 'deadlines';

const DAY_SECONDS = 24 * 60 * 60;
/** Deliveries fetched together and sent side by side: each one is bounded by its own timeout. */
const DELIVERY_BATCH = 5;

/**
 * Retries with exponential backoff from 30 s, capped at an hour between tries. The delivery
 * itself gives up once its first attempt is 24 hours old; the limit here only has to outlast that.
 */
export const DELIVERY_RETRIES: QueueOptions = {
  retryLimit: 40,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 60 * 60,
  expireInSeconds: 120,
  retentionSeconds: 2 * DAY_SECONDS,
};

export interface Handlers {
  deliver(deliveryId: number): Promise<void>;
  sweepDeadlines(): Promise<void>;
}

/** pg-boss on the application's own database, through knex so both engines behave alike. */
export function jobQueue(db: Database, logger: Logger, { embedded, background }: { embedded: boolean; background: boolean }) {
  const boss = new PgBoss({
    db: knexAdapter(db),
    backend: embedded ? 'pglite' : 'postgres',
    schema: 'pgboss',
    // Maintenance and the cron clock run in the server; tests drive the work themselves.
    supervise: background,
    schedule: background,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  let started = false;
  let working = false;

  return {
    /** Installs or upgrades pg-boss's tables and the queues. Needed before anything is enqueued. */
    async start(): Promise<void> {
      if (started) return;
      await boss.start();
      await boss.createQueue(DELIVER, DELIVERY_RETRIES);
      await boss.createQueue(DEADLINES, { retryLimit: 1, expireInSeconds: 600 });
      started = true;
    },

    /** Adds a job inside the caller's transaction: it exists exactly when the change that caused it does. */
    async enqueueDelivery(trx: Database, deliveryId: number): Promise<void> {
      await boss.send(DELIVER, { deliveryId }, { db: knexAdapter(trx) });
    },

    /** Starts the workers once; a later call (a test that needs them, whoever started them) does nothing. */
    async startWorkers(handlers: Handlers, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
      if (working) return;
      working = true;
      const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
      // One delivery a job, so a failing webhook is retried on its own and never holds back others.
      // pg-boss 12 fetches once per polling interval unless a full batch asks it to fetch again at
      // once: with one job a fetch, deliveries went out one every 2 s however many were waiting
      // (npm run faults: 20 learners' notifications took minutes). So a few jobs a fetch, sent side
      // by side, each settled on its own (perJobResults), and fetched again while batches come full.
      await boss.work(
        DELIVER,
        { pollingIntervalSeconds, batchSize: DELIVERY_BATCH, burstWhenBatchFull: true, perJobResults: true },
        async (jobs: Job<{ deliveryId: number }>[]) =>
          Promise.all(
            jobs.map(async (job) => {
              try {
                await handlers.deliver(job.data.deliveryId);
                return { id: job.id, status: 'completed' as const };
              } catch (error) {
                return { id: job.id, status: 'failed' as const, output: { message: error instanceof Error ? error.message : String(error) } };
              }
            }),
          ),
      );
      await boss.work(DEADLINES, { pollingIntervalSeconds }, () => handlers.sweepDeadlines());
      if (background) await boss.schedule(DEADLINES, '*/10 * * * *', null, { tz: 'Europe/London' });
      await boss.send(DEADLINES, null);
    },

    async stop(): Promise<void> {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}

export type JobQueue = ReturnType<typeof jobQueue>;
