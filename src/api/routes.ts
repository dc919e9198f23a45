import path from 'node:path';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { isRowId } from '../http/row-id';
import { PROJECT_ROOT } from '../paths';
import { PersonalDataRemoved, refuseIfAnonymised } from '../referrals/anonymised';
import { disposalToApi, type Referral } from '../referrals/model';
import { type ReferralService, ReferralProblem } from '../referrals/service';
import { rangeSchema } from '../reports/range';
import type { Services } from '../services';
import { reoffendingCheckRules } from '../referrals/input';
import { referralFromApi, toDetails, withdrawSchema } from './input';
import { fieldErrors } from '../forms/field-errors';

export const API_REQUESTS_PER_MINUTE = 600;
const PAGE_SIZE = 50;

interface ApiLocals {
  forceId: number;
  keyId: number;
}

/** Every API error has one shape: `{ error, message, details? }`. */
export function apiError(res: Response, status: number, error: string, message: string, details?: { path: string; message: string }[]) {
  res.status(status).json(details ? { error, message, details } : { error, message });
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

async function present(referrals: ReferralService, rows: Referral[]) {
  const courses = await referrals.courseProgress(rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.publicId,
    reference: row.reference,
    status: row.status,
    disposal: disposalToApi(row.disposalType),
    deadline: row.deadline,
    createdAt: iso(row.referredAt),
    updatedAt: iso(row.updatedAt),
    completedAt: iso(row.completedAt),
    completedLate: row.completedLate,
    courses: courses
      .filter((course) => course.referralId === row.id)
      .map(({ referralId: _, startedAt, completedAt, completedLate, ...course }) => ({
        ...course,
        startedAt: iso(startedAt),
        completedAt: iso(completedAt),
        completedLate,
      })),
  }));
}

