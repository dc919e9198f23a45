import type { RequestHandler, Response } from 'express';
import { type IncrementResponse, type Options, rateLimit, type Store } from 'express-rate-limit';
import type { Clock } from '../time/clock';
import type { Database } from '../db/database';

/**
 * express-rate-limit's counts kept in the database (`rate_limit_hits`), so every server shares one
 * ceiling and a restart does not clear it. The published PostgreSQL stores open their own pg
 * connection and run their own migrations, which the embedded database cannot give: this one goes
 * through knex, one statement a hit. A row is a fixed window from its first hit.
 */
class DatabaseStore implements Store {
  localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = this.clock.now();
    const { rows } = await this.db.raw<{ rows: { hits: number; resets_at: Date }[] }>(
      `insert into rate_limit_hits as r (key, hits, resets_at) values (:key, 1, :resetsAt)
       on conflict (key) do update set
         hits = case when r.resets_at <= :now then 1 else r.hits + 1 end,
         resets_at = case when r.resets_at <= :now then excluded.resets_at else r.resets_at end
       returning hits, resets_at`,
      { key: this.prefix + key, now, resetsAt: new Date(now.getTime() + this.windowMs) },
    );
    const row = rows[0]!;
    return { totalHits: Number(row.hits), resetTime: new Date(row.resets_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.db('rate_limit_hits').where({ key: this.prefix + key }).where('hits', '>', 0).decrement('hits', 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.db('rate_limit_hits').where({ key: this.prefix + key }).del();
  }
}

export interface AddressLimit {
  /** Names the ceiling's rows; two ceilings never share a name. */
  name: string;
  limit: number;
  windowMinutes: number;
  /** The page to answer with once over the ceiling (by default a plain 429). */
  tooMany?: (res: Response) => void;
}

/** Ceilings per client address, shared by every server through the database. */
export function rateLimits(db: Database, clock: Clock) {
  return {
    perAddress({ name, limit, windowMinutes, tooMany }: AddressLimit): RequestHandler {
      return rateLimit({
        windowMs: windowMinutes * 60_000,
        limit,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        store: new DatabaseStore(db, clock, `${name}:`),
        ...(tooMany ? { handler: (_req, res) => tooMany(res) } : {}),
      });
    },

    /** Windows that have ended: nothing reads them again. */
    async forgetEnded(): Promise<number> {
      return db('rate_limit_hits').where('resets_at', '<=', clock.now()).del();
    },
  };
}

export type RateLimits = ReturnType<typeof rateLimits>;
