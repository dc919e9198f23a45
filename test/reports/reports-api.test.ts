import request from 'supertest';
import { createTestContext, type TestContext } from '../support/test-app';
import { buildCohort, TODAY } from './fixture';

let context: TestContext;
let northKey: string;
let southKey: string;
let forces: { north: number; south: number };

const api = (path: string, key = northKey) => request(context.app).get(path).set('authorization', `Bearer ${key}`);

beforeAll(async () => {
  context = await createTestContext({}, { clock: { now: () => TODAY } });
  forces = await buildCohort(context.db);
  northKey = await context.services.forces.createApiKey(forces.north, 'North case system', null);
  southKey = await context.services.forces.createApiKey(forces.south, 'South case system', null);
});
afterAll(() => context.close());

describe('reports through the API', () => {
  test('when a force asks for the period report, then it gets its own figures as JSON', async () => {
    const response = await api('/api/v1/reports/period?from=2026-03-01&to=2026-03-31').expect(200);
    expect(response.body).toMatchObject({ from: '2026-03-01', to: '2026-03-31', asOf: '2027-10-15' });
    expect(response.body.summary).toEqual({
      received: 8, started: 7, completed: 5, completedLate: 2, completionRate: 0.625, withdrawn: 1, overdue: 2, medianDaysToCompletion: 29, attitudeResponseRate: 8 / 11,
    });
    expect(response.body.byDisposal[1]).toEqual({
      disposal: 'conditional_caution', label: 'Conditional Caution', received: 2, started: 2, completed: 1, completedLate: 0, completionRate: 0.5, withdrawn: 0, overdue: 1,
    });
    expect(response.body.allCourses).toMatchObject({ course: null, enrolments: 11, completions: 8, attitudeResponses: 8, attitude: { positive: 5, neutral: 2, negative: 1 } });
  });

  test('when a force asks for the evaluation report, then it gets compliance and re-offending bands as JSON', async () => {
    const response = await api('/api/v1/reports/evaluation?from=2026-03-01&to=2026-03-31').expect(200);
    expect(response.body.total).toEqual({
      issued: 8, complied: 3, complianceRate: 0.375, completedLate: 2, withdrawn: 1,
      bands: [
        { band: '0-6', reoffended: 1, reoffendedRate: 0.125, notReoffended: 5, notChecked: 2 },
        { band: '6-12', reoffended: 2, reoffendedRate: 0.25, notReoffended: 3, notChecked: 2 },
        { band: '12-18', reoffended: 1, reoffendedRate: 0.125, notReoffended: 1, notChecked: 3 },
      ],
    });
    expect(response.body.byCompliance.complied).toMatchObject({ issued: 3, complied: 3 });
    expect(response.body.attitudeByCourse).toHaveLength(3);
  });

  test('when another force’s key asks, or the address names a force, then only the key’s force is counted', async () => {
    const south = await api(`/api/v1/reports/evaluation?from=2026-03-01&to=2026-03-31&force=${forces.north}&forceId=${forces.north}`, southKey).expect(200);
    expect(south.body.total).toMatchObject({ issued: 2, complied: 1, withdrawn: 1 });
    const period = await api('/api/v1/reports/period?from=2026-03-01&to=2026-03-31&force=all', southKey).expect(200);
    expect(period.body.summary.received).toBe(2);
  });

  test('when the dates are missing or wrong, then it is 400 naming each field', async () => {
    const missing = await api('/api/v1/reports/period').expect(400);
    expect(missing.body).toEqual({
      error: 'validation_failed',
      message: 'Some query parameters need correcting',
      details: [
        { path: 'from', message: 'Enter the first date (from), as YYYY-MM-DD' },
        { path: 'to', message: 'Enter the last date (to), as YYYY-MM-DD' },
      ],
    });
    const wrong = await api('/api/v1/reports/evaluation?from=2026-02-30&to=2026-03-31').expect(400);
    expect(wrong.body.details).toEqual([{ path: 'from', message: 'from must be a real date as YYYY-MM-DD, like 2026-10-01' }]);
    const backwards = await api('/api/v1/reports/evaluation?from=2026-03-31&to=2026-03-01').expect(400);
    expect(backwards.body.details).toEqual([{ path: 'to', message: 'to must be the same as or after from' }]);
    const tooLong = await api('/api/v1/reports/evaluation?from=2000-01-01&to=2026-03-01').expect(400);
    expect(tooLong.body.details).toEqual([{ path: 'to', message: 'A report covers at most 10 years' }]);
    const twice = await api('/api/v1/reports/period?from=2026-03-01&from=2026-03-02&to=2026-03-31').expect(400);
    expect(twice.body.details[0].path).toBe('from');
  });

  test('when there is no key, then it is 401; the API description lists both reports', async () => {
    await request(context.app).get('/api/v1/reports/period?from=2026-03-01&to=2026-03-31').expect(401);
    const doc = await request(context.app).get('/api/v1/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/reports/period', '/api/v1/reports/evaluation']));
  });
});