/** The API for force case systems: JSON in and out, a force API key, only that force's referrals. */
export function apiRoutes(services: Services): Router {
  const { referrals, forces, config } = services;
  const router = Router();

  router.get('/api/v1/openapi.json', (_req, res) => {
    res.sendFile(path.join(PROJECT_ROOT, 'docs', 'openapi.json'));
  });

  router.use('/api/v1', async (req: Request, res: Response, next: NextFunction) => {
    const key = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const found = key ? await forces.forceForKey(key) : undefined;
    if (!found) {
      res.set('WWW-Authenticate', 'Bearer');
      return apiError(res, 401, 'unauthorized', 'Send a live force API key as "Authorization: Bearer <key>"');
    }
    res.locals.api = { forceId: found.forceId, keyId: found.keyId } satisfies ApiLocals;
    next();
  });
  router.use(
    '/api/v1',
    rateLimit({
      windowMs: 60_000,
      limit: API_REQUESTS_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (_req, res) => `key:${(res.locals.api as ApiLocals).keyId}`,
      handler: (_req, res) => apiError(res, 429, 'rate_limited', `Slow down: at most ${API_REQUESTS_PER_MINUTE} requests a minute per key`),
    }),
  );
  router.use('/api/v1', express.json({ limit: '100kb' }));
  router.use('/api/v1', (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && !req.is('application/json')) {
      return apiError(res, 400, 'invalid_json', 'Send a JSON body with Content-Type: application/json');
    }
    next();
  });

  const scope = (res: Response) => ({ forceId: (res.locals.api as ApiLocals).forceId });
  const actor = (res: Response) => ({ label: `Force system (API key ${(res.locals.api as ApiLocals).keyId})` });

  async function found(req: Request, res: Response): Promise<Referral | undefined> {
    const referral = await referrals.find(scope(res), String(req.params.id));
    if (!referral) apiError(res, 404, 'not_found', 'There is no referral with that id for your force');
    return referral;
  }

  router.post('/api/v1/referrals', async (req, res) => {
    const input = referralFromApi(req.body, services.clock.now());
    if ('details' in input) return apiError(res, 400, 'validation_failed', 'Some fields need correcting', input.details);
    try {
      const { referral, accessCode, created } = await referrals.create(scope(res).forceId, input.value, actor(res));
      const [view] = await present(referrals, [referral]);
      res.status(created ? 201 : 200).json({ ...view, accessCode, startUrl: `${config.publicUrl}/learn/first-sign-in` });
    } catch (error) {
      if (!(error instanceof ReferralProblem)) throw error;
      if (error.kind === 'conflict') return apiError(res, 409, 'conflict', `${error.message}, made with different details`);
      apiError(res, 400, 'validation_failed', 'Some fields need correcting', [{ path: error.field, message: error.message }]);
    }
  });

  router.get('/api/v1/referrals', async (req, res) => {
    const status = typeof req.query.status === 'string' ? req.query.status : undefined;
    const updatedSince = typeof req.query.updatedSince === 'string' ? new Date(req.query.updatedSince) : undefined;
    const cursor = typeof req.query.cursor === 'string' ? Number(Buffer.from(req.query.cursor, 'base64url').toString()) : undefined;
    const details = [];
    if (status && !['referred', 'in_progress', 'completed', 'overdue', 'withdrawn'].includes(status)) {
      details.push({ path: 'status', message: 'status must be one of referred, in_progress, completed, overdue, withdrawn' });
    }
    // Years the database can hold: 99999-01-01 is a JavaScript date, but PostgreSQL refused it with a 500.
    const year = updatedSince?.getUTCFullYear() ?? 2000;
    if (updatedSince && (Number.isNaN(updatedSince.getTime()) || year < 1 || year > 9999)) details.push({ path: 'updatedSince', message: 'updatedSince must be a date-time like 2026-11-01T00:00:00Z' });
    if (cursor !== undefined && !isRowId(cursor)) details.push({ path: 'cursor', message: 'cursor must be a nextCursor from an earlier page' });
    if (details.length > 0) return apiError(res, 400, 'validation_failed', 'Some query parameters need correcting', details);
    const rows = await referrals.list(scope(res), { status, updatedSince, after: cursor, limit: PAGE_SIZE + 1 });
    const page = rows.slice(0, PAGE_SIZE);
    const last = page.at(-1);
    res.json({
      items: await present(referrals, page),
      nextCursor: rows.length > PAGE_SIZE && last ? Buffer.from(String(last.id)).toString('base64url') : null,
    });
  });

  router.get('/api/v1/referrals/:id', async (req, res) => {
    const referral = await found(req, res);
    if (referral) res.json((await present(referrals, [referral]))[0]);
  });

  router.post('/api/v1/referrals/:id/withdraw', async (req, res) => {
    const referral = await found(req, res);
    if (!referral) return;
    try {
      // Before the body is checked: the problem that matters most is named first.
      refuseIfAnonymised(referral, 'withdraw');
      const parsed = withdrawSchema.safeParse(req.body ?? {});
      if (!parsed.success) return apiError(res, 400, 'validation_failed', 'Some fields need correcting', toDetails(fieldErrors(parsed.error)));
      await referrals.withdraw(referral, parsed.data.reason, actor(res));
    } catch (error) {
      if (error instanceof PersonalDataRemoved) return apiError(res, 409, 'personal_data_removed', error.message);
      if (error instanceof ReferralProblem) return apiError(res, 409, 'conflict', error.message);
      throw error;
    }
    const updated = await referrals.find(scope(res), referral.publicId);
    res.json((await present(referrals, [updated!]))[0]);
  });

  router.post('/api/v1/referrals/:id/reoffending-checks', async (req, res) => {
    const referral = await found(req, res);
    if (!referral) return;
    // The same rules as the referral page: dates between the referral's day and today (the Clock's).
    const parsed = reoffendingCheckRules(services.clock.now(), referral).safeParse(req.body ?? {});
    if (!parsed.success) return apiError(res, 400, 'validation_failed', 'Some fields need correcting', toDetails(fieldErrors(parsed.error)));
    await referrals.recordReoffendingCheck(referral, parsed.data, actor(res));
    res.status(201).json({ referral: referral.publicId, ...parsed.data });
  });

  // Reports: the same figures as the report pages, for the key's own force only.
  for (const kind of ['period', 'evaluation'] as const) {
    router.get(`/api/v1/reports/${kind}`, async (req, res) => {
      const parsed = rangeSchema.safeParse({ from: req.query.from, to: req.query.to });
      if (!parsed.success) return apiError(res, 400, 'validation_failed', 'Some query parameters need correcting', toDetails(fieldErrors(parsed.error)));
      res.json(await services.reports[kind](scope(res), parsed.data));
    });
  }

  router.use('/api', (_req: Request, res: Response) => apiError(res, 404, 'not_found', 'There is no such API route'));
  return router;
}
